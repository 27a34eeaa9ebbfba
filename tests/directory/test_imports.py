"""The CSV import: the documented example imports cleanly, every bad row is reported with
its spreadsheet line and column, and a bad file (or a dry run) commits nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.importers.csv_import import import_csv
from directory.models import Organisation, Service
from tests.directory.helpers import load_communes, make_organisation

EXAMPLES = Path(__file__).resolve().parents[2] / "directory" / "importers"
HEADER = "identifiant_externe;nom;type;code_postal;code_insee;thematiques;visibilite;verifie_le"


@pytest.fixture
def communes():
    return load_communes("57463", "57480", "13214")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_directory_csv", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def write(tmp_path, text, name="structures.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_documented_examples_import_cleanly(communes):
    out, err, error = run(
        str(EXAMPLES / "exemple-structures.csv"),
        "--services",
        str(EXAMPLES / "exemple-services.csv"),
    )
    assert error is None, err
    assert "Structures : 3 créée(s), 0 mise(s) à jour" in out
    assert "services : 1 créé(s)" in out
    association = Organisation.objects.get(external_id="exemple-001")
    assert association.kind == "logement-accompagne"
    assert association.commune == communes["57463"]
    assert (association.latitude, association.longitude) == (49.1193, 6.1757)
    assert association.partner_family.slug == "logement-accompagne"
    assert association.thematiques == [
        "logement-hebergement--se-maintenir-dans-le-logement",
        "sante--sante-mentale",
    ]
    assert str(association.verified_on) == "2026-01-15"
    # Found by its postcode, placed at the commune's centroid.
    cmp = Organisation.objects.get(external_id="exemple-002")
    assert cmp.commune == communes["57480"]
    assert (cmp.latitude, cmp.longitude) == (
        communes["57480"].latitude,
        communes["57480"].longitude,
    )
    assert Organisation.objects.get(external_id="exemple-003").access_tier == "partners"
    service = Service.objects.get(external_id="exemple-001-sous-location")
    assert service.organisation == association
    assert service.zone_eligibilite == ["57463", "57480"]


def test_importing_the_same_file_twice_updates_instead_of_duplicating(communes):
    run(str(EXAMPLES / "exemple-structures.csv"))
    out, _err, error = run(str(EXAMPLES / "exemple-structures.csv"))
    assert error is None
    assert "Structures : 0 créée(s), 3 mise(s) à jour" in out
    assert Organisation.objects.filter(external_id__startswith="exemple-").count() == 3


def test_every_bad_row_is_reported_and_nothing_is_committed(communes, tmp_path):
    path = write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                "ok-1;Structure correcte;association;;57463;;public;",
                "bad-2;Structure au code inconnu;association;;99999;;public;",
                "bad-3;Structure au type inconnu;piscine;;57463;;public;",
                "bad-4;Structure mal datée;association;;57463;;public;31/02/2026",
                "bad-5;Structure au code postal inconnu;association;00000;;;public;",
                "bad-6;Thématique inventée;association;;57463;sante--inventee;public;",
                "bad-7;Visibilité famille;association;;57463;;family;",
            ]
        ),
    )
    out, err, error = run(str(path))
    assert error is not None
    assert "6 erreur(s)" in str(error)
    assert "ligne 3, colonne code_insee : code INSEE inconnu « 99999 »" in err
    assert "ligne 4, colonne type : type de structure inconnu « piscine »" in err
    assert "ligne 5, colonne verifie_le : date invalide « 31/02/2026 »" in err
    assert "ligne 6, colonne code_postal : code postal inconnu « 00000 »" in err
    assert "ligne 7, colonne thematiques : Code inconnu du référentiel data·inclusion" in err
    assert "ligne 8, colonne visibilite : visibilité « family » inconnue" in err
    assert "Import annulé : rien n'a été enregistré." in out
    # The good row was not kept either: all or nothing.
    assert not Organisation.objects.filter(external_id__in=["ok-1", "bad-2"]).exists()


def test_dry_run_validates_and_commits_nothing(communes):
    out, _err, error = run(str(EXAMPLES / "exemple-structures.csv"), "--dry-run")
    assert error is None
    assert "Structures : 3 créée(s)" in out
    assert "Simulation : rien n'a été enregistré." in out
    assert not Organisation.objects.filter(external_id__startswith="exemple-").exists()


def test_a_missing_required_header_is_one_clear_error_before_any_row(communes, tmp_path):
    path = write(tmp_path, "identifiant_externe;nom\nx-1;Sans type\n")
    _out, _err, error = run(str(path))
    assert "n'a pas la ou les colonnes obligatoires : type" in str(error)
    assert not Organisation.objects.filter(external_id="x-1").exists()


def test_unknown_headers_are_reported_and_commas_are_sniffed(communes, tmp_path):
    path = write(
        tmp_path,
        "identifiant_externe,nom,type,code_insee,couleur\n"
        "x-1,Structure à virgules,gem,57463,bleu\n",
    )
    out, err, error = run(str(path))
    assert error is None, err
    assert "colonne(s) inconnue(s) ignorée(s) : couleur" in err
    assert Organisation.objects.get(external_id="x-1").kind == "gem"


def test_missing_file_and_wrong_encoding_are_clear_french_errors(tmp_path):
    _out, _err, error = run(str(tmp_path / "absent.csv"))
    assert "Fichier introuvable" in str(error)
    latin = write(tmp_path, f"{HEADER}\nx-1;Fédération;association;;;;;\n", encoding="latin-1")
    _out, _err, error = run(str(latin))
    assert "n'est pas en UTF-8" in str(error)


def test_a_column_absent_from_the_file_is_left_untouched_on_update(communes, tmp_path):
    make_organisation(
        "Structure existante", external_id="x-1", description="Gardée", slug="existante"
    )
    path = write(tmp_path, "identifiant_externe;nom;type\nx-1;Nouveau nom;association\n")
    _out, _err, error = run(str(path))
    assert error is None
    organisation = Organisation.objects.get(external_id="x-1")
    assert (organisation.name, organisation.description) == ("Nouveau nom", "Gardée")
    assert organisation.slug == "existante"


def test_slugs_are_unique_and_external_ids_unique_within_the_file(communes, tmp_path):
    make_organisation("CMP de Metz")
    path = write(
        tmp_path,
        f"{HEADER}\nx-1;CMP de Metz;cmp;;57463;;;\nx-2;CMP de Metz;cmp;;57463;;;\n"
        "x-2;Doublon;cmp;;57463;;;\n",
    )
    _out, err, error = run(str(path))
    assert "ligne 4, colonne identifiant_externe : identifiant « x-2 » déjà utilisé ligne 3" in err
    fixed = write(
        tmp_path, f"{HEADER}\nx-1;CMP de Metz;cmp;;57463;;;\nx-2;CMP de Metz;cmp;;57463;;;\n"
    )
    _out, err, error = run(str(fixed))
    assert error is None, err
    slugs = set(Organisation.objects.filter(name="CMP de Metz").values_list("slug", flat=True))
    assert slugs == {"cmp-de-metz", "cmp-de-metz-2", "cmp-de-metz-3"}


def test_a_service_naming_an_unknown_or_failed_structure_is_refused(communes, tmp_path):
    structures = write(tmp_path, f"{HEADER}\ns-1;Structure;association;;99999;;;\n")
    services = write(
        tmp_path,
        "identifiant_externe;identifiant_externe_structure;nom;types\n"
        "v-1;s-1;Service;accompagnement\nv-2;inconnue;Service;accompagnement\n",
        name="services.csv",
    )
    _out, err, error = run(str(structures), "--services", str(services))
    assert error is not None
    assert (
        "services.csv, ligne 2, colonne identifiant_externe_structure : "
        "la structure « s-1 » est en erreur" in err
    )
    assert (
        "services.csv, ligne 3, colonne identifiant_externe_structure : "
        "structure « inconnue » introuvable" in err
    )
    assert not Service.objects.exists()


def test_the_importer_takes_uploaded_bytes_too(communes):
    report = import_csv((EXAMPLES / "exemple-structures.csv").read_bytes())
    assert report.committed
    assert report.structures.created == 3


def test_control_characters_are_refused_with_line_and_column(communes, tmp_path):
    # "\x01=HYPERLINK(...)" looks like a name on screen and becomes a formula in a
    # spreadsheet once the control character is dropped: refused, with its place.
    path = write(
        tmp_path,
        "identifiant_externe;nom;type;code_insee;description\n"
        'ok-1;Structure correcte;association;57463;"Première ligne\nseconde ligne"\n'
        'bad-2;\x01=HYPERLINK("http://evil.example");association;57463;\n'
        "bad-3;Structure;association;57463;Texte\x1b[31m\n"
        "bad-4;Nom\tavec tabulation;association;57463;\n",
    )
    out, err, error = run(str(path))
    assert error is not None
    assert "3 erreur(s)" in str(error)
    assert (
        "structures.csv, ligne 3, colonne nom : caractère de contrôle interdit "
        "(U+0001, position 1)" in err
    )
    assert "ligne 4, colonne description : caractère de contrôle interdit (U+001B" in err
    assert "ligne 5, colonne nom : caractère de contrôle interdit (U+0009" in err
    assert "ligne 2" not in err  # a line break is allowed in a description
    assert "Import annulé : rien n'a été enregistré." in out
    assert not Organisation.objects.filter(external_id__in=["ok-1", "bad-2"]).exists()


def test_control_characters_in_a_services_file_are_refused(communes, tmp_path):
    make_organisation(external_id="s-1")
    report = import_csv(
        None,
        (
            "identifiant_externe;identifiant_externe_structure;nom;horaires_accueil\n"
            "v-1;s-1;\x7f@SUM(A1);Mo-Fr\x9b09:00-17:00\n"
        ).encode(),
    )
    assert [str(error) for error in report.errors] == [
        "services, ligne 2, colonne nom : caractère de contrôle interdit (U+007F, position 1) "
        ": retirez-le de la cellule",
        "services, ligne 2, colonne horaires_accueil : caractère de contrôle interdit "
        "(U+009B, position 6) : retirez-le de la cellule",
    ]
    assert not Service.objects.exists()
