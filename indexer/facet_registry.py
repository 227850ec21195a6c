"""The one table of facets. Everything about a facet is derived from its row here:

the index fields both engines build, the values an article record gives it, how a
filter value is normalised and checked, the order its counts are listed in, its Chinese
title and how a value is shown (pages, CSV, feeds, OpenAPI) and its URL and CLI parameter
name. Adding a facet is adding a row.

Beside it, the table of keyword fields (``KEYWORD_LIST``): values matched exactly by a query
prefix (``docno:国办发〔2019〕3号``), never counted or listed. Every engine indexes each row's
field as it indexes a facet's; the query language takes each row's name as a prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.kinds import KIND_VALUES, STATEMENT_VALUES, kind_label, statement_label
from indexer.lang.vocabulary import typed_units, unit_ancestors
from indexer.records import ArticleRecord, UnitRecord, cites_of, document_of


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


def _as_is(value: str) -> str:
    return value


def _year_label(year: str) -> str:
    return f"{year}年"


def _month_label(month: str) -> str:
    """2021-05 → 2021年5月."""
    return f"{month[:4]}年{int(month[5:])}月" if len(month) == 7 else month


def _accepted(facet: FacetSpec, value: str) -> str | None:
    return None


def not_a_choice(facet: FacetSpec, value: str) -> str | None:
    """Why a value outside the facet's fixed choices is refused; None when it has no fixed choices."""
    if facet.choices and value not in facet.choices:
        return f"无效：“{value}”，可选 {'、'.join(facet.choices)}"
    return None


def _shaped(pattern: str, form: str) -> Callable[[FacetSpec, str], str | None]:
    """A refusal of every value that is not ``pattern`` entire; ``form`` says what is wanted."""
    compiled = re.compile(pattern)

    def refusal(facet: FacetSpec, value: str) -> str | None:
        return None if compiled.fullmatch(value) else f"须为{form}，收到“{value}”"

    return refusal


@dataclass(frozen=True)
class FacetSpec:
    name: str  # URL parameter, CLI option, JSON key
    field: str  # index field holding its values
    title: str  # Chinese title on pages and in exports
    values: Callable[[ArticleRecord], list[str]]  # the values an article record gives it
    by_value: bool = False  # list newest value first instead of by count
    clean: Callable[[str], str] = _strip  # a filter value as the index holds it
    readings: Callable[[str], tuple[str, ...]] | None = None  # every value a typed one may mean
    description: str = ""  # what a filter value is, for the OpenAPI document and CLI help
    choices: tuple[str, ...] = ()  # the only values it can take, when they are few and fixed
    label: Callable[[str], str] = _as_is  # a value as pages, chips, feeds and exports show it
    # why a value in a URL is refused before any page shows it back (None: accepted); the search
    # request checks ``choices`` for every facet later
    refusal: Callable[[FacetSpec, str], str | None] = _accepted

    def check(self, value: str) -> str | None:
        """Why a filter value from a URL is refused, in Chinese; None when it is accepted."""
        why = self.refusal(self, value)
        return f"参数 {self.name} {why}" if why else None

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
        description="年份，如 2021",
        label=_year_label,
        refusal=_shaped(r"(1[89]|2[0-9])[0-9]{2}", "四位年份，如 2021"),
    ),
    FacetSpec(
        "month",
        "month",
        "月份",
        lambda r: [_date(r)[:7]] if len(_date(r)) >= 7 else [],  # a year alone has no month
        by_value=True,
        description="月份 YYYY-MM",
        label=_month_label,
        refusal=_shaped(r"(1[89]|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])", "年月 YYYY-MM（月份 01–12）"),
    ),
    FacetSpec(
        "kind",
        "kind",
        "文种",
        lambda r: [r["kind"]],
        description="文种：简报、新闻、公文各文种（通知、通报、意见、决定、方案、纪要、报告、请示、批复、函）或其他",
        choices=KIND_VALUES,
        label=kind_label,
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
        label=statement_label,
        refusal=not_a_choice,
    ),
)
FACETS: dict[str, FacetSpec] = {f.name: f for f in FACET_LIST}
FACET_TITLES: dict[str, str] = {f.name: f.title for f in FACET_LIST}


def facet_values(record: ArticleRecord) -> dict[str, list[str]]:
    return {f.name: f.values(record) for f in FACET_LIST}


# -- keyword fields --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeywordSpec:
    name: str  # the query prefix (``docno:``)
    field: str  # index field holding its values (never a facet's)
    values: Callable[[ArticleRecord], list[str]]  # the values an article record gives it
    clean: Callable[[str], str]  # a value, from a record or typed in a query, as the index holds it
    description: str  # what the prefix finds, for the OpenAPI document and the syntax help


def _doc_number(written: str) -> str:
    """``indexer.parse.docnumbers.normalize_doc_number``, imported when first needed: importing the parse
    package costs every search command 0.1–0.2 s at start, and only a query naming a number needs it."""
    from indexer.parse.docnumbers import normalize_doc_number

    return normalize_doc_number(written)


def _own_number(record: ArticleRecord) -> list[str]:
    number = document_of(record)["doc_number"]
    return [_doc_number(number)] if number else []


def _cited_numbers(record: ArticleRecord) -> list[str]:
    numbers = (_doc_number(c["doc_number"]) for c in cites_of(record) if c["doc_number"])
    return list(dict.fromkeys(numbers))


KEYWORD_LIST: tuple[KeywordSpec, ...] = (
    KeywordSpec("docno", "docno", _own_number, _doc_number, "发文字号为此号的公文"),
    KeywordSpec("cites", "cites", _cited_numbers, _doc_number, "引用了此发文字号的文章"),
)
KEYWORDS: dict[str, KeywordSpec] = {k.name: k for k in KEYWORD_LIST}


def keyword_values(record: ArticleRecord) -> dict[str, list[str]]:
    return {k.name: k.values(record) for k in KEYWORD_LIST}
