"""What the charter's PDF and its "signataires" view read from a `CharterPage`.

Kept apart from `guide.pdf.views` so that the web view of the signatories does not load
WeasyPrint."""

from __future__ import annotations

from django.utils.translation import gettext as _


def signatories_by_family(page):
    """[(family or None, [signatories])]: families in their own order (`sort_order`,
    then name), the signatories without a family last. A signatory is a function and an
    organisation, never a person's name (the model says so to editors)."""
    groups = {}
    for signatory in page.signatories.select_related("family").all():
        groups.setdefault(signatory.family, []).append(signatory)
    families = sorted(
        (family for family in groups if family is not None),
        key=lambda family: (family.sort_order, family.name),
    )
    ordered = [(family, groups[family]) for family in families]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered


def charter_context(page):
    return {
        "page": page,
        "document_title": page.title,
        "objectives": list(page.objectives.all()),
        "actions": list(page.actions.all()),
        "principles": list(page.principles.all()),
        "bodies": list(page.governance_bodies.all()),
        "signatory_groups": signatories_by_family(page),
        "fiches": list(page.fiches.all()),
        "cover_facts": [
            (_("Signée à"), page.signature_place),
            (_("Date"), page.signed_on),
            (_("Territoire d’origine"), page.territory.title if page.territory else ""),
        ],
    }
