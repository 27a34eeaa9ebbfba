"""Search documents of the directory: written after commit, never losing a save, never
carrying what their reader may not see; and the directory query over them (French plurals
and accents, places, radius, facets, tiers in SQL)."""

import dataclasses
import io
import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from directory.models import Organisation, OrganisationKind, Service
from directory.query import DirectoryQuery, DirectorySearchForm, search_directory
from search import indexing, registry
from search.models import SearchDocument, SearchDocumentGroup
from tests.directory.helpers import load_communes, make_instance, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return load_communes("57463", "57480", "75111", "75112", "78372", "57447")


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks of what the block saves, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def titles(user, **query):
    results = search_directory(user, DirectoryQuery(**query))
    return [document.title for document in results.page.object_list]


def document_of(obj):
    return SearchDocument.objects.get(source=obj._meta.label_lower, object_id=obj.pk)


# --- Indexing ----------------------------------------------------------------------------------


def test_a_saved_entry_is_indexed_after_commit_and_a_rolled_back_one_never(communes, indexed):
    with indexed():
        make_organisation("CMP de Metz", OrganisationKind.CMP, commune=communes["57463"])
    assert document_of(Organisation.objects.get(slug="cmp-de-metz")).commune_name == "Metz"
    with indexed():
        try:
            with transaction.atomic():
                make_organisation("Structure annulée", commune=communes["57463"])
                raise RuntimeError("l'enregistrement échoue")
        except RuntimeError:
            pass
    assert not SearchDocument.objects.filter(title="Structure annulée").exists()


def test_an_indexing_error_is_logged_and_the_save_is_kept(communes, indexed, monkeypatch, caplog):
    def broken(organisation, access):
        raise ValueError("projection cassée")

    spec = registry.spec_for(Organisation)
    monkeypatch.setitem(registry._SPECS, Organisation, dataclasses.replace(spec, build=broken))
    with caplog.at_level(logging.ERROR, logger="maillage.search"), indexed():
        make_organisation("Structure gardée", commune=communes["57463"])
    assert Organisation.objects.filter(name="Structure gardée").exists()
    assert "rebuild_search" in caplog.text


def test_a_restricted_service_never_shows_through_its_public_structure(communes, indexed):
    with indexed():
        organisation = make_organisation("Association publique", commune=communes["57463"])
        Service.objects.create(
            organisation=organisation,
            name="Accompagnement confidentiel",
            access_tier="partners",
            publics=["femmes"],
        )
    document = document_of(organisation)
    assert "confidentiel" not in document.search_text
    assert not document.facets.filter(name="public", value="femmes").exists()
    assert titles(AnonymousUser(), text="confidentiel") == []


def clauses(document):
    rows = SearchDocumentGroup.objects.filter(document=document).order_by("clause", "group")
    return [(row.clause, row.group_id) for row in rows]


def test_a_service_is_never_more_public_than_its_structure(communes, indexed):
    group = Group.objects.create(name="Famille test")
    with indexed():
        organisation = make_organisation(
            "Structure de famille", commune=communes["57463"], access_tier="family"
        )
        organisation.access_groups.add(group)
        service = Service.objects.create(organisation=organisation, name="Service ouvert")
    document = document_of(service)
    assert document.access_tier == "family"
    assert clauses(document) == [(0, group.pk)]


def test_a_service_of_family_b_under_a_family_a_structure_needs_both_families(communes, indexed):
    User = get_user_model()
    family_a, family_b = (Group.objects.create(name=f"Famille {x}") for x in "AB")
    with indexed():
        organisation = make_organisation(
            "Structure A", commune=communes["57463"], access_tier="family"
        )
        organisation.access_groups.add(family_a)
        service = Service.objects.create(
            organisation=organisation, name="Ligne imbriquée", access_tier="family"
        )
        service.access_groups.add(family_b)
    document = document_of(service)
    assert sorted(group for _clause, group in clauses(document)) == sorted(
        [family_a.pk, family_b.pk]
    )
    members = {}
    for name, groups in {"a": [family_a], "b": [family_b], "ab": [family_a, family_b]}.items():
        members[name] = User.objects.create_user(f"membre-{name}", password="x" * 12)
        members[name].groups.add(*groups)
    assert "Ligne imbriquée" not in titles(members["a"], text="ligne")
    assert "Ligne imbriquée" not in titles(members["b"], text="ligne")
    assert "Ligne imbriquée" in titles(members["ab"], text="ligne")


def test_a_change_of_tier_on_a_structure_reindexes_its_services_and_units(communes, indexed):
    with indexed():
        parent = make_organisation("Hôpital parent", commune=communes["57463"])
        unit = make_organisation("Unité publique", commune=communes["57463"], parent=parent)
        service = Service.objects.create(organisation=parent, name="Consultation")
    assert document_of(unit).subtitle == "Hôpital parent"
    with indexed():
        parent.access_tier = "partners"
        parent.save()
    assert document_of(service).access_tier == "partners"
    # The unit stays public, but no longer names a parent anonymous readers may not see.
    assert document_of(unit).access_tier == "public"
    assert document_of(unit).subtitle == ""
    assert "hopital parent" not in document_of(unit).search_text


def test_relation_changes_and_deletions_follow(communes, indexed):
    with indexed():
        organisation = make_organisation("Équipe mobile", commune=communes["57463"])
    with indexed():
        organisation.coverage.add(communes["57480"])
    assert document_of(organisation).facets.filter(name="commune", value="57480").exists()
    with indexed():
        organisation.delete()
    assert not SearchDocument.objects.filter(title="Équipe mobile").exists()


def test_deferred_indexes_a_bulk_job_once_at_the_end(
    communes, indexed, django_assert_max_num_queries
):
    with indexed(), indexing.deferred():
        for number in range(30):
            make_organisation(f"Structure {number}", commune=communes["57463"])
        # Nothing is indexed while the job runs.
        assert not SearchDocument.objects.exists()
    assert SearchDocument.objects.filter(kind="structure").count() == 30


def test_rebuild_search_rebuilds_every_document_and_prints_a_summary(communes, indexed):
    make_organisation("Structure oubliée", commune=communes["57463"])  # never committed
    make_instance("CLSM de Metz", communes=[communes["57463"]])
    assert not SearchDocument.objects.exists()
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    assert "Index reconstruit :" in out.getvalue()
    assert "directory.organisation : 1" in out.getvalue()
    assert SearchDocument.objects.filter(kind="instance").count() == 1
    assert SearchDocument.objects.filter(title="Structure oubliée").exists()


# --- Query ---------------------------------------------------------------------------------------


@pytest.fixture
def entries(communes, indexed):
    with indexed():
        make_organisation(
            "Résidence Hébergement Moselle",
            OrganisationKind.HOUSING_OPERATOR,
            commune=communes["57463"],
            description="Logement accompagné et accès aux droits.",
            thematiques=["logement-hebergement--louer-un-logement"],
        )
        make_organisation(
            "CMP Montigny",
            OrganisationKind.CMP,
            commune=communes["57480"],
            description="Consultations de santé mentale.",
            thematiques=["sante--sante-mentale"],
        )
        make_organisation("Bailleur du 11e", OrganisationKind.LANDLORD, commune=communes["75111"])
        make_organisation(
            "Association parisienne",
            commune=communes["75111"].parent,
            description="Intervient dans tout Paris.",
        )
        make_organisation("Structure de Marly-le-Roi", commune=communes["78372"])
        make_organisation(
            "Structure réservée",
            commune=communes["57463"],
            access_tier="partners",
            description="Logement réservé.",
        )


@pytest.mark.parametrize(
    "text",
    ["logements", "LOGEMENT", "hebergement", "Hébergements", "acces", "accès", "santé", "sante"],
)
def test_french_plurals_accents_and_case_match(entries, text):
    found = titles(AnonymousUser(), text=text)
    assert found and set(found) <= {"Résidence Hébergement Moselle", "CMP Montigny"}


def test_place_a_city_finds_its_arrondissements_and_an_arrondissement_the_city(entries):
    assert set(titles(AnonymousUser(), place="Paris")) == {
        "Bailleur du 11e",
        "Association parisienne",
    }
    assert set(titles(AnonymousUser(), place="Paris 11e")) == {
        "Bailleur du 11e",
        "Association parisienne",
    }
    assert titles(AnonymousUser(), place="Paris 12e") == ["Association parisienne"]


def test_an_ambiguous_or_unknown_place_says_so_and_lists_nothing(entries):
    results = search_directory(AnonymousUser(), DirectoryQuery(place="Marl"))
    assert results.place.status == "ambiguous" and results.total == 0
    assert {commune.code for commune in results.place.choices} == {"57447", "78372"}
    results = search_directory(AnonymousUser(), DirectoryQuery(place="Atlantide"))
    assert results.total == 0 and "Aucune commune" in results.messages[0]


def test_radius_keeps_nearby_entries_ordered_by_distance(entries):
    results = search_directory(AnonymousUser(), DirectoryQuery(place="57463", radius_km=10))
    found = [(d.title, round(d.distance_km)) for d in results.page.object_list]
    assert [title for title, _km in found] == ["Résidence Hébergement Moselle", "CMP Montigny"]
    assert found[0][1] <= found[1][1] <= 10


def test_facets_or_within_and_across_and_counts(entries):
    user = AnonymousUser()
    assert set(titles(user, facets={"type": ["cmp", "logement-accompagne"]})) == {
        "Résidence Hébergement Moselle",
        "CMP Montigny",
    }
    assert titles(user, facets={"type": ["cmp"], "thematique": ["logement-hebergement"]}) == []
    results = search_directory(user, DirectoryQuery(place="Metz", radius_km=20))
    counts = {value.value: value.count for value in results.facets["type"]}
    assert counts["cmp"] == 1 and counts["logement-accompagne"] == 1


def test_tiers_are_filtered_in_the_query_for_each_audience(entries, demo):
    partner = get_user_model().objects.get(username="membre.social")
    assert "Structure réservée" not in titles(AnonymousUser(), text="logement")
    assert "Structure réservée" in titles(partner, text="logement")


def test_the_number_of_queries_does_not_grow_with_restricted_entries(communes, indexed):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            search_directory(AnonymousUser(), DirectoryQuery(text="structure", place="57463"))
        return [query["sql"] for query in captured.captured_queries]

    with indexed():
        make_organisation("Structure publique", commune=communes["57463"])
    before = queries()
    assert len(before) <= 8
    with indexed():
        for number in range(40):
            group = Group.objects.create(name=f"Groupe {number}")
            organisation = make_organisation(
                f"Structure privée {number}", commune=communes["57463"], access_tier="family"
            )
            organisation.access_groups.add(group)
    after = queries()
    assert len(after) == len(before)
    # Same SQL, whatever the number of restricted entries: no clause per entry.
    assert [len(sql) for sql in after] == [len(sql) for sql in before]


def test_the_form_rejects_oversized_and_unknown_input_in_french():
    form = DirectorySearchForm({"q": "x" * 50_000, "rayon": "10", "type": "inconnu"})
    assert not form.is_valid()
    assert "trop longue" in form.errors["q"][0]
    assert "Indiquez une commune" in form.errors["lieu"][0]
    assert "type" in form.errors
