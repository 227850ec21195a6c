"""Deadlines in a clause, kept as written and resolved to a date from the statement's date
(the document's own date where it has one: its dating line, else its number's year).

    年内 / 年底 / 今年 / 本年度   → that year's 12-31
    上半年 → 06-30, 下半年 → 12-31, 三季度末 / 第三季度 / 一季度末 → the quarter's last day
    6月底前 / 6月末 / 六月底 → 06-30, 6月中旬 → 06-20, 6月上旬 → 06-10, 6月前 → 05-31
    6月15日前 / 6月20日18：00前 → that day;  明年 → next year's 12-31;  年中 → 06-30
    月底 / 本月底 → the month's end, 下月底 → next month's end
    到2020年 / 2020年底 / 2020年度 → 2020-12-31, 2021年6月底 → 2021-06-30, 2021年上半年 → 2021-06-30
    两个月内 / 3个月内 → the date N months on; 10天内 / 10日内 → N days on; 2周内 → 7N days on;
    15个工作日内 → N weekdays on; 3年内 → N years on
    春节前 → the next Spring Festival (a table in data/parse_festivals.tsv), 国庆节前 → 10-01 …

A month, quarter or half without a year that has already passed at the statement's date
is next year's (said in November, "3月底前" is next March). 立即 and deadlines with no date
(限期, 每次调度会议前) are kept as written with no date. ``limit`` tells a deadline
(…前, …底, …内, 到…) from a year or period that only scopes the clause (2018年度新开工…).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from indexer.lang.vocabulary import DATA_DIR, read_rows
from indexer.parse.dates import cn_small_int

NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
SPAN_DIGITS = "一二两三四五六七八九十"
FESTIVALS_FILE = DATA_DIR / "parse_festivals.tsv"


@cache
def festivals() -> dict[str, tuple[str, ...]]:
    """Festival name → its dates: "MM-DD" for a fixed one (国庆节), ISO dates by year for a
    lunar one (春节). data/parse_festivals.tsv: name, aliases (|), dates (|)."""
    table: dict[str, tuple[str, ...]] = {}
    for name, aliases, days in read_rows(FESTIVALS_FILE):
        for written in [name, *aliases.split("|")]:
            if written.strip():
                table[written.strip()] = tuple(d.strip() for d in days.split("|") if d.strip())
    return table


FEAST_NAMES = "|".join(sorted(festivals(), key=len, reverse=True)) or "(?!)"
QUARTER = r"(?:第)?([一二三四1-4])季度(?:末|底)?"
HALF = r"([上下])半年"
CLOCK = r"(?:\s*\d{1,2}\s*[:：]\s*\d{2}|\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?)?"
MONTH_PART = rf"({NUM})\s*月\s*(?:({NUM})\s*[日号]{CLOCK}|(底|末|中旬|上旬|下旬|份))?"
PARTS = rf"(?:{HALF}|{QUARTER}|{MONTH_PART})".replace("(", "(?:").replace("(?:?:", "(?:")
DEADLINE = re.compile(
    r"(?:(?:到|至|于|在|截至|截止到?)\s*)?"
    r"(?:"
    rf"(?P<year>(?:19|20)\d{{2}})\s*年\s*(?:度|底|末|内|{PARTS})?"
    rf"|(?P<rel>今年|本年度|年内|年底|年末|明年|当年)(?:{PARTS}|底)?"
    rf"|{PARTS}"
    r"|(?P<mrel>本月|当月|下月|下个月)(?:底|末|内)?|(?P<midyear>年中)"
    r"|(?<![每\d一二三四五六七八九十个])(?P<monthend>月底|月末)"
    rf"|(?P<count>\d{{1,3}}|[{SPAN_DIGITS}]{{1,3}})\s*(?P<span>个月|个工作日|工作日|个星期|星期|周|天|日|年)(?=内)"
    rf"|(?P<feast>{FEAST_NAMES})(?=\s*(?:前|之前|以前))"
    r"|(?P<now>立即|马上|即日起)"
    r"|(?P<open>限期|每次[^，。；！？,;:：]{1,12}?前)"
    r")"
    r"\s*(?:前|之前|以前|内)?"
)
QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


@dataclass(frozen=True)
class Deadline:
    start: int
    end: int
    written: str  # the deadline words (2020年底, 年内, 6月底前), without a leading 到/在/于
    due: str | None  # ISO date, None for 立即, 限期… or when no year is known
    limit: bool = True  # a time limit (…前/底/内, 到…), not a year or period that scopes the clause


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
    """The due date of a match's half-year, quarter or month part in ``year``, else the year's end.
    A part written without a year that has passed at ``said`` is next year's."""
    due = _part_due(match.group(0), year)
    if due and said and not (match.group("year") or match.group("rel")) and due < said.isoformat():
        return _part_due(match.group(0), year + 1)
    return due


def _part_due(written: str, year: int) -> str | None:
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
        return _month_due(year, number or 0, month.group(2), month.group(3), before)
    return f"{year}-12-31"


def _span_due(count: str, span: str, said: date) -> str | None:
    """两个月内 / 10天内 / 15个工作日内 / 3年内: the date that many months, days, weekdays or years on."""
    number = int(count) if count.isdigit() else cn_small_int(count.replace("两", "二"))
    if not number:
        return None
    if span.endswith("月"):
        month = said.month - 1 + number
        year, month = said.year + month // 12, month % 12 + 1
        return date(year, month, min(said.day, calendar.monthrange(year, month)[1])).isoformat()
    if span == "年":
        return _month_due(said.year + number, said.month, str(said.day), None, False)
    if span.endswith("工作日"):
        day, left = said, number
        while left:
            day += timedelta(days=1)
            left -= day.weekday() < 5
        return day.isoformat()
    days = number * (7 if span in ("周", "星期", "个星期") else 1)
    return (said + timedelta(days=days)).isoformat()


def _feast_due(name: str, said: date) -> str | None:
    """The festival's next date on or after ``said``."""
    for day in festivals().get(name, ()):
        due = f"{said.year}-{day}" if len(day) == 5 else day
        if len(day) == 5 and due < said.isoformat():
            due = f"{said.year + 1}-{day}"
        if due >= said.isoformat():
            return due
    return None


def _due(match: re.Match, said: date | None) -> str | None:
    if match.group("now") or match.group("open"):
        return None
    if match.group("year"):
        return _groups_due(match, int(match.group("year")), said)
    if said is None:
        return None
    if match.group("midyear"):
        return f"{said.year}-06-30"
    if match.group("mrel") or match.group("monthend"):  # 本月底 / 月底 / 下月底: that month's end
        month = said.month + (1 if (match.group("mrel") or "").startswith("下") else 0)
        year = said.year + (month - 1) // 12
        return _month_end(year, (month - 1) % 12 + 1)
    if match.group("count"):
        return _span_due(match.group("count"), match.group("span"), said)
    if match.group("feast"):
        return _feast_due(match.group("feast"), said)
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
    if not any(match.group(g) for g in ("year", "rel", "now", "mrel", "midyear", "monthend", "open")):
        return limited
    return True


# Every deadline holds one of these: most clauses hold none and are passed over at once.
HINT = re.compile("[年月季周天日星立马即限每" + "".join(sorted({name[0] for name in festivals()})) + "]")


def find_deadlines(text: str, said: date | None) -> list[Deadline]:
    """Every deadline in text, left to right, with its due date (said: the statement's date)."""
    if not HINT.search(text):
        return []
    found = []
    for match in DEADLINE.finditer(text):
        if not _is_deadline(match) or text.startswith(SINCE, match.end()):
            continue
        words = LIMIT_START.sub("", match.group(0)).strip()
        limit = bool(LIMIT_START.search(match.group(0)) or LIMIT_END.search(words) or match.group("open"))
        found.append(Deadline(match.start(), match.end(), words, _due(match, said), limit))
    return found


def said_on(value: str | None) -> date | None:
    """The statement's date from an ISO date (or year-month, taken as its first day)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value if len(value) == 10 else value[:7] + "-01")
    except ValueError:
        return None
