"""The JSON API: the search layer's answers as they are, errors as {"error", "parameter"}."""

from __future__ import annotations

from indexer.engines.base import Store
from indexer.lang.vocabulary import unit_ancestors
from search_app import exports, timeline
from search_app.archive_paths import public
from search_app.search import article, search, units
from search_app.unit_tree import children_of, parents_of, unit_tree
from search_app.web import openapi, params
from search_app.web.responses import as_json, export_file, json_error
from search_app.web.urls import viewer_links


def search_json(store: Store):
    given = params.current()
    wanted = params.search_request(given)
    if wanted_file := params.export_format(given):
        return export_file(exports.search_table(store, wanted, viewer_links()), wanted_file)
    return as_json(public(store, search(store, wanted)))


def article_json(store: Store, article_id: str):
    record = article(store, article_id)
    if record is None:
        return json_error(404, f"没有编号为“{article_id}”的文章", "id")
    return as_json(public(store, record))


def units_json(store: Store):
    listed = units(store)
    if wanted_file := params.export_format(params.current()):
        return export_file(exports.units_table(listed, parents_of(listed)), wanted_file)
    return as_json({"units": listed, "tree": [node.as_json() for node in unit_tree(listed)]})


def unit_json(store: Store, name: str):
    given = params.current()
    selection = params.unit_selection(name, given)
    if wanted_file := params.export_format(given):
        return export_file(exports.timeline_table(store, selection, viewer_links()), wanted_file)
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
