"""What hub must know of the guide (hub/hooks.py), registered from `GuideConfig.ready()`.

- `maillage_charter_pdf`: the charter's PDF (`/charte/charte.pdf`), made by the guide's PDF
  service; the charter page (hub/models/charter.py) asks for it;
- `maillage_pdf_from_html`: any HTML document as a private PDF, through the same pipeline
  (the trainings' attendance certificate);
- `maillage_demo`: the demo guide, after the accounts (its parts belong to the families,
  whose referents exist by then);
- `maillage_derived_data`: the PDF cache (guide, chapters, charter, commune sheets),
  emptied after an erasure.
"""

from __future__ import annotations

from wagtail import hooks

from hub.hooks import CHARTER_PDF, DEMO, DERIVED_DATA, PDF_FROM_HTML, DemoPart
from hub.privacy.holders import DerivedData


@hooks.register(CHARTER_PDF)
def charter_pdf(request, page):
    # Imported on first use: the PDF views load WeasyPrint.
    from guide.pdf.views import charter_pdf as render

    return render(request, page)


@hooks.register(PDF_FROM_HTML)
def pdf_from_html(request, html, filename):
    # The trainings' certificate (hub/trainings/certificate.py): hub's HTML, the guide's
    # pipeline (locked-down fetcher, WeasyPrint), always private.
    from guide.pdf import service
    from guide.pdf.views import pdf_response

    pdf = service.render_pdf(html, service.base_url_for(request))
    return pdf_response(request, pdf, filename, restricted=True)


def _load_demo_guide(run) -> None:
    from guide.demo import load_guide_demo

    load_guide_demo(run.track, run.home, password=run.password)


@hooks.register(DEMO, order=20)
def demo_part():
    return DemoPart(pages=_load_demo_guide)


class PdfCache(DerivedData):
    # French, as every line of the erasure's plan (hub/privacy/erasure.py).
    cache_label = "PDF du guide et de la charte"

    def empty(self) -> None:
        from guide.pdf import cache

        # An empty prefix matches every document directory of the PDF cache.
        cache.invalidate(prefixes=("",))


@hooks.register(DERIVED_DATA, order=20)
def pdf_cache():
    return PdfCache()
