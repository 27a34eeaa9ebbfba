"""The CLSM Metz coordinator adds a member, who then reads the instance's minutes (issue 17).

A partner accredited in a family (not in the CLSM) cannot open the CLSM Metz space. The
demo's coordinator of the CLSM logs in (with the second factor: they edit the space in the
admin), goes from the partner spaces to « Mon instance », adds the partner by e-mail. The
partner, in a new session, opens the space and reads the minutes of the Metz working
group of 19 July 2018. (Finding them by a word inside the PDF is added with the search of
documents.)"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.helpers import expect, login, login_with_second_factor, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RUN = uuid.uuid4().hex[:6]
PARTNER = f"agent.clsm.{RUN}"
PARTNER_EMAIL = f"{PARTNER}@example.org"
PASSWORD = "Parcours-coordination-2026!"
SPACE = "/espace-partenaires/instance-clsm-metz/"
MINUTES = "Groupe de travail du 19 juillet 2018"


def test_the_clsm_metz_coordinator_adds_a_member_who_reads_the_minutes(new_context, hub_server):
    hub_server.shell(
        "from datetime import timedelta\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.utils import timezone\n"
        "from hub.accounts.models import AccountProfile, PartnerFamily\n"
        f"user = get_user_model().objects.create_user({PARTNER!r}, {PARTNER_EMAIL!r}, "
        f"{PASSWORD!r}, first_name='Camille', last_name='Parcours{RUN}')\n"
        "user.groups.add(PartnerFamily.objects.get(slug='bailleurs-gestionnaires').group)\n"
        "AccountProfile.objects.create(user=user, organisation='Bailleur de démonstration', "
        "job_role='Chargée de gestion locative', "
        "expires_on=timezone.localdate() + timedelta(days=100))\n"
    )

    # Before: the partner is not a member of the CLSM, its space is closed to them.
    partner = new_context().new_page()
    login(partner, PARTNER, PASSWORD)
    response = partner.goto(SPACE)
    assert response.status == 403

    # The coordinator: partner spaces, « Mon instance », add by e-mail.
    coordinator = new_context().new_page()
    login_with_second_factor(coordinator, hub_server, "coordination.clsm-metz")
    coordinator.goto("/espace-partenaires/")
    coordinator.get_by_role("link", name="Mon instance : gérer ses membres").click()
    expect(coordinator).to_have_url(re.compile(r"/compte/instance/clsm-metz/$"))
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("CLSM du territoire messin")
    main = coordinator.locator("main")
    main.get_by_label("Adresse électronique du compte à ajouter").fill(PARTNER_EMAIL)
    main.get_by_role("button", name="Ajouter à l’instance").click()
    expect(coordinator.get_by_text("est désormais membre de l’instance")).to_be_visible()
    members = coordinator.get_by_role("table", name=re.compile("Membres de l’instance"))
    expect(members).to_contain_text(PARTNER_EMAIL)
    expect(main.locator(".events")).to_contain_text("Membre ajouté à l'instance")
    screenshot(coordinator, "parcours-coordination-instance.png")

    # After, in a new session: the partner opens the space and reads the minutes.
    partner = new_context().new_page()
    login(partner, PARTNER, PASSWORD)
    response = partner.goto(SPACE)
    assert response.status == 200
    partner.locator("main").get_by_role("link", name=MINUTES).first.click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(MINUTES)
    expect(partner.get_by_role("heading", name="Compte rendu")).to_be_visible()
    screenshot(partner, "parcours-coordination-compte-rendu.png")
