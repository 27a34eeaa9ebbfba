"""Make a chapter's rendered body fit inside a PDF that holds many chapters.

On the web each chapter is its own page, so its heading ids (`section-…`) and its glossary
tooltips (`glossaire-<terme>`) are unique there. In the whole guide they would collide,
and the PDF's table of contents and cross-references would jump to the wrong chapter. So
each chapter's ids get the chapter's prefix, its in-page links follow, glossary links
point to the glossary annex of the PDF, and the tooltips (a web interaction) are dropped:
the definition is in the annex.
"""

from __future__ import annotations

from bs4 import BeautifulSoup


def namespace_chapter(html, prefix):
    """(html, glossary slugs used) of a chapter body, ids prefixed with `prefix`."""
    soup = BeautifulSoup(str(html or ""), "html.parser")
    used_terms = []
    for tip in soup.select(".glossary-term__tip"):
        tip.decompose()
    for link in soup.select("a.glossary-term__link"):
        href = link.get("href", "")
        slug = href.rsplit("#terme-", 1)[1] if "#terme-" in href else ""
        link.attrs.pop("aria-describedby", None)
        if slug:
            link["href"] = f"#terme-{slug}"
            if slug not in used_terms:
                used_terms.append(slug)
        else:
            link.unwrap()
    for tag in soup.find_all(id=True):
        tag["id"] = f"{prefix}-{tag['id']}"
    for link in soup.find_all("a", href=True):
        href = link["href"]
        if href.startswith("#") and len(href) > 1 and not href.startswith("#terme-"):
            link["href"] = f"#{prefix}-{href[1:]}"
    return str(soup), used_terms
