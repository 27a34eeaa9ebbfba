"""A service or a contact more open than its structure: accepted (hub.access hides it from
whoever may not see the structure), but the admin says so in plain French, next to the
visibility field and after saving."""

import pytest
from django import forms
from django.contrib.auth.models import Group

from directory.admin_forms import container_note
from directory.models import Service
from tests.directory.helpers import make_contact, make_organisation

NOTE = "Attention : la structure"


def form_data(form):
    """What the browser would send back for this form, unchanged."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or bound.name == "access_groups":
            continue
        if value == "" and isinstance(bound.field, forms.MultipleChoiceField):
            # An empty list of codes is sent as no value at all.
            continue
        data[bound.name] = value
    return data


@pytest.fixture
def restricted():
    family = Group.objects.create(name="Famille A")
    organisation = make_organisation("Structure réservée", access_tier="family")
    organisation.access_groups.add(family)
    return organisation, family


def test_the_note_names_the_structure_and_who_may_see_it(restricted):
    organisation, family = restricted
    note = container_note(organisation, "public", [])
    assert "« Structure réservée »" in note and "Famille A" in note
    # The same family, or a narrower audience, needs no note.
    assert container_note(organisation, "family", [family]) == ""
    assert container_note(make_organisation("Structure publique"), "partners", []) == ""
    other = Group.objects.create(name="Famille B")
    assert container_note(organisation, "family", [other]).startswith(NOTE)


def test_the_edit_form_of_a_more_open_service_shows_the_note_next_to_its_visibility(
    admin_client, restricted
):
    organisation, _family = restricted
    service = Service.objects.create(
        organisation=organisation, name="Accueil", access_tier="public"
    )
    response = admin_client.get(f"/admin/snippets/directory/service/edit/{service.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert NOTE in html and "Structure réservée" in html


def test_the_edit_form_of_a_more_open_contact_shows_the_note(admin_client, restricted):
    organisation, _family = restricted
    contact = make_contact(organisation, access_tier="partners")
    response = admin_client.get(f"/admin/snippets/directory/contact/edit/{contact.pk}/")
    assert NOTE in response.content.decode()


def test_saving_a_more_open_service_is_accepted_and_warned(admin_client, restricted):
    organisation, _family = restricted
    service = Service.objects.create(
        organisation=organisation, name="Accueil", access_tier="family"
    )
    url = f"/admin/snippets/directory/service/edit/{service.pk}/"
    data = form_data(admin_client.get(url).context["form"])
    data.update({"organisation": organisation.pk, "name": "Accueil", "access_tier": "public"})
    response = admin_client.post(url, data, follow=True)
    service.refresh_from_db()
    assert service.access_tier == "public"
    messages = [str(message) for message in response.context["messages"]]
    assert any(NOTE in message for message in messages)
