"""The leak matrix, for the directory in the Wagtail admin: snippet choosers (with their
results, `chosen/<id>/` and `chosen-multiple/` URLs), the bulk delete confirmation, the
error reports' chooser, and, for an editor with rights on the directory, its listing and
the site history. The family A referent never reads a family B or instance entry there;
what they may view stays choosable; an administrator still sees everything.
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.log_actions import log

from directory.models import ErrorReport, PsychiatricSector
from tests.access.admin_leaks import (
    ALL,
    HIDDEN,
    REFERENT,
    SEEN,
    assert_hidden,
    assert_shown,
    every_results_page,
    grant,
    ids,
    login,
    text_of,
)
from tests.access.conftest import MARKERS, NESTED_MARKERS

# `django_db` as well: pytest-django creates the test database only when a collected test
# asks for it by name, and the module-scoped world is built before any test does.
pytestmark = [pytest.mark.usefixtures("world"), pytest.mark.django_db]


def test_referent_never_sees_a_hidden_structure_on_the_bulk_delete_confirmation(
    verified_login, world
):
    url = f"/admin/bulk/directory/organisation/delete/?{ids(world.organisations.values())}"
    assert_hidden(text_of(login(verified_login, REFERENT).get(url)), HIDDEN, "la suppression")
    assert_shown(text_of(login(verified_login, "admin").get(url)), ALL, "la suppression (admin)")


# --- Directory choosers --------------------------------------------------------------------------

ENTRIES = {
    "organisation": "organisations",
    "service": "services",
    "contact": "contacts",
    "coordinationinstance": "instances",
}


@pytest.mark.parametrize("model", ENTRIES)
def test_referent_never_sees_a_hidden_directory_entry_in_its_chooser_nor_its_results(
    verified_login, model
):
    base = f"/admin/snippets/choose/directory/{model}/"
    text = every_results_page(login(verified_login, REFERENT), base)
    assert_hidden(text, HIDDEN, f"le sélecteur « {model} »")
    assert_shown(text, SEEN, f"le sélecteur « {model} »")
    admin_text = every_results_page(login(verified_login, "admin"), base, q="CANARI")
    assert_shown(admin_text, ALL, f"le sélecteur « {model} » (admin)")


@pytest.mark.parametrize("model", ENTRIES)
def test_referent_never_gets_a_hidden_directory_entry_chosen_by_id(verified_login, world, model):
    client = login(verified_login, REFERENT)
    entries = getattr(world, ENTRIES[model])
    base = f"/admin/snippets/choose/directory/{model}/"
    for tier in ("family_b", "instance"):
        response = client.get(f"{base}chosen/{entries[tier].pk}/")
        assert response.status_code == 404
        assert_hidden(text_of(response), HIDDEN, f"le choix d'un « {model} »")
    assert client.get(f"{base}chosen/{entries['family_a'].pk}/").status_code == 200
    text = text_of(client.get(f"{base}chosen-multiple/?{ids(entries.values())}"))
    assert_hidden(text, HIDDEN, f"le choix de plusieurs « {model} »")
    assert_shown(text, SEEN, f"le choix de plusieurs « {model} »")


def test_referent_never_sees_a_family_b_sector_in_the_psychiatric_sector_chooser(
    verified_login, world
):
    sector = PsychiatricSector.objects.create(
        code="57G99",
        name=f"Secteur {MARKERS['family_b']}",
        hospital=world.organisations["public"],
        access_tier="family",
    )
    sector.access_groups.add(world.spaces["family_b"].family.group)
    base = "/admin/snippets/choose/directory/psychiatricsector/"
    client = login(verified_login, REFERENT)
    assert_hidden(every_results_page(client, base), HIDDEN, "le sélecteur de secteurs")
    assert client.get(f"{base}chosen/{sector.pk}/").status_code == 404
    admin_text = every_results_page(login(verified_login, "admin"), base)
    assert_shown(admin_text, [MARKERS["family_b"]], "le sélecteur de secteurs (admin)")


def test_a_service_is_kept_out_of_the_chooser_of_whoever_may_not_view_its_structure(
    verified_login, world
):
    # A family B service of a family A structure: seen only by who is in both families.
    marker = NESTED_MARKERS["service_family_b_in_family_a"]
    base = "/admin/snippets/choose/directory/service/"
    for username in (REFERENT, "referent.psychiatrie"):
        text = every_results_page(login(verified_login, username), base)
        assert_hidden(text, [marker], f"le sélecteur de services de {username}")
    assert_shown(every_results_page(login(verified_login, "admin"), base), [marker], "admin")


def test_only_those_who_may_list_error_reports_open_their_chooser(verified_login, world):
    hidden = world.organisations["family_b"]
    report = ErrorReport.objects.create(
        entry=hidden, entry_label=hidden.name, topic="adresse", message="Adresse erronée."
    )
    base = "/admin/snippets/choose/directory/errorreport/"
    client = login(verified_login, REFERENT)
    for url in (base, f"{base}results/", f"{base}chosen/{report.pk}/"):
        response = client.get(url)
        # Refused: the admin answers a refusal with a redirect to its home and a message.
        assert response.status_code in (302, 403)
        assert_hidden(text_of(response), HIDDEN, url)
    bulk = f"/admin/bulk/directory/errorreport/delete/?id={report.pk}"
    assert_hidden(text_of(client.get(bulk)), HIDDEN, "la suppression groupée des signalements")
    admin_text = text_of(login(verified_login, "admin").get(base))
    assert_shown(admin_text, [MARKERS["family_b"]], "le sélecteur des signalements (admin)")


# --- Directory listing and history, for an editor with rights on the directory -------------


def test_a_directory_editor_lists_only_the_structures_they_may_view(verified_login):
    grant(REFERENT, codenames=["directory.change_organisation"])
    url = "/admin/snippets/directory/organisation/?q=CANARI"
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, HIDDEN, "la liste des structures")
    assert_shown(text, SEEN, "la liste des structures")
    assert_shown(text_of(login(verified_login, "admin").get(url)), ALL, "la liste (admin)")


def test_a_directory_editor_never_sees_a_hidden_structure_in_the_site_history(
    verified_login, world
):
    grant(REFERENT, codenames=["directory.change_organisation"])
    admin_user = get_user_model().objects.get(username="admin")
    for tier in ("family_a", "family_b", "instance"):
        log(instance=world.organisations[tier], action="wagtail.edit", user=admin_user)
    url = "/admin/reports/site-history/"
    text = text_of(login(verified_login, REFERENT).get(url))
    assert_hidden(text, HIDDEN, "l'historique du site")
    assert_shown(text, [MARKERS["family_a"]], "l'historique du site")
    assert_shown(text_of(login(verified_login, "admin").get(url)), HIDDEN, "l'historique (admin)")
