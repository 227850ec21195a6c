"""Quantitative targets in a sentence: Target(number, measure, deadline).

Choices: the number is kept as written with its magnitude word in the measure
("新开工4.9万套" → 4.9, "万套"), so nothing is lost or rounded; the measure is the
classifier plus the thing counted ("104个老旧小区改造" → 104, "个老旧小区改造");
percentages have measure "%". Deadlines: "2020" (到2020年), "2020-12" (2020年底),
"2021-03" (3月底前, with a reference year), "年内", "年底", "今年", "立即".
"""

from __future__ import annotations

import re

from indexer.parse.dates import cn_small_int
from indexer.parse.lines import HAN
from indexer.records import Target
from indexer.vocabulary import word_list

CLASSIFIER = "|".join(map(re.escape, sorted(word_list("parse_classifiers"), key=len, reverse=True)))
ARABIC_QUANTITY = re.compile(
    rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(多|余)?\s*([万亿千百]?)\s*(多|余)?\s*({CLASSIFIER})"
)
CHINESE_QUANTITY = re.compile(
    rf"(?<![第一二三四五六七八九十百千万{HAN[:0]}])([两二三四五六七八九十百]{{1,4}})(个|项|条|处|支|家|所|名|类|批)"
)
TAIL_STOP = re.compile(
    r"全部|全面|基本|以上|以下|左右|进行|开展|实现|达到|完成|提高|提升|不低于|的|和|及|与|等|[^" + HAN + "]"
)
YEAR_DEADLINE = re.compile(r"((?:19|20)\d{2})\s*年\s*(底|末|前|内|年底)?")
MONTH_DEADLINE = re.compile(
    r"(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?:底|末|中旬|上旬|下旬)?\s*(?:前|之前)"
)
WORD_DEADLINES = (("年内", "年内"), ("年底前", "年底"), ("年底", "年底"), ("今年", "今年"), ("立即", "立即"))
GOAL_WORDS = re.compile(r"力争|确保|争取|保证|完成|实现|消除|达到|建成|前|底|年内|立即")
BOOK_TITLE = re.compile(r"《[^》]*》")


def _tail(text: str, start: int) -> str:
    window = text[start : start + 8]
    stop = TAIL_STOP.search(window)
    return window[: stop.start()] if stop else window


def _clauses(sentence: str) -> list[str]:
    return [c for c in re.split(r"[，；;,。！？]", BOOK_TITLE.sub("", sentence)) if c]


def deadline_in(text: str, reference_year: int | None) -> str | None:
    found = []
    for match in YEAR_DEADLINE.finditer(text):
        tail = match.group(2) or ""
        value = match.group(1) + ("-12" if tail in ("底", "末", "年底") else "")
        found.append((match.start(), value))
    for match in MONTH_DEADLINE.finditer(text):
        month = cn_small_int(match.group(1))
        if reference_year and month and 1 <= month <= 12:
            found.append((match.start(), f"{reference_year:04d}-{month:02d}"))
    for word, value in WORD_DEADLINES:
        index = text.find(word)
        if index >= 0 and not any(a <= index < a + 8 for a, _ in found):
            found.append((index, value))
    return min(found)[1] if found else None


def _quantities(clause: str) -> list[tuple[float, str]]:
    found = []
    for match in ARABIC_QUANTITY.finditer(clause):
        measure = match.group(3) + match.group(5)
        if match.group(5) not in ("%", "％"):
            measure += _tail(clause, match.end())
        found.append((match.start(), float(match.group(1)), measure.replace("％", "%")))
    for match in CHINESE_QUANTITY.finditer(clause):
        number = cn_small_int(match.group(1).replace("两", "二"))
        if number and number > 1:
            found.append((match.start(), float(number), match.group(2) + _tail(clause, match.end())))
    return [(number, measure) for _, number, measure in sorted(found)]


def find_targets(sentence: str, reference_year: int | None = None) -> list[Target]:
    """Targets of one sentence; a clause with a deadline but no number gives a deadline-only target."""
    sentence_deadline = deadline_in(BOOK_TITLE.sub("", sentence), reference_year)
    targets = []
    for clause in _clauses(sentence):
        clause_deadline = deadline_in(clause, reference_year)
        quantities = _quantities(clause)
        for number, measure in quantities:
            targets.append(Target(number, measure, clause_deadline or sentence_deadline))
        if not quantities and clause_deadline and GOAL_WORDS.search(clause):
            targets.append(Target(None, None, clause_deadline))
    return targets
