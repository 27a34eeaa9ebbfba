"""data·inclusion: every exported record validates with the official v1 models, exports
follow the access tiers, and imports upsert, report every bad record and stay atomic."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from data_inclusion.schema import v1
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from directory import synthetic
from directory.models import Organisation, OrganisationKind, Service
from hub.security.testing import force_login_with_second_factor
from tests.directory.helpers import load_communes, make_contact, make_organisation

LOCAL_KINDS = set(OrganisationKind.values)


def stream_json(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(b"".join(response.streaming_content))


def test_every_exported_demo_record_validates_with_the_v1_models(client, demo):
    for user in (None, get_user_model().objects.get(username="membre.social")):
        if user:
            client.force_login(user)
        structures = stream_json(client.get("/api/data-inclusion/structures.json"))
        services = stream_json(client.get("/api/data-inclusion/services.json"))
        assert len(structures) > 20 and services
        for record in structures:
            v1.Structure.model_validate(record)
        for record in services:
            v1.Service.model_validate(record)
        # Every service names a structure of the same export.
        assert {record["structure_id"] for record in services} <= {r["id"] for r in structures}


def test_local_kinds_are_never_exported_as_data_inclusion_codes(client, demo):
    structures = stream_json(client.get("/api/data-inclusion/structures.json"))
    kinds = set()
    for record in structures:
        kinds.add(record["maillage"]["type_structure"])
        official = {key: value for key, value in record.items() if key != "maillage"}
        codes = set(record["reseaux_porteurs"] or []) | {
            value for value in official.values() if isinstance(value, str)
        }
        assert not codes & LOCAL_KINDS, record["id"]
    assert {"bailleur-social", "cmp", "hopital"} <= kinds


def test_contact_lines_are_exported_only_when_the_field_tier_allows(client):
    load_communes("57463")
    organisation = make_organisation("Structure avec ligne directe", postal_code="57000")
    make_contact(
        organisation, email="accueil@example.org", phone="01 99 00 12 34", phone_tier="partners"
    )
    record = stream_json(client.get("/api/data-inclusion/structures.json"))[0]
    assert record["courriel"] == "accueil@example.org"
    assert record["telephone"] is None
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    # An administrator's session opens nothing before the second factor (hub.security).
    force_login_with_second_factor(client, admin)
    record = stream_json(client.get("/api/data-inclusion/structures.json"))[0]
    assert record["telephone"] == "+33199001234"
    v1.Structure.model_validate(record)


def test_export_command_writes_the_public_directory_only(demo, tmp_path):
    Organisation.objects.filter(slug="logirem").update(access_tier="partners")
    out = io.StringIO()
    call_command("export_data_inclusion", "--output", str(tmp_path), stdout=out)
    structures = json.loads((tmp_path / "structures.json").read_text(encoding="utf-8"))
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    assert "logirem" not in {record["id"] for record in structures}
    assert len(structures) == Organisation.objects.filter(access_tier="public").count()
    for record in structures:
        v1.Structure.model_validate(record)
    for record in services:
        v1.Service.model_validate(record)
    assert "structure(s)" in out.getvalue()


# --- date_maj: a true date or no record (issue 13) ------------------------------------------


def _records(client):
    by_id = {r["id"]: r for r in stream_json(client.get("/api/data-inclusion/structures.json"))}
    services = stream_json(client.get("/api/data-inclusion/services.json"))
    return by_id, {r["id"]: r for r in services}


def test_an_entry_never_verified_exports_its_last_write_never_today(client):
    written = datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC)
    never = make_organisation("Structure jamais vérifiée", postal_code="57000")
    service = Service.objects.create(organisation=never, name="Accueil jamais vérifié")
    Organisation.objects.filter(pk=never.pk).update(updated_at=written)
    Service.objects.filter(pk=service.pk).update(updated_at=written)
    verified = make_organisation("Structure vérifiée", verified_on=datetime.date(2026, 1, 15))
    structures, services = _records(client)
    assert structures[never.slug]["date_maj"] == "2025-03-04"
    assert services[f"{never.slug}--{service.pk}"]["date_maj"] == "2025-03-04"
    assert structures[verified.slug]["date_maj"] == "2026-01-15"
    assert datetime.date.today().isoformat() not in {
        structures[never.slug]["date_maj"],
        structures[verified.slug]["date_maj"],
    }
    for record in structures.values():
        v1.Structure.model_validate(record)
    for record in services.values():
        v1.Service.model_validate(record)


def test_a_save_stamps_the_entry_and_the_export_reads_that_day(client):
    organisation = make_organisation("Structure modifiée")
    organisation.refresh_from_db()
    day = timezone.localdate(organisation.updated_at)
    structures, _services = _records(client)
    assert structures[organisation.slug]["date_maj"] == day.isoformat()
    assert organisation.verified_on is None  # a write is not a verification


def test_an_entry_with_no_true_date_is_left_out_with_its_services(client):
    undated = make_organisation("Structure sans date connue")
    Service.objects.create(organisation=undated, name="Service sans date")
    Organisation.objects.filter(pk=undated.pk).update(updated_at=None)
    structures, services = _records(client)
    assert undated.slug not in structures
    assert not [key for key in services if key.startswith(f"{undated.slug}--")]
    # A verification date is enough on its own.
    Organisation.objects.filter(pk=undated.pk).update(verified_on=datetime.date(2025, 6, 1))
    structures, _services = _records(client)
    assert structures[undated.slug]["date_maj"] == "2025-06-01"


def test_a_verification_in_the_future_is_not_exported_as_is(client):
    organisation = make_organisation("Structure datée du futur")
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    Organisation.objects.filter(pk=organisation.pk).update(verified_on=tomorrow)
    organisation.refresh_from_db()
    structures, _services = _records(client)
    assert (
        structures[organisation.slug]["date_maj"]
        == min(timezone.localdate(organisation.updated_at), datetime.date.today()).isoformat()
    )


# --- Import -------------------------------------------------------------------------------------


@pytest.fixture
def places():
    return load_communes("57463", "57480", "69123", "13001")


def write_records(tmp_path, records, name, lines=False):
    path = tmp_path / name
    if lines:
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    else:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def synthetic_files(tmp_path, count=30, lines=False):
    pairs = list(synthetic.iter_data_inclusion_records(count, seed=7))
    return (
        write_records(tmp_path, [s for s, _ in pairs], "structures.json", lines),
        write_records(tmp_path, [v for _, v in pairs], "services.json", lines),
        pairs,
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_data_inclusion", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_synthetic_records_are_valid_and_deterministic(places):
    first = list(synthetic.iter_data_inclusion_records(20, seed=3))
    assert first == list(synthetic.iter_data_inclusion_records(20, seed=3))
    for structure, service in first:
        v1.Structure.model_validate(structure)
        v1.Service.model_validate(service)
        assert structure["courriel"].endswith("@example.org")
        assert structure["telephone"].startswith("01 99 00")


@pytest.mark.parametrize("lines", [False, True], ids=["tableau JSON", "JSON Lines"])
def test_import_creates_then_updates_and_maps_the_fields(places, tmp_path, lines):
    structures, services, pairs = synthetic_files(tmp_path, lines=lines)
    out, err, error = run("--structures", str(structures), "--services", str(services))
    assert error is None, err
    assert "Structures : 30 créée(s), 0 mise(s) à jour ; services : 30 créé(s)" in out
    structure, service = pairs[0]
    organisation = Organisation.objects.get(external_id=f"synthetique--{structure['id']}")
    assert organisation.name == structure["nom"]
    assert organisation.commune.code == structure["code_insee"]
    assert organisation.latitude == structure["latitude"]
    assert organisation.website == structure["site_web"]
    assert organisation.kind == OrganisationKind.OTHER
    assert organisation.access_tier == "public"
    assert str(organisation.verified_on) == structure["date_maj"]
    imported = Service.objects.get(external_id=f"synthetique--{service['id']}")
    assert imported.organisation == organisation
    assert imported.types == [service["type"]]
    assert imported.frais == ["gratuit"]
    assert imported.publics == sorted(service["publics"])
    assert imported.zone_eligibilite == service["zone_eligibilite"]
    # No contact is created from the records (role-based contacts are entered by hand).
    assert not organisation.contacts.exists()
    out, _err, error = run("--structures", str(structures), "--services", str(services))
    assert "Structures : 0 créée(s), 0 mise(s) à jour ; services : 0 créé(s), 0 mis à jour" in out
    assert "60 entrée(s) inchangée(s)" in out
    records = (
        json.loads(structures.read_text())
        if not lines
        else [json.loads(line) for line in structures.read_text().splitlines()]
    )
    records[0]["nom"] = "Nom corrigé par la source"
    structures = write_records(tmp_path, records, "structures.json", lines)
    out, _err, error = run("--structures", str(structures))
    assert "Structures : 0 créée(s), 1 mise(s) à jour" in out
    organisation.refresh_from_db()
    assert organisation.name == "Nom corrigé par la source"
    assert Organisation.objects.filter(external_id__startswith="synthetique--").count() == 30


def test_every_bad_record_is_reported_and_nothing_is_committed(places, tmp_path):
    structures, services, pairs = synthetic_files(tmp_path, count=5)
    records = [s for s, _ in pairs]
    del records[1]["nom"]
    records[3]["code_insee"] = "99999"
    records[4]["date_maj"] = "2999-01-01"
    structures = write_records(tmp_path, records, "structures.json")
    broken = [v for _, v in pairs]
    broken[0]["structure_id"] = "inconnue"
    services = write_records(tmp_path, broken, "services.json")
    out, err, error = run("--structures", str(structures), "--services", str(services))
    assert error is not None
    assert "structures.json, enregistrement 2, colonne nom : valeur refusée par le schéma" in err
    assert "enregistrement 4, colonne code_insee : code INSEE inconnu « 99999 »" in err
    assert "enregistrement 5, colonne date_maj" in err
    assert (
        "services.json, enregistrement 1, colonne structure_id : "
        "structure « synthetique--inconnue » introuvable" in err
    )
    # The services of the refused structures are reported too, the others checked.
    assert "services.json, enregistrement 2, colonne structure_id" in err
    assert "Import annulé" in out
    assert not Organisation.objects.filter(external_id__startswith="synthetique--").exists()
    assert not Service.objects.exists()


def test_dry_run_reports_and_commits_nothing(places, tmp_path):
    structures, services, _pairs = synthetic_files(tmp_path, count=3)
    out, _err, error = run(
        "--structures", str(structures), "--services", str(services), "--dry-run"
    )
    assert error is None
    assert "Structures : 3 créée(s)" in out and "Simulation" in out
    assert not Organisation.objects.filter(external_id__startswith="synthetique--").exists()


def test_unreadable_files_are_clear_french_errors(tmp_path):
    _out, _err, error = run("--structures", str(tmp_path / "absent.json"))
    assert "Fichier introuvable" in str(error)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"source": "x", "id": "1"', encoding="utf-8")
    _out, _err, error = run("--structures", str(broken))
    assert "JSON invalide" in str(error) or "incomplet" in str(error)


def test_our_own_export_imports_back(client, places, tmp_path):
    organisation = make_organisation(
        "Structure exportée", commune=places["57463"], postal_code="57000",
        description="Une structure qui fait l'aller-retour.",
    )  # fmt: skip
    Service.objects.create(organisation=organisation, name="Accueil", types=["information"])
    structures = stream_json(client.get("/api/data-inclusion/structures.json"))
    services = stream_json(client.get("/api/data-inclusion/services.json"))
    out, err, error = run(
        "--structures", str(write_records(tmp_path, structures, "s.json")),
        "--services", str(write_records(tmp_path, services, "v.json")),
    )  # fmt: skip
    assert error is None, err
    assert "Structures : 1 créée(s)" in out
    copy = Organisation.objects.get(external_id=f"maillage--{organisation.slug}")
    assert copy.commune == places["57463"]
    assert copy.services.get().types == ["information"]


def test_generate_directory_writes_fictional_entries_once_per_seed(places):
    out = io.StringIO()
    call_command("generate_directory", "--count", "12", "--seed", "5", stdout=out)
    assert "12 structure(s) fictive(s) créée(s)" in out.getvalue()
    organisations = Organisation.objects.filter(external_id__startswith="synthetique--5-")
    assert organisations.count() == 12
    for organisation in organisations:
        organisation.full_clean()
        contact = organisation.contacts.get()
        contact.full_clean()
        assert contact.phone.startswith("01 99 00") and contact.email.endswith("@example.org")
        assert organisation.commune.code in places
    call_command("generate_directory", "--count", "12", "--seed", "5", stdout=out)
    assert "0 structure(s) fictive(s) créée(s)" in out.getvalue()
    assert Service.objects.filter(organisation__in=organisations).count() == 12


def test_control_characters_in_records_are_refused_with_record_and_field(places, tmp_path):
    pairs = list(synthetic.iter_data_inclusion_records(3, seed=5))
    records = [structure for structure, _service in pairs]
    records[1]["nom"] = '\x01=HYPERLINK("http://evil.example")'
    records[2]["description"] = "Deux lignes\nde description\x1b"
    records[0]["description"] = "Une description\r\nsur deux lignes"  # allowed
    structures = write_records(tmp_path, records, "structures.json")
    services = [service for _structure, service in pairs]
    services[0]["horaires_accueil"] = "\x00Mo-Fr 09:00-17:00"
    services_path = write_records(tmp_path, services, "services.json", lines=True)
    out, err, error = run("--structures", str(structures), "--services", str(services_path))
    assert error is not None
    assert (
        "structures.json, enregistrement 2, colonne nom : caractère de contrôle interdit "
        "(U+0001, position 1)" in err
    )
    assert "structures.json, enregistrement 3, colonne description : caractère de contrôle" in err
    assert "enregistrement 1, colonne description" not in err
    assert "services.json, enregistrement 1, colonne horaires_accueil : caractère de contr" in err
    assert "Import annulé" in out
    assert not Organisation.objects.filter(external_id__startswith="synthetique--").exists()
    assert not Service.objects.exists()
