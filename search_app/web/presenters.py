"""What the pages show besides the hits: active-filter chips and filter links, pages, sorts, back links, date presets,
the documents an article cites.

The search page's facet sections are search_app.web.sidebar's."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from indexer.records import cites_of
from search_app import labels
from search_app.search import MAX_PAGE
from search_app.web.params import DATE_PARAMS, FILTER_PARAMS
from search_app.web.urls import QueryString


@dataclass
class Chip:
    label: str
    url: str  # the same search without this filter


@dataclass
class FacetLink:
    value: str
    label: str
    count: int
    url: str  # adds the filter, or drops it when it is active
    active: bool


def active_filters(links: QueryString) -> list[Chip]:
    chips = []
    for name in FILTER_PARAMS:
        for value in links.values(name):
            chips.append(
                Chip(
                    f"{labels.FACET_TITLES[name]}：{labels.facet_value(name, value)}",
                    links.dropping(name, value),
                )
            )
    for name in DATE_PARAMS:
        for value in links.values(name):
            chips.append(Chip(f"{labels.FACET_TITLES[name]}：{value}", links.dropping(name)))
    return chips


def without_filters(links: QueryString) -> str:
    """The same search with every filter dropped (清除全部)."""
    return links.dropping_all((*FILTER_PARAMS, *DATE_PARAMS))


def facet_links(name: str, items: list[dict], links: QueryString) -> list[FacetLink]:
    return [
        FacetLink(
            item["value"],
            labels.facet_value(name, item["value"]),
            item["count"],
            links.toggling(name, item["value"]),
            links.has(name, item["value"]),
        )
        for item in items
    ]


@dataclass
class Pager:
    page: int
    pages: int
    numbers: list[int | None]  # None marks a gap (…)

    @classmethod
    def of(cls, page: int, size: int, total: int) -> Pager:
        pages = min(max(math.ceil(total / size), 1), MAX_PAGE)
        shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return cls(page, pages, numbers)


def sort_links(links: QueryString, current: str, has_query: bool) -> list[tuple[str, str, bool]]:
    """(label, link, active) per sort; without a query there is no relevance, and the newest come first."""
    if not has_query:
        current = "date" if current == "date" else "-date"
    return [
        (label, links.setting("sort", "" if key == "relevance" else key), key == current)
        for key, label in labels.SORTS.items()
        if has_query or key != "relevance"
    ]


# Pages an article can be opened from, and how its back link names them.
BACK_TARGETS = {"/statements": "‹ 返回表态台账", "/units/": "‹ 返回单位时间线"}


def back_link(state: QueryString) -> tuple[str, str]:
    """(label, url) of the page the article was opened from, with every parameter it had."""
    came_from = (state.values("back") or ["/"])[0]
    for prefix, label in BACK_TARGETS.items():
        if came_from == prefix or (prefix.endswith("/") and came_from.startswith(prefix)):
            return label, QueryString(state.pairs, came_from).at(came_from, "back")
    return "‹ 返回检索结果", state.at("/", "back")


@dataclass
class Preset:
    label: str
    url: str
    active: bool


def date_presets(links: QueryString, today: date | None = None) -> list[Preset]:
    """近一月 / 近一年: a from-date that many days before today, the rest of the search kept."""
    today = today or date.today()
    presets = []
    for label, days in (("近一月", 30), ("近一年", 365)):
        start = (today - timedelta(days=days)).isoformat()
        on = links.values("from") == [start] and not links.values("to")
        without_end = QueryString([(k, v) for k, v in links.pairs if k != "to"], links.path)
        presets.append(Preset(label, without_end.setting("from", start), on))
    return presets


def choice_links(links: QueryString, name: str, choices: dict[str, str]) -> list[FacetLink]:
    """One link per value of a single-choice filter (choosing the active one again drops it)."""
    current = links.values(name)
    return [
        FacetLink(key, label, 0, links.setting(name, "" if key in current else key), key in current)
        for key, label in choices.items()
    ]


def year_links(links: QueryString, counts: list[dict]) -> list[FacetLink]:
    current = links.values("year")
    return [
        FacetLink(
            item["value"],
            labels.facet_value("year", item["value"]),
            item["count"],
            links.setting("year", "" if item["value"] in current else item["value"]),
            item["value"] in current,
        )
        for item in counts
    ]


TITLE_QUERY_CHARS = 150  # a title search must stay within the query language's length


@dataclass
class CitedItem:
    title: str | None  # as written inside 《》
    doc_number: str | None
    relation: str  # 转发, 根据 …, 引用
    article_id: str | None  # the cited document's article, when the archive holds it
    title_query: str | None  # a title search for a document cited by title only (or not held)


def cited_items(view) -> list[CitedItem]:
    """What an article cites, each linked to the cited document's article when the archive holds it."""
    held = {item["doc_number"]: item["id"] for item in view.get("cites_held", [])}
    items = []
    for cite in cites_of(view):
        article_id = held.get(cite["doc_number"]) if cite["doc_number"] else None
        title = cite["title"]
        searchable = title and article_id is None and '"' not in title and len(title) <= TITLE_QUERY_CHARS
        title_query = f'title:"{title}"' if searchable else None
        items.append(
            CitedItem(
                cite["title"], cite["doc_number"], labels.relation(cite["relation"]), article_id, title_query
            )
        )
    return items
