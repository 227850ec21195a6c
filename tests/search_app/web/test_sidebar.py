"""The search page's sidebar, made from the facet registry (no server)."""

from __future__ import annotations

import dataclasses

import bottle

from indexer.facet_registry import FACET_LIST, FACETS
from search_app.web.responses import TEMPLATE_HELPERS, TEMPLATE_PATH
from search_app.web.sidebar import FOLDED_AFTER, Section, sidebar
from search_app.web.urls import QueryString


def counted(*values: str) -> list[dict]:
    return [{"value": value, "count": len(values) - n} for n, value in enumerate(values)]


FACETS_FOUND = {
    "unit": counted("聊城市", "东昌府区", "古楼街道"),
    "year": counted("2021", "2020"),
    "month": counted("2021-05", "2021-04", "2020-12"),
    "kind": counted("briefing", "news"),
    "official": counted("孙爱军"),
    "type": counted("commitment"),
}


def test_every_facet_has_its_section_in_the_sidebar_order_with_its_heading():
    sections = sidebar(FACETS_FOUND, QueryString([("q", "创城")]))
    assert [(s.name, s.heading) for s in sections] == [
        ("kind", "文种"),
        ("type", "表态"),
        ("year", "时间"),
        ("unit", "单位"),
        ("official", "人物"),
    ]
    kinds = sections[0]
    assert [(link.label, link.count) for link in kinds.links] == [("简报", 2), ("新闻", 1)]


def test_a_facet_without_values_has_no_section():
    assert sidebar({}, QueryString([])) == []
    assert [s.name for s in sidebar({"kind": counted("news"), "unit": []}, QueryString([]))] == ["kind"]


def test_months_are_listed_below_their_year_and_active_values_are_marked():
    links = QueryString([("month", "2021-05")])
    (years,) = [s for s in sidebar(FACETS_FOUND, links) if s.name == "year"]
    assert [link.label for link in years.links] == ["2021年", "2020年"]
    assert [(m.label, m.active) for m in years.below["2021"]] == [("2021年5月", True), ("2021年4月", False)]
    assert [m.value for m in years.below["2020"]] == ["2020-12"]
    assert years.below["2021"][0].url == "/"  # the active month's link drops it


def test_units_are_shown_as_their_hierarchy_with_every_name_for_the_find_box():
    (units,) = [s for s in sidebar(FACETS_FOUND, QueryString([])) if s.name == "unit"]
    assert [node.name for node in units.tree] == ["聊城市"]
    assert units.names == ["聊城市", "东昌府区", "古楼街道"]


def test_long_lists_are_cut_at_their_limit():
    many = {
        "official": counted(*(f"人{n}" for n in range(150))),
        "unit": counted(*(f"单位{n}" for n in range(400))),
    }
    sections = {s.name: s for s in sidebar(many, QueryString([]))}
    assert len(sections["official"].links) == 100
    assert len(sections["unit"].names) == 300


def test_a_facet_added_to_the_registry_gets_a_list_after_the_others():
    series = dataclasses.replace(FACETS["official"], name="series", field="series", title="简报名称")
    found = {**FACETS_FOUND, "series": counted("创城简报", "工作动态")}
    sections = sidebar(found, QueryString([]), registry=(*FACET_LIST, series))
    assert sections[-1].name == "series" and sections[-1].heading == "简报名称"
    assert sections[-1].template == "_facet_list.tpl"
    assert sections[-1].links[0].url.startswith("/?series=")


def render(section: Section) -> str:
    return bottle.template(
        section.template,
        template_lookup=TEMPLATE_PATH,
        section=section,
        links=QueryString([]),
        **TEMPLATE_HELPERS,
    )


def test_a_list_folds_its_values_after_the_first_twelve_keeping_an_active_one_open():
    names = [f"人{n}" for n in range(FOLDED_AFTER + 2)]
    links = QueryString([("official", names[-1])])
    (officials,) = sidebar({"official": counted(*names)}, links)
    html = render(officials)
    assert html.count('<li><a class="') == FOLDED_AFTER + 2
    assert "更多（2）" in html and '<details class="more" open>' in html
    short = render(sidebar({"official": counted(*names[:FOLDED_AFTER])}, QueryString([]))[0])
    assert "更多" not in short and short.count("<li>") == FOLDED_AFTER
