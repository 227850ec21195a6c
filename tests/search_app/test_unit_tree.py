"""The flat list of counted units arranged as their hierarchy (no server)."""

from __future__ import annotations

from search_app.unit_tree import children_of, parents_of, unit_tree

COUNTS = [
    {"value": "聊城市", "count": 9},
    {"value": "东昌府区", "count": 4},
    {"value": "古楼街道", "count": 2},
    {"value": "兴华社区", "count": 1},
    {"value": "聊城市公安局交巡警支队", "count": 3},
]


def test_unit_tree_hangs_units_under_their_nearest_present_ancestor():
    (root,) = unit_tree(COUNTS)
    assert root.name == "聊城市"
    assert [c.name for c in root.children] == ["东昌府区", "聊城市公安局交巡警支队"]  # 公安局 absent: skipped
    assert root.children[0].children[0].children[0].name == "兴华社区"
    assert "兴华社区" in root.names()
    assert [c["value"] for c in children_of("东昌府区", COUNTS)] == ["古楼街道"]


def test_each_unit_knows_its_parent_among_those_counted():
    assert parents_of(COUNTS) == {
        "东昌府区": "聊城市",
        "古楼街道": "东昌府区",
        "兴华社区": "古楼街道",
        "聊城市公安局交巡警支队": "聊城市",
    }


def test_the_tree_as_json_keeps_counts_and_order():
    (root,) = unit_tree(COUNTS)
    shown = root.as_json()
    assert shown["value"] == "聊城市" and shown["count"] == 9
    assert [c["value"] for c in shown["children"]] == ["东昌府区", "聊城市公安局交巡警支队"]
