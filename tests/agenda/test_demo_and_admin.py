"""The agenda's demo (the events the seeds speak of) and the editors' form."""

from datetime import date

import icalendar
from django.utils import timezone

from hub.agenda.demo import load_agenda_demo
from hub.agenda.models import Event
from hub.demo.sources import PLACEHOLDER, SEEDS
from tests.agenda.conftest import make_territory

LYON_LABEL = "Convention Santé Psychique et Logement, Grand Lyon"


def test_the_demo_writes_the_grand_lyon_calendar_once_with_its_source():
    make_territory("grand-lyon", "Grand Lyon")
    assert load_agenda_demo(2027) == 5  # four bodies and the SISM
    assert load_agenda_demo(2027) == 0  # idempotent: nothing differs, nothing is written
    project = Event.objects.get(kind="comite-projet")
    in_2027 = [o for o in project.occurrences() if o.start.year == 2027]
    assert len(in_2027) == 6  # « se réunit 6 fois par an »
    for event in Event.objects.all():
        assert LYON_LABEL in event.description
        assert PLACEHOLDER in event.description and PLACEHOLDER in event.place
    recurring = Event.objects.exclude(recurrence_frequency="")
    assert {e.recurrence_until for e in recurring} == {date(2029, 12, 31)}
    assert recurring.get(kind="rencontre-instances").access_tier == "partners"
    sism = Event.objects.get(kind="sism")
    # Public, once: the convention names the SISM, not their rhythm nor their dates.
    assert sism.access_tier == "public" and not sism.recurrence_frequency
    assert "actions ponctuelles (SISM...)" in sism.description
    assert "sans leur rythme ni leurs dates" in sism.description


def test_the_demo_writes_the_metz_and_selo_meetings_at_their_tiers(client):
    from tests.directory.helpers import make_instance

    metz = make_territory("metz", "Metz")
    make_territory("marseille", "Marseille 14e-16e")
    clsm = make_instance("CLSM du territoire messin", slug="clsm-metz")
    rsml = make_instance("RSML de Marseille", slug="rsml-marseille")
    assert load_agenda_demo() == 5  # this year: the seminar is in the coming autumn
    assert load_agenda_demo() == 0
    events = {event.title: event for event in Event.objects.filter(territory=metz)}
    # The days the Metz document gives are kept; their hours and place are placeholders.
    working_group = events["Groupe de travail du 19 juillet 2018"]
    assert working_group.start.date() == date(2018, 7, 19)
    assert working_group.access_tier == "instance"
    assert working_group.coordination_instance == clsm
    assert list(working_group.access_groups.all()) == [clsm.group]
    assert "groupe de travail le 19/07/2018" in working_group.description
    opened = [e for title, e in events.items() if title.startswith("Réunion")]
    assert {e.start.date() for e in opened} == {date(2018, 2, 15), date(2018, 6, 18)}
    assert {e.access_tier for e in opened} == {"partners"}
    # The seminar (« automne 2018 ») is the demo's public Metz event: its date is invented,
    # and it says so.
    seminar = events["[Démo] Séminaire partenarial : procédure de signalement et d'intervention"]
    assert seminar.access_tier == "public" and seminar.start > timezone.now()
    assert (seminar.start.month, seminar.start.day) == (10, 15)
    assert "Séminaire partenariale prévu en automne 2018" in seminar.description
    assert "Date fictive" in seminar.description
    selo = Event.objects.get(title="Réunion mensuelle de suivi SELO")
    assert selo.access_tier == "instance" and list(selo.access_groups.all()) == [rsml.group]
    assert len(selo.occurrences()) == 36  # « organisées mensuellement », three years
    assert "confidentielles" in selo.description
    for event in Event.objects.all():
        assert PLACEHOLDER in event.description and PLACEHOLDER in event.place
        assert any(seed.label in event.description for seed in SEEDS.values()), event
    # The Metz public feed carries the seminar only (the 2018 meetings ended long ago and
    # were not public).
    calendar = icalendar.Calendar.from_ical(client.get("/agenda/flux/metz.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [seminar.title]


def test_load_demo_writes_the_agenda_with_the_directory_s_instances_and_spaces(client, demo):
    from directory.models import CoordinationInstance

    clsm = CoordinationInstance.objects.get(slug="clsm-metz")
    working_group = Event.objects.get(title="Groupe de travail du 19 juillet 2018")
    assert list(working_group.access_groups.all()) == [clsm.group]
    assert working_group.agenda_page.slug == "groupe-de-travail-2018-07-19"
    # The public seminar links its meeting page in the CLSM's space, which keeps its access:
    # a visitor reads the seminar, not the link.
    seminar = Event.objects.get(territory__slug="metz", access_tier="public")
    assert seminar.agenda_page.slug == "seminaire-signalement"
    page = client.get(f"/agenda/evenement/{seminar.pk}/").content.decode()
    assert "Séminaire partenarial" in page and "Ordre du jour" not in page
    assert Event.objects.filter(territory__slug="metz", access_tier="public").exists()
    assert set(Event.objects.values_list("territory__slug", flat=True)) == {
        "grand-lyon",
        "metz",
        "marseille",
    }


def admin_post(admin_client, territory, **overrides):
    data = {
        "title": "Assemblée du CLSM",
        "kind": "assemblee-clsm",
        "territory": territory.pk,
        "description": "",
        "start": "2027-03-02 14:00",
        "end": "2027-03-02 16:00",
        "place": "Metz",
        "video_url": "",
        "recurrence_frequency": "",
        "recurrence_interval": "1",
        "recurrence_until": "",
        "recurrence_count": "",
        "access_tier": "public",
    }
    data.update(overrides)
    return admin_client.post("/admin/snippets/agenda/event/add/", data)


def test_editors_see_french_errors_next_to_the_fields(admin_client, metz):
    response = admin_post(
        admin_client, metz, end="2027-03-02 13:00", recurrence_frequency="MONTHLY"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["end"] == ["La fin doit venir après le début."]
    assert "Une réunion récurrente doit avoir une fin" in errors["recurrence_until"][0]
    response = admin_post(admin_client, metz, access_tier="family")
    assert "Choisissez la ou les familles" in response.context["form"].errors["access_groups"][0]
    assert not Event.objects.exists()


def test_an_event_for_partners_is_saved_from_the_admin(admin_client, metz):
    response = admin_post(admin_client, metz, access_tier="partners")
    assert response.status_code == 302
    assert Event.objects.get().access_tier == "partners"


def test_an_event_for_an_instance_takes_the_instance_group_when_none_is_chosen(admin_client, metz):
    from tests.directory.helpers import make_instance

    clsm = make_instance("CLSM de Metz (test)")
    response = admin_post(admin_client, metz, access_tier="instance", coordination_instance=clsm.pk)
    assert response.status_code == 302
    assert list(Event.objects.get().access_groups.all()) == [clsm.group]
