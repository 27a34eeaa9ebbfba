"""What search indexes: one declarative `DocumentSpec` per source model.

`search` knows no app. Each app declares the documents of its own models in its own
module and registers them from its `AppConfig.ready()`:

- `directory/search_documents.py`: structures, services, coordination instances,
  psychiatric sectors;
- `search/pages.py`: every Wagtail page, hub's and guide's alike (one source,
  "wagtailcore.page"); a page class names its kind with a `search_kind` attribute;
- `search/documents.py`: every Wagtail document (a collection's file), with the text
  inside its PDF, DOCX or ODT file (`search.extract`).

A spec says, for one source model:

- `kind`: the kind of its documents (`SearchDocument.Kind`; "" when each object says, as
  pages do);
- `build(obj, access)`: the one builder of a document, returning `document(...)` (or None:
  no document). `document()` is the only place the document's fields are listed;
- `facets`: the facet names its documents may carry (`SearchFacet.Name`);
- `access(obj)`: how its tier is read (`hub.access.effective_access` by default); None
  means no document (a page with a shared password);
- `select`, `prefetch`, `prepare`: what makes a batch of them cheap to project;
- `relations`: its many-to-many fields whose changes alter its document;
- `dependents(objects)`: the other documents that show something of these objects (a
  structure's services take its tier, its units name it...), as (model, pks) pairs,
  re-indexed with them;
- `connect`: for sources with their own signals (pages: publish, move, restrictions),
  the function that connects them instead of the generic save/delete/m2m handlers.

`register(spec)` connects the spec's handlers at once (`search.signals`): documents are
indexed after the transaction commits (`search.indexing.schedule`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import get_language

from hub.access import Access, effective_access

SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class DocumentSpec:
    model: type
    kind: str
    build: Callable[[Any, Access], Document | None]
    facets: frozenset[str] = frozenset()
    access: Callable[[Any], Access | None] = effective_access
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    prepare: Callable[[list], None] | None = None
    relations: tuple[str, ...] = ()
    dependents: Callable[[list], Iterable[tuple[type, Iterable[int]]]] | None = None
    connect: Callable[[], None] | None = None

    @property
    def source(self) -> str:
        return source_of(self.model)


@dataclass
class Document:
    """What a spec's builder returns: the document's fields and facets."""

    fields: dict
    facets: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class Projected:
    """A document ready to be written: its source, fields, access and facets."""

    source: str
    object_id: int
    fields: dict
    access: Access
    facets: set[tuple[str, str]] = field(default_factory=set)


def document(
    kind, subkind, subkind_label, title, url, search_text, *, facets=(), **extra
) -> Document:
    """A document's fields (what a source does not have stays empty) and its facets."""
    fields = {
        "kind": kind,
        "subkind": subkind,
        "subkind_label": subkind_label,
        "title": title[:255],
        "subtitle": "",
        "summary": "",
        "url": url,
        "search_text": search_text,
        "body": "",
        "content_key": "",
        "commune_code": "",
        "commune_name": "",
        "address": "",
        "latitude": None,
        "longitude": None,
        "verified_on": None,
    }
    unknown = set(extra) - set(fields)
    if unknown:
        raise TypeError(f"Champs de document inconnus : {sorted(unknown)}")
    fields.update(extra)
    fields["subtitle"] = fields["subtitle"][:255]
    fields["summary"] = Truncator(fields["summary"] or "").chars(SUMMARY_LENGTH)
    return Document(fields=fields, facets=set(facets))


@lru_cache(maxsize=512)
def _label(choices_class, value, language):
    """A choice's label as text, once per language: evaluating lazy translations is the
    costliest part of projecting 200,000 documents."""
    return str(dict(choices_class.choices).get(value, value))


def label(choices_class, value) -> str:
    return _label(choices_class, value, get_language())


# --- The registry ---------------------------------------------------------------------------

_SPECS: dict[type, DocumentSpec] = {}


def source_of(model) -> str:
    """The `source` of a model's documents: "app_label.model"."""
    return model._meta.label_lower


def register(*new_specs: DocumentSpec) -> None:
    """Declare these specs (from an `AppConfig.ready()`) and connect their handlers."""
    from search import signals

    for spec in new_specs:
        _SPECS[spec.model] = spec
        signals.connect_spec(spec)


def specs() -> Iterator[DocumentSpec]:
    """Every registered spec, in registration order."""
    return iter(list(_SPECS.values()))


def models() -> list[type]:
    return list(_SPECS)


def spec_for(model) -> DocumentSpec:
    try:
        return _SPECS[model]
    except KeyError:
        raise LookupError(f"{source_of(model)} n'a pas de documents de recherche.") from None


def spec_for_source(source: str) -> DocumentSpec | None:
    return next((spec for spec in _SPECS.values() if spec.source == source), None)


def project(spec: DocumentSpec, obj) -> Projected | None:
    """The document of `obj` (None: it has none, e.g. an unpublished page)."""
    access = spec.access(obj)
    if access is None:
        return None
    built = spec.build(obj, access)
    if built is None:
        return None
    if spec.kind and built.fields["kind"] != spec.kind:
        raise ValueError(f"{spec.source} : type {built.fields['kind']!r} au lieu de {spec.kind!r}")
    undeclared = {name for name, _value in built.facets} - spec.facets
    if undeclared:
        raise ValueError(f"{spec.source} : facettes non déclarées {sorted(undeclared)}")
    return Projected(
        source=spec.source,
        object_id=obj.pk,
        fields=built.fields,
        access=access,
        facets=built.facets,
    )
