"""Dates: issue dates from headers, event dates (5月8日) resolved against them.

Rule: never invent. A month-day without any year evidence gives None.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_YEAR = "〇○零ＯO一二三四五六七八九"
CN_SMALL = "一二三四五六七八九十"
NUM = rf"(?:\d{{1,4}}|[{CN_SMALL}]{{1,3}})"
YEAR = rf"(?:\d{{4}}|[{CN_YEAR}]{{4}})"
FULL_DATE = re.compile(rf"({YEAR})\s*年\s*({NUM})\s*月\s*({NUM})\s*[日号]")
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4})\s*[.\-/．]\s*(\d{1,2})\s*[.\-/．]\s*(\d{1,2})(?!\d)")
YEAR_MONTH = re.compile(rf"({YEAR})\s*年\s*({NUM})\s*月(?!\s*{NUM}\s*[日号])")
MONTH_DAY = re.compile(rf"(?<![\d年{CN_SMALL}])({NUM})\s*月\s*({NUM})\s*[日号]")
YEAR_MENTION = re.compile(r"(到|至|前|于|截至)?\s*((?:19|20)\d{2})\s*年(度|底|末|前|内|初|上半年|下半年)?")


def cn_small_int(text: str) -> int | None:
    """'12', '十二', '二十三' → int; None when it is not a small number."""
    if text.isdecimal():
        return int(text)
    if any(ch not in CN_SMALL for ch in text):
        return None
    if "十" not in text:
        return CN_DIGIT.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    return (CN_DIGIT[tens] if tens else 1) * 10 + (CN_DIGIT[ones] if ones else 0)


def year_value(text: str) -> int:
    if text.isdecimal():
        return int(text)
    return int("".join(str(CN_DIGIT[ch]) for ch in text))


def iso(year: int, month: int | None, day: int | None) -> str | None:
    if month is None or day is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def full_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO date) for every complete date written in text."""
    found = []
    for match in FULL_DATE.finditer(text):
        month, day = cn_small_int(match.group(2)), cn_small_int(match.group(3))
        value = iso(year_value(match.group(1)), month, day)
        if value:
            found.append((match.start(), value))
    for match in NUMERIC_DATE.finditer(text):
        value = iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if value and 1900 < int(match.group(1)) < 2100:
            found.append((match.start(), value))
    return sorted(found)


def first_full_date(text: str) -> str | None:
    dates = full_dates(text)
    return dates[0][1] if dates else None


DATING_EDGE_LINES = 8  # a signature block closes the text, a dating line stands under its title
DATING_PREFIX_MAX = 24  # the signing unit before the date on the same line
DATING_TAIL = re.compile(r"^[\s）)\]】〕]*(?:印发|发布|签发|通过)?[\s）)\]】〕]*$")
CLAUSE = re.compile(r"[，。；！？,;!?：:]")


def own_date(text: str) -> str | None:
    """The date a document gives itself: the dating line of its signature block
    ("市审计局" / "2016年5月25日"), else a dating line under its title
    ("（2023年4月12日）"); never a date its sentences cite. None when neither is written."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in reversed(lines[-DATING_EDGE_LINES:]):
        found = dating_line(line)
        if found:
            return found
    for line in lines[:DATING_EDGE_LINES]:
        found = dating_line(line)
        if found:
            return found
    return None


def dating_line(line: str) -> str | None:
    """The date of a line that is a date alone, or a signing unit and a date."""
    dates = [(m, rule) for rule in (FULL_DATE, NUMERIC_DATE) for m in rule.finditer(line)]
    if len(dates) != 1:
        return None
    match, _ = dates[0]
    before, after = line[: match.start()], line[match.end() :]
    before = before.lstrip("（([【〔 ")
    if len(before) > DATING_PREFIX_MAX or CLAUSE.search(before) or not DATING_TAIL.match(after):
        return None
    return full_dates(match.group(0))[0][1] if full_dates(match.group(0)) else None


def year_month(text: str) -> str | None:
    """'（2020年6月）' → '2020-06': a partial ISO date, as precise as written."""
    match = YEAR_MONTH.search(text)
    if not match:
        return None
    month = cn_small_int(match.group(2))
    if not month or not 1 <= month <= 12:
        return None
    return f"{year_value(match.group(1)):04d}-{month:02d}"


def resolve_month_day(month: int, day: int, reference: str | None) -> str | None:
    """A bare 5月8日 belongs to the reference's year; one year back if it would lie after it."""
    if not reference or len(reference) < 7:
        return None
    ref_year, ref_month = int(reference[:4]), int(reference[5:7])
    year = ref_year - 1 if month > ref_month else ref_year
    return iso(year, month, day)


def event_dates(text: str, reference: str | None) -> list[str]:
    """Event dates in order: full dates as written, bare month-days via reference."""
    found = list(full_dates(text))
    covered = [m.span() for rule in (FULL_DATE, NUMERIC_DATE) for m in rule.finditer(text)]
    for match in MONTH_DAY.finditer(text):
        if any(a <= match.start() < b for a, b in covered):
            continue
        month, day = cn_small_int(match.group(1)), cn_small_int(match.group(2))
        value = resolve_month_day(month, day, reference) if month and day else None
        if value:
            found.append((match.start(), value))
    return [value for _, value in sorted(found)]


def first_month_day(text: str) -> tuple[int, int] | None:
    for match in MONTH_DAY.finditer(text):
        month, day = cn_small_int(match.group(1)), cn_small_int(match.group(2))
        if month and day and iso(2000, month, day):
            return month, day
    return None


def current_year_from_text(text: str) -> int | None:
    """The year a report speaks of as 'now': the most frequent year mention that is
    not a deadline (到2020年, 2020年底 are targets, not the present). Ties → first seen."""
    counts: Counter[int] = Counter()
    for match in YEAR_MENTION.finditer(text):
        before, year, after = match.group(1), int(match.group(2)), match.group(3)
        if before or after in ("底", "末", "前"):
            continue
        counts[year] += 1
    if not counts:
        return None
    best = max(counts.values())
    return next(year for year in counts if counts[year] == best)


ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


def normalize_date(value) -> str | None:
    """A date from outside (HTML meta): ISO 'YYYY-MM-DD' or 'YYYY-MM', else None."""
    if not isinstance(value, str):
        return None
    match = ISO_DATE.match(value.strip())
    if match and match.group(3):
        return iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{match.group(2)}"
    return first_full_date(value) or year_month(value)
