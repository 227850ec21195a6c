"""The JSON API: the search layer's answers as they are, errors as {"error", "parameter"}."""

from __future__ import annotations

from indexer.engines.base import Store
from indexer.lang.vocabulary import unit_ancestors
from search_app import exports, timeline
from search_app.archive_paths import public
from search_app.search import article, search, units
from search_app.unit_tree import children_of, parents_of, unit_tree
from search_app.web import openapi, params
from search_app.web.responses import as_json, csv_attachment, json_error


def search_json(store: Store):
    given = params.current()
    wanted = params.search_request(given)
    if params.wants_csv(given):
        return csv_attachment(exports.search_csv(store, wanted), "jianbao-search.csv")
    return as_json(public(store, search(store, wanted)))


def article_json(store: Store, article_id: str):
    record = article(store, article_id)
    if record is None:
        return json_error(404, f"没有编号为“{article_id}”的文章", "id")
    return as_json(public(store, record))


def units_json(store: Store):
    listed = units(store)
    if params.wants_csv(params.current()):
        return csv_attachment(exports.units_csv(listed, parents_of(listed)), "jianbao-units.csv")
    return as_json({"units": listed, "tree": [node.as_json() for node in unit_tree(listed)]})


def unit_json(store: Store, name: str):
    given = params.current()
    selection = params.unit_selection(name, given)
    if params.wants_csv(given):
        return csv_attachment(exports.timeline_csv(store, selection), "jianbao-unit.csv")
    listed = units(store)
    found = timeline.unit_timeline(store, selection)
    if not found.total and name not in {u["value"] for u in listed}:
        return json_error(404, f"档案中没有单位“{name}”", "name")
    return as_json(
        public(
            store,
            {
                "unit": name,
                "ancestors": unit_ancestors(name)[:-1],
                "children": children_of(name, listed),
                "page": selection.page,
                "size": selection.size,
                "article_total": found.article_total,
                "articles": [e.item for e in found.entries if e.kind == "article"],
                "statement_total": found.statement_total,
                "statements": [e.item for e in found.entries if e.kind == "statement"],
            },
        )
    )


def openapi_json():
    return as_json(openapi.document())
