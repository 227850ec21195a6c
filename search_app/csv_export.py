"""CSV export of the search results: UTF-8 with a BOM (Excel opens it right), every cell safe to open in a
spreadsheet. The ledger's is in ledger_views (its cells pass through spreadsheet_safe too).

Auditors open these files in Excel and WPS, which evaluate a cell that begins with
``=``, ``+``, ``-`` or ``@`` (or a tab or CR before one) as a formula: a title such as
``=HYPERLINK(...)`` would become a live link, ``+cmd|' /C calc'!A0`` a command. As OWASP
recommends (CSV Injection), such a cell is prefixed with a single quote (cells holding a
comma, quote or line break are quoted and their quotes doubled, as the csv module does);
full-width ＝＋－＠ are treated alike, since Chinese input methods type them and
spreadsheets may convert them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from indexer.engines.base import Store
from search_app import labels
from search_app.search import SearchRequest, search

MAX_ROWS = 5000
SEARCH_PAGE = 100

SEARCH_COLUMNS = ["id", "title", "date", "kind", "units", "series", "issue_number", "source", "page"]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_safe(cell) -> str:
    """The cell as text no spreadsheet evaluates: a leading formula character gets a ' before it."""
    text = "" if cell is None else str(cell)
    if text.lstrip(" \n").startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(row) -> list[str]:
    return [spreadsheet_safe(cell) for cell in row]


def to_csv(header: list[str], rows) -> bytes:
    """The one writer of the exports: each cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


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


def search_csv(store: Store, request: SearchRequest) -> bytes:
    return to_csv(SEARCH_COLUMNS, (search_row(h) for h in all_hits(store, request)))
