"""The trainings' demo: the « formations-actions » of fiche action 1 of the Lyon
convention, as one module with two sessions in Grand Lyon.

What the seeds say (hub/demo/sources.py quotes each sentence):

- Lyon convention, fiche action 1 « Déploiement des formations-actions »: « La durée de
  cette formation se situera entre 5 à 6 jours au total. », its first module on the
  « Connaissance des publics concernés, des acteurs (missions et compétence) et du cadre
  législatif », and its evaluation « « A chaud », au plan de la satisfaction des
  participants. En différé à 12 ou 18 mois »;
- SELO sheet (Marseille, 2020): « Au total, 90 agents ont été formés sur cette
  problématique. » (quoted in the module's source, as what such trainings reach).

What they do not say (dates, hours, place, capacity, trainers) is a demonstration value
marked `PLACEHOLDER`. The past session's registrations are the demo accounts of three
families, present, each with an « à chaud » evaluation (demonstration scores, no comment),
so that the results page shows its figures (three answers, the threshold).

Loaded by `load_demo` through `maillage_demo` (hub/trainings/hub_hooks.py) in the `pages`
step, after the demo accounts; idempotent: the module is found by its title, its sessions
are its first two by start, rows are written only when they differ.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hub.agenda.recurrence import PARIS
from hub.demo.sources import PLACEHOLDER, cite, fact, uses
from hub.trainings.models import (
    Evaluation,
    EvaluationKind,
    Registration,
    Status,
    TrainingModule,
    TrainingSession,
)

FACTS = uses(
    "lyon-training-days", "lyon-training-knowledge", "lyon-training-evaluation", "selo-90-agents"
)

TITLE = "Formation-action santé psychique et logement"
AUDIENCE = ("bailleurs-gestionnaires", "psychiatrie-publique", "social-medico-social")
# The demo accounts present at the past session, with their demonstration scores.
ATTENDEES = {
    "membre.bailleurs": (4, 5, 4, 4),
    "membre.psychiatrie": (5, 4, 5, 5),
    "membre.social": (4, 4, 3, 4),
}


def objectives() -> str:
    return (
        "Fiche action 1 de la convention Santé Psychique et Logement du Grand Lyon, "
        "« Déploiement des formations-actions ».\n"
        f"Module 1 : « {fact('lyon-training-knowledge').quote} ».\n"
        f"Évaluation : « {fact('lyon-training-evaluation').quote} ».\n"
        f"Durée : « {fact('lyon-training-days').quote} »"
    )


def source() -> str:
    return (
        f"{cite('lyon-training-days', 'lyon-training-knowledge', 'lyon-training-evaluation')}.\n"
        f"Pour mémoire, la fiche projet SELO (Marseille) : « {fact('selo-90-agents').quote} » "
        f"({cite('selo-90-agents')}).\n"
        f"Dates, heures, lieu, nombre de places et organismes formateurs : valeurs de "
        f"démonstration {PLACEHOLDER}."
    )


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _shift(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 + months
    return _first_monday(index // 12, index % 12 + 1)


def _session_values(first_day: date, territory) -> dict:
    return {
        "start": datetime.combine(first_day, time(9), tzinfo=PARIS),
        "end": datetime.combine(first_day + timedelta(days=4), time(17), tzinfo=PARIS),
        "hours": 35,
        "place": f"Métropole de Lyon {PLACEHOLDER}",
        "capacity": 15,
        "territory": territory,
        "notes": (
            "Cinq journées consécutives pour la démonstration ; dates, heures, lieu, places et "
            f"organismes formateurs {PLACEHOLDER}."
        ),
    }


def _write(obj, values: dict) -> bool:
    if obj.pk and all(getattr(obj, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return True


def load_trainings_demo(today: date | None = None) -> int:
    """Write the demo module, its two sessions, the past session's registrations and
    evaluations; returns the number of rows written. Nothing without Grand Lyon."""
    from hub.accounts.models import PartnerFamily
    from hub.models import TerritoryPage

    territory = TerritoryPage.objects.filter(slug="grand-lyon").first()
    if territory is None:
        return 0
    today = today or timezone.localdate()
    written = 0
    module = TrainingModule.objects.filter(title=TITLE).first() or TrainingModule(title=TITLE)
    written += _write(
        module,
        {
            "objectives": objectives(),
            "length_days": 5,
            "length_days_max": 6,
            "source": source(),
            "access_tier": "public",
        },
    )
    families = list(PartnerFamily.objects.filter(slug__in=AUDIENCE).order_by("pk"))
    if sorted(f.pk for f in module.audience.all()) != [f.pk for f in families]:
        module.audience.set(families)
        written += 1
    sessions = list(module.sessions.order_by("start")[:2])
    sessions += [TrainingSession(module=module) for _missing in range(2 - len(sessions))]
    past, upcoming = sessions
    written += _write(past, _session_values(_shift(today, -4), territory))
    written += _write(upcoming, _session_values(_shift(today, 3), territory))
    users = (
        get_user_model().objects.filter(username__in=ATTENDEES).select_related("maillage_profile")
    )
    for user in users:
        profile = getattr(user, "maillage_profile", None)
        registration = Registration.objects.filter(session=past, user=user).first()
        registration = registration or Registration(
            session=past, user=user, created_at=past.start - timedelta(days=30)
        )
        registration.queued_at = registration.created_at
        written += _write(
            registration,
            {
                "organisation": profile.organisation if profile else "",
                "role": profile.job_role if profile else "",
                "status": Status.ATTENDED,
            },
        )
        scores = dict(
            zip(
                ("score_objectives", "score_practice", "score_network", "score_overall"),
                ATTENDEES[user.username],
                strict=True,
            )
        )
        evaluation = Evaluation.objects.filter(
            registration=registration, kind=EvaluationKind.HOT
        ).first() or Evaluation(
            registration=registration, kind=EvaluationKind.HOT, created_at=past.end
        )
        written += _write(evaluation, scores)
    return written
