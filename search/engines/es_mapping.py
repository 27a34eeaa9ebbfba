"""The Elasticsearch index of Maillage: its settings, its French analyser and its mapping.

One `MaillageDocument` per `search.models.SearchDocument` row, with the id
"<source>:<object_id>". The index is reached through an alias named per environment
(`settings.ELASTICSEARCH_INDEX_PREFIX` + "documents", e.g. "maillage-production-documents");
the real indices behind it carry a timestamp, so that a rebuild fills a new index and swaps
the alias at once (see `ElasticsearchEngine.rebuild`).

Why this analyser: readers type "logements", "sante", "hebergement", "acces" and expect
"logement", "santé", "Hébergement", "accès". So text goes through
elision (l', d', qu'...) -> lowercase -> asciifolding -> French stop words -> light French
stemmer, at index and at query time alike. The stop words are folded too (they come
*after* asciifolding), and "est" is kept on purpose: "Grand Est" is a region name here.
"""

from __future__ import annotations

from elasticsearch.dsl import (
    Date,
    Document,
    GeoPoint,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Long,
    MetaField,
    Nested,
    SearchAsYouType,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

# The facets of `search.models.SearchFacet.Name`, one keyword field each.
FACET_FIELDS = ["type", "thematique", "public", "famille", "territoire", "commune"]

ELISION_ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c"]
ELISION_ARTICLES += ["jusqu", "quoiqu", "lorsqu", "puisqu"]

# Lucene's French stop list, folded (it is applied after asciifolding), without "est"
# ("Grand Est"). Single letters catch what the elision filter cannot: normalised text
# ("l hebergement") and apostrophes typed with a space.
FRENCH_STOP_WORDS = sorted(
    set(
        """
        a au aux avec c ce ces d dans de des du elle en et eux il ils j je l la le les leur
        lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s
        sa se ses son sur t ta te tes toi ton tu un une vos votre vous y
        ete etee etees etes etant suis es sommes sont serai seras sera serons serez seront
        serais serait serions seriez seraient etais etait etions etiez etaient fus fut fumes
        futes furent sois soit soyons soyez soient ayant eu eue eues eus ai as avons avez ont
        aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait
        avions aviez avaient
        """.split()
    )
)

french_elision = token_filter(
    "french_elision", type="elision", articles_case=True, articles=ELISION_ARTICLES
)
french_stop = token_filter("french_stop", type="stop", stopwords=FRENCH_STOP_WORDS)
french_stemmer = token_filter("french_stemmer", type="stemmer", language="light_french")

# Full-text fields (title, text, summary): French words reduced to a common stem.
french = analyzer(
    "french_folded",
    tokenizer="standard",
    filter=[french_elision, "lowercase", "asciifolding", french_stop, french_stemmer],
)
# Autocomplete: whole words, folded but neither stemmed nor stopped ("de" must still
# complete "de la Moselle"), so that what the reader types is a prefix of what is indexed.
autocomplete = analyzer(
    "autocomplete_folded",
    tokenizer="standard",
    filter=[french_elision, "lowercase", "asciifolding"],
)
# Sorting by title: "École" between "Dispositif" and "Foyer", not after "Z".
sort_normalizer = normalizer("folded_sort", filter=["lowercase", "asciifolding"])


def _display():
    """A field shown in results and never searched: kept in _source only."""
    return Keyword(index=False, doc_values=False)


class AccessClause(InnerDoc):
    """A family or instance clause: a reader must belong to one of `groups`."""

    groups = Integer(multi=True)


class MaillageDocument(Document):
    source = Keyword()
    object_id = Long()
    kind = Keyword()
    subkind = Keyword()
    url = Keyword()
    title = Text(
        analyzer=french,
        fields={
            "keyword": Keyword(normalizer=sort_normalizer, ignore_above=256),
            "autocomplete": SearchAsYouType(analyzer=autocomplete),
        },
    )
    # The normalised `search_text` of the row: title, description, places, tags...
    text = Text(analyzer=french)
    # Shown under the title; analysed only so that it can be highlighted (readable
    # snippets, with accents and capitals), never queried.
    summary = Text(analyzer=french)
    # The readable text of a document's file (`SearchDocument.body`): like the summary,
    # analysed only for its snippet; `text` already holds it normalised, and is matched.
    body = Text(analyzer=french)
    subtitle = _display()
    subkind_label = _display()
    commune_name = _display()
    address = _display()
    commune_code = Keyword()
    location = GeoPoint()
    verified_on = Date(format="strict_date")
    # Access fields (hub.access): engines filter on them inside every query.
    access_tier = Keyword()
    # One nested object per family or instance clause: its groups (hub.access.Access).
    access_clauses = Nested(AccessClause)
    # Facets: one keyword per name, arrays of values.
    type = Keyword(multi=True)
    thematique = Keyword(multi=True)
    public = Keyword(multi=True)
    famille = Keyword(multi=True)
    territoire = Keyword(multi=True)
    commune = Keyword(multi=True)

    class Meta:
        # A field that is not declared here is refused, so the mapping is the contract.
        dynamic = MetaField("strict")


def alias_name(prefix: str) -> str:
    return f"{prefix}documents"


def index_definition(name: str, *, loading: bool = False) -> Index:
    """The index `name` with its settings, analysers and mapping (no network).

    `loading=True` switches refreshes off, for a bulk load into a new index that nobody
    reads yet; `ElasticsearchEngine.rebuild` switches them back on before the swap."""
    index = Index(name)
    index.settings(
        number_of_shards=1,
        # No replica on a one-node cluster (green, not yellow), one as soon as there are two.
        auto_expand_replicas="0-1",
        refresh_interval="-1" if loading else "1s",
        # A reader pages through at most 10,000 results (the engine clamps `from`).
        max_result_window=10_000,
    )
    index.document(MaillageDocument)
    return index
