"""The demo accounts: one per role, no names (the login says the role), one shared password,
each with its group, its accreditation profile, and the families' referents set."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from hub.accounts.models import AccountProfile

DEMO_PASSWORD = "maillage-demo-2026"

# One account per role that exists so far: an administrator, and a referent and a member
# for three of the six partner families. No names: the login says the role.
DEMO_ACCOUNTS = [
    ("admin", None, "administrateur"),
    ("referent.bailleurs", "bailleurs-gestionnaires", "référent"),
    ("membre.bailleurs", "bailleurs-gestionnaires", "membre"),
    ("referent.psychiatrie", "psychiatrie-publique", "référent"),
    ("membre.psychiatrie", "psychiatrie-publique", "membre"),
    ("referent.social", "social-medico-social", "référent"),
    ("membre.social", "social-medico-social", "membre"),
    ("membre.clsm-metz", "instance:clsm-metz", "membre d'instance"),
]


def load_accounts(families, instances):
    """The demo accounts, their groups, their profiles and the families' referents."""
    User = get_user_model()
    accounts = []
    for username, membership, role in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, email=f"{username}@example.org")
        is_admin = membership is None
        changed = created or user.is_superuser != is_admin or user.is_staff != is_admin
        user.is_superuser = user.is_staff = is_admin
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed = True
        if changed:
            user.save()
        if membership is None:
            accounts.append((username, role, "—"))
            continue
        if membership.startswith("instance:"):
            instance = instances[membership.removeprefix("instance:")]
            group, label, organisation = instance.group, instance.name, instance.name
        else:
            family = families[membership]
            group, label = family.group, family.name
            organisation = f"Organisation de démonstration ({family.name})"
            if role == "référent" and family.referent_id != user.id:
                family.referent = user
                family.save(update_fields=["referent"])
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        if not AccountProfile.objects.filter(user=user).exists():
            today = timezone.localdate()
            AccountProfile.objects.create(
                user=user,
                organisation=organisation,
                job_role=f"{role} (compte de démonstration)",
                expires_on=today + timedelta(days=settings.MAILLAGE_ACCREDITATION_DAYS),
                last_reviewed_on=today,
            )
        accounts.append((username, role, label))
    return accounts
