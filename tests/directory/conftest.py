"""Fixtures for the gazetteer tests: a small gzipped file made of real rows of the vendored
file, so that most tests load a dozen communes instead of 35,014."""

from __future__ import annotations

import copy
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

# Metz and two neighbours, Marly-le-Roi (a bigger namesake of Marly), Paris, Lyon and
# Marseille with one arrondissement each, Aix-en-Provence (INSEE 13001, which is also
# the postcode of Marseille 1er) and Marseille 1er.
SAMPLE_CODES = [
    "57463",  # Metz
    "57480",  # Montigny-lès-Metz
    "57447",  # Marly (the 3rd row: the corrupt-row tests break it)
    "78372",  # Marly-le-Roi
    "75056",  # Paris
    "75111",  # Paris 11e Arrondissement
    "69123",  # Lyon
    "69383",  # Lyon 3e Arrondissement
    "13055",  # Marseille
    "13214",  # Marseille 14e Arrondissement
    "13001",  # Aix-en-Provence
    "13201",  # Marseille 1er Arrondissement
]


@pytest.fixture(scope="session")
def sample_rows() -> list[dict]:
    """The sample rows, as they are in the vendored file (read once per session)."""
    with gzip.open(settings.MAILLAGE_GAZETTEER_FILE, "rt", encoding="utf-8") as stream:
        by_code = {row["code"]: row for row in json.load(stream)}
    return [by_code[code] for code in SAMPLE_CODES]


@pytest.fixture
def rows(sample_rows) -> list[dict]:
    """A fresh copy of the sample rows, free to modify in a test."""
    return copy.deepcopy(sample_rows)


@pytest.fixture
def write_gazetteer(tmp_path) -> Callable[..., Path]:
    """Write rows (or any JSON value) as a gzipped gazetteer file and return its path."""

    def write(content, name: str = "communes.json.gz") -> Path:
        path = tmp_path / name
        with gzip.open(path, "wt", encoding="utf-8") as stream:
            json.dump(content, stream, ensure_ascii=False)
        return path

    return write


@pytest.fixture
def sample_file(write_gazetteer, rows) -> Path:
    return write_gazetteer(rows)
