"""What the search page shows besides the hits: active-filter chips, facet groups, pages, empty-result exits."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from search_app import labels
from search_app.search import MAX_PAGE
from search_app.unit_tree import unit_tree
from search_app.web.params import FILTER_PARAMS
from search_app.web.urls import QueryString

# The sidebar shows the most frequent values; active ones stay visible as chips whatever their rank.
UNIT_FACET_LIMIT = 300
OFFICIAL_FACET_LIMIT = 100


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
    for name in ("from", "to"):
        for value in links.values(name):
            chips.append(Chip(f"{labels.FACET_TITLES[name]}：{value}", links.dropping(name)))
    return chips


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


def months_by_year(months: list[FacetLink]) -> dict[str, list[FacetLink]]:
    grouped: dict[str, list[FacetLink]] = {}
    for month in months:
        grouped.setdefault(month.value[:4], []).append(month)
    return grouped


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


def sidebar(facets: dict, links: QueryString) -> dict:
    """The facet groups of the search page's sidebar, as the template names them."""

    def linked(name: str, limit: int | None = None) -> list[FacetLink]:
        return facet_links(name, facets.get(name, [])[:limit], links)

    return {
        "units_tree": unit_tree(facets.get("unit", [])[:UNIT_FACET_LIMIT]),
        "unit_names": [item["value"] for item in facets.get("unit", [])[:UNIT_FACET_LIMIT]],
        "years": linked("year"),
        "months": months_by_year(linked("month")),
        "kinds": linked("kind"),
        "officials": linked("official", OFFICIAL_FACET_LIMIT),
        "types": linked("type"),
    }


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
