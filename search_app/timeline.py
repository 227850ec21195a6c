"""One unit's timeline: its articles and its statements, newest first, grouped by month, page by page.

The two streams (articles from the index, statements from the catalog) are merged by date; a page
takes the head of each stream up to its last entry, so nothing is ever cut silently: the totals
say how many there are and the pager reaches every one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from indexer.engines.base import Store
from indexer.kinds import STATEMENT_VALUES
from indexer.records import SearchHit
from search_app import labels
from search_app.csv_export import MAX_ROWS
from search_app.ledger import LedgerRequest, statements
from search_app.search import MAX_PAGE, SearchError, SearchRequest, search

TYPES = {"article": "文章", **labels.STATEMENT_TYPES}
PAGE_SIZE = 50
_SEARCH_CHUNK = 100
_LEDGER_CHUNK = 1000


@dataclass
class Selection:
    unit: str
    type: str | None = None  # article, directive, commitment; None for every entry
    year: str | None = None
    page: int = 1
    size: int = PAGE_SIZE

    def validate(self) -> Selection:
        if self.type not in (None, *TYPES):
            raise SearchError("type", f"参数 type 无效：“{self.type}”，可选 {'、'.join(TYPES)}")
        if self.year is not None and not (
            len(self.year) == 4 and self.year.isascii() and self.year.isdigit()
        ):
            raise SearchError("year", f"参数 year 须为四位年份，收到“{self.year}”")
        if not 1 <= self.page <= MAX_PAGE:
            raise SearchError("page", f"参数 page 须在 1 到 {MAX_PAGE} 之间")
        if not 1 <= self.size <= 200:
            raise SearchError("size", "参数 size 须在 1 到 200 之间")
        return self

    @property
    def wants_articles(self) -> bool:
        return self.type in (None, "article")

    @property
    def wants_statements(self) -> bool:
        return self.type != "article"

    def article_request(self, page: int, size: int) -> SearchRequest:
        filters = {"unit": [self.unit]}
        if self.year:
            filters["year"] = [self.year]
        return SearchRequest(filters=filters, sort="-date", page=page, size=size, facets=False)

    def ledger_request(self, page: int, size: int) -> LedgerRequest:
        """The unit's statements of the chosen type and year; a timeline lists them, it does not judge."""
        year = self.year
        return LedgerRequest(
            unit=self.unit,
            type=self.type if self.type in STATEMENT_VALUES else None,
            date_from=f"{year}-01-01" if year else None,
            date_to=f"{year}-12-31" if year else None,
            page=page,
            size=size,
            judge=False,
        )


@dataclass
class Entry:
    date: str
    kind: str  # "article" or "statement"
    item: Mapping[str, Any]  # a search hit or a ledger statement


@dataclass
class Month:
    month: str  # YYYY-MM, or "" for undated
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Timeline:
    article_total: int
    statement_total: int
    entries: list[Entry]  # this page's

    @property
    def total(self) -> int:
        return self.article_total + self.statement_total


def head_articles(store: Store, selection: Selection, count: int) -> tuple[int, list[SearchHit]]:
    """(total, the newest ``count``) articles mentioning the unit or one below it."""
    if not selection.wants_articles:
        return 0, []
    hits: list[SearchHit] = []
    page, total = 1, 0
    while len(hits) < count:
        result = search(store, selection.article_request(page, _SEARCH_CHUNK))
        total = result["total"]
        hits += result["hits"]
        if page * _SEARCH_CHUNK >= total or page >= MAX_PAGE:
            break
        page += 1
    return total, hits[:count]


def head_statements(store: Store, selection: Selection, count: int) -> tuple[int, list[dict]]:
    if not selection.wants_statements:
        return 0, []
    said: list[dict] = []
    page, total = 1, 0
    while len(said) < count:
        result = statements(store, selection.ledger_request(page, _LEDGER_CHUNK))
        total = result["total"]
        said += result["statements"]
        if page * _LEDGER_CHUNK >= total:
            break
        page += 1
    return total, said[:count]


def merged(articles: list[SearchHit], said: list[dict]) -> list[Entry]:
    entries = [Entry(a.get("date") or "", "article", a) for a in articles]
    entries += [Entry(s.get("date") or "", "statement", s) for s in said]
    entries.sort(key=lambda e: (e.date, e.kind == "article"), reverse=True)
    return entries


def unit_timeline(store: Store, selection: Selection) -> Timeline:
    selection.validate()
    end = selection.page * selection.size
    article_total, articles = head_articles(store, selection, end)
    statement_total, said = head_statements(store, selection, end)
    entries = merged(articles, said)[end - selection.size : end]
    return Timeline(article_total, statement_total, entries)


def all_entries(store: Store, selection: Selection) -> list[Entry]:
    selection.validate()
    _, articles = head_articles(store, selection, MAX_ROWS)
    _, said = head_statements(store, selection, MAX_ROWS)
    return merged(articles, said)[:MAX_ROWS]


def year_counts(store: Store, unit: str) -> list[dict]:
    """Per year: the unit's articles and statements, newest year first (for the year filter)."""
    result = search(store, SearchRequest(filters={"unit": [unit]}, size=1))
    years = {item["value"]: item["count"] for item in result["facets"].get("year", [])}
    counted = []
    for year in sorted(years, reverse=True):
        said = statements(
            store,
            LedgerRequest(unit=unit, date_from=f"{year}-01-01", date_to=f"{year}-12-31", size=1, judge=False),
        )
        counted.append({"value": year, "count": years[year] + said["total"]})
    return counted


def by_month(entries: list[Entry]) -> list[Month]:
    months: list[Month] = []
    for entry in entries:
        key = entry.date[:7]
        if not months or months[-1].month != key:
            months.append(Month(key))
        months[-1].entries.append(entry)
    return months
