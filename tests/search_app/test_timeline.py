"""A unit's timeline: what a selection asks each stream for, and how the two streams merge (no index)."""

from __future__ import annotations

import pytest

from search_app.search import SearchError
from search_app.timeline import TYPES, Entry, Selection, by_month, merged


def test_types_are_articles_and_the_statement_types():
    assert TYPES == {"article": "文章", "directive": "指示", "commitment": "承诺"}


@pytest.mark.parametrize(
    "selection, parameter",
    [
        (Selection("东昌府区", type="memo"), "type"),
        (Selection("东昌府区", year="21"), "year"),
        (Selection("东昌府区", page=0), "page"),
        (Selection("东昌府区", size=201), "size"),
    ],
)
def test_a_bad_selection_names_its_parameter(selection, parameter):
    with pytest.raises(SearchError) as refused:
        selection.validate()
    assert refused.value.parameter == parameter


def test_a_selection_asks_each_stream_for_its_unit_type_and_year():
    articles = Selection("东昌府区", type="article", year="2021")
    assert articles.wants_articles and not articles.wants_statements
    asked = articles.article_request(2, 100)
    assert asked.filters == {"unit": ["东昌府区"], "year": ["2021"]} and (asked.sort, asked.page) == (
        "-date",
        2,
    )
    said = Selection("东昌府区", type="commitment", year="2021").ledger_request(1, 1000)
    assert (said.unit, said.type, said.date_from, said.date_to, said.judge) == (
        "东昌府区",
        "commitment",
        "2021-01-01",
        "2021-12-31",
        False,
    )
    assert Selection("东昌府区").ledger_request(1, 10).type is None


def test_entries_merge_newest_first_an_article_before_the_statements_of_its_day():
    articles = [{"id": "a1", "date": "2021-05-02"}, {"id": "a2", "date": None}]
    said = [{"text": "s1", "date": "2021-05-02"}, {"text": "s2", "date": "2021-06-01"}]
    entries = merged(articles, said)
    assert [(e.kind, e.date) for e in entries] == [
        ("statement", "2021-06-01"),
        ("article", "2021-05-02"),
        ("statement", "2021-05-02"),
        ("article", ""),
    ]
    months = by_month(entries)
    assert [(m.month, len(m.entries)) for m in months] == [("2021-06", 1), ("2021-05", 2), ("", 1)]


def test_months_follow_the_entries_order_without_regrouping():
    entries = [
        Entry("2021-05-01", "article", {}),
        Entry("2021-04-30", "article", {}),
        Entry("2021-05-02", "article", {}),
    ]
    assert [m.month for m in by_month(entries)] == ["2021-05", "2021-04", "2021-05"]
