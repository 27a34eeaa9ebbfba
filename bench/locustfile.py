"""Load test of Maillage (issue 7, P6): mixed visitors of the demo site.

Not a test: a benchmark, driven by `bench/load_test.py`, which prepares a demo site, starts
gunicorn with the production settings on 127.0.0.1 and runs locust headless with this file.
It can also be pointed by hand at a demo site already running on the loopback:

    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000 \\
        --headless --users 50 --spawn-rate 10 --run-time 60s

The URLs are those of `manage.py load_demo` (pages, directory entries, communes of the four
demo territories). The user classes, by weight:

- `AnonymousReader` (6): home, charter, territories, project sheets, guide chapters,
  directory entries, the accessibility statement and legal mentions; once in a while a
  partner page, which must answer a redirect to the login page (anything else fails);
- `Searcher` (3): the site search `/recherche/?q=` and the directory `/annuaire/` with a
  place, a radius and facets;
- `MapViewer` (1): the map page and `/api/annuaire.geojson`, whole or filtered;
- `WhoToContact` (2): "qui contacter ?" for a commune (INSEE code or name);
- `Partner` (2): logs in through `/compte/connexion/` (`membre.social` or
  `membre.bailleurs`, the demo password), then reads the partner area, its family's space
  and documents, the common space, a restricted guide chapter, public pages and searches
  (never from the page cache: a logged-in visitor's pages are built every time).

Requests are named by template (`/guide/[chapitre]/`, `/annuaire/?q=[mots]&lieu=[commune]`)
so that locust's statistics group them; a logged-in partner's requests start with
`[partenaire]`. Every answer other than 2xx or 3xx is a failure, and so is a redirect
where none is expected (redirects are not followed, except where said) or a partner page
that answers an anonymous visitor with anything but the redirect to the login page.

Think time between two requests of a user: `--think-time 1-3` (seconds, uniform; the
default), `--think-time 0` for a stress test with no pause.
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, events, task

DEMO_PASSWORD = "maillage-demo-2026"
LOGIN_URL = "/compte/connexion/"
PARTNER_HOME = "/espace-partenaires/"
# Demo partners and the family space each of them may read.
PARTNERS = [
    ("membre.social", "/espace-partenaires/famille-social-medico-social/"),
    ("membre.bailleurs", "/espace-partenaires/famille-bailleurs-gestionnaires/"),
]

TERRITORIES = ["grand-lyon", "metz", "marseille", "paris"]
PROJECTS = ["selo", "dlai", "metz-bailleurs-psychiatrie"]
GUIDE_PARTS = [
    "psychiatrie",
    "social-et-medico-social",
    "logement-et-hebergement",
    "familles-et-usagers",
    "secret",
    "outils-et-temoignages",
    "procedures",
]
GUIDE_CHAPTERS = [
    "cadre-legal-psychiatrie",
    "psychiatrie-de-secteur",
    "maladies-et-comportement",
    "accompagnement-social-medico-social",
    "logement-pratiques-reglementation",
    "point-de-vue-familles-usagers",
    "secret-professionnel-secret-partage",
    "outils",
    "temoignages-territoires",
    "signalement-et-intervention",
    "passerelle-inversee",
    "acces-logement-accompagne",
]
# Login required (no group): partners only.
RESTRICTED_GUIDE_CHAPTER = "/guide/carnet-contacts-partenaires/"
ENTRIES = [
    "clsm-metz",
    "clsm-paris-11-17-19",
    "rsml-marseille",
    "cmp-metz-ch-jury",
    "cmp-paris-11",
    "cmp-marseille-nord",
    "ch-le-vinatier",
    "metz-habitat-territoire",
    "logirem",
    "unafam",
    "oeuvre-falret",
    "soliha-provence",
]
SECTORS = [1, 2, 3, 4, 5]
# French words found in the demo content.
WORDS = [
    "logement",
    "psychiatrie",
    "bailleur",
    "accompagnement",
    "secteur",
    "cmp",
    "hébergement",
    "signalement",
    "santé mentale",
    "secret partagé",
    "familles",
    "clsm",
    "expulsion",
]
# Places: INSEE codes and names of the demo territories' communes.
PLACES = ["57463", "Metz", "75111", "Paris 11e", "13215", "Marseille", "69383", "Lyon", "Montigny"]
DIRECTORY_FACETS = [
    {},
    {"type": "cmp"},
    {"type": "bailleur-social"},
    {"thematique": "sante"},
    {"famille": "psychiatrie-publique"},
    {"territoire": "metz"},
    {"type": ["cmp", "hopital"]},
]
RADII = ["", "5", "10", "20", "50"]
GEOJSON_FILTERS = ["", "?type=cmp", "?territoire=metz", "?lieu=Lyon&rayon=20"]


@events.init_command_line_parser.add_listener
def _add_arguments(parser):
    parser.add_argument(
        "--think-time",
        default="1-3",
        help="Pause of each user between two requests, in seconds: '1-3' (uniform) or '0'.",
    )


def _think_range(text: str) -> tuple[float, float]:
    low, _sep, high = str(text).partition("-")
    low = float(low or 0)
    return low, float(high) if high else low


def _is_ok(status: int) -> bool:
    return 200 <= status < 400


class MaillageUser(HttpUser):
    abstract = True

    def wait_time(self):
        options = getattr(self.environment, "parsed_options", None)
        low, high = _think_range(getattr(options, "think_time", "1-3"))
        return random.uniform(low, high)

    def fetch(self, url: str, name: str, *, expect_redirect: bool = False, follow: bool = False):
        """GET `url`; a failure unless 2xx, or 3xx when `expect_redirect` (or `follow`)."""
        with self.client.get(
            url, name=name, allow_redirects=follow, catch_response=True
        ) as response:
            status = response.status_code
            if not _is_ok(status):
                response.failure(f"HTTP {status}")
            elif 300 <= status < 400 and not expect_redirect:
                response.failure(
                    f"redirection inattendue {status} vers {response.headers.get('Location')}"
                )
            else:
                response.success()
            return response


class AnonymousReader(MaillageUser):
    """Reads the public pages, mostly served from the page cache."""

    weight = 6

    @task(4)
    def home(self):
        self.fetch("/", "/")

    @task(1)
    def charter(self):
        self.fetch("/charte/", "/charte/")

    @task(2)
    def territories(self):
        if random.random() < 0.3:
            self.fetch("/territoires/", "/territoires/")
        self.fetch(f"/territoires/{random.choice(TERRITORIES)}/", "/territoires/[territoire]/")

    @task(2)
    def projects(self):
        if random.random() < 0.3:
            self.fetch("/projets/", "/projets/")
        self.fetch(f"/projets/{random.choice(PROJECTS)}/", "/projets/[fiche]/")

    @task(4)
    def guide(self):
        roll = random.random()
        if roll < 0.2:
            self.fetch("/guide/", "/guide/")
        elif roll < 0.4:
            self.fetch(f"/guide/{random.choice(GUIDE_PARTS)}/", "/guide/[partie]/")
        self.fetch(f"/guide/{random.choice(GUIDE_CHAPTERS)}/", "/guide/[chapitre]/")

    @task(2)
    def directory_entry(self):
        if random.random() < 0.2:
            self.fetch(f"/annuaire/secteurs/{random.choice(SECTORS)}/", "/annuaire/secteurs/[n]/")
        else:
            self.fetch(f"/annuaire/{random.choice(ENTRIES)}/", "/annuaire/[fiche]/")

    @task(1)
    def statements(self):
        if random.random() < 0.5:
            self.fetch("/accessibilite/", "/accessibilite/")
        else:
            self.fetch("/mentions-legales/", "/mentions-legales/")

    @task(1)
    def partner_page_refused(self):
        """A partner page: an anonymous visitor must be sent to the login page."""
        url = random.choice([PARTNER_HOME, PARTNERS[0][1], RESTRICTED_GUIDE_CHAPTER])
        with self.client.get(
            url,
            name="[anonyme] page partenaire -> connexion",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code in (302, 303) and LOGIN_URL in location:
                response.success()
            else:
                response.failure(f"attendu 302 vers {LOGIN_URL}, reçu {response.status_code}")


class Searcher(MaillageUser):
    """Searches the hub and the directory."""

    weight = 3

    @task(3)
    def site_search(self):
        self.client_search("/recherche/", {"q": random.choice(WORDS)}, "/recherche/?q=[mots]")

    @task(4)
    def directory_search(self):
        params = {"q": random.choice(WORDS + [""]), "lieu": random.choice(PLACES + [""])}
        radius = random.choice(RADII)
        if radius and params["lieu"]:
            params["rayon"] = radius
        params.update(random.choice(DIRECTORY_FACETS))
        params = {key: value for key, value in params.items() if value}
        self.client_search("/annuaire/", params, "/annuaire/?q=[mots]&lieu=[commune]&[facettes]")

    @task(1)
    def directory_home(self):
        self.fetch("/annuaire/", "/annuaire/")

    def client_search(self, path: str, params: dict, name: str):
        with self.client.get(
            path, params=params, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if 200 <= response.status_code < 300:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


class MapViewer(MaillageUser):
    """Opens the map page, which loads the GeoJSON of the directory."""

    weight = 1

    @task
    def map_and_data(self):
        self.fetch("/annuaire/carte/", "/annuaire/carte/")
        query = random.choice(GEOJSON_FILTERS)
        self.fetch(f"/api/annuaire.geojson{query}", "/api/annuaire.geojson?[filtres]")


class WhoToContact(MaillageUser):
    """A landlord's agent looks up who covers a commune."""

    weight = 2

    @task(4)
    def who_covers(self):
        with self.client.get(
            "/qui-contacter/",
            params={"lieu": random.choice(PLACES)},
            name="/qui-contacter/?lieu=[commune]",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if 200 <= response.status_code < 300:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")

    @task(1)
    def form(self):
        self.fetch("/qui-contacter/", "/qui-contacter/")


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


class Partner(MaillageUser):
    """A logged-in partner (no second factor on the public site)."""

    weight = 2

    def on_start(self):
        self.username, self.family_space = random.choice(PARTNERS)
        self.logged_in = False
        self.login()

    def login(self):
        self.client.cookies.clear()
        with self.client.get(
            LOGIN_URL,
            name=f"{LOGIN_URL} (formulaire)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            match = CSRF_INPUT.search(response.text or "")
            if response.status_code != 200 or not match:
                response.failure(f"formulaire de connexion : HTTP {response.status_code}")
                return
            token = match.group(1)
        with self.client.post(
            LOGIN_URL,
            data={
                "csrfmiddlewaretoken": token,
                "username": self.username,
                "password": DEMO_PASSWORD,
            },
            headers={"Referer": self.client.base_url + LOGIN_URL},
            name=f"{LOGIN_URL} (envoi)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.endswith(PARTNER_HOME):
                response.success()
                self.logged_in = True
            else:
                response.failure(
                    f"connexion de {self.username} : HTTP {response.status_code} {location}"
                )

    def partner_fetch(self, url: str, name: str):
        if not self.logged_in:
            self.login()
            if not self.logged_in:
                return
        response = self.fetch(url, f"[partenaire] {name}")
        if 300 <= response.status_code < 400:
            # Sent back to the login page: the session was lost; log in again next time.
            self.logged_in = False

    @task(3)
    def partner_home(self):
        self.partner_fetch(PARTNER_HOME, PARTNER_HOME)

    @task(3)
    def family_space(self):
        self.partner_fetch(self.family_space, "/espace-partenaires/[famille]/")
        if random.random() < 0.5:
            self.partner_fetch(
                self.family_space + "documents/", "/espace-partenaires/[famille]/documents/"
            )

    @task(2)
    def common_space(self):
        url, name = random.choice(
            [
                ("/espace-partenaires/commun/", "/espace-partenaires/commun/"),
                ("/espace-partenaires/commun/site-et-guide/", "/espace-partenaires/commun/[page]/"),
                (
                    "/espace-partenaires/commun/pleniere-annuelle/",
                    "/espace-partenaires/commun/[page]/",
                ),
                ("/espace-partenaires/commun/documents/", "/espace-partenaires/commun/[page]/"),
            ]
        )
        self.partner_fetch(url, name)

    @task(1)
    def restricted_chapter(self):
        self.partner_fetch(RESTRICTED_GUIDE_CHAPTER, RESTRICTED_GUIDE_CHAPTER)

    @task(2)
    def public_pages(self):
        url, name = random.choice(
            [
                ("/", "/"),
                ("/charte/", "/charte/"),
                (f"/guide/{random.choice(GUIDE_CHAPTERS)}/", "/guide/[chapitre]/"),
                (f"/territoires/{random.choice(TERRITORIES)}/", "/territoires/[territoire]/"),
            ]
        )
        self.partner_fetch(url, name)

    @task(2)
    def search(self):
        if not self.logged_in:
            self.login()
            if not self.logged_in:
                return
        path, params, name = random.choice(
            [
                ("/recherche/", {"q": random.choice(WORDS)}, "/recherche/?q=[mots]"),
                (
                    "/annuaire/",
                    {"q": random.choice(WORDS), "lieu": random.choice(PLACES)},
                    "/annuaire/?q=[mots]&lieu=[commune]",
                ),
                (
                    "/qui-contacter/",
                    {"lieu": random.choice(PLACES)},
                    "/qui-contacter/?lieu=[commune]",
                ),
            ]
        )
        with self.client.get(
            path,
            params=params,
            name=f"[partenaire] {name}",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if 200 <= response.status_code < 300:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
