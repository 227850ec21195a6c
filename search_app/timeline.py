"""One unit's timeline: its articles and its statements, newest first, grouped by month."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from search_app.ledger import LedgerRequest, statements
from search_app.search import SearchRequest, search

MAX_ARTICLES = 500
MAX_STATEMENTS = 1000
PAGE = 100


@dataclass
class Entry:
    date: str
    kind: str  # "article" or "statement"
    item: dict


@dataclass
class Month:
    month: str  # YYYY-MM, or "" for undated
    entries: list[Entry] = field(default_factory=list)


def unit_articles(index_dir: Path, unit: str) -> tuple[int, list[dict]]:
    """(total, newest first up to MAX_ARTICLES) of the articles mentioning the unit or one below it."""
    hits, page, total = [], 1, 0
    while len(hits) < MAX_ARTICLES:
        result = search(
            index_dir, SearchRequest(filters={"unit": [unit]}, sort="-date", page=page, size=PAGE)
        )
        total = result["total"]
        hits += result["hits"]
        if page * PAGE >= total:
            break
        page += 1
    return total, hits[:MAX_ARTICLES]


def unit_statements(index_dir: Path, unit: str) -> tuple[int, list[dict]]:
    result = statements(index_dir, LedgerRequest(unit=unit, size=MAX_STATEMENTS, judge=False))
    return result["total"], result["statements"]


def by_month(articles: list[dict], said: list[dict]) -> list[Month]:
    entries = [Entry(a.get("date") or "", "article", a) for a in articles]
    entries += [Entry(s.get("date") or "", "statement", s) for s in said]
    entries.sort(key=lambda e: (e.date, e.kind == "article"), reverse=True)
    months: list[Month] = []
    for entry in entries:
        key = entry.date[:7]
        if not months or months[-1].month != key:
            months.append(Month(key))
        months[-1].entries.append(entry)
    return months
