"""The text inside a document file (PDF, DOCX, ODT, plain text), for the search index.

Extraction runs when a document is indexed (`search.documents`), never per query, and is
bounded so that one file can neither stall the indexing nor exhaust memory:

- `SEARCH_EXTRACT_MAX_BYTES`: a larger file is not opened (its title is indexed alone);
- `SEARCH_EXTRACT_MAX_PAGES`: PDF pages read, from the first;
- `SEARCH_EXTRACT_MAX_CHARS`: characters kept (reading stops once they are reached);
- `SEARCH_EXTRACT_MAX_SECONDS`: a deadline per file, checked between PDF pages and every
  few hundred XML elements; what was read before it is kept.

Files are read as streams: pypdf reads the objects it needs from the open file, and the
XML inside DOCX and ODT files (zip archives) is parsed incrementally and discarded element
by element, through `defusedxml` (no DTD, entity or external reference: no XML bomb), with
a cap on the decompressed bytes read (no zip bomb). A broken, encrypted or unreadable file
never raises: `extract_text` logs a warning and returns "" (the document's title and
description are indexed alone).
"""

from __future__ import annotations

import logging
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

logger = logging.getLogger("maillage.search")

DEFAULT_MAX_BYTES = 30 * 1024 * 1024
DEFAULT_MAX_PAGES = 50
DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_SECONDS = 10.0
# Decompressed XML read from a DOCX or ODT archive, per character kept: markup is verbose,
# but not a thousand times the text.
XML_BYTES_PER_CHAR = 200
# How often (in XML elements) the deadline is checked.
CHECK_EVERY = 200

# The formats read, by file extension.
PDF, DOCX, ODT, TEXT = "pdf", "docx", "odt", "txt"
FORMATS = (PDF, DOCX, ODT, TEXT)

_BLANKS = re.compile(r"\s+")
# Control characters (NUL among them: PostgreSQL refuses it in text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class Unreadable(Exception):
    """The file cannot be read (broken, encrypted, too large): its text is not indexed."""


class Stopped(Exception):
    """A bound was reached (the deadline, the decompressed bytes): what was read so far is
    kept."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pages: int
    max_chars: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=int(getattr(settings, "SEARCH_EXTRACT_MAX_BYTES", DEFAULT_MAX_BYTES)),
            max_pages=int(getattr(settings, "SEARCH_EXTRACT_MAX_PAGES", DEFAULT_MAX_PAGES)),
            max_chars=int(getattr(settings, "SEARCH_EXTRACT_MAX_CHARS", DEFAULT_MAX_CHARS)),
            max_seconds=float(getattr(settings, "SEARCH_EXTRACT_MAX_SECONDS", DEFAULT_MAX_SECONDS)),
        )


class Collector:
    """The text read so far, cut at `max_chars`, and the file's deadline."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.parts: list[str] = []
        self.length = 0
        self.deadline = time.monotonic() + limits.max_seconds

    @property
    def full(self) -> bool:
        return self.length >= self.limits.max_chars

    def add(self, text: str) -> None:
        text = _BLANKS.sub(" ", _CONTROL.sub(" ", text or "")).strip()
        if not text or self.full:
            return
        text = text[: self.limits.max_chars - self.length]
        self.parts.append(text)
        self.length += len(text) + 1

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise Stopped(
                f"délai de {self.limits.max_seconds} s dépassé (SEARCH_EXTRACT_MAX_SECONDS)"
            )

    def text(self) -> str:
        return " ".join(self.parts)[: self.limits.max_chars]


def file_format(name: str) -> str:
    """The format read for a file name ("" when its text is not read)."""
    extension = PurePosixPath(name or "").suffix.lower().lstrip(".")
    return extension if extension in FORMATS else ""


def extract_text(fileobj, name: str, size: int | None = None, limits: Limits | None = None):
    """The text of an open binary file named `name` ("" when it has none, is of another
    format or cannot be read). Never raises for a bad file."""
    limits = limits or Limits.from_settings()
    kind = file_format(name)
    if not kind:
        return ""
    collector = Collector(limits)
    try:
        if size is not None and size > limits.max_bytes:
            raise Unreadable(f"{size} octets, au-delà de SEARCH_EXTRACT_MAX_BYTES")
        READERS[kind](fileobj, collector)
    except Stopped as reason:
        logger.warning(
            "Extraction du texte de %s arrêtée (%s) : le début du texte seulement est indexé",
            name,
            reason,
        )
    except Unreadable as error:
        logger.warning("Texte de %s non indexé : %s", name, error)
        return ""
    except Exception as error:  # a broken file, whatever the library says about it.
        logger.warning(
            "Texte de %s non indexé (fichier illisible) : %s: %s",
            name,
            type(error).__name__,
            error,
        )
        return ""
    return collector.text()


# --- PDF ---------------------------------------------------------------------------------------


def read_pdf(fileobj, collector: Collector) -> None:
    from pypdf import PdfReader

    reader = PdfReader(fileobj)
    if reader.is_encrypted:
        # Even a PDF that opens without a password is not read: its author locked it.
        raise Unreadable("PDF chiffré")
    for number, page in enumerate(reader.pages):
        if number >= collector.limits.max_pages or collector.full:
            break
        collector.check_time()
        collector.add(page.extract_text())


# --- DOCX and ODT: XML in a zip archive --------------------------------------------------------


class BoundedReader:
    """A binary stream that refuses to give more than `limit` bytes (a zip bomb stops
    here, whatever the archive declares)."""

    def __init__(self, stream, limit: int):
        self.stream = stream
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise Stopped("contenu décompressé trop volumineux")
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data


def _read_xml(fileobj, member: str, collector: Collector, paragraph_tags, read_paragraph):
    """Read the paragraphs of one XML member of a zip archive, incrementally."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except zipfile.BadZipFile as error:
        raise Unreadable("archive illisible") from error
    with archive:
        try:
            info = archive.getinfo(member)
        except KeyError as error:
            raise Unreadable(f"{member} absent de l'archive") from error
        if info.flag_bits & 0x1:
            raise Unreadable("document chiffré")
        limit = collector.limits.max_chars * XML_BYTES_PER_CHAR
        with archive.open(info) as raw:
            _walk_paragraphs(BoundedReader(raw, limit), collector, paragraph_tags, read_paragraph)


def _walk_paragraphs(stream, collector: Collector, paragraph_tags, read_paragraph) -> None:
    """Each paragraph's text is collected when it ends; every element read outside a
    paragraph is then detached from its parent, so that memory holds the open elements
    only, never the document."""
    from defusedxml.ElementTree import iterparse

    open_elements = []
    open_paragraphs = 0
    for count, (event, element) in enumerate(iterparse(stream, events=("start", "end"))):
        if count % CHECK_EVERY == 0:
            collector.check_time()
        if event == "start":
            open_elements.append(element)
            open_paragraphs += element.tag in paragraph_tags
            continue
        open_elements.pop()
        if element.tag in paragraph_tags:
            open_paragraphs -= 1
            collector.add(read_paragraph(element))
            if collector.full:
                return
            # A paragraph inside another one (a note, a text box): read once only.
            tail = element.tail
            element.clear()
            element.tail = tail
        if not open_paragraphs and open_elements:
            open_elements[-1].remove(element)


def _docx_paragraph(paragraph) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
    return "".join(parts)


def read_docx(fileobj, collector: Collector) -> None:
    _read_xml(fileobj, "word/document.xml", collector, {f"{W}p"}, _docx_paragraph)


def _odt_paragraph(paragraph) -> str:
    parts = []

    def walk(node):
        if node.tag in (f"{TEXT_NS}s", f"{TEXT_NS}tab", f"{TEXT_NS}line-break"):
            parts.append(" ")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(paragraph)
    return "".join(parts)


def read_odt(fileobj, collector: Collector) -> None:
    _read_xml(fileobj, "content.xml", collector, {f"{TEXT_NS}p", f"{TEXT_NS}h"}, _odt_paragraph)


# --- Plain text -------------------------------------------------------------------------------


def read_text(fileobj, collector: Collector) -> None:
    # UTF-8 takes at most 4 bytes a character: this is all the text that can be kept.
    data = fileobj.read(collector.limits.max_chars * 4)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:
            # The cut fell inside a character.
            text = data[: error.start].decode("utf-8", errors="replace")
        else:
            # Not UTF-8: the other encoding of French office files.
            text = data.decode("cp1252", errors="replace")
    collector.add(text)


READERS = {PDF: read_pdf, DOCX: read_docx, ODT: read_odt, TEXT: read_text}
