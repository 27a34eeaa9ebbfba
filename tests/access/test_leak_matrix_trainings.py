"""The leak matrix, trainings channels: a module (and its sessions) of a tier the role does
not reach never shows up, and one it does reach does; a registration, its evaluation forms
and its certificate are their owner's (and the certificate its managers'); the results are
the managers' and never show one person's answers.

Channels: /formations/ (catalogue), a module's page, a session's page, « Mes formations »,
the evaluation forms, the attendance list, the results (per session, per module) and the
certificate PDF. A public module names trainers' organisations of every tier: each is
named only to who may see it.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from hub.accounts.models import PartnerFamily
from hub.models import TerritoryPage
from hub.trainings.models import Evaluation, Registration, Status, TrainingModule, TrainingSession
from tests.access.conftest import MARKERS, ROLES, TIERS, USERNAMES, VISIBLE

ACCESS = {
    "public": ("public", None),
    "partners": ("partners", None),
    "family_a": ("family", "bailleurs-gestionnaires"),
    "family_b": ("family", "psychiatrie-publique"),
    "instance": ("instance", "instance"),
}
OWNER = "membre.social"  # the partner role: owns the canary registration
OWNER_ORGANISATION = "ORGA-INSCRITE-CANARI"
LONE_COMMENT = "COMMENTAIRE-ISOLE"  # one answer only: nobody ever reads it
# Who manages the public module (its audience is the family A): administrators and the
# family A referent.
MANAGERS = {"referent"}


@pytest.fixture(scope="module")
def trainings_world(world, django_db_blocker):
    """One module per tier with a past session; a public module with trainers of every tier,
    a past session where the partner role attended and answered alone."""
    with django_db_blocker.unblock(), transaction.atomic():
        User = get_user_model()
        families = {
            slug: PartnerFamily.objects.get(slug=slug)
            for slug in ("bailleurs-gestionnaires", "psychiatrie-publique")
        }
        groups = {slug: family.group for slug, family in families.items()}
        groups["instance"] = world.spaces["instance"].instance.group
        metz = TerritoryPage.objects.get(slug="metz")
        start = timezone.now() - timedelta(days=20)
        modules, sessions = {}, {}
        for tier in TIERS:
            module_tier, group = ACCESS[tier]
            module = TrainingModule.objects.create(
                title=f"Module {MARKERS[tier]}",
                objectives=f"Objectifs {MARKERS[tier]}",
                length_days=2,
                access_tier=module_tier,
            )
            if group:
                module.access_groups.add(groups[group])
            modules[tier] = module
            sessions[tier] = TrainingSession.objects.create(
                module=module,
                territory=metz,
                start=start,
                end=start + timedelta(hours=7),
                hours=7,
                place=f"Salle {MARKERS[tier]}",
                capacity=10,
            )
        open_module = TrainingModule.objects.create(
            title="Module ouvert FORMATION-OUVERTE", objectives="Public", length_days=1
        )
        open_module.audience.add(families["bailleurs-gestionnaires"])
        open_module.trainer_organisations.add(*world.organisations.values())
        open_session = TrainingSession.objects.create(
            module=open_module,
            territory=metz,
            start=start,
            end=start + timedelta(hours=7),
            hours=7,
            place="Metz",
            capacity=10,
        )
        registration = Registration.objects.create(
            session=open_session,
            user=User.objects.get(username=OWNER),
            organisation=OWNER_ORGANISATION,
            role="Travailleuse sociale",
            status=Status.ATTENDED,
        )
        Evaluation.objects.create(
            registration=registration,
            kind="chaud",
            score_objectives=1,
            score_practice=2,
            score_network=1,
            score_overall=2,
            comment=LONE_COMMENT,
        )
    return {
        "modules": modules,
        "sessions": sessions,
        "open_module": open_module,
        "open_session": open_session,
        "registration": registration,
    }


def login(role):
    client = Client()
    if USERNAMES[role]:
        client.force_login(get_user_model().objects.get(username=USERNAMES[role]))
    return client


def hidden_markers(role):
    return [MARKERS[tier] for tier in TIERS if tier not in VISIBLE[role]]


def assert_no_leak(role, text, where):
    leaked = [marker for marker in hidden_markers(role) if marker in text]
    assert not leaked, f"{role} voit {leaked} via {where}"
    assert OWNER_ORGANISATION not in text or role == "partner", (role, where)
    assert LONE_COMMENT not in text, (role, where)


@pytest.mark.parametrize("role", ROLES)
def test_the_catalogue_shows_only_the_modules_the_role_reaches(trainings_world, role):
    client = login(role)
    text = client.get("/formations/").content.decode()
    assert_no_leak(role, text, "/formations/")
    for tier in VISIBLE[role]:
        assert f"Module {MARKERS[tier]}" in text, (role, tier)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tier", TIERS)
def test_module_and_session_pages_are_served_only_within_their_tier(trainings_world, role, tier):
    client = login(role)
    module = trainings_world["modules"][tier]
    session = trainings_world["sessions"][tier]
    for url in (f"/formations/module/{module.pk}/", f"/formations/session/{session.pk}/"):
        response = client.get(url)
        body = response.content.decode()
        if tier in VISIBLE[role]:
            assert response.status_code == 200, (role, tier, url)
            assert MARKERS[tier] in body
            if tier != "public":
                assert "no-store" in response["Cache-Control"], (role, tier, url)
        else:
            assert response.status_code in (302, 404), (role, tier, url)
            assert MARKERS[tier] not in body
            if role in ("anonymous", "expired"):
                assert response["Location"].startswith("/compte/connexion/")


@pytest.mark.parametrize("role", ROLES)
def test_a_public_module_names_its_trainers_only_to_their_readers(trainings_world, role):
    client = login(role)
    module = trainings_world["open_module"]
    text = client.get(f"/formations/module/{module.pk}/").content.decode()
    assert "FORMATION-OUVERTE" in text
    assert_no_leak(role, text, "la page d'un module public")
    for tier in VISIBLE[role]:
        assert f"Structure {MARKERS[tier]}" in text, (role, tier)


@pytest.mark.parametrize("role", ROLES)
def test_a_registration_and_its_evaluations_are_their_owners_only(trainings_world, role):
    client = login(role)
    registration = trainings_world["registration"]
    mine = client.get("/formations/mes-formations/")
    urls = [
        f"/formations/inscription/{registration.pk}/evaluation/chaud/",
        f"/formations/inscription/{registration.pk}/evaluation/suivi/",
    ]
    if role == "partner":
        assert "FORMATION-OUVERTE" in mine.content.decode()
        assert "no-store" in mine["Cache-Control"]
        # Already answered « à chaud »; « suivi » not open yet: both say so, nothing else.
        for url in urls:
            response = client.get(url)
            assert response.status_code == 403
            assert LONE_COMMENT not in response.content.decode()
        return
    if role == "anonymous":
        assert mine.status_code == 302
    else:
        assert "FORMATION-OUVERTE" not in mine.content.decode(), role
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 404), (role, url)
        assert_no_leak(role, response.content.decode(), url)
        post = client.post(url, {"score_objectives": "5", "comment": "x"})
        assert post.status_code in (302, 404), (role, url)
    assert Evaluation.objects.filter(registration=registration).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_attendance_and_results_are_the_managers_and_never_one_persons_answers(
    trainings_world, role
):
    client = login(role)
    session = trainings_world["open_session"]
    module = trainings_world["open_module"]
    for url in (
        f"/formations/session/{session.pk}/presences/",
        f"/formations/session/{session.pk}/resultats/",
        f"/formations/module/{module.pk}/resultats/",
    ):
        response = client.get(url)
        body = response.content.decode()
        assert LONE_COMMENT not in body, (role, url)
        if role in MANAGERS:
            assert response.status_code == 200, (role, url)
            assert "no-store" in response["Cache-Control"]
            if "resultats" in url:
                assert "Moins de 3 réponses" in body
        else:
            assert response.status_code in (302, 404), (role, url)
            assert OWNER_ORGANISATION not in body


def test_an_administrator_reads_the_results_but_not_a_lone_answer(trainings_world, verified_login):
    client = verified_login(get_user_model().objects.get(username="admin"))
    session = trainings_world["open_session"]
    body = client.get(f"/formations/session/{session.pk}/resultats/").content.decode()
    assert "1 réponse" in body and "Moins de 3 réponses" in body
    assert LONE_COMMENT not in body and "1,0" not in body


@pytest.mark.parametrize("role", ROLES)
def test_the_certificate_is_the_owners_and_the_managers(trainings_world, role):
    client = login(role)
    registration = trainings_world["registration"]
    response = client.get(f"/formations/inscription/{registration.pk}/attestation.pdf")
    if role in ("partner", *MANAGERS):
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code in (302, 404), role
        assert OWNER_ORGANISATION not in response.content.decode(errors="replace")
