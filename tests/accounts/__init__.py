"""Helpers for the accounts tests: small, explicit factories (the six partner families
exist on every database, created by a data migration)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hub.accounts.models import AccountProfile, AccreditationRequest, PartnerFamily

PASSWORD = "un-mot-de-passe-solide-2026"
BAILLEURS = "bailleurs-gestionnaires"
PSYCHIATRIE = "psychiatrie-publique"
SOCIAL = "social-medico-social"


def family(slug=BAILLEURS):
    return PartnerFamily.objects.select_related("group").get(slug=slug)


def make_user(
    username,
    *,
    families=(),
    referent_of=(),
    expires_in_days=200,
    superuser=False,
    active=True,
    profile=True,
):
    """An account in the groups of `families` (slugs), referent of `referent_of` (slugs)."""
    User = get_user_model()
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.split(".")[0].capitalize(),
        last_name="Test",
        is_active=active,
    )
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    for slug in (*families, *referent_of):
        user.groups.add(family(slug).group)
    for slug in referent_of:
        PartnerFamily.objects.filter(slug=slug).update(referent=user)
    if profile and not superuser:
        AccountProfile.objects.create(
            user=user,
            organisation="Organisation de test",
            job_role="Fonction de test",
            expires_on=timezone.localdate() + timedelta(days=expires_in_days),
        )
    return user


def request_data(**overrides):
    """What a person types in /compte/demande/."""
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille.martin@bailleur.example.org",
        "organisation": "Logirem",
        "job_role": "Chargée de gestion locative",
        "family": str(family(BAILLEURS).pk),
        "motivation": "Accéder aux procédures de signalement et aux contacts des CMP.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def make_request(slug=BAILLEURS, email="camille.martin@bailleur.example.org", **fields):
    values = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": email,
        "organisation": "Logirem",
        "job_role": "Chargée de gestion locative",
        "family": family(slug),
    }
    values.update(fields)
    return AccreditationRequest.objects.create(**values)


def snapshot():
    """Everything a referent's action could change, to check that nothing did."""
    from hub.accounts.models import AccreditationEvent

    User = get_user_model()
    return {
        "users": sorted(
            User.objects.values_list(
                "pk", "username", "is_active", "is_staff", "is_superuser", "password"
            )
        ),
        "groups": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "profiles": sorted(
            AccountProfile.objects.values_list("user_id", "expires_on", "last_reviewed_on")
        ),
        "requests": sorted(
            AccreditationRequest.objects.values_list("pk", "status", "reason", "account_id")
        ),
        "referents": sorted(PartnerFamily.objects.values_list("slug", "referent_id")),
        "events": AccreditationEvent.objects.count(),
    }
