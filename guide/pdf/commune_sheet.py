"""`/qui-contacter/<code INSEE>/fiche.pdf`: the printable sheet of one commune (issue 13).

One A4 page to pin up in a landlord's agency: the place (name, department, postcodes),
the psychiatric sector(s) and their CMP, the mobile team(s), the CLSM and the other
coordination instances with the lines the reader may see, how fresh each card is, the
crisis steps in short, and two QR codes (with their address printed under them) to the
live `/qui-contacter/` answer and to the crisis path with the place already given.

What is on it comes from `directory.who_covers.who_covers(code, request.user)` (every
list through `hub.access.visible_objects`, every line through `can_view_field`): the
sheet is rendered for its reader. A line the reader may not see is left out (a printed
sheet has no login link to offer); the public sheet says that partners get more.

Freshness: a card shows « vérifié le … » with the date of its least recently verified
part (the entry itself and each contact printed on it), or « à vérifier » when any of
them is stale (`directory.freshness`): a number is only as sure as its last check.

Cache: the PDF is kept by `guide.pdf.cache` under `commune-<code>/live/`, per reader's
tier, with the fingerprint of the sheet's HTML itself (built in a few milliseconds): two
readers share a file only when they would get the same bytes, and a sheet whose content,
host or day changed is rendered again (the cold render is the cost; see docs).

Unknown or malformed code: a 404 page in French. Paris, Lyon and Marseille, whose sectors
follow the arrondissements, and a postcode shared by several communes: a redirect to the
`/qui-contacter/` page that asks which one. A postcode of a single commune: a redirect to
that commune's sheet.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from functools import lru_cache

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.freshness import freshness
from directory.models import Commune, PostalCode
from directory.who_covers import Status, who_covers
from guide.crisis import Step, generic_steps, step_query
from guide.pdf import cache, service
from guide.pdf.views import pdf_response
from hub.absolute_urls import absolute_url

# An INSEE code: five digits, or Corsica's 2A / 2B and three digits.
INSEE_CODE = re.compile(r"(?:\d{5}|2[AB]\d{3})")
# The QR codes' printed size; the addresses are printed under them as text too.
QR_SIZE = "24mm"


# --- QR codes -------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def qr_svg(data: str, title: str) -> str:
    """An inline SVG QR code of `data`, drawn here (`qrcode`'s path image): nothing is
    fetched, so `guide.pdf.fetcher` has nothing to refuse. Cached: the same commune's
    sheet asks for the same two codes again."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.get_image()
    svg.set("width", QR_SIZE)
    svg.set("height", QR_SIZE)
    svg.set("role", "img")
    svg.set("class", "qr-code")
    for element in svg.iter():
        element.attrib.pop("id", None)  # two codes on one page: no duplicate ids
    title_element = ET.Element("title")
    title_element.text = title
    svg.insert(0, title_element)
    return ET.tostring(svg, encoding="unicode")


# --- What the sheet shows -------------------------------------------------------------------


def _verification(parts, today: date) -> dict:
    """The weakest freshness among `parts` (an entry and its printed contacts)."""
    infos = [freshness(part, today) for part in parts]
    stale = [info for info in infos if info.is_stale]
    pool = stale or infos
    weakest = min(pool, key=lambda info: (info.verified_on is not None, info.verified_on))
    return {"verified_on": weakest.verified_on, "is_stale": weakest.is_stale}


def _lines(card) -> list[dict]:
    """The lines of a `ContactCard` the reader may see: hidden ones are left out."""
    lines = []
    if card.phone and not card.phone_hidden:
        lines.append({"label": _("Tél."), "value": card.phone, "hours": card.phone_hours})
    if card.email and not card.email_hidden:
        lines.append({"label": _("Courriel"), "value": card.email, "hours": ""})
    return lines


def _card(entry, today: date, kind: str = "") -> dict:
    """A `who_covers.Entry` as the sheet prints it."""
    item = entry.item
    contacts = []
    for card in entry.contacts:
        lines = _lines(card)
        if lines:
            contacts.append({"role": card.role, "lines": lines, "contact": card.contact})
    address = ""
    if getattr(item, "address", ""):
        commune = getattr(item, "commune", None)
        place = " ".join(filter(None, [item.postal_code, commune.name if commune else ""]))
        address = ", ".join(filter(None, [item.address, place]))
    return {
        "name": item.name,
        "kind": kind or item.get_kind_display(),
        "address": address,
        "contacts": contacts,
        "verification": _verification([item, *(c["contact"] for c in contacts)], today),
    }


def _sectors(result, today: date) -> list[dict]:
    return [
        {
            "name": entry.sector.name,
            "code": entry.sector.code,
            "hospital": entry.hospital.item.name if entry.hospital else "",
            "verification": _verification([entry.sector], today),
            "cmps": [_card(cmp, today) for cmp in entry.cmps],
        }
        for entry in result.sectors
    ]


def crisis_steps() -> list[str]:
    """The crisis path in three lines: emergency numbers, then care, then coordination
    (the two last in `guide.crisis.generic_steps`' own words)."""
    return [
        _(
            "Danger immédiat : appelez le 15 (SAMU) ou le 112 ; le 17 (police) en cas de "
            "violences ou de menaces."
        ),
        generic_steps(Step.SOINS)[0],
        generic_steps(Step.COORDINATION)[0],
    ]


def live_links(commune, request) -> list[dict]:
    """The two live pages the QR codes lead to, as absolute URLs on the reader's host."""
    who_url = absolute_url(
        reverse("directory:who_covers") + "?" + urlencode({"lieu": commune.query_value}), request
    )
    crisis_url = absolute_url(
        reverse("crisis_path") + step_query(Step.SITUATION, lieu=commune.query_value), request
    )
    links = [
        (_("Qui contacter à %(commune)s, à jour, en ligne") % {"commune": commune.name}, who_url),
        (
            _("Parcours « En cas de crise », le lieu déjà indiqué (%(commune)s)")
            % {"commune": commune.name},
            crisis_url,
        ),
    ]
    return [{"label": label, "url": url, "svg": qr_svg(url, label)} for label, url in links]


def sheet_context(request, result) -> dict:
    commune = result.communes[0]
    today = timezone.localdate()
    postcodes = list(
        PostalCode.objects.filter(commune=commune).order_by("code").values_list("code", flat=True)
    )
    others = len(result.housing_operators) + len(result.partners)
    return {
        "document_title": _("Qui contacter à %(commune)s") % {"commune": commune.name},
        "commune": commune,
        "city": commune.parent if commune.parent_id else None,
        "postcodes": list(dict.fromkeys(postcodes)),
        "sectors": _sectors(result, today),
        "mobile_teams": [_card(entry, today) for entry in result.mobile_teams],
        "instances": [_card(entry, today) for entry in result.instances],
        "others": others,
        "is_empty": result.is_empty,
        "crisis_steps": crisis_steps(),
        "links": live_links(commune, request),
        "public_sheet": cache.tier_key(request.user) == "public",
        "generated_on": today,
    }


# --- The view -------------------------------------------------------------------------------


def _not_found(request, code: str):
    response = render(
        request,
        "guide/commune_sheet_not_found.html",
        {"code": code[:20], "who_covers_url": reverse("directory:who_covers")},
        status=404,
    )
    response["Cache-Control"] = "no-store"
    return response


def _ask_on_who_covers(code: str):
    """Paris, Lyon, Marseille or a shared postcode: the page that asks which place."""
    return HttpResponseRedirect(
        reverse("directory:who_covers") + "?" + urlencode({"lieu": code}) + "#reponse"
    )


@require_safe
def commune_sheet_pdf(request, code: str):
    code = code.strip().upper()
    if not INSEE_CODE.fullmatch(code):
        return _not_found(request, code)
    # An INSEE code designates its commune exactly, even when it is also some postcode
    # (13014: Berre-l'Étang, and Marseille 14e's postcode): `Commune.query_value`.
    insee = Commune.objects.filter(code=code).first()
    result = who_covers(insee.query_value if insee else code, request.user)
    if result.status in (Status.NEEDS_ARRONDISSEMENT, Status.AMBIGUOUS):
        return _ask_on_who_covers(code)
    if not result.found:
        return _not_found(request, code)
    commune = result.communes[0]
    if commune.code != code:
        # A postcode of one commune: the sheet's address is the INSEE code.
        return HttpResponseRedirect(reverse("commune_sheet", args=[commune.code]))

    html = render_to_string("pdf/commune_sheet.html", sheet_context(request, result), request)

    def render_sheet():
        return service.render_pdf(html, service.base_url_for(request))

    pdf = cache.get_or_render(f"commune-{commune.code}", "live", request.user, [html], render_sheet)
    filename = f"qui-contacter-{slugify(commune.name) or 'commune'}-{commune.code}.pdf"
    return pdf_response(request, pdf, filename)
