"""Who issued an official document (公文) and when: the one seam through which the
statements learn the issuing office and the document's date.

    issued(text) -> Issued(office="国务院办公厅", date="2019-01-09", year=2019)
    issued_in(lines, gongwen) -> Issued        (parse has read the 公文 fields already)

When the 公文 parser (indexer.parse.gongwen) reads the text as a 公文, its fields answer:
office is its ``issuer``, date its ``signed_date`` (成文日期), year that date's year, else
its own number's (``filing_date``). Otherwise — a text it does not call a 公文 — the
heuristics below still look for a signing office and date, so a bare field table or a
signature under prose keeps what it gave:

- office: the signing office of the signature block (a unit line on its own beside a
  dating line after the first sentence of the body: the last such pair, which for a
  notice that issues a plan stands before the plan), else the office the title names (国务院办公厅关于…的通知,
  靖政发〔2025〕17号靖边县人民政府关于…的通知), else a header field (发文机关, 发布机构,
  公开责任部门). None when the text is no 公文 (briefings, news reports).
- date: that signature's dating line (2019年1月9日, 二〇〇四年一月十六日), else a dating
  line among the last lines after the body, else a 成文日期/发文日期/印发日期 field; ISO, None when there
  is none.
- year: the date's year, else the year of the document number (国办发〔2019〕3号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.parse import dates
from indexer.parse.gongwen import Gongwen, filing_date, read_gongwen
from indexer.parse.lines import HAN, Line, ends_sentence, split_lines, squash

GENRES = "通知|通报|函|意见|决定|批复|方案|办法|规定|报告|决议|公告|通告|纪要|请示|复函|规划|计划"
OFFICE_END = (
    "办公厅|办公室|人民政府|政府|委员会|常委会|局|厅|部|委|署|院|办|中心|公司|集团|"
    "街道办事处|办事处|党委|党组|工作组|指挥部|领导小组"
)
DOC_NUMBER = re.compile(rf"[{HAN}]{{1,8}}[〔\[［(（【]((?:19|20)\d{{2}})[〕\]］)）】]\s*\d{{1,4}}\s*号")
TITLE_OFFICE = re.compile(rf"^([{HAN}、（）()]{{2,40}}?(?:{OFFICE_END}))(?:联合)?关于")
TITLE_GENRE = re.compile(rf"的(?:{GENRES})$")
SIGNATURE = re.compile(rf"^[{HAN}（）()、]{{2,30}}(?:{OFFICE_END})$")
FIELD_OFFICE = re.compile(
    rf"(?:发文机关|发布机构|发文单位|发文机构|公开责任部门)[\]］】\s|:：]*([{HAN}（）()]{{2,30}}(?:{OFFICE_END}))"
)
FIELD_DATE = re.compile(r"(?:成文日期|发文日期|印发日期|签发日期)[\]］】\s|:：]*(\S[^|]{0,20})")
FIELD_LABEL = re.compile(r"^[\[［【]?[^|｜]{0,8}[\]］】]?[|｜]")  # "[名称]|…": a web page's field table
DATING_LINE = re.compile(rf"^[（(]?{dates.FULL_DATE.pattern}[)）]?$")
HEAD_LINES, TAIL_LINES, TITLE_LINES = 12, 8, 3


@dataclass(frozen=True)
class Issued:
    office: str | None = None
    date: str | None = None
    year: int | None = None


def issued(text: str) -> Issued:
    """The issuing office and date of a 公文 (see the module doc); empty for other texts."""
    lines = split_lines(text)
    found = read_gongwen(lines, {})
    return issued_in(lines, found[0] if found else None)


def issued_in(lines: list[Line], gongwen: Gongwen | None) -> Issued:
    """issued() for lines the 公文 parser has read already (``gongwen``: its fields, or None)."""
    if gongwen is not None and (gongwen.issuer or gongwen.signed_date or gongwen.doc_number):
        year = filing_date(gongwen.signed_date, gongwen.doc_number)
        return Issued(gongwen.issuer, gongwen.signed_date, int(year[:4]) if year else None)
    return _heuristic([squash(line.text) for line in lines])


def _heuristic(lines: list[str]) -> Issued:
    signed, signed_on = _signature(lines)
    office = signed or _title_office(lines) or _field_office(lines)
    when = signed_on or _dating_line(lines) or _field_date(lines)
    year = int(when[:4]) if when else _number_year(lines)
    return Issued(office, when, year)


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """The last unit line standing alone next to a dating line after the body (a briefing's
    header office and date stand before it), and that line's date."""
    body = next((i for i, line in enumerate(lines) if ends_sentence(line)), len(lines))
    for i in range(len(lines) - 1, body, -1):
        if not DATING_LINE.match(lines[i]):
            continue
        for near in (lines[i - 1] if i else "", lines[i + 1] if i + 1 < len(lines) else ""):
            if SIGNATURE.match(near):
                return near, dates.first_full_date(lines[i])
    return None, None


def _title_office(lines: list[str]) -> str | None:
    """国务院办公厅关于…的通知: the office the title names (a title may be wrapped or
    follow the document number on one line)."""
    head = lines[:HEAD_LINES]
    for i in range(len(head)):
        title = FIELD_LABEL.sub("", "".join(head[i : i + TITLE_LINES]))
        number = DOC_NUMBER.match(title)
        match = TITLE_OFFICE.match(title[number.end() :] if number else title)
        if match and _titled(head, i):
            return match.group(1)
    return None


def _titled(head: list[str], i: int) -> bool:
    """The title ends with its genre (…的通知) within the lines it spans."""
    return any(TITLE_GENRE.search(line.rstrip("|｜")) for line in head[i : i + TITLE_LINES])


def _field_office(lines: list[str]) -> str | None:
    for line in lines[:HEAD_LINES]:
        match = FIELD_OFFICE.search(line)
        if match:
            return match.group(1)
    return None


def _dating_line(lines: list[str]) -> str | None:
    """A date alone on one of the last lines, after the body (a briefing's header date
    stands before it)."""
    body = next((i for i, line in enumerate(lines) if ends_sentence(line)), len(lines))
    for i in range(len(lines) - 1, max(body, len(lines) - TAIL_LINES - 1), -1):
        if DATING_LINE.match(lines[i]):
            return dates.first_full_date(lines[i])
    return None


def _field_date(lines: list[str]) -> str | None:
    for line in lines[:HEAD_LINES]:
        match = FIELD_DATE.search(line)
        if match:
            found = dates.normalize_date(match.group(1))
            if found and len(found) == 10:
                return found
    return None


def _number_year(lines: list[str]) -> int | None:
    for line in lines[:HEAD_LINES]:
        match = DOC_NUMBER.search(line)
        if match:
            return int(match.group(1))
    return None
