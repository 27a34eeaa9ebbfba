"""Demo coordinators of the four instance spaces, and one working group reserved to its
members in a family space (issue 17). Idempotent: a second `load_demo` changes nothing.

The seeds name no coordinator, nor their function: the accounts say so with
`PLACEHOLDER`. The Metz seed says who carries the CLSM (fact `metz-copiloted`: « le
centre hospitalier de Jury (porteur du CLSM) »), which is the Metz coordinator's
organisation. The reserved working group rests on the Metz seed's reporting procedure
(facts `metz-objective-reporting`, `metz-model-form`).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from hub.accounts.models import AccountProfile
from hub.demo import sync
from hub.demo.load_spaces import ensure_document
from hub.demo.sources import PLACEHOLDER, fact, uses
from hub.demo.spaces import demo_document_text
from hub.demo.text import to_html

# Instance slug -> (login, organisation). The function is the seeds' silence.
COORDINATORS = {
    "clsm-metz": ("coordination.clsm-metz", fact("metz-copiloted").quote.split("et le ")[-1]),
    "rsml-marseille": ("coordination.rsml-marseille", f"Organisation {PLACEHOLDER}"),
    "clsm-paris-11-17-19": ("coordination.clsm-paris", f"Organisation {PLACEHOLDER}"),
    "comite-projet-grand-lyon": ("coordination.grand-lyon", f"Organisation {PLACEHOLDER}"),
}
COORDINATOR_ROLE = f"Coordination de l'instance, fonction {PLACEHOLDER} (compte de démonstration)"

RESERVED_GROUP = {
    "space": "famille-bailleurs-gestionnaires",
    "slug": "signalement-parc-hlm",
    "title": "Procédure de signalement et d'intervention dans le parc Hlm",
    "intro": (
        "Groupe de travail de démonstration, réservé à ses membres : il montre qu'un groupe "
        "peut avoir sa propre audience à l'intérieur d'un espace. Composition "
        f"{PLACEHOLDER}."
    ),
    "facts": uses("metz-objective-reporting", "metz-model-form"),
    "referent": "referent.bailleurs",
    "document": ("Fiche modèle de signalement (démo)", "fiche-modele-signalement.txt"),
}


def load_coordinators(instances, password):
    """One coordinator per instance that has a space, named by the demo administrator."""
    from hub.accounts.coordination import grant_coordination
    from hub.accounts.models import InstanceCoordination

    User = get_user_model()
    admin = User.objects.get(username="admin")
    rows = []
    for slug, (username, organisation) in COORDINATORS.items():
        instance = instances.get(slug)
        if instance is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@example.org")
        if user.pk is None or not user.check_password(password):
            user.set_password(password)
            user.save()
        if not AccountProfile.objects.filter(user=user).exists():
            today = timezone.localdate()
            AccountProfile.objects.create(
                user=user,
                organisation=organisation,
                job_role=COORDINATOR_ROLE,
                expires_on=today + timedelta(days=settings.MAILLAGE_ACCREDITATION_DAYS),
                last_reviewed_on=today,
            )
        current = InstanceCoordination.objects.filter(instance=instance).first()
        if current is None or current.coordinator_id != user.pk or current.editors_id is None:
            grant_coordination(instance, coordinator=user, actor=admin)
        elif not user.groups.filter(pk=instance.group_id).exists():
            user.groups.add(instance.group)
        rows.append((username, "coordinateur d'instance", instance.name))
    return rows


def load_reserved_group(track):
    """The family space's working group reserved to its members (its referent, who
    reserved it), with a meeting-free library whose document follows the group."""
    from hub.accounts.working_groups import set_reserved
    from hub.models import DocumentLibraryPage, PartnerSpacePage, WorkingGroupPage
    from hub.models.spaces import collection_for

    data = RESERVED_GROUP
    space = PartnerSpacePage.objects.filter(slug=data["space"]).first()
    referent = get_user_model().objects.filter(username=data["referent"]).first()
    if space is None or referent is None:
        return None
    group = track(
        sync.ensure_page(
            space,
            WorkingGroupPage,
            data["slug"],
            {
                "title": data["title"],
                "intro": data["intro"],
                "mandate": to_html(
                    [
                        (
                            "p",
                            fact("metz-objective-reporting").quote
                            + " (partenariat de Metz, 2018).",
                        )
                    ]
                ),
                "members": "ARELOR Hlm",
            },
        )
    )
    set_reserved(group, reserved=True, actor=referent)
    title, filename = data["document"]
    document = ensure_document(
        title,
        filename,
        demo_document_text(title, f"membres du groupe « {data['title']} »"),
        collection_for(group),
    )
    value = {"document": document.id, "description": fact("metz-model-form").quote}
    track(
        sync.ensure_page(
            group,
            DocumentLibraryPage,
            "documents",
            {
                "title": "Documents du groupe",
                "documents": lambda old: sync.stream(old, [("document", value)]),
            },
        )
    )
    return group
