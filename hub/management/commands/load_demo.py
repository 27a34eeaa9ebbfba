"""`manage.py load_demo`: the hub's demo content, built from the four seed documents.

It creates (or brings up to date) the home page, the charter, the four territories, the
three project sheets, the legal mentions, the seed document of the Lyon convention and the
demo accounts. Running it twice changes nothing. It publishes no person's name, e-mail or
phone number: accounts and contacts are role-based and use example.org addresses.
"""

import hashlib
import os
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from directory.demo import load_directory_demo
from guide.demo import load_guide_demo
from hub.accounts.models import AccountProfile, PartnerFamily
from hub.demo import accessibility, sync
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

SEEDS_DIR = Path(__file__).resolve().parents[2] / "demo" / "seeds"
DEMO_PASSWORD = "maillage-demo-2026"

# One account per role that exists so far: an administrator, and a referent and a member
# for three of the six partner families. No names: the login says the role.
DEMO_ACCOUNTS = [
    ("admin", None, "administrateur"),
    ("referent.bailleurs", "bailleurs-gestionnaires", "référent"),
    ("membre.bailleurs", "bailleurs-gestionnaires", "membre"),
    ("referent.psychiatrie", "psychiatrie-publique", "référent"),
    ("membre.psychiatrie", "psychiatrie-publique", "membre"),
    ("referent.social", "social-medico-social", "référent"),
    ("membre.social", "social-medico-social", "membre"),
    ("membre.clsm-metz", "instance:clsm-metz", "membre d'instance"),
]

HOME_INTRO = (
    "Maillage relie les bailleurs sociaux, la psychiatrie publique et l'accompagnement social "
    "et médico-social qui agissent ensemble pour que les personnes vivant avec des troubles "
    "psychiques accèdent à un logement ordinaire et s'y maintiennent."
)


class Command(BaseCommand):
    help = "Charge (ou met à jour) le contenu de démonstration à partir des documents sources."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Autorise le chargement avec les réglages de production (comptes de démo !).",
        )

    def handle(self, *args, **options):
        # Under override_settings, SETTINGS_MODULE reads None: the environment says it too.
        module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith("production") and not options["allow_production"]:
            raise CommandError(
                "load_demo crée des comptes au mot de passe connu : refusé en production "
                "(ajoutez --allow-production si c'est vraiment voulu)."
            )
        started = time.monotonic()
        try:
            charter_data = parse_charter(self.read_seed(SEED_NAME))
        except SeedFormatError as error:
            raise CommandError(f"Convention source illisible : {error}.") from None
        self.statuses = {}
        # The search documents of what changed are written once, after the commit.
        with indexing.deferred(), transaction.atomic():
            families = {family.slug: family for family in PartnerFamily.objects.all()}
            if len(families) < 6:
                raise CommandError(
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
            document = self.load_seed_document()
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
            accounts = self.load_accounts(families, instances)
            ensure_editor_groups(
                {family.slug: family for family in PartnerFamily.objects.select_related("referent")}
            )
            # The Guide Santé Psychique et Logement (guide/demo.py).
            load_guide_demo(self.track, home, password=DEMO_PASSWORD)
        self.report(accounts, time.monotonic() - started)

    # --- pieces ------------------------------------------------------------------------
    def read_seed(self, name):
        path = SEEDS_DIR / name
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            raise CommandError(f"Document source introuvable : {path}") from None

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

    def load_seed_document(self):
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

    def load_accounts(self, families, instances):
        User = get_user_model()
        accounts = []
        for username, membership, role in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            created = user is None
            if created:
                user = User(username=username, email=f"{username}@example.org")
            is_admin = membership is None
            changed = created or user.is_superuser != is_admin or user.is_staff != is_admin
            user.is_superuser = user.is_staff = is_admin
            if created or not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                changed = True
            if changed:
                user.save()
            if membership is None:
                accounts.append((username, role, "—"))
                continue
            if membership.startswith("instance:"):
                instance = instances[membership.removeprefix("instance:")]
                group, label, organisation = instance.group, instance.name, instance.name
            else:
                family = families[membership]
                group, label = family.group, family.name
                organisation = f"Organisation de démonstration ({family.name})"
                if role == "référent" and family.referent_id != user.id:
                    family.referent = user
                    family.save(update_fields=["referent"])
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
            if not AccountProfile.objects.filter(user=user).exists():
                today = timezone.localdate()
                AccountProfile.objects.create(
                    user=user,
                    organisation=organisation,
                    job_role=f"{role} (compte de démonstration)",
                    expires_on=today + timedelta(days=settings.MAILLAGE_ACCREDITATION_DAYS),
                    last_reviewed_on=today,
                )
            accounts.append((username, role, label))
        return accounts

    def report(self, accounts, elapsed):
        counts = {
            status: 0
            for status in (sync.STATUS_CREATED, sync.STATUS_UPDATED, sync.STATUS_UNCHANGED)
        }
        for status in self.statuses.values():
            counts[status] += 1
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD}) :")
        for username, role, family in accounts:
            self.stdout.write(f"  {username:<22} {role:<15} {family}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo : {len(self.statuses)} pages ({counts[sync.STATUS_CREATED]} créées, "
                f"{counts[sync.STATUS_UPDATED]} mises à jour, "
                f"{counts[sync.STATUS_UNCHANGED]} inchangées), {len(accounts)} comptes, "
                f"en {elapsed:.1f} s."
            )
        )
