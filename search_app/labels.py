"""Chinese labels for the values the search layer returns in English or as numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indexer.facet_registry import FACET_TITLES as REGISTRY_TITLES
from indexer.facet_registry import FACETS
from indexer.kinds import STATEMENT_LABELS, kind_label, statement_label

SORTS = {"relevance": "相关度", "-date": "日期 新→旧", "date": "日期 旧→新"}
FACET_TITLES = {**REGISTRY_TITLES, "from": "起始日期", "to": "截止日期"}
STATEMENT_TYPES: dict[str, str] = {str(t): label for t, label in STATEMENT_LABELS.items()}  # value → 指示…


def kind(value: str) -> str:
    """简报 for briefing; a value no kind has is shown as it is."""
    return kind_label(value)


def statement_type(value: str) -> str:
    """指示 for directive; a value no type has is shown as it is."""
    return statement_label(value)


def facet_value(name: str, value: str) -> str:
    """A filter value as its facet shows it (2021年5月, 简报); a value of no facet as it is."""
    facet = FACETS.get(name)
    return facet.label(value) if facet else value


def issue(issue: Mapping[str, Any] | None) -> str:
    """聊城市创建全国文明城市工作简报 第27期"""
    if not issue:
        return ""
    series = issue.get("series") or ""
    number = issue.get("number")
    return f"{series} 第{number}期" if number is not None else series


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target(item: dict) -> str:
    """61个网格 — a target's number and measure (its deadline is shown apart)."""
    return f"{number(item.get('number'))}{item.get('measure') or ''}"


def targets(items: list[dict]) -> str:
    return "；".join(t for t in (target(i) for i in items) if t)


def deadlines(items: list[dict]) -> str:
    return "；".join(dict.fromkeys(i["deadline"] for i in items if i.get("deadline")))


def file_name(path: str | None) -> str:
    return (path or "").replace("\\", "/").rsplit("/", 1)[-1]
