"""HTML to PDF, with WeasyPrint and the locked-down fetcher.

`render_pdf` is the one function that calls WeasyPrint; the views build the HTML from
Django templates (`templates/pdf/`) and hand it here. The document's metadata (title,
author « Maillage », language, description, keywords, dates) comes from the HTML head:
WeasyPrint copies `<title>`, `<meta name="author|description|keywords|generator">`,
`dcterms.created` and `<html lang>` into the PDF.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from guide.pdf.fetcher import SafeURLFetcher

logger = logging.getLogger("maillage.pdf")


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    seconds: float
    refused: list[str] = field(default_factory=list)


def render_pdf(html, base_url, *, fetcher=None):
    """The PDF of `html` as bytes. Relative URLs resolve against `base_url` (the site's
    root, so that links in the PDF point to the site), and every resource goes through
    `SafeURLFetcher` (the project's static files only)."""
    return render_pdf_result(html, base_url, fetcher=fetcher).pdf


def render_pdf_result(html, base_url, *, fetcher=None):
    """`render_pdf`, with the page count, the time spent and the refused URLs."""
    # Imported here: WeasyPrint loads pango through cffi, which costs a little at
    # import; the rest of the site never needs it.
    from weasyprint import HTML

    fetcher = fetcher or SafeURLFetcher(base_url)
    started = time.perf_counter()
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    pdf = document.write_pdf()
    seconds = time.perf_counter() - started
    logger.info(
        "PDF rendu : %d pages, %d octets, %.2f s, %d ressource(s) refusée(s)",
        len(document.pages),
        len(pdf),
        seconds,
        len(fetcher.refused),
    )
    return RenderResult(pdf, len(document.pages), seconds, list(fetcher.refused))


def base_url_for(request):
    """The site's root as the document's base URL: links in the PDF point to the site,
    and the fetcher recognises `<base>/static/...` as the project's own files. The host is
    the reader's (`hub.absolute_urls`), never the Wagtail `Site`'s `localhost`."""
    from hub.absolute_urls import absolute_url

    return absolute_url("/", request)


def render_template_pdf(template_name, context, request):
    """Render a `templates/pdf/` template with the request (for the reader's rights in
    blocks that read the directory), then to PDF."""
    html = render_to_string(template_name, context, request=request)
    return render_pdf(html, base_url_for(request))
