"""The agenda's demo (the Grand Lyon governance calendar) and the editors' form."""

from datetime import date

from hub.agenda.demo import load_agenda_demo
from hub.agenda.models import Event
from hub.demo.sources import PLACEHOLDER
from tests.agenda.conftest import make_territory


def test_the_demo_writes_the_grand_lyon_governance_calendar_once_with_its_source():
    make_territory("grand-lyon", "Grand Lyon")
    assert load_agenda_demo(2027) == 3
    assert load_agenda_demo(2027) == 0  # idempotent: nothing differs, nothing is written
    project = Event.objects.get(kind="comite-projet")
    in_2027 = [o for o in project.occurrences() if o.start.year == 2027]
    assert len(in_2027) == 6  # « se réunit 6 fois par an »
    for event in Event.objects.all():
        assert "Convention Santé Psychique et Logement, Grand Lyon" in event.description
        assert PLACEHOLDER in event.description and PLACEHOLDER in event.place
        assert event.recurrence_until == date(2029, 12, 31)


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
