"""Reading, validating and saving the communes gazetteer (Etalab communes + GeoNames
centroids, see directory/data/ATTRIBUTION.md).

Kept out of the management command so that it can be tested and reused: `read_file()`
opens the gzipped JSON, `parse_rows()` validates every row before anything is written, and
`save_communes()` upserts everything inside one transaction. Every problem is raised as a
`GazetteerError` carrying one French sentence.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Commune, PostalCode, normalize_name

# The source file's `type` values and the model's kinds.
KINDS = {
    "commune-actuelle": Commune.Kind.COMMUNE,
    "arrondissement-municipal": Commune.Kind.ARRONDISSEMENT,
}
CODE_RE = re.compile(r"[0-9AB]{5}")
POSTCODE_RE = re.compile(r"[0-9]{5}")
# Departments: 01..95, 2A/2B, and 971..989 overseas; regions: 01..94, 975..989.
DEPARTMENT_RE = re.compile(r"[0-9][0-9AB][0-9]?")
REGION_RE = re.compile(r"[0-9]{2,3}")
NAME_MAX_LENGTH = Commune._meta.get_field("name").max_length

# Rows per INSERT. Django lowers it further when a backend needs it (SQLite's limit on
# query variables), so one value serves both databases.
BATCH_SIZE = 2000
COMMUNE_FIELDS = [
    "name",
    "search_name",
    "kind",
    "department",
    "region",
    "population",
    "parent",
    "latitude",
    "longitude",
]


class GazetteerError(Exception):
    """A problem with the gazetteer file, described in one French sentence."""


@dataclass(frozen=True, slots=True)
class CommuneRow:
    """One validated row of the file, with the model's vocabulary."""

    code: str
    name: str
    search_name: str
    kind: str
    department: str
    region: str
    population: int | None
    parent_code: str | None
    latitude: float | None
    longitude: float | None
    postal_codes: tuple[str, ...]

    def values(self) -> tuple:
        """The stored values, in the order of `_existing_communes()`, to spot changes."""
        return (
            self.name,
            self.search_name,
            self.kind,
            self.department,
            self.region,
            self.population,
            self.parent_code,
            self.latitude,
            self.longitude,
        )


@dataclass(frozen=True, slots=True)
class LoadResult:
    read: int
    created: int
    updated: int
    unchanged: int
    postal_codes: int
    postal_codes_added: int
    postal_codes_removed: int
    # Communes in the database but no longer in the file: kept, because other records
    # (structures, coverage areas) will point to them.
    absent: int


# --- Reading -----------------------------------------------------------------------------


def read_file(path: Path | str) -> list[Any]:
    """The decoded JSON list of the gzipped file at `path`."""
    path = Path(path)
    if not path.is_file():
        raise GazetteerError(_("Fichier du référentiel introuvable : %(path)s") % {"path": path})
    try:
        compressed = path.read_bytes()
    except OSError as error:
        raise GazetteerError(
            _("Fichier du référentiel illisible : %(path)s (%(error)s).")
            % {"path": path, "error": error.strerror or error}
        ) from None
    try:
        content = gzip.decompress(compressed)
    except (OSError, EOFError, zlib.error):
        # Not gzip at all (gzip.BadGzipFile, an OSError), truncated (EOFError) or corrupt.
        raise GazetteerError(
            _("Fichier du référentiel illisible : %(path)s n'est pas un fichier gzip valide.")
            % {"path": path}
        ) from None
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise GazetteerError(
            _("Fichier du référentiel illisible : %(path)s n'est pas du texte UTF-8.")
            % {"path": path}
        ) from None
    except json.JSONDecodeError as error:
        raise GazetteerError(
            _(
                "Fichier du référentiel illisible : %(path)s ne contient pas du JSON valide "
                "(ligne %(line)s, colonne %(column)s du contenu décompressé)."
            )
            % {"path": path, "line": error.lineno, "column": error.colno}
        ) from None
    if not isinstance(data, list):
        raise GazetteerError(
            _(
                "Référentiel des communes invalide : %(path)s "
                "doit contenir une liste JSON de communes."
            )
            % {"path": path}
        )
    if not data:
        raise GazetteerError(
            _("Référentiel des communes invalide : %(path)s ne contient aucune commune.")
            % {"path": path}
        )
    return data


# --- Validation --------------------------------------------------------------------------


class _RowError(Exception):
    """A reason why one row is invalid; `parse_rows()` adds the row number and code."""


def parse_rows(raw_rows: list[Any]) -> list[CommuneRow]:
    """Validate every row and return them all, or raise a GazetteerError naming the first
    invalid row (1-based position in the JSON list) and the reason."""
    # Parents are checked against the whole file, so collect every code and type first.
    kinds_by_code = {
        raw["code"]: raw.get("type")
        for raw in raw_rows
        if isinstance(raw, dict) and isinstance(raw.get("code"), str)
    }
    rows: list[CommuneRow] = []
    lines_by_code: dict[str, int] = {}
    for line, raw in enumerate(raw_rows, start=1):
        code = raw.get("code") if isinstance(raw, dict) else None
        try:
            row = _parse_row(raw, kinds_by_code)
            if row.code in lines_by_code:
                raise _RowError(
                    _("code INSEE en double (déjà présent ligne %(line)s).")
                    % {"line": lines_by_code[row.code]}
                )
        except _RowError as error:
            if isinstance(code, str) and CODE_RE.fullmatch(code):
                where = _("ligne %(line)s (code %(code)s)") % {"line": line, "code": code}
            else:
                where = _("ligne %(line)s") % {"line": line}
            raise GazetteerError(
                _("Référentiel des communes invalide : %(where)s : %(reason)s")
                % {"where": where, "reason": error}
            ) from None
        lines_by_code[row.code] = line
        rows.append(row)
    return rows


def _parse_row(raw: Any, kinds_by_code: dict[str, Any]) -> CommuneRow:
    if not isinstance(raw, dict):
        raise _RowError(_("objet JSON attendu, trouvé « %(value)s ».") % {"value": _show(raw)})

    code = raw.get("code")
    if code is None or code == "":
        raise _RowError(_("code INSEE manquant."))
    if not isinstance(code, str) or not CODE_RE.fullmatch(code):
        raise _RowError(
            _("code INSEE « %(value)s » invalide (5 caractères attendus : chiffres, A ou B).")
            % {"value": _show(code)}
        )

    name = raw.get("nom")
    if not isinstance(name, str) or not name.strip():
        raise _RowError(_("nom manquant."))
    name = name.strip()
    if len(name) > NAME_MAX_LENGTH:
        raise _RowError(
            _("nom trop long (%(length)s caractères, %(max)s au plus).")
            % {"length": len(name), "max": NAME_MAX_LENGTH}
        )
    search_name = normalize_name(name)
    if not search_name:
        raise _RowError(_("nom « %(value)s » sans lettre ni chiffre.") % {"value": name})

    source_kind = raw.get("type")
    if source_kind not in KINDS:
        raise _RowError(
            _(
                "type « %(value)s » invalide "
                "(attendu : commune-actuelle ou arrondissement-municipal)."
            )
            % {"value": _show(source_kind)}
        )
    kind = KINDS[source_kind]

    department = raw.get("departement")
    if not isinstance(department, str) or not DEPARTMENT_RE.fullmatch(department):
        raise _RowError(_("département « %(value)s » invalide.") % {"value": _show(department)})
    region = raw.get("region")
    if not isinstance(region, str) or not REGION_RE.fullmatch(region):
        raise _RowError(_("région « %(value)s » invalide.") % {"value": _show(region)})

    population = raw.get("population")
    if population is not None and (
        not isinstance(population, int) or isinstance(population, bool) or population < 0
    ):
        raise _RowError(_("population « %(value)s » invalide.") % {"value": _show(population)})

    latitude = _coordinate(raw, "lat", 90)
    longitude = _coordinate(raw, "lon", 180)
    if (latitude is None) != (longitude is None):
        raise _RowError(_("latitude et longitude vont ensemble : l'une des deux manque."))

    return CommuneRow(
        code=code,
        name=name,
        search_name=search_name,
        kind=kind,
        department=department,
        region=region,
        population=population,
        parent_code=_parent_code(raw, kind, kinds_by_code),
        latitude=latitude,
        longitude=longitude,
        postal_codes=_postal_codes(raw),
    )


def _coordinate(raw: dict, key: str, limit: int) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    # Numbers, or numbers written as strings (files converted from CSV); never booleans.
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError
        number = float(value)
    except ValueError:
        number = math.nan
    if math.isfinite(number) and -limit <= number <= limit:
        return number
    label = _("latitude") if key == "lat" else _("longitude")
    if not math.isfinite(number):
        raise _RowError(
            _("%(label)s « %(value)s » invalide.") % {"label": label, "value": _show(value)}
        )
    raise _RowError(
        _("%(label)s « %(value)s » hors limites (de -%(limit)s à %(limit)s).")
        % {"label": label, "value": _show(value), "limit": limit}
    )


def _postal_codes(raw: dict) -> tuple[str, ...]:
    value = raw.get("codesPostaux")
    # The five communes of the French Southern Territories have no postcode (null).
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _RowError(
            _("codesPostaux « %(value)s » invalide : liste de codes à 5 chiffres attendue.")
            % {"value": _show(value)}
        )
    for postcode in value:
        if not isinstance(postcode, str) or not POSTCODE_RE.fullmatch(postcode):
            raise _RowError(
                _("code postal « %(value)s » invalide (5 chiffres attendus).")
                % {"value": _show(postcode)}
            )
    return tuple(dict.fromkeys(value))  # without duplicates, in the file's order


def _parent_code(raw: dict, kind: str, kinds_by_code: dict[str, Any]) -> str | None:
    parent = raw.get("commune")
    if kind == Commune.Kind.COMMUNE:
        if parent is not None:
            raise _RowError(
                _("seul un arrondissement municipal a une commune parente (« %(value)s »).")
                % {"value": _show(parent)}
            )
        return None
    if parent is None or parent == "":
        raise _RowError(_("commune parente de l'arrondissement manquante."))
    if not isinstance(parent, str) or parent not in kinds_by_code:
        raise _RowError(
            _("commune parente « %(value)s » absente du fichier.") % {"value": _show(parent)}
        )
    if kinds_by_code[parent] != "commune-actuelle":
        raise _RowError(
            _("la commune parente « %(value)s » n'est pas une commune actuelle.")
            % {"value": parent}
        )
    return parent


def _show(value: Any) -> str:
    """A value as it appears in the error message, cut short if long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


# --- Saving ------------------------------------------------------------------------------


def save_communes(
    rows: list[CommuneRow], progress: Callable[[int], object] | None = None
) -> LoadResult:
    """Upsert the validated rows and their postcodes in one transaction.

    Only new and changed communes are written, so a second load of the same file is
    mostly reads. `progress(n)` is called as rows are handled (n rows at a time).
    """
    advance = progress or (lambda n: None)
    with transaction.atomic():
        existing = _existing_communes()
        new = [row for row in rows if row.code not in existing]
        changed = [
            row for row in rows if row.code in existing and row.values() != existing[row.code]
        ]
        # Communes before arrondissements: an arrondissement needs its parent's id.
        ids = _upsert([row for row in new + changed if row.parent_code is None], {}, advance)
        _upsert([row for row in new + changed if row.parent_code is not None], ids, advance)
        advance(len(rows) - len(new) - len(changed))

        added, removed, total = _save_postal_codes(rows)
        file_codes = {row.code for row in rows}
        return LoadResult(
            read=len(rows),
            created=len(new),
            updated=len(changed),
            unchanged=len(rows) - len(new) - len(changed),
            postal_codes=total,
            postal_codes_added=added,
            postal_codes_removed=removed,
            absent=sum(1 for code in existing if code not in file_codes),
        )


def _existing_communes() -> dict[str, tuple]:
    fields = ["name", "search_name", "kind", "department", "region", "population"]
    rows = Commune.objects.values_list(
        "code", *fields, "parent__code", "latitude", "longitude"
    ).order_by()
    return {code: tuple(values) for code, *values in rows}


def _upsert(
    rows: list[CommuneRow], ids: dict[str, int], advance: Callable[[int], object]
) -> dict[str, int]:
    """Insert or update `rows` (on the INSEE code) and return every commune's id by code.

    `ids` gives the ids of the parents, which must already exist.
    """
    if rows:
        for batch in _batches(rows, BATCH_SIZE):
            Commune.objects.bulk_create(
                [_commune(row, ids) for row in batch],
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=COMMUNE_FIELDS,
            )
            advance(len(batch))
    # Re-read the ids: bulk_create cannot return them for updated rows on every backend.
    return dict(Commune.objects.values_list("code", "id").order_by())


def _commune(row: CommuneRow, ids: dict[str, int]) -> Commune:
    return Commune(
        code=row.code,
        name=row.name,
        search_name=row.search_name,
        kind=row.kind,
        department=row.department,
        region=row.region,
        population=row.population,
        parent_id=ids[row.parent_code] if row.parent_code else None,
        latitude=row.latitude,
        longitude=row.longitude,
    )


def _save_postal_codes(rows: list[CommuneRow]) -> tuple[int, int, int]:
    """Make each commune of the file have exactly its postcodes of the file.

    Returns (added, removed, total in the file). Postcodes of communes absent from the file
    are left alone, like the communes themselves.
    """
    ids = dict(Commune.objects.values_list("code", "id").order_by())
    wanted = {(ids[row.code], postcode) for row in rows for postcode in row.postal_codes}
    in_file = {ids[row.code] for row in rows}
    stored = {
        (commune_id, postcode): pk
        for pk, commune_id, postcode in PostalCode.objects.values_list(
            "id", "commune_id", "code"
        ).order_by()
    }
    to_add = sorted(pair for pair in wanted if pair not in stored)
    to_remove = [pk for pair, pk in stored.items() if pair[0] in in_file and pair not in wanted]
    for batch in _batches(to_remove, 500):
        PostalCode.objects.filter(pk__in=batch).delete()
    PostalCode.objects.bulk_create(
        [PostalCode(commune_id=commune_id, code=postcode) for commune_id, postcode in to_add],
        batch_size=BATCH_SIZE,
        # Safe against a concurrent load; the unique constraint keeps one row per pair.
        ignore_conflicts=True,
    )
    return len(to_add), len(to_remove), len(wanted)


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
