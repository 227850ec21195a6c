"""The one search function behind the CLI, the JSON API and the pages.

It talks to the index only through ``indexer.index.open_for_search`` and the
catalog, so that another engine could stand behind the same function.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import query as q

from indexer import analysis
from indexer.index import open_for_search
from search_app.editions import with_versions
from search_app.facets import FACETS, FacetColumn
from search_app.query import QuerySyntaxError, parse_query, to_whoosh
from search_app.snippets import snippet

SORTS = ("relevance", "date", "-date")
KINDS = ("briefing", "news", "other")
MAX_SIZE = 100
MAX_PAGE = 1000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SearchError(ValueError):
    """A request the user must correct; ``parameter`` names what is wrong."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name → values (OR within a facet)
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = 10
    facets: bool = True  # exports page through every hit and need no counts

    def validate(self) -> SearchRequest:
        if self.sort not in SORTS:
            raise SearchError("sort", f"参数 sort 无效：“{self.sort}”，可选 relevance、date、-date")
        if not 1 <= self.page <= MAX_PAGE:
            raise SearchError("page", f"参数 page 须在 1 到 {MAX_PAGE} 之间")
        if not 1 <= self.size <= MAX_SIZE:
            raise SearchError("size", f"参数 size 须在 1 到 {MAX_SIZE} 之间")
        for name, value in (("from", self.date_from), ("to", self.date_to)):
            if value and not _valid_date(value):
                raise SearchError(name, f"参数 {name} 须为日期 YYYY-MM-DD，收到“{value}”")
        for name in self.filters:
            if name not in FACETS:
                raise SearchError(name, f"未知的筛选项：{name}")
        for kind in self.filters.get("kind", []):
            if kind not in KINDS:
                raise SearchError("kind", f"参数 kind 无效：“{kind}”，可选 briefing、news、other")
        return self


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Searchers(threading.local):
    """A searcher per thread and index, refreshed when a writer has committed."""

    def __init__(self):
        self.by_dir: dict[str, Any] = {}

    def get(self, index_dir: Path):
        key = str(Path(index_dir).resolve())
        searcher = self.by_dir.get(key)
        if searcher is not None and not _up_to_date(searcher):
            # reopened whole: whoosh's refresh() reuses the old reader's segments, so an article
            # replaced since (or a whole index swapped in by --rebuild) would show twice
            searcher.close()
            searcher = None
        if searcher is None:
            searcher = open_for_search(index_dir).searcher()
        if getattr(searcher, "facet_column", None) is None:
            searcher.facet_column = FacetColumn(searcher.reader())
        self.by_dir[key] = searcher
        return searcher


def _up_to_date(searcher) -> bool:
    try:
        return searcher.up_to_date()
    except Exception:  # a damaged TOC: reopening names it
        return False


_searchers = _Searchers()


def searcher_for(index_dir: Path):
    return _searchers.get(index_dir)


def _filter_queries(request: SearchRequest) -> dict[str, q.Query]:
    filters = {}
    for name, values in request.filters.items():
        built = FACETS[name].filter(values)
        if built is not None:
            filters[name] = built
    if request.date_from or request.date_to:
        filters["date"] = q.TermRange(
            "date", request.date_from or "0000-00-00", request.date_to or "9999-99-99"
        )
    return filters


def _combined(base: q.Query, filters: list[q.Query]) -> q.Query:
    parts = [base] + filters
    return parts[0] if len(parts) == 1 else q.And(parts)


def _facet_counts(searcher, base, filters: dict[str, q.Query], matched: list[int]) -> dict:
    """Each facet counted over the query with every filter but its own, so users can widen as well as narrow."""
    column = searcher.facet_column
    out = {}
    for name, facet in FACETS.items():
        own = {name, "date"} if name in ("year", "month") else {name}  # a date range narrows years and months
        if own & filters.keys():
            others = [f for key, f in filters.items() if key not in own]
            docnums = searcher.docs_for_query(_combined(base, others))
        else:
            docnums = matched
        out[name] = facet.ordered(column.count(docnums, name), limit=None)
    return out


def _hit(record: dict, score: float | None, needles: list[str]) -> dict:
    return {
        "id": record["id"],
        "title": record["title"],
        "date": record.get("date"),
        "kind": record["kind"],
        "units": [u["normalized"] for u in record["units"]],
        "issue": record["issue"],
        "source": {"path": record["source"]["path"], "page": record["source"]["page"]},
        "snippet": snippet(record["text"], needles),
        "score": round(score, 4) if score is not None else None,
    }


def search(index_dir: Path, request: SearchRequest) -> dict:
    request.validate()
    parsed = parse_query(request.query)
    base = to_whoosh(parsed)
    searcher = searcher_for(index_dir)
    filters = _filter_queries(request)
    main = _combined(base, list(filters.values()))
    matched = list(searcher.docs_for_query(main))
    limit = request.page * request.size
    scored = request.sort == "relevance" and not parsed.empty
    if scored:
        results = searcher.search(main, limit=limit)
    else:
        results = searcher.search(main, limit=limit, sortedby="date", reverse=request.sort != "date")
    page_hits = results[limit - request.size : limit]  # a slice: list() would count every match again
    needles = parsed.needles
    return {
        "query": request.query,
        "total": len(matched),
        "page": request.page,
        "size": request.size,
        "hits": with_versions(
            index_dir, [_hit(h["record"], h.score if scored else None, needles) for h in page_hits]
        ),
        "facets": _facet_counts(searcher, base, filters, matched) if request.facets else {},
    }


# -- articles ------------------------------------------------------------------------------------------------------


def article_record(index_dir: Path, article_id: str) -> dict | None:
    """The stored record alone (a download needs no siblings and no "more like this")."""
    hit = searcher_for(index_dir).document(id=article_id)
    return dict(hit["record"]) if hit else None


def article(index_dir: Path, article_id: str) -> dict | None:
    record = article_record(index_dir, article_id)
    if record is None:
        return None
    searcher = searcher_for(index_dir)
    siblings = [doc["record"] for doc in searcher.documents(issue_key=record["issue_key"])]
    record["issue_articles"] = [
        {"id": r["id"], "title": r["title"]} for r in sorted(siblings, key=lambda r: r["id"])
    ]
    record["more_like_this"] = more_like_this(searcher, record)
    return record


def more_like_this(searcher, record: dict, limit: int = 5) -> list[dict]:
    """Articles sharing this one's most distinctive words (tf·idf of its jieba words)."""
    reader = searcher.reader()
    total = max(reader.doc_count(), 1)
    counts = Counter(w for w in analysis.words(record["title"] + "\n" + record["text"]) if len(w) > 1)
    scored = []
    for word, tf in counts.items():
        df = reader.doc_frequency("text", word)
        if df:
            scored.append((tf * math.log(total / df), word))
    keywords = [word for _, word in sorted(scored, reverse=True)[:12]]
    if not keywords:
        return []
    query = q.AndNot(q.Or([q.Term("text", w) for w in keywords]), q.Term("issue_key", record["issue_key"]))
    return [
        {"id": hit["record"]["id"], "title": hit["record"]["title"], "date": hit["record"].get("date")}
        for hit in searcher.search(query, limit=limit)
    ]


# -- units ------------------------------------------------------------------------------------------------------


def units(index_dir: Path) -> list[dict]:
    """Every normalised unit with its article count (a unit counts its descendants' articles too)."""
    searcher = searcher_for(index_dir)
    counts = searcher.facet_column.count(searcher.docs_for_query(q.Every()), "unit")
    return FACETS["unit"].ordered(counts, limit=None)


__all__ = ["QuerySyntaxError", "SearchError", "SearchRequest", "article", "search", "units"]
