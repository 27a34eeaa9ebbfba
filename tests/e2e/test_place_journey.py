"""A Marseille landlord agent types a postcode, as people do, and prints the commune sheet.

`13014` is Marseille 14e's postcode and also Berre-l'Étang's INSEE code: the agent is offered
both, the postcode reading first, picks Marseille 14e, reaches the SELO partners and gets the
A4 sheet of the place (directory/places.py, guide/pdf/commune_sheet.py)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.e2e.helpers import expect, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PLACE_FIELD = "Commune, code postal ou arrondissement"


def test_marseille_agent_types_13014_picks_the_14e_and_prints_the_sheet(page):
    page.goto("/")
    page.get_by_label(PLACE_FIELD).first.fill("13014")
    page.get_by_label(PLACE_FIELD).first.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Plusieurs communes correspondent à « 13014 »")
    choices = page.locator("main").get_by_role(
        "link", name=re.compile(r"(Marseille 14e|Berre-l'Étang)")
    )
    expect(choices.first).to_contain_text("Marseille 14e Arrondissement")
    expect(choices.first).to_contain_text("code postal 13014")
    expect(choices.nth(1)).to_contain_text("Berre-l'Étang")
    # What was typed stays in the field.
    expect(page.get_by_label(PLACE_FIELD).first).to_have_value("13014")

    choices.first.click()
    page.wait_for_load_state()
    main = page.locator("main")
    expect(main).to_contain_text("Qui contacter à Marseille 14e Arrondissement")
    for partner in ("Logirem", "Soliha Provence", "GCS Galilé"):
        expect(main).to_contain_text(partner)
    screenshot(page, "parcours-code-postal-13014.png")

    sheet = page.get_by_role("link", name="Imprimer la fiche de la commune (PDF)")
    expect(sheet).to_be_visible()
    href = sheet.get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    body = response.body()
    assert body.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "Marseille 14e" in text
    assert "15" in text and "112" in text  # the crisis steps in short
