"""`load_demo` builds the hub from the seeds, and running it twice changes nothing."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from hub.accounts.models import PartnerFamily
from hub.demo.charter import SeedFormatError, parse_charter
from hub.demo.text import clean_html, inline
from hub.models import CharterPage, ProjectSheetPage, TerritoryPage

SNAPSHOT_MODELS = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.Site",
    "wagtaildocs.Document",
    "auth.User",
    "auth.Group",
    "accounts.PartnerFamily",
    "taggit.Tag",
    *[f"hub.{model.__name__}" for model in apps.get_app_config("hub").get_models()],
    *[
        f"directory.{model.__name__}"
        for model in apps.get_app_config("directory").get_models()
        if model.__name__ not in {"Commune", "PostalCode"}
    ],
]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def database_snapshot():
    """Every row of the models the demo writes, as JSON, without login timestamps."""
    text = {}
    for label in SNAPSHOT_MODELS:
        model = apps.get_model(label)
        rows = model.objects.order_by("pk")
        text[label] = serializers.serialize("json", rows)
    text["auth.User"] = re.sub(r'"last_login": [^,]+,', "", text["auth.User"])
    return text


def test_load_demo_twice_gives_the_same_database():
    load_demo()
    first = database_snapshot()
    output = load_demo()
    assert database_snapshot() == first
    assert re.search(r"Démo : (\d+) pages \(0 créées, 0 mises à jour, \1 inchangées\)", output)


def test_load_demo_replaces_the_wagtail_welcome_page_by_the_home_page():
    load_demo()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert not Page.objects.filter(slug="home", depth=2).exists()


def test_load_demo_prints_the_demo_logins_one_per_role():
    output = load_demo()
    for login in ("admin", "referent.bailleurs", "membre.bailleurs", "referent.psychiatrie"):
        assert login in output
    assert "maillage-demo-2026" in output


def test_demo_accounts_have_their_roles():
    load_demo()
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    family = PartnerFamily.objects.get(slug="bailleurs-gestionnaires")
    assert family.referent.username == "referent.bailleurs"
    member = User.objects.get(username="membre.bailleurs")
    assert list(member.groups.all()) == [family.group]
    assert not member.is_staff and not member.is_superuser
    assert member.check_password("maillage-demo-2026")
    assert all(user.email.endswith("@example.org") for user in User.objects.all())


def test_demo_publishes_no_person_name_email_or_phone_number():
    load_demo()
    text = " ".join(
        serializers.serialize("json", model.objects.all())
        for model in (Page, Revision, *apps.get_app_config("hub").get_models())
    )
    emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text))
    assert all(email.endswith("example.org") for email in emails), emails
    assert not re.search(r"(?:\+33|\b0)[1-9](?:[ .]?\d{2}){4}\b", text)
    for name in ("Tognetti", "Charnay", "Heitzler", "Lebailly", "Sandra", "Virginie"):
        assert name not in text


def test_six_partner_families_exist_as_groups_with_a_description():
    families = list(PartnerFamily.objects.select_related("group"))
    assert [family.slug for family in families] == [
        "collectivites-etat",
        "bailleurs-gestionnaires",
        "psychiatrie-publique",
        "social-medico-social",
        "logement-accompagne",
        "usagers-familles",
    ]
    for family in families:
        assert len(family.description) > 80
        assert Group.objects.filter(pk=family.group_id).exists()


def test_charter_is_structured_content_not_one_blob():
    load_demo()
    charter = CharterPage.objects.get()
    assert charter.objectives.count() == 4
    assert charter.principles.count() == 4
    assert charter.actions.count() == 4
    assert [body.name for body in charter.governance_bodies.all()] == [
        "Comité de pilotage",
        "Comité de projet",
        "Plénière",
    ]
    assert charter.governance_bodies.get(name="Comité de projet").rhythm == "6 fois par an"
    assert [fiche.number for fiche in charter.fiches.all()] == [1, 2, 3]
    assert charter.signatories.count() == 13
    assert charter.signatories.filter(family__slug="psychiatrie-publique").count() == 3
    fiche_2 = charter.fiches.get(number=2)
    assert "niveaux d'accès différenciés" in fiche_2.content
    assert "<li>" in fiche_2.content


def test_project_sheets_carry_their_structured_fields():
    load_demo()
    selo = ProjectSheetPage.objects.get(slug="selo")
    assert (selo.households_total, selo.households_access, selo.households_maintenance) == (
        24,
        10,
        14,
    )
    assert selo.budget_total == 401075
    assert selo.cofinancing_total == 401075
    assert [line.funder for line in selo.cofinancing.all()][0] == "FNAVDL"
    assert selo.territory.slug == "marseille"
    dlai = ProjectSheetPage.objects.get(slug="dlai")
    # The DLAI sheet counts dwellings, not households: no household figure is invented.
    assert dlai.households_total is None
    assert "37 logements" in dlai.households_detail
    assert "[à vérifier par le territoire]" in dlai.households_detail
    metz = ProjectSheetPage.objects.get(slug="metz-bailleurs-psychiatrie")
    assert "4 critères cumulatifs" in metz.target_public


def test_each_territory_has_partners_by_family_key_figures_and_documents():
    load_demo()
    for territory in TerritoryPage.objects.all():
        assert territory.partners.count() >= 7
        assert all(partner.family_id for partner in territory.partners.all())
        assert len(territory.key_figures) >= 3
        assert len(territory.documents) >= 1


def test_each_territory_nests_restricted_entries_marked_as_fictitious():
    from directory.models import CoordinationInstance, Organisation, PsychiatricSector, Service

    load_demo()
    invented = {"source": "Entrée fictive de démonstration des niveaux d'accès"}
    family = PartnerFamily.objects.get(slug="psychiatrie-publique").group
    instances = {
        "metz": "clsm-metz",
        "marseille": "rsml-marseille",
        "paris": "clsm-paris-11-17-19",
        "grand-lyon": "comite-projet-grand-lyon",
    }
    for territory, instance_slug in instances.items():
        structures = Organisation.objects.filter(territories__slug=territory, **invented)
        # A structure for partners only, with a service for the instance's members only.
        partners = structures.get(access_tier="partners")
        service = Service.objects.get(organisation=partners, **invented)
        assert service.access_tier == "instance"
        instance = CoordinationInstance.objects.get(slug=instance_slug)
        assert list(service.access_groups.all()) == [instance.group]
        # A public unit of an establishment for one family only.
        unit = structures.get(access_tier="public", parent__isnull=False)
        assert unit.parent.access_tier == "family"
        assert list(unit.parent.access_groups.all()) == [family]
        # A public sector whose establishment is that family-only one.
        sector = PsychiatricSector.objects.get(hospital=unit.parent, **invented)
        assert sector.access_tier == "public"
        assert list(sector.cmps.all()) == [unit]
        assert sector.communes.exists()
        for entry in (partners, service, unit, unit.parent, sector):
            assert entry.name.startswith("[Démo]")
            assert "Entrée fictive" in entry.description
    # Invented entries are only these: 3 structures, 1 service and 1 sector per territory.
    assert Organisation.objects.filter(**invented).count() == 12
    assert Service.objects.filter(**invented).count() == 4
    assert PsychiatricSector.objects.filter(**invented).count() == 4


def test_load_demo_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "hub.settings.production"
    with pytest.raises(CommandError, match="refusé en production"):
        call_command("load_demo", stdout=io.StringIO())
    assert not CharterPage.objects.exists()


def test_charter_parser_names_what_is_missing_in_a_broken_seed():
    with pytest.raises(SeedFormatError, match="Préambule"):
        parse_charter("CONVENTION\n\n**Un titre**\n\nAvril 2013\n")


def test_seed_text_is_escaped_before_it_becomes_rich_text():
    assert inline("a <script>alert(1)</script> **b**") == (
        "a &lt;script&gt;alert(1)&lt;/script&gt; <b>b</b>"
    )
    html = clean_html('<ul style="x"> - Un <img src=x onerror=alert(1)> - Deux</ul>')
    assert "<img" not in html and "onerror=alert(1)&gt;" in html
    assert html.startswith("<ul><li>Un")
