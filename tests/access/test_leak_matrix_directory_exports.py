"""The leak matrix, for the directory's exports: CSV, XLSX and the data·inclusion JSON
(structures, services). For every role and every channel, the canaries of the tiers the
role does not reach never appear, those it reaches do, and the public canary's phone line
kept for partners reaches partners only (in any spelling: spaced, compact, E.164)."""

import io
import json

import pytest
from openpyxl import load_workbook

from tests.access.conftest import MARKERS, ROLES, TIERS, VISIBLE

pytestmark = pytest.mark.usefixtures("world")

PARTNER_ROLES = {"partner", "family_a", "family_b", "instance", "referent"}


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(client):
    return body(client.get("/api/annuaire.csv")).decode("utf-8-sig")


def read_xlsx(client):
    response = client.get("/api/annuaire.xlsx")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    cells = [
        "" if cell is None else str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]
    return "\n".join(cells)


def read_structures(client):
    return json.dumps(json.loads(body(client.get("/api/data-inclusion/structures.json"))))


def read_services(client):
    return json.dumps(json.loads(body(client.get("/api/data-inclusion/services.json"))))


CHANNELS = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "data-inclusion structures": read_structures,
    "data-inclusion services": read_services,
}
# Channels where the public canary structure's phone line shows (services have no
# contact in the world).
PHONE_CHANNELS = {"csv", "xlsx", "data-inclusion structures"}


def phone_spellings(phone):
    compact = phone.replace(" ", "")
    return [phone, compact, compact[1:]]  # "03 87 99 00 42", "0387990042", "387990042"


@pytest.mark.parametrize("channel", list(CHANNELS))
@pytest.mark.parametrize("role", ROLES)
def test_directory_exports_show_exactly_the_tiers_the_role_reaches(as_role, role, channel):
    text = CHANNELS[channel](as_role(role))
    for tier in TIERS:
        if tier in VISIBLE[role]:
            assert MARKERS[tier] in text, f"{role} ne voit pas {tier} via {channel}"
        else:
            assert MARKERS[tier] not in text, f"{role} voit {tier} via {channel}"


@pytest.mark.parametrize("channel", list(CHANNELS))
@pytest.mark.parametrize("role", ROLES)
def test_the_partners_phone_line_reaches_partners_only(as_role, world, role, channel):
    text = CHANNELS[channel](as_role(role))
    found = [spelling for spelling in phone_spellings(world.partner_phone) if spelling in text]
    if role in PARTNER_ROLES and channel in PHONE_CHANNELS:
        assert found, f"{role} ne voit pas la ligne des partenaires via {channel}"
    else:
        assert not found, f"{role} voit la ligne des partenaires via {channel}"


@pytest.mark.parametrize(
    "url",
    [
        "/api/annuaire.csv",
        "/api/annuaire.xlsx",
        "/api/data-inclusion/structures.json",
        "/api/data-inclusion/services.json",
    ],
)
@pytest.mark.parametrize("role", ["anonymous", "family_a"])
def test_exports_are_never_stored_by_a_shared_cache(as_role, role, url):
    response = as_role(role).get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
