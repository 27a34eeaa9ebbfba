"""Text as the site compares it: one normalisation for names, search and redaction.

`normalize_name` is what the gazetteer stores and looks up (`directory.models.gazetteer`),
what the search engines index and query (`search.text`) and one of the spellings the
erasure of a person sweeps (`hub.privacy.redaction`). It lives at the bottom of the
layers so that each of them imports it downwards.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_name(text: str) -> str:
    """Search key of a name: lower case, no accents, every other character than a letter
    or a digit (hyphen, apostrophe, parenthesis...) turned into one space.

    "Montigny-lès-Metz" -> "montigny les metz", "L'Haÿ-les-Roses" -> "l hay les roses".
    The gazetteer's loader stores it in `Commune.search_name` and `lookup()` applies it to
    the query, so both sides always agree.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", without_accents).strip()
