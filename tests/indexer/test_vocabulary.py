"""The unit vocabulary: aliases merge, every unit sits under its district, word lists load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.lang.vocabulary import dictionary_entries, normalize_unit, unit_ancestors, word_list

DEMO = json.loads(
    (Path(__file__).parents[2] / "scripts" / "demo_vocabulary.json").read_text(encoding="utf-8")
)
PLACE_WORDS = {"全市", "我市"}  # the city as the text's own, not a unit mention
CITY = DEMO["city"]  # the demo's texts name their city: its units are normalized there


@pytest.mark.parametrize("unit", DEMO["units"], ids=lambda u: u["name"])
def test_demo_units_sit_under_their_district_and_merge_their_aliases(unit):
    normalized = normalize_unit(unit["name"], CITY)
    for alias in set(unit["aliases"]) - PLACE_WORDS:
        assert normalize_unit(alias, CITY) == normalized, alias
    if unit["parent"]:
        assert normalize_unit(unit["parent"], CITY) in unit_ancestors(normalized)[:-1]


@pytest.mark.parametrize(
    "written, district",
    [
        ("东城街道", "聊城经济技术开发区"),
        ("蒋官屯街道", "聊城经济技术开发区"),
        ("于集镇", "江北水城旅游度假区"),
        ("韩集乡", "聊城高新技术产业开发区"),
        ("松桂社区", "聊城经济技术开发区"),
    ],
)
def test_streets_towns_and_communities_are_under_their_district(written, district):
    assert district in unit_ancestors(normalize_unit(written, CITY))


def test_aliases_of_one_unit_are_one_name():
    assert (
        normalize_unit("市卫生健康委", CITY)
        == normalize_unit("聊城市卫生健康委员会")
        == "聊城市卫生健康委员会"
    )
    assert normalize_unit("文苑小学", CITY) == normalize_unit("东昌府区文苑小学") == "东昌府区文苑小学"


def test_word_lists_are_read_from_data_files():
    assert "表示" in word_list("parse_predicates")
    assert "万元" in word_list("parse_classifiers")
    assert "日报" in word_list("parse_paper_suffixes")
    assert "走进" in word_list("parse_unit_verbs")
    assert any(line.startswith("东昌府区 ") for line in dictionary_entries())
