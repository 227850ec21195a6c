"""What the pages show besides the hits: chips, filter links, pager, sorts, back links, presets, what an
article cites (no server)."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

from search_app.web.presenters import (
    Pager,
    active_filters,
    back_link,
    choice_links,
    cited_items,
    date_presets,
    sort_links,
    without_filters,
    year_links,
)
from search_app.web.urls import QueryString


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def test_pager_shows_a_window_with_gaps():
    assert Pager.of(1, 10, 5).numbers == [1]
    assert Pager.of(6, 10, 200).numbers == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert Pager.of(1, 1, 10**6).pages == 1000


def test_each_active_filter_is_a_chip_that_drops_it():
    links = QueryString(
        [("q", "创城"), ("kind", "news"), ("month", "2021-05"), ("from", "2021-01-01"), ("page", "2")]
    )
    chips = active_filters(links)
    assert [chip.label for chip in chips] == ["月份：2021年5月", "文种：新闻", "起始日期：2021-01-01"]
    assert query_of(chips[1].url) == [("q", "创城"), ("month", "2021-05"), ("from", "2021-01-01")]


def test_clearing_every_filter_keeps_the_query_and_the_sort():
    links = QueryString(
        [("q", "创城"), ("unit", "东昌府区"), ("type", "directive"), ("to", "2021-12-31"), ("sort", "date")]
    )
    assert query_of(without_filters(links)) == [("q", "创城"), ("sort", "date")]


def test_without_a_query_there_is_no_relevance_and_newest_comes_first():
    links = QueryString([("kind", "news")])
    assert [(label, on) for label, _, on in sort_links(links, "relevance", has_query=False)] == [
        ("日期 新→旧", True),
        ("日期 旧→新", False),
    ]
    with_query = sort_links(QueryString([("q", "创城"), ("sort", "date")]), "date", has_query=True)
    assert [label for label, _, on in with_query if on] == ["日期 旧→新"]
    assert query_of(with_query[0][1]) == [("q", "创城")]  # relevance is the default: no sort= at all


def test_the_back_link_returns_to_the_page_the_article_was_opened_from():
    assert back_link(QueryString([("q", "创城")])) == ("‹ 返回检索结果", "/?q=%E5%88%9B%E5%9F%8E")
    label, url = back_link(QueryString([("back", "/statements"), ("type", "commitment")]))
    assert label == "‹ 返回表态台账" and url == "/statements?type=commitment"
    label, url = back_link(QueryString([("back", "/units/%E4%B8%9C")]))
    assert label == "‹ 返回单位时间线" and url == "/units/%E4%B8%9C"


def test_date_presets_start_that_many_days_before_today_and_drop_the_end():
    links = QueryString([("q", "创城"), ("to", "2021-01-01")])
    month, year = date_presets(links, today=date(2021, 3, 31))
    assert (month.label, year.label) == ("近一月", "近一年")
    assert query_of(month.url) == [("q", "创城"), ("from", "2021-03-01")] and not month.active
    chosen = date_presets(QueryString([("from", "2021-03-01")]), today=date(2021, 3, 31))
    assert chosen[0].active and not chosen[1].active


def test_single_choice_links_set_or_drop_their_value():
    links = QueryString([("type", "directive"), ("page", "3")])
    got = choice_links(links, "type", {"article": "文章", "directive": "指示"})
    assert [(c.label, c.active, query_of(c.url)) for c in got] == [
        ("文章", False, [("type", "article")]),
        ("指示", True, []),
    ]
    (year,) = year_links(QueryString([]), [{"value": "2021", "count": 4}])
    assert (year.label, year.count, query_of(year.url)) == ("2021年", 4, [("year", "2021")])


def test_what_an_article_cites_links_the_held_and_offers_a_title_search_for_the_rest():
    view = {
        "cites": [
            {"doc_number": "聊政办发〔2021〕5号", "title": None, "relation": "根据"},
            {"doc_number": None, "title": "城区道路综合整治实施方案", "relation": "印发"},
            {"doc_number": "鲁政发〔2020〕3号", "title": "关于加强城市道路管理的意见", "relation": "cites"},
            {"doc_number": None, "title": '带"引号"的标题', "relation": "cites"},
        ],
        "cites_held": [
            {
                "doc_number": "聊政办发〔2021〕5号",
                "id": "abc-0-0",
                "title": "…",
                "date": None,
                "kind": "notice",
            }
        ],
    }
    items = cited_items(view)
    assert [(i.relation, i.article_id, i.title_query) for i in items] == [
        ("根据", "abc-0-0", None),
        ("印发", None, 'title:"城区道路综合整治实施方案"'),
        ("引用", None, 'title:"关于加强城市道路管理的意见"'),
        ("引用", None, None),  # a quote inside would end the phrase
    ]
    assert cited_items({"kind": "briefing"}) == []  # a record stored before citations were kept
