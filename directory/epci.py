"""Intercommunal perimeters (EPCI) the hub needs, vendored from Etalab's
`@etalab/decoupage-administratif` 6.0.0 (see directory/data/ATTRIBUTION.md).

Only the Métropole de Lyon is vendored: the Grand Lyon partnership territory covers the
metropolis, not just the city of Lyon. The file is one entry of the package's
`data/epci.json`, unchanged.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
METROPOLE_DE_LYON = "200046977"  # SIREN of the Métropole de Lyon
FILES = {METROPOLE_DE_LYON: DATA_DIR / "epci-200046977-metropole-de-lyon.json"}


@cache
def members(siren: str) -> tuple[str, ...]:
    """The INSEE codes of the member communes of the EPCI `siren`, in the file's order.

    Raises KeyError for an EPCI that is not vendored."""
    data = json.loads(FILES[siren].read_text(encoding="utf-8"))
    if data.get("code") != siren:
        raise ValueError(f"{FILES[siren].name} describes EPCI {data.get('code')}, not {siren}")
    return tuple(member["code"] for member in data["membres"])
