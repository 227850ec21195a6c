"""Links that change one thing of the query string, and the site's URLs (no server)."""

from __future__ import annotations

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
    assert current.as_file("csv") == "/?q=a&format=csv"
    assert current.as_file("xlsx") == "/?q=a&format=xlsx"


def test_urls_are_quoted():
    assert article_url("a/b", "x y") == "/article/a%2Fb?q=x+y"
    assert unit_url("东昌府区") == "/units/%E4%B8%9C%E6%98%8C%E5%BA%9C%E5%8C%BA"
    assert search_url("/statements", unit="", type="commitment") == "/statements?type=commitment"
