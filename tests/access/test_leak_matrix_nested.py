"""The leak matrix, nested: access composes along the directory's graph.

The nested canaries (`build_nested_canaries` in tests/access/conftest.py) sit in Metz:

- a family A structure, with a family B service and a public contact;
- a partners-only structure, with an instance-only service;
- a family B structure, and its public unit;
- a public instance led by the family A structure, whose member is an instance-only
  structure and whose coordinator is the family A structure's public contact;
- a public sector whose hospital is for partners and whose CMP is for family B.

A service or a contact hangs from its structure: it is seen only by who may see both. A
unit's parent, an instance's lead, members and coordinator, a sector's hospital and CMPs
are relatives, not containers: they never hide the entry, and their names reach only who
may see them. For every role and every channel, the marker of a canary the role may not
see never appears (in the page, its attributes or its text), and the marker of a canary it
may see appears where the channel shows that kind of entry.

What each role may see is computed here from `REQUIRES` (what each canary hangs from) and
`VISIBLE` (the tiers each role reaches), never from `hub.access`. Markers are compared
without regard to case (slugs and e-mail addresses are lower case) and in the text with
its tags removed too (a highlighted search word cuts a marker in two).
"""

import html
import io
import json
import re

import pytest
from openpyxl import load_workbook

from directory.models import OrganisationKind
from tests.access.conftest import NESTED_MARKERS, ROLES, VISIBLE
from tests.access.test_leak_matrix_directory_pages import all_pages

pytestmark = pytest.mark.usefixtures("world")

# The tiers a reader must reach to see each canary: its own, and those of what it hangs
# from. Relatives (parent, lead, members, coordinator, hospital, CMPs) are not listed.
REQUIRES = {
    "structure_family_a": {"family_a"},
    "service_family_b_in_family_a": {"family_b", "family_a"},
    "contact_public_in_family_a": {"public", "family_a"},
    "structure_partners": {"partners"},
    "service_instance_in_partners": {"instance", "partners"},
    "structure_family_b": {"family_b"},
    "unit_public_of_family_b": {"public"},
    "structure_instance": {"instance"},
    "instance_public": {"public"},
    "hospital_partners": {"partners"},
    "cmp_family_b": {"family_b"},
    "sector_public": {"public"},
}
KEYS = list(NESTED_MARKERS)

# The kind of each canary that has a search document, as the directory's type facet says.
TYPE = {
    "structure_family_a": OrganisationKind.ASSOCIATION.value,
    "structure_partners": OrganisationKind.ASSOCIATION.value,
    "structure_family_b": OrganisationKind.ASSOCIATION.value,
    "unit_public_of_family_b": OrganisationKind.CMP.value,
    "structure_instance": OrganisationKind.ASSOCIATION.value,
    "hospital_partners": OrganisationKind.HOSPITAL.value,
    "cmp_family_b": OrganisationKind.CMP.value,
    "service_family_b_in_family_a": "service",
    "service_instance_in_partners": "service",
    "instance_public": "instance",
    "sector_public": "secteur",
}
# The kind of result of the site search, for the same canaries.
SITE_KIND = {
    key: {"service": "service", "instance": "instance", "secteur": "secteur"}.get(kind, "structure")
    for key, kind in TYPE.items()
}

STRUCTURES = [key for key, kind in TYPE.items() if kind in OrganisationKind.values]
SERVICES = ["service_family_b_in_family_a", "service_instance_in_partners"]
CONTACT = "contact_public_in_family_a"
# Where each channel shows a canary the role may see.
LISTED = list(TYPE)  # every entry with a search document (a contact has none)
SHOWN = {
    "csv": STRUCTURES + SERVICES + [CONTACT],  # the contact's e-mail, on its structure's row
    "xlsx": STRUCTURES + SERVICES + [CONTACT],
    "data-inclusion structures": STRUCTURES + [CONTACT],
    "data-inclusion services": SERVICES,
    "qui contacter ?": STRUCTURES + [CONTACT, "instance_public", "sector_public"],
    # Care (the sector and its CMP: the hospital is not named there), then coordination
    # (the instance and its coordinator) and the social support (the associations and
    # their contacts).
    "en cas de crise": [
        key for key in STRUCTURES if TYPE[key] == OrganisationKind.ASSOCIATION.value
    ]
    + ["cmp_family_b", CONTACT, "instance_public", "sector_public"],
}
# The entries with a page, and the relatives each page names to who may see them.
PAGES = {
    "structure_family_a": [CONTACT, "service_family_b_in_family_a", "instance_public"],
    "structure_partners": ["service_instance_in_partners"],
    "structure_family_b": ["unit_public_of_family_b"],
    "unit_public_of_family_b": ["structure_family_b"],
    "structure_instance": ["instance_public"],
    "instance_public": ["structure_family_a", "structure_instance", CONTACT],
    "hospital_partners": ["sector_public"],
    "cmp_family_b": ["sector_public"],
    "sector_public": ["hospital_partners", "cmp_family_b"],
}


def sees(role, key):
    return REQUIRES[key] <= VISIBLE[role]


def word(key):
    """The canary's own word: searched alone, it finds the canary and what names it."""
    return NESTED_MARKERS[key].split("-", 1)[1].lower()


def readable(text):
    """The text and its tags' attributes, then the text without tags, in lower case."""
    return (text + "\n" + html.unescape(re.sub(r"<[^>]*>", "", text))).lower()


def appears(key, text):
    return NESTED_MARKERS[key].lower() in readable(text)


def assert_no_leak(role, text, where):
    leaked = [NESTED_MARKERS[k] for k in KEYS if not sees(role, k) and appears(k, text)]
    assert not leaked, f"{role} voit {leaked} via {where}"


def assert_shows(role, text, keys, where):
    missing = [NESTED_MARKERS[k] for k in keys if sees(role, k) and not appears(k, text)]
    assert not missing, f"{role} ne voit pas {missing} via {where}"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_each_canary_s_word_is_its_own():
    words = [word(key) for key in KEYS]
    assert not [(a, b) for a in words for b in words if a != b and a in b]
    assert not [marker for marker in NESTED_MARKERS.values() if "canari" in marker.lower()]


# --- The directory's list, its facets and the map ------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_directory_lists_and_counts_only_the_nested_canaries_the_role_sees(as_role, role):
    response, text = all_pages(as_role(role), {"q": "niche"})
    assert_no_leak(role, text, "la recherche de l'annuaire")
    assert_shows(role, text, LISTED, "la recherche de l'annuaire")
    results = response.context["results"]
    seen = [key for key in LISTED if sees(role, key)]
    assert results.total == len(seen), f"{role} : {results.total} résultats pour {seen}"
    counts = {value.value: value.count for value in results.facets["type"] if value.count}
    expected = {}
    for key in seen:
        expected[TYPE[key]] = expected.get(TYPE[key], 0) + 1
    assert counts == expected, role


@pytest.mark.parametrize("role", ROLES)
def test_searching_a_hidden_canary_s_word_finds_and_counts_nothing(as_role, role):
    """Not even an entry the role may see, whose document would name the hidden one."""
    client = as_role(role)
    found = {}
    for key in KEYS:
        response = client.get("/annuaire/", {"q": word(key)})
        assert response.status_code == 200
        text = response.content.decode()
        assert_no_leak(role, text, f"la recherche de l'annuaire « {word(key)} »")
        results = response.context["results"]
        counted = [v for values in results.facets.values() for v in values if v.count]
        if sees(role, key):
            if key in LISTED:
                assert_shows(role, text, [key], f"la recherche de l'annuaire « {word(key)} »")
        elif results.total or counted:
            found[NESTED_MARKERS[key]] = results.total
    assert not found, f"{role} trouve des entrées pour {found} via la recherche de l'annuaire"


@pytest.mark.parametrize("url", ["/annuaire/carte/?q=niche"])
@pytest.mark.parametrize("role", ROLES)
def test_the_map_page_and_its_list_show_only_the_nested_canaries_the_role_sees(as_role, role, url):
    response = as_role(role).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_leak(role, text, url)
    assert_shows(role, text, LISTED, url)


@pytest.mark.parametrize("url", ["/api/annuaire.geojson", "/api/annuaire.geojson?q=niche"])
@pytest.mark.parametrize("role", ROLES)
def test_the_geojson_shows_only_the_nested_canaries_the_role_sees(as_role, role, url):
    response = as_role(role).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    json.loads(text)
    assert_no_leak(role, text, url)
    assert_shows(role, text, LISTED, url)


# --- The site search and its suggestions ---------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_site_search_finds_and_counts_only_the_nested_canaries_the_role_sees(as_role, role):
    client = as_role(role)
    response = client.get("/recherche/", {"q": "niche"})
    assert response.status_code == 200
    assert_no_leak(role, response.content.decode(), "la recherche du site")
    counts = {facet["value"]: facet["count"] for facet in response.context["kind_facets"]}
    expected = {}
    for key in LISTED:
        if sees(role, key):
            expected[SITE_KIND[key]] = expected.get(SITE_KIND[key], 0) + 1
    assert {k: v for k, v in counts.items() if k in set(SITE_KIND.values())} == expected, role
    found = {}
    for key in KEYS:
        response = client.get("/recherche/", {"q": word(key)})
        text = response.content.decode()
        assert_no_leak(role, text, f"la recherche du site « {word(key)} »")
        if sees(role, key):
            if key in LISTED:
                assert_shows(role, text, [key], f"la recherche du site « {word(key)} »")
        elif response.context["total"]:
            found[NESTED_MARKERS[key]] = response.context["total"]
    assert not found, f"{role} trouve des entrées pour {found} via la recherche du site"


@pytest.mark.parametrize("role", ROLES)
def test_suggestions_suggest_only_the_nested_canaries_the_role_sees(as_role, role):
    client = as_role(role)
    suggested = client.get("/recherche/suggestions/", {"q": "niche"}).json()["suggestions"]
    assert_no_leak(role, json.dumps(suggested, ensure_ascii=False), "les suggestions")
    found = {}
    for key in KEYS:
        suggested = client.get("/recherche/suggestions/", {"q": word(key)}).json()["suggestions"]
        text = json.dumps(suggested, ensure_ascii=False)
        assert_no_leak(role, text, f"les suggestions « {word(key)} »")
        if sees(role, key):
            if key in LISTED:
                assert_shows(role, text, [key], f"les suggestions « {word(key)} »")
        elif suggested:
            found[NESTED_MARKERS[key]] = suggested
    assert not found, f"{role} reçoit des suggestions pour {found}"


# --- Exports -----------------------------------------------------------------------------------


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    return "\n".join(
        "" if cell is None else str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )


EXPORTS = {
    "csv": ("/api/annuaire.csv", lambda response: body(response).decode("utf-8-sig")),
    "xlsx": ("/api/annuaire.xlsx", read_xlsx),
    "data-inclusion structures": (
        "/api/data-inclusion/structures.json",
        lambda response: json.dumps(json.loads(body(response)), ensure_ascii=False),
    ),
    "data-inclusion services": (
        "/api/data-inclusion/services.json",
        lambda response: json.dumps(json.loads(body(response)), ensure_ascii=False),
    ),
}


@pytest.mark.parametrize("channel", list(EXPORTS))
@pytest.mark.parametrize("role", ROLES)
def test_exports_hold_only_the_nested_canaries_the_role_sees(as_role, role, channel):
    url, read = EXPORTS[channel]
    response = as_role(role).get(url)
    assert response.status_code == 200
    text = read(response)
    assert_no_leak(role, text, channel)
    assert_shows(role, text, SHOWN[channel], channel)


# --- Pages: the sitemap, the entries, « qui contacter ? », « en cas de crise » -----------------


@pytest.mark.parametrize("role", ROLES)
def test_the_sitemap_names_the_public_nested_entries_only(as_role, world, role):
    text = as_role(role).get("/sitemap.xml").content.decode()
    # The sitemap is what a crawler may see: the anonymous visitor's part of the world.
    assert_no_leak("anonymous", text, "sitemap.xml")
    for key in ("unit_public_of_family_b", "instance_public"):
        assert f"/annuaire/{world.nested[key].slug}/" in text, key
    assert f"/annuaire/secteurs/{world.nested['sector_public'].pk}/" in text


def entry_url(world, key):
    entry = world.nested[key]
    if key == "sector_public":
        return f"/annuaire/secteurs/{entry.pk}/"
    return f"/annuaire/{entry.slug}/"


@pytest.mark.parametrize("key", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_an_entry_page_names_only_the_relatives_the_role_sees(as_role, world, role, key):
    url = entry_url(world, key)
    response = as_role(role).get(url)
    text = response.content.decode()
    if sees(role, key):
        assert response.status_code == 200, (role, url)
        assert_no_leak(role, text, f"la fiche {url}")
        assert_shows(role, text, [key, *PAGES[key]], f"la fiche {url}")
    else:
        assert response.status_code == 404, (role, url)
        # The page repeats the address asked for (login and language links), in lower case:
        # the marker itself, in capitals, is the entry's name.
        assert NESTED_MARKERS[key] not in text, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_who_covers_metz_names_only_the_nested_canaries_the_role_sees(as_role, role):
    response = as_role(role).get("/qui-contacter/", {"lieu": "Metz"})
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_leak(role, text, "qui contacter ?")
    assert_shows(role, text, SHOWN["qui contacter ?"], "qui contacter ?")


CRISIS_URL = "/guide/en-cas-de-crise/"
METZ_PATH = [
    {"etape": "situation", "lieu": "Metz"},
    *(
        {"etape": "situation", "lieu": "57463", "envoi": "1", "reponse": answer}
        for answer in ("suivie", "accepte", "refus", "sans-contact")
    ),
    {"etape": "soins", "lieu": "57463"},
    {"etape": "coordination", "lieu": "57463"},
]


@pytest.mark.parametrize("role", ROLES)
def test_the_metz_crisis_path_names_only_the_nested_canaries_the_role_sees(as_role, role):
    client = as_role(role)
    text = ""
    for params in METZ_PATH:
        response = client.get(CRISIS_URL, params, follow=True)
        assert response.status_code == 200, params
        text += response.content.decode()
    assert_no_leak(role, text, "le parcours « En cas de crise »")
    assert_shows(role, text, SHOWN["en cas de crise"], "le parcours « En cas de crise »")
