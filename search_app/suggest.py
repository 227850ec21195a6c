"""Name suggestions for the search box: units and officials whose names hold what was typed."""

from __future__ import annotations

from indexer.engines.base import Store
from search_app.search import SearchRequest, search, units

LIMIT = 10


def suggestions(store: Store, typed: str, limit: int = LIMIT) -> list[dict]:
    """Names that start with the text first, then names that hold it; each as the query it completes to."""
    typed = typed.strip()
    if not typed:
        return []
    facets = search(store, SearchRequest()).get("facets", {})
    people = facets.get("official", [])
    found = [("unit", "单位", item) for item in units(store)] + [("person", "人物", item) for item in people]
    matching = [entry for entry in found if typed in entry[2]["value"]]
    matching.sort(key=lambda e: (not e[2]["value"].startswith(typed), -e[2]["count"], e[2]["value"]))
    return [
        {
            "kind": kind,
            "value": item["value"],
            "count": item["count"],
            "query": f"{kind}:{item['value']}",
            "label": f"{label}：{item['value']}（{item['count']} 篇）",
        }
        for kind, label, item in matching[:limit]
    ]
