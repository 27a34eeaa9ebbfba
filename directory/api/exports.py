"""`/api/annuaire.csv` and `/api/annuaire.xlsx`: the directory as a spreadsheet, as the
requesting user may see it (rows come from `directory.exports`, through `hub.access`).

- CSV: UTF-8 with a byte order mark and `;` separators, which is what Excel opens right
  in France; one row per structure, its visible services named in the `Services` column;
  streamed, so a big directory does not sit in memory.
- XLSX: two sheets, « Structures » and « Services », written by openpyxl in write-only
  mode, every cell a string (no number or date guessing by the spreadsheet).
- Every cell is neutralised against formula injection (`directory.exports.neutralise`):
  control characters removed first, then a leading `= + - @` made text.
- The file depends on who asks: `Cache-Control: private, no-store`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from directory.exports import SERVICE_HEADERS, STRUCTURE_HEADERS, service_rows, structure_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(extension: str) -> str:
    return f"annuaire-maillage-{timezone.localdate().isoformat()}.{extension}"


def _finish(response, extension: str):
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


class _Line:
    """A file-like object whose write() returns what was written (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(user) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(STRUCTURE_HEADERS)
    for row in structure_rows(user):
        yield writer.writerow(row)


@require_GET
def directory_csv(request):
    response = StreamingHttpResponse(
        _csv_lines(request.user), content_type="text/csv; charset=utf-8"
    )
    return _finish(response, "csv")


@require_GET
def directory_xlsx(request):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, headers, rows in (
        ("Structures", STRUCTURE_HEADERS, structure_rows(request.user)),
        ("Services", SERVICE_HEADERS, service_rows(request.user)),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            # Cells come neutralised from directory.exports: no control character left
            # (XLSX refuses them), none starts a formula.
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _finish(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), "xlsx")
