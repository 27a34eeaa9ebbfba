"""A partner registers for a training session, receives the confirmation e-mail, and after
the session fills in the « à chaud » evaluation.

The demo's coming session of the fiche action 1 module (hub/trainings/demo.py) is the one
registered for; « after the session » is made by moving that session into the past on the
server's database (`manage.py shell`), as time would."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest

from tests.e2e.helpers import expect, login, mail_text, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

MODULE = "Formation-action santé psychique et logement"
USERNAME = "membre.bailleurs"


def _confirmation(hub_server):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for message in hub_server.mails():
            subject = " ".join(str(message["Subject"]).split())
            if f"{USERNAME}@example.org" in str(message["To"]) and subject == (
                f"Inscription confirmée : {MODULE}"
            ):
                return message
        time.sleep(0.2)
    found = [(str(m["To"]), str(m["Subject"])) for m in hub_server.mails()]
    raise AssertionError(f"pas d'e-mail de confirmation parmi {found}")


def test_a_partner_registers_gets_the_confirmation_and_evaluates_after_the_session(
    page, hub_server
):
    login(page, USERNAME, next_url="/formations/")
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Formations")
    coming = main.locator(".training-session").filter(has_text=MODULE).first
    expect(coming).to_contain_text("places restantes")
    coming.get_by_role("link").click()
    expect(page.locator("h1.page-header__title")).to_have_text(MODULE)

    main.get_by_label("Organisation").fill("Office public de l'habitat de démonstration")
    main.get_by_label("Fonction").fill("Chargée de gestion locative")
    main.get_by_role("button", name="S’inscrire").click()
    expect(page.locator(".messages")).to_contain_text("Votre inscription est confirmée")
    expect(main.locator(".status-notice")).to_have_text("Vous êtes inscrit(e) à cette session.")
    screenshot(page, "parcours-formation-inscription.png")

    message = _confirmation(hub_server)
    text = mail_text(message)
    assert "est confirmée" in text
    assert "[à vérifier par le territoire]" in text  # the demo's place says what it is
    mine_url = re.search(r"http://\S+/formations/mes-formations/", text).group(0)

    # The session takes place: it is moved into the past on the server.
    hub_server.shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from hub.trainings.models import Registration\n"
        f"row = Registration.objects.get(user__username='{USERNAME}', status='registered')\n"
        "session = row.session\n"
        "length = session.end - session.start\n"
        "session.end = timezone.now() - timedelta(hours=1)\n"
        "session.start = session.end - length\n"
        "session.save()\n"
    )

    page.goto(urlsplit(mine_url).path)
    item = main.locator(".training-mine__item").filter(has_text="Inscrit").first
    item.get_by_role("link", name="Répondre à l’évaluation « à chaud »").click()
    expect(page.locator("h1.page-header__title")).to_have_text(MODULE)
    for question, score in (
        ("Les objectifs annoncés ont été atteints.", "4"),
        ("Le contenu est utile à ma pratique.", "5"),
        ("La formation m'a fait connaître les partenaires de mon territoire.", "4"),
        ("Je suis satisfait(e) de la formation dans son ensemble.", "5"),
    ):
        main.get_by_role("group", name=question).get_by_label(score, exact=True).check()
    main.get_by_label("Commentaire libre (facultatif)").fill(
        "Des échanges concrets entre bailleurs et équipes de secteur."
    )
    main.get_by_role("button", name="Envoyer mon évaluation").click()
    expect(page.locator(".messages")).to_contain_text("Merci : votre évaluation est enregistrée.")
    expect(main).to_contain_text("Évaluation « à chaud » envoyée : merci.")
    screenshot(page, "parcours-formation-evaluation.png")
    saved = hub_server.shell(
        "from hub.trainings.models import Evaluation\n"
        f"print(Evaluation.objects.filter(registration__user__username='{USERNAME}', "
        "kind='chaud', score_practice=5).count())\n"
    )
    assert saved.strip() == "2"  # the demo's past session's, and this one
