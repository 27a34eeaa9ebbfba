"""Find one directory entry by its public slug, as the user may see it.

`/annuaire/<slug>/` names a structure (Organisation) or a coordination instance; both
share the slug space (an instance's slug is checked first, structures' slugs are kept
distinct by their editors' form). An entry the user may not see is answered exactly like
an entry that does not exist: 404, so that a restricted entry's existence is not told.
"""

from __future__ import annotations

from django.http import Http404

from directory.models import CoordinationInstance, Organisation
from hub.access import visible_objects

ENTRY_MODELS = (CoordinationInstance, Organisation)


def find_entry(slug: str, user) -> Organisation | CoordinationInstance:
    for model in ENTRY_MODELS:
        entry = visible_objects(user, model.objects.filter(slug=slug)).first()
        if entry is not None:
            return entry
    raise Http404("Entrée introuvable")
