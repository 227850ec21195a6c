"""Line-level view of clean text: offsets, squashing, heading and footer tests.

The parser works on lines (paragraphs) with their char offsets in the input, so
that every Article can point back at where it starts. Everything here tolerates
text that was not cleaned perfectly: blank lines, stray spaces, "# " headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from indexer.lang.text import CJK_PUNCT_AND_FORMS as CJK_PUNCT
from indexer.lang.text import ELLIPSIS, FULL_STOPS, HAN, SEMICOLONS, SPACE_RUN, squash

MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
BULLET = re.compile(r"^(?:[-*•·●○◆◇■□▪►]|\d{1,2}[.、．]|[（(]\d{1,2}[)）])\s*")
# Spaces touching a CJK char or CJK punctuation carry no meaning (converter layout).
SPACE_NEAR_CJK = re.compile(
    rf"(?<=[{HAN}{CJK_PUNCT}0-9])[ \t\u00a0\u3000]+(?=[{HAN}{CJK_PUNCT}])"
    rf"|(?<=[{HAN}{CJK_PUNCT}])[ \t\u00a0\u3000]+(?=[0-9])"
)
SENTENCE_END = FULL_STOPS + SEMICOLONS + ELLIPSIS
CLAUSE_END = SENTENCE_END + "，,：:、"
# Sub-headings inside an article body (一、 （一） 1. 第一，) are never article titles.
NUMBERED_SUBHEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、．.]|第[一二三四五六七八九十]{1,3}[，,、是])"
)
PARTICIPANT = re.compile(rf"^[（(]?[{HAN}、·]{{2,24}}(?:参加|出席|陪同)[)）]?$")
FOOTER_START = re.compile(r"^(?:报送?|抄报|抄送|分送|发送?|主送|印发|送)[：:]|^[（(]?共印\s*\d+\s*份")
EDITOR_LINE = re.compile(r"^(?:责任编辑|编辑|审核|签发|审签|校对|联系电话|电话|地址|主编|责编)[：:]")


@dataclass(frozen=True)
class Line:
    start: int  # char offset of the first non-space char in the parsed text
    end: int  # offset just past the last non-space char
    text: str  # the line as written, stripped, markdown heading marks removed

    @cached_property
    def flat(self) -> str:  # read many times a line by the heading and title matchers
        return squash(self.text)


def tidy(text: str) -> str:
    """Collapse layout spaces: none next to CJK, single spaces elsewhere."""
    text = SPACE_RUN.sub(" ", text.strip())
    return SPACE_NEAR_CJK.sub("", text)


def split_lines(text: str, base: int = 0) -> list[Line]:
    """Non-blank lines of text with their offsets (plus base)."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            heading = MARKDOWN_HEADING.match(stripped)
            body = stripped[heading.end() :] if heading else stripped
            if body:
                start = base + pos + lead
                lines.append(Line(start, start + len(stripped), body))
        pos += len(raw) + 1
    return lines


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip("”’\"')）】」』")
    return bool(stripped) and stripped[-1] in SENTENCE_END


_HAN_CHAR = re.compile(f"[{HAN}]")


def han_count(text: str) -> int:
    return len(_HAN_CHAR.findall(text))


def is_heading_like(text: str, max_len: int = 40) -> bool:
    """A short line that does not end a sentence: a title candidate."""
    flat = squash(text)
    if not flat or len(flat) > max_len or han_count(flat) < 2:
        return False
    if flat[-1] in CLAUSE_END or ends_sentence(flat):
        return False
    return not (FOOTER_START.match(flat) or EDITOR_LINE.match(flat))


def is_body_paragraph(text: str) -> bool:
    flat = squash(text)
    return ends_sentence(flat) or len(flat) > 45


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？； (closing quotes stay with their sentence)."""
    parts = re.findall(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[”’」』）)]*)?", text)
    return [p.strip() for p in parts if p.strip()]
