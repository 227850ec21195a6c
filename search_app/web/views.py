"""The HTML pages: thin views that ask the search layer and hand the answer to a template."""

from __future__ import annotations

from urllib.parse import quote

import bottle

from indexer.engines.base import Store
from indexer.lang.vocabulary import unit_ancestors
from indexer.records import ArticleRecord
from search_app import exports, labels, original, suggest, timeline
from search_app.archive_paths import servable
from search_app.histogram import histogram
from search_app.labels import file_name
from search_app.query import QuerySyntaxError, parse_query
from search_app.search import SearchError, article, article_record, search, units
from search_app.snippets import highlight_all
from search_app.unit_tree import children_of, parents_of, unit_tree
from search_app.web import feed, openapi, params, presenters, urls
from search_app.web.responses import STATIC_ROOT, as_json, attachment, error_page, export_file, page
from search_app.web.sidebar import sidebar
from search_app.web.urls import QueryString, public_base, unit_url, viewer_links


def search_page(store: Store):
    given = params.current()
    links = QueryString.of(given, "/")
    try:
        wanted = params.search_request(given)
        if wanted_file := params.export_format(given):
            return export_file(exports.search_table(store, wanted, viewer_links()), wanted_file)
        result = search(store, wanted)
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
        chart=histogram(result["facets"].get("month", []), (wanted.date_from, wanted.date_to)),
        presets=presenters.date_presets(links),
        sidebar=sidebar(result["facets"], links),
        clear_all=presenters.without_filters(links),
    )


def highlighted_paragraphs(record: ArticleRecord, needles: list[str]) -> list[str]:
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


def article_page(store: Store, article_id: str):
    record = article(store, article_id)
    if record is None:
        return error_page(404, "文章不存在", f"没有编号为“{article_id}”的文章。")
    given = params.current()
    query = given.get("q", "")
    needles, notice = query_needles(query)
    state = QueryString.of(given, "/")
    return page(
        "article.tpl",
        record=record,
        query=query,
        state=state,
        back=presenters.back_link(state),
        original=state.original(record["id"], record["source"].get("page")),
        notice=notice,
        title_html=highlight_all(record["title"], needles),
        paragraphs=highlighted_paragraphs(record, needles),
        source_name=file_name(record["source"].get("path")),
        gongwen=labels.gongwen_fields(record),
        cited=presenters.cited_items(record),
    )


def source_file(store: Store, article_id: str):
    """The original file of an article: the path comes from the stored record, never from the URL."""
    record = article_record(store, article_id)
    if record is None:
        return error_page(404, "文章不存在", f"没有编号为“{article_id}”的文章。")
    path = servable(record["source"].get("path"))
    if path is None:
        return error_page(
            404, "原件不存在", f"原始文件已不在档案中：{file_name(record['source'].get('path'))}"
        )
    sent = bottle.static_file(path.name, root=str(path.parent))
    if sent.status_code in (200, 206):
        sent.set_header("Content-Disposition", attachment(path.name))
    return sent


def units_page(store: Store):
    given = params.current()
    listed = units(store)
    if wanted_file := params.export_format(given):
        return export_file(exports.units_table(listed, parents_of(listed)), wanted_file)
    wanted = given.get("q", "").strip()
    shown = [u for u in listed if wanted in u["value"]] if wanted else listed
    return page(
        "units.tpl",
        tree=unit_tree(shown),
        total=len(listed),
        shown=len(shown),
        wanted=wanted,
        links=QueryString.of(given, "/units"),
    )


def unit_page(store: Store, name: str):
    given = params.current()
    links = QueryString.of(given, unit_url(name))
    selection = params.unit_selection(name, given)
    listed = units(store)
    if wanted_file := params.export_format(given):
        return export_file(exports.timeline_table(store, selection, viewer_links()), wanted_file)
    found = timeline.unit_timeline(store, selection)
    everything = timeline.unit_timeline(store, timeline.Selection(name, size=1))
    if not everything.total and name not in {u["value"] for u in listed}:
        return error_page(404, "单位不存在", f"档案中没有单位“{name}”。")
    return page(
        "unit.tpl",
        name=name,
        links=links,
        selection=selection,
        ancestors=unit_ancestors(name)[:-1],
        children=children_of(name, listed),
        found=found,
        everything=everything,
        type_links=presenters.choice_links(links, "type", timeline.TYPES),
        year_links=presenters.year_links(links, timeline.year_counts(store, name)),
        months=timeline.by_month(found.entries),
        pager=presenters.Pager.of(selection.page, selection.size, found.total),
    )


def original_page(store: Store, article_id: str):
    """The source at the article's page, with the sentence (s=) or the query's words (q=) marked."""
    record = article_record(store, article_id)
    if record is None:
        return error_page(404, "文章不存在", f"没有编号为“{article_id}”的文章。")
    given = params.current()
    path = record["source"].get("path") or ""
    if servable(path) is None:
        return error_page(404, "原件不存在", f"原始文件已不在档案中：{file_name(path)}")
    query, sentence = given.get("q", ""), given.get("s", "").strip() or None
    needles, _ = query_needles(query)
    passages = original.passages_for(record["text"], sentence, needles)
    state = QueryString([(k, v) for k, v in given.allitems() if k not in urls.ORIGINAL_PARAMS], "/")
    shown = {
        "record": record,
        "query": query,
        "sentence": sentence,
        "source_name": file_name(path),
        "article_link": state.article(record["id"]),
        "back": presenters.back_link(state),
        "passages": passages,
    }
    if not original.is_pdf(path):
        return page("original.tpl", pdf=False, paragraphs=source_paragraphs(record, passages), **shown)
    pages = original.page_count(path)
    asked = params.integer(given, "p", record["source"].get("page") or 1)
    if not 1 <= asked <= pages:
        raise SearchError("p", f"参数 p（页码）须在 1 到 {pages} 之间（原件共 {pages} 页），收到 {asked}")
    if passages and given.get("jump", "") != "0":
        number, boxes, how = original.locate(store, path, asked, passages, pages)
    else:
        number, how = asked, "none"
        boxes = original.find_boxes(original.glyphs_of(store, path, asked)[0], passages) if passages else []
        how = "found" if boxes else how
    return page(
        "original.tpl",
        pdf=True,
        number=number,
        pages=pages,
        boxes=boxes,
        how=how,
        image=f"/original/{quote(record['id'], safe='')}/page/{number}.png",
        page_link=lambda n: state.original(record["id"], n, sentence) + "&jump=0",
        **shown,
    )


def source_paragraphs(record: ArticleRecord, passages: list[str]) -> list[str]:
    """The article's own extracted text (not the other articles of its file), the passage marked."""
    lines = [line for line in record["text"].split("\n") if line.strip()]
    whole = "\n".join(lines)
    marked = next((p for p in passages if p in whole), None)
    return [highlight_all(line, [marked] if marked else []) for line in lines]


def page_image(store: Store, article_id: str, number: str):
    record = article_record(store, article_id)
    path = (record["source"].get("path") if record else None) or ""
    if record is None or not original.is_pdf(path) or servable(path) is None:
        return error_page(404, "原件不存在", "没有这一页的原件。")
    if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= original.page_count(path):
        return error_page(404, "页面不存在", f"原件没有第 {number} 页。")
    png = original.page_png(store, path, int(number))
    sent = bottle.static_file(png.name, root=str(png.parent), mimetype="image/png")
    sent.set_header("Cache-Control", "private, max-age=86400")
    return sent


def api_page(store: Store):
    """The API for people: every route of the OpenAPI document with what it does and takes."""
    return page("api.tpl", operations=openapi.operations())


def feed_page(store: Store):
    """A search's feed for people: the address to give a feed reader, and what the feed holds now."""
    given = params.current()
    wanted = params.search_request(given)
    links = QueryString.of(given, "/")
    return page(
        "feed.tpl",
        title=feed.title_of(wanted),
        atom_url=public_base(bottle.request.environ) + links.at("/feed.atom", "page", "sort"),
        results_url=links.at("/", "page", "sort"),
        result=feed.newest(store, wanted),
        entries=feed.ENTRIES,
        links=links,
    )


def feed_atom(store: Store):
    given = params.current()
    wanted = params.search_request(given)
    body = feed.atom(
        store,
        wanted,
        QueryString.of(given, "/"),
        public_base(bottle.request.environ),
    )
    return bottle.HTTPResponse(body, headers={"Content-Type": "application/atom+xml; charset=utf-8"})


def suggest_json(store: Store):
    typed = params.current().get("q", "")
    return as_json({"query": typed, "suggestions": suggest.suggestions(store, typed)})


def favicon():
    return bottle.static_file("favicon.ico", root=str(STATIC_ROOT), mimetype="image/x-icon")
