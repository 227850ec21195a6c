"""The facet registry's rows: how a value is shown, checked, cleaned, filtered and listed (no server)."""

from __future__ import annotations

import pytest

from indexer.engines.base import TermsFilter
from indexer.kinds import KIND_VALUES
from search_app import labels
from search_app.facets import FACETS, facet_filter, not_a_choice


@pytest.mark.parametrize(
    "name, value, shown",
    [
        ("year", "2021", "2021年"),
        ("month", "2021-05", "2021年5月"),
        ("month", "2021-12", "2021年12月"),
        ("kind", "briefing", "简报"),
        ("kind", "news", "新闻"),
        ("kind", "notice", "通知"),
        ("kind", "memo", "memo"),
        ("type", "commitment", "承诺"),
        ("unit", "东昌府区", "东昌府区"),
        ("official", "孙爱军", "孙爱军"),
    ],
)
def test_each_row_says_how_its_values_are_shown(name, value, shown):
    assert FACETS[name].label(value) == shown
    assert labels.facet_value(name, value) == shown


def test_a_value_of_no_facet_is_shown_as_it_is():
    assert labels.facet_value("from", "2021-01-01") == "2021-01-01"


@pytest.mark.parametrize(
    "name, value",
    [
        ("year", "2021"),
        ("year", "1998"),
        ("month", "2021-01"),
        ("month", "2021-12"),
        ("type", "directive"),
        ("kind", "memo"),  # kinds are checked by the search request, after the URL
        ("unit", "任何单位"),
        ("official", "任何人"),
    ],
)
def test_values_a_url_may_carry(name, value):
    assert FACETS[name].check(value) is None


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("year", "20x1", "参数 year 须为四位年份，如 2021，收到“20x1”"),
        ("year", "99999", "参数 year 须为四位年份，如 2021，收到“99999”"),
        ("year", "1799", "参数 year 须为四位年份，如 2021，收到“1799”"),
        ("month", "2021-13", "参数 month 须为年月 YYYY-MM（月份 01–12），收到“2021-13”"),
        ("month", "2021-5", "参数 month 须为年月 YYYY-MM（月份 01–12），收到“2021-5”"),
        ("type", "promise", "参数 type 无效：“promise”，可选 directive、commitment"),
    ],
)
def test_a_refused_value_is_named_in_chinese(name, value, message):
    assert FACETS[name].check(value) == message


def test_fixed_choices_are_refused_alike_by_every_facet_that_has_them():
    assert not_a_choice(FACETS["kind"], "memo") == f"无效：“memo”，可选 {'、'.join(KIND_VALUES)}"
    assert not_a_choice(FACETS["kind"], "news") is None
    assert not_a_choice(FACETS["unit"], "anything") is None


def test_filter_values_are_cleaned_as_the_index_holds_them():
    assert facet_filter("kind", [" news ", "news", ""]) == TermsFilter("kind", ("news",))
    assert facet_filter("year", ["  "]) is None


def test_counts_are_listed_by_count_or_newest_value_first():
    counts = {"a": 1, "b": 3, "c": 3}
    assert [i["value"] for i in FACETS["unit"].ordered(counts)] == ["b", "c", "a"]
    assert [i["value"] for i in FACETS["year"].ordered({"2020": 9, "2021": 1})] == ["2021", "2020"]
    assert FACETS["unit"].ordered(counts, limit=1) == [{"value": "b", "count": 3}]
