"""The privacy guard on the public forms: the error report and the account request refuse
identifiers and warn about a named person's health, next to the field, keep what was
typed, and store nothing."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from directory.models import ErrorReport, Organisation
from hub.accounts.models import AccreditationRequest
from tests.accounts import BAILLEURS, PSYCHIATRIE, family, make_user, request_data
from tests.directory.helpers import make_organisation

HEALTH = "semble désigner une personne par sa santé ou ses soins"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def field_error(page, name):
    """The French error shown next to the field `name` (its `<id>_error` block)."""
    block = page.find(id=f"id_{name}_error")
    return block.get_text(" ", strip=True) if block else ""


# --- « Signaler une erreur » ------------------------------------------------------------------


@pytest.fixture
def cmp():
    return make_organisation(
        "CMP de test Metz", kind=Organisation.Kind.CMP, partner_family=family(PSYCHIATRIE)
    )


def report(client, cmp, message):
    data = {"topic": "adresse", "message": message, "reporter_email": "", "website": ""}
    return client.post(reverse("directory:report", args=[cmp.slug]), data)


def test_a_report_with_a_date_of_birth_is_refused_next_to_the_field_and_kept(client, cmp):
    message = "La locataire née le 12/03/1975 n'a pas été reçue par ce CMP."
    response = report(client, cmp, message)
    assert response.status_code == 200
    page = soup(response)
    assert "semble contenir une date de naissance" in field_error(page, "message")
    assert page.find("textarea", attrs={"name": "message"}).get_text().strip() == message
    # The error summary links to the field.
    assert page.select_one('.error-summary a[href="#id_message"]') is not None
    assert not ErrorReport.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "message",
    ["Mme Martin, schizophrène, n'a pas de rendez-vous au CMP.", "Kevin, bipolaire, attend."],
)
def test_a_report_naming_a_person_with_a_diagnosis_is_warned_and_not_stored(client, cmp, message):
    response = report(client, cmp, message)
    assert response.status_code == 200
    page = soup(response)
    error = field_error(page, "message")
    assert HEALTH in error and "la personne accompagnée" in error
    assert page.find("textarea", attrs={"name": "message"}).get_text().strip() == message
    assert not ErrorReport.objects.exists()


def test_a_report_rephrased_by_function_is_accepted(client, cmp):
    message = "Le CMP de Metz ne reçoit plus le mardi ; Mme la Présidente du CLSM le confirme."
    response = report(client, cmp, message)
    assert response.status_code == 302
    assert ErrorReport.objects.get().message == message


# --- /compte/demande/ -------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["motivation", "organisation", "job_role"])
def test_an_account_request_naming_a_patient_with_a_diagnosis_is_warned(client, field):
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    typed = "Mme Durand, bipolaire, hospitalisée"
    response = client.post("/compte/demande/", request_data(**{field: typed}))
    assert response.status_code == 200
    page = soup(response)
    error = field_error(page, field)
    assert HEALTH in error and "« Mme Durand, bipolaire »" in error
    kept = page.find(attrs={"name": field})
    assert (kept.get("value") or kept.get_text()).strip() == typed
    assert AccreditationRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("field", ["organisation", "job_role"])
def test_an_identifier_in_the_organisation_or_the_role_is_refused(client, field):
    response = client.post("/compte/demande/", request_data(**{field: "NIR 2 55 08 14 168 025 38"}))
    assert "semble contenir un numéro de sécurité sociale" in field_error(soup(response), field)
    assert AccreditationRequest.objects.count() == 0


def test_a_professional_request_passes(client):
    make_user("referent.bailleurs", referent_of=[BAILLEURS])
    data = request_data(
        organisation="CH Édouard Toulouse",
        job_role="Infirmière de l'unité d'hospitalisation",
        motivation="M. le Directeur souhaite que je consulte les procédures du CLSM.",
    )
    response = client.post("/compte/demande/", data)
    assert response.status_code == 302
    assert AccreditationRequest.objects.get().organisation == "CH Édouard Toulouse"
