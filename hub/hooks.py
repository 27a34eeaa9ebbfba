"""How `hub/` reaches the apps above it without importing them.

`hub/` is the ground floor: settings, URLs, the access policy, accounts, spaces, privacy,
backup. The apps above it (`search/`, then `directory/` and `guide/`) register what hub
must know of them with Wagtail's hooks (`wagtail.hooks.register`), in their own
`hub_hooks.py`, which their `AppConfig.ready()` imports once (Wagtail itself only
imports modules named `wagtail_hooks`; `hooks.get_hooks` reads one registry for both).
Hub asks with `collect`, `first` or `provided`. Hub never imports them
(`tests/test_layers.py` reads the import graph).

Every hook name Maillage uses is listed here with its contract, so that a newcomer finds
them in one place. A name not listed here is a bug. The contracts that are more than a
function's signature are classes: `DemoPart` and `DemoRun` below, `PersonalData` and
`DerivedData` in `hub/privacy/holders.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

# Each hook's name, and what a function registered under it receives and returns.
HOOKS: dict[str, str] = {}


def declare(name: str, contract: str) -> str:
    """Declare a hook name (at import of this module) and return it."""
    HOOKS[name] = contract
    return name


def collect(name: str) -> list:
    """Every function registered under `name`, in their `order`."""
    if name not in HOOKS:
        raise KeyError(f"Unknown Maillage hook: {name!r} (declare it in hub/hooks.py)")
    return list(hooks.get_hooks(name))


def first(name: str):
    """The one function registered under `name` (the hooks that take a single provider),
    or None when no app registered one."""
    found = collect(name)
    return found[0] if found else None


def provided(name: str) -> list:
    """What every function registered under `name` returns (the hooks whose functions take
    no argument and return a contract object), in their `order`."""
    return [function() for function in collect(name)]


# --- The hooks ------------------------------------------------------------------------------

SITEMAPS = declare(
    "maillage_sitemaps",
    "fn() -> {section: Sitemap class}: sections of /sitemap.xml after hub's « pages » "
    "(hub/urls.py). Registered by directory (« annuaire »).",
)
CHARTER_PDF = declare(
    "maillage_charter_pdf",
    "fn(request, charter_page) -> HttpResponse: the charter's PDF, /charte/charte.pdf "
    "(hub/models/charter.py; the access policy has run, the function checks it again). "
    "One provider, guide's; none: 404.",
)
PDF_FROM_HTML = declare(
    "maillage_pdf_from_html",
    "fn(request, html, filename) -> HttpResponse: `html` (a whole document, no resource "
    "outside the project's static files) as an inline PDF named `filename`, never stored "
    "by a shared cache. The caller has checked who may have it (the trainings' attendance "
    "certificate, hub/trainings/certificate.py). One provider, guide's; none: 404.",
)
DEMO = declare(
    "maillage_demo",
    "fn() -> hub.hooks.DemoPart: an app's part of `load_demo` (hub/demo/loader.py). "
    "Registered by search (order 0), directory (10) and guide (20).",
)
PERSONAL_DATA = declare(
    "maillage_personal_data",
    "fn() -> hub.privacy.holders.PersonalData: one kind of rows above hub that holds "
    "personal data (directory contacts, error reports; search's daily counts), for the "
    "erasure, the right of access, the register of erasures and the retention purge "
    "(hub/privacy/). Their order is the order of the sections and of the purge's lines.",
)
DERIVED_DATA = declare(
    "maillage_derived_data",
    "fn() -> hub.privacy.holders.DerivedData: a copy built from the sources (search "
    "documents, PDF cache), rebuilt after an erasure (hub/privacy/erasure.py) and after a "
    "restore (hub/backup/restore.py).",
)

EVALUATION_SERIES = declare(
    "maillage_evaluation_series",
    "fn(audience) -> list[hub.hooks.Series]: an app's figures for the evaluation dashboard "
    "(/evaluation/, hub/evaluation/), counted only over what `audience` "
    "(hub.access.Audience) may see; aggregates only, never one person's row. Registered by "
    "hub.trainings (0), directory (10), search (20), hub.agenda (30), hub.evaluation (50: the "
    "project figures; 90: page views).",
)


@dataclass(frozen=True)
class Series:
    """One figure of the evaluation dashboard, month by month and territory by territory.

    `rows` are (territory page id, or None when the figure is not territorial; the first day
    of the month; the value). `aggregate` says how months and territories add up: "sum"
    (counts: events held, people trained) or "mean" (scores, weighted by `weights` when
    given, a parallel list of answer counts), or "last" (stocks: active instances)."""

    key: str  # stable slug, e.g. "formations-personnes"
    label: str  # French, e.g. « Personnes formées »
    unit: str  # French, e.g. « personnes », « score sur 5 »
    section: str  # French heading, e.g. « Formations »
    rows: tuple  # ((territory_id | None, date, float), ...)
    source: str  # French: where the number comes from
    aggregate: str = "sum"  # "sum", "mean" or "last"
    weights: tuple = ()


# --- The demo's contract --------------------------------------------------------------------


@dataclass
class DemoRun:
    """What `load_demo` hands the apps' demo steps."""

    track: Callable  # (page, status) -> page: records a page's status in the report
    home: Any  # the home page (`hub.models.HomePage`)
    families: dict  # the six partner families, by slug
    password: str  # the demo accounts' one password
    # The coordination instances that have a partner space, by slug (filled by `instances`).
    instances: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DemoPart:
    """An app's part of `load_demo`. Every field is optional. In one transaction, inside
    every part's `around()`, hub runs:

    1. its pages: home, territories (a territory's intercommunal perimeter, an EPCI's
       SIREN, is read with the first `perimeter(siren) -> INSEE codes`), charter, project
       sheets, legal mentions, accessibility statement;
    2. each part's `instances(run)`: the coordination instances, put in `run.instances`;
    3. its partner spaces (one per instance of `run.instances`);
    4. each part's `entries(run)`: content that reuses them (the directory's entries);
    5. its demo accounts and the families' editor groups;
    6. each part's `pages(run)`: pages that need the families' referents (the guide).

    Parts run in the hook's `order`; a step returns nothing (its pages go through
    `run.track`)."""

    around: Callable[[], AbstractContextManager] | None = None
    perimeter: Callable[[str], Sequence[str]] | None = None
    instances: Callable[[DemoRun], None] | None = None
    entries: Callable[[DemoRun], None] | None = None
    pages: Callable[[DemoRun], None] | None = None
