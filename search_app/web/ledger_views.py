"""The ledger's pages, JSON and CSV: /statements, /api/statements, /units/<name>/commitments (+ /api/…).

CSV exports stream every matching row (no cap) through csv_export's writer, with Chinese headers,
the issue, the page and links to the article and the original file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import bottle

from indexer.engines.base import Store
from search_app import labels, ledger
from search_app.archive_paths import public
from search_app.csv_export import csv_chunks
from search_app.search import SearchError
from search_app.web import params, presenters
from search_app.web.responses import as_json, csv_attachment, page
from search_app.web.urls import QueryString, article_url, public_base, source_url, unit_url

FORM_FIELDS = ("q", "unit", "type", "status", "from", "to", "sort", "as_of")
SORT_LABELS = {"date": "按日期", "deadline": "按时限", "unit": "按单位"}
CSV_HEADER = [
    "日期",
    "类型",
    "讲话人",
    "单位",
    "内容",
    "指示对象",
    "目标",
    "时限",
    "到期日",
    "状态",
    "后续报道",
    "简报或报刊",
    "期号",
    "页码",
    "文章标题",
    "文章链接",
    "原文链接",
]


def ledger_request(query) -> ledger.LedgerRequest:
    return ledger.LedgerRequest(
        q=query.get("q", "").strip(),
        unit=params.text(query, "unit"),
        type=params.text(query, "type"),
        status=params.text(query, "status"),
        date_from=params.text(query, "from"),
        date_to=params.text(query, "to"),
        sort=params.text(query, "sort") or "date",
        page=params.integer(query, "page", 1),
        size=params.integer(query, "size", params.STATEMENT_PAGE_SIZE),
        as_of=params.text(query, "as_of"),
    ).validate()


# -- CSV -----------------------------------------------------------------------------------------------------------


def _base_url() -> str:
    return public_base(bottle.request.environ)


def csv_row(item: Mapping[str, Any], base: str = "") -> list[str]:
    issue = item.get("issue") or {}
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
        labels.number(issue.get("number")),
        labels.number((item.get("source") or {}).get("page")),
        item["title"],
        base + article_url(item["article_id"]),
        base + source_url(item["article_id"]),
    ]


def csv_response(items: Iterable[Mapping[str, Any]], filename: str) -> bottle.HTTPResponse:
    """Every item as a row, streamed as it is read."""
    base = _base_url()
    return csv_attachment(csv_chunks(CSV_HEADER, (csv_row(item, base) for item in items)), filename)


# -- the ledger ----------------------------------------------------------------------------------------------------


def _form(given) -> dict:
    return {name: given.get(name, "") for name in FORM_FIELDS}


def statements_page(store: Store):
    given = params.current()
    links = QueryString.of(given, "/statements")
    values: dict = {
        "form": _form(given),
        "links": links,
        "unit_names": ledger.ledger_units(store),
        "sorts": SORT_LABELS,
        "statuses": ledger.STATUSES,
        "statement_types": labels.STATEMENT_TYPES,
    }
    try:
        wanted = ledger_request(given)
        if params.wants_csv(given):
            return csv_response(ledger.rows(store, wanted), "jianbao-statements.csv")
        result = ledger.statements(store, wanted)
    except SearchError as error:
        return page("statements.tpl", status=400, error=str(error), result=None, **values)
    pager = presenters.Pager.of(result["page"], result["size"], result["total"])
    return page("statements.tpl", error=None, result=result, pager=pager, **values)


def statements_json(store: Store):
    given = params.current()
    wanted = ledger_request(given)
    if params.wants_csv(given):
        return csv_response(ledger.rows(store, wanted), "jianbao-statements.csv")
    return as_json(public(store, ledger.statements(store, wanted)))


# -- a unit's scorecard --------------------------------------------------------------------------------------------


def _scorecard(store: Store, name: str) -> dict:
    given = params.current()
    as_of = params.text(given, "as_of")
    return ledger.scorecard(store, name, as_of)


def scorecard_page(store: Store, name: str):
    given = params.current()
    links = QueryString.of(given, unit_url(name) + "/commitments")
    try:
        card = _scorecard(store, name)
    except SearchError as error:
        return page("scorecard.tpl", status=400, error=str(error), card=None, name=name, links=links)
    if params.wants_csv(given):
        return csv_response(card["statements"], "jianbao-commitments.csv")
    return page("scorecard.tpl", error=None, card=card, name=name, links=links)


def scorecard_json(store: Store, name: str):
    given = params.current()
    card = _scorecard(store, name)
    if params.wants_csv(given):
        return csv_response(card["statements"], "jianbao-commitments.csv")
    return as_json(public(store, card))
