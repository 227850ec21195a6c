"""The JSON API: the search layer's answers as they are, errors as {"error", "parameter"}."""

from __future__ import annotations

from pathlib import Path

from indexer.vocabulary import unit_ancestors
from search_app import csv_export, openapi, params, timeline
from search_app.responses import as_json, csv_attachment, json_error
from search_app.search import article, search, units
from search_app.unit_tree import children_of, unit_tree


def search_json(index_dir: Path):
    given = params.current()
    wanted = params.search_request(given)
    if params.wants_csv(given):
        return csv_attachment(csv_export.search_csv(index_dir, wanted), "jianbao-search.csv")
    return as_json(search(index_dir, wanted))


def article_json(index_dir: Path, article_id: str):
    record = article(index_dir, article_id)
    if record is None:
        return json_error(404, f"没有编号为“{article_id}”的文章", "id")
    return as_json(record)


def units_json(index_dir: Path):
    listed = units(index_dir)
    return as_json({"units": listed, "tree": [node.as_json() for node in unit_tree(listed)]})


def unit_json(index_dir: Path, name: str):
    listed = units(index_dir)
    article_total, articles = timeline.unit_articles(index_dir, name)
    statement_total, said = timeline.unit_statements(index_dir, name)
    if not article_total and not statement_total and name not in {u["value"] for u in listed}:
        return json_error(404, f"档案中没有单位“{name}”", "name")
    return as_json(
        {
            "unit": name,
            "ancestors": unit_ancestors(name)[:-1],
            "children": children_of(name, listed),
            "article_total": article_total,
            "articles": articles,
            "statement_total": statement_total,
            "statements": said,
        }
    )


def openapi_json():
    return as_json(openapi.document())
