"""CSV export of the search results: UTF-8 with a BOM (Excel opens it right). The ledger's is in ledger_views."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from search_app import labels
from search_app.search import SearchRequest, search

MAX_ROWS = 5000
SEARCH_PAGE = 100

SEARCH_COLUMNS = ["id", "title", "date", "kind", "units", "series", "issue_number", "source", "page"]


def to_csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def all_hits(index_dir: Path, request: SearchRequest):
    """Every matching hit up to MAX_ROWS, fetched page by page in the request's sort order."""
    request.validate()
    page = 1
    while (page - 1) * SEARCH_PAGE < MAX_ROWS:
        result = search(index_dir, replace(request, page=page, size=SEARCH_PAGE, facets=False))
        yield from result["hits"]
        if page * SEARCH_PAGE >= min(result["total"], MAX_ROWS):
            return
        page += 1


def search_row(hit: dict) -> list:
    issue = hit.get("issue") or {}
    return [
        hit["id"],
        hit["title"],
        hit.get("date") or "",
        hit["kind"],
        "；".join(hit["units"]),
        issue.get("series") or "",
        labels.number(issue.get("number")),
        hit["source"]["path"],
        labels.number(hit["source"].get("page")),
    ]


def search_csv(index_dir: Path, request: SearchRequest) -> bytes:
    return to_csv(SEARCH_COLUMNS, (search_row(h) for h in all_hits(index_dir, request)))
