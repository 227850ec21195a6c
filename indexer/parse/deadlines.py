"""Deadlines in a clause, kept as written and resolved to a date from the statement's date.

    年内 / 年底 / 今年 / 本年度   → that year's 12-31
    上半年 → 06-30, 下半年 → 12-31, 三季度末 / 第三季度 → 09-30
    6月底前 / 6月末 / 六月底 → 06-30, 6月中旬 → 06-20, 6月上旬 → 06-10, 6月前 → 05-31
    6月15日前 → 06-15;  明年 → next year's 12-31;  年中 → 06-30
    本月底 → the month's end, 下月底 → next month's end
    到2020年 / 2020年底 / 2020年度 → 2020-12-31, 2021年6月底 → 2021-06-30, 2021年上半年 → 2021-06-30

A month without a year that has already passed at the statement's date is next year's
(said in November, "3月底前" is next March). 立即 is kept as written with no date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from indexer.parse.dates import cn_small_int

NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
QUARTER = r"(?:第)?([一二三四1-4])季度(?:末|底)?"
HALF = r"([上下])半年"
MONTH_PART = rf"({NUM})\s*月\s*(?:({NUM})\s*[日号]|(底|末|中旬|上旬|下旬|份))?"
PARTS = rf"(?:{HALF}|{QUARTER}|{MONTH_PART})".replace("(", "(?:").replace("(?:?:", "(?:")
DEADLINE = re.compile(
    r"(?:(?:到|至|于|在|截至|截止到?)\s*)?"
    r"(?:"
    rf"(?P<year>(?:19|20)\d{{2}})\s*年\s*(?:度|底|末|内|{PARTS})?"
    rf"|(?P<rel>今年|本年度|年内|年底|年末|明年|当年)(?:{PARTS}|底)?"
    rf"|{PARTS}"
    r"|(?P<mrel>本月|当月|下月|下个月)(?:底|末|内)?|(?P<midyear>年中)"
    r"|(?P<now>立即|马上|即日起)"
    r")"
    r"\s*(?:前|之前|以前|内)?"
)
QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


@dataclass(frozen=True)
class Deadline:
    start: int
    end: int
    written: str  # the deadline words (2020年底, 年内, 6月底前), without a leading 到/在/于
    due: str | None  # ISO date, None for 立即 or when no year is known


def _month_end(year: int, month: int) -> str:
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def _month_due(year: int, month: int, day: str | None, part: str | None, before: bool) -> str | None:
    if not 1 <= month <= 12:
        return None
    if day:
        number = cn_small_int(day)
        try:
            return date(year, month, number).isoformat() if number else None
        except ValueError:
            return None
    if part == "中旬":
        return date(year, month, 20).isoformat()
    if part == "上旬":
        return date(year, month, 10).isoformat()
    if not part and before:  # 6月前: before June begins
        return _month_end(year - 1, 12) if month == 1 else _month_end(year, month - 1)
    return _month_end(year, month)


def _groups_due(match: re.Match, year: int, said: date | None) -> str | None:
    """The due date of a match's half-year, quarter or month part in ``year``, else the year's end."""
    written = match.group(0)
    before = bool(re.search(r"(?:前|之前|以前)$", written))
    half = re.search(HALF, written)
    if half:
        return f"{year}-06-30" if half.group(1) == "上" else f"{year}-12-31"
    quarter = re.search(QUARTER, written)
    if quarter:
        return _month_end(year, QUARTER_END[quarter.group(1)])
    month = re.search(MONTH_PART, written)
    if month and not re.search(r"年\s*度", written):
        number = cn_small_int(month.group(1))
        due = _month_due(year, number or 0, month.group(2), month.group(3), before)
        if due and said and not match.group("year") and due < said.isoformat():
            return _month_due(year + 1, number or 0, month.group(2), month.group(3), before)
        return due
    return f"{year}-12-31"


def _due(match: re.Match, said: date | None) -> str | None:
    if match.group("now"):
        return None
    if match.group("year"):
        return _groups_due(match, int(match.group("year")), said)
    if said is None:
        return None
    if match.group("midyear"):
        return f"{said.year}-06-30"
    if match.group("mrel"):  # 本月底 / 下月底: that month's end
        month = said.month + (1 if match.group("mrel").startswith("下") else 0)
        year = said.year + (month - 1) // 12
        return _month_end(year, (month - 1) % 12 + 1)
    year = said.year + (1 if match.group("rel") == "明年" else 0)
    return _groups_due(match, year, said)


SINCE = ("以来", "来", "起", "初", "以后", "开始", "期间", "以前")  # 2018年以来: a period, not a limit
LIMIT_START = re.compile(r"^(?:到|至|于|在|截至|截止)")
LIMIT_END = re.compile(r"(?:前|之前|以前|内|底|末|旬|半年|季度)$")


def _is_deadline(match: re.Match) -> bool:
    """A day (5月8日) or a bare month is an event date unless written as a limit (前, 底, 到…)."""
    written = match.group(0)
    limited = bool(LIMIT_START.search(written) or LIMIT_END.search(written))
    if re.search(r"[日号]$", written):
        return limited
    if not any(match.group(g) for g in ("year", "rel", "now", "mrel", "midyear")):
        return limited
    return True


def find_deadlines(text: str, said: date | None) -> list[Deadline]:
    """Every deadline in text, left to right, with its due date (said: the statement's date)."""
    found = []
    for match in DEADLINE.finditer(text):
        if not _is_deadline(match) or text.startswith(SINCE, match.end()):
            continue
        words = LIMIT_START.sub("", match.group(0)).strip()
        found.append(Deadline(match.start(), match.end(), words, _due(match, said)))
    return found


def said_on(value: str | None) -> date | None:
    """The statement's date from an ISO date (or year-month, taken as its first day)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value if len(value) == 10 else value[:7] + "-01")
    except ValueError:
        return None
