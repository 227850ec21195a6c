"""Every list of the site as CSV: Chinese headers and labels, source paths relative to the archive root.

This module decides which rows and columns each list exports; the writer (BOM, CRLF, cell safety) is
csv_export's. The ledger's rows, which link back to the site, are web/ledger_views'.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from indexer.engines.base import Store
from search_app import labels, timeline
from search_app.archive_paths import archive_root, relative
from search_app.csv_export import MAX_ROWS, to_csv
from search_app.search import SearchRequest, search

SEARCH_PAGE = 100  # hits fetched at a time
SEARCH_COLUMNS = ["编号", "标题", "日期", "文种", "单位", "简报名称", "期号", "原始文件", "页码", "发文字号"]
UNIT_COLUMNS = ["单位", "文章数", "上级单位"]
TIMELINE_COLUMNS = [
    "日期",
    "条目",
    "类型",
    "标题或内容",
    "讲话人",
    "目标",
    "时限",
    "文章编号",
    "原始文件",
    "页码",
    "发文字号",
]


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


def search_row(hit: dict, root: Path) -> list:
    issue = hit.get("issue") or {}
    return [
        hit["id"],
        hit["title"],
        hit.get("date") or "",
        labels.kind(hit["kind"]),
        "；".join(hit["units"]),
        issue.get("series") or "",
        labels.number(issue.get("number")),
        relative(hit["source"].get("path"), root),
        labels.number(hit["source"].get("page")),
        hit.get("doc_number") or "",
    ]


def search_csv(store: Store, request: SearchRequest) -> bytes:
    root = archive_root(store)
    return to_csv(SEARCH_COLUMNS, (search_row(h, root) for h in all_hits(store, request)))


def units_csv(listed: list[dict], parents: dict[str, str]) -> bytes:
    return to_csv(UNIT_COLUMNS, ([u["value"], u["count"], parents.get(u["value"], "")] for u in listed))


def timeline_csv(store: Store, selection: timeline.Selection) -> bytes:
    """Every entry of a unit's timeline under the page's filters (not only the page shown)."""
    root = archive_root(store)
    rows = []
    for entry in timeline.all_entries(store, selection):
        item = entry.item
        if entry.kind == "article":
            rows.append(
                [
                    entry.date,
                    "文章",
                    labels.kind(item["kind"]),
                    item["title"],
                    "",
                    "",
                    "",
                    item["id"],
                    relative(item["source"].get("path"), root),
                    labels.number(item["source"].get("page")),
                    item.get("doc_number") or "",
                ]
            )
        else:
            rows.append(
                [
                    entry.date,
                    "表态",
                    labels.statement_type(item["type"]),
                    item["text"],
                    item.get("speaker") or "",
                    labels.targets(item["targets"]),
                    labels.deadlines(item["targets"]),
                    item["article_id"],
                    "",
                    "",
                    "",
                ]
            )
    return to_csv(TIMELINE_COLUMNS, rows)
