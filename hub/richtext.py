"""The one sanitiser of the rich text the site renders (charter, hub pages, spaces, guide,
archive, glossary links), whatever wrote it: the admin, an import, a restore or the shell.

- `sanitise_html(html)`: expanded HTML → HTML holding only `ALLOWED_TAGS` with
  `ALLOWED_ATTRIBUTES`, links to `URL_SCHEMES` or relative. The guarantee is nh3 (the Rust
  ammonia sanitiser, html5ever's parser): whatever it keeps is safe. Before it, a
  BeautifulSoup pass turns a forbidden element into its own source as visible, escaped
  text, so that a `<script>` or `<img onerror>` pasted somewhere shows as text an editor
  will notice and remove, rather than vanish silently.
- `render_richtext(value)`: a database value (`str` or `RichText`) with Wagtail's internal
  links expanded (`expand_db_html`), then sanitised. The `safe_richtext` template filter
  (`hub_richtext`) and `SafeRichTextBlock` use it.
- The sanitising is remembered per process (issue 20: the charter page sanitised 29
  fragments, some 20 ms, on every request): `sanitise_html` is a pure function of its input
  (no setting, no database, no reader), so its result is kept in a bounded LRU keyed on the
  *expanded* HTML itself. An entry can never be stale nor belong to a reader: a changed
  text, or a link whose target moved (expanded anew on every call, so it follows the pages
  as the page cache's events do), is another key; two audiences given the same HTML get
  the same safe HTML by construction. Nothing to invalidate, hence no second invalidation
  scheme; the LRU bound (`MEMO_SIZE` entries of at most `MEMO_MAX_CHARS`) caps memory.
- `safe_url(url)`: a URL typed outside rich text (glossary link...) kept only when it is
  relative or of an allowed scheme.

hub is the bottom layer: this module imports nothing from directory, guide or search.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString
from django.utils.encoding import force_str
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks
from wagtail.rich_text import RichText, expand_db_html

# What Wagtail's rich text gives after expansion with the features the site's editors have
# (h2-h4, bold, italic, lists, links, document links), plus a few harmless elements an
# import may carry. No class, id, style or data-* attribute: the templates style rich text
# through the `.rich-text` wrapper they write themselves, the guide gives its h2 their ids
# after sanitising (guide.markup.heading_outline) and marks the glossary terms after it too.
ALLOWED_TAGS = frozenset(
    {"p", "br", "hr", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a",
     "blockquote", "code", "abbr", "dfn"}
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "abbr": {"title"}, "dfn": {"title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# If the escaping pass ever missed one of these, nh3 drops it with its content.
_DROPPED_WITH_CONTENT = {"script", "style"}

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=_DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES),
    # Wagtail's links go to our own pages and documents: no rel added to them.
    link_rel=None,
    strip_comments=True,
)

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def _escape_forbidden(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    # Outermost first: a forbidden element becomes its own source, children included.
    for tag in list(soup.find_all(True)):
        if tag.name not in ALLOWED_TAGS and not _detached(tag):
            tag.replace_with(NavigableString(str(tag)))
    return str(soup)


def _detached(tag) -> bool:
    # A tag whose ancestor was already replaced by text no longer hangs from the soup.
    root = tag
    while root.parent is not None:
        root = root.parent
    return not isinstance(root, BeautifulSoup)


# The per-process memo of `sanitise_html` (see the module docstring).
MEMO_SIZE = 2048
MEMO_MAX_CHARS = 100_000


def _sanitise(html: str) -> str:
    return _CLEANER.clean(_escape_forbidden(html))


_sanitise_memo = lru_cache(maxsize=MEMO_SIZE)(_sanitise)


def sanitise_html(html: str | None) -> SafeString:
    """Expanded rich text → safe HTML (see the module docstring)."""
    if not html:
        return mark_safe("")
    html = force_str(html)
    if len(html) > MEMO_MAX_CHARS:
        return mark_safe(_sanitise(html))
    return mark_safe(_sanitise_memo(html))


def render_richtext(value) -> SafeString:
    """A rich text value from the database (`str`, `RichText` or None) as safe HTML."""
    if value is None:
        return mark_safe("")
    source = value.source if isinstance(value, RichText) else force_str(value)
    return sanitise_html(expand_db_html(source))


def safe_url(url: str | None) -> str:
    """`url` when it is relative or uses an allowed scheme, else ""."""
    if not url:
        return ""
    url = force_str(url).strip()
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    probe = "".join(char for char in url if char > " ")
    match = _SCHEME.match(probe)
    if match and match.group(1).lower() not in URL_SCHEMES:
        return ""
    return url


class SafeRichText(RichText):
    """A `RichText` that renders through `render_richtext`, wherever a template or code
    prints it (`{{ value }}`, `str(value)`, `{% include_block %}`)."""

    def __html__(self):
        return render_richtext(self)

    def __str__(self):
        return self.__html__()


class SafeRichTextBlock(blocks.RichTextBlock):
    """A `RichTextBlock` whose values are `SafeRichText`: no rendering path skips the
    sanitiser. Storage, editing and the API are Wagtail's own."""

    def to_python(self, value):
        return SafeRichText(value)

    def normalize(self, value):
        if isinstance(value, SafeRichText):
            return value
        source = value.source if isinstance(value, RichText) else value and force_str(value)
        return SafeRichText(source)

    def value_from_form(self, value):
        return SafeRichText(value)

    def render_basic(self, value, context=None):
        return render_richtext(value)
