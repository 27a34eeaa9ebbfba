"""The printable sheet of a commune, `/qui-contacter/<code INSEE>/fiche.pdf` (issue 13).

A small directory for Metz, built once for the module (rolled back at the end): a sector
and its CMP, a mobile team never verified, a CLSM whose coordination phone is kept for
partners (the canary). Requests go through Django's test client; the PDF is read back
with pypdf."""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from pypdf import PdfReader

from directory.models import CoordinationInstance, OrganisationKind
from guide.crisis import Step, generic_steps
from tests.accounts import make_user
from tests.directory.helpers import (
    load_communes,
    make_contact,
    make_instance,
    make_organisation,
    make_sector,
)

HOST = "maillage.example.org"
URL = "/qui-contacter/57463/fiche.pdf"
CMP_NAME = "CMP Témoin de Metz-Centre"
CMP_PHONE = "03 87 00 00 01"
TEAM_NAME = "Équipe mobile Témoin"
CLSM_NAME = "CLSM Témoin du territoire messin"
CLSM_EMAIL = "clsm.temoin@example.org"
CANARY_PHONE = "03 87 99 99 13"  # the CLSM's coordination line, partners only
WHO_URL = f"http://{HOST}/qui-contacter/?lieu=57463"
CRISIS_URL = f"http://{HOST}/guide/en-cas-de-crise/?etape=situation&lieu=57463"


@pytest.fixture(scope="module")
def metz(django_db_setup, django_db_blocker):
    """The module's directory, inside a transaction rolled back at the end; each test runs
    in a savepoint within it (as tests/guide/test_crisis.py does with the demo)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                today = timezone.localdate()
                communes = load_communes("57463", "75111", "13014", "13214")
                metz = communes["57463"]
                hospital = make_organisation(
                    "Centre hospitalier Témoin", OrganisationKind.HOSPITAL, commune=metz
                )
                cmp = make_organisation(
                    CMP_NAME,
                    OrganisationKind.CMP,
                    commune=metz,
                    address="1 rue du Témoin",
                    postal_code="57000",
                    verified_on=today - timedelta(days=10),
                )
                make_contact(cmp, "Accueil CMP", phone=CMP_PHONE, email="", verified_on=today)
                make_sector("57G99", hospital, communes=[metz], cmps=[cmp], verified_on=today)
                team = make_organisation(TEAM_NAME, OrganisationKind.MOBILE_TEAM, commune=metz)
                make_contact(team, "Permanence équipe mobile", phone="03 87 00 00 02", email="")
                coordinator = make_contact(
                    make_organisation("Ville Témoin", OrganisationKind.LOCAL_AUTHORITY),
                    "Coordination CLSM",
                    email=CLSM_EMAIL,
                    phone=CANARY_PHONE,
                    phone_tier="partners",
                    verified_on=today,
                )
                make_instance(
                    CLSM_NAME,
                    communes=[metz],
                    kind=CoordinationInstance.Kind.CLSM,
                    coordinator=coordinator,
                    verified_on=today,
                )
            yield metz
            transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("metz")


@pytest.fixture(autouse=True)
def _host(settings, tmp_path):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.MAILLAGE_PDF_CACHE_DIR = str(tmp_path / "pdf-cache")


def get(client, url=URL, **extra):
    return client.get(url, HTTP_HOST=HOST, **extra)


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages]


def flat(text: str) -> str:
    """The text with every run of white space as one space."""
    return re.sub(r"\s+", " ", text).strip()


def squeezed(text: str) -> str:
    """The text without any white space (a URL cut at the end of a line)."""
    return re.sub(r"\s+", "", text)


def test_the_public_sheet_is_one_page_with_the_place_the_cmp_and_their_verification(client):
    pages = pdf_pages(get(client))
    assert len(pages) == 1
    text = flat(pages[0])
    assert "Metz" in text and "Département 57" in text and "code INSEE 57463" in text
    assert CMP_NAME in text and CMP_PHONE in text
    assert "Secteur 57G99" in text and "Centre hospitalier Témoin" in text
    assert TEAM_NAME in text
    assert CLSM_NAME in text and CLSM_EMAIL in text
    today = timezone.localdate()
    # The CMP's card is as fresh as its oldest printed part (the structure, 10 days ago).
    assert f"Vérifié le {(today - timedelta(days=10)):%d/%m/%Y}" in text
    assert f"Vérifié le {today:%d/%m/%Y}" in text  # the sector and the CLSM
    assert "À vérifier (jamais vérifié)" in text  # the mobile team
    assert "Fiche publique" in text


def test_the_sheet_prints_the_crisis_steps_in_the_crisis_paths_words(client):
    text = flat(pdf_pages(get(client))[0])
    assert "appelez le 15 (SAMU) ou le 112 ; le 17 (police) en cas de violences" in text
    assert flat(generic_steps(Step.SOINS)[0]) in text
    assert flat(generic_steps(Step.COORDINATION)[0]) in text
    # Emergency numbers first, then care, then coordination.
    assert text.index("15 (SAMU)") < text.index(CMP_NAME) < text.index("Saisissez l'instance")


def test_the_qr_codes_lead_to_the_live_pages_and_print_their_addresses(client):
    response = get(client)
    text = squeezed(pdf_pages(response)[0])
    assert squeezed(WHO_URL) in text
    assert squeezed(CRISIS_URL) in text
    assert "localhost" not in text and "testserver" not in text
    # The two addresses are links too, and the QR codes are drawn shapes in the PDF (no
    # image was fetched: the fetcher serves the stylesheet and the logo only).
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(response.content)).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert WHO_URL in links and CRISIS_URL in links


def test_the_qr_codes_encode_the_printed_addresses():
    import qrcode

    from guide.pdf.commune_sheet import qr_svg

    svg = qr_svg(CRISIS_URL, "parcours")
    assert svg.startswith("<svg") and "<title>parcours</title>" in svg and "id=" not in svg
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(CRISIS_URL)
    code.make(fit=True)
    size = len(code.get_matrix())
    assert f'viewBox="0 0 {size} {size}"' in svg  # the matrix of that very address


def test_nothing_outside_the_static_files_is_fetched(client, caplog):
    with caplog.at_level(logging.WARNING, logger="maillage.pdf"):
        pdf_pages(get(client))
    assert "ressource refusée" not in caplog.text


def test_the_partners_only_line_is_absent_from_the_public_sheet(client):
    response = get(client)
    text = flat(pdf_pages(response)[0])
    assert CANARY_PHONE not in text and squeezed(CANARY_PHONE) not in squeezed(text)
    assert CANARY_PHONE.encode() not in response.content
    assert "Cache-Control" not in response.headers  # the same sheet for every anonymous


def test_a_partner_gets_the_partners_only_line_on_a_private_sheet(client):
    client.force_login(make_user("partenaire.fiche"))
    response = get(client)
    text = flat(pdf_pages(response)[0])
    assert CANARY_PHONE in text
    assert "Fiche pour les partenaires" in text and "Fiche publique" not in text
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_an_expired_account_gets_the_public_sheet(client):
    client.force_login(make_user("expire.fiche", expires_in_days=-1))
    text = flat(pdf_pages(get(client))[0])
    assert CANARY_PHONE not in text and "Fiche publique" in text


def test_the_sheet_is_cached_per_tier_and_rendered_again_for_another_host(client, settings):
    from pathlib import Path

    cache_dir = Path(settings.MAILLAGE_PDF_CACHE_DIR) / "commune-57463" / "live"
    first = get(client).content
    files = sorted(path.name for path in cache_dir.iterdir())
    assert len(files) == 1 and files[0].startswith("public--")
    assert get(client).content == first  # served from the file
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "autre.example.org"]
    other = client.get(URL, HTTP_HOST="autre.example.org")
    assert "http://autre.example.org/qui-contacter/" in squeezed(pdf_pages(other)[0])
    client.force_login(make_user("partenaire.cache"))
    get(client)
    tiers = sorted(path.name.split("--")[0] for path in cache_dir.iterdir())
    assert tiers == ["partners", "public"]


def test_an_unknown_code_is_a_french_404(client):
    for url in ("/qui-contacter/99999/fiche.pdf", "/qui-contacter/metz/fiche.pdf"):
        response = get(client, url)
        assert response.status_code == 404
        body = response.content.decode()
        assert "Commune introuvable" in body and "code INSEE" in body
        assert 'href="/qui-contacter/"' in body


def test_paris_asks_for_the_arrondissement_on_the_who_covers_page(client):
    response = get(client, "/qui-contacter/75056/fiche.pdf")
    assert response.status_code == 302
    assert response["Location"] == "/qui-contacter/?lieu=75056#reponse"
    page = get(client, "/qui-contacter/?lieu=75056").content.decode()
    assert "Choisissez l’arrondissement" in page
    assert "/qui-contacter/75111/fiche.pdf" not in page  # no sheet until a place is found


def test_a_postcode_leads_to_the_sheet_of_its_insee_code(client):
    response = get(client, "/qui-contacter/57000/fiche.pdf")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_an_insee_code_that_is_also_a_postcode_is_read_as_the_insee_code(client):
    """13014: Berre-l'Étang's INSEE code, and Marseille 14e's postcode."""
    text = flat(pdf_pages(get(client, "/qui-contacter/13014/fiche.pdf"))[0])
    assert "Berre-l'Étang" in text and "code INSEE 13014" in text
    assert "Marseille" not in text
    # The live links designate that commune exactly, so they never ask again.
    assert "lieu=Berre-l%27%C3%89tang+%2813014%29" in squeezed(text)


def test_an_arrondissement_has_its_own_sheet(client):
    text = flat(pdf_pages(get(client, "/qui-contacter/75111/fiche.pdf"))[0])
    assert "Paris 11e Arrondissement" in text and "arrondissement de Paris" in text
    assert "Aucun secteur psychiatrique n'est renseigné pour ce lieu." in text


def test_the_who_covers_answer_offers_the_printable_sheet(client):
    body = get(client, "/qui-contacter/?lieu=Metz").content.decode()
    assert f'href="{URL}"' in body
    assert "Imprimer la fiche de la commune (PDF)" in body
    missing = get(client, "/qui-contacter/?lieu=Zzyzx").content.decode()
    assert "fiche.pdf" not in missing


def test_a_post_is_refused(client):
    assert client.post(URL, HTTP_HOST=HOST).status_code == 405


def test_the_directory_never_imports_the_guide():
    """The directory app never imports the guide (the sheet lives in guide.pdf)."""
    from pathlib import Path

    import directory

    root = Path(directory.__file__).parent
    offenders = [
        path
        for path in root.rglob("*.py")
        if re.search(r"^\s*(from|import) guide\b", path.read_text(), flags=re.M)
    ]
    assert offenders == []
