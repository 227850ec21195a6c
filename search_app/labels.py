"""Chinese labels for the values the search layer returns in English or as numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indexer.facet_registry import FACET_TITLES as REGISTRY_TITLES
from indexer.facet_registry import FACETS
from indexer.kinds import STATEMENT_LABELS, is_gongwen, kind_label, statement_label
from indexer.records import document_of

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


# -- 公文 fields ------------------------------------------------------------------------------------------------------

CITES = "cites"  # the relation of a citation no verb names


def relation(value: str) -> str:
    """The verb a document is cited with (转发, 根据 …); 引用 when no verb names it."""
    return "引用" if value == CITES else value


def classification(item: Mapping[str, Any] | None) -> str:
    """秘密★1年, as GB/T 9704 prints 密级和保密期限; 秘密 without a period; empty without a level."""
    if not item or not item.get("level"):
        return ""
    return f"{item['level']}★{item['period']}" if item.get("period") else str(item["level"])


def printed(item: Mapping[str, Any] | None) -> str:
    """聊城市人民政府办公室 2021-03-11 印发."""
    if not item or not (item.get("by") or item.get("date")):
        return ""
    return " ".join(x for x in (item.get("by"), item.get("date"), "印发") if x)


def attachments(names: list[str]) -> str:
    """1.项目清单；2.预算表 (one name as it is)."""
    if len(names) == 1:
        return names[0]
    return "；".join(f"{n}.{name}" for n, name in enumerate(names, start=1))


def gongwen_fields(record) -> list[tuple[str, str]]:
    """An article's 公文 fields as pages and the CLI show them: (label, value) of each field its document
    has; none for an article of a briefing, a news report or another text."""
    doc = document_of(record)
    if not is_gongwen(record["kind"]) and not doc["doc_number"]:
        return []
    rows = [
        ("文种", kind(record["kind"])),
        ("发文字号", doc["doc_number"]),
        ("发文机关", doc["issuer"]),
        ("成文日期", doc["signed_date"]),
        ("主送", "，".join(doc["recipients"]["main"])),
        ("抄送", "，".join(doc["recipients"]["cc"])),
        ("签发人", doc["signer"]),
        ("密级", classification(doc["classification"])),
        ("紧急程度", doc["urgency"]),
        ("附件", attachments(doc["attachments"])),
        ("印发", printed(doc["printed"])),
        ("份号", doc["copy_number"]),
    ]
    return [(label, value) for label, value in rows if value]
