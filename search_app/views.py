"""The HTML pages: thin views that ask the search layer and hand the answer to a template."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import bottle

from indexer.vocabulary import unit_ancestors
from search_app import csv_export, params, presenters, timeline
from search_app.histogram import HEIGHT, WIDTH, month_bars
from search_app.labels import file_name
from search_app.query import QuerySyntaxError, parse_query
from search_app.responses import csv_attachment, error_page, page
from search_app.search import SearchError, article, article_record, search, units
from search_app.snippets import highlight_all
from search_app.unit_tree import children_of, unit_tree
from search_app.urls import QueryString


def search_page(index_dir: Path):
    given = params.current()
    links = QueryString.of(given, "/")
    try:
        wanted = params.search_request(given)
        if params.wants_csv(given):
            return csv_attachment(csv_export.search_csv(index_dir, wanted), "jianbao-search.csv")
        result = search(index_dir, wanted)
    except (SearchError, QuerySyntaxError) as error:
        return page(
            "search.tpl",
            status=400,
            result=None,
            error=str(error),
            links=links,
            chips=presenters.active_filters(links),
            query=given.get("q", ""),
        )
    return page(
        "search.tpl",
        result=result,
        error=None,
        links=links,
        query=result["query"],
        sort=wanted.sort,
        chips=presenters.active_filters(links),
        sorts=presenters.sort_links(links, wanted.sort, bool(wanted.query.strip())),
        pager=presenters.Pager.of(result["page"], result["size"], result["total"]),
        bars=month_bars(result["facets"].get("month", [])),
        chart_width=WIDTH,
        chart_height=HEIGHT,
        **presenters.sidebar(result["facets"], links),
    )


def highlighted_paragraphs(record: dict, needles: list[str]) -> list[str]:
    """The article's lines, each escaped with the query's words marked (the title line is shown apart)."""
    lines = [line for line in record["text"].split("\n") if line.strip()]
    if lines and lines[0].strip() == record["title"].strip():
        lines = lines[1:]
    return [highlight_all(line, needles) for line in lines]


def query_needles(query: str) -> tuple[list[str], str | None]:
    try:
        return parse_query(query).needles, None
    except QuerySyntaxError as error:
        return [], str(error)


def article_page(index_dir: Path, article_id: str):
    record = article(index_dir, article_id)
    if record is None:
        return error_page(404, "文章不存在", f"没有编号为“{article_id}”的文章。")
    query = params.current().get("q", "")
    needles, notice = query_needles(query)
    return page(
        "article.tpl",
        record=record,
        query=query,
        notice=notice,
        title_html=highlight_all(record["title"], needles),
        paragraphs=highlighted_paragraphs(record, needles),
        source_name=file_name(record["source"].get("path")),
    )


def source_file(index_dir: Path, article_id: str):
    """The original file of an article: the path comes from the stored record, never from the URL."""
    record = article_record(index_dir, article_id)
    if record is None:
        return error_page(404, "文章不存在", f"没有编号为“{article_id}”的文章。")
    path = Path(record["source"].get("path") or "")
    if not path.is_file():
        return error_page(404, "原件不存在", f"原始文件已不在档案中：{path.name}")
    sent = bottle.static_file(path.name, root=str(path.parent), download=path.name)
    if sent.status_code in (200, 206):
        sent.set_header("Content-Disposition", attachment_header(path.name))
    return sent


def attachment_header(name: str) -> str:
    """Content-Disposition for any file name: an ASCII fallback and the UTF-8 name (RFC 6266)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def units_page(index_dir: Path):
    listed = units(index_dir)
    return page("units.tpl", tree=unit_tree(listed), total=len(listed))


def unit_page(index_dir: Path, name: str):
    listed = units(index_dir)
    article_total, articles = timeline.unit_articles(index_dir, name)
    statement_total, said = timeline.unit_statements(index_dir, name)
    if not article_total and not statement_total and name not in {u["value"] for u in listed}:
        return error_page(404, "单位不存在", f"档案中没有单位“{name}”。")
    return page(
        "unit.tpl",
        name=name,
        ancestors=unit_ancestors(name)[:-1],
        children=children_of(name, listed),
        article_total=article_total,
        statement_total=statement_total,
        months=timeline.by_month(articles, said),
    )
