"""The documents a text cites: 《title》（number）, bare 发文字号, and 《titles》 that name documents.

    find_citations(text, own_number=None) -> list[Citation]
    merged_citations(citations) -> list[Citation]    several texts' citations as one list

- A 《title》 followed by a number in brackets (《…的通知》（国办发〔2019〕3号）) is one citation
  with both; a number alone (根据国办发〔2019〕3号文件) is one with its number only.
- A 《title》 without a number is cited when it names a document: it begins with 关于, ends with
  a 公文 kind (通知, 意见 …) or with a word of laws and rules (办法, 条例 …;
  indexer/data/gongwen_cited_endings.txt). 《城乡规划法》 is cited; 《拿来主义》 is not.
- The relation is the citing verb (indexer/data/gongwen_cite_verbs.tsv): one right after the
  citation (《…的请示》（…）收悉, 现将《…》印发给你们) first, else the nearest one before it in its
  clause (根据《…》和《…》: both 根据); otherwise "cites". A title right after a drafting verb
  (制定《…清单》) is being written, not cited (制定了《…》 is); a short form (以下简称《决定》) and a
  bare kind (《规划》) are a document cited before, not another.
- The document's own number is never a citation; a document cited twice is one citation
  (its number and title merged, the first relation other than "cites" kept).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import cache

from indexer.kinds import GONGWEN_KINDS, KIND_LABELS
from indexer.lang.vocabulary import word_list
from indexer.parse.docnumbers import FoundNumber, cite_verbs, find_doc_numbers, normalize_doc_number
from indexer.records import Citation

TITLE = re.compile(r"《([^《》\n]{2,120})》")
# A number belongs to the title it follows: 》（国办发〔2019〕3号）, 》(…), 》 国办发…
NUMBER_AFTER_TITLE = 3
STANDARD = re.compile(r"》\s*[（(]\s*((?:GB|DB\d{0,2})(?:/[TZ])?\s*\d{3,6}(?:[.-]\d{1,4})*)\s*[)）]")
CLAUSE_END = re.compile(r"[。；;！？!?\n：:]")
BEFORE_WINDOW = 40
AFTER_WINDOW = 30
SENTENCE_END = re.compile(r"[。；;！？!?\n《]")  # the next title starts its own citation
TRAILING_NOTE = re.compile(r"[（(][^（()）]{1,12}[)）]$")  # （试行）（征求意见稿）（2021年修订）
CITES = "cites"
SHORT_FORM = re.compile(r"简称\s*《([^《》\n]{1,20})》")


@cache
def _document_endings() -> tuple[str, ...]:
    kinds = tuple(KIND_LABELS[kind] for kind in GONGWEN_KINDS)
    return tuple(sorted({*kinds, *word_list("gongwen_cited_endings")}, key=len, reverse=True))


def names_document(title: str) -> bool:
    """关于…, …的通知, …管理办法; not a bare kind (《决定》, 《规划》: a short form of a title cited before)."""
    bare = TRAILING_NOTE.sub("", title.strip())
    if bare in _document_endings():
        return False
    return bare.startswith("关于") or bare.endswith(_document_endings())


def find_citations(text: str, own_number: str | None = None) -> list[Citation]:
    own = normalize_doc_number(own_number) if own_number else None
    numbers = find_doc_numbers(text)
    claimed: set[int] = set()  # starts of numbers that belong to a title
    short_forms = set(SHORT_FORM.findall(text))  # 以下简称《决定》: the same document again, not another
    found: list[tuple[int, Citation]] = []
    for match in TITLE.finditer(text):
        title = re.sub(r"\s+", "", match.group(1))
        number = _number_after(text, match.end(), numbers)
        if number is not None:
            claimed.add(number.start)
        end = number.end if number is not None else match.end()
        relation = _relation(text, match.start(), end)
        code = number.number if number is not None else _standard_after(text, match.end())
        if relation == "-" or title in short_forms or (code is None and not names_document(title)):
            continue
        found.append((match.start(), Citation(code, title, relation)))
    for number in numbers:
        if number.start not in claimed and not _inside_title(text, number.start):
            found.append(
                (number.start, Citation(number.number, None, _relation(text, number.start, number.end)))
            )
    cited = [c for _, c in sorted(found, key=lambda item: item[0]) if not (own and c.doc_number == own)]
    return _merged(cited)


def _number_after(text: str, end: int, numbers: list[FoundNumber]) -> FoundNumber | None:
    """The number written right after a title, if any (numbers are in text order)."""
    at = bisect_left(numbers, end, key=lambda n: n.start)
    if at < len(numbers):
        number = numbers[at]
        gap = text[end : number.start]
        if len(gap) <= NUMBER_AFTER_TITLE and re.fullmatch(r"[\s（(]*", gap):
            return number
    return None


def _standard_after(text: str, end: int) -> str | None:
    match = STANDARD.match(text, end - 1)
    return re.sub(r"\s+", " ", match.group(1)) if match else None


def _inside_title(text: str, start: int) -> bool:
    """A number written inside a 《title》 is part of that title."""
    before = text[max(0, start - 120) : start]
    return before.rfind("《") > before.rfind("》")


def _relation(text: str, start: int, end: int) -> str:
    after = _sentence_after(text, end)
    for verb, relation, where in cite_verbs():
        if where != "after":
            continue
        if verb.endswith("给") and verb in after:
            return relation  # 现将《…》印发给你们; 《…》已经市政府同意，现转发给你们
        if re.match(rf"[）)\s]*(?:等文件|文件)?[）)]?\s*(?:已|均已|现)?{re.escape(verb)}", after):
            return relation
    window = _clause_before(text, start)
    for verb, relation, where in cite_verbs():
        if where == "before" and relation == "-" and window.endswith(verb):
            return "-"  # 制定《…》 is to be written; 制定了《…》 exists and is cited
    best: tuple[int, int, str] | None = None  # (position, length, relation): the nearest, then the longest
    for verb, relation, where in cite_verbs():
        if where != "before" or relation == "-":
            continue
        position = window.rfind(verb)
        if position >= 0 and (best is None or (position + len(verb), len(verb)) > (best[0], best[1])):
            best = (position + len(verb), len(verb), relation)
    return best[2] if best else CITES


def _clause_before(text: str, start: int) -> str:
    """The clause before a citation, other titles blanked out (a verb inside a cited title is not
    the verb that cites)."""
    window = text[max(0, start - BEFORE_WINDOW) : start]
    ends = list(CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    return re.sub(r"《[^《》]*》", lambda m: "□" * len(m.group(0)), window)


def _sentence_after(text: str, end: int) -> str:
    window = text[end : end + AFTER_WINDOW]
    stop = SENTENCE_END.search(window)
    return window[: stop.start()] if stop else window


def merged_citations(citations: list[Citation]) -> list[Citation]:
    """Citations of several texts as one list (copies, merged as within one text)."""
    return _merged([replace(c) for c in citations])


def _merged(citations: list[Citation]) -> list[Citation]:
    kept: list[Citation] = []
    by_number: dict[str, Citation] = {}
    by_title: dict[str, Citation] = {}
    for citation in citations:
        same = (by_number.get(citation.doc_number) if citation.doc_number else None) or (
            by_title.get(citation.title) if citation.title else None
        )
        if same is None or not _same_document(same, citation):
            kept.append(citation)
            same = citation
        else:
            same.doc_number = same.doc_number or citation.doc_number
            same.title = same.title or citation.title
            if same.relation == CITES:
                same.relation = citation.relation
        if same.doc_number:
            by_number.setdefault(same.doc_number, same)
        if same.title:
            by_title.setdefault(same.title, same)
    return kept


def _same_document(a: Citation, b: Citation) -> bool:
    if a.doc_number and b.doc_number:
        return a.doc_number == b.doc_number
    return bool(a.title and b.title and a.title == b.title)
