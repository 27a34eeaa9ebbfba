"""The directory's models: French validation messages, the demo, the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command

from directory.models import (
    Contact,
    CoordinationInstance,
    Organisation,
    OrganisationKind,
    PsychiatricSector,
    Service,
)
from tests.directory.helpers import (
    load_communes,
    load_demo_directory,
    make_contact,
    make_instance,
    make_organisation,
)


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Contacts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["01 99 00 12 34", "0199001234", "+33 1 99 00 12 34", "+33199001234", "01.99.00.12.34"],
)
def test_contact_accepts_french_phone_numbers(phone):
    contact = Contact(organisation=make_organisation(), role="Accueil CMP", phone=phone)
    contact.full_clean()


@pytest.mark.parametrize("phone", ["12345", "+44 20 7946 0000", "01 99 00 12", "00 99 00 12 34"])
def test_contact_refuses_other_phone_numbers_in_french(phone):
    contact = Contact(organisation=make_organisation(), role="Accueil CMP", phone=phone)
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "numéro de téléphone français" in messages(error.value)


def test_contact_refuses_an_invalid_email():
    contact = Contact(organisation=make_organisation(), role="Accueil", email="pas-un-courriel")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "email" in error.value.message_dict


def test_contact_needs_an_email_or_a_phone():
    contact = Contact(organisation=make_organisation(), role="Accueil")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "au moins un courriel ou un téléphone" in messages(error.value)


def test_a_contact_field_may_only_be_public_or_for_partners():
    contact = Contact(
        organisation=make_organisation(),
        role="Accueil",
        phone="01 99 00 00 01",
        phone_tier="family",
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "phone_tier" in error.value.message_dict


def test_contact_reads_as_its_role_and_organisation():
    contact = make_contact(make_organisation("CMP de test", OrganisationKind.CMP), "Accueil CMP")
    assert str(contact) == "Accueil CMP (CMP de test)"


# --- Organisations and services ------------------------------------------------------------


def test_organisation_refuses_an_unknown_thematique_in_french():
    organisation = Organisation(
        name="Asso", slug="asso", kind=OrganisationKind.ASSOCIATION, thematiques=["inventee"]
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "Code inconnu du référentiel data·inclusion : inventee" in messages(error.value)


def test_organisation_accepts_data_inclusion_thematiques():
    organisation = Organisation(
        name="Asso",
        slug="asso",
        kind=OrganisationKind.ASSOCIATION,
        thematiques=["sante--sante-mentale"],
        reseaux_porteurs=["cmp"],
    )
    organisation.full_clean()


def test_organisation_needs_both_coordinates_or_none():
    organisation = Organisation(
        name="Asso", slug="asso", kind=OrganisationKind.ASSOCIATION, latitude=49.1
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "latitude et la longitude ensemble" in messages(error.value)


def test_siret_has_fourteen_digits():
    organisation = Organisation(
        name="Asso", slug="asso", kind=OrganisationKind.ASSOCIATION, siret="1234"
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "14 chiffres" in messages(error.value)


def test_organisations_are_ordered_by_name_and_carry_tags():
    make_organisation("Zèbre")
    asso = make_organisation("Asso")
    asso.tags.add("démo")
    asso.save()
    assert [o.name for o in Organisation.objects.all()] == ["Asso", "Zèbre"]
    assert list(Organisation.objects.filter(tags__name="démo")) == [asso]


def test_service_zone_eligibilite_takes_insee_codes():
    service = Service(
        organisation=make_organisation(), name="Accompagnement", zone_eligibilite=["57463", "Metz"]
    )
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "Code INSEE invalide : Metz" in messages(error.value)


def test_service_contact_must_belong_to_its_organisation():
    other = make_contact(make_organisation("Autre"))
    service = Service(organisation=make_organisation(), name="Accueil", contact=other)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "appartient à une autre structure" in messages(error.value)


# --- Sectors and instances -----------------------------------------------------------------


def test_a_sector_is_attached_to_a_hospital():
    sector = PsychiatricSector(code="57G01", name="Secteur", hospital=make_organisation())
    with pytest.raises(ValidationError) as error:
        sector.full_clean()
    assert "doit être un hôpital" in messages(error.value)


def test_a_new_coordination_instance_gets_its_members_group():
    instance = make_instance("CLSM de Marly")
    assert instance.group.name == "Instance : CLSM de Marly"
    assert instance.status == CoordinationInstance.Status.ACTIVE


def test_an_instance_territory_is_a_list_of_communes_or_arrondissements():
    communes = load_communes("75111", "57463")
    instance = make_instance("CLSM mixte", communes=[communes["75111"], communes["57463"]])
    assert sorted(c.code for c in instance.communes.all()) == ["57463", "75111"]


# --- Demo ----------------------------------------------------------------------------------


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Contact, PsychiatricSector, CoordinationInstance, Service)
    } | {"groups": Group.objects.count()}


def test_loading_the_directory_demo_twice_gives_the_same_rows():
    load_demo_directory()
    first = _counts()
    call_command("load_directory_demo", stdout=open("/dev/null", "w"))
    assert _counts() == first
    assert first["Organisation"] >= 20


def test_demo_reuses_the_instances_of_the_partner_spaces():
    from directory.demo import ensure_instances

    ensure_instances()
    before = CoordinationInstance.objects.count()
    load_demo_directory()
    assert CoordinationInstance.objects.count() == before
    clsm = CoordinationInstance.objects.get(slug="clsm-metz")
    assert clsm.group.name == "Instance : CLSM du territoire messin"
    assert clsm.lead_organisation.slug == "ch-jury"


def test_demo_contacts_are_roles_with_fictional_lines_marked_as_demo():
    load_demo_directory()
    for contact in Contact.objects.all():
        contact.full_clean()
        assert contact.email.endswith("@example.org")
        assert not contact.phone or contact.phone.startswith("01 99 00")
        assert "démonstration" in contact.source
    assert Contact.objects.filter(phone_tier="partners").exists()


def test_demo_marks_what_the_seeds_do_not_say():
    load_demo_directory()
    # The entries invented to show the access levels say so, and claim no address.
    invented = {"source": "Entrée fictive de démonstration des niveaux d'accès"}
    for sector in PsychiatricSector.objects.exclude(**invented):
        assert "[à vérifier" in sector.code
    assert all("[à vérifier" in o.address for o in Organisation.objects.exclude(**invented))
    for entry in PsychiatricSector.objects.filter(**invented):
        assert entry.code.startswith("[Démo]") and entry.name.startswith("[Démo]")
    for entry in Organisation.objects.filter(**invented):
        assert entry.name.startswith("[Démo]") and entry.address == ""
        assert "Entrée fictive" in entry.description
    # Positions are the communes' centroids (the city's for an arrondissement without one).
    jury_cmp = Organisation.objects.get(slug="cmp-metz-ch-jury")
    assert (jury_cmp.latitude, jury_cmp.longitude) == (
        jury_cmp.commune.latitude,
        jury_cmp.commune.longitude,
    )
    # Marseille 14e has no centroid in the gazetteer: its fictitious entry sits at the city's.
    marseille = Organisation.objects.get(slug="demo-acces-marseille-partenaires")
    assert marseille.commune.latitude is None
    assert marseille.latitude == marseille.commune.parent.latitude


# --- Admin ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["organisation", "service", "coordinationinstance", "psychiatricsector", "contact"]
)
def test_editors_list_and_add_directory_entries_in_the_admin(admin_client, model):
    load_demo_directory()
    listing = admin_client.get(f"/admin/snippets/directory/{model}/")
    assert listing.status_code == 200
    assert admin_client.get(f"/admin/snippets/directory/{model}/add/").status_code == 200


def test_an_editor_adds_a_contact_in_the_admin_and_a_revision_is_kept(admin_client):
    cmp = make_organisation("CMP de Marly", OrganisationKind.CMP)
    response = admin_client.post(
        "/admin/snippets/directory/contact/add/",
        {
            "role": "Accueil CMP",
            "organisation": cmp.pk,
            "email": "accueil@example.org",
            "email_tier": "public",
            "phone": "+33 1 99 00 00 02",
            "phone_tier": "partners",
            "phone_hours": "",
            "access_tier": "public",
            "source": "test",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = Contact.objects.get(role="Accueil CMP")
    assert contact.phone_tier == "partners"
    assert contact.latest_revision is not None


def test_the_admin_form_says_what_is_wrong_with_a_phone_in_french(admin_client):
    cmp = make_organisation("CMP de Marly", OrganisationKind.CMP)
    response = admin_client.post(
        "/admin/snippets/directory/contact/add/",
        {"role": "Accueil", "organisation": cmp.pk, "phone": "12", "access_tier": "public"},
    )
    assert response.status_code == 200
    assert "numéro de téléphone français" in response.content.decode()
    assert not Contact.objects.exists()


def test_an_editor_adds_an_organisation_with_tags_and_thematiques(admin_client):
    load_communes("57463", "57480")
    response = admin_client.post(
        "/admin/snippets/directory/organisation/add/",
        {
            "name": "GEM de Metz",
            "slug": "gem-de-metz",
            "kind": "gem",
            "thematiques": ["sante--sante-mentale"],
            "tags": "démo, metz",
            "commune": "57463",
            "coverage": "57463 57480",
            "access_tier": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gem = Organisation.objects.get(slug="gem-de-metz")
    assert gem.commune.code == "57463"
    assert sorted(gem.coverage.values_list("code", flat=True)) == ["57463", "57480"]
    assert gem.thematiques == ["sante--sante-mentale"]
    assert sorted(gem.tags.names()) == ["démo", "metz"]
    assert gem.latest_revision is not None


def test_an_editor_types_the_insee_codes_of_a_service_zone(admin_client):
    cmp = make_organisation("CMP de Marly", OrganisationKind.CMP)
    response = admin_client.post(
        "/admin/snippets/directory/service/add/",
        {
            "organisation": cmp.pk,
            "name": "Consultations",
            "types": ["accompagnement"],
            "zone_eligibilite": "57447, 57463",
            "access_tier": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    service = Service.objects.get(name="Consultations")
    assert service.zone_eligibilite == ["57447", "57463"]
    assert service.types == ["accompagnement"]
    edit = admin_client.get(f"/admin/snippets/directory/service/edit/{service.pk}/")
    assert 'value="57447 57463"' in edit.content.decode()


def test_an_editor_types_a_territory_as_insee_codes_and_an_unknown_code_is_refused(admin_client):
    load_demo_directory()
    sector = PsychiatricSector.objects.get(code="[à vérifier] Paris 11e")
    edit = admin_client.get(f"/admin/snippets/directory/psychiatricsector/edit/{sector.pk}/")
    assert 'value="75111"' in edit.content.decode()
    response = admin_client.post(
        "/admin/snippets/directory/coordinationinstance/add/",
        {
            "name": "CLSM fictif",
            "slug": "clsm-fictif",
            "kind": "clsm",
            "status": "active",
            "communes": "57463 99999",
            "access_tier": "public",
        },
    )
    assert response.status_code == 200
    assert "Code INSEE inconnu : 99999" in response.content.decode()


def test_an_instance_added_in_the_admin_gets_its_members_group(admin_client):
    load_communes("57463")
    response = admin_client.post(
        "/admin/snippets/directory/coordinationinstance/add/",
        {
            "name": "CLSM fictif",
            "slug": "clsm-fictif",
            "kind": "clsm",
            "status": "active",
            "communes": "57463",
            "access_tier": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    instance = CoordinationInstance.objects.get(slug="clsm-fictif")
    assert instance.group.name == "Instance : CLSM fictif"
    assert [c.code for c in instance.communes.all()] == ["57463"]
