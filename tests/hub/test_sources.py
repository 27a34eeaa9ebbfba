"""The sources table (hub/demo/sources.py): every fact of the demo is quoted from its seed,
every fact is used, and what the seeds do not say is a visible placeholder, never a figure,
a date or a place made up (issue 13)."""

from __future__ import annotations

import html
import importlib
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from hub.demo import sources
from hub.demo.sources import PLACEHOLDER, SEEDS

SEEDS_DIR = Path(sources.__file__).resolve().parent / "seeds"
# Every module of demo content that cites facts.
CONTENT_MODULES = [
    "hub.demo.charter",
    "hub.demo.territories",
    "hub.demo.projects",
    "hub.demo.spaces",
    "hub.demo.legal",
    "directory.demo_data",
    "guide.demo_content",
    "hub.agenda.demo",
]


def normalised(text: str) -> str:
    return " ".join(text.split())


def visible_text(response) -> str:
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


# --- The table itself -------------------------------------------------------------------------


@pytest.mark.no_django_db
def test_every_quote_is_in_its_seed_word_for_word():
    seeds = {name: normalised((SEEDS_DIR / name).read_text(encoding="utf-8")) for name in SEEDS}
    missing = [f.id for f in sources.FACTS if normalised(f.quote) not in seeds[f.seed]]
    assert missing == []
    assert len(sources.FACTS) > 100


@pytest.mark.no_django_db
def test_fact_ids_are_unique_and_each_seed_quotes_its_own_date():
    ids = [f.id for f in sources.FACTS]
    assert len(ids) == len(set(ids))
    assert {seed.file for seed in SEEDS.values()} == {p.name for p in SEEDS_DIR.glob("*.txt")}
    for seed in SEEDS.values():
        date_fact = sources.fact(seed.date_fact)
        assert date_fact.seed == seed.file
        assert str(seed.dated.year) in date_fact.quote
        assert seed.date_note


@pytest.mark.no_django_db
def test_every_fact_is_used_by_the_demo_content():
    for module in CONTENT_MODULES:
        importlib.import_module(module)
    unused = {f.id for f in sources.FACTS} - sources.used_ids()
    assert unused == set()


@pytest.mark.no_django_db
def test_an_unknown_fact_fails_at_once():
    with pytest.raises(KeyError, match="fait inconnu"):
        sources.cite("lyon-nowhere")
    with pytest.raises(ValueError):
        sources.cite()


@pytest.mark.no_django_db
def test_a_source_names_the_seeds_and_the_oldest_date_wins():
    assert sources.cite("dlai-37-dwellings") == SEEDS[sources.DLAI].label
    both = sources.cite("dlai-partners", "lyon-signatory-unafam")
    assert both == f"{SEEDS[sources.DLAI].label} ; {SEEDS[sources.LYON].label}"
    assert sources.seed_date("dlai-partners", "lyon-signatory-unafam") == date(2013, 4, 1)
    assert sources.seed_date("metz-erah-2012") == date(2018, 6, 18)
    partly = sources.cite_partly(("selo-cmp-referral",), "nom du CMP")
    assert partly.endswith(f"nom du CMP {PLACEHOLDER}")


@pytest.mark.no_django_db
def test_meetings_without_a_seed_date_are_marked_fictitious():
    from hub.demo.spaces import INSTANCE_SPACES, SHARED_SPACE

    meetings = SHARED_SPACE["meetings"] + [
        meeting for space in INSTANCE_SPACES.values() for meeting in space["meetings"]
    ]
    for meeting in meetings:
        assert meeting["facts"], meeting["slug"]
        if meeting["title"].startswith("[Démo]"):
            assert "Date fictive" in meeting["place"] and PLACEHOLDER in meeting["place"]
        else:
            # A day the seed gives, without an invented time.
            when = datetime.fromisoformat(meeting["date"])
            assert (when.hour, when.minute) == (0, 0)
            assert PLACEHOLDER in meeting["place"]
            day = when.strftime("%d/%m/%Y")
            assert any(day in sources.fact(f).quote for f in meeting["facts"])


# --- The demo as loaded -----------------------------------------------------------------------


def test_the_dlai_sheet_counts_37_dwellings_and_no_households(client, demo):
    text = visible_text(client.get("/projets/dlai/"))
    assert "37 logements" in text
    assert not re.search(r"\d+ ménages?", text)
    assert f"Nombre de ménages {PLACEHOLDER}" in text
    paris = visible_text(client.get("/territoires/paris/"))
    assert "37 logements sur 3 ans" in paris
    assert "ménage" not in paris


def test_seed_entries_carry_their_seed_date_and_placeholders_none(demo):
    from directory.models import (
        Contact,
        CoordinationInstance,
        Organisation,
        PsychiatricSector,
        Service,
    )

    expected = {
        "logirem": date(2020, 6, 1),
        "arelor-hlm": date(2018, 6, 18),
        "ght-paris-psychiatrie-neurosciences": date(2018, 11, 5),
        "ch-le-vinatier": date(2013, 4, 1),
        "unafam": date(2013, 4, 1),  # DLAI and Lyon: the older date
    }
    for slug, day in expected.items():
        assert Organisation.objects.get(slug=slug).verified_on == day, slug
    # Placeholders and fictitious rows stay « à vérifier »: no date.
    assert not Contact.objects.filter(verified_on__isnull=False).exists()
    assert not PsychiatricSector.objects.filter(verified_on__isnull=False).exists()
    for org in Organisation.objects.filter(verified_on__isnull=True):
        assert PLACEHOLDER in org.name or org.name.startswith("[Démo]"), org.name
    # Every dated entry names the seeds whose oldest date it carries.
    by_label = {seed.label: seed.dated for seed in SEEDS.values()}
    dated = [
        *Organisation.objects.filter(verified_on__isnull=False),
        *CoordinationInstance.objects.filter(verified_on__isnull=False),
        *Service.objects.filter(verified_on__isnull=False),
    ]
    assert len(dated) > 30
    for entry in dated:
        labels = entry.source.split(" ; ")
        assert all(label in by_label for label in labels), entry.source
        assert entry.verified_on == min(by_label[label] for label in labels), entry


def test_a_seed_entry_shows_its_old_date_as_stale(client, demo):
    text = visible_text(client.get("/annuaire/logirem/"))
    assert "1er juin 2020" in text
    assert "À vérifier" in text
    assert f"Source : {SEEDS[sources.SELO].label}" in text
    cmp = visible_text(client.get("/annuaire/cmp-lyon/"))
    assert f"CMP de Lyon {PLACEHOLDER}" in cmp
    assert "jamais" in cmp or "À vérifier" in cmp
