"""The shared kinds: the values records carry and the labels pages show, in one place."""

from __future__ import annotations

import json

from indexer.facet_registry import FACETS
from indexer.kinds import (
    KIND_VALUES,
    STATEMENT_VALUES,
    DocumentKind,
    StatementType,
    kind_label,
    statement_label,
)


def test_members_are_the_strings_records_carry():
    assert {"briefing", "news", "other"} <= set(KIND_VALUES)
    assert STATEMENT_VALUES == ("directive", "commitment")
    assert DocumentKind.NEWS == "news" and f"{StatementType.COMMITMENT}" == "commitment"
    assert json.dumps({"kind": DocumentKind.BRIEFING}) == '{"kind": "briefing"}'


def test_each_value_has_its_chinese_label_and_an_unknown_one_is_shown_as_it_is():
    assert [kind_label(k) for k in ("briefing", "news", "other")] == ["简报", "新闻", "其他"]
    assert [statement_label(t) for t in STATEMENT_VALUES] == ["指示", "承诺"]
    assert kind_label("memo") == "memo" and statement_label("promise") == "promise"


def test_the_facets_offer_exactly_these_kinds():
    assert FACETS["kind"].choices == KIND_VALUES
    assert FACETS["type"].choices == STATEMENT_VALUES
