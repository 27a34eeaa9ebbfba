"""CSV and XLSX exports of the directory: what the user may see, French headers, a dated
attachment, never cached, and cells that a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from directory.exports import neutralise
from directory.models import Service
from tests.directory.helpers import load_communes, make_contact, make_organisation


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_sheets(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook
    }


@pytest.fixture
def entries():
    communes = load_communes("57463")
    organisation = make_organisation(
        "=HYPERLINK(\"http://evil.example\")", commune=communes["57463"], postal_code="57000",
        description="-2+3", slug="structure-piegee",
    )  # fmt: skip
    make_contact(organisation, email="accueil@example.org", phone="+33 3 87 00 00 00",
                 phone_tier="partners")  # fmt: skip
    Service.objects.create(organisation=organisation, name="@SUM(A1)", types=["accompagnement"])
    Service.objects.create(
        organisation=organisation, name="Service réservé", access_tier="partners"
    )
    hidden = make_organisation("Structure des partenaires", access_tier="partners")
    Service.objects.create(organisation=hidden, name="Service caché", description="caché")
    return organisation


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        # Control characters go first: a tab is a space, a carriage return a line feed,
        # the others disappear; then the first visible character decides.
        ("\tcmd", " cmd"),
        ("\rcmd", "\ncmd"),
        ("\t=1+1", "' =1+1"),
        (" =1+1", "' =1+1"),
        ('\x01=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("\x00\x1f\x7f\x9f@SUM(A1)", "'@SUM(A1)"),
        ("\x01+33 3 87 00 00 00", "+33 3 87 00 00 00"),
        ("Ligne 1\r\nLigne 2", "Ligne 1\nLigne 2"),
        ("+33 3 87 00 00 00", "+33 3 87 00 00 00"),
        ("+33387000000", "+33387000000"),
        ("+33 3 87 00 00 00+cmd|' /C calc'!A0", "'+33 3 87 00 00 00+cmd|' /C calc'!A0"),
        ("Metz", "Metz"),
        (None, ""),
    ],
)
def test_cells_are_neutralised_except_phone_numbers(value, expected):
    assert neutralise(value) == expected


def test_csv_export_for_an_anonymous_visitor(client, entries):
    response = client.get("/api/annuaire.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert (
        response["Content-Disposition"] == f'attachment; filename="annuaire-maillage-{today}.csv"'
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    header, *rows = csv_rows(response)
    assert header[:3] == ["Identifiant", "Nom", "Type de structure"]
    assert [row[0] for row in rows] == ["structure-piegee"]
    row = dict(zip(header, rows[0], strict=True))
    assert row["Nom"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Description"] == "'-2+3"
    assert row["Commune"] == "Metz"
    assert row["Courriel"] == "accueil@example.org"
    assert row["Téléphone"] == ""  # a line for partners only
    assert row["Services"] == "'@SUM(A1)"


def test_csv_export_for_a_partner_shows_their_tier_and_the_partner_line(client, entries):
    user = get_user_model().objects.create_user("partenaire", "p@example.org", "x" * 16)
    client.force_login(user)
    header, *rows = csv_rows(client.get("/api/annuaire.csv"))
    by_slug = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_slug) == {"structure-piegee", "structure-des-partenaires"}
    assert by_slug["structure-piegee"]["Téléphone"] == "+33 3 87 00 00 00"
    assert by_slug["structure-piegee"]["Services"] == "'@SUM(A1) | Service réservé"
    assert by_slug["structure-des-partenaires"]["Services"] == "Service caché"


def test_xlsx_export_has_two_sheets_of_strings(client, entries):
    response = client.get("/api/annuaire.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in response["Cache-Control"]
    sheets = xlsx_sheets(response)
    assert list(sheets) == ["Structures", "Services"]
    header, structure = sheets["Structures"]
    assert structure[header.index("Nom")] == '\'=HYPERLINK("http://evil.example")'
    assert structure[header.index("Latitude")] in ("", None)  # no position: an empty cell
    assert all(isinstance(cell, str) for cell in structure if cell is not None)
    services = sheets["Services"]
    assert [row[2] for row in services[1:]] == ["'@SUM(A1)"]
    assert services[1][4] == "accompagnement"


# Values that reached the database without an import (the admin, the shell, a restore):
# a control character in front of a formula must not survive the export as a formula.
HOSTILE_NAME = '\x01=HYPERLINK("http://evil.example","cliquez")'
HOSTILE_DESCRIPTION = "\x1f-2+3"
# No NUL here: PostgreSQL refuses it in a text column (the importers refuse it anyway).
HOSTILE_SERVICE = "\x0b\x1b@SUM(A1)"


@pytest.fixture
def hostile_entries():
    organisation = make_organisation(
        HOSTILE_NAME, description=HOSTILE_DESCRIPTION, slug="structure-hostile"
    )
    Service.objects.create(organisation=organisation, name=HOSTILE_SERVICE, description="\t=1+1")
    return organisation


def test_csv_export_neutralises_a_formula_hidden_behind_a_control_character(
    client, hostile_entries
):
    header, *rows = csv_rows(client.get("/api/annuaire.csv"))
    row = dict(zip(header, rows[0], strict=True))
    assert row["Nom"] == '\'=HYPERLINK("http://evil.example","cliquez")'
    assert row["Description"] == "'-2+3"
    assert row["Services"] == "'@SUM(A1)"
    for cell in rows[0]:
        assert not any(ord(char) < 32 and char != "\n" for char in cell), repr(cell)


def test_xlsx_export_has_no_formula_cell_even_behind_a_control_character(client, hostile_entries):
    response = client.get("/api/annuaire.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert cells
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert formulas == []
    values = {cell.value for cell in cells}
    assert '\'=HYPERLINK("http://evil.example","cliquez")' in values
    assert "'@SUM(A1)" in values
    assert "' =1+1" in values
