"""发文字号 (document numbers): finding them in text and the one form they are compared in.

A number is the issuer's code, the year in brackets and a sequence number: 国办发〔2019〕3号.
Documents, converters and typists write the brackets as 〔〕, [], ［］, ()（）, 【】 or ﹝﹞, the
digits half- or full-width, sometimes with 第 or leading zeros before the sequence and spaces
anywhere. ``normalize_doc_number`` turns every spelling of one number into one string, so that
a number is compared (the document's own, its citations, a search for ``docno:``) only in
that form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from indexer.lang.text import HAN, NUMBER_CLOSE, NUMBER_OPEN
from indexer.lang.vocabulary import DATA_DIR, read_rows
from indexer.parse.dates import CN_DIGIT, CN_YEAR

OPEN = NUMBER_OPEN
CLOSE = NUMBER_CLOSE
PREFIX_MAX = 12
# The issuer's code, then the year in brackets, then the sequence: 国办发〔2019〕3号.
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[{HAN}A-Za-z]{{1,{PREFIX_MAX}}})\s*[{OPEN}]\s*(?P<year>(?:19|20)\d{{2}}|[{CN_YEAR}]{{4}})\s*"
    rf"[{CLOSE}]\s*第?\s*(?P<seq>\d{{1,5}})\s*号"
)
BRACKETED_YEAR = re.compile(rf"[{OPEN}]\s*(?:(?:19|20)\d{{2}}|[{CN_YEAR}]{{4}})\s*[{CLOSE}]")
CODE_CHAR = re.compile(f"[{HAN}A-Za-z]")
# Words that run into a code from the sentence before it (根据国办发…, 关于转发国办发…): a code
# never holds one, nor an issuer's full name (省政府鲁政字…), so the code starts after the last of them.
# The citing verbs are added to these.
CODE_BOUNDARY_WORDS = (
    "关于",
    "文件",
    "通知",
    "精神",
    "要求",
    "规定",
    "号文",
    "政府",
    "办公厅",
    "办公室",
    "委员会",
)
CODE_BOUNDARY_CHARS = "的和与及即见是将于在对由并或按照据"
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
FULLWIDTH_DIGIT = re.compile("[０-９]")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FoundNumber:
    start: int  # offset of the code's first character in the text searched
    end: int
    number: str  # normalised


@cache
def cite_verbs() -> tuple[tuple[str, str, str], ...]:
    """(verb, relation, where) rows of indexer/data/gongwen_cite_verbs.tsv, longest verb first."""
    rows = [
        (verb, relation, where) for verb, relation, where in read_rows(DATA_DIR / "gongwen_cite_verbs.tsv", 3)
    ]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def _boundary() -> re.Pattern:
    words = sorted({*CODE_BOUNDARY_WORDS, *(verb for verb, _, _ in cite_verbs())}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) + f"|[{CODE_BOUNDARY_CHARS}]")


def _year(written: str) -> str:
    if written.isdigit():
        return written
    return "".join(str(CN_DIGIT[ch]) for ch in written)


def _code(prefix: str) -> str:
    """The issuer's code inside what the pattern caught before the bracket."""
    cut = 0
    for match in _boundary().finditer(prefix):
        cut = match.end()
    return prefix[cut:]


def _canonical(match: re.Match, code: str) -> str:
    return f"{code}〔{_year(match.group('year'))}〕{int(match.group('seq'))}号"


def _prepared(text: str) -> str:
    return text.translate(FULLWIDTH_DIGITS) if FULLWIDTH_DIGIT.search(text) else text


def find_doc_numbers(text: str) -> list[FoundNumber]:
    """Every document number written in text, with where its code starts (after any word the
    sentence ran into it) and its normalised form. Numbers without a code are left out."""
    prepared = _prepared(text)
    found = []
    for match in _matches(prepared):
        code = _code(match.group("prefix"))
        if not code or not re.search(f"[{HAN}]", code):
            continue
        start = match.start("prefix") + len(match.group("prefix")) - len(code)
        found.append(FoundNumber(start, match.end(), _canonical(match, code)))
    return found


def _matches(text: str):
    """DOC_NUMBER's matches, looked for only where a bracketed year stands (most lines have none):
    the code is read back from the bracket."""
    end = 0
    for year in BRACKETED_YEAR.finditer(text):
        if year.start() < end:
            continue
        start = year.start()
        while start > end and text[start - 1].isspace():
            start -= 1
        floor = max(end, start - PREFIX_MAX)
        while start > floor and CODE_CHAR.match(text[start - 1]):
            start -= 1
        match = DOC_NUMBER.match(text, start)
        if match:
            end = match.end()
            yield match


def normalize_doc_number(written: str) -> str:
    """One form for every spelling of a number: 聊创城办[2021]5号, 聊创城办（2021）05号 and
    聊创城办【２０２１】第5号 all give 聊创城办〔2021〕5号. Text that is not a number of this
    shape (二〇二四年第十六期) is compared as written, without spaces and in NFKC."""
    flat = SPACES.sub("", _prepared(written or ""))
    match = DOC_NUMBER.fullmatch(flat)
    if match:
        return _canonical(match, _code(match.group("prefix")) or match.group("prefix"))
    return unicodedata.normalize("NFKC", flat)
