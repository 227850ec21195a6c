"""Where a paragraph's sentences end, and where a sentence splits into statements.

- ``sentences``: a sentence ends at 。！？ (closing quotes stay with it); a ；or ：
  followed by a point marker (一是, 二、, （三）, 2.) ends one too, so that each point of
  "任勇要求：一是…；二是…" is a sentence of its own.
- ``pieces``: one sentence holds one statement, unless its parts carry their own
  statement: a ；-part that opens a new matter (在…方面, 就…方面, 对于…的), names its own
  addressee (…；各责任部门要…), or has its own time limit while the part before has
  one too; a ，/、 part with its own time limit after a part with another (…6月底前开工、
  12月底前完工); a ，-part of another kind (…，今后，我市将依法…). The pieces are
  contiguous slices of the sentence, so each can be found in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.parse import moods
from indexer.parse.lines import HAN

SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’」』）)]*)?")
POINT_AFTER = re.compile(
    r"[；;：:](?=\s*(?:[一二三四五六七八九十]{1,3}(?:是|要|、)|[（(][一二三四五六七八九十\d]{1,3}[)）]))"
)
MAJOR = re.compile(r"[；;]")
MINOR = re.compile(r"[，,、]")
NEW_MATTER = re.compile(r"^(?:在|就|关于|对于)[^，,；;]{1,60}?(?:方面|问题上|的)[，,]")
# …，今后，我市将依法…: a pledge of the speaker's own inside an order (first person or 本…).
OWN_PLEDGE = re.compile(
    r"^(?:今后|下一步|同时|此外)?[，,]?(?:我们|我市|我县|我区|我局|我委|我办|本单位|本部门)(?:将|会|一定)"
)
# …，交通部将进行行业审查，发展改革委将…: each unit's pledge is a statement of its own.
ORG_END = r"(?:部|委|办|局|署|厅|室|院|中心|政府|办公厅|办公室)"
UNIT_PLEDGE = re.compile(
    rf"^(?:并|同时|还|目前|今后)?[，,]?([{HAN}]{{2,14}}?{ORG_END}|该[委部局办署厅])(?:也|还|亦)?(?:表示)?[，,]?"
    r"(?:将|拟|争取)(?!你)"
)


@dataclass(frozen=True)
class Piece:
    start: int  # offset in the sentence
    end: int
    own_kind: str | None = None  # "commitment" for a pledge of the speaker's own inside an order


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, as written (surrounding spaces dropped)."""
    found = []
    for match in SENTENCE.finditer(paragraph):
        text = match.group(0)
        cut = 0
        for point in POINT_AFTER.finditer(text):
            found.append(text[cut : point.end()])
            cut = point.end()
        found.append(text[cut:])
    return [s.strip() for s in found if s.strip()]


def pieces(sentence: str, limit_starts: Sequence[int]) -> list[Piece]:
    """Contiguous statement pieces of a sentence. ``limit_starts``: where the time limits the
    caller found in the sentence start (its deadline finder runs once a sentence)."""

    def limits(start: int, end: int) -> int:
        return sum(start <= at < end for at in limit_starts)

    parts = _split(sentence, MAJOR)
    merged: list[tuple[int, int]] = []
    for start, end in parts:
        if merged and not _stands_alone(sentence, merged[-1], (start, end), limits):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    result: list[Piece] = []
    for start, end in merged:
        result += _minor_pieces(sentence, start, end, limits)
    return result


def _split(text: str, separator: re.Pattern, base: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the parts of text[base:end], each with its trailing separator."""
    end = len(text) if end is None else end
    spans, start = [], base
    for match in separator.finditer(text, base, end):
        spans.append((start, match.end()))
        start = match.end()
    if start < end:
        spans.append((start, end))
    return [s for s in spans if text[s[0] : s[1]].strip("，,、；; ")]


def _stands_alone(sentence: str, before: tuple[int, int], part: tuple[int, int], limits) -> bool:
    text = sentence[part[0] : part[1]]
    if NEW_MATTER.match(text.strip()) and moods.has_stance(text):
        return True
    if moods.subject_addressee(moods.clauses(text)[0] if moods.clauses(text) else "") and moods.MODAL.search(
        text
    ):
        return True
    return limits(*part) > 0 and limits(*before) > 0


def _minor_pieces(sentence: str, start: int, end: int, limits) -> list[Piece]:
    parts = _split(sentence, MINOR, start, end)
    pieces: list[Piece] = []
    cut, kind, limited = start, None, False
    for part_start, part_end in parts:
        text = sentence[part_start:part_end]
        own = OWN_PLEDGE.match(text.strip()) or UNIT_PLEDGE.match(text.strip())
        has_limit = limits(part_start, part_end) > 0
        opens = part_start > cut and ((has_limit and limited) or bool(own))
        if opens:
            pieces.append(Piece(cut, part_start, kind))
            cut, limited = part_start, False
        if own:
            kind = "commitment"
        if opens and not own:
            kind = None
        limited = limited or has_limit
    pieces.append(Piece(cut, end, kind))
    return pieces
