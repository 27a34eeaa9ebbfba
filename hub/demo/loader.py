"""The hub's demo content, built from the four seed documents (`manage.py load_demo`).

`load_demo()` creates (or brings up to date) the home page, the charter, the four
territories, the three project sheets, the legal mentions, the accessibility statement,
the seed document of the Lyon convention, the partner spaces, the directory, the guide
and the demo accounts (`accounts.py`), in one transaction; it returns a `DemoReport`.
Running it twice changes nothing (`sync.py`). It publishes no person's name, e-mail or
phone number: accounts and contacts are role-based and use example.org addresses.
"""

import hashlib
import os
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from directory.demo import load_directory_demo
from guide.demo import load_guide_demo
from hub.accounts.models import PartnerFamily
from hub.demo import accessibility, sync
from hub.demo.accounts import DEMO_PASSWORD, load_accounts
from hub.demo.charter import SEED_NAME, SeedFormatError, parse_charter
from hub.demo.legal import LEGAL_BODY
from hub.demo.load_spaces import ensure_editor_groups, load_spaces
from hub.demo.projects import PROJECTS
from hub.demo.territories import TERRITORIES
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
from search import indexing

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

    def run(self):
        started = time.monotonic()
        try:
            charter_data = parse_charter(read_seed(SEED_NAME))
        except SeedFormatError as error:
            raise DemoError(f"Convention source illisible : {error}.") from None
        # The search documents of what changed are written once, after the commit.
        with indexing.deferred(), transaction.atomic():
            families = {family.slug: family for family in PartnerFamily.objects.all()}
            if len(families) < 6:
                raise DemoError(
                    "Les six familles de partenaires manquent : "
                    "lancez d'abord « manage.py migrate »."
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
                data["slug"]: self.load_project(project_index, data, territories)
                for data in PROJECTS
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
                sync.ensure_page(
                    home, StandardPage, accessibility.SLUG, accessibility.page_fields()
                )
            )
            _, instances = load_spaces(self.track, home, families)
            # The directory: structures, contacts, sectors and coordination instances of
            # the four territories (it reuses the instances the spaces created).
            load_directory_demo()
            accounts = load_accounts(families, instances)
            ensure_editor_groups(
                {family.slug: family for family in PartnerFamily.objects.select_related("referent")}
            )
            # The Guide Santé Psychique et Logement (guide/demo.py).
            load_guide_demo(self.track, home, password=DEMO_PASSWORD)
        return DemoReport(accounts, dict(self.statuses), time.monotonic() - started)

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
                "commune_codes",
                "partnership_name",
                "partnership_since",
                "intro",
            )
        }
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
