"""Clean raw extracted text: one paragraph per line, no converter noise.

Output contract (the parser relies on it):
- one paragraph per line, lines joined by "\\n", no blank lines, no leading or
  trailing whitespace on a line;
- headings, titles, contents entries ("- …"), short lines ("第27期", "共印260份")
  stay on their own line;
- no spaces between two CJK characters (digits count as CJK neighbours here:
  "2021 年 5 月" → "2021年5月"); half-width , : ; between CJK become full-width;
- converter notices (patterns in data/boilerplate.txt), page numbers and running
  headers/footers are gone; sentences split by page breaks, blank lines or hard
  line wraps are joined again.

Pure functions; the only I/O is reading the boilerplate patterns once.
clean_text(clean_text(x)) == clean_text(x): the cleaning passes run until
nothing changes, so the result is a fixpoint by construction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from indexer.lang.segment import segmenter
from indexer.lang.text import CJK_PUNCT, ELLIPSIS, FULL_STOPS, HAN, NUMBER_CLOSE, NUMBER_OPEN
from indexer.records import Cleaned

BOILERPLATE_FILE = Path(__file__).parent / "data" / "boilerplate.txt"
TITLE_ENDINGS_FILE = Path(__file__).parent / "data" / "title_endings.txt"
MAX_PASSES = 8

# --- character classes -------------------------------------------------------

KANA_HANGUL = r"\u3040-\u30ff\uac00-\ud7af"
CJK_WORD = HAN + KANA_HANGUL
CJK_LIKE = CJK_WORD + CJK_PUNCT
SPACE_CLASS = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"

# Spaces between two CJK-like characters, or between CJK and a digit, are layout
# artefacts of converters (justification, "2021 年 5 月"), never meaning.
SPACES_AROUND_CJK = re.compile(
    rf"(?<=[{CJK_LIKE}]){SPACE_CLASS}+(?=[{CJK_LIKE}0-9])"
    rf"|(?<=[0-9]){SPACE_CLASS}+(?=[{CJK_LIKE}])"
)
HALF_WIDTH_PUNCT = re.compile(rf"(?<=[{CJK_WORD}])([,:;])(?=[{CJK_WORD}])")
FULL_WIDTH_OF = {",": "，", ":": "：", ";": "；"}
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MULTI_SPACE = re.compile(rf"{SPACE_CLASS}+")

# Sentence ends; a closing quote/bracket ends a sentence only right after one.
TERMINATORS = FULL_STOPS + ELLIPSIS
CLOSERS = "”’」』）)》〉】\"'"
# A line ending in one of these is mid-sentence whatever its length.
CONTINUATION_ENDS = "，、,；;（(《〈【“‘「『—"
# A line starting with one of these belongs to the line before (PDF line
# breaking pushes punctuation to the next line).
LEADING_TAILS = "，。、；：！？,;:!?）)》〉】”’」』…%％"

LIST_ITEM = re.compile(
    r"^(?:[-•·●○◆■▪*]\s"
    r"|[一二三四五六七八九十百]+[、是]"
    r"|[（(][一二三四五六七八九十百\d]+[)）]"
    r"|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节条部分篇]"
    r"|[①-⑳])"
)

PAGE_NUMBER = re.compile(
    r"^(?:"
    r"[-–—－_~·•]\s*\d{1,4}\s*[-–—－_~·•]"  # - 3 -
    r"|[-–—－]\s*[ivxlcdm]{1,6}\s*[-–—－]"  # - iv -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"  # 第3页 共5页
    r"|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/5
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"  # Page 3 of 5
    r")$",
    re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^\d{1,4}$")

# Lines this wide or wider are paragraph fragments, never headings.
PARAGRAPH_WIDTH = 48
# Dangling words: a line ending in one cannot end a sentence or a heading.
DANGLING_ENDS = (
    "的",
    "地",
    "得",
    "和",
    "与",
    "及",
    "或",
    "到",
    "将",
    "对",
    "在",
    "把",
    "被",
    "向",
    "从",
    "以",
    "为",
    "是",
    "而",
    "并",
    "且",
    "由",
    "于",
    "至",
    "之",
    "其",
    "各",
    "每",
    "该",
    "这",
    "那",
    "确保",
    "进一步",
    "就",
    "要",
    "让",
    "使",
    "给",
)


# --- data file -----------------------------------------------------------------


@cache
def boilerplate_patterns(path: Path = BOILERPLATE_FILE) -> tuple[re.Pattern, ...]:
    """The converter-notice regexes of data/boilerplate.txt, compiled once."""
    patterns = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            patterns.append(re.compile(line, re.IGNORECASE))
    return tuple(patterns)


@cache
def title_endings(path: Path = TITLE_ENDINGS_FILE) -> tuple[str, ...]:
    """Words a title ends with (data/title_endings.txt), longest first."""
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines()]
    return tuple(sorted((w for w in words if w and not w.startswith("#")), key=len, reverse=True))


# --- line level ----------------------------------------------------------------


def display_width(text: str) -> float:
    """Width in CJK character cells: full-width chars count 1, others 0.5."""
    if not _UNCOMMON_WIDTH.search(text):  # ASCII and the common wide blocks: count the ASCII
        return len(text) - 0.5 * len(_ASCII.findall(text))
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


# Blocks whose every character is wide (W/F) or ambiguous (A), checked by a test: CJK symbols
# and punctuation, ideographs, full-width forms, and the quotes, dots and dashes of Chinese prose.
COMMON_WIDE = r"\u3000-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6\u2018\u2019\u201c\u201d\u2026\u00b7\u2014"
_UNCOMMON_WIDTH = re.compile(rf"[^\x00-\x7f{COMMON_WIDE}]")
_ASCII = re.compile(r"[\x00-\x7f]")


def normalize_line(line: str) -> str:
    """Whitespace, full-width ASCII and CJK spacing of one line. Idempotent."""
    if not NEEDS_NORMALIZING.search(line):
        return line  # most lines of prose: every step below would leave them as they are
    line = ZERO_WIDTH.sub("", line)
    line = CONTROL.sub("", line)
    line = line.translate(FULLWIDTH_ALNUM)
    line = close_letter_spacing(line)
    line = MULTI_SPACE.sub(" ", line).strip()
    line = without_markdown(line)
    line = SPACES_AROUND_CJK.sub("", line)
    line = LIST_DASH.sub(r"\1 ", line)
    return HALF_WIDTH_PUNCT.sub(lambda m: FULL_WIDTH_OF[m.group(1)], line)


MD_HEADING = re.compile(r"^(?:#{1,6}|>+)\s+")
# Every character some step of normalize_line acts on: spaces (and what strip() removes),
# control and zero-width characters, full-width letters and digits, Markdown marks, list
# dashes and the half-width , : ; that become full-width between CJK characters.
NEEDS_NORMALIZING = re.compile(
    r"[\s\x00-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\[\]#>*_~\-•,:;]"
)
MD_STRONG = re.compile(r"\*{2,}|_{2,}|~~")
MD_EMPHASIS = re.compile(rf"(?<=[{CJK_LIKE}])[*_]|[*_](?=[{CJK_LIKE}])|^[*_](?=\S)|(?<=\S)[*_]$")
# Neither the text nor the address runs over a "[": each try stops at the next one (a line of "[" is linear).
MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\((?:https?://|/|\.)[^)\s\[]*\)")


def without_markdown(line: str) -> str:
    """ "## **标题**" → "标题": Markdown heading, quote and emphasis marks, and
    [text](link) → text. Chinese prose never uses * or _ beside a character,
    and a stray half of a pair ("*标题**") goes too."""
    line = MD_LINK.sub(r"\1", line)
    line = MD_HEADING.sub("", line)
    line = MD_STRONG.sub("", line)
    return MD_EMPHASIS.sub("", line).strip()


_SPACE_RUN_KEPT = re.compile(f"({SPACE_CLASS}+)")  # split on, the runs kept


def close_letter_spacing(line: str) -> str:
    """ "关 于 红 军 作 战" → "关于红军作战": a line set with a space between every
    character (spaced-out type, some PDF producers) closes up; a wider gap stays
    one space, as it separated words."""
    tokens = _SPACE_RUN_KEPT.split(line.strip())
    glyphs = tokens[0::2]
    if len(glyphs) < LETTER_SPACED_MIN or sum(len(g) == 1 for g in glyphs) < 0.8 * len(glyphs):
        return line
    gaps = tokens[1::2]
    usual = sorted(len(g) for g in gaps)[len(gaps) // 2]
    out = glyphs[0]
    for gap, glyph in zip(gaps, glyphs[1:]):
        out += (" " if len(gap) > usual else "") + glyph
    return out


LETTER_SPACED_MIN = 5  # characters in a row, each followed by a space


# A contents entry is "- 标题"; OCR often loses the space after the dash.
LIST_DASH = re.compile(rf"^([-•])(?=[{CJK_WORD}“《（])")


# Full-width digits and Latin letters are the same characters as ASCII ones;
# normalising them lets search and the parser match "２０２１" as "2021".
FULLWIDTH_ALNUM = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
}


@cache
def boilerplate_pattern() -> re.Pattern:
    """The notices as one regex: a line is scanned once, not once per notice."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in boilerplate_patterns()), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    return boilerplate_pattern().search(line) is not None


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(line))


# --- structures ----------------------------------------------------------------


@dataclass
class Line:
    """A line on its way to becoming (part of) a paragraph."""

    text: str
    blank_before: int = 0  # blank lines between it and the line before
    anchors: list[tuple[int, int]] = field(default_factory=list)  # (offset, page index)
    tail: str = ""  # the last physical line joined into text (its width matters)
    indented: bool = False  # began with an indent ("　　" opens a Chinese paragraph)
    heading: bool = False  # the document's title: its width tells nothing of the text's wrap

    def __post_init__(self) -> None:
        self.tail = self.tail or self.text


def split_page(raw: str) -> list[Line]:
    """Non-blank normalised lines of one page, each knowing the blanks before it."""
    lines: list[Line] = []
    blanks = 0
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        text = normalize_line(raw_line)
        if not text:
            blanks += 1
            continue
        lines.append(Line(text, blanks, indented=bool(INDENT.match(raw_line))))
        blanks = 0
    return lines


INDENT = re.compile(r"^(\u3000|[ \u00a0]{2,}|\t)")


def drop_noise(lines: list[Line]) -> list[Line]:
    """Remove converter notices and page-number lines, keeping blank counts."""
    kept: list[Line] = []
    carry = 0
    for line in lines:
        if is_boilerplate(line.text) or is_page_number(line.text):
            carry += line.blank_before + 1
            continue
        line.blank_before += carry
        carry = 0
        kept.append(line)
    return kept


# --- running headers and footers ----------------------------------------------

EDGE_LINES = 2  # how many lines at the top and bottom of a page can be header/footer


def edge_key(text: str) -> str:
    """Headers repeat with a changing page number or date: compare without digits."""
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop lines repeated at the top or bottom of at least half the pages."""
    if len(pages) < 2:
        return [drop_edge_numbers(p) for p in pages]
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {edge_key(l.text) for l in edge_lines(lines)}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in counts.items() if n >= needed}
    result = []
    for lines in pages:
        edges = {id(l) for l in edge_lines(lines)}
        kept = [
            l
            for l in lines
            if not (id(l) in edges and edge_key(l.text) in running and could_be_running(l.text))
        ]
        result.append(drop_edge_numbers(kept))
    return result


def could_be_running(text: str) -> bool:
    # Headers and footers are short labels, not sentences.
    return display_width(text) <= PARAGRAPH_WIDTH and not ends_sentence(text)


def edge_lines(lines: list[Line]) -> list[Line]:
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def drop_edge_numbers(lines: list[Line]) -> list[Line]:
    """Bare numbers as the first or last lines of a page are its page number."""
    while lines and BARE_NUMBER.match(lines[-1].text):
        lines = lines[:-1]
    while lines and BARE_NUMBER.match(lines[0].text):
        lines = lines[1:]
    return lines


# --- titles ---------------------------------------------------------------------

TITLE_LINE_MAX_WIDTH = 26  # a line of title type (二号/小标宋) on an A4 page
TITLE_MAX_WIDTH = 60
TITLE_WINDOW = 6  # the title stands in the first lines, below a document header if any
TITLE_LINES_MAX = 3
# A header line is no part of a title: "…文件", a document number, a line opening with a year, a line
# ending in a full date (an issuing office's dating line), an issue number (第8期).
DOCUMENT_HEADER = re.compile(
    r"文件$|[〔\[［（(]\s*(?:19|20)\d{2}\s*[〕\]］）)]\s*第?\s*\d+\s*号|^\d{4}\s*年"
    r"|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$|^第\s*[0-9一二三四五六七八九十百〇零]{1,5}\s*期$"
)


def join_title_lines(pages: list[list[Line]]) -> None:
    """Join a title set over two or three lines ("聊城市创建全国文明城市" / "工作简报";
    "关于进一步加强…" / "…工作的" / "实施意见").

    Large title type wraps early; the last line ends with the kind of document
    ("简报", "报告", "通知"), which a heading of its own does not. No line carries
    sentence punctuation. The title is looked for in the document's first lines,
    under a header (the issuer's "…文件", a document number) where there is one;
    an issuer's line above "关于…" is part of the title (发文机关 + 事由 + 文种). The
    joined line ends with a kind of document, so cleaning the result again changes
    nothing.

    The title, joined or set on one line, is marked a heading: a joined title is as wide
    as a full line of body text, yet no body line wrapped into the next (see should_join),
    and a title cleaned again, on one line now, is marked as it was the first time.
    """
    lines = [line for page in pages for line in page][: TITLE_WINDOW + TITLE_LINES_MAX]
    for last in range(1, min(len(lines), TITLE_WINDOW + 1)):
        first = title_start(lines, last)
        if first is not None:
            merge_lines(pages, lines[first : last + 1])
            break
    for line in [line for page in pages for line in page][: TITLE_WINDOW + 1]:
        line.heading = line.heading or is_whole_title(line.text)


def title_start(lines: list[Line], last: int) -> int | None:
    """Where a title ending on line `last` begins, if it continues over lines before it."""
    if not ends_like_title(lines[last].text) or LIST_ITEM.match(lines[last].text):
        return None
    run = [last]
    for index in range(last - 1, max(-1, last - TITLE_LINES_MAX), -1):
        if not is_title_part(lines[index].text):
            break
        run.insert(0, index)
    for first in run[:-1]:  # the longest title the lines make: issuer, 关于…, kind
        texts = [lines[i].text for i in range(first, last + 1)]
        if (
            len(re.findall(f"[{HAN}]", texts[0])) >= 4
            and not texts[0][-1].isdigit()
            and sum(display_width(t) for t in texts) <= TITLE_MAX_WIDTH
        ):
            return first
    return None


def ends_like_title(text: str) -> bool:
    return (
        display_width(text) <= TITLE_LINE_MAX_WIDTH
        and not TITLE_STOP.search(text)
        and text.endswith(title_endings())
    )


def is_title_part(text: str) -> bool:
    """A line that can open or carry on a title: short, unpunctuated, no kind of document
    at its end (it would be a title of its own), not a document header."""
    return (
        display_width(text) <= TITLE_LINE_MAX_WIDTH
        and not TITLE_STOP.search(text)
        and not text.endswith(title_endings())
        and not DOCUMENT_HEADER.search(text)
        and not LIST_ITEM.match(text)
    )


def is_whole_title(text: str) -> bool:
    """A title on one line, as a joined title is: it ends with a kind of document, carries no
    sentence punctuation, is no list item and no wider than a title."""
    return (
        display_width(text) <= TITLE_MAX_WIDTH
        and not TITLE_STOP.search(text)
        and text.endswith(title_endings())
        and len(re.findall(f"[{HAN}]", text)) >= 4
        and not LIST_ITEM.match(text)
    )


TITLE_STOP = re.compile(r"[，。；：！？,;:!?]")


def merge_lines(pages: list[list[Line]], run: list[Line]) -> None:
    head = run[0]
    for line in run[1:]:
        shift = len(head.text)
        head.text += line.text
        head.anchors.extend((offset + shift, page) for offset, page in line.anchors)
        for page in pages:
            if line in page:
                page.remove(line)
    head.tail = head.text
    head.heading = True


# --- rejoining -----------------------------------------------------------------


@dataclass
class Layout:
    """What the whole document tells about its line structure."""

    wrap_width: float | None  # width of a full line when text is hard-wrapped
    usual_blanks: int  # blank lines normally between two lines (0 or 1)
    indents_mark_paragraphs: bool  # some lines, not all, are indented


def measure_layout(lines: list[Line]) -> Layout:
    indented = sum(1 for l in lines if l.indented)
    body = [l for l in lines if not l.heading]  # a title wider than the body would hide its margin
    return Layout(wrap_width(body), usual_blank_run(lines), 0 < indented < 0.6 * len(lines))


def wrap_width(lines: list[Line]) -> float | None:
    """The width of a full line, if the text is hard-wrapped.

    Wrapped lines pile up just below the right margin: a 2-cell band at the
    top of the width distribution holding a good share of the lines. (A pile
    of equally long headings lower down, with longer lines above it, is not
    a margin.)
    """
    widths = sorted((display_width(l.text) for l in lines if display_width(l.text) >= 8), reverse=True)
    if len(widths) < 4:
        return None
    for top in sorted(set(widths), reverse=True):
        wider = sum(1 for w in widths if w > top + 1)
        if wider > 0.1 * len(widths):
            return None
        band = sum(1 for w in widths if top - 2 <= w <= top)
        if band >= max(3, 0.25 * len(widths)):
            return top
    return None


def usual_blank_run(lines: list[Line]) -> int:
    runs = sorted(l.blank_before for l in lines[1:])
    return runs[len(runs) // 2] if runs else 0


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS)
    if stripped != text:  # closing quote/bracket: a sentence end only after a terminator
        return bool(stripped) and stripped[-1] in TERMINATORS
    if text[-1] == "." and len(text) > 1 and not text[-2].isdigit():
        return True
    return text[-1] in TERMINATORS


def should_join(paragraph: Line, line: Line, layout: Layout, page_break: bool) -> bool:
    """Does `line` continue `paragraph` (the text joined so far)?"""
    prev, nxt = paragraph.text, line.text
    if nxt[0] in LEADING_TAILS:
        return True
    if ends_sentence(prev):
        return False
    if prev[-1] in CONTINUATION_ENDS:
        return True
    if breaks_inside_number(prev, nxt):
        return True  # "…（东政" / "发〔2018〕9号）": a document number cut by the wrap
    if CONTENTS_ENTRY.search(paragraph.tail) or CONTENTS_ENTRY.search(nxt):
        return False  # "标题……12": one contents entry a line
    # the last character alone: a search anchored at "$" tries every position of the paragraph so far
    if nxt[0] in PARTICLE_STARTS and re.match(rf"[{CJK_WORD}0-9]", prev[-1]):
        return True  # "表7.6中" / "的系数": no line starts with a particle
    if LIST_ITEM.match(nxt) or (line.indented and layout.indents_mark_paragraphs):
        return False
    if prev[-1].isdigit() and re.match(rf"[{HAN}]", nxt) and PROSE_PUNCT.search(paragraph.tail):
        return True  # "完成246.79" / "亿元": a number cut from its unit inside a sentence
    if re.match(r"[a-z,]", prev[-1]) and re.match(r"[a-z]", nxt):
        return True  # a Latin sentence wrapped between two lower-case words
    if not page_break and line.blank_before > layout.usual_blanks:
        # Extra vertical space: a heading or a new block follows, unless the
        # line before plainly stops in the middle of a sentence or a word.
        return breaks_mid_sentence(paragraph.tail, nxt)
    if paragraph.heading:
        return looks_unfinished(paragraph.tail, nxt)  # a title: however wide, no wrapped line
    width = display_width(paragraph.tail)
    if layout.wrap_width and width >= max(10, layout.wrap_width * 0.9):
        return True  # a full hard-wrapped line
    if width >= PARAGRAPH_WIDTH:
        return not starts_new_block(nxt)  # a paragraph cut by a page break
    return looks_unfinished(paragraph.tail, nxt)


# 发文字号: the issuer's code, the year in brackets, the sequence (东政发〔2018〕9号). Searched only in
# the few characters either side of a line break, so its length is bounded.
DOC_NUMBER = re.compile(
    rf"[{HAN}]{{2,12}}\s*[{NUMBER_OPEN}]\s*(?:19|20)\d{{2}}\s*[{NUMBER_CLOSE}]\s*第?\s*\d{{1,5}}\s*号"
)
NUMBER_REACH = 24  # characters either side of a break that can hold one number
# A code opened in brackets and not yet closed: "…的请示》（东政" goes on into its number.
OPEN_CODE = re.compile(rf"[（(][{HAN}]{{1,12}}$")


def breaks_inside_number(text: str, nxt: str) -> bool:
    """Does the line break fall inside a document number ("…的请示》（东政" / "发〔2018〕9号）收悉")?
    Text layers break lines where the page is full, numbers and all; a short document has too
    few full lines to show its wrap width, so the number itself says the line goes on. A line
    that opens with a whole number of its own (a code of two characters or more: the number
    under a header's "…文件") starts there, unless the line above opened its code in brackets."""
    right = nxt[:NUMBER_REACH]
    if "号" not in right:  # a number cut by the break ends below it
        return False
    left = text[-NUMBER_REACH:]
    if DOC_NUMBER.match(right) and not OPEN_CODE.search(left):
        return False
    window = left + right
    return any(m.start() < len(left) < m.end() for m in DOC_NUMBER.finditer(window))


# A leader starts where its run starts (the lookbehinds): a search over a line of dots tries it once, not at
# every dot.
CONTENTS_ENTRY = re.compile(r"(?:(?<!…)…{2,}|(?<!\.)\.{4,}|(?<!·)·{4,}|(?<!-)-{4,})\s*\d{1,4}$")
# Particles and suffixes that attach to the word before: a line starting with
# one continues the line above.
PARTICLE_STARTS = "的地得了着过之等"

NEW_BLOCK_LABEL = re.compile(r"^[^\s：:，。、,]{1,6}[：:]")


def starts_new_block(text: str) -> bool:
    """Labelled fields ("发：…") and short unpunctuated lines ("共印260份") stand alone."""
    if NEW_BLOCK_LABEL.match(text):
        return True
    return display_width(text) < 12 and not re.search(rf"[{CJK_PUNCT},.;:!?]", text)


def looks_unfinished(text: str, nxt: str) -> bool:
    """A short line that reads as a sentence cut in the middle."""
    if breaks_mid_sentence(text, nxt):
        return True
    if text.endswith(("：", ":")) or not re.match(rf"[{CJK_WORD}0-9A-Za-z“‘《（(]", nxt):
        return False
    return len(re.findall(r"[，；,;]", text)) >= 2  # prose, not a heading


PROSE_PUNCT = re.compile(r"[，、；,;]")


def breaks_mid_sentence(text: str, nxt: str) -> bool:
    """Strong evidence of a cut: a dangling word ("…统一到") or a word across the break."""
    if not re.match(rf"[{CJK_WORD}0-9A-Za-z“‘《（(]", nxt):
        return False
    if text.endswith(DANGLING_ENDS) and display_width(text) >= 6:
        return True
    # A word across the break counts in prose only: a heading ("…护航学生出行") followed by
    # its first paragraph ("为进一步…") makes a dictionary word too (行为), but has no commas.
    return bool(PROSE_PUNCT.search(text)) and word_spans_break(text, nxt)


def word_spans_break(text: str, nxt: str) -> bool:
    """True when the dictionary segmentation puts one word across the break
    ("…生活质" + "量、提高…" → 质量): the break was inside a word."""
    if not (re.search(rf"[{HAN}]$", text) and re.match(rf"[{HAN}]", nxt)):
        return False
    left, right = text[-4:], nxt[:4]
    position = 0
    for token in segmenter().cut(left + right, HMM=False):
        end = position + len(token)
        if position < len(left) < end:
            return True
        position = end
    return False


def separator(left: str, right: str) -> str:
    """Latin words across a wrap need a space; CJK text (digits included) none."""
    last = left[-1:]  # one character, not a search over the whole paragraph joined so far
    if re.match(r"[A-Za-z0-9]", last) and re.match(r"[A-Za-z0-9]", right):
        latin_share = len(re.findall(r"[A-Za-z]", left[-40:])) / max(1, len(left[-40:]))
        return " " if latin_share > 0.5 else ""
    if re.match(r"[A-Za-z.,;:!?]", last) and re.match(r"[A-Za-z(\"']", right):
        return " "
    return ""


def rejoin(pages: list[list[Line]]) -> list[Line]:
    """Merge lines into paragraphs; anchors follow their text."""
    everything = [l for lines in pages for l in lines]
    layout = measure_layout(everything)
    paragraphs: list[Line] = []
    for lines in pages:
        for index, line in enumerate(lines):
            page_break = index == 0
            if paragraphs and should_join(paragraphs[-1], line, layout, page_break):
                append_to(paragraphs[-1], line)
            else:
                paragraphs.append(
                    Line(line.text, line.blank_before, list(line.anchors), heading=line.heading)
                )
    return paragraphs


def append_to(paragraph: Line, line: Line) -> None:
    sep = separator(paragraph.text, line.text)
    shift = len(paragraph.text) + len(sep)
    paragraph.text = paragraph.text + sep + line.text
    paragraph.tail = line.tail
    paragraph.heading = False  # text joined on: no longer a title alone
    paragraph.anchors.extend((offset + shift, page) for offset, page in line.anchors)


# --- public API ----------------------------------------------------------------


def clean_text(text: str) -> str:
    """Clean one text (see the module docstring for the contract).

    Form feeds are page breaks (pdftotext and printers write them), so running
    headers and page numbers are found per page there too.
    """
    return clean_pages(text.split("\f")).text


def clean_pages(pages: list[str]) -> Cleaned:
    """Clean the pages of one source; page_starts[i] is where page i+1 begins."""
    page_lines = [split_page(raw) for raw in pages]
    for index, lines in enumerate(page_lines):
        if lines:
            lines[0].anchors.append((0, index))
    page_lines = drop_running_lines([drop_noise(lines) for lines in page_lines])
    join_title_lines(page_lines)
    paragraphs = rejoin(page_lines)
    for _ in range(MAX_PASSES):
        again = settle(paragraphs)
        if [p.text for p in again] == [p.text for p in paragraphs]:
            break
        paragraphs = again
    return assemble(paragraphs, len(pages))


def settle(paragraphs: list[Line]) -> list[Line]:
    """One more pass over already joined paragraphs, doing what clean_text does
    to its input, so that the final text is a fixpoint of clean_text."""
    fresh = []
    for p in paragraphs:
        text = normalize_line(p.text)
        if text and not is_boilerplate(text) and not is_page_number(text):
            anchors = p.anchors if len(text) == len(p.text) else shift_anchors(p, text)
            fresh.append(Line(text, 0, anchors, heading=p.heading))
    return rejoin([drop_edge_numbers(fresh)])


def shift_anchors(paragraph: Line, text: str) -> list[tuple[int, int]]:
    # Normalisation only removes characters; keep anchors inside the new text.
    return [(min(offset, max(0, len(text) - 1)), page) for offset, page in paragraph.anchors]


def assemble(paragraphs: list[Line], page_count: int) -> Cleaned:
    parts: list[str] = []
    starts: dict[int, int] = {}
    offset = 0
    for p in paragraphs:
        for anchor, page in p.anchors:
            starts.setdefault(page, offset + anchor)
        parts.append(p.text)
        offset += len(p.text) + 1
    text = "\n".join(parts)
    page_starts, following = [], len(text)
    for page in reversed(range(page_count)):
        following = starts.get(page, following)
        page_starts.append(following)
    page_starts.reverse()
    return Cleaned(text=text, page_starts=monotonic(page_starts))


def monotonic(starts: list[int]) -> list[int]:
    """A page with no text left starts where the next page with text starts."""
    result, floor = [], 0
    for start in starts:
        floor = max(floor, start)
        result.append(floor)
    return result
