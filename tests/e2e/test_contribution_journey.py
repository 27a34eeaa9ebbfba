"""A member of the landlords' family adds a document to the family's space from its page,
in three steps, without ever seeing the admin; the family's referent, told by e-mail,
approves it from « À valider »; the member then finds it published (issue 17)."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.helpers import expect, login, login_with_second_factor, mail_text, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RUN = uuid.uuid4().hex[:6]
TITLE = f"Calendrier des commissions {RUN}"
SPACE = "/espace-partenaires/famille-bailleurs-gestionnaires/"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_a_member_adds_a_document_to_the_family_space_and_the_referent_approves_it(
    new_context, hub_server
):
    member = new_context().new_page()
    login(member, "membre.bailleurs", next_url=SPACE)

    # 1. The space's page.
    member.goto(SPACE)
    # 2. « Proposer un document ».
    member.get_by_role("link", name="Proposer un document").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Proposer un document")
    # A file of a refused type is refused next to the field, and nothing is kept.
    member.get_by_label("Titre").fill(TITLE)
    member.get_by_label("Fichier").set_input_files(
        {"name": "macro.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}
    )
    member.get_by_role("button", name="Envoyer").click()
    expect(member.locator("#id_file_error")).to_contain_text("Ce type de fichier n'est pas accepté")
    # 3. The form, filled in and sent.
    member.get_by_label("Titre").fill(TITLE)
    member.get_by_label("Description").fill("Dates des commissions d'attribution du semestre.")
    member.get_by_label("Fichier").set_input_files(
        {"name": "calendrier.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    screenshot(member, "parcours-contribution-formulaire.png")
    member.get_by_role("button", name="Envoyer").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Contribution envoyée")
    expect(member.locator("main")).to_contain_text("Proposée")
    member.goto(SPACE)
    expect(member.locator("#contribuer").locator("..")).to_contain_text(TITLE)

    # The referent is told by e-mail, with the address of the list.
    notices = [
        message
        for message in hub_server.mails()
        if "referent.bailleurs@example.org" in message["To"] and TITLE in mail_text(message)
    ]
    assert notices, [message["Subject"] for message in hub_server.mails()]
    link = re.search(r"https?://\S+/a-valider/", mail_text(notices[-1])).group()

    referent = new_context().new_page()
    login_with_second_factor(referent, hub_server, "referent.bailleurs")
    referent.goto(link)
    expect(referent.get_by_role("heading", level=1)).to_have_text("À valider")
    screenshot(referent, "parcours-contribution-a-valider.png")
    referent.get_by_role("button", name=f"Publier « {TITLE} »").click()
    expect(referent.locator(".messages")).to_contain_text("est publié")

    # The member finds it on the space's page, in the activity list, and downloads it.
    member.goto(SPACE)
    expect(member.locator("#activite").locator("..")).to_contain_text(TITLE)
    screenshot(member, "parcours-contribution-publiee.png")
    with member.expect_download() as download_info:
        member.get_by_role("link", name=TITLE).first.click(modifiers=["Alt"])
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    member.goto("/espaces/mes-contributions/")
    expect(member.locator("main")).to_contain_text("Publiée")
