"""data·inclusion files read record by record: a JSON array is decoded incrementally,
JSON Lines line by line, so that a national extract (100,000 records) is never held in
memory whole. A file that is not JSON stops the import with one French message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from django.utils.translation import gettext as _

from directory.importers.common import ImportFileError


def iter_records(path: str | Path) -> Iterator[tuple[int, object]]:
    """(1-based index, decoded value) for each record of a JSON array or a JSON Lines file."""
    path = Path(path)
    try:
        stream = path.open(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(_("Fichier introuvable : %(path)s.") % {"path": path}) from None
    with stream:
        try:
            head = stream.read(1 << 16)
            start = len(head) - len(head.lstrip())
            if head[start : start + 1] == "[":
                yield from _iter_array(stream, head, start + 1, path)
            else:
                yield from _iter_lines(stream, head, path)
        except UnicodeDecodeError:
            raise ImportFileError(
                _("Le fichier %(path)s n'est pas en UTF-8.") % {"path": path.name}
            ) from None


def _iter_array(stream, buffer: str, position: int, path: Path) -> Iterator[tuple[int, object]]:
    decoder = json.JSONDecoder()
    index = 0
    eof = False
    while True:
        # Skip blanks and the comma between two records; read more when needed.
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n,":
                position += 1
            if position < len(buffer) or eof:
                break
            more = stream.read(1 << 20)
            eof = not more
            buffer, position = buffer[position:] + more, 0
        if position >= len(buffer):
            raise ImportFileError(
                _("Le fichier %(path)s est incomplet : le tableau JSON n'est pas fermé.")
                % {"path": path.name}
            )
        if buffer[position] == "]":
            return
        try:
            value, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError as error:
            if eof:
                raise ImportFileError(
                    _("JSON invalide dans %(path)s, enregistrement %(index)s : %(error)s.")
                    % {"path": path.name, "index": index + 1, "error": error.msg}
                ) from None
            more = stream.read(1 << 20)
            eof = not more
            buffer, position = buffer[position:] + more, 0
            continue
        index += 1
        yield index, value
        position = end
        if position > 1 << 20:  # drop what has been decoded
            buffer, position = buffer[position:], 0


def _iter_lines(stream, head: str, path: Path) -> Iterator[tuple[int, object]]:
    def lines():
        pending = ""
        for chunk in chain([head], iter(lambda: stream.read(1 << 20), "")):
            *complete, pending = (pending + chunk).split("\n")
            yield from complete
        yield pending

    index = 0
    for line_number, line in enumerate(lines(), start=1):
        if not line.strip():
            continue
        index += 1
        try:
            yield index, json.loads(line)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                _("JSON invalide dans %(path)s, ligne %(line)s : %(error)s.")
                % {"path": path.name, "line": line_number, "error": error.msg}
            ) from None


def chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk
