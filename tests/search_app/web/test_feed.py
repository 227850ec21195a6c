"""A search's Atom feed title, from its request (no server)."""

from __future__ import annotations

from search_app.search import SearchRequest
from search_app.web.feed import title_of


def test_a_feed_is_titled_by_its_query_and_filters_in_chinese():
    request = SearchRequest(
        query=" 创城 ",
        filters={"kind": ["news"], "month": ["2021-05"]},
        date_from="2021-01-01",
        date_to="2021-12-31",
    )
    assert (
        title_of(request)
        == "简报检索 · 创城，文种：新闻，月份：2021年5月，起始日期：2021-01-01，截止日期：2021-12-31"
    )
    assert title_of(SearchRequest()) == "简报检索 · 全部文章"
