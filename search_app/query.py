"""The staff query language, parsed into Whoosh queries.

    孙爱军 文明养犬          words, all required
    "市场环境提升"            an exact phrase (any substring of the text)
    养犬 OR 犬只              either
    创城 -交通                exclusion
    title:倡议书 unit:高新区 person:孙爱军   field prefixes

Every word is widened at its own leaf: jieba words in title and text, OR the
CJK bigram phrase, so that a fragment jieba segments differently (爱军 inside
孙爱军) is still found, and ``-word`` still excludes everything it matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as q

from indexer import analysis
from indexer.vocabulary import normalize_unit
from search_app.sequence import Character, Sequence

FIELDS = ("title", "unit", "person")
_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("([^"]*)"?|[^\s"]+)')


class QuerySyntaxError(ValueError):
    """A query the user must fix; the message says how, in Chinese."""


@dataclass
class Leaf:
    text: str
    phrase: bool = False
    field: str | None = None
    negated: bool = False


@dataclass
class Parsed:
    groups: list[list[Leaf]]  # AND of ORs
    negations: list[Leaf]

    @property
    def needles(self) -> list[str]:
        """The literal strings to highlight."""
        return [leaf.text for group in self.groups for leaf in group if leaf.field != "unit"]

    @property
    def empty(self) -> bool:
        return not self.groups and not self.negations


def parse_query(text: str) -> Parsed:
    if text.count('"') % 2:
        raise QuerySyntaxError('查询语法错误：引号不成对，请补全或删去多余的引号（"）')
    raw = _tokens(text.strip())
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
    return Parsed(groups, negations)


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
                    f"查询语法错误：不认识的字段“{match.group(2)}:”，可用的字段有 title:、unit:、person:"
                )
        phrase = quoted is not None
        value = (quoted if phrase else whole).strip()
        if not value or not analysis.bigrams(value):
            if negated or field:
                raise QuerySyntaxError(f"查询语法错误：“{match.group(0).strip()}”后面缺少查询词")
            continue  # punctuation alone searches for nothing
        items.append(Leaf(value, phrase, field, bool(negated)))
    return items


def _sequence(fieldname: str, tokens: list[str], boost: float = 1.0) -> q.Query:
    if len(tokens) == 1:
        return q.Term(fieldname, tokens[0], boost=boost)
    return Sequence(fieldname, tokens, boost=boost)


def _all_words(fieldname: str, words: list[str], boost: float = 1.0) -> q.Query:
    if len(words) == 1:
        return q.Term(fieldname, words[0], boost=boost)
    return q.And([q.Term(fieldname, w) for w in words], boost=boost)


def _substring(fieldname: str, text: str, boost: float = 1.0) -> q.Query:
    tokens = analysis.bigrams(text)
    if len(tokens) == 1 and len(tokens[0]) == 1 and analysis.is_cjk(tokens[0]):
        return Character(fieldname, tokens[0], boost=boost)
    return _sequence(fieldname, tokens, boost)


def leaf_query(leaf: Leaf) -> q.Query:
    """What a leaf matches is decided by the bigram field alone (exact substrings, a superset of
    jieba's words); title and word clauses only add to the score, so they cost no extra matching."""
    if leaf.field == "unit":
        return q.Term("unit", normalize_unit(leaf.text))
    if leaf.field == "person":
        return q.Or([q.Term("official", leaf.text), _substring("cjk", leaf.text)])
    title_only = leaf.field == "title"
    required = _substring("title_cjk" if title_only else "cjk", leaf.text)
    scoring = [] if title_only else [_substring("title_cjk", leaf.text, boost=3.0)]
    words = analysis.words(leaf.text)
    if words and not leaf.phrase:
        scoring.append(_all_words("title", words, boost=3.0))
        if not title_only:
            scoring.append(_all_words("text", words))
    if not scoring:
        return required
    return q.AndMaybe(required, scoring[0] if len(scoring) == 1 else q.Or(scoring))


def to_whoosh(parsed: Parsed) -> q.Query:
    if not parsed.groups:
        return q.Every()
    required = [
        q.Or([leaf_query(leaf) for leaf in group]) if len(group) > 1 else leaf_query(group[0])
        for group in parsed.groups
    ]
    query: q.Query = q.And(required) if len(required) > 1 else required[0]
    plain = [g[0] for g in parsed.groups if len(g) == 1 and not g[0].field]
    if len(plain) > 1:
        # words that stand together in the text rank above the same words scattered
        together = "".join(leaf.text for leaf in plain)
        query = q.AndMaybe(query, _substring("cjk", together, boost=2.0))
    if parsed.negations:
        query = q.AndNot(query, q.Or([leaf_query(leaf) for leaf in parsed.negations]))
    return query
