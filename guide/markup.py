"""What the guide does to HTML once a chapter's blocks are rendered, with a real parser.
(Rich text itself is sanitised before, by `hub.richtext`, the site's one sanitiser.)

- `mark_glossary`: the first occurrence of each glossary term (or of one of its
  variants), case- and accent-insensitive, whole words, becomes an accessible definition,
  never inside links, headings, code or an existing definition;
- `heading_outline`: the h2 of the body get stable ids and make the table of contents;
- `mark_and_outline`: both, on one parse, remembered per process (see its comment).

BeautifulSoup with the standard library's `html.parser`: no regular expression ever runs
over raw HTML, only over the text of text nodes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, NavigableString
from django.utils.text import slugify

# --- Glossary ----------------------------------------------------------------------------

# Never mark up a term inside these (nor inside an existing glossary mark).
SKIP_TAGS = {
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "abbr", "dfn",
    "script", "style", "button", "label", "summary", "textarea", "select", "option", "title",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case without accents, one character for one character (so that positions
    in the folded text are positions in the original)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char.lower())
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(stripped if len(stripped) == 1 else char.lower()[:1] or char)
    return "".join(out)


@dataclass(frozen=True)
class GlossaryEntry:
    slug: str
    term: str
    definition: str
    forms: tuple[str, ...]  # the term and its variants, as written

    def pattern(self):
        alternatives = sorted({fold(form).strip() for form in self.forms if form.strip()},
                              key=len, reverse=True)  # fmt: skip
        escaped = [r"\s+".join(re.escape(word) for word in alt.split()) for alt in alternatives]
        return re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)")


def _skipped(node) -> bool:
    for parent in node.parents:
        if parent.name in SKIP_TAGS:
            return True
        classes = parent.get("class") or []
        if "glossary-term" in classes or "toc" in classes:
            return True
    return False


def _mark(soup, entry, matched_text, glossary_url):
    wrapper = soup.new_tag("span", attrs={"class": "glossary-term"})
    tip_id = f"glossaire-{entry.slug}"
    link = soup.new_tag(
        "a",
        attrs={
            "class": "glossary-term__link",
            "href": f"{glossary_url}#terme-{entry.slug}",
            "aria-describedby": tip_id,
        },
    )
    link.string = matched_text
    tip = soup.new_tag(
        "span", attrs={"class": "glossary-term__tip", "role": "tooltip", "id": tip_id}
    )
    tip.string = f"{entry.term} : {entry.definition}"
    wrapper.append(link)
    wrapper.append(tip)
    return wrapper


def mark_glossary(html: str, entries: list[GlossaryEntry], glossary_url: str) -> str:
    """Mark the first occurrence of each entry in `html` (a fragment)."""
    if not entries or not html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    _mark_glossary_in(soup, entries, glossary_url)
    return str(soup)


def _mark_glossary_in(soup, entries, glossary_url: str) -> None:
    pending = {entry.slug: (entry, entry.pattern()) for entry in entries}
    nodes = [
        node
        for node in soup.find_all(string=True)
        if not isinstance(node, Comment) and node.strip() and not _skipped(node)
    ]
    for node in nodes:
        if not pending:
            break
        current = node
        while pending and current is not None:
            text = str(current)
            folded = fold(text)
            best = None
            for slug, (_entry, pattern) in pending.items():
                match = pattern.search(folded)
                if match and (
                    best is None
                    or match.start() < best[1].start()
                    or (match.start() == best[1].start() and match.end() > best[1].end())
                ):
                    best = (slug, match)
            if best is None:
                break
            slug, match = best
            entry = pending.pop(slug)[0]
            before, found, after = (
                text[: match.start()],
                text[match.start() : match.end()],
                text[match.end() :],
            )
            mark = _mark(soup, entry, found, glossary_url)
            pieces = [NavigableString(before)] if before else []
            pieces.append(mark)
            rest = NavigableString(after) if after else None
            if rest is not None:
                pieces.append(rest)
            current.replace_with(*pieces)
            current = rest


# --- Outline -----------------------------------------------------------------------------


def heading_outline(html: str) -> tuple[str, list[tuple[str, str]]]:
    """Give each h2 an id (kept when it has one) and return [(id, text)] in order."""
    soup = BeautifulSoup(html or "", "html.parser")
    outline = _outline_in(soup)
    return str(soup), outline


def _outline_in(soup) -> list[tuple[str, str]]:
    used = {tag["id"] for tag in soup.find_all(id=True)}
    outline = []
    for heading in soup.find_all("h2"):
        text = " ".join(heading.get_text(" ").split())
        if not text:
            continue
        if not heading.get("id"):
            base = "section-" + (slugify(text)[:60] or "titre")
            candidate, n = base, 2
            while candidate in used:
                candidate, n = f"{base}-{n}", n + 1
            heading["id"] = candidate
            used.add(candidate)
        outline.append((heading["id"], text))
    return outline


# --- Both, parsed once and remembered -----------------------------------------------------

# Issue 20: a chapter's body was parsed twice per request (glossary, then outline). The
# result is a pure function of its three arguments (no database, no reader: the reader's
# blocks are rendered before, into `html`), so it is kept in a bounded per-process LRU keyed
# on them. An entry cannot be stale nor belong to another reader: another body, glossary or
# glossary URL is another key. Nothing to invalidate (the page cache's events change what
# the blocks render, hence the key).
MEMO_SIZE = 512
MEMO_MAX_CHARS = 300_000


def _mark_and_outline(html, entries, glossary_url):
    soup = BeautifulSoup(html or "", "html.parser")
    if entries and html:
        _mark_glossary_in(soup, entries, glossary_url)
    outline = _outline_in(soup)
    return str(soup), tuple(outline)


_mark_and_outline_memo = lru_cache(maxsize=MEMO_SIZE)(_mark_and_outline)


def mark_and_outline(html: str, entries, glossary_url: str) -> tuple[str, list[tuple[str, str]]]:
    """`mark_glossary` then `heading_outline`, on one parse of `html`, remembered."""
    entries = tuple(entries or ())
    html = str(html or "")
    compute = _mark_and_outline if len(html) > MEMO_MAX_CHARS else _mark_and_outline_memo
    marked, outline = compute(html, entries, glossary_url if entries else "")
    return marked, list(outline)
