"""The ledger's pages, JSON and files: /statements, /api/statements, /units/<name>/commitments (+ /api/…).

Its files (format=csv, xlsx, docx) hold every matching row (no cap; the CSV streams them), as
exports.ledger_table defines them: Chinese headers, the issue, the page, and links to the article and
to its original page with the statement marked.
"""

from __future__ import annotations

from indexer.engines.base import Store
from search_app import exports, labels, ledger
from search_app.archive_paths import public
from search_app.search import SearchError
from search_app.web import params, presenters
from search_app.web.responses import as_json, export_file, page
from search_app.web.urls import QueryString, unit_url, viewer_links

FORM_FIELDS = ("q", "unit", "type", "status", "from", "to", "sort", "as_of")
SORT_LABELS = {"date": "按日期", "deadline": "按时限", "unit": "按单位"}


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


# -- the ledger ----------------------------------------------------------------------------------------------------


def _form(given) -> dict:
    return {name: given.get(name, "") for name in FORM_FIELDS}


def _ledger_file(store: Store, wanted: ledger.LedgerRequest, format: str):
    """Every statement the request matches, as a file: streamed as they are judged."""
    return export_file(exports.ledger_table(ledger.rows(store, wanted), wanted, viewer_links()), format)


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
        if wanted_file := params.export_format(given):
            return _ledger_file(store, wanted, wanted_file)
        result = ledger.statements(store, wanted)
    except SearchError as error:
        return page("statements.tpl", status=400, error=str(error), result=None, **values)
    pager = presenters.Pager.of(result["page"], result["size"], result["total"])
    return page("statements.tpl", error=None, result=result, pager=pager, **values)


def statements_json(store: Store):
    given = params.current()
    wanted = ledger_request(given)
    if wanted_file := params.export_format(given):
        return _ledger_file(store, wanted, wanted_file)
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
    if wanted_file := params.export_format(given):
        return export_file(exports.scorecard_table(card, viewer_links()), wanted_file)
    return page("scorecard.tpl", error=None, card=card, name=name, links=links)


def scorecard_json(store: Store, name: str):
    given = params.current()
    card = _scorecard(store, name)
    if wanted_file := params.export_format(given):
        return export_file(exports.scorecard_table(card, viewer_links()), wanted_file)
    return as_json(public(store, card))
