"""The leak oracle: random small directory graphs, read by every role through every channel.

Access composes along the data graph (docs/architecture.md, "Access tiers"): an object is
visible only when its own tier admits the reader and so does every object it hangs from
(a service's structure, a contact's structure). Other relations (a unit's parent, an
instance's lead, members and coordinator, a sector's hospital, CMPs and mobile teams, a
service's contact) never make the related object visible, and its name shows only to
readers who may see it. The canaries of the leak matrix check a few shapes of that graph;
here Hypothesis draws many: structures (some units of others), services, contacts,
coordination instances, psychiatric sectors, with random tiers and random groups among
family A, family B and instance I, all in Metz (57463), each named with its own marker
("ORAC", a letter for its kind, three consonants: ORACSBCD is a structure).

The oracle is written from the rule, NOT from `hub.access`. For each role (anonymous,
partner without group, member of A, of B, of I, of A and I, expired member of A,
superuser) and each channel, the test checks that:

- no marker of an object the oracle hides appears anywhere in the answer (titles,
  subtitles, snippets, contact cards, cells, URLs), and a search for such a marker finds
  nothing (the name would sit in a visible document's text);
- the channels that list entries list every visible one, and their counts (facets,
  kinds) equal the oracle's: the channels agree on what exists;
- a visible entry's page answers 200 and shows its visible services and contacts; a
  hidden entry's page answers 404.

Channels: /annuaire/ (lieu=57463, and q=orac; every page; facet counts « type » and
« thématique »), /annuaire/carte/, /api/annuaire.geojson, /recherche/?q= (kind counts),
/recherche/suggestions/?q=, /api/annuaire.csv, /api/annuaire.xlsx, /api/data-inclusion/
structures.json and services.json, /sitemap.xml (what anonymous visitors may see),
/annuaire/<slug>/, /annuaire/secteurs/<id>/, /qui-contacter/?lieu=57463, the « soins »
and « coordination » steps of /guide/en-cas-de-crise/, and the guide's « Qui contacter »
block (`WhoToContactBlock`) rendered with the reader's request for each kind of the graph.

Each graph is built in a savepoint rolled back at the end of its example, its search
documents written by the after-commit callbacks. A failure reads as a bug report: the
role, the channel, the hidden object (kind, tier, groups, why it is hidden, how it is
related to the others), on the graph Hypothesis has shrunk. While it shrinks, only the
role and the group of channels that failed are read, for ORACLE_SHRINK_SECONDS at most
(120 by default; Hypothesis's own message still says "five minutes").

The suite runs ORACLE_EXAMPLES graphs (15 by default, the same ones at each run, about
two minutes on two busy cores). For a long random run: `make oracle` (500 new graphs,
SQLite) or `make oracle-postgres` (PostgreSQL); both print how many graphs were checked.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import transaction
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import (
    Contact,
    CoordinationInstance,
    Organisation,
    PsychiatricSector,
    Service,
)
from hub.accounts.models import AccountProfile, PartnerFamily
from tests.directory.helpers import load_communes

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "15"))
CHECKED = Counter()  # graphs built and read, reported at the end of the module
METZ = "57463"
TIERS = ("public", "partners", "family", "instance")
GROUPS = ("A", "B", "I")
CONSONANTS = "BCDFGHJKLMNPQRSTVWXZ"  # no vowel: a marker never spells a word
KINDS = ("structure", "contact", "service", "instance", "sector")
ORG_KINDS = ("hopital", "cmp", "equipe-mobile", "association", "logement-accompagne")
INSTANCE_KINDS = ("clsm", "cellule", "cas-complexes", "groupe-travail")
THEMATIQUES = ("", "sante--sante-mentale", "logement-hebergement--se-maintenir-dans-le-logement")
# Kinds of node that have a search document, with its source.
SOURCES = {
    "structure": "directory.organisation",
    "service": "directory.service",
    "instance": "directory.coordinationinstance",
    "sector": "directory.psychiatricsector",
}
# What each relation that is not containment points at.
LINK_KINDS = {
    "parent": "structure",
    "contact": "contact",
    "lead": "structure",
    "members": "structure",
    "coordinator": "contact",
    "hospital": "structure",
    "cmps": "structure",
    "mobile_teams": "structure",
}


# --- Roles and the oracle ---------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    username: str | None
    groups: frozenset[str] = frozenset()
    accredited: bool = True
    superuser: bool = False


ROLES = (
    Role("anonymous", None, accredited=False),
    Role("partner without group", "oracle-partner"),
    Role("member of A", "oracle-a", frozenset("A")),
    Role("member of B", "oracle-b", frozenset("B")),
    Role("member of I", "oracle-i", frozenset("I")),
    Role("member of A+I", "oracle-ai", frozenset("AI")),
    Role("expired member of A", "oracle-expired", frozenset("A"), accredited=False),
    Role("superuser", "oracle-admin", superuser=True),
)
ANONYMOUS = ROLES[0]


@dataclass
class Node:
    kind: str  # one of KINDS
    index: int
    marker: str
    tier: str
    groups: frozenset[str]
    subkind: str = ""  # a structure's or an instance's kind
    org: int | None = None  # the structure that contains a service or a contact
    links: dict[str, tuple[int, ...]] = field(default_factory=dict)  # see LINK_KINDS
    thematique: str = ""
    pk: int | None = None  # once built

    def label(self):
        groups = "+".join(sorted(self.groups)) or "none"
        return f"{self.kind} {self.marker} (tier {self.tier}, groups {groups})"


def admits(role: Role, node: Node) -> bool:
    """The node's own tier, read from the rule."""
    if role.superuser or node.tier == "public":
        return True
    if not role.accredited:
        return False
    return node.tier == "partners" or bool(role.groups & node.groups)


# Every reader the graph can tell apart: any set of the three groups, accredited or not.
AUDIENCES = [
    Role(f"groups {groups}", None, frozenset(groups), accredited=accredited)
    for groups in ("", "A", "B", "I", "AB", "AI", "BI", "ABI")
    for accredited in (True, False)
]


@dataclass
class Graph:
    nodes: dict[str, list[Node]]

    def all(self, *kinds):
        return [node for kind in kinds or KINDS for node in self.nodes[kind]]

    def container(self, node):
        return None if node.org is None else self.nodes["structure"][node.org]

    def linked(self, node, link):
        return [self.nodes[LINK_KINDS[link]][i] for i in node.links.get(link, ())]

    def visible(self, role, node):
        container = self.container(node)
        return admits(role, node) and (container is None or self.visible(role, container))

    def implies(self, node, other):
        """Does every reader who may see `node` see `other` too?"""
        return all(self.visible(r, other) for r in AUDIENCES if self.visible(r, node))

    def why_hidden(self, role, node):
        if not admits(role, node):
            return "its own tier refuses the role"
        return f"its container, {self.container(node).label()}, is hidden"

    def relations(self, node):
        """How `node` relates to the others, in words."""
        found = []
        for other in self.all():
            if node.kind == "structure" and other.org == node.index:
                found.append(f"structure of {other.kind} {other.marker}")
            for link, indices in other.links.items():
                if LINK_KINDS[link] == node.kind and node.index in indices:
                    found.append(f"{link} of {other.kind} {other.marker}")
        return found

    def _repr_pretty_(self, printer, cycle):
        # What Hypothesis prints of a falsifying example.
        printer.text(repr(self))

    def __repr__(self):
        lines = []
        for node in self.all():
            parts = [node.label()]
            parts += [f"kind={node.subkind}"] if node.subkind else []
            if node.org is not None:
                parts.append(f"in structure {self.container(node).marker}")
            for link in node.links:
                names = "/".join(other.marker for other in self.linked(node, link))
                parts += [f"{link}={names}"] if names else []
            parts += [f"thematique={node.thematique.split('--')[0]}"] if node.thematique else []
            lines.append("    " + " ".join(parts))
        return "Graph(\n" + "\n".join(lines) + "\n)"


# --- Random graphs -----------------------------------------------------------------------------

ACCESS = st.tuples(st.sampled_from(TIERS), st.frozensets(st.sampled_from(GROUPS)))
# A reference to another node, read modulo the number of nodes it may point at: removing a
# node keeps the others valid, so that Hypothesis shrinks a graph by deleting nodes.
REF = st.integers(0, 3)
MAYBE_REF = st.none() | REF
REFS = st.frozensets(REF, max_size=2)


def drafts(letter, least, most, **fields):
    """Drafts of nodes of one kind: a marker (ORAC, the kind's letter, three consonants),
    an access, and `fields` (references still to resolve)."""
    marker = st.text(CONSONANTS, min_size=3, max_size=3).map(lambda s: f"ORAC{letter}{s}")
    draft = st.fixed_dictionaries({"marker": marker, "access": ACCESS, **fields})
    return st.lists(draft, min_size=least, max_size=most, unique_by=lambda d: d["marker"])


def resolve(refs, among):
    """References (ints) to indices among `among` nodes, sorted, without repeats."""
    return tuple(sorted({ref % among for ref in refs if ref is not None})) if among else ()


@st.composite
def graphs(draw):
    kinds = st.sampled_from(ORG_KINDS)
    structures = draw(drafts("S", 1, 4, kind=kinds, parent=MAYBE_REF))
    contacts = draw(drafts("C", 0, 3, org=REF))
    thematiques = st.sampled_from(THEMATIQUES)
    services = draw(drafts("V", 0, 3, org=REF, contact=MAYBE_REF, thematique=thematiques))
    kinds = st.sampled_from(INSTANCE_KINDS)
    links = {"lead": MAYBE_REF, "members": REFS, "coordinator": MAYBE_REF}
    instances = draw(drafts("N", 0, 2, kind=kinds, **links))
    sectors = draw(drafts("T", 0, 2, hospital=REF, cmps=REFS, mobile_teams=REFS))
    graph = Graph({kind: [] for kind in KINDS})

    def add(kind, draft, **fields):
        nodes = graph.nodes[kind]
        tier, groups = draft["access"]
        nodes.append(Node(kind, len(nodes), draft["marker"], tier, groups, **fields))

    orgs = len(structures)
    for i, draft in enumerate(structures):
        # A unit hangs from an earlier structure: no cycle.
        add(
            "structure",
            draft,
            subkind=draft["kind"],
            links={"parent": resolve([draft["parent"]], i)},
        )
    for draft in contacts:
        add("contact", draft, org=draft["org"] % orgs)
    for draft in services:
        org = draft["org"] % orgs
        # A service's contact is one of its structure's contacts (Service.clean).
        own = [contact.index for contact in graph.nodes["contact"] if contact.org == org]
        contact = resolve([draft["contact"]], len(own))
        links = {"contact": tuple(own[i] for i in contact)}
        add("service", draft, org=org, thematique=draft["thematique"], links=links)
    for draft in instances:
        links = {
            "lead": resolve([draft["lead"]], orgs),
            "members": resolve(draft["members"], orgs),
            "coordinator": resolve([draft["coordinator"]], len(contacts)),
        }
        add("instance", draft, subkind=draft["kind"], links=links)
    for draft in sectors:
        links = {
            "hospital": resolve([draft["hospital"]], orgs),
            "cmps": resolve(draft["cmps"], orgs),
            "mobile_teams": resolve(draft["mobile_teams"], orgs),
        }
        add("sector", draft, links=links)
    return graph


# --- Building a graph in the database ----------------------------------------------------------


@dataclass
class World:
    metz: object
    groups: dict  # "A", "B", "I" -> Group
    users: dict  # role name -> User
    devices: dict  # role name -> the superuser's second factor (TOTP device)


def build(graph: Graph, world: World) -> None:
    objects = {}

    def one(node, link):
        linked = graph.linked(node, link)
        return objects[(linked[0].kind, linked[0].index)] if linked else None

    def save(node, obj):
        obj.access_groups.set([world.groups[name] for name in sorted(node.groups)])
        objects[(node.kind, node.index)] = obj
        node.pk = obj.pk
        return obj

    common = {"commune": world.metz, "postal_code": "57000", "description": "Structure de test."}
    for node in graph.all("structure"):
        position = {"latitude": 49.11 + node.index / 1000, "longitude": 6.17 + node.index / 1000}
        organisation = Organisation.objects.create(
            name=f"Structure {node.marker}",
            slug=node.marker.lower(),
            kind=node.subkind,
            parent=one(node, "parent"),
            address=f"{node.index + 1} rue de la Gare",
            access_tier=node.tier,
            **common,
            **position,
        )
        save(node, organisation)
    for node in graph.all("contact"):
        contact = Contact.objects.create(
            organisation=objects[("structure", node.org)],
            role=f"Accueil {node.marker}",
            email=f"{node.marker.lower()}@example.org",
            phone="03 87 00 00 00",
            access_tier=node.tier,
        )
        save(node, contact)
    for node in graph.all("service"):
        service = Service.objects.create(
            organisation=objects[("structure", node.org)],
            name=f"Service {node.marker}",
            description="Service de test.",
            thematiques=[node.thematique] if node.thematique else [],
            zone_eligibilite=[METZ],
            contact=one(node, "contact"),
            access_tier=node.tier,
        )
        save(node, service)
    for node in graph.all("instance"):
        instance = CoordinationInstance.objects.create(
            name=f"Instance {node.marker}",
            slug=node.marker.lower(),
            kind=node.subkind,
            description="Instance de test.",
            lead_organisation=one(node, "lead"),
            coordinator=one(node, "coordinator"),
            access_tier=node.tier,
        )
        instance.communes.add(world.metz)
        instance.members.set(objects[("structure", i)] for i in node.links["members"])
        save(node, instance)
    for node in graph.all("sector"):
        sector = PsychiatricSector.objects.create(
            code=node.marker,
            name=f"Secteur {node.marker}",
            hospital=one(node, "hospital"),
            description="Secteur de test.",
            access_tier=node.tier,
        )
        sector.communes.add(world.metz)
        sector.cmps.set(objects[("structure", i)] for i in node.links["cmps"])
        sector.mobile_teams.set(objects[("structure", i)] for i in node.links["mobile_teams"])
        save(node, sector)


# --- What the oracle expects of the listing channels -------------------------------------------


def document_key(node):
    return (SOURCES[node.kind], node.pk)


def feature_key(node):
    """The key of an entry on the map and in the GeoJSON (directory.api.geojson.feature_id)."""
    return f"{SOURCES[node.kind].replace('.', '-')}-{node.pk}"


def type_value(node):
    return {"structure": node.subkind, "service": "service", "instance": "instance"}.get(
        node.kind, "secteur"
    )


def themes(graph, node):
    """The « thématique » facet values of a node's document. A structure's document carries
    those of the services every reader of the structure may see (directory/search_documents.py: a
    more restricted service never shows through its structure); a sector « santé »."""
    if node.kind == "sector":
        return {"sante"}
    services = [node] if node.kind == "service" else []
    if node.kind == "structure":
        inside = [s for s in graph.all("service") if s.org == node.index]
        services = [s for s in inside if graph.implies(node, s)]
    return {s.thematique.split("--")[0] for s in services if s.thematique}


# --- Reading the channels as one role ----------------------------------------------------------


class Reader:
    """One role's view of the graph: its HTTP client, and what it found wrong."""

    def __init__(self, graph: Graph, role: Role, world: World):
        self.graph, self.role = graph, role
        self.user = world.users.get(role.name)
        self.device = world.devices.get(role.name)
        self.client = Client()
        self.log_in()
        self.shown = [node for node in graph.all() if graph.visible(role, node)]
        self.hidden = [node for node in graph.all() if not graph.visible(role, node)]
        self.problems = []

    def log_in(self):
        if self.user is None:
            return
        self.client.force_login(self.user)
        if self.device is not None:
            # An administrator has passed the second factor (hub.security).
            session = self.client.session
            session[DEVICE_ID_SESSION_KEY] = self.device.persistent_id
            session.save()

    def get(self, url, params=None, expect=200):
        if not self.role.accredited:
            # The expired account is logged out by its first request: each request is
            # made by the account itself.
            self.log_in()
        response = self.client.get(url, params or {})
        if expect is not None and response.status_code != expect:
            self.problems.append(
                f"ERROR for {self.role.name}: {url} {params or ''} answered "
                f"{response.status_code}, not {expect}"
            )
        return response

    def listed(self, *kinds):
        return [node for node in self.shown if node.kind in kinds]

    def leak(self, channel, node, how="names"):
        relations = "; ".join(self.graph.relations(node)) or "nothing points at it"
        self.problems.append(
            f"LEAK to {self.role.name} via {channel}: {how} the hidden {node.label()}, hidden "
            f"because {self.graph.why_hidden(self.role, node)} (it is: {relations})"
        )

    def missing(self, channel, node):
        self.problems.append(
            f"MISSING for {self.role.name}: {channel} does not show the visible {node.label()}"
        )

    def no_hidden_marker(self, channel, text):
        text = text.lower()
        for node in self.hidden:
            if node.marker.lower() in text:
                self.leak(channel, node)

    def shows(self, channel, text, nodes):
        text = text.lower()
        for node in nodes:
            if node.marker.lower() not in text:
                self.missing(channel, node)

    def read(self, channel, text, *kinds):
        """`text` names no hidden node, and every visible node of these kinds."""
        self.no_hidden_marker(channel, text)
        self.shows(channel, text, self.listed(*kinds))

    def same_entries(self, channel, keys, key=document_key):
        """The entries a listing returned (by `key`) are exactly the visible ones."""
        expected = {key(node): node for node in self.listed(*SOURCES)}
        known = {key(node): node for node in self.graph.all(*SOURCES)}
        for entry in set(keys) - set(expected):
            if entry in known:
                self.leak(channel, known[entry], "lists")
            else:
                self.problems.append(f"UNKNOWN entry {entry} for {self.role.name} via {channel}")
        for entry in set(expected) - set(keys):
            self.missing(channel, expected[entry])

    def counts(self, channel, got, expected):
        got = {value: count for value, count in got.items() if count}
        if got != dict(expected):
            self.problems.append(
                f"COUNTS for {self.role.name} via {channel}: shows {dict(sorted(got.items()))}, "
                f"the oracle counts {dict(sorted(expected.items()))}"
            )


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def check_directory(reader: Reader, params, facets=False):
    """/annuaire/ with these parameters, every page: the same entries as the oracle."""
    channel = f"/annuaire/?{'&'.join(f'{k}={v}' for k, v in params.items())}"
    keys, page, first = set(), 1, None
    while True:
        response = reader.get("/annuaire/", {**params, "page": page})
        if response.status_code != 200:
            return
        results = response.context["results"]
        first = first or results
        keys |= {(hit.source, hit.object_id) for hit in results.page.object_list}
        reader.no_hidden_marker(f"{channel} (page {page})", body(response))
        if not results.page.has_next() or page > 20:
            break
        page += 1
    reader.same_entries(channel, keys)
    if facets:
        listed = reader.listed(*SOURCES)
        for name, expected in (
            ("type", Counter(type_value(node) for node in listed)),
            ("thematique", Counter(t for node in listed for t in themes(reader.graph, node))),
        ):
            got = {value.value: value.count for value in first.facets[name]}
            reader.counts(f"{channel} (facet « {name} »)", got, expected)


def check_map(reader: Reader):
    response = reader.get("/annuaire/carte/", {"lieu": METZ})
    if response.status_code != 200:
        return
    reader.no_hidden_marker("/annuaire/carte/?lieu=57463", body(response))
    entries = {entry.key for entry in response.context["entries"]}
    reader.same_entries("/annuaire/carte/?lieu=57463 (list)", entries, feature_key)
    response = reader.get("/api/annuaire.geojson", {"lieu": METZ})
    if response.status_code != 200:
        return
    text = body(response)
    reader.no_hidden_marker("/api/annuaire.geojson?lieu=57463", text)
    features = {feature["properties"]["id"] for feature in json.loads(text)["features"]}
    reader.same_entries("/api/annuaire.geojson?lieu=57463", features, feature_key)


def suggestions(reader: Reader, text):
    response = reader.get("/recherche/suggestions/", {"q": text})
    return response.json()["suggestions"] if response.status_code == 200 else []


def check_search(reader: Reader):
    response = reader.get("/recherche/", {"q": "orac"})
    if response.status_code != 200:
        return
    reader.no_hidden_marker("/recherche/?q=orac", body(response))
    hits = {
        (hit.source, hit.object_id) for group in response.context["groups"] for hit in group["hits"]
    }
    reader.same_entries("/recherche/?q=orac", hits)
    got = {facet["value"]: facet["count"] for facet in response.context["kind_facets"]}
    expected = Counter({"sector": "secteur"}.get(n.kind, n.kind) for n in reader.listed(*SOURCES))
    reader.counts("/recherche/?q=orac (counts per kind)", got, expected)
    titles = suggestions(reader, "orac")
    reader.no_hidden_marker("/recherche/suggestions/?q=orac", " ".join(titles))
    # A hidden node that others point at: its name must be in no document the role reads.
    for node in reader.hidden:
        if reader.graph.relations(node):
            found = suggestions(reader, node.marker)
            if found:
                reader.leak(
                    f"/recherche/suggestions/?q={node.marker} (finds {found})",
                    node,
                    "a search finds",
                )


def check_exports(reader: Reader):
    from openpyxl import load_workbook

    text = body(reader.get("/api/annuaire.csv"))
    reader.read("/api/annuaire.csv", text, "structure", "service")
    response = reader.get("/api/annuaire.xlsx")
    if response.status_code != 200:
        return
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    for sheet, kind in (("Structures", "structure"), ("Services", "service")):
        cells = " ".join(
            str(c) for row in workbook[sheet].iter_rows(values_only=True) for c in row if c
        )
        reader.read(f"/api/annuaire.xlsx (sheet {sheet})", cells, kind)
    for name, kind in (("structures", "structure"), ("services", "service")):
        url = f"/api/data-inclusion/{name}.json"
        reader.read(url, body(reader.get(url)), kind)


def entry_url(node):
    if node.kind == "sector":
        return f"/annuaire/secteurs/{node.pk}/"
    return f"/annuaire/{node.marker.lower()}/"


def check_entry_pages(reader: Reader):
    """A visible entry's page shows it and its visible services and contacts; a hidden
    entry's page is a 404 (its marker is in the URL, so the 404 body is not searched)."""
    for node in reader.graph.all("structure", "instance", "sector"):
        url = entry_url(node)
        if node not in reader.shown:
            status = reader.get(url, expect=None).status_code
            if status != 404:
                reader.leak(f"{url} (answers {status}, not 404)", node, "serves")
            continue
        text = body(reader.get(url))
        reader.no_hidden_marker(url, text)
        inside = [n for n in reader.listed("service", "contact") if n.org == node.index]
        reader.shows(url, text, [node, *inside] if node.kind == "structure" else [node])


def check_who_covers(reader: Reader):
    text = body(reader.get("/qui-contacter/", {"lieu": METZ}))
    reader.read("/qui-contacter/?lieu=57463", text, "structure", "instance", "sector", "contact")
    for params in (
        {"etape": "soins", "lieu": METZ},
        {"etape": "coordination", "lieu": METZ, "situation": "refus"},
    ):
        response = reader.get("/guide/en-cas-de-crise/", params)
        reader.no_hidden_marker(
            f"/guide/en-cas-de-crise/?etape={params['etape']}&lieu=57463", body(response)
        )


def check_guide_block(reader: Reader):
    """The guide's « Qui contacter » block, for each kind of structure and of instance of the
    graph in Metz: the visible entries of that kind, with their visible contacts."""
    from guide.blocks.contacts import WhoToContactBlock

    block = WhoToContactBlock()
    request = RequestFactory().get("/guide/")
    request.user = (
        get_user_model().objects.get(pk=reader.user.pk) if reader.user else AnonymousUser()
    )
    graph = reader.graph
    choices = {("organisation_kind", n.subkind) for n in graph.all("structure")}
    choices |= {("instance_kind", n.subkind) for n in graph.all("instance")}
    for field_name, kind in sorted(choices):
        value = {"heading": "Qui contacter ?", "organisation_kind": "", "instance_kind": ""}
        value |= {field_name: kind, "commune_code": METZ, "note": ""}
        html = block.render(block.to_python(value), context={"request": request})
        channel = f"guide block « Qui contacter » ({field_name}={kind}, commune {METZ})"
        entries = [n for n in reader.listed("structure", "instance") if n.subkind == kind]
        cards = [
            c
            for c in reader.listed("contact")
            if any(c.org == e.index for e in entries if e.kind == "structure")
        ]
        cards += [
            c
            for e in entries
            if e.kind == "instance"
            for c in graph.linked(e, "coordinator")
            if c in reader.shown
        ]
        reader.no_hidden_marker(channel, html)
        reader.shows(channel, html, entries + cards)


def check_sitemap(reader: Reader):
    """/sitemap.xml, for crawlers: exactly the entries an anonymous visitor may see."""
    if reader.role is not ANONYMOUS:
        return
    text = body(reader.get("/sitemap.xml"))
    for node in reader.graph.all("structure", "instance", "sector"):
        listed = entry_url(node) in text
        if listed and node in reader.hidden:
            reader.leak("/sitemap.xml", node, "lists")
        elif not listed and node in reader.shown:
            reader.missing("/sitemap.xml", node)


def check_directory_by_place(reader: Reader):
    check_directory(reader, {"lieu": METZ}, facets=True)


def check_directory_by_words(reader: Reader):
    check_directory(reader, {"q": "orac"})


CHANNELS = (
    check_directory_by_place,
    check_directory_by_words,
    check_map,
    check_search,
    check_exports,
    check_entry_pages,
    check_who_covers,
    check_guide_block,
    check_sitemap,
)


# --- The test ----------------------------------------------------------------------------------


def make_user(role: Role, groups: dict):
    User = get_user_model()
    email = f"{role.username}@example.org"
    if role.superuser:
        return User.objects.create_superuser(role.username, email, "x" * 16)
    user = User.objects.create_user(role.username, email, "x" * 16)
    user.groups.set(groups[name] for name in sorted(role.groups))
    days = 365 if role.accredited else -1
    AccountProfile.objects.create(
        user=user,
        organisation="Organisation de l'oracle",
        job_role="membre",
        expires_on=timezone.localdate() + timedelta(days=days),
    )
    return user


@pytest.fixture(scope="module", autouse=True)
def _bounded_shrinking():
    """Hypothesis shrinks a failing graph for 5 minutes at most; here each smaller graph
    costs a second, and after ORACLE_SHRINK_SECONDS (120 by default) the graph is small
    enough to read. (An internal constant of Hypothesis: left alone if it goes away.)"""
    from hypothesis.internal.conjecture import engine

    seconds = int(os.environ.get("ORACLE_SHRINK_SECONDS", "120"))
    with pytest.MonkeyPatch.context() as patch:
        if hasattr(engine, "MAX_SHRINKING_SECONDS"):
            patch.setattr(engine, "MAX_SHRINKING_SECONDS", seconds)
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, request):
    """Metz, the groups A, B (partner families) and I (a coordination instance's), and one
    account per role; rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        metz = load_communes(METZ)[METZ]
        instance_i = CoordinationInstance.objects.create(
            name="Instance I de l'oracle",
            slug="oracle-instance-i",
            kind="clsm",
            status="dissoute",
            access_tier="instance",
        )
        groups = {
            "A": PartnerFamily.objects.get(slug="bailleurs-gestionnaires").group,
            "B": PartnerFamily.objects.get(slug="psychiatrie-publique").group,
            "I": instance_i.group,
        }
        users = {role.name: make_user(role, groups) for role in ROLES if role.username}
        devices = {
            role.name: TOTPDevice.objects.create(
                user=users[role.name], name="oracle", confirmed=True
            )
            for role in ROLES
            if role.superuser
        }
        yield World(metz, groups, users, devices)
        transaction.set_rollback(True)
    say(
        request.config,
        f"leak oracle: {CHECKED['graphs']} random graphs checked ({CHECKED['objects']} objects, "
        f"{len(ROLES)} roles, {len(CHANNELS)} groups of channels)",
    )


def say(config, line):
    """A line on the terminal, even with the output captured (pytest -q)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:  # an xdist worker
        return
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.write_line(line)


# Once a graph fails, Hypothesis shrinks it: only the role and the group of channels that
# failed are read then, so that each smaller graph costs a few requests, not a few hundred.
FOCUS = {}


def read_graph(graph: Graph, world: World) -> list[str]:
    """Every group of channels, role after role, up to the first that finds a problem
    (what it found is the report)."""
    for role in ROLES:
        if FOCUS and role.name != FOCUS["role"]:
            continue
        reader = Reader(graph, role, world)
        for channel in CHANNELS:
            if FOCUS and channel.__name__ != FOCUS["channel"]:
                continue
            channel(reader)
            if reader.problems:
                FOCUS.update(role=role.name, channel=channel.__name__)
                return reader.problems
    return []


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The same graphs at every run of the suite; new ones when ORACLE_EXAMPLES is set.
    derandomize="ORACLE_EXAMPLES" not in os.environ,
    database=None,
    report_multiple_bugs=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(graph=graphs())
def test_no_channel_shows_what_the_oracle_hides(
    graph, world, django_capture_on_commit_callbacks, caplog
):
    # Hidden entries answer 404 by design: their log lines would only bury the report.
    caplog.set_level(logging.ERROR, logger="django.request")
    for cache in caches.all():
        cache.clear()
    with transaction.atomic():
        # The search documents are written after commit: run those callbacks.
        with django_capture_on_commit_callbacks(execute=True):
            build(graph, world)
        problems = read_graph(graph, world)
        transaction.set_rollback(True)
    CHECKED["graphs"] += 1
    CHECKED["objects"] += len(graph.all())
    shown = "\n".join(problems[:15]) + (
        f"\n... and {len(problems) - 15} more" if len(problems) > 15 else ""
    )
    assert not problems, f"{len(problems)} problem(s) on this graph:\n{shown}"
