"""Registering as a partner does it: the session page's form, the capacity, the waiting
list (said on the page and by e-mail), cancelling and the promotion of the first waiting,
and the bad input refused with French messages next to the field."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from hub.trainings import registration as flow
from hub.trainings.models import Registration, Status, TrainingSession
from tests.accounts import BAILLEURS, SOCIAL, make_user
from tests.trainings.conftest import make_session

FORM = {"organisation": "Bailleur du Rhône", "role": "Gardienne"}


def register(client, user, session, data=FORM):
    """POST the session's form as `user`; the e-mails leave after the commit, which the
    test's transaction never reaches: its callbacks are run as a commit would."""
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/formations/session/{session.pk}/", data, follow=True)


def test_a_partner_registers_and_receives_the_confirmation(client, lyon, module, partner):
    session = make_session(module, lyon, capacity=2)
    page = client.get(f"/formations/session/{session.pk}/").content.decode()
    assert "2 places restantes sur 2" in page
    assert "Se connecter pour s’inscrire" in page
    response = register(client, partner, session)
    body = response.content.decode()
    assert "Votre inscription est confirmée" in body
    assert "Vous êtes inscrit(e) à cette session." in body
    assert "1 place restante sur 2" in body
    row = Registration.objects.get(session=session, user=partner)
    assert (row.status, row.organisation, row.role) == (
        Status.REGISTERED,
        "Bailleur du Rhône",
        "Gardienne",
    )
    [message] = mail.outbox
    assert message.to == ["claire.partenaire@example.org"]
    assert message.subject == "Inscription confirmée : Formation-action"
    assert "Salle du conseil" in message.body
    assert f"/formations/session/{session.pk}/" in message.body


def test_over_capacity_the_person_is_put_on_the_waiting_list_and_told_so(
    client, lyon, module, partner
):
    session = make_session(module, lyon, capacity=1)
    first = make_user("paul.premier", families=[SOCIAL])
    register(client, first, session)
    mail.outbox.clear()
    full = client.get(f"/formations/session/{session.pk}/").content.decode()
    assert "complet : une nouvelle inscription va en liste d’attente" in full
    response = register(client, partner, session)
    body = response.content.decode()
    assert "La session est complète : vous êtes inscrit(e) sur la liste d’attente" in body
    assert "Vous êtes sur la liste d’attente de cette session." in body
    assert Registration.objects.get(user=partner).status == Status.WAITING
    [message] = mail.outbox
    assert message.subject == "Liste d'attente : Formation-action"
    assert "vous êtes sur la liste d'attente" in message.body


def test_cancelling_frees_the_place_for_the_first_waiting(client, lyon, module, partner):
    session = make_session(module, lyon, capacity=1)
    holder = make_user("paul.premier", families=[SOCIAL])
    second = make_user("sophie.seconde", families=[SOCIAL])
    register(client, holder, session)
    register(client, partner, session)
    register(client, second, session)
    mail.outbox.clear()
    holder_row = Registration.objects.get(user=holder)
    client.force_login(holder)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/formations/inscription/{holder_row.pk}/annuler/", follow=True)
    assert "Votre inscription est annulée." in response.content.decode()
    statuses = dict(Registration.objects.values_list("user__username", "status"))
    assert statuses == {
        "paul.premier": Status.CANCELLED,
        "claire.partenaire": Status.REGISTERED,  # first on the waiting list
        "sophie.seconde": Status.WAITING,
    }
    [message] = mail.outbox
    assert message.to == ["claire.partenaire@example.org"]
    assert message.subject.startswith("Une place s'est libérée")


def test_cancelling_a_waiting_place_promotes_nobody(lyon, module, partner):
    session = make_session(module, lyon, capacity=1)
    holder = make_user("paul.premier", families=[SOCIAL])
    flow.register(holder, session.pk, "A", "B")
    waiting = flow.register(partner, session.pk, "A", "B").registration
    third = flow.register(make_user("t.troisieme"), session.pk, "A", "B").registration
    outcome = flow.cancel(waiting.pk)
    assert outcome.promoted is None
    third.refresh_from_db()
    assert third.status == Status.WAITING


def test_registering_twice_keeps_one_row_and_a_cancelled_person_may_come_back(
    lyon, module, partner
):
    session = make_session(module, lyon, capacity=3)
    first = flow.register(partner, session.pk, "A", "B").registration
    again = flow.register(partner, session.pk, "C", "D").registration
    assert again.pk == first.pk and again.organisation == "A"
    flow.cancel(first.pk)
    back = flow.register(partner, session.pk, "C", "D").registration
    assert back.pk == first.pk
    assert (back.status, back.organisation) == (Status.REGISTERED, "C")


def test_each_registration_locks_the_session_before_counting_places(lyon, module, partner):
    """The row lock comes first (an UPDATE of the session, then SELECT … FOR UPDATE on
    PostgreSQL), so that a concurrent registration waits and then counts afresh."""
    session = make_session(module, lyon, capacity=1)
    with CaptureQueriesContext(connection) as queries:
        flow.register(partner, session.pk, "A", "B")
    sql = [query["sql"].upper() for query in queries.captured_queries]
    lock = next(i for i, q in enumerate(sql) if q.startswith('UPDATE "TRAININGS_TRAININGSESSION"'))
    count = next(i for i, q in enumerate(sql) if "COUNT(" in q)
    assert lock < count
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q for q in sql[lock:count])
    session.refresh_from_db()
    assert session.places_version == 1


def test_bad_input_is_refused_in_french_next_to_the_field(client, lyon, module, partner):
    session = make_session(module, lyon)
    response = register(client, partner, session, {"organisation": "", "role": "Gardien"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez votre organisation." in body
    assert 'id="id_organisation_error"' in body
    assert "<title>Erreur :" in body
    nir = register(
        client, partner, session, {"organisation": "Bailleur", "role": "1 85 05 78 006 084 36"}
    )
    assert "numéro de sécurité sociale" in nir.content.decode()
    assert not Registration.objects.exists()


def test_a_session_ending_before_it_starts_is_refused(lyon, module):
    session = make_session(module, lyon)
    session.end = session.start - timedelta(hours=1)
    session.capacity = 0
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["end"] == ["La fin doit venir après le début."]
    assert "Une session a au moins une place." in error.value.message_dict["capacity"][0]
    module.length_days_max = 3
    with pytest.raises(ValidationError) as error:
        module.full_clean()
    assert "inférieure à la durée" in error.value.message_dict["length_days_max"][0]


def test_registering_needs_an_account_and_an_accreditation(client, lyon, module):
    session = make_session(module, lyon)
    anonymous = client.post(f"/formations/session/{session.pk}/", FORM)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/compte/connexion/")
    expired = make_user("e.expire", families=[BAILLEURS], expires_in_days=-2)
    client.force_login(expired)
    page = client.get(f"/formations/session/{session.pk}/").content.decode()
    assert "S’inscrire" not in page
    # An expired accreditation: sent to the login page (or refused), never registered.
    assert client.post(f"/formations/session/{session.pk}/", FORM).status_code in (302, 404)
    assert not TrainingSession.objects.get().registrations.exists()


def test_a_past_session_takes_no_registration(client, lyon, module, partner):
    session = make_session(module, lyon, days=-10)
    client.force_login(partner)
    assert (
        "Cette session est terminée."
        in client.get(f"/formations/session/{session.pk}/").content.decode()
    )
    assert client.post(f"/formations/session/{session.pk}/", FORM).status_code == 404
