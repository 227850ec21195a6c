"""Briefing issues (工作简报): header, contents list, articles, distribution."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import cn2an

from indexer.kinds import DocumentKind
from indexer.parse import dates
from indexer.parse.articles import (
    Heading,
    articles_from_headings,
    body_end,
    build_article,
    fallback_title,
    headings_by_pattern,
    match_contents,
    similar,
    slice_text,
    strip_entry_marks,
    title_glued_to_body,
)
from indexer.parse.lines import BULLET, Line, is_body_paragraph, is_heading_like, squash, tidy
from indexer.parse.news import BYLINE
from indexer.parse.statements import DocumentFacts
from indexer.parse.units import document_city
from indexer.records import Article, Document

ISSUE_NUMBER = r"[0-9０-９]{1,4}|[一二三四五六七八九十百零〇]{1,5}"
# A header line that names the issue: "第27期", "2019年第3期", "工作简报 第6期",
# "第3期（总第45期）". Anchored to the whole line, so "第三期创城内参片" in a
# sentence never starts an issue.
ISSUE_LINE = re.compile(
    rf"^(?P<series>.{{0,40}}?)[（(]?\s*(?:(?P<year>\d{{4}})\s*年\s*)?第\s*(?P<number>{ISSUE_NUMBER})\s*期\s*[)）]?"
    rf"\s*(?:[（(]\s*总第\s*(?P<total>\d+)\s*期\s*[)）])?\s*(?P<rest>.{{0,40}})$"
)
SERIES_WORDS = re.compile(r"简报|快报|专报|动态|通讯|信息|通报|情况|周报|月报|要情|工作")
OFFICE_WORDS = re.compile(r"办公室|办|委员会|政府|指挥部|领导小组|局|部|委|中心|编|主办|印发")
OFFICE_DECOR = re.compile(r"^(?:主办|编印|编发|编辑|印发|主编)[：:]\s*|\s*(?:编印|编发|主办|印发|编)$")
CLASSIFICATION = re.compile(r"^[★☆]|内部资料|注意保存|内部刊物|^(?:秘密|机密|绝密)|^编号[：:]")
CONTENTS_MARKER = re.compile(
    r"^[【\[]?\s*(?:目\s*录|本期要目|本期导读|本期目录|本期内容|内容提要|要\s*目)\s*[】\]]?[：:]?$"
)
REPORT_TO = re.compile(
    r"(?:报送?|抄报)[：:](.*?)(?=(?:发送?|抄送|分送|主送|印发|送)[：:]|[（(]?共印|$)", re.S
)
SEND_TO = re.compile(r"(?:发送?|抄送|分送|主送|印发)[：:](.*?)(?=(?:报送?|抄报)[：:]|[（(]?共印|$)", re.S)
PRINT_COUNT = re.compile(r"共印\s*(\d+)\s*份")


def issue_number(written: str) -> int | None:
    written = written.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if written.isdecimal():
        return int(written)
    try:
        return int(cn2an.cn2an(written.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def issue_match(line: Line) -> re.Match | None:
    match = ISSUE_LINE.match(line.flat)
    if match and re.search(r"[，。；！？,;]", (match.group("series") or "") + (match.group("rest") or "")):
        return None  # a sentence that happens to mention 第N期
    return match


def is_series_line(line: Line) -> bool:
    return is_heading_like(line.text, 40) and bool(SERIES_WORDS.search(line.flat)) and not issue_match(line)


def issue_starts(lines: list[Line]) -> list[int]:
    """Line indexes where an issue begins: its series title, else its 第N期 line."""
    starts: list[int] = []
    for i, line in enumerate(lines):
        if issue_match(line) and (i == 0 or not issue_match(lines[i - 1])) and _in_a_header(lines, i):
            start = i - 1 if i > 0 and is_series_line(lines[i - 1]) else i
            if not starts or start > starts[-1]:
                starts.append(start)
    return starts


def _in_a_header(lines: list[Line], i: int) -> bool:
    """A 第N期 line starts an issue at the top of the text, under a series title, or
    above an office/date line; elsewhere it is a body line ("开展第3期培训班")."""
    if i < 4 and not any(is_body_paragraph(l.text) or BYLINE.match(l.flat) for l in lines[:i]):
        return True
    if i > 0 and is_series_line(lines[i - 1]):
        return True
    return i + 1 < len(lines) and _is_meta_line(lines[i + 1])


ISSUE_TEXT = re.compile(rf"(?:\d{{4}}年)?第(?:{ISSUE_NUMBER})期|[（(]?总第\d+期[)）]?")


def _office_and_date(lines: list[Line]) -> tuple[str | None, str | None]:
    office, date = None, None
    for line in lines:
        if CLASSIFICATION.search(line.flat):
            continue
        found = dates.first_full_date(line.flat) or dates.year_month(line.flat)
        rest = dates.FULL_DATE.sub("", dates.NUMERIC_DATE.sub("", line.flat))
        rest = ISSUE_TEXT.sub("", dates.YEAR_MONTH.sub("", rest)).strip("（）() ")
        if found and not date:
            date = found
        if rest and not office and OFFICE_WORDS.search(rest) and len(rest) <= 40:
            office = OFFICE_DECOR.sub("", OFFICE_DECOR.sub("", rest)).strip() or None
    return office, date


@dataclass(frozen=True)
class BriefingHeader:
    """What the header of an issue says: its series, number, issuing office and date."""

    series: str | None = None
    issue_number: int | None = None
    office: str | None = None
    date: str | None = None  # ISO, or "YYYY-MM" when the header gives only a month


def parse_header(lines: list[Line]) -> tuple[BriefingHeader, int]:
    """Series, number, office and date from the first lines; returns where the header ends."""
    number: int | None = None
    series_parts: list[str] = []
    i = 0
    while i < min(len(lines), 4):
        match = issue_match(lines[i])
        if match:
            number = issue_number(match.group("number"))
            if match.group("series") and not dates.FULL_DATE.search(match.group("series")):
                series_parts.append(match.group("series"))
            i += 1
            break
        if not is_series_line(lines[i]) and series_parts:
            break
        if not CLASSIFICATION.search(lines[i].flat):
            series_parts.append(lines[i].flat)
        i += 1
    meta_end = i
    while meta_end < len(lines) and meta_end < i + 3 and _header_meta(lines, meta_end, i):
        meta_end += 1
    # The office is printed under the issue number; lines above it are the fallback.
    office, date = _office_and_date(lines[i:meta_end] + lines[:i])
    return BriefingHeader("".join(series_parts) or None, number, office, date), meta_end


# The issuing office printed under the issue number: a short name ending in an office
# word ("…创城工作指挥部", "…创城办", "…办公室编").
OFFICE_LINE = re.compile(
    r"(?:办公室|办|指挥部|领导小组|委员会|工作组|中心|编印?|主办|印发)$|^(?:主办|编印|编发|主编)[：:]"
)


def _header_meta(lines: list[Line], k: int, first: int) -> bool:
    """Line k of the header (from first on) is a date or office line. An office name is
    printed above the date or beside it: after the date line, a "…领导小组" line is a title."""
    if _has_date(lines[k].flat) or _office_above_date(lines, k):
        return True
    return _is_meta_line(lines[k]) and not any(_has_date(line.flat) for line in lines[first:k])


def _has_date(flat: str) -> bool:
    return bool(dates.first_full_date(flat) or dates.year_month(flat))


def _office_above_date(lines: list[Line], i: int) -> bool:
    """A short unit name ("…住房和城乡建设局") right above the date line is the office."""
    flat = lines[i].flat
    below = lines[i + 1].flat if i + 1 < len(lines) else ""
    is_date = len(below) <= 20 and bool(dates.first_full_date(below) or dates.year_month(below))
    return (
        is_date
        and len(flat) <= 30
        and not BULLET.match(lines[i].text)
        and bool(OFFICE_WORDS.search(flat[-3:]))
    )


def _is_meta_line(line: Line) -> bool:
    flat = line.flat
    has_date = bool(dates.first_full_date(flat) or dates.year_month(flat))
    if has_date:
        return True
    return (
        len(flat) <= 30
        and not BULLET.match(line.text)
        and bool(OFFICE_LINE.search(flat))
        and not re.search(r"[，。；！？,;]", flat)
    )


def parse_contents(lines: list[Line], start: int) -> tuple[list[str], int, int]:
    """Contents entries after the header, the index of the first body line, and how many
    lines the first body heading takes when it was glued to the last entry (else 0)."""
    i = _skip_header_leftovers(lines, start)
    if i < len(lines) and CONTENTS_MARKER.match(lines[i].flat):
        i += 1
    bulleted = i < len(lines) and _is_marked_entry(lines[i])
    entries: list[str] = []
    j = i
    while j < len(lines) and is_heading_like(strip_entry_marks(lines[j].text), 60):
        entry = tidy(strip_entry_marks(lines[j].text))
        has_mark = strip_entry_marks(lines[j].text) != lines[j].text.strip()
        wraps = (
            _continues_entry(lines, j) or _completes(entries[-1], entry, lines[j + 1 :]) if entries else False
        )
        if bulleted and not has_mark and entries and wraps:
            if _wrapped(entries[-1], entry, lines[j + 1 :]):
                entries[-1] += entry  # a long entry wrapped onto a second line
            else:
                entries.append(entry)
            j += 1
            continue
        if (bulleted and not has_mark) or squash(entry) in {squash(e) for e in entries}:
            break  # the first body heading repeats an entry: the list is over
        entries.append(entry)
        j += 1
    entries = _join_wrapped(entries, lines[j:])
    entries, glued = _unglue_last(entries, lines, j)
    if not entries or not _confirmed(entries[1:] if glued else entries, lines[j:]):
        return [], start, 0
    return entries, j - 1 if glued else j, glued


def _unglue_last(entries: list[str], lines: list[Line], j: int) -> tuple[list[str], int]:
    """The text layer may join the last contents line to the first body heading
    ("- …助力创城" + "市生态环境局" → "…助力创城市生态环境局"): the last entry then ends
    with the start of the first entry. Cut it off; the heading is that glued line (1),
    or that line and the next one (2)."""
    if len(entries) < 2:
        return entries, 0
    first, last = squash(entries[0]), squash(entries[-1])
    following = lines[j].flat if j < len(lines) else ""
    for k in range(min(len(first), len(last) - 4), 1, -1):
        if not last.endswith(first[:k]):
            continue
        if k == len(first):
            return entries[:-1] + [last[:-k]], 1
        if similar(first[:k] + following, first):
            return entries[:-1] + [last[:-k]], 2
    return entries, 0


def _is_marked_entry(line: Line) -> bool:
    return bool(BULLET.match(line.text) or re.match(r"^[一二三四五六七八九十]{1,3}[、．.]", line.flat))


def _skip_header_leftovers(lines: list[Line], start: int) -> int:
    """Header lines the header rules did not know (an office named "…局", a slogan)
    directly above a bulleted contents list are not contents entries; a line that
    reappears below as a heading is one."""
    for k in range(start, min(start + 3, len(lines))):
        if _is_marked_entry(lines[k]) or CONTENTS_MARKER.match(lines[k].flat):
            return k
        if any(line.flat == lines[k].flat for line in lines[k + 1 :]):
            return k  # an entry that lost its mark: it comes back as a body heading
        if not is_heading_like(lines[k].text, 40) and not _is_meta_line(lines[k]):
            return start
    return start


def _wrapped(previous: str, entry: str, later: list[Line]) -> bool:
    """An unmarked line amid marked entries continues the one above, unless it is an
    entry that lost its mark (OCR drops "- "): then it stands alone as a body heading."""
    headings = {line.flat for line in later}
    return not (squash(entry) in headings and squash(previous + entry) not in headings)


def _headings(later: list[Line]) -> set[str]:
    flats = [line.flat for line in later]
    return set(flats) | {a + b for a, b in zip(flats, flats[1:])}


def _completes(previous: str, entry: str, later: list[Line]) -> bool:
    """An entry wrapped over two lines: together they are a body heading (on one line or two)."""
    return squash(previous + entry) in _headings(later)


def _join_wrapped(entries: list[str], later: list[Line]) -> list[str]:
    """Unmarked contents lines that only together make a body heading are one entry."""
    joined: list[str] = []
    for entry in entries:
        if joined and _completes(joined[-1], entry, later):
            joined[-1] += entry
        else:
            joined.append(entry)
    return joined


def _continues_entry(lines: list[Line], j: int) -> bool:
    following = lines[j + 1].text if j + 1 < len(lines) else ""
    return bool(
        BULLET.match(following) or re.match(r"^[一二三四五六七八九十]{1,3}[、．.]", squash(following))
    )


def _confirmed(entries: list[str], body: list[Line]) -> bool:
    """Contents entries must reappear as body headings (else the run was headings)."""
    flats = [line.flat for line in body]
    pairs = [a + b for a, b in zip(flats, flats[1:])]
    hits = 0
    for entry in entries:
        wanted = squash(entry)
        if any(similar(wanted, f) for f in flats + pairs if len(f) < 2 * len(wanted) + 10) or any(
            title_glued_to_body(f, wanted) for f in flats + pairs
        ):
            hits += 1
    return hits >= max(1, len(entries) // 2)


def parse_distribution(lines: list[Line]) -> tuple[dict, int | None]:
    block = "\n".join(line.flat for line in lines)
    distribution: dict[str, list[str]] = {"report_to": [], "send_to": []}
    for key, pattern in (("report_to", REPORT_TO), ("send_to", SEND_TO)):
        for match in pattern.finditer(block):
            distribution[key] += [p.strip() for p in re.split(r"[，,；;\n]", match.group(1)) if p.strip()]
    count = PRINT_COUNT.search(block)
    return distribution, int(count.group(1)) if count else None


def _date_elsewhere(lines: list[Line], stop: int) -> str | None:
    """No date under the header: a date line among the first lines, or in the footer."""
    for line in lines[:8] + lines[stop:]:
        if len(line.flat) <= 40 and (dates.first_full_date(line.flat) or dates.year_month(line.flat)):
            return dates.first_full_date(line.flat) or dates.year_month(line.flat)
    return None


def _whole_issue_article(
    text: str,
    lines: list[Line],
    body_start: int,
    stop: int,
    header: BriefingHeader,
    meta: dict,
    facts: DocumentFacts | None = None,
) -> Article:
    """No heading found: the issue is one article, so nothing is dropped."""
    first = body_start if body_start < stop else 0
    last = stop if first < stop else len(lines)
    body = slice_text(text, lines, first, last, 0)
    title = meta.get("title") or fallback_title(lines[first:last]) or header.series or ""
    return build_article(title, body, lines[first].start, header.date, facts=facts)


def _issue_facts(lines: list[Line], header_end: int, facts: DocumentFacts | None) -> DocumentFacts:
    """The issue's own city: the one its series title or office names, else the one its text
    names, else the one the whole text names (several issues of one series in one file)."""
    facts = facts or DocumentFacts()
    header = "\n".join(line.flat for line in lines[:header_end])
    city = document_city("\n".join(line.text for line in lines), header)
    return replace(facts, city=city or facts.city)


def parse_briefing(
    text: str, lines: list[Line], base: int = 0, meta: dict | None = None, facts: DocumentFacts | None = None
) -> Document:
    """One issue: lines are this issue's lines, offsets relative to the full text."""
    meta = meta or {}
    header, header_end = parse_header(lines)
    facts = _issue_facts(lines, header_end, facts)
    contents, body_start, glued = parse_contents(lines, header_end)
    stop = body_end(lines, body_start)
    header = replace(header, date=header.date or meta.get("date") or _date_elsewhere(lines, stop))
    distribution, print_count = parse_distribution(lines[stop:])
    if contents and glued:
        rest = match_contents(lines, contents[1:], body_start + glued)
        headings = [Heading(contents[0], body_start, glued)] + rest
    elif contents:
        headings = match_contents(lines, contents, body_start)
    else:
        headings = headings_by_pattern(lines[:stop], body_start)
    articles = articles_from_headings(text, lines, headings, stop, base, header.date, facts=facts)
    if not articles:
        articles = [_whole_issue_article(text, lines, body_start, stop, header, meta, facts)]
    return Document(
        kind=DocumentKind.BRIEFING.value,
        articles=articles,
        series=header.series,
        issue_number=header.issue_number,
        date=header.date,
        office=header.office,
        contents=contents,
        distribution=distribution,
        print_count=print_count,
    )
