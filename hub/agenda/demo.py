"""The agenda's demo: the meetings and events the seeds speak of, each with its source.

What the seeds say (hub/demo/sources.py quotes each sentence):

- Grand Lyon, convention of April 2013: the comité de pilotage « se réunit annuellement »,
  the comité de projet « se réunit 6 fois par an », the plénière « se réunit
  annuellement »; fiche action 2 asks for a « rencontre annuelle des instances de
  coordination territoriales » and for « actions ponctuelles (SISM...) ». Rhythms, no
  date: each body meets over this year and the next two; the SISM are one event in the
  coming October (the convention names them, not their rhythm nor their dates).
- Metz, presentation of 18 June 2018: the two meetings « ouvertes aux partenaires »
  (15/02/2018 and 18/06/2018) and the « groupe de travail le 19/07/2018 » keep their days
  (they are in the archive). The « Séminaire partenariale prévu en automne 2018 » is the
  demo's public Metz event: it is put in the coming autumn, so that the agenda and the
  Metz feed show it, and titled « [Démo] » like every row whose date is invented
  (docs/sources.md); its description says so.
- The Metz working group and seminar link, as their agenda, their meeting pages in the
  CLSM's partner space (hub/demo/spaces.py), which keep their own access: a visitor reads
  the public seminar, not the link.
- Marseille, SELO sheet of June 2020: the follow-up meetings, « organisées mensuellement »
  and « très opérationnelles et confidentielles », for the members of the RSML (the
  instance of the demo's Marseille partner space, hub/demo/spaces.py).

Hours, places, and the days the seeds do not give, are demonstration values marked
`PLACEHOLDER`. The seeds say nothing of a CLSM assembly (they name the CLSMs of Metz,
Lyon and Paris, not an assembly of one) nor of a meeting in Paris (the DLAI sheet dates
only the signature of its protocol): the demo has none.

Loaded by `load_demo` through the `maillage_demo` hook (hub/agenda/hub_hooks.py), after the
directory's coordination instances; idempotent: an event is found by its territory and
title, and saved only when it (or its groups) differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hub.agenda.models import Event, EventKind
from hub.agenda.recurrence import PARIS, Frequency
from hub.demo.sources import PLACEHOLDER, cite, fact, uses

DEMO_VALUES = f"Dates, heures et lieu : valeurs de démonstration {PLACEHOLDER}."
DAY_FROM_SEED = (
    "Le jour est celui du document source ; heure et lieu : valeurs de démonstration "
    f"{PLACEHOLDER}."
)
NO_CASES = (
    "Aucune situation individuelle n'est consignée sur le hub : les situations se traitent "
    "en instance, selon les règles de confidentialité définies localement."
)

# Every fact the agenda's demo rests on (tests/hub/test_sources.py imports this module).
FACTS = uses(
    "lyon-steering-yearly",
    "lyon-project-committee-rhythm",
    "lyon-plenary-rhythm",
    "lyon-instances-annual-meeting",
    "lyon-sism",
    "metz-meetings",
    "metz-working-group-19-07",
    "metz-seminar",
    "metz-objective-reporting",
    "selo-monthly-meetings",
    "selo-renewed",
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _coming(year: int, month: int, day: int, today: date) -> date:
    """`month`/`day` of `year`, or of the next year when that day has passed."""
    found = date(year, month, day)
    return found if found >= today else date(year + 1, month, day)


@dataclass(frozen=True)
class DemoEvent:
    territory: str  # the territory page's slug
    title: str
    kind: str
    tier: str
    facts: tuple[str, ...]  # the first is quoted in the description; all are cited
    lead: str  # what introduces the quote
    note: str  # what is a demonstration value
    start: datetime
    end: datetime
    place: str
    frequency: str = ""
    interval: int = 1
    until: date | None = None
    instance: str = ""  # the coordination instance's slug, for the `instance` tier
    # The slug of its meeting page in a partner space (hub/demo/spaces.py), linked as its
    # agenda: the page keeps its own access (the instance's members only).
    meeting_page: str = ""

    def description(self) -> str:
        return (
            f"{self.lead} : « {fact(self.facts[0]).quote} ».\n"
            f"Source : {cite(*self.facts)}.\n"
            f"{self.note}"
        )

    def values(self, instance=None, meeting_page=None) -> dict:
        return {
            "agenda_page": meeting_page,
            "kind": self.kind,
            "access_tier": self.tier,
            "coordination_instance": instance,
            "description": self.description(),
            "place": self.place,
            "start": self.start,
            "end": self.end,
            "recurrence_frequency": self.frequency,
            "recurrence_interval": self.interval,
            "recurrence_until": self.until,
            "recurrence_count": None,
        }


def governance_events(year: int) -> list[DemoEvent]:
    """The bodies of the Grand Lyon convention, each with the sentence that sets its rhythm,
    over `year` and the next two."""
    last = date(year + 2, 12, 31)
    rows = [
        # (fact, kind, title, tier, first day, hours, frequency, interval)
        (
            "lyon-steering-yearly",
            EventKind.STEERING,
            "Comité de pilotage de la convention",
            "partners",
            date(year, 6, 16),
            (10, 12),
            Frequency.YEARLY,
            1,
        ),
        (
            "lyon-project-committee-rhythm",
            EventKind.PROJECT,
            "Comité de projet",
            "partners",
            date(year, 1, 13),
            (14, 16),
            Frequency.MONTHLY,
            2,
        ),
        (
            "lyon-plenary-rhythm",
            EventKind.PLENARY,
            "Plénière de la convention",
            "public",
            date(year, 11, 17),
            (9, 12),
            Frequency.YEARLY,
            1,
        ),
        (
            "lyon-instances-annual-meeting",
            EventKind.INSTANCES_MEETING,
            "Rencontre annuelle des instances de coordination",
            "partners",
            date(year, 3, 19),
            (9, 13),
            Frequency.YEARLY,
            1,
        ),
    ]
    return [
        DemoEvent(
            territory="grand-lyon",
            title=title,
            kind=kind,
            tier=tier,
            facts=(fact_id,),
            lead=(
                "Prévue par la fiche action 2 de la convention"
                if kind == EventKind.INSTANCES_MEETING
                else "Rythme fixé par la convention"
            ),
            note=DEMO_VALUES,
            start=_at(first, begin),
            end=_at(first, end),
            place=f"Métropole de Lyon {PLACEHOLDER}",
            frequency=frequency,
            interval=interval,
            until=last,
        )
        for fact_id, kind, title, tier, first, (begin, end), frequency, interval in rows
    ]


def demo_events(year: int, today: date) -> list[DemoEvent]:
    """Every event of the demo (see the module's docstring)."""
    sism = _coming(year, 10, 5, today)
    seminar = _coming(year, 10, 15, today)
    selo_start = date(year, 1, 8)
    metz_place = f"Metz {PLACEHOLDER}"
    return [
        *governance_events(year),
        DemoEvent(
            territory="grand-lyon",
            title="SISM : la convention auprès des professionnels de terrain",
            kind=EventKind.SISM,
            tier="public",
            facts=("lyon-sism",),
            lead=(
                "La fiche action 2 de la convention prévoit des actions de communication "
                "et de promotion"
            ),
            note=(
                "La convention cite les Semaines d'information sur la santé mentale (SISM) "
                f"sans leur rythme ni leurs dates. {DEMO_VALUES}"
            ),
            start=_at(sism, 9),
            end=_at(sism + timedelta(days=4), 18),
            place=f"Métropole de Lyon {PLACEHOLDER}",
        ),
        DemoEvent(
            territory="metz",
            title="Réunion ouverte aux partenaires du 15 février 2018",
            kind=EventKind.OTHER,
            tier="partners",
            facts=("metz-meetings",),
            lead="Le projet de partenariat ARELOR Hlm / CH de Jury",
            note=DAY_FROM_SEED,
            start=_at(date(2018, 2, 15), 14),
            end=_at(date(2018, 2, 15), 16),
            place=metz_place,
        ),
        DemoEvent(
            territory="metz",
            title="Réunion de présentation du partenariat bailleurs sociaux / psychiatrie publique",
            kind=EventKind.OTHER,
            tier="partners",
            facts=("metz-meetings",),
            lead="Le projet de partenariat ARELOR Hlm / CH de Jury",
            note=DAY_FROM_SEED,
            start=_at(date(2018, 6, 18), 14),
            end=_at(date(2018, 6, 18), 16),
            place=metz_place,
        ),
        DemoEvent(
            territory="metz",
            title="Groupe de travail du 19 juillet 2018",
            kind=EventKind.WORKING_GROUP,
            tier="instance",
            instance="clsm-metz",
            meeting_page="groupe-de-travail-2018-07-19",
            facts=("metz-working-group-19-07",),
            lead="Le document de présentation du 18 juin 2018 conclut",
            note=DAY_FROM_SEED,
            start=_at(date(2018, 7, 19), 14),
            end=_at(date(2018, 7, 19), 16),
            place=metz_place,
        ),
        DemoEvent(
            territory="metz",
            title="[Démo] Séminaire partenarial : procédure de signalement et d'intervention",
            kind=EventKind.OTHER,
            tier="public",
            meeting_page="seminaire-signalement",
            facts=("metz-seminar", "metz-objective-reporting"),
            lead=(
                "Pour définir la procédure de signalement et d'intervention en cas de troubles "
                "dans le parc Hlm, le document de Metz annonce"
            ),
            note=(
                "Date fictive (démonstration) : le document source dit « automne 2018 » ; "
                "la démonstration place le séminaire à l'automne qui vient. Date, heures et "
                f"lieu {PLACEHOLDER}."
            ),
            start=_at(seminar, 9),
            end=_at(seminar, 17),
            place=metz_place,
        ),
        DemoEvent(
            territory="marseille",
            title="Réunion mensuelle de suivi SELO",
            kind=EventKind.OTHER,
            tier="instance",
            instance="rsml-marseille",
            facts=("selo-monthly-meetings", "selo-renewed"),
            lead="La fiche projet SELO",
            note=(
                f"{NO_CASES} Le projet SELO couvre 2016-2019 et a été reconduit pour "
                f"2019-2022. {DEMO_VALUES}"
            ),
            start=_at(selo_start, 10),
            end=_at(selo_start, 12),
            place=f"Marseille {PLACEHOLDER}",
            frequency=Frequency.MONTHLY,
            interval=1,
            until=date(year + 2, 12, 31),
        ),
    ]


def _meeting_page(slug: str):
    """The partner space's meeting page of that slug, when the demo's spaces are loaded."""
    from wagtail.models import Page

    if not slug:
        return None
    pages = list(Page.objects.filter(slug=slug)[:2])
    return pages[0] if len(pages) == 1 else None


def _unchanged(event, values: dict, groups: list[int]) -> bool:
    if not all(getattr(event, name) == value for name, value in values.items()):
        return False
    return sorted(event.access_groups.values_list("pk", flat=True)) == groups


def load_agenda_demo(year: int | None = None, instances: dict | None = None) -> int:
    """Write the demo's events; returns the number of events written. `instances`: the
    coordination instances by slug (`DemoRun.instances`; read from the database when
    None). An event of a territory or an instance that does not exist is skipped."""
    from hub.models import TerritoryPage

    # The instances through the event's own relation (hub imports nothing above it).
    CoordinationInstance = Event._meta.get_field("coordination_instance").related_model

    today = timezone.localdate()
    year = year or today.year
    specs = demo_events(year, today)
    territories = {
        page.slug: page
        for page in TerritoryPage.objects.filter(slug__in={spec.territory for spec in specs})
    }
    if instances is None:
        instances = {
            instance.slug: instance
            for instance in CoordinationInstance.objects.filter(
                slug__in={spec.instance for spec in specs if spec.instance}
            )
        }
    written = 0
    for spec in specs:
        territory = territories.get(spec.territory)
        instance = instances.get(spec.instance) if spec.instance else None
        if territory is None or (spec.instance and instance is None):
            continue
        values = spec.values(instance, _meeting_page(spec.meeting_page))
        groups = [instance.group_id] if spec.tier == "instance" else []
        event = Event.objects.filter(territory=territory, title=spec.title).first()
        if event is None:
            event = Event(territory=territory, title=spec.title)
        elif _unchanged(event, values, groups):
            continue
        for name, value in values.items():
            setattr(event, name, value)
        event.full_clean()
        event.save()
        event.access_groups.set(groups)
        written += 1
    return written
