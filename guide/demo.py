"""Write the demo guide (see guide/demo_content.py), idempotently.

Called by `manage.py load_demo` inside its transaction, after the spaces, the directory
and the accounts (the families' referents exist by then). Pages go through
`hub.demo.sync.ensure_page`; every other row is written only when it differs, and the
edition « Édition 2026 » is frozen once: a second run writes nothing.
"""

import uuid
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Collection

from guide import demo_content as content
from guide.models import (
    GlossaryTerm,
    GuideChapterPage,
    GuideEdition,
    GuideIndexPage,
    GuidePartPage,
)
from guide.permissions import committee_group, editor_group, ensure_workflow
from hub.demo import sync
from hub.demo.load_spaces import ensure_document

REVIEWED_ON = date(2026, 1, 15)
EDITION_DATE = date(2026, 1, 31)
COLLECTION_NAME = "Guide : documents modèles"
COMMITTEE_LOGIN = "comite.suivi"
_NAMESPACE = uuid.UUID("6f1c1d2e-8f0a-4c57-9a7e-2b1d5f0c9e11")


def _item_id(*keys):
    """A stable id for a ListBlock item, so that the demo's raw data never changes."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(key) for key in keys)))


def _items(chapter_slug, name, values):
    return [
        {"type": "item", "value": value, "id": _item_id(chapter_slug, name, position)}
        for position, value in enumerate(values)
    ]


def _collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION_NAME).first()
    return collection or root.add_child(name=COLLECTION_NAME)


def _model_document():
    data = content.MODEL_DOCUMENT
    return ensure_document(data["title"], data["filename"], data["content"].encode(), _collection())


def _resolve(chapter_slug, blocks, document):
    """Replace the placeholders of demo_content by raw StreamField values."""
    resolved = []
    for block_type, value in blocks:
        if value == "MODEL_DOCUMENT":
            value = {
                "document": document.pk,
                "description": content.MODEL_DOCUMENT["description"],
            }
        elif block_type == "faq":
            rows = getattr(content, value["items"])
            value = {
                "heading": value["heading"],
                "items": _items(
                    chapter_slug, "faq", [{"question": q, "answer": a} for q, a in rows]
                ),
            }
        elif block_type == "procedure":
            rows = getattr(content, value["steps"])
            value = {
                "heading": value["heading"],
                "intro": value["intro"],
                "steps": _items(
                    chapter_slug,
                    "steps",
                    [{"title": t, "text": x, "who_acts": w} for t, x, w in rows],
                ),
            }
        resolved.append((block_type, value))
    return resolved


def ensure_glossary():
    for term, variants, definition, link in content.GLOSSARY:
        wanted = {"variants": "\n".join(variants), "definition": definition, "link": link}
        entry = GlossaryTerm.objects.filter(term=term).first()
        if entry is None:
            GlossaryTerm.objects.create(term=term, **wanted)
        elif any(getattr(entry, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(entry, key, value)
            entry.save()


def ensure_committee_account(password):
    """A demo member of the follow-up committee (a role, no name), who approves changes."""
    from django.conf import settings

    from hub.accounts.models import AccountProfile

    User = get_user_model()
    user = User.objects.filter(username=COMMITTEE_LOGIN).first()
    if user is None:
        user = User(username=COMMITTEE_LOGIN, email=f"{COMMITTEE_LOGIN}@example.org")
        user.set_password(password)
        user.save()
    elif not user.check_password(password):
        user.set_password(password)
        user.save()
    committee = committee_group(create=True)
    if not user.groups.filter(pk=committee.pk).exists():
        user.groups.add(committee)
    if not AccountProfile.objects.filter(user=user).exists():
        today = timezone.localdate()
        AccountProfile.objects.create(
            user=user,
            organisation="Comité de suivi du guide (démonstration)",
            job_role="membre du comité de suivi (compte de démonstration)",
            expires_on=today + timedelta(days=settings.MAILLAGE_ACCREDITATION_DAYS),
            last_reviewed_on=today,
        )
    return user


def load_guide_demo(track, home, password=None):
    """Create (or bring up to date) the guide; `track` records each page's status.

    `password` (the demo accounts' one) also creates the committee's demo account."""
    from hub.accounts.models import PartnerFamily

    # Read now: the referents were set by load_demo after its start.
    families = {f.slug: f for f in PartnerFamily.objects.select_related("referent", "group")}
    document = _model_document()
    ensure_glossary()
    index = track(
        sync.ensure_page(
            home,
            GuideIndexPage,
            "guide",
            {"title": content.GUIDE["title"], "intro": content.GUIDE["intro"]},
        )
    )
    for part_data in content.PARTS:
        part = track(
            sync.ensure_page(
                index,
                GuidePartPage,
                part_data["slug"],
                {
                    "title": part_data["title"],
                    "intro": part_data["intro"],
                    "owner_family": families[part_data["family"]],
                },
            )
        )
        for slug, title, family, audience, intro, blocks in part_data["chapters"]:
            items = _resolve(slug, blocks, document)
            track(
                sync.ensure_page(
                    part,
                    GuideChapterPage,
                    slug,
                    {
                        "title": title,
                        "intro": intro,
                        "owner_family": families[family],
                        "audience": audience,
                        "last_reviewed": REVIEWED_ON,
                        "body": lambda old, items=items: sync.stream(old, items),
                    },
                )
            )
    # Editors of each family (its referent), the committee and its workflow.
    for family in families.values():
        group = editor_group(family, create=True)
        if family.referent_id and not family.referent.groups.filter(pk=group.pk).exists():
            family.referent.groups.add(group)
    ensure_workflow(index)
    if password:
        ensure_committee_account(password)
    edition = GuideEdition.objects.filter(name=content.EDITION["name"]).first()
    if edition is None:
        edition = GuideEdition.objects.create(
            name=content.EDITION["name"], date=EDITION_DATE, summary=content.EDITION["summary"]
        )
    if not edition.frozen:
        edition.freeze(index)
    return index
