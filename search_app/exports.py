"""Every list of the site as a file: one data function per list (search hits, units, a unit's timeline, the
ledger and a unit's commitments), each a tables.Table that every format writes (csv_export, xlsx_export,
ledger_report). Chinese headers and labels, source paths relative to the archive root, links to the
article and to its original page with the passage marked.

Links are built by the caller's ``Links`` (search_app.web.urls.ExportLinks): absolute on the site's public
address where there is one, so a file opened elsewhere still leads back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from indexer.engines.base import Store
from search_app import labels, timeline
from search_app.archive_paths import archive_root, relative
from search_app.csv_export import MAX_ROWS
from search_app.ledger import LedgerRequest
from search_app.search import SearchRequest, search
from search_app.tables import Column, Table

SEARCH_PAGE = 100  # hits fetched at a time


class Links(Protocol):
    def article(self, article_id: str) -> str: ...

    def original(
        self, article_id: str, page: Any = None, sentence: str | None = None, query: str = ""
    ) -> str: ...


ARTICLE_LINK = Column("文章链接", "link", 12, printed=False, link_text="查看文章")
ORIGINAL_LINK = Column("原文链接", "link", 12, link_text="原文位置")

SEARCH = (
    Column("编号", width=24),
    Column("标题", width=50),
    Column("日期", "date", 12),
    Column("文种", width=10),
    Column("单位", width=30),
    Column("简报名称", width=30),
    Column("期号", "number", 8),
    Column("原始文件", width=40),
    Column("页码", "number", 6),
    Column("发文字号", width=24),
    ARTICLE_LINK,
    ORIGINAL_LINK,
)
UNITS = (Column("单位", width=40), Column("文章数", "number", 10), Column("上级单位", width=40))
TIMELINE = (
    Column("日期", "date", 12),
    Column("条目", width=8),
    Column("类型", width=10),
    Column("标题或内容", width=60),
    Column("讲话人", width=12),
    Column("目标", width=24),
    Column("时限", width=16),
    Column("文章编号", width=24),
    Column("原始文件", width=40),
    Column("页码", "number", 6),
    Column("发文字号", width=24),
    ORIGINAL_LINK,
)
LEDGER = (
    Column("日期", "date", 12),
    Column("类型", width=8),
    Column("讲话人", width=12),
    Column("单位", width=24, printed=False),  # a report has one table per unit
    Column("内容", width=60),
    Column("指示对象", width=20, printed=False),
    Column("目标", width=24),
    Column("时限", width=16),
    Column("到期日", "date", 12),
    Column("状态", width=8),
    Column("后续报道", width=40),
    Column("简报或报刊", width=30, printed=False),
    Column("期号", "number", 8, printed=False),
    Column("页码", "number", 6, printed=False),
    Column("文章标题", width=40, printed=False),
    ARTICLE_LINK,
    ORIGINAL_LINK,
)
SEARCH_COLUMNS = [c.title for c in SEARCH]
UNIT_COLUMNS = [c.title for c in UNITS]
TIMELINE_COLUMNS = [c.title for c in TIMELINE]
LEDGER_COLUMNS = [c.title for c in LEDGER]


# -- search hits ---------------------------------------------------------------------------------------------------


def all_hits(store: Store, request: SearchRequest):
    """Every matching hit up to MAX_ROWS, fetched page by page in the request's sort order."""
    request.validate()
    page = 1
    while (page - 1) * SEARCH_PAGE < MAX_ROWS:
        result = search(store, replace(request, page=page, size=SEARCH_PAGE, facets=False))
        yield from result["hits"]
        if page * SEARCH_PAGE >= min(result["total"], MAX_ROWS):
            return
        page += 1


def search_row(hit: Mapping[str, Any], root: Path, links: Links, query: str = "") -> list:
    issue = hit.get("issue") or {}
    page = hit["source"].get("page")
    return [
        hit["id"],
        hit["title"],
        hit.get("date") or "",
        labels.kind(hit["kind"]),
        "；".join(hit["units"]),
        issue.get("series") or "",
        issue.get("number"),
        relative(hit["source"].get("path"), root),
        page,
        hit.get("doc_number") or "",
        links.article(hit["id"]),
        links.original(hit["id"], page, query=query),
    ]


def search_filters(request: SearchRequest) -> list[tuple[str, str]]:
    """The request's words, filters and dates as (label, value), for the file's name and description."""
    chosen = [("关键词", request.query.strip())] if request.query.strip() else []
    for name, values in request.filters.items():
        title = labels.FACET_TITLES.get(name, name)
        chosen += [(title, labels.facet_value(name, value)) for value in values]
    return chosen + _dates(request.date_from, request.date_to)


def _dates(date_from: str | None, date_to: str | None) -> list[tuple[str, str]]:
    if not date_from and not date_to:
        return []
    return [("日期", f"{date_from or ''}至{date_to or ''}")]


def search_table(store: Store, request: SearchRequest, links: Links) -> Table:
    request.validate()
    root = archive_root(store)
    hits = all_hits(store, request)
    return Table(
        "检索",
        SEARCH,
        (search_row(hit, root, links, request.query) for hit in hits),
        search_filters(request),
    )


# -- units -----------------------------------------------------------------------------------------------------------


def units_table(listed: list[dict], parents: dict[str, str]) -> Table:
    rows = ([u["value"], u["count"], parents.get(u["value"], "")] for u in listed)
    return Table("单位目录", UNITS, rows)


# -- a unit's timeline -----------------------------------------------------------------------------------------------


def timeline_row(entry: timeline.Entry, root: Path, links: Links) -> list:
    item = entry.item
    if entry.kind == "article":
        page = item["source"].get("page")
        return [
            entry.date,
            "文章",
            labels.kind(item["kind"]),
            item["title"],
            "",
            "",
            "",
            item["id"],
            relative(item["source"].get("path"), root),
            page,
            item.get("doc_number") or "",
            links.original(item["id"], page),
        ]
    return [
        entry.date,
        "表态",
        labels.statement_type(item["type"]),
        item["text"],
        item.get("speaker") or "",
        labels.targets(item["targets"]),
        labels.deadlines(item["targets"]),
        item["article_id"],
        "",
        None,
        "",
        links.original(item["article_id"], (item.get("source") or {}).get("page"), item["text"]),
    ]


def timeline_table(store: Store, selection: timeline.Selection, links: Links) -> Table:
    """Every entry of a unit's timeline under the page's filters (not only the page shown)."""
    root = archive_root(store)
    entries = timeline.all_entries(store, selection)
    chosen = [("单位", selection.unit)]
    if selection.type:
        chosen.append(("类型", timeline.TYPES.get(selection.type, selection.type)))
    if selection.year:
        chosen.append(("年份", f"{selection.year}年"))
    return Table("单位动态", TIMELINE, [timeline_row(e, root, links) for e in entries], chosen)


# -- the ledger and a unit's commitments -----------------------------------------------------------------------------


def ledger_row(item: Mapping[str, Any], links: Links) -> list:
    issue = item.get("issue") or {}
    page = (item.get("source") or {}).get("page")
    follow = "；".join(f"{f.get('date') or ''} {f['title']}" for f in item.get("follow_ups", []))
    return [
        item.get("date") or "",
        labels.statement_type(item["type"]),
        item.get("speaker") or "",
        item.get("unit") or "",
        item["text"],
        "、".join(item.get("addressees", [])),
        "；".join(t.get("text") or labels.target(t) for t in item["targets"]),
        labels.deadlines(item["targets"]),
        item.get("due") or "",
        item.get("status") or "",
        follow,
        issue.get("series") or "",
        issue.get("number"),
        page,
        item["title"],
        links.article(item["article_id"]),
        links.original(item["article_id"], page, item["text"]),
    ]


def ledger_filters(request: LedgerRequest) -> list[tuple[str, str]]:
    chosen = [
        ("单位", request.unit or ""),
        ("类型", labels.statement_type(request.type) if request.type else ""),
        ("状态", request.status or ""),
        ("关键词", request.q.strip()),
    ]
    return [(label, value) for label, value in chosen if value] + _dates(request.date_from, request.date_to)


def ledger_table(items: Iterable[Mapping[str, Any]], request: LedgerRequest, links: Links) -> Table:
    """The ledger's statements under a request (streamed as they are judged), grouped by unit in a report."""
    return Table(
        "表态台账",
        LEDGER,
        _rows(items, links),
        ledger_filters(request),
        as_of=request.today,
        group_by="单位",
    )


def scorecard_table(card: Mapping[str, Any], links: Links) -> Table:
    """A unit's commitments (its own and those below it), as the ledger lists them."""
    return Table(
        "承诺记分卡",
        LEDGER,
        _rows(card["statements"], links),
        [("单位", card["unit"])],
        as_of=card["as_of"],
        group_by="单位",
    )


def _rows(items: Iterable[Mapping[str, Any]], links: Links) -> Iterator[list]:
    return (ledger_row(item, links) for item in items)
