"""What the charter's PDF reads from a `CharterPage`.

Kept apart from `guide.pdf.views`, which loads WeasyPrint. The signatories by family are
the charter's own (`hub.models.charter.signatories_by_family`, also its web view)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hub.models.charter import signatories_by_family


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
