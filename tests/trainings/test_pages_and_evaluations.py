"""The catalogue, « Mes formations », the evaluations (the registrant's only, after the
session for « à chaud », once), the attendance marked by the module's managers, the
aggregated results (nothing below three answers) and the certificate as a PDF."""

import io

import pytest
from pypdf import PdfReader

from hub.trainings import results
from hub.trainings.models import Evaluation, EvaluationKind, Registration, Status
from tests.accounts import BAILLEURS, PSYCHIATRIE, SOCIAL, make_user
from tests.trainings.conftest import attend, make_session

ANSWERS = {
    "score_objectives": "4",
    "score_practice": "5",
    "score_network": "3",
    "score_overall": "4",
    "comment": "Des échanges utiles entre bailleurs et soignants.",
}


def evaluate(session, user, kind=EvaluationKind.HOT, scores=(4, 4, 4, 4), comment=""):
    registration = Registration.objects.filter(session=session, user=user).first() or attend(
        session, user
    )
    return Evaluation.objects.create(
        registration=registration,
        kind=kind,
        score_objectives=scores[0],
        score_practice=scores[1],
        score_network=scores[2],
        score_overall=scores[3],
        comment=comment,
    )


def test_the_catalogue_lists_modules_and_coming_sessions_with_places_left(client, lyon, module):
    make_session(module, lyon, capacity=12)
    make_session(module, lyon, days=-40)
    body = client.get("/formations/").content.decode()
    assert '<h1 class="page-header__title">Formations</h1>' in body
    assert "Formation-action" in body
    assert "12 places restantes" in body
    assert body.count('class="training-session"') == 1  # the past session is not « à venir »
    page = client.get(f"/formations/module/{module.pk}/").content.decode()
    assert "Sessions passées" in page and "Sessions à venir" in page
    assert "Bailleurs" in page  # the audience, by family


def test_a_registrant_evaluates_after_the_session_once(client, lyon, module, partner):
    coming = make_session(module, lyon)
    registration = attend(coming, partner, status=Status.REGISTERED)
    client.force_login(partner)
    url = f"/formations/inscription/{registration.pk}/evaluation/chaud/"
    early = client.get(url)
    assert early.status_code == 403
    assert "s’ouvre à la fin de la session" in early.content.decode()
    past = make_session(module, lyon, days=-10)
    registration = attend(past, partner)
    url = f"/formations/inscription/{registration.pk}/evaluation/chaud/"
    mine = client.get("/formations/mes-formations/").content.decode()
    assert "Répondre à l’évaluation « à chaud »" in mine
    assert "Attestation de présence" in mine
    form = client.get(url).content.decode()
    assert (
        '<legend class="form-field__label">Les objectifs annoncés ont été atteints.</legend>'
        in form
    )
    response = client.post(url, ANSWERS, follow=True)
    assert "Merci : votre évaluation est enregistrée." in response.content.decode()
    evaluation = Evaluation.objects.get(registration=registration)
    assert (evaluation.kind, evaluation.score_practice) == ("chaud", 5)
    again = client.post(url, ANSWERS)
    assert again.status_code == 403
    assert "Vous avez déjà répondu" in again.content.decode()
    assert Evaluation.objects.count() == 1
    follow_up = client.get(f"/formations/inscription/{registration.pk}/evaluation/suivi/")
    assert follow_up.status_code == 403
    assert "douze mois après la session" in follow_up.content.decode()


def test_an_evaluation_refuses_bad_input_in_french_next_to_the_field(client, lyon, module, partner):
    registration = attend(make_session(module, lyon, days=-10), partner)
    client.force_login(partner)
    url = f"/formations/inscription/{registration.pk}/evaluation/chaud/"
    data = {**ANSWERS, "score_network": "9", "comment": "Mme Martin est bipolaire depuis 2019."}
    del data["score_overall"]
    body = client.post(url, data).content.decode()
    assert "Choisissez une note de 1 à 5." in body
    assert 'id="id_score_overall_error"' in body
    assert "9 n’en est pas une" in body
    assert "semble désigner une personne par sa santé" in body
    assert 'id="id_comment_error"' in body
    assert not Evaluation.objects.exists()


def test_nobody_evaluates_for_someone_else(client, lyon, module, partner):
    registration = attend(make_session(module, lyon, days=-10), partner)
    other = make_user("olga.autre", families=[BAILLEURS])
    client.force_login(other)
    url = f"/formations/inscription/{registration.pk}/evaluation/chaud/"
    assert client.get(url).status_code == 404
    assert client.post(url, ANSWERS).status_code == 404
    assert client.post(f"/formations/inscription/{registration.pk}/annuler/").status_code == 404
    assert not Evaluation.objects.exists()
    assert Registration.objects.get().status == Status.ATTENDED


def test_managers_mark_attendance_members_may_not(client, lyon, module, partner, referent):
    session = make_session(module, lyon, days=-2)
    present = attend(session, partner, status=Status.REGISTERED)
    absent = attend(session, make_user("a.absent", families=[SOCIAL]), status=Status.REGISTERED)
    url = f"/formations/session/{session.pk}/presences/"
    client.force_login(partner)
    assert client.get(url).status_code == 404
    outsider = make_user("r.psy", referent_of=[PSYCHIATRIE])  # not in the audience
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(referent)
    page = client.get(url)
    assert page.status_code == 200
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    client.post(url, {"present": [str(present.pk)]})
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.status, absent.status) == (Status.ATTENDED, Status.REGISTERED)


def test_attendance_is_not_marked_before_the_session(client, lyon, module, referent, partner):
    session = make_session(module, lyon, days=5)
    row = attend(session, partner, status=Status.REGISTERED)
    client.force_login(referent)
    body = client.post(f"/formations/session/{session.pk}/presences/", {"present": [str(row.pk)]})
    assert "à partir du début de la session" in body.content.decode()
    row.refresh_from_db()
    assert row.status == Status.REGISTERED


def test_results_show_nothing_below_three_answers(client, lyon, module, referent):
    session = make_session(module, lyon, days=-20)
    people = [make_user(f"p.{n}", families=[BAILLEURS]) for n in range(3)]
    evaluate(session, people[0], scores=(5, 5, 5, 5), comment="SEULE-REPONSE utile")
    evaluate(session, people[1], scores=(3, 3, 3, 3))
    client.force_login(referent)
    url = f"/formations/session/{session.pk}/resultats/"
    body = client.get(url).content.decode()
    assert "2 réponses" in body
    assert "Moins de 3 réponses : les résultats ne sont pas affichés" in body
    assert "SEULE-REPONSE" not in body and "5,0" not in body
    evaluate(session, people[2], scores=(1, 4, 2, 4), comment="Bien")
    body = client.get(url).content.decode()
    assert "3 réponses" in body
    assert "<td>3,0</td>" in body  # objectives: (5 + 3 + 1) / 3
    assert "<td>4,0</td>" in body  # practice: (5 + 3 + 4) / 3
    assert body.index("Bien") < body.index("SEULE-REPONSE")  # alphabetical, no names
    assert "p.0" not in body and "P Test" not in body
    module_page = client.get(f"/formations/module/{module.pk}/resultats/").content.decode()
    assert "3 réponses" in module_page


def test_aggregates_by_kind_and_threshold():
    """`results.aggregate` keeps the kinds apart; a kind under the threshold has no figure."""
    assert results.THRESHOLD == 3


@pytest.mark.parametrize("kind", ["chaud", "suivi"])
def test_aggregate_per_kind(lyon, module, kind):
    session = make_session(module, lyon, days=-600)
    for n in range(3):
        evaluate(session, make_user(f"k.{n}"), kind=kind, scores=(2, 4, 4, 2))
    found = {result.kind: result for result in results.for_session(session)}
    assert found[kind].shown and found[kind].count == 3
    assert [q.mean for q in found[kind].questions] == [2.0, 4.0, 4.0, 2.0]
    other = "suivi" if kind == "chaud" else "chaud"
    assert found[other].count == 0 and not found[other].shown and not found[other].questions


def test_the_certificate_is_a_pdf_for_its_owner_and_the_managers(client, lyon, module, referent):
    session = make_session(module, lyon, days=-8)
    owner = make_user("claire.martin", families=[BAILLEURS])
    registration = attend(session, owner)
    url = f"/formations/inscription/{registration.pk}/attestation.pdf"
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Attestation de présence" in text
    assert "Claire Test" in text  # the person's name (first and last)
    assert "Formation-action" in text
    assert "35 heures" in text
    start = session.start.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    assert f"{start.year}" in text and "du " in text
    client.force_login(referent)
    assert client.get(url).status_code == 200
    for other in (
        make_user("o.other", families=[BAILLEURS]),
        make_user("r.psy", referent_of=[PSYCHIATRIE]),
    ):
        client.force_login(other)
        assert client.get(url).status_code == 404
    registered = attend(
        session, make_user("n.notyet", families=[BAILLEURS]), status=Status.REGISTERED
    )
    client.force_login(registered.user)
    assert client.get(f"/formations/inscription/{registered.pk}/attestation.pdf").status_code == 404
