"""The staff query language, parsed into the engine-neutral query tree (``indexer.engines.base``).

    孙爱军 文明养犬          words, all required
    "市场环境提升"            an exact phrase (any substring of the text)
    养犬 OR 犬只              either
    创城 -交通                exclusion
    title:倡议书 unit:高新区 person:孙爱军   field prefixes
    docno:国办发〔2019〕3号     the document bearing that number (any bracket form, full-width digits)
    cites:国办发[2019]3号      the texts citing it

Each engine compiles the tree the same way: a word matches where its exact
characters stand (the bigram field), and jieba words in title and text rank.
A query's work is bounded by capping its length and its number of terms, ORs
and exclusions; a part with nothing searchable in it is a syntax error, never
"match everything".
"""

from __future__ import annotations

import re

from indexer.engines.base import Leaf, QueryTree
from indexer.lang import text as cjk_text
from search_app.facets import FACETS, KEYWORDS

FIELDS = ("title", "unit", "person", *KEYWORDS)
MAX_QUERY_CHARS = 200  # the longest real query in the staff's logs is under 40 characters
MAX_TERMS = 20
MAX_ORS = 10
MAX_EXCLUSIONS = 10
_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("([^"]*)"?|[^\s"]+)')

Parsed = QueryTree  # the name callers used before the tree moved to the engine seam


class QuerySyntaxError(ValueError):
    """A query the user must fix; the message says how, in Chinese."""


def parse_query(text: str) -> QueryTree:
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"查询语法错误：查询过长（{len(text)} 字），最多 {MAX_QUERY_CHARS} 字")
    if text.count('"') % 2:
        raise QuerySyntaxError('查询语法错误：引号不成对，请补全或删去多余的引号（"）')
    raw = _tokens(text.strip())
    _check_counts(raw)
    groups: list[list[Leaf]] = []
    negations: list[Leaf] = []
    expect_operand = False
    for index, item in enumerate(raw):
        if item == "OR":
            if not groups or expect_operand or index == len(raw) - 1:
                raise QuerySyntaxError("查询语法错误：OR 两边都需要查询词，例如：养犬 OR 犬只")
            expect_operand = True
            continue
        if item.negated:
            if expect_operand:
                raise QuerySyntaxError("查询语法错误：OR 后面不能直接跟排除词（-）")
            negations.append(item)
        elif expect_operand:
            groups[-1].append(item)
            expect_operand = False
        else:
            groups.append([item])
    if negations and not groups:
        raise QuerySyntaxError("查询语法错误：只有排除词（-）时没有可排除的结果，请至少给出一个查询词")
    return QueryTree(groups, negations)


def _check_counts(raw: list) -> None:
    leaves = [item for item in raw if item != "OR"]
    if len(leaves) > MAX_TERMS:
        raise QuerySyntaxError(f"查询语法错误：查询词过多（{len(leaves)} 个），最多 {MAX_TERMS} 个")
    ors = sum(1 for item in raw if item == "OR")
    if ors > MAX_ORS:
        raise QuerySyntaxError(f"查询语法错误：OR 过多（{ors} 个），最多 {MAX_ORS} 个")
    exclusions = sum(1 for item in leaves if item.negated)
    if exclusions > MAX_EXCLUSIONS:
        raise QuerySyntaxError(f"查询语法错误：排除词（-）过多（{exclusions} 个），最多 {MAX_EXCLUSIONS} 个")


def _tokens(text: str) -> list:
    items: list = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            break
        position = match.end()
        negated, field, whole, quoted = match.groups()
        if whole == "OR" and not negated and not field:
            items.append("OR")
            continue
        if field is None and quoted is None and re.fullmatch(r"[A-Za-z]+:", whole):
            raise QuerySyntaxError(f"查询语法错误：“{whole}”后面缺少查询词，例如 {whole}倡议书")
        if field is not None:
            field = field.lower()
            if field not in FIELDS:
                raise QuerySyntaxError(
                    f"查询语法错误：不认识的字段“{match.group(2)}:”，可用的字段有 "
                    + "、".join(f"{name}:" for name in FIELDS)
                )
        phrase = quoted is not None
        value = (quoted if phrase else whole).strip()
        if not value:
            raise QuerySyntaxError(f"查询语法错误：“{match.group(0).strip()}”后面缺少查询词")
        if not cjk_text.has_searchable(value):
            raise QuerySyntaxError(
                f"查询语法错误：“{value}”只有标点或符号，没有可检索的文字；请输入汉字、字母或数字"
            )
        if field == "unit":
            value = FACETS["unit"].clean(value)
        elif field in KEYWORDS:
            value = KEYWORDS[field].clean(value)
        items.append(Leaf(value, phrase, field, bool(negated)))
    return items
