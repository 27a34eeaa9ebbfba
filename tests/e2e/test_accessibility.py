"""Accessibility in a real browser: an axe-core scan of every main page template, and the
two journeys that must work with the keyboard alone (the map, the crisis path).

axe-core (bundled by axe-playwright-python) runs offline in the page with its default
rules: WCAG 2.0/2.1/2.2 A and AA, and best practices. A violation of impact "serious" or
"critical" fails the page; the others are printed (`pytest -s` or the failure report).

Known violations in templates this suite does not own are listed in KNOWN_VIOLATIONS with
the page and rule id: the page is then xfail (not a silent pass) until the template is
fixed; any other serious or critical violation fails.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import expect, login, login_with_second_factor, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

BLOCKING_IMPACTS = ("serious", "critical")

# (id, path, who is logged in, what to do before the scan)
CHAPTER = "/guide/logement-et-hebergement/logement-pratiques-reglementation/"
CRISIS = "/guide/en-cas-de-crise/"
PAGES = [
    ("accueil", "/", None),
    ("charte", "/charte/", None),
    ("territoire", "/territoires/metz/", None),
    ("fiche-projet", "/projets/selo/", None),
    ("page-simple", "/mentions-legales/", None),
    ("declaration-accessibilite", "/accessibilite/", None),
    ("annuaire-resultats", "/annuaire/?q=CMP&lieu=Metz", None),
    ("annuaire-erreurs", "/annuaire/?lieu=zzqq&rayon=abc", None),
    ("annuaire-fiche", "/annuaire/cmp-metz-ch-jury/", None),
    ("annuaire-carte", "/annuaire/carte/", None),
    ("qui-contacter", "/qui-contacter/?lieu=57463", None),
    ("crise-danger", CRISIS, None),
    ("crise-danger-erreur", CRISIS + "?etape=danger&envoi=1", None),
    ("crise-urgence", CRISIS + "?etape=urgence&violence=oui", None),
    ("crise-lieu", CRISIS + "?etape=lieu", None),
    ("crise-situation", CRISIS + "?etape=situation&lieu=57463", None),
    ("crise-soins", CRISIS + "?etape=soins&lieu=57463&situation=suivie", None),
    ("crise-coordination", CRISIS + "?etape=coordination&lieu=57463&situation=refus", None),
    ("recherche", "/recherche/?q=logement", None),
    ("connexion", "/compte/connexion/", None),
    ("demande-compte-erreurs", "/compte/demande/", None),
    ("guide-sommaire", "/guide/", None),
    ("guide-partie", "/guide/logement-et-hebergement/", None),
    ("guide-chapitre", CHAPTER, None),
    ("guide-glossaire", "/guide/glossaire/", None),
    ("espace-partenaires", "/espace-partenaires/", "membre.bailleurs"),
    ("espace-commun", "/espace-partenaires/commun/", "membre.bailleurs"),
    ("espace-reunion", "/espace-partenaires/commun/pleniere-annuelle/", "membre.bailleurs"),
    ("espace-documents", "/espace-partenaires/commun/documents/", "membre.bailleurs"),
    ("espace-groupe-de-travail", "/espace-partenaires/commun/site-et-guide/", "membre.bailleurs"),
    ("referent-tableau-de-bord", "/compte/referent/", "referent.bailleurs"),
]
# Pages that may not exist yet (the guide is being finished): a 404 is an xfail, not a pass.
OPTIONAL = {"guide-sommaire", "guide-partie", "guide-chapitre", "guide-glossaire"}

# {page id: {rule id: where and what to fix}}: serious or critical violations found in
# templates owned by others, reported to them. The page is xfail until they are fixed.
KNOWN_VIOLATIONS: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def contexts(browser, hub_server):
    """One browser context per person (anonymous, or logged in once for the module)."""
    from tests.e2e.helpers import NOT_OUR_SERVER, VIEWPORT

    made = {}

    def get(who):
        if who not in made:
            context = browser.new_context(
                base_url=hub_server.url, viewport=VIEWPORT, locale="fr-FR"
            )
            context.route(NOT_OUR_SERVER, lambda route: route.abort())
            context.set_default_timeout(15_000)
            if who and who.startswith(("referent.", "admin")):
                # Referents and administrators give their second factor at login.
                login_with_second_factor(context.new_page(), hub_server, who)
            elif who:
                login(context.new_page(), who)
            made[who] = context
        return made[who]

    yield get
    for context in made.values():
        context.close()


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}) : {violation['help']} "
            f"[{len(violation['nodes'])} élément(s)]"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target} :: {node['html'][:160]}")
    return "\n".join(lines)


def scan(page):
    """axe-core's violations, and what it could not decide ("incomplete": to check by hand)."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, options={"resultTypes": ["violations", "incomplete"]}).response
    return response["violations"], response["incomplete"]


def wait_for_map(page):
    """Markers drawn, the list's buttons enabled, and no zoom animation under way."""
    expect(page.locator("#carte .leaflet-marker-icon").first).to_be_visible()
    expect(page.locator("[data-map-notice='load']")).to_contain_text("repère")
    expect(page.locator(".map-list__locate").first).to_be_visible()
    page.wait_for_function("() => !document.querySelector('#carte .leaflet-zoom-anim')")


def prepare(page, page_id):
    if page_id == "demande-compte-erreurs":
        # The form sent empty: the error summary and the fields' errors.
        page.get_by_role("button", name="Envoyer la demande").click()
        page.wait_for_load_state()
        expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    elif page_id == "annuaire-carte":
        # Wait for the markers and the tiles notice: axe sees the page as a person does.
        wait_for_map(page)
        expect(page.locator("[data-map-notice='tiles']")).to_be_visible()
    elif page_id == "annuaire-erreurs":
        expect(page.locator(".error-summary").first).to_be_visible()


@pytest.mark.parametrize(("page_id", "path", "who"), PAGES, ids=[entry[0] for entry in PAGES])
def test_page_has_no_serious_accessibility_violation(contexts, page_id, path, who):
    page = contexts(who).new_page()
    response = page.goto(path)
    if page_id in OPTIONAL and response.status == 404:
        pytest.xfail(f"{path} répond 404 : le guide est encore en construction.")
    assert response.status == 200, f"{path} répond {response.status}"
    prepare(page, page_id)
    violations, incomplete = scan(page)
    page.close()
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    others = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    print(
        f"\naxe {page_id} ({path}) : {len(blocking)} graves/critiques, {len(others)} autres, "
        f"{len(incomplete)} à vérifier à la main"
    )
    if others:
        print(describe(others))
    if incomplete:
        print("à vérifier à la main (axe n'a pas pu conclure) :\n" + describe(incomplete))
    known = KNOWN_VIOLATIONS.get(page_id, {})
    unknown = [v for v in blocking if v["id"] not in known]
    assert not unknown, f"{path} : violations graves ou critiques\n{describe(unknown)}"
    if blocking:
        pytest.xfail(
            "violations connues, gabarit à corriger : "
            + ", ".join(f"{v['id']} ({known[v['id']]})" for v in blocking)
        )


def test_the_scan_finds_violations_when_there_are(page):
    """The scan above is not vacuous: on a page built with known faults, axe reports them."""
    page.set_content(
        "<html><body><main><h1>Essai</h1><img src='x.png'><a href='/'></a></main></body></html>"
    )
    violations, _ = scan(page)
    assert {"image-alt", "link-name", "html-has-lang"} <= {v["id"] for v in violations}


# --- Keyboard only ----------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "";
  const cls = typeof e.className === "string" ? e.className : "";
  return [e.tagName.toLowerCase(), e.id, cls, (e.innerText || e.value || "").trim().slice(0, 80)]
    .join("|");
}"""


def tab_until(page, matches, limit=250, key="Tab"):
    """Press Tab until the focused element matches; returns every focus met on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if matches(focused):
            return seen
    raise AssertionError(f"Jamais atteint au clavier après {limit} × {key} : {seen[-15:]}")


def test_map_page_is_usable_with_the_keyboard_alone(page):
    page.goto("/annuaire/carte/")
    wait_for_map(page)

    seen = tab_until(page, lambda f: "skip-link" in f)
    assert len(seen) == 1, f"le lien d'évitement n'est pas le premier arrêt : {seen}"
    tab_until(page, lambda f: f.startswith("input|id_q|"))
    tab_until(page, lambda f: f.startswith("div|carte|"))
    tab_until(page, lambda f: "leaflet-marker-icon" in f)
    screenshot(page, "clavier-carte-repere.png")
    tab_until(page, lambda f: "map-list__locate" in f)

    # « Voir sur la carte » with Enter: the marker's card opens and the focus goes into it;
    # its close button (Tab, Enter) closes it and brings the focus back to the button.
    button = open_card_from_the_list(page)
    page.keyboard.press("Tab")
    expect(page.locator(".leaflet-popup-close-button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(button).to_be_focused()


def open_card_from_the_list(page):
    """Press Enter on the focused « Voir sur la carte » button; returns that button."""
    feature = page.evaluate("() => document.activeElement.getAttribute('data-feature-id')")
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup .map-popup a")
    expect(popup_link).to_be_visible()
    expect(popup_link).to_be_focused()
    return page.locator(f".map-list__locate[data-feature-id='{feature}']")


def test_escape_closes_the_map_card_opened_from_the_list(page):
    page.goto("/annuaire/carte/")
    wait_for_map(page)
    page.locator(".map-list__locate").first.focus()
    button = open_card_from_the_list(page)
    page.keyboard.press("Escape")
    if page.locator(".leaflet-popup").count():
        pytest.xfail(
            "map.js : Échap ne ferme pas la fiche quand le focus est dans la fiche (le "
            "gestionnaire clavier de Leaflet n'écoute que le conteneur de la carte ayant "
            "reçu le focus) ; à corriger dans directory/static/directory/js/map.js."
        )
    expect(button).to_be_focused()


IN_VIEWPORT = """() => {
  const r = document.activeElement.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight;
}"""


def test_a_marker_reached_with_tab_is_scrolled_into_view(page):
    page.goto("/annuaire/carte/")
    wait_for_map(page)
    tab_until(page, lambda f: "leaflet-marker-icon" in f)
    if not page.evaluate(IN_VIEWPORT):
        pytest.xfail(
            "map.js : le repère qui reçoit le focus reste hors de l'écran (la page ne défile "
            "pas jusqu'à la carte) ; à corriger dans directory/static/directory/js/map.js "
            "(faire défiler la carte dans la vue quand le focus y entre)."
        )


def test_crisis_path_is_walked_with_tab_space_and_enter_only(page):
    def choose_first_answer_and_continue():
        tab_until(page, lambda f: f.startswith("input|reponse-1|"))
        page.keyboard.press("Space")
        tab_until(page, lambda f: "crisis-submit" in f)
        page.keyboard.press("Enter")
        page.wait_for_load_state()

    def follow_link(text):
        tab_until(page, lambda f: f.startswith("a|") and text in f)
        page.keyboard.press("Enter")
        page.wait_for_load_state()

    page.goto(CRISIS)
    tab_until(page, lambda f: "skip-link" in f, limit=1)
    # 1. Immediate danger? "Yes": the emergency numbers.
    choose_first_answer_and_continue()
    expect(page).to_have_url(re.compile(r"etape=urgence"))
    expect(page.locator("main")).to_contain_text("15")
    # 2. From the emergency step, on to the place of the dwelling.
    follow_link("Trouvez le CMP")
    expect(page).to_have_url(re.compile(r"etape=lieu"))
    tab_until(page, lambda f: f.startswith("input|lieu|"))
    page.keyboard.type("Metz")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    # 3. The situation: "already followed" leads to the sector's care.
    expect(page).to_have_url(re.compile(r"etape=situation"))
    choose_first_answer_and_continue()
    expect(page).to_have_url(re.compile(r"etape=soins"))
    expect(page.locator("main")).to_contain_text("CMP de Metz")
    screenshot(page, "clavier-crise-soins.png")
    # 4. The other branch: refusal of care, the coordination instances; then back.
    follow_link("refuse les soins")
    expect(page).to_have_url(re.compile(r"etape=coordination"))
    expect(page.locator("main")).to_contain_text("CLSM")
    follow_link("Étape précédente")
    expect(page).to_have_url(re.compile(r"etape=situation"))
    follow_link("Recommencer")
    expect(page).to_have_url(re.compile(r"/guide/en-cas-de-crise/$"))


# --- The accessibility statement ----------------------------------------------------------


def test_the_accessibility_statement_says_what_was_checked_and_how_to_complain(page):
    from axe_playwright_python.base import AXE_SCRIPT

    from hub.demo.accessibility import AXE_CORE

    page.goto("/accessibilite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    main = page.locator("main")
    for heading in (
        "État de conformité",
        "Contenus non accessibles",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    expect(main).to_contain_text("non conforme")
    expect(main).to_contain_text("Libre réponse 71120, 75342 Paris CEDEX 07")
    # The statement names the axe-core version these tests really run.
    bundled = re.search(r"axe v(\d+\.\d+\.\d+)", AXE_SCRIPT[:200]).group(1)
    assert AXE_CORE == f"axe-core {bundled}"
    expect(main).to_contain_text(AXE_CORE)
    screenshot(page, "declaration-accessibilite.png")
