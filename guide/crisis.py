"""The « En cas de crise » decision path (issue 5), as pure Python: which step a request
asks for, where an answer leads, and what the seeds say about each territory's procedure.

A landlord agent facing a tenant in difficulty walks four steps, each its own GET URL
(`/guide/en-cas-de-crise/?etape=…`), so that the back button works, a step can be
bookmarked, and nothing needs JavaScript:

1. `danger`: is there an immediate danger? yes → `urgence` (15 / 112, and 17 when there
   is violence); no → 2.
2. `lieu`: the commune of the dwelling (commune, postcode, INSEE code, arrondissement).
3. `situation`: is the person already followed, or do they accept help? followed /
   accepts → `soins` (the sector's CMP and the mobile team); refuses care / no contact →
   `coordination` (the CLSM or coordination cell, the case-review cell, social support).

The only things the path ever receives are a step, a yes/no about danger, a place and one
of four words about the situation: nothing about the person. This module reads no
database and writes nothing; the view (`guide/views/crisis.py`) resolves the place with
`directory.who_covers` and renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.http import urlencode
from django.utils.translation import gettext as _

# Re-exported: the path's callers ask `guide.crisis` for a territory's procedure.
from guide.procedures import Procedure, procedure_for, procedures  # noqa: F401

# Longer than any French commune name with its department: anything longer is not a place.
MAX_PLACE_LENGTH = 100


class Step(StrEnum):
    DANGER = "danger"
    URGENCE = "urgence"
    LIEU = "lieu"
    SITUATION = "situation"
    SOINS = "soins"
    COORDINATION = "coordination"


# The steps that need a place, resolved by the view.
NEEDS_PLACE = {Step.SITUATION, Step.SOINS, Step.COORDINATION}

# (number, total) for « étape X sur N »: the emergency branch ends at its second step.
POSITIONS = {
    Step.DANGER: (1, 4),
    Step.URGENCE: (2, 2),
    Step.LIEU: (2, 4),
    Step.SITUATION: (3, 4),
    Step.SOINS: (4, 4),
    Step.COORDINATION: (4, 4),
}


class Danger(StrEnum):
    YES = "oui"
    VIOLENCE = "violence"
    NO = "non"


class Situation(StrEnum):
    FOLLOWED = "suivie"
    ACCEPTS = "accepte"
    REFUSES = "refus"
    NO_CONTACT = "sans-contact"


CARE = {Situation.FOLLOWED, Situation.ACCEPTS}


def danger_choices() -> list[tuple[str, str]]:
    return [
        (Danger.YES, _("Oui, un danger pour la vie ou la santé de la personne ou d'autres")),
        (Danger.VIOLENCE, _("Oui, avec des violences ou des menaces")),
        (Danger.NO, _("Non, pas de danger immédiat")),
    ]


def situation_choices() -> list[tuple[str, str]]:
    return [
        (Situation.FOLLOWED, _("Elle est déjà suivie (CMP, équipe de soins)")),
        (Situation.ACCEPTS, _("Elle accepte une aide")),
        (Situation.REFUSES, _("Elle refuse les soins ou l'aide proposée")),
        (Situation.NO_CONTACT, _("Pas de contact possible (elle ne répond pas, se replie)")),
    ]


@dataclass(frozen=True)
class Decision:
    """What to do with one request: render `step`, or redirect to `redirect` (a query
    string) when an answer was given. `error` is a French message for the step's form;
    `notice` explains why the path went back to its start."""

    step: Step
    place: str = ""
    situation: str = ""
    violence: bool = False
    redirect: str | None = None
    error: str = ""
    notice: str = ""

    @property
    def number(self) -> int:
        return POSITIONS[self.step][0]

    @property
    def total(self) -> int:
        return POSITIONS[self.step][1]


def step_query(step: Step, **params: str) -> str:
    """The query string of a step, parameters in a stable order, empty ones dropped."""
    pairs = [("etape", str(step))] + [(key, value) for key, value in params.items() if value]
    return "?" + urlencode(pairs)


def _clean(value: object) -> str:
    # QueryDicts give the last value of a repeated key; anything else is coerced.
    return str(value or "").strip()


def decide(params: Mapping[str, object]) -> Decision:
    """Read the GET parameters; never raises, whatever a person (or a crawler) sends."""
    raw_step = _clean(params.get("etape")).lower()
    place = _clean(params.get("lieu"))
    answer = _clean(params.get("reponse")).lower()
    # Radio buttons left unchecked are not sent: the hidden `envoi` says a form was.
    submitted = "reponse" in params or "envoi" in params
    if not raw_step:
        return Decision(Step.DANGER)
    try:
        step = Step(raw_step)
    except ValueError:
        return Decision(
            Step.DANGER,
            notice=_("Cette étape n'existe pas : le parcours reprend à sa première question."),
        )
    if len(place) > MAX_PLACE_LENGTH:
        return Decision(
            Step.LIEU,
            error=_("Le lieu est trop long : %(limit)d caractères au plus.")
            % {"limit": MAX_PLACE_LENGTH},
        )

    if step == Step.DANGER:
        if not submitted:
            return Decision(step)
        if answer == Danger.NO:
            return Decision(step, redirect=step_query(Step.LIEU))
        if answer == Danger.YES:
            return Decision(step, redirect=step_query(Step.URGENCE))
        if answer == Danger.VIOLENCE:
            return Decision(step, redirect=step_query(Step.URGENCE, violence="oui"))
        return Decision(step, error=_("Choisissez une réponse : oui ou non."))

    if step == Step.URGENCE:
        return Decision(step, violence=_clean(params.get("violence")).lower() == "oui")

    if step == Step.LIEU:
        if "lieu" in params and not place:
            return Decision(
                step, error=_("Indiquez une commune, un code postal ou un arrondissement.")
            )
        return Decision(step, place=place)

    # The steps after the place: without a place, ask for it first.
    if not place:
        if "lieu" in params:  # the place form, sent empty
            return Decision(
                Step.LIEU, error=_("Indiquez une commune, un code postal ou un arrondissement.")
            )
        return Decision(
            Step.LIEU, notice=_("Indiquez d'abord la commune où se trouve le logement.")
        )

    if step == Step.SITUATION:
        if not submitted:
            return Decision(step, place=place)
        try:
            situation = Situation(answer)
        except ValueError:
            return Decision(
                step,
                place=place,
                error=_("Choisissez la réponse qui décrit le mieux la situation."),
            )
        return Decision(step, place=place, redirect=result_query(situation, place))

    # soins / coordination: the situation word only adjusts the wording.
    situation = _clean(params.get("situation")).lower()
    if situation not in {member.value for member in Situation}:
        situation = ""
    expected = Step.SOINS if not situation or situation in CARE else Step.COORDINATION
    if situation and expected != step:
        # A hand-edited URL (soins + refus): follow the answer, not the step name.
        return Decision(step, place=place, redirect=result_query(Situation(situation), place))
    return Decision(step, place=place, situation=situation)


def result_query(situation: Situation, place: str) -> str:
    step = Step.SOINS if situation in CARE else Step.COORDINATION
    return step_query(step, lieu=place, situation=situation)


# --- What the seeds say about each territory's procedure: guide/procedures.py ------------------


def generic_steps(step: Step) -> list[str]:
    """The path's own reminders, for territories without a written procedure: they repeat
    what the page shows (whom to call, whom to tell, what to note), no medical advice."""
    common_note = _(
        "Notez les faits, pas un diagnostic : la date, ce que vous avez vu ou entendu, les "
        "effets sur le logement ou le voisinage, qui a déjà été prévenu. Ces notes restent "
        "dans votre organisme ; ne les déposez pas sur ce site."
    )
    referent = _(
        "Prévenez votre référent santé psychique et logement (celui de votre organisme ou de "
        "votre famille de partenaires)."
    )
    if step == Step.COORDINATION:
        # The referent has a section of its own on that step.
        return [
            _(
                "Saisissez l'instance de coordination du territoire (CLSM, cellule, RSML) : "
                "c'est là que les situations individuelles se discutent, entre partenaires, "
                "dans le cadre du secret partagé."
            ),
            common_note,
        ]
    return [
        _("Appelez le CMP du secteur ou l'équipe mobile indiqués ci-dessus."),
        referent,
        common_note,
    ]


def step_title(step: Step) -> str:
    """The short name of a step, for the page title and the progress line."""
    return {
        Step.DANGER: _("Danger immédiat ?"),
        Step.URGENCE: _("Appelez les secours"),
        Step.LIEU: _("Commune du logement"),
        Step.SITUATION: _("Suivi ou aide"),
        Step.SOINS: _("CMP et équipe mobile"),
        Step.COORDINATION: _("Instance de coordination"),
    }[step]


def previous_query(decision: Decision, place_code: str = "") -> str | None:
    """The step before this one (a link for who does not use the back button)."""
    step = decision.step
    if step == Step.DANGER:
        return None
    if step in (Step.URGENCE, Step.LIEU):
        return step_query(Step.DANGER)
    if step == Step.SITUATION:
        return step_query(Step.LIEU, lieu=place_code or decision.place)
    return step_query(Step.SITUATION, lieu=place_code or decision.place)
