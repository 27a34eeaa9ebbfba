"""The trainings' demo (fiche action 1, with its sources) and the editors' « Formations »
menu in Wagtail's admin."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from hub.demo.sources import PLACEHOLDER
from hub.trainings.demo import TITLE, load_trainings_demo
from hub.trainings.models import Evaluation, Registration, Status, TrainingModule
from tests.accounts import BAILLEURS, SOCIAL, make_user
from tests.agenda.conftest import make_territory


def test_the_demo_module_quotes_its_seeds_and_writes_once():
    make_territory("grand-lyon", "Grand Lyon")
    for username in ("membre.bailleurs", "membre.psychiatrie", "membre.social"):
        make_user(username, families=[SOCIAL])
    today = date(2027, 3, 10)
    assert load_trainings_demo(today) > 0
    assert load_trainings_demo(today) == 0  # idempotent
    module = TrainingModule.objects.get(title=TITLE)
    assert module.length_text == "5 à 6 jours"
    assert "La durée de cette formation se situera entre 5 à 6 jours au total." in module.objectives
    assert "En différé à 12 ou 18 mois" in module.objectives
    assert "Au total, 90 agents ont été formés sur cette problématique." in module.source
    assert "Convention Santé Psychique et Logement, Grand Lyon" in module.source
    assert PLACEHOLDER in module.source
    past, coming = module.sessions.order_by("start")
    assert past.start.date() == date(2026, 11, 2)  # a Monday, four months before
    assert coming.start.date() == date(2027, 6, 7)
    assert PLACEHOLDER in past.place and PLACEHOLDER in coming.notes
    assert set(past.registrations.values_list("status", flat=True)) == {Status.ATTENDED}
    assert Evaluation.objects.filter(registration__session=past, kind="chaud").count() == 3
    assert not coming.registrations.exists()


def test_the_whole_demo_has_the_module_and_its_results(demo, client):
    module = TrainingModule.objects.get(title=TITLE)
    past, coming = module.sessions.order_by("start")
    assert past.end < timezone.now() < coming.start
    assert (
        "Formation-action santé psychique et logement"
        in client.get("/formations/").content.decode()
    )
    client.force_login(get_user_model().objects.get(username="referent.bailleurs"))
    body = client.get(f"/formations/session/{past.pk}/resultats/").content.decode()
    assert "3 réponses" in body and "Moyenne sur 5" in body
    attendee = Registration.objects.get(session=past, user__username="membre.social")
    client.force_login(attendee.user)
    pdf = client.get(f"/formations/inscription/{attendee.pk}/attestation.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_admin_lists_modules_sessions_and_registrations(admin_client, lyon):
    from tests.trainings.conftest import attend, make_module, make_session

    module = make_module("Module ADMIN-VISIBLE")
    session = make_session(module, lyon)
    attend(session, make_user("i.inscrite", families=[BAILLEURS]), organisation="ORG-INSCRITE")
    menu = admin_client.get("/admin/").content.decode()
    assert "Formations" in menu
    modules = admin_client.get("/admin/snippets/trainings/trainingmodule/").content.decode()
    assert "Module ADMIN-VISIBLE" in modules
    sessions = admin_client.get("/admin/snippets/trainings/trainingsession/")
    assert sessions.status_code == 200
    listing = admin_client.get(
        "/admin/snippets/trainings/registration/", {"session": session.pk}
    ).content.decode()
    assert "ORG-INSCRITE" in listing
    add = admin_client.post(
        "/admin/snippets/trainings/trainingsession/add/",
        {
            "module": module.pk,
            "start": "2027-03-02 14:00",
            "end": "2027-03-02 10:00",
            "hours": "7",
            "capacity": "0",
            "place": "Lyon",
            "territory": lyon.pk,
        },
    )
    body = add.content.decode()
    assert "La fin doit venir après le début." in body
    assert "Une session a au moins une place." in body


def test_a_partner_without_admin_rights_gets_no_listing(verified_login):
    member = make_user("m.membre", families=[BAILLEURS])
    client = verified_login(member)
    response = client.get("/admin/snippets/trainings/registration/")
    assert response.status_code in (302, 403)
