"""The flat list of normalised units with counts, arranged as the unit hierarchy (root 聊城市 first)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from indexer.lang.vocabulary import unit_ancestors


@dataclass
class UnitNode:
    name: str
    count: int
    children: list[UnitNode] = field(default_factory=list)

    def names(self) -> set[str]:
        """This unit and every unit below it."""
        return {self.name}.union(*(child.names() for child in self.children))

    def as_json(self) -> dict:
        return {"value": self.name, "count": self.count, "children": [c.as_json() for c in self.children]}


def nearest_present_ancestor(name: str, present: Mapping[str, object]) -> str | None:
    for ancestor in reversed(unit_ancestors(name)[:-1]):
        if ancestor in present and ancestor != name:
            return ancestor
    return None


def unit_tree(counts: list[dict]) -> list[UnitNode]:
    """Roots of the hierarchy; a unit whose parent is absent hangs under its nearest present ancestor."""
    nodes = {item["value"]: UnitNode(item["value"], item["count"]) for item in counts}
    roots: list[UnitNode] = []
    for name, node in nodes.items():
        parent = nearest_present_ancestor(name, nodes)
        (nodes[parent].children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: (-n.count, n.name))
    return sorted(roots, key=lambda n: (-n.count, n.name))


def children_of(name: str, counts: list[dict]) -> list[dict]:
    """The units directly below ``name`` among those counted."""
    present = {item["value"]: item for item in counts}
    return [
        item
        for item in counts
        if item["value"] != name and nearest_present_ancestor(item["value"], present) == name
    ]


def parents_of(counts: list[dict]) -> dict[str, str]:
    """Each counted unit's parent among those counted (roots have none)."""
    parents: dict[str, str] = {}
    stack = [("", node) for node in unit_tree(counts)]
    while stack:
        parent, node = stack.pop()
        if parent:
            parents[node.name] = parent
        stack += [(node.name, child) for child in node.children]
    return parents
