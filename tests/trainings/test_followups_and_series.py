"""The follow-up invitations (the scheduler's command, idempotent, 12 to 18 months after),
and the figures given to the evaluation dashboard (`maillage_evaluation_series`)."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hub.access import ANONYMOUS, audience_for
from hub.hooks import EVALUATION_SERIES, collect
from hub.trainings.models import Evaluation, EvaluationKind, Registration, Status
from tests.accounts import BAILLEURS, PSYCHIATRIE, family, make_user
from tests.trainings.conftest import attend, make_module, make_session


def run_command():
    out = io.StringIO()
    call_command("send_training_followups", stdout=out)
    return out.getvalue()


def test_the_follow_up_invitations_are_sent_once_to_the_people_trained_12_to_18_months_ago(
    client, lyon, module
):
    due_session = make_session(module, lyon, days=-400)
    too_recent = make_session(module, lyon, days=-200)
    too_old = make_session(module, lyon, days=-600)
    trained = make_user("t.trained", families=[BAILLEURS])
    invited = attend(due_session, trained)
    attend(due_session, make_user("n.absent", families=[BAILLEURS]), status=Status.REGISTERED)
    attend(too_recent, make_user("r.recent", families=[BAILLEURS]))
    attend(too_old, make_user("o.old", families=[BAILLEURS]))
    expired = attend(due_session, make_user("e.expired", families=[BAILLEURS], expires_in_days=-1))

    assert "1 envoyée(s), 1 non envoyée(s)" in run_command()
    [message] = mail.outbox
    assert message.to == ["t.trained@example.org"]
    assert message.subject == "Votre avis, un an après : Formation-action"
    link = f"/formations/inscription/{invited.pk}/evaluation/suivi/"
    assert link in message.body
    invited.refresh_from_db()
    assert invited.followup_invited_at is not None
    expired.refresh_from_db()
    assert expired.followup_invited_at is None  # no accreditation: not invited, not marked

    assert "0 envoyée(s)" in run_command()  # idempotent
    assert len(mail.outbox) == 1

    # The link opens the « suivi » form for the person, once.
    client.force_login(trained)
    form = client.get(link)
    assert form.status_code == 200
    assert "J’utilise dans ma pratique" in form.content.decode() or (
        "J&#x27;utilise dans ma pratique" in form.content.decode()
    )


def _answers(session, kind, scores, n, prefix):
    for index in range(n):
        user = make_user(f"{prefix}.{index}", families=[BAILLEURS])
        registration = Registration.objects.create(
            session=session, user=user, organisation="O", role="R", status=Status.ATTENDED
        )
        Evaluation.objects.create(
            registration=registration,
            kind=kind,
            score_objectives=scores,
            score_practice=scores,
            score_network=scores,
            score_overall=scores,
        )


def _series(audience):
    [function] = [f for f in collect(EVALUATION_SERIES) if f.__module__.startswith("hub.trainings")]
    return {series.key: series for series in function(audience)}


def test_the_dashboard_figures_count_sessions_people_and_weighted_scores(lyon, module):
    held = make_session(module, lyon, days=-60)
    make_session(module, lyon, days=30)  # not held yet
    _answers(held, EvaluationKind.HOT, 4, 3, "a")
    attend(held, make_user("w.waiting"), status=Status.WAITING)
    series = _series(ANONYMOUS)
    month = timezone.localtime(held.start).date().replace(day=1)
    assert series["formations-sessions"].rows == ((lyon.pk, month, 1.0),)
    assert series["formations-personnes"].rows == ((lyon.pk, month, 3.0),)
    hot = series["formations-score-chaud"]
    assert hot.aggregate == "mean"
    assert hot.rows == ((lyon.pk, month, 4.0),) and hot.weights == (3,)
    assert series["formations-score-suivi"].rows == ()  # no answer
    assert all(s.section == "Formations" and s.source for s in series.values())


def test_a_mean_score_needs_three_answers(lyon, module):
    session = make_session(module, lyon, days=-60)
    _answers(session, EvaluationKind.HOT, 5, 2, "b")
    assert _series(ANONYMOUS)["formations-score-chaud"].rows == ()


def test_the_figures_count_only_the_modules_the_audience_sees(lyon):
    psychiatry = family(PSYCHIATRIE).group
    restricted = make_module("Module réservé", tier="family", groups=[psychiatry])
    session = make_session(restricted, lyon, days=-30)
    attend(session, make_user("p.psy", families=[PSYCHIATRIE]))
    assert _series(ANONYMOUS)["formations-sessions"].rows == ()
    bailleur = make_user("b.bail", families=[BAILLEURS])
    assert _series(audience_for(bailleur))["formations-personnes"].rows == ()
    member = make_user("m.psy", families=[PSYCHIATRIE])
    rows = _series(audience_for(member))["formations-personnes"].rows
    assert [value for _t, _m, value in rows] == [1.0]


def test_the_follow_up_form_does_not_open_before_twelve_months(client, lyon, module):
    session = make_session(module, lyon, days=-300)
    user = make_user("s.soon", families=[BAILLEURS])
    registration = attend(session, user)
    client.force_login(user)
    url = f"/formations/inscription/{registration.pk}/evaluation/suivi/"
    assert client.get(url).status_code == 403
    session.start -= timedelta(days=100)
    session.end -= timedelta(days=100)
    session.save()
    assert client.get(url).status_code == 200
