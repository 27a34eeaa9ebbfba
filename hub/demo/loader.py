"""The hub's demo content, built from the four seed documents (`manage.py load_demo`).

`load_demo()` creates (or brings up to date) the home page, the charter, the four
territories, the three project sheets, the legal mentions, the accessibility statement,
the seed document of the Lyon convention, the partner spaces, the directory, the guide
and the demo accounts (`accounts.py`), in one transaction; it returns a `DemoReport`.
Running it twice changes nothing (`sync.py`). It publishes no person's name, e-mail or
phone number: accounts and contacts are role-based and use example.org addresses.

The directory's and the guide's parts (and search's deferred indexing) are registered by
those apps under the `maillage_demo` hook (`hub.hooks.DemoPart`, which says the order).
"""

import hashlib
import os
import time
from contextlib import ExitStack
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from hub.accounts.models import PartnerFamily
from hub.demo import accessibility, sync
from hub.demo.accounts import DEMO_PASSWORD, load_accounts
from hub.demo.charter import SEED_NAME, SeedFormatError, parse_charter
from hub.demo.coordination import load_coordinators, load_reserved_group
from hub.demo.legal import LEGAL_BODY
from hub.demo.load_spaces import ensure_editor_groups, load_spaces
from hub.demo.projects import PROJECTS
from hub.demo.territories import TERRITORIES, commune_codes
from hub.hooks import DEMO, DemoRun, provided
from hub.models import (
    CharterAction,
    CharterGovernanceBody,
    CharterObjective,
    CharterPage,
    CharterPrinciple,
    CharterSignatory,
    FicheAction,
    HomePage,
    ProjectCofinancing,
    ProjectIndexPage,
    ProjectSheetPage,
    StandardPage,
    TerritoryIndexPage,
    TerritoryPage,
    TerritoryPartner,
)

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"

HOME_INTRO = (
    "Maillage relie les bailleurs sociaux, la psychiatrie publique et l'accompagnement social "
    "et médico-social qui agissent ensemble pour que les personnes vivant avec des troubles "
    "psychiques accèdent à un logement ordinaire et s'y maintiennent."
)


class DemoError(Exception):
    """The demo cannot be built; the message says why, in French, for the operator."""


@dataclass
class DemoReport:
    """What a run did: the demo accounts (login, role, family or instance), the status of
    each page it touched (by URL path) and the time it took, in seconds."""

    accounts: list[tuple[str, str, str]]
    statuses: dict[str, str]
    elapsed: float

    def count(self, status):
        return sum(1 for value in self.statuses.values() if value == status)


def refuse_production(allow_production=False):
    """The demo creates accounts with a known password: not with production settings."""
    # Under override_settings, SETTINGS_MODULE reads None: the environment says it too.
    module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if module.endswith("production") and not allow_production:
        raise DemoError(
            "load_demo crée des comptes au mot de passe connu : refusé en production "
            "(ajoutez --allow-production si c'est vraiment voulu)."
        )


def load_demo():
    """Build or update the whole demo; return a `DemoReport`. Raises `DemoError`."""
    return DemoLoader().run()


class DemoLoader:
    """One run of the demo: `track` records the status of every page it ensures."""

    def __init__(self):
        self.statuses = {}
        self.parts = provided(DEMO)

    def each(self, step, run):
        """Every part's `step` (a `DemoPart` field), in the hook's order."""
        for part in self.parts:
            if getattr(part, step) is not None:
                getattr(part, step)(run)

    def perimeter(self, siren):
        """The INSEE codes of an intercommunal perimeter, from the first part that knows."""
        for part in self.parts:
            if part.perimeter is not None:
                return part.perimeter(siren)
        raise DemoError(f"Périmètre intercommunal inconnu : {siren}.")

    def run(self):
        started = time.monotonic()
        try:
            charter_data = parse_charter(read_seed(SEED_NAME))
        except SeedFormatError as error:
            raise DemoError(f"Convention source illisible : {error}.") from None
        # The search documents of what changed are written once, after the commit (the
        # search app's `around`).
        with ExitStack() as stack:
            for part in self.parts:
                if part.around is not None:
                    stack.enter_context(part.around())
            stack.enter_context(transaction.atomic())
            accounts = self.load(charter_data)
        return DemoReport(accounts, dict(self.statuses), time.monotonic() - started)

    def load(self, charter_data):
        """Every step, in one transaction; returns the demo accounts."""
        families = {family.slug: family for family in PartnerFamily.objects.all()}
        if len(families) < 6:
            raise DemoError(
                "Les six familles de partenaires manquent : lancez d'abord « manage.py migrate »."
            )
        home = self.load_home()
        territory_index = self.track(
            sync.ensure_page(
                home,
                TerritoryIndexPage,
                "territoires",
                {
                    "title": "Les territoires",
                    "intro": (
                        "Quatre partenariats entre bailleurs, psychiatrie publique et "
                        "accompagnement, quatre façons de s'organiser."
                    ),
                },
            )
        )
        project_index = self.track(
            sync.ensure_page(
                home,
                ProjectIndexPage,
                "projets",
                {
                    "title": "Fiches projet",
                    "intro": (
                        "Des expériences partagées entre territoires : porteurs, public, "
                        "moyens, résultats et limites."
                    ),
                },
            )
        )
        document = load_seed_document()
        territories = {
            data["slug"]: self.load_territory(territory_index, data, families)
            for data in TERRITORIES
        }
        charter = self.load_charter(home, charter_data, families, territories["grand-lyon"])
        projects = {
            data["slug"]: self.load_project(project_index, data, territories) for data in PROJECTS
        }
        # Territory documents link to pages that exist only now.
        targets = {"charte": charter, **projects}
        for data in TERRITORIES:
            self.link_documents(territories[data["slug"]], data, targets, document)
        self.track(
            sync.ensure_page(
                home,
                StandardPage,
                "mentions-legales",
                {
                    "title": "Mentions légales",
                    "intro": (
                        "Qui publie ce site, comment il traite les données, "
                        "d'où viennent ses contenus."
                    ),
                    "body": lambda old: sync.stream(old, LEGAL_BODY),
                },
            )
        )
        # The accessibility statement (RGAA), at /accessibilite/.
        self.track(
            sync.ensure_page(home, StandardPage, accessibility.SLUG, accessibility.page_fields())
        )
        run = DemoRun(self.track, home, families, DEMO_PASSWORD)
        # The coordination instances that have a space (the directory's).
        self.each("instances", run)
        load_spaces(self.track, home, families, run.instances)
        # The directory: structures, contacts, sectors and coordination instances of
        # the four territories (it reuses the instances the spaces named).
        self.each("entries", run)
        accounts = load_accounts(families, run.instances)
        ensure_editor_groups(
            {family.slug: family for family in PartnerFamily.objects.select_related("referent")}
        )
        # Issue 17: a coordinator per instance space, and a working group reserved to its
        # members in a family space (hub/demo/coordination.py).
        accounts += load_coordinators(run.instances, DEMO_PASSWORD)
        load_reserved_group(self.track)
        # The Guide Santé Psychique et Logement (guide/demo.py).
        self.each("pages", run)
        return accounts

    def track(self, result):
        page, status = result
        self.statuses[page.url_path] = status
        return page

    def load_home(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's migrations leave a "Welcome" page as the site root: replace it.
            for page in Page.objects.child_of(root).filter(slug="home"):
                if type(page.specific) is Page:
                    page.delete()
        home = self.track(
            sync.ensure_page(
                root,
                HomePage,
                "accueil",
                {
                    "title": "Maillage : santé psychique et logement",
                    "seo_title": "Maillage, le hub des partenariats santé psychique et logement",
                    "intro": HOME_INTRO,
                },
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Maillage",
            )
        elif site.root_page_id != home.id or site.site_name != "Maillage":
            site.root_page = home
            site.site_name = "Maillage"
            site.save()
        return home

    def load_territory(self, parent, data, families):
        fields = {
            key: data[key]
            for key in (
                "title",
                "short_name",
                "department_code",
                "region",
                "perimeter",
                "partnership_name",
                "partnership_since",
                "intro",
            )
        }
        fields["commune_codes"] = commune_codes(data, self.perimeter)
        fields["key_figures"] = lambda old: sync.stream(
            old,
            [
                ("key_figure", {"value": value, "label": label, "source": source})
                for value, label, source in data["key_figures"]
            ],
        )
        partners = [
            {"name": name, "family": families[family], "role": role}
            for name, family, role in data["partners"]
        ]
        return self.track(
            sync.ensure_page(
                parent,
                TerritoryPage,
                data["slug"],
                fields,
                children={"partners": (TerritoryPartner, partners)},
            )
        )

    def link_documents(self, territory, data, targets, document):
        items = []
        for title, description, page_ref, document_ref in data["documents"]:
            value = {"title": title, "description": description, "page": None, "document": None}
            if page_ref:
                value["page"] = targets[page_ref.removeprefix("page:")].id
            if document_ref:
                value["document"] = document.id
            items.append(("resource", value))
        self.track(
            sync.ensure_page(
                territory.get_parent(),
                TerritoryPage,
                territory.slug,
                {"documents": lambda old: sync.stream(old, items)},
            )
        )

    def load_charter(self, home, charter, families, territory):
        fields = {
            "title": "La charte du partenariat",
            "intro": (
                "La convention « Santé Psychique et Logement » signée à Lyon en 2013 : le cadre "
                "commun que le hub propose à chaque territoire."
            ),
            "full_title": charter.full_title,
            "territory": territory,
            "signed_on": charter.signed_on,
            "preamble": charter.preamble,
            "purpose": charter.purpose,
            "objectives_intro": charter.objectives_intro,
            "purpose_closing": charter.purpose_closing,
            "actions_intro": charter.actions_intro,
            "actions_closing": charter.actions_closing,
            "principles_intro": charter.principles_intro,
            "principles_closing": charter.principles_closing,
            "duration": charter.duration,
            "signature_place": charter.signature_place,
        }
        children = {
            "objectives": (CharterObjective, [{"text": text} for text in charter.objectives]),
            "actions": (
                CharterAction,
                [{"title": title, "fiche_number": number} for title, number in charter.actions],
            ),
            "principles": (CharterPrinciple, [{"text": text} for text in charter.principles]),
            "governance_bodies": (CharterGovernanceBody, charter.governance),
            "signatories": (
                CharterSignatory,
                [
                    {"signatory": quality, "organisation": organisation, "family": families[slug]}
                    for quality, organisation, slug in charter.signatories
                ],
            ),
            "fiches": (FicheAction, charter.fiches),
        }
        return self.track(sync.ensure_page(home, CharterPage, "charte", fields, children))

    def load_project(self, parent, data, territories):
        skip = {"slug", "territory", "tags", "cofinancing", "budget_total"}
        fields = {key: value for key, value in data.items() if key not in skip}
        fields["territory"] = territories[data["territory"]]
        fields["budget_total"] = Decimal(data["budget_total"]) if data["budget_total"] else None
        cofinancing = [
            {"funder": funder, "amount": Decimal(amount), "detail": detail}
            for funder, amount, detail in data["cofinancing"]
        ]
        return self.track(
            sync.ensure_page(
                parent,
                ProjectSheetPage,
                data["slug"],
                fields,
                children={"cofinancing": (ProjectCofinancing, cofinancing)},
                tags=data["tags"],
            )
        )


def read_seed(name):
    path = SEEDS_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise DemoError(f"Document source introuvable : {path}") from None


def load_seed_document():
    """The Lyon convention as a downloadable document (it names no person)."""
    Document = get_document_model()
    content = (SEEDS_DIR / SEED_NAME).read_bytes()
    digest = hashlib.sha1(content).hexdigest()
    title = "Convention de partenariat Santé Psychique et Logement (Grand Lyon, 2013)"
    document = Document.objects.filter(title=title).first()
    if document is not None and document.file_hash == digest:
        return document
    if document is None:
        document = Document(title=title, collection=Collection.get_first_root_node())
    document.file.save(SEED_NAME, ContentFile(content), save=False)
    document.file_size = len(content)
    document.file_hash = digest
    document.save()
    return document
