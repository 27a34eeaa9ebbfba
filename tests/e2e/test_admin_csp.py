"""Wagtail's admin under its Content-Security-Policy, in Chromium.

The server of the browser tests sends the admin's policy as production does
(tests/e2e/settings.py, `hub.settings.security.admin_content_security_policy`). The
administrator logs in with the second factor and goes through the main screens of the
admin: the dashboard, the page explorer, a page's edit form (a chooser and the preview
panel opened), a directory structure's edit form, the documents and the users. Every
`securitypolicyviolation` event of every frame, and every console message about the
Content Security Policy, is collected: there must be none, and each admin page must carry
the header.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import expect, login_with_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# Run in every frame (the preview panel's too) before the page's own scripts.
VIOLATION_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.maillageCspViolation({
        page: location.pathname,
        directive: event.effectiveDirective || event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
        disposition: event.disposition,
    });
});
"""
ADMIN_POLICY_PARTS = (
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline';",
    "script-src-attr 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
)


@pytest.fixture
def watched_page(new_context):
    """A page whose CSP violations (events of every frame, console messages) are kept in
    `page.csp_violations`."""
    context = new_context()
    violations = []

    def on_violation(violation):
        violations.append(violation)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append({"console": message.text, "page": page.url})

    context.expose_function("maillageCspViolation", on_violation)
    context.add_init_script(VIOLATION_LISTENER)
    page = context.new_page()
    page.on("console", on_console)
    page.csp_violations = violations
    return page


def visit(page, path):
    """Open an admin page, check its policy header, let its scripts run."""
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    policy = response.headers.get("content-security-policy", "")
    for part in ADMIN_POLICY_PARTS:
        assert part in policy, (path, part, policy)
    assert "unsafe-eval" not in policy, policy
    page.wait_for_load_state("networkidle")
    # Set by Wagtail's scripts (Stimulus) once they have run.
    expect(page.locator("body")).to_have_class(re.compile(r"\bready\b"))
    return response


def demo_ids(hub_server):
    output = hub_server.shell(
        "from hub.models import CharterPage\n"
        "from directory.models import Organisation\n"
        "from wagtail.models import Page\n"
        "print('IDS', CharterPage.objects.first().pk, Organisation.objects.first().pk,"
        " Page.objects.get(depth=2).pk)"
    )
    line = next(line for line in output.splitlines() if line.startswith("IDS "))
    return [int(value) for value in line.split()[1:]]


def test_the_admin_works_under_its_content_security_policy(watched_page, hub_server):
    page = watched_page
    charter_id, organisation_id, home_id = demo_ids(hub_server)
    login_with_second_factor(page, hub_server, "admin")

    visit(page, "/admin/")
    # The sidebar, drawn by Wagtail's React scripts: the account menu bears the username.
    expect(page.get_by_role("button", name="admin", exact=True)).to_be_visible()

    visit(page, "/admin/pages/")
    visit(page, f"/admin/pages/{home_id}/")
    expect(page.locator("table.listing")).to_be_visible()

    # A page with inline panels (the charter's objectives, actions...), choosers, date
    # pickers (the scheduling dialog) and 40 rich text editors (Draftail): Wagtail starts
    # the first three with inline scripts, which the policy must let run.
    visit(page, f"/admin/pages/{charter_id}/edit/")
    expect(page.locator("[data-draftail-editor]").first).to_be_visible()
    # The preview panel: an admin page in a frame of the admin, under the same policy.
    with page.expect_response(re.compile(r"/edit/preview/")) as preview:
        page.locator("[data-side-panel-toggle='preview']").click()
    assert "frame-ancestors 'self'" in preview.value.headers.get("content-security-policy", "")
    frame = page.frame_locator("#w-preview-iframe").first
    expect(frame.locator("main")).to_contain_text("charte", ignore_case=True)
    page.wait_for_load_state("networkidle")
    # A new objective (the form of the inline panel's template, with its widgets' scripts).
    add_child = page.locator("button[id$='-ADD']:visible").first
    add_child.scroll_into_view_if_needed()
    prefix = add_child.get_attribute("id").removesuffix("-ADD")
    total = page.locator(f"#{prefix}-TOTAL_FORMS")
    before = int(total.input_value())
    add_child.click()
    expect(total).to_have_value(str(before + 1))

    # A directory structure (a snippet): its parent structure's chooser (a modal that
    # loads its listing), a date picker, tags.
    visit(page, f"/admin/snippets/directory/organisation/edit/{organisation_id}/")
    expect(page.locator("#id_name")).to_be_visible()
    page.locator("#id_parent-chooser .unchosen button[data-chooser-action-choose]").click()
    modal = page.locator(".modal-content")
    expect(modal).to_be_visible()
    expect(modal.locator("table").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    visit(page, "/admin/documents/")
    visit(page, "/admin/users/")

    assert page.csp_violations == [], "\n".join(map(str, page.csp_violations))


def test_the_public_site_keeps_its_own_headers(page):
    """The admin's policy stays on /admin/: the development settings send no CSP on the
    public site (production sends django-csp's, tests/hub/test_production.py)."""
    response = page.goto("/charte/")
    assert response.status == 200
    assert "frame-ancestors 'self'" not in response.headers.get("content-security-policy", "")
