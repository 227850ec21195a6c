"""The one table of facets. Everything about a facet is derived from its row here:

the index fields both engines build, the values an article record gives it, how a
filter value is normalised, the order its counts are listed in, its Chinese title
(pages, CSV, OpenAPI) and its URL and CLI parameter name. Adding a facet is adding
a row (and, for a page, its place in the sidebar template).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indexer.kinds import KIND_VALUES, STATEMENT_VALUES
from indexer.lang.vocabulary import typed_units, unit_ancestors
from indexer.records import ArticleRecord, UnitRecord


def unit_tree(units: list[UnitRecord]) -> list[str]:
    """Every normalised unit of an article with its ancestors, so a filter on a district finds its streets."""
    tree: list[str] = []
    for unit in units:
        for name in unit_ancestors(unit["normalized"]):
            if name not in tree:
                tree.append(name)
    return tree


def _date(record: ArticleRecord) -> str:
    return record.get("date") or ""


def _strip(value: str) -> str:
    return value.strip()


@dataclass(frozen=True)
class FacetSpec:
    name: str  # URL parameter, CLI option, JSON key
    field: str  # index field holding its values
    title: str  # Chinese title on pages and in exports
    values: Callable[[ArticleRecord], list[str]]  # the values an article record gives it
    by_value: bool = False  # list newest value first instead of by count
    clean: Callable[[str], str] = _strip  # a filter value as the index holds it
    readings: Callable[[str], tuple[str, ...]] | None = None  # every value a typed one may mean
    narrowed_by_dates: bool = False  # a from/to date range is one of its own filters
    description: str = ""  # what a filter value is, for the OpenAPI document and CLI help
    choices: tuple[str, ...] = ()  # the only values it can take, when they are few and fixed

    def filter_values(self, value: str) -> tuple[str, ...]:
        """The index values a filter value matches (any of them)."""
        return self.readings(value) if self.readings else (self.clean(value),)

    def ordered(self, counts, limit: int | None = None) -> list[dict]:
        if self.by_value:
            items = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
        else:
            items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [{"value": value, "count": count} for value, count in items[:limit]]


FACET_LIST: tuple[FacetSpec, ...] = (
    FacetSpec(
        "unit",
        "unit",
        "单位",
        lambda r: unit_tree(r["units"]),
        clean=lambda v: typed_units(v.strip())[0],
        readings=lambda v: typed_units(v.strip()),
        description="单位（规范名，含下级单位）",
    ),
    FacetSpec(
        "year",
        "year",
        "年份",
        lambda r: [_date(r)[:4]] if _date(r) else [],
        by_value=True,
        narrowed_by_dates=True,
        description="年份，如 2021",
    ),
    FacetSpec(
        "month",
        "month",
        "月份",
        lambda r: [_date(r)[:7]] if len(_date(r)) >= 7 else [],  # a year alone has no month
        by_value=True,
        narrowed_by_dates=True,
        description="月份 YYYY-MM",
    ),
    FacetSpec(
        "kind",
        "kind",
        "类型",
        lambda r: [r["kind"]],
        description="文章类型：简报、新闻、公文各文种（通知、通报…）或其他",
        choices=KIND_VALUES,
    ),
    FacetSpec(
        "official",
        "official",
        "人物",
        lambda r: sorted({o["name"] for o in r["officials"]}),
        description="人物姓名",
    ),
    FacetSpec(
        "type",
        "type",
        "表态",
        lambda r: sorted({s["type"] for s in r["statements"]}),
        description="含有的表态类型",
        choices=STATEMENT_VALUES,
    ),
)
FACETS: dict[str, FacetSpec] = {f.name: f for f in FACET_LIST}
FACET_TITLES: dict[str, str] = {f.name: f.title for f in FACET_LIST}


def facet_values(record: ArticleRecord) -> dict[str, list[str]]:
    return {f.name: f.values(record) for f in FACET_LIST}
