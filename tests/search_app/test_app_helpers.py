"""The web app's small pure pieces: links, pager, histogram, unit hierarchy, labels, CSV."""

from __future__ import annotations

from search_app import labels
from search_app.csv_export import to_csv
from search_app.histogram import month_axis, month_bars
from search_app.unit_tree import children_of, unit_tree
from search_app.web.presenters import Pager
from search_app.web.urls import QueryString, article_url, search_url, unit_url


def links(*pairs) -> QueryString:
    return QueryString(list(pairs), "/")


def test_adding_a_filter_keeps_the_others_and_restarts_at_page_one():
    current = links(("q", "创城"), ("unit", "东昌府区"), ("page", "3"))
    assert (
        current.adding("unit", "高新区")
        == "/?q=%E5%88%9B%E5%9F%8E&unit=%E4%B8%9C%E6%98%8C%E5%BA%9C%E5%8C%BA&unit=%E9%AB%98%E6%96%B0%E5%8C%BA"
    )
    assert current.dropping("unit", "东昌府区") == "/?q=%E5%88%9B%E5%9F%8E"
    assert (
        current.setting("page", 4)
        == "/?q=%E5%88%9B%E5%9F%8E&unit=%E4%B8%9C%E6%98%8C%E5%BA%9C%E5%8C%BA&page=4"
    )
    assert current.toggling("unit", "东昌府区") == current.dropping("unit", "东昌府区")


def test_csv_link_and_format_never_leaks_into_other_links():
    current = links(("q", "a"), ("format", "csv"))
    assert current.url() == "/?q=a"
    assert current.as_csv() == "/?q=a&format=csv"


def test_urls_are_quoted():
    assert article_url("a/b", "x y") == "/article/a%2Fb?q=x+y"
    assert unit_url("东昌府区") == "/units/%E4%B8%9C%E6%98%8C%E5%BA%9C%E5%8C%BA"
    assert search_url("/statements", unit="", type="commitment") == "/statements?type=commitment"


def test_pager_shows_a_window_with_gaps():
    assert Pager.of(1, 10, 5).numbers == [1]
    assert Pager.of(6, 10, 200).numbers == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert Pager.of(1, 1, 10**6).pages == 1000


def test_histogram_fills_gaps_between_months():
    assert month_axis({"2021-01": 1, "2021-04": 2}) == ["2021-01", "2021-02", "2021-03", "2021-04"]
    bars = month_bars([{"value": "2021-04", "count": 2}, {"value": "2020-12", "count": 1}])
    assert [b.month for b in bars] == ["2020-12", "2021-01", "2021-02", "2021-03", "2021-04"]
    assert [b.year_label for b in bars] == ["2020", "2021", None, None, None]
    assert bars[-1].percent > bars[0].percent > 0 == bars[1].percent
    assert month_bars([]) == []


def test_unit_tree_hangs_units_under_their_nearest_present_ancestor():
    counts = [
        {"value": "聊城市", "count": 9},
        {"value": "东昌府区", "count": 4},
        {"value": "古楼街道", "count": 2},
        {"value": "兴华社区", "count": 1},
        {"value": "聊城市公安局交巡警支队", "count": 3},
    ]
    (root,) = unit_tree(counts)
    assert root.name == "聊城市"
    assert [c.name for c in root.children] == ["东昌府区", "聊城市公安局交巡警支队"]  # 公安局 absent: skipped
    assert root.children[0].children[0].children[0].name == "兴华社区"
    assert "兴华社区" in root.names()
    assert [c["value"] for c in children_of("东昌府区", counts)] == ["古楼街道"]


def test_labels():
    assert labels.issue({"series": "工作简报", "number": 27, "date": None}) == "工作简报 第27期"
    assert labels.issue({"series": "某报", "number": None}) == "某报"
    assert (
        labels.targets(
            [
                {"number": 61.0, "measure": "个网格", "deadline": None},
                {"number": 15.5, "measure": "%", "deadline": "2020年"},
            ]
        )
        == "61个网格；15.5%"
    )
    assert labels.deadlines([{"deadline": "2020年"}, {"deadline": None}]) == "2020年"
    assert labels.facet_value("month", "2021-05") == "2021年5月"
    assert labels.file_name("/a/b/c.pdf") == "c.pdf"


def test_csv_has_bom_and_crlf():
    data = to_csv(["a", "b"], [["1", "x,y"]])
    assert data == '\ufeffa,b\r\n1,"x,y"\r\n'.encode("utf-8")
