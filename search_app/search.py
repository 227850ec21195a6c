"""The one search function behind the CLI, the JSON API and the pages.

It talks to the index only through the engine seam (``indexer.index.open_for_search``
returns an ``EngineReader``) and the catalog, so every engine answers the same way.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import NotRequired, TypedDict

from indexer.engines.base import DateFilter, EngineReader, FacetGroups, Filter, Leaf, QueryTree, Store
from indexer.faults import EMPTY_NOTICE, IndexEmpty, index_empty
from indexer.index import open_for_search, stored_record
from indexer.records import ArticleRecord, SearchHit, StoredRecord, cites_of, document_of
from indexer.store.scoped import as_seen_in, unscoped
from search_app.editions import with_versions
from search_app.facets import FACET_LIST, FACETS, KEYWORDS, facet_filter, not_a_choice
from search_app.query import QuerySyntaxError, parse_query
from search_app.snippets import snippet

SORTS = ("relevance", "date", "-date")
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
        for name, values in self.filters.items():
            for value in values:
                why = not_a_choice(FACETS[name], value)
                if why:
                    raise SearchError(name, f"参数 {name} {why}")
        return self


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Readers(threading.local):
    """An engine reader per thread and index, refreshed when a writer has committed, and shared by every
    viewer of that index (each sees it through their own scope)."""

    def __init__(self):
        self.by_dir: dict[str, EngineReader] = {}
        self.not_empty: set[str] = set()  # the views found to hold an article, since their reader opened

    def get(self, store: Store) -> EngineReader:
        base = unscoped(store)
        reader = self.by_dir.get(base.key)
        if reader is not None and base.engine_name() != reader.name:
            reader.close()
            reader = None  # the index was rebuilt with another engine
        if reader is None:
            reader = open_for_search(base, allow_empty=True)
            self.not_empty = {key for key in self.not_empty if not key.startswith(base.key)}
        else:
            reader = reader.refresh()
        self.by_dir[base.key] = reader
        seen = as_seen_in(store, reader)
        if store.key not in self.not_empty:
            if seen.doc_count() == 0:  # a fresh install, or nothing this viewer may see
                raise index_empty(store.shown)
            self.not_empty.add(store.key)
        return seen


_readers = _Readers()


def reader_for(store: Store) -> EngineReader:
    return _readers.get(store)


def _filters(request: SearchRequest) -> dict[str, Filter]:
    filters: dict[str, Filter] = {}
    for name, values in request.filters.items():
        built = facet_filter(name, values)
        if built is not None:
            filters[name] = built
    if request.date_from or request.date_to:
        filters["date"] = DateFilter(request.date_from, request.date_to)
    return filters


def _facet_groups(filters: dict[str, Filter]) -> FacetGroups:
    """Each facet is counted over the query with every filter but its own, so users can widen as well
    as narrow: the facets by the filters they keep. A from/to range is kept by the year and month
    facets too: they never offer a year the range leaves out (its link would find nothing)."""
    by_filters: dict[tuple[str, ...], list[str]] = {}
    for facet in FACET_LIST:
        kept = tuple(key for key in filters if key != facet.name)
        by_filters.setdefault(kept, []).append(facet.name)
    return by_filters


def _ordered(counts: dict) -> dict[str, list[dict]]:
    return {facet.name: facet.ordered(counts[facet.name], limit=None) for facet in FACET_LIST}


def _hit(stored: StoredRecord, score: float | None, needles: list[str]) -> SearchHit:
    record, layout = stored_record(stored)
    return {
        "id": record["id"],
        "title": record["title"],
        "date": record.get("date"),
        "kind": record["kind"],
        "doc_number": document_of(record)["doc_number"],
        "units": [u["normalized"] for u in record["units"]],
        "issue": record["issue"],
        "source": {"path": record["source"]["path"], "page": record["source"]["page"]},
        "snippet": snippet(record["text"], needles, layout=layout),
        "score": round(score, 4) if score is not None else None,
    }


class SearchAnswer(TypedDict):
    """What ``jianbao search --json`` and ``/api/search`` return (DESIGN.md)."""

    query: str
    total: int
    page: int
    size: int
    hits: list[SearchHit]
    facets: dict[str, list[dict]]  # facet → [{"value", "count"}]; empty when the request asks for none
    notice: NotRequired[str]  # only when the index holds no article yet (faults.EMPTY_NOTICE)


def search(store: Store, request: SearchRequest) -> SearchAnswer:
    request.validate()
    tree = parse_query(request.query)
    try:
        reader = reader_for(store)
    except IndexEmpty:  # a fresh install: an answer, with what fills the index
        return nothing_yet(request)
    filters = _filters(request)
    sort = "-date" if request.sort == "relevance" and tree.empty else request.sort
    offset = (request.page - 1) * request.size
    if request.facets:
        page, counts = reader.search_with_facets(
            tree, filters, sort, offset, request.size, _facet_groups(filters)
        )
        facets = _ordered(counts)
    else:
        page, facets = reader.search(tree, list(filters.values()), sort, offset, request.size), {}
    needles = tree.needles
    return {
        "query": request.query,
        "total": page.total,
        "page": request.page,
        "size": request.size,
        "hits": with_versions(store, [_hit(record, score, needles) for record, score in page.hits]),
        "facets": facets,
    }


def nothing_yet(request: SearchRequest) -> SearchAnswer:
    facets: dict[str, list[dict]] = {facet.name: [] for facet in FACET_LIST} if request.facets else {}
    return {
        "query": request.query,
        "total": 0,
        "page": request.page,
        "size": request.size,
        "hits": [],
        "facets": facets,
        "notice": EMPTY_NOTICE,
    }


# -- articles ------------------------------------------------------------------------------------------------------


def article_record(store: Store, article_id: str) -> ArticleRecord | None:
    """The stored record alone (a download needs no siblings and no "more like this")."""
    stored = reader_for(store).record(article_id)
    return stored_record(stored)[0] if stored else None


class IssueArticle(TypedDict):
    id: str
    title: str


class SimilarArticle(TypedDict):
    id: str
    title: str
    date: str | None


class CitingArticle(TypedDict):
    """An article of the archive that cites a document's number, and the verb it cites it with."""

    id: str
    title: str
    date: str | None
    kind: str
    doc_number: str | None
    relation: str


class HeldDocument(TypedDict):
    """A document an article cites by number that the archive holds (the newest article bearing it)."""

    doc_number: str
    id: str
    title: str
    date: str | None
    kind: str


class ArticleView(ArticleRecord):
    """``/api/articles/<id>``: the record with the other articles of its issue, similar articles, the
    documents it cites that the archive holds, and the articles citing its document (newest first)."""

    issue_articles: list[IssueArticle]
    more_like_this: list[SimilarArticle]
    cites_held: list[HeldDocument]
    cited_by: list[CitingArticle]  # the first CITED_BY_SHOWN; ``cites:<number>`` searches them all
    cited_by_total: int


CITED_BY_SHOWN = 20
CITES_LOOKED_UP = 50  # numbers of one article looked up in the archive (a long list cites a few dozen)


def article(store: Store, article_id: str) -> ArticleView | None:
    reader = reader_for(store)
    stored = reader.record(article_id)
    if stored is None:
        return None
    record = stored_record(stored)[0]
    siblings = reader.issue_records(record["issue_key"])
    cited_by_total, cited_by = citing_articles(reader, record)
    return {
        **record,
        "issue_articles": [
            {"id": r["id"], "title": r["title"]} for r in sorted(siblings, key=lambda r: r["id"])
        ],
        "more_like_this": [
            {"id": r["id"], "title": r["title"], "date": r.get("date")} for r in reader.similar(record, 5)
        ],
        "cites_held": held_documents(reader, record),
        "cited_by": cited_by,
        "cited_by_total": cited_by_total,
    }


def held_documents(reader: EngineReader, record: ArticleRecord) -> list[HeldDocument]:
    """The documents the article cites by number that the archive holds, in the order it cites them."""
    docno = KEYWORDS["docno"]
    numbers = list(dict.fromkeys(docno.clean(c["doc_number"]) for c in cites_of(record) if c["doc_number"]))
    numbers = numbers[:CITES_LOOKED_UP]
    if not numbers:
        return []
    tree = QueryTree([[Leaf(number, field=docno.name) for number in numbers]])
    page = reader.search(tree, [], "-date", 0, MAX_SIZE)
    bearing: dict[str, HeldDocument] = {}
    for stored, _ in page.hits:  # newest first: the first article bearing a number stands for it
        held = stored_record(stored)[0]
        number = document_of(held)["doc_number"]
        if number and held["id"] != record["id"]:
            bearing.setdefault(
                docno.clean(number),
                {
                    "doc_number": number,
                    "id": held["id"],
                    "title": held["title"],
                    "date": held.get("date"),
                    "kind": held["kind"],
                },
            )
    return [bearing[number] for number in numbers if number in bearing]


def citing_articles(reader: EngineReader, record: ArticleRecord) -> tuple[int, list[CitingArticle]]:
    """How many articles cite the document's number, and the newest CITED_BY_SHOWN of them."""
    number = document_of(record)["doc_number"]
    if not number:
        return 0, []
    cites = KEYWORDS["cites"]
    wanted = cites.clean(number)
    page = reader.search(QueryTree([[Leaf(wanted, field=cites.name)]]), [], "-date", 0, CITED_BY_SHOWN)
    citing: list[CitingArticle] = []
    for stored, _ in page.hits:
        other = stored_record(stored)[0]
        relation = next(
            (
                c["relation"]
                for c in cites_of(other)
                if c["doc_number"] and cites.clean(c["doc_number"]) == wanted
            ),
            "cites",
        )
        citing.append(
            {
                "id": other["id"],
                "title": other["title"],
                "date": other.get("date"),
                "kind": other["kind"],
                "doc_number": document_of(other)["doc_number"],
                "relation": relation,
            }
        )
    return page.total, citing


# -- units ------------------------------------------------------------------------------------------


def units(store: Store) -> list[dict]:
    """Every normalised unit with its article count (a unit counts its descendants' articles too)."""
    try:
        reader = reader_for(store)
    except IndexEmpty:
        return []
    counts = reader.facet_counts(QueryTree(), [], ["unit"])["unit"]
    return FACETS["unit"].ordered(counts, limit=None)


__all__ = ["QuerySyntaxError", "SearchError", "SearchRequest", "article", "search", "units"]
