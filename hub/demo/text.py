"""Small helpers to turn the seeds' plain text into the hub's rich text, safely.

Seeds are plain text with a little Markdown (`**bold**`, `- ` list items) and, in the
fiches action tables, flattened HTML. Text is always escaped and the only tags produced
are <p>, <ul>, <li> and <b>, so nothing from a seed can inject markup into a page.
"""

import re
from html import escape as html_escape


def escape(text):
    # Apostrophes stay readable in the stored rich text; <, > and & are escaped.
    return html_escape(text, quote=False)


BULLETS = "-•▪›✓➔→"


def inline(text):
    """Escape a line of text and turn `**bold**` into <b>."""
    escaped = escape(" ".join(text.split()))
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)


def is_item(line):
    stripped = line.strip()
    return len(stripped) > 1 and stripped[0] in BULLETS and stripped[1] == " "


def strip_bullet(line):
    return line.strip().lstrip(BULLETS).strip()


def blocks_of(lines):
    """Group lines into ("p", text) paragraphs and ("ul", [items]) lists.

    A blank line ends a paragraph; a run of bullet lines is one list (blank lines between
    items do not break it).
    """
    blocks = []
    paragraph = []

    def flush():
        if paragraph:
            blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for line in lines:
        if not line.strip():
            flush()
        elif is_item(line):
            flush()
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(strip_bullet(line))
            else:
                blocks.append(("ul", [strip_bullet(line)]))
        else:
            if blocks and blocks[-1][0] == "ul" and not paragraph and line.startswith("  "):
                blocks[-1][1][-1] += " " + line.strip()
                continue
            paragraph.append(line.strip())
    flush()
    return blocks


def to_html(blocks):
    parts = []
    for kind, value in blocks:
        if kind == "p":
            parts.append(f"<p>{inline(value)}</p>")
        else:
            items = "".join(f"<li>{inline(item)}</li>" for item in value)
            parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def lines_to_html(lines):
    return to_html(blocks_of(lines))


TABLE_TOKEN = re.compile(r"(<p>|</p>|<ul[^>]*>|</ul>|(?:^|\s)-\s(?=[A-ZÉÈÀÂ«])|(?:^|\s)[•▪]\s)")


def clean_html(fragment):
    """Rebuild the HTML of a fiche action cell from the seed's flattened markup.

    The convention's tables lost their <li> and </ul> tags: a cell reads
    `<ul> - First <ul> • sub one • sub two - Second`. A "-" followed by a capital starts
    an item of the outer list, a "•" or "▪" an item of the innermost list, a <p> closes
    every open list. The text itself is escaped: no markup from the seed survives.
    """
    parts = []
    stack = []  # open lists; a list is a list of items, an item is [text, child list]
    paragraph = None

    def flush_paragraph():
        nonlocal paragraph
        if paragraph is not None and paragraph.strip():
            parts.append(f"<p>{inline(paragraph)}</p>")
        paragraph = None

    def render(items):
        html = "".join(
            f"<li>{inline(text)}{render(child) if child else ''}</li>" for text, child in items
        )
        return f"<ul>{html}</ul>"

    def close_lists():
        if stack:
            parts.append(render(stack[0]))
            stack.clear()

    def open_list():
        new = []
        if stack and stack[-1]:
            stack[-1][-1][1] = new
        elif stack:
            stack[-1].append(["", new])
        stack.append(new)

    for token in TABLE_TOKEN.split(fragment):
        if not token:
            continue
        stripped = token.strip()
        if token == "<p>":
            close_lists()
            flush_paragraph()
            paragraph = ""
        elif token == "</p>":
            close_lists()
            flush_paragraph()
        elif token.startswith("<ul"):
            flush_paragraph()
            open_list()
        elif token == "</ul>":
            if len(stack) == 1:
                close_lists()
            elif stack:
                stack.pop()
        elif stripped == "-":
            if not stack:
                flush_paragraph()
                open_list()
            del stack[1:]
            stack[0].append(["", None])
        elif stripped in ("•", "▪"):
            if not stack:
                flush_paragraph()
                open_list()
            stack[-1].append(["", None])
        elif stack:
            if not stack[-1]:
                stack[-1].append(["", None])
            stack[-1][-1][0] += token
        elif stripped:
            paragraph = (paragraph or "") + token
    close_lists()
    flush_paragraph()
    return "".join(parts)
