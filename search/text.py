"""Text normalisation shared by indexing and querying, so that both sides agree.

The database engine matches words of a normalised text: lower case, no accents, ligatures
spelled out ("Œuvre" -> "oeuvre"), punctuation as spaces. A query word also matches its
plural and singular forms ("logements" finds "logement", "hébergement" finds
"hebergements") by cutting a final "s" or "x": the French plural, not a full stemmer
(the engines add their own French stemming: `search/engines/`).
"""

from __future__ import annotations

from hub.text import normalize_name

# A query longer than this is cut: nobody types more, and it bounds the SQL.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# Words too common to filter on.
STOP_WORDS = frozenset(
    "a au aux de des du d en et l la le les un une ou pour par sur dans avec".split()
)


def normalize(*parts: str) -> str:
    return " ".join(filter(None, (normalize_name(part or "") for part in parts)))


def stem(word: str) -> str:
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def query_terms(query: str) -> list[str]:
    """The words a document must all contain, stemmed, at most MAX_TERMS of them."""
    words = normalize(query[:MAX_QUERY_LENGTH]).split()
    terms = []
    for word in words:
        if word in STOP_WORDS:
            continue
        term = stem(word)
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]
