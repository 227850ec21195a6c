"""A document's protective marking, read from its header: 内部资料 on a briefing's cover, 秘密★1年 above a
notice's title. Pure: text in, a level out.

The 公文 parser already reads 密级和保密期限 (``Document.classification``); briefings and other papers
carry marks it does not cover (内部资料, 内部刊物, 请勿外传), and a 公文 it did not recognise as one may
still carry 秘密. Only the first lines count, and only a mark standing as a word of its own there: a
sentence that speaks of 内部管理 or of 秘密 is no marking.
"""

from __future__ import annotations

import re
from functools import cache

from indexer.lang.vocabulary import DATA_DIR, read_rows

# Ordered from least to most restricted; indexer.access reads them in this order.
PUBLIC, INTERNAL = "public", "internal"
LEVELS = (PUBLIC, INTERNAL, "秘密", "机密", "绝密")
HEADER_LINES = 12  # a header is the lines above the title: a cover has at most about this many
MAX_LINE = 60  # a longer line is body text, not a header mark
_FILLER = "-"
# A mark's period after its star (★1年, ★6个月, ★长期, ★启用前); bounded, so linear.
_PERIOD = re.compile(r"[★☆*]\s{0,2}[0-9一二三四五六七八九十]{0,3}\s{0,2}(?:年|个月|长期|启用前)?")
# Words are split on spaces and the brackets and separators that surround marks.
_SEPARATORS = re.compile(r"[\s\u3000（）()【】\[\]〔〕<>《》「」、，,:：;；·|/]+")


@cache
def marks() -> dict[str, tuple[str, bool]]:
    """mark → (level or "-", counts only on a line of marks alone), from indexer/data/access_marks.tsv."""
    return {mark: (level, alone == "yes") for mark, level, alone in read_rows(DATA_DIR / "access_marks.tsv")}


def rank(level: str) -> int:
    return LEVELS.index(level)


def stricter(a: str, b: str) -> str:
    return a if rank(a) >= rank(b) else b


def line_level(line: str) -> str:
    """The level a header line marks (PUBLIC when it marks none)."""
    if len(line) > MAX_LINE:
        return PUBLIC
    words = [w for w in _SEPARATORS.split(_PERIOD.sub(" ", line)) if w]
    known = marks()
    found = [known[w] for w in words if w in known]
    if not found:
        return _leading_mark(line)
    only_marks = len(found) == len(words)
    level = PUBLIC
    for mark_level, alone in found:
        if mark_level != _FILLER and (only_marks or not alone):
            level = stricter(level, mark_level)
    return level


_STARRED = re.compile(r"[（(【\[]?(绝密|机密|秘密)\s{0,2}[★☆]")


def _leading_mark(line: str) -> str:
    """A mark run together with what follows it (a PDF's cover, or text whose spaces were lost): only a
    starred level, or a mark of four characters or more that counts wherever it stands."""
    starred = _STARRED.match(line)
    if starred:
        return starred.group(1)
    bare = line.lstrip("（(【[ \u3000")
    for mark, (level, alone) in marks().items():
        if len(mark) >= 4 and level != _FILLER and not alone and bare.startswith(mark):
            return level
    return PUBLIC


def header_level(text: str) -> str:
    """The strictest mark in the first HEADER_LINES non-blank lines of ``text``."""
    level = PUBLIC
    lines = (line for line in text.split("\n") if line.strip())
    for number, line in enumerate(lines):
        if number >= HEADER_LINES:
            break
        level = stricter(level, line_level(line.strip()))
    return level


def marking(header_text: str, classifications: list[str | None]) -> str:
    """A source's level: the strictest of its header's marks and the 密级 its documents were parsed with."""
    level = header_level(header_text)
    for classified in classifications:
        if classified in LEVELS:
            level = stricter(level, classified)
    return level
