"""Reading the evaluation pages as a user reads them: each figure's table and CSV."""

from __future__ import annotations

import csv
import io

from bs4 import BeautifulSoup


def figures(html: str) -> dict[str, dict[str, str]]:
    """{figure title: {period: cell text}} from every table of the page."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for article in soup.select("article.evaluation-figure"):
        title = article.find("h3").get_text(strip=True)
        rows = {}
        for row in article.select("table tbody tr"):
            rows[row.find("th").get_text(strip=True)] = row.find("td").get_text(strip=True)
        found[title] = rows
    return found


def number(text: str) -> float | None:
    """« 1 234 » or « 4,5 » → 1234.0 or 4.5; « — » or an empty cell → None."""
    text = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return None if text in ("", "—") else float(text)


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\xef\xbb\xbf"), "le CSV commence par le BOM UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def csv_values(response) -> dict[str, str]:
    rows = csv_rows(response)
    return {row[0]: row[1] for row in rows[1:]}


def values_of(html: str, title: str) -> dict[str, float | None]:
    return {period: number(text) for period, text in figures(html)[title].items()}
