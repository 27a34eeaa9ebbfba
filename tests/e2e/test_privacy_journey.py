"""The health-data guard as a visitor meets it (issue 15), in a real browser: on a
directory entry's « Signaler une erreur », a message naming a person next to a diagnosis
is sent back with the French warning beside the field (and tied to it for screen
readers), the typed text still there; rephrased by situation, it is sent."""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import expect, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ENTRY = "/annuaire/cmp-metz-ch-jury/"
NAMED = "Mme Martin, schizophrène, ne répond plus"
REPHRASED = "la personne accompagnée ne répond plus"


def test_a_report_naming_a_patient_is_sent_back_then_sent_once_rephrased(page, hub_server):
    page.goto(ENTRY)
    page.get_by_role("link", name=re.compile("Signaler une erreur")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler une erreur")

    page.get_by_label("Autre").check()
    message = page.get_by_label(re.compile("Décrivez l.erreur"))
    message.fill(NAMED)
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_load_state()

    # Sent back: the warning sits in the field's own group and the field points to it.
    expect(page).to_have_title(re.compile("^Erreur :"))
    group = page.locator(".form-field--error").filter(has=message)
    warning = group.locator(".form-field__error")
    expect(warning).to_contain_text("« Mme Martin, schizophrène » semble désigner une personne")
    expect(warning).to_contain_text("la personne accompagnée")
    warning_id = warning.get_attribute("id")
    assert warning_id in (message.get_attribute("aria-describedby") or "").split()
    expect(message).to_have_value(NAMED)
    # The summary at the top links to the field.
    summary = page.locator("#resume-erreurs")
    expect(summary).to_contain_text("Description de l'erreur")
    message_id = message.get_attribute("id")
    expect(summary.locator(f'a[href="#{message_id}"]')).to_have_count(1)
    warning.scroll_into_view_if_needed()
    screenshot(page, "parcours-signalement-donnees-de-sante.png")

    message.fill(REPHRASED)
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page).to_have_url(re.compile(r"/annuaire/cmp-metz-ch-jury/signaler/merci/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre signalement")
    expect(page.get_by_role("status")).to_contain_text("transmis aux modérateurs")

    # Only the rephrased report was kept (the newest; the refused one nowhere).
    kept = hub_server.shell(
        "from directory.models import ErrorReport; "
        "print(ErrorReport.objects.latest('created_at', 'pk').message); "
        "print(ErrorReport.objects.filter(message__icontains='schizophr').count())"
    )
    assert kept.splitlines() == [REPHRASED, "0"]
