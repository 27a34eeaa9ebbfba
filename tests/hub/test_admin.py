"""Editors manage the hub's pages in the Wagtail admin: each editing form opens."""

import pytest
from django.contrib.auth import get_user_model

from hub.models import CharterPage, HomePage, ProjectSheetPage, StandardPage, TerritoryPage


@pytest.fixture
def admin_client(verified_login, demo):
    return verified_login(get_user_model().objects.get(username="admin"))


@pytest.mark.parametrize(
    "model", [HomePage, CharterPage, TerritoryPage, ProjectSheetPage, StandardPage]
)
def test_admin_edit_form_of_each_page_type_opens(admin_client, model):
    page = model.objects.first()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200


def test_partner_families_are_listed_as_snippets(admin_client):
    response = admin_client.get("/admin/snippets/accounts/partnerfamily/")
    assert response.status_code == 200
    assert "Psychiatrie publique" in response.content.decode()


def test_a_partner_member_cannot_open_the_admin(client, demo):
    client.force_login(get_user_model().objects.get(username="membre.bailleurs"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editor_saving_the_charter_keeps_its_structure(admin_client):
    charter = CharterPage.objects.get()
    revision = charter.save_revision()
    revision.publish()
    charter.refresh_from_db()
    assert charter.fiches.count() == 3
    assert charter.signatories.count() == 13
