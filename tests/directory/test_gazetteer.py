"""The communes gazetteer: loading it with `manage.py load_communes`, refusing bad files
without writing anything, and finding communes with `Commune.objects.lookup()`."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from directory import gazetteer
from directory.models import Commune, PostalCode, normalize_name

pytestmark = pytest.mark.django_db

NBSP = "\xa0"  # French thousands separator, as printed by the summary line


def load(path: Path | None = None) -> str:
    """Run the command and return what it printed."""
    out = io.StringIO()
    options = {"file": path} if path else {}
    call_command("load_communes", stdout=out, **options)
    return out.getvalue()


def snapshot() -> tuple[list, list]:
    """Everything the loader writes, to compare two states of the database."""
    communes = list(
        Commune.objects.order_by("code").values_list(
            "code",
            "name",
            "search_name",
            "kind",
            "department",
            "region",
            "population",
            "parent__code",
            "latitude",
            "longitude",
        )
    )
    postal_codes = list(
        PostalCode.objects.order_by("commune__code", "code").values_list("commune__code", "code")
    )
    return communes, postal_codes


def codes(queryset) -> list[str]:
    return [commune.code for commune in queryset]


# --- Loading -----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_full_vendored_file_loads_and_metz_is_found_by_insee_code_and_by_postcode():
    output = load()

    assert Commune.objects.count() == 35_014
    assert Commune.objects.filter(kind=Commune.Kind.ARRONDISSEMENT).count() == 45
    assert Commune.objects.filter(latitude__isnull=False).count() == 14_906
    assert codes(Commune.objects.lookup("57463")) == ["57463"]
    assert codes(Commune.objects.lookup("57000")) == ["57463"]
    assert f"35{NBSP}014 lues, 35{NBSP}014 créées" in output


def test_a_small_file_loads_every_commune_with_its_postcodes_coordinates_and_parent(
    sample_file,
):
    load(sample_file)

    assert Commune.objects.count() == 12
    metz = Commune.objects.get(code="57463")
    assert str(metz) == "Metz (57463)"
    assert metz.kind == Commune.Kind.COMMUNE
    assert (metz.department, metz.region, metz.population) == ("57", "44", 122572)
    assert (metz.latitude, metz.longitude) == (49.11911, 6.17269)
    assert metz.parent is None
    assert sorted(metz.postal_codes.values_list("code", flat=True)) == ["57000", "57050", "57070"]

    montigny = Commune.objects.get(code="57480")
    assert montigny.search_name == "montigny les metz"

    paris_11 = Commune.objects.get(code="75111")
    assert paris_11.kind == Commune.Kind.ARRONDISSEMENT
    assert paris_11.parent.code == "75056"
    assert Commune.objects.get(code="69383").parent.code == "69123"
    assert Commune.objects.get(code="13214").parent.code == "13055"
    # Lyon 3e has no centroid in the file: no coordinates rather than zeros.
    assert Commune.objects.get(code="69383").latitude is None


def test_the_default_file_is_the_one_named_in_the_settings(settings, sample_file):
    settings.MAILLAGE_GAZETTEER_FILE = sample_file

    load()

    assert Commune.objects.count() == 12


def test_the_command_ends_with_one_summary_line(sample_file):
    output = load(sample_file)

    assert output.count("\n") == 1
    assert output.startswith(
        "Communes : 12 lues, 12 créées, 0 mises à jour, 0 inchangées, "
        "61 codes postaux (61 ajoutés, 0 retirés), en "
    )
    assert output.rstrip().endswith(" s.")


def test_loading_the_same_file_twice_gives_the_same_database(sample_file):
    load(sample_file)
    first = snapshot()

    output = load(sample_file)

    assert snapshot() == first
    assert Commune.objects.count() == 12
    assert PostalCode.objects.count() == 61
    assert "12 lues, 0 créées, 0 mises à jour, 12 inchangées" in output
    assert "(0 ajoutés, 0 retirés)" in output


def test_a_changed_file_updates_the_communes_and_replaces_their_postcodes(
    write_gazetteer, rows, sample_file
):
    load(sample_file)
    metz_id = Commune.objects.get(code="57463").pk
    rows[0].update(nom="Metz-la-Belle", population=123000, codesPostaux=["57000", "57999"])
    rows[1].update(lat=None, lon=None)

    output = load(write_gazetteer(rows, "changed.json.gz"))

    metz = Commune.objects.get(code="57463")
    assert metz.pk == metz_id  # updated in place: what points to it keeps pointing to it
    assert (metz.name, metz.search_name, metz.population) == (
        "Metz-la-Belle",
        "metz la belle",
        123000,
    )
    assert sorted(metz.postal_codes.values_list("code", flat=True)) == ["57000", "57999"]
    assert Commune.objects.get(code="57480").latitude is None
    assert "0 créées, 2 mises à jour, 10 inchangées" in output
    assert "(1 ajoutés, 2 retirés)" in output


def test_a_commune_missing_from_a_new_file_is_kept_and_reported(write_gazetteer, rows, sample_file):
    load(sample_file)

    output = load(write_gazetteer(rows[1:], "shorter.json.gz"))

    assert Commune.objects.filter(code="57463").exists()
    assert Commune.objects.get(code="57463").postal_codes.count() == 3
    assert "1 absentes du fichier (conservées)" in output


def test_a_failure_while_writing_leaves_nothing_half_written(sample_file, monkeypatch):
    def fail(rows):
        raise RuntimeError("database went away")

    # The communes are written, then the postcodes fail: everything must be rolled back.
    monkeypatch.setattr(gazetteer, "_save_postal_codes", fail)

    with pytest.raises(RuntimeError):
        load(sample_file)

    assert Commune.objects.count() == 0


# --- Refusing bad files ------------------------------------------------------------------


def test_a_missing_file_gives_one_clear_french_line_and_loads_nothing(tmp_path):
    missing = tmp_path / "nowhere.json.gz"

    with pytest.raises(CommandError) as error:
        load(missing)

    assert str(error.value) == f"Fichier du référentiel introuvable : {missing}"
    assert Commune.objects.count() == 0


def test_a_corrupt_row_is_named_and_nothing_is_loaded_even_from_the_valid_rows_before_it(
    write_gazetteer, rows
):
    rows[2]["lat"] = "abc"

    with pytest.raises(CommandError) as error:
        load(write_gazetteer(rows))

    assert str(error.value) == (
        "Référentiel des communes invalide : ligne 3 (code 57447) : latitude « abc » invalide."
    )
    assert Commune.objects.count() == 0
    assert PostalCode.objects.count() == 0


def test_a_corrupt_file_leaves_a_previous_good_load_unchanged(write_gazetteer, rows, sample_file):
    load(sample_file)
    before = snapshot()
    rows[0]["nom"] = "Metz renommée"  # a valid change, before the bad row
    rows[2]["lat"] = "abc"

    with pytest.raises(CommandError):
        load(write_gazetteer(rows, "corrupt.json.gz"))

    assert snapshot() == before


def _set(key, value):
    def change(row, rows):
        row[key] = value

    return change


def _remove(key):
    def change(row, rows):
        del row[key]

    return change


def _duplicate_first_code(row, rows):
    row["code"] = rows[0]["code"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_remove("code"), "ligne 3 : code INSEE manquant."),
        (
            _set("code", "5744"),
            "ligne 3 : code INSEE « 5744 » invalide (5 caractères attendus : chiffres, A ou B).",
        ),
        (_set("code", 57447), "ligne 3 : code INSEE « 57447 » invalide"),
        (
            _duplicate_first_code,
            "ligne 3 (code 57463) : code INSEE en double (déjà présent ligne 1).",
        ),
        (_remove("nom"), "ligne 3 (code 57447) : nom manquant."),
        (_set("nom", "  "), "ligne 3 (code 57447) : nom manquant."),
        (
            _set("type", "commune-deleguee"),
            "ligne 3 (code 57447) : type « commune-deleguee » invalide",
        ),
        (_set("departement", "5"), "ligne 3 (code 57447) : département « 5 » invalide."),
        (_set("region", None), "ligne 3 (code 57447) : région « null » invalide."),
        (_set("population", -3), "ligne 3 (code 57447) : population « -3 » invalide."),
        (
            _set("lat", 123.4),
            "ligne 3 (code 57447) : latitude « 123.4 » hors limites (de -90 à 90).",
        ),
        (_set("lon", "est"), "ligne 3 (code 57447) : longitude « est » invalide."),
        (_set("lon", True), "ligne 3 (code 57447) : longitude « true » invalide."),
        (_remove("lon"), "ligne 3 (code 57447) : latitude et longitude vont ensemble"),
        (
            _set("codesPostaux", "57155"),
            "ligne 3 (code 57447) : codesPostaux « 57155 » invalide : "
            "liste de codes à 5 chiffres attendue.",
        ),
        (
            _set("codesPostaux", ["57155", "5715"]),
            "ligne 3 (code 57447) : code postal « 5715 » invalide (5 chiffres attendus).",
        ),
        (
            _set("commune", "57463"),
            "ligne 3 (code 57447) : seul un arrondissement municipal a une commune parente",
        ),
        (_set("commune", None), None),  # an explicit null parent is fine for a commune
        (_set("codesPostaux", None), None),  # the French Southern Territories have none
        (_set("lat", "49.06"), None),  # a number written as a string is accepted
    ],
)
def test_each_kind_of_corrupt_row_gives_its_reason(write_gazetteer, rows, change, message):
    change(rows[2], rows)
    path = write_gazetteer(rows)

    if message is None:
        load(path)
        assert Commune.objects.count() == 12
        return
    with pytest.raises(CommandError) as error:
        load(path)
    assert str(error.value).startswith(f"Référentiel des communes invalide : {message}")
    assert Commune.objects.count() == 0


@pytest.mark.parametrize(
    ("parent", "message"),
    [
        (None, "commune parente de l'arrondissement manquante."),
        ("99999", "commune parente « 99999 » absente du fichier."),
        ("75111", "la commune parente « 75111 » n'est pas une commune actuelle."),
    ],
)
def test_an_arrondissement_needs_a_parent_commune_present_in_the_file(
    write_gazetteer, rows, parent, message
):
    rows[5]["commune"] = parent  # Paris 11e

    with pytest.raises(CommandError) as error:
        load(write_gazetteer(rows))

    assert str(error.value) == (
        f"Référentiel des communes invalide : ligne 6 (code 75111) : {message}"
    )
    assert Commune.objects.count() == 0


def test_a_row_that_is_not_an_object_is_named(write_gazetteer, rows):
    rows[2] = ["57447", "Marly"]

    with pytest.raises(CommandError) as error:
        load(write_gazetteer(rows))

    assert str(error.value) == (
        'Référentiel des communes invalide : ligne 3 : objet JSON attendu, trouvé « ["57447", '
        '"Marly"] ».'
    )


def test_a_file_that_is_not_gzip_gives_a_clear_error(tmp_path):
    path = tmp_path / "communes.json.gz"
    path.write_text('[{"code": "57463"}]', encoding="utf-8")

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value) == (
        f"Fichier du référentiel illisible : {path} n'est pas un fichier gzip valide."
    )
    assert Commune.objects.count() == 0


def test_a_truncated_gzip_file_gives_a_clear_error(tmp_path, sample_file):
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(sample_file.read_bytes()[:200])

    with pytest.raises(CommandError, match="n'est pas un fichier gzip valide"):
        load(truncated)


def test_a_gzip_file_that_is_not_json_gives_a_clear_error(tmp_path):
    path = tmp_path / "communes.json.gz"
    path.write_bytes(gzip.compress(b"code;nom\n57463;Metz\n"))

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value) == (
        f"Fichier du référentiel illisible : {path} ne contient pas du JSON valide "
        "(ligne 1, colonne 1 du contenu décompressé)."
    )
    assert Commune.objects.count() == 0


def test_a_gzip_file_that_is_not_utf8_gives_a_clear_error(tmp_path):
    path = tmp_path / "communes.json.gz"
    path.write_bytes(gzip.compress('[{"nom": "Metz"}]'.encode("latin-1") + b"\xe9"))

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value) == (
        f"Fichier du référentiel illisible : {path} n'est pas du texte UTF-8."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"communes": []}, "doit contenir une liste JSON de communes."),
        ([], "ne contient aucune commune."),
    ],
)
def test_json_that_is_not_a_list_of_communes_gives_a_clear_error(write_gazetteer, content, message):
    path = write_gazetteer(content)

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value) == f"Référentiel des communes invalide : {path} {message}"


def test_manage_py_prints_the_error_as_one_line_without_a_traceback(tmp_path):
    missing = tmp_path / "nowhere.json.gz"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.test"}

    result = subprocess.run(
        [sys.executable, "manage.py", "load_communes", "--file", str(missing)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"CommandError: Fichier du référentiel introuvable : {missing}"
    )


# --- Progress bar ------------------------------------------------------------------------


class TerminalOutput(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_is_shown_on_a_terminal(sample_file, monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)

    call_command("load_communes", file=sample_file, stdout=TerminalOutput())

    assert "Communes" in capsys.readouterr().err


def test_no_progress_bar_in_ci_even_on_a_terminal(sample_file, monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")

    call_command("load_communes", file=sample_file, stdout=TerminalOutput())

    assert capsys.readouterr().err == ""


def test_no_progress_bar_when_the_output_is_not_a_terminal(sample_file, monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)

    load(sample_file)

    assert capsys.readouterr().err == ""


# --- Looking communes up -----------------------------------------------------------------


@pytest.fixture
def sample_loaded(sample_file):
    load(sample_file)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Montigny-lès-Metz", "montigny les metz"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Œuilly", "oeuilly"),
        ("  ÉPINAL  ", "epinal"),
        ("Bors (Canton de Charente-Sud)", "bors canton de charente sud"),
        ("Saint-Denis’", "saint denis"),
    ],
)
def test_a_search_name_has_no_case_accents_hyphens_or_apostrophes(text, expected):
    assert normalize_name(text) == expected


def test_lookup_finds_a_commune_by_its_insee_code(sample_loaded):
    assert codes(Commune.objects.lookup("57463")) == ["57463"]


def test_lookup_finds_a_commune_by_its_postcode(sample_loaded):
    assert codes(Commune.objects.lookup("57000")) == ["57463"]
    assert codes(Commune.objects.lookup(" 57 050 ")) == ["57463"]


def test_lookup_finds_the_city_and_its_arrondissement_that_share_a_postcode(sample_loaded):
    assert codes(Commune.objects.lookup("75011")) == ["75056", "75111"]


def test_lookup_puts_the_postcode_matches_before_the_insee_match(sample_loaded):
    # 13001 is the postcode of Marseille 1er and the INSEE code of Aix-en-Provence.
    matches = Commune.objects.lookup("13001")
    assert codes(matches) == ["13055", "13201", "13001"]
    assert [c.reading for c in matches] == ["postcode", "postcode", "insee"]


def test_lookup_with_a_name_and_its_insee_code_gives_that_commune_first(sample_loaded):
    # The form of `Commune.query_value`, for codes that are also postcodes.
    matches = Commune.objects.lookup("Aix-en-Provence (13001)")
    assert [(c.code, c.reading) for c in matches] == [("13001", "code")]
    # The name must agree with the code.
    assert codes(Commune.objects.lookup("Metz (13001)")) == []


@pytest.mark.parametrize("query", ["Marseille 13001", "13001 Marseille", "marseille (13001)"])
def test_lookup_with_a_name_and_a_postcode_keeps_the_communes_of_that_name(sample_loaded, query):
    assert codes(Commune.objects.lookup(query)) == ["13055", "13201"]


def test_lookup_with_a_name_and_a_department_keeps_that_department(sample_loaded):
    assert codes(Commune.objects.lookup("Marly (57)")) == ["57447"]
    assert codes(Commune.objects.lookup("Marly (78)")) == ["78372"]
    assert codes(Commune.objects.lookup("Marly (13)")) == []


def test_query_value_is_the_insee_code_unless_it_is_also_a_postcode(sample_loaded):
    assert Commune.objects.get(code="57463").query_value == "57463"
    assert Commune.objects.get(code="13001").query_value == "Aix-en-Provence (13001)"


@pytest.mark.parametrize(
    "query", ["montigny les metz", "Montigny-lès-Metz", "MONTIGNY LES METZ", "montigny"]
)
def test_lookup_finds_a_commune_by_its_name_without_accents_or_case(sample_loaded, query):
    assert codes(Commune.objects.lookup(query)) == ["57480"]


def test_lookup_puts_the_exact_name_before_the_longer_names_that_start_with_it(sample_loaded):
    # Marly-le-Roi is more populated than Marly, but "marly" is exactly Marly.
    assert codes(Commune.objects.lookup("marly")) == ["57447", "78372"]


def test_lookup_by_the_start_of_a_name_gives_the_most_populated_first(sample_loaded):
    assert codes(Commune.objects.lookup("mar")) == ["13055", "13214", "13201", "78372", "57447"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Paris 11e", "75111"),
        ("Paris 11", "75111"),
        ("paris 11ème", "75111"),
        ("Paris 11e arrondissement", "75111"),
        ("Lyon 3e", "69383"),
        ("Marseille 14e", "13214"),
        ("Marseille 14ème", "13214"),
        ("Marseille 1er", "13201"),
    ],
)
def test_lookup_finds_a_municipal_arrondissement(sample_loaded, query, code):
    assert codes(Commune.objects.lookup(query)) == [code]


@pytest.mark.parametrize("query", ["", "   ", None, "-", "Paris 21e", "Lyon 10", "99999", "Nancy"])
def test_lookup_finds_nothing_for_blank_unknown_or_impossible_places(sample_loaded, query):
    assert codes(Commune.objects.lookup(query)) == []


# --- Admin listing -----------------------------------------------------------------------


def test_an_administrator_can_list_search_and_inspect_the_communes(admin_client, sample_loaded):
    listing = admin_client.get("/admin/communes/", {"q": "montigny les metz"})
    metz = Commune.objects.get(code="57463")
    inspect = admin_client.get(f"/admin/communes/inspect/{metz.pk}/")

    assert listing.status_code == 200
    assert "Montigny-lès-Metz" in listing.text
    assert "Marly" not in listing.text
    assert inspect.status_code == 200
    assert "57463" in inspect.text


def test_nobody_can_add_change_or_delete_a_commune_in_the_admin(admin_client, sample_loaded):
    metz = Commune.objects.get(code="57463")

    for url in [
        "/admin/communes/new/",
        f"/admin/communes/edit/{metz.pk}/",
        f"/admin/communes/delete/{metz.pk}/",
    ]:
        response = admin_client.post(url, {"name": "Changée"})
        assert response.status_code in {302, 403}, url
    assert Commune.objects.get(code="57463").name == "Metz"
    assert Commune.objects.count() == 12
