"""News reports: headline, sub-headline, paper, byline, date, one article per
speaker or topic section.

Section titles: a speaker header line ("东昌府区委书记荣红智：网格化落实…") gives
the WHOLE line as the title (speaker, position and topic all searchable, and the
unit in it counted as the article's unit); the speaker becomes the default
speaker of the section's commitments. The lead paragraphs before the first
section are the report's introduction and belong to no section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.kinds import DocumentKind
from indexer.lang.text import HAN
from indexer.lang.vocabulary import word_list
from indexer.parse import dates
from indexer.parse.articles import (
    Heading,
    articles_from_headings,
    body_end,
    build_article,
    fallback_title,
    headings_by_pattern,
    slice_text,
)
from indexer.parse.lines import Line, ends_sentence, is_heading_like, squash, tidy
from indexer.parse.officials import positioned_mentions
from indexer.parse.statements import DocumentFacts
from indexer.records import Article, Document

BYLINE = re.compile(
    r"^(?:本报记者|本报通讯员|本报特约记者|特约记者|记者|通讯员|实习记者|文[/／：:]|作者[：:]|撰稿[：:]|"
    r"来源[：:]|文图[/／：:]|本报讯)"
)
BYLINE_IN_LEAD = re.compile(r"^(?:本报讯|讯)?\s*[（(]\s*((?:本报)?(?:记者|通讯员)[^）)]{1,40}?)\s*[）)]")
PAPER = re.compile(f"《?([{HAN}]{{2,10}}?(?:" + "|".join(word_list("parse_paper_suffixes")) + "))》?")
SPEAKER_HEADER = re.compile(r"^(?P<who>[^，。；：:！？]{4,45}?)\s*[：:]\s*(?P<topic>.{2,60})$")
MAX_HEADER_LINES = 8
SECTION_MARK = re.compile(r"^[■□●○◆◇▲△★☆▶►【\[]+|[】\]]+$")


def is_news(lines: list[Line], meta: dict) -> bool:
    if meta.get("byline"):
        return True
    head = lines[:MAX_HEADER_LINES]
    return any(BYLINE.match(l.flat) or BYLINE_IN_LEAD.match(l.flat) for l in head)


def glued_header(flat: str) -> tuple[str, str] | None:
    """(header, speaker) of a section header the text layer joined to its first paragraph:
    "<position><name>：<topic><position><name>在发言中说…" — the header ends where the
    same speaker is named again."""
    mentions = positioned_mentions(flat)
    first = mentions[0] if mentions else None
    if (
        not first
        or first.start != 0
        or not first.position
        or flat[first.end : first.end + 1] not in ("：", ":")
    ):
        return None
    again = flat.find(first.position + first.name, first.end)
    topic = flat[first.end + 1 : again] if again > 0 else ""
    if not 2 <= len(topic) <= 60 or re.search(r"[。；！？]", topic):
        return None
    return flat[:again], first.name


def speaker_of_header(line: Line) -> str | None:
    """The speaker's name when the line is a '<position+name>：<topic>' section header,
    or a short line that is only a position and a name ('■东昌府区委书记 荣红智')."""
    flat = SECTION_MARK.sub("", line.flat)
    mentions = positioned_mentions(flat)
    if mentions and mentions[0].start == 0 and mentions[0].end == len(flat) and len(flat) <= 40:
        return mentions[0].name
    glued = glued_header(flat)
    if glued:
        return glued[1]
    match = SPEAKER_HEADER.match(flat)
    if not match or (ends_sentence(match.group("topic")) and len(line.flat) > 50):
        return None
    mentions = positioned_mentions(match.group("who"))
    if mentions and mentions[-1].end == len(match.group("who")):
        return mentions[-1].name
    return None


def _is_date_line(flat: str) -> bool:
    """'2020年6月12日 08:30 来源：大众网' is a dateline, never a headline."""
    found = dates.first_full_date(flat)
    return bool(found) and len(flat) <= 40 and not re.search(r"[，。；]", flat)


@dataclass(frozen=True)
class NewsHeader:
    """What the top of a report (or the page's meta) says: headline, paper, byline and date."""

    headline: str | None = None
    subheadline: str | None = None
    paper: str | None = None
    byline: str | None = None
    date: str | None = None  # ISO, or "YYYY-MM" when only a month is written
    date_inferred: bool = False  # the year was not written: taken from the year the text speaks of


def _header(lines: list[Line], meta: dict) -> tuple[NewsHeader, int]:
    date, paper, byline = meta.get("date"), meta.get("paper"), meta.get("byline")
    titles: list[str] = []
    end = 0
    byline_seen = False  # titles stand above the byline line (a byline from meta says nothing)
    for i, line in enumerate(lines[:MAX_HEADER_LINES]):
        flat = line.flat
        if _is_date_line(flat):
            date = date or dates.first_full_date(flat)
            found = PAPER.search(flat)
            paper = paper or (found.group(1) if found else None)
            end = i + 1
            continue
        if BYLINE.match(flat) and len(flat) <= 40:
            byline = byline or " ".join(line.text.split())  # names keep their spaces
            byline_seen = True
            end = i + 1
            continue
        found = PAPER.search(flat)
        if found and len(flat) <= 40 and (dates.first_full_date(flat) or flat.startswith(("《", "来源"))):
            paper = paper or found.group(1)
            date = date or dates.first_full_date(flat)
            end = i + 1
            continue
        if (is_heading_like(line.text, 50) or flat.endswith(("？", "！", "?"))) and not byline_seen:
            titles.append(tidy(line.text))
            end = i + 1
            continue
        break
    headline = (meta.get("title") or titles[0]) if titles else meta.get("title")
    subheadline = titles[1] if len(titles) > 1 else None
    return NewsHeader(headline, subheadline, paper, byline, date), end


def _with_date(header: NewsHeader, text: str, lines: list[Line], start: int) -> NewsHeader:
    """No date in the header: the lead's, else its month-day in the year the text speaks of."""
    if header.date:
        return header
    lead = "\n".join(l.flat for l in lines[start : start + 3])
    date = dates.first_full_date(lead)
    if date:
        return replace(header, date=date)
    month_day = dates.first_month_day(lead)
    year = dates.current_year_from_text(text)
    if month_day and year:
        date = dates.iso(year, *month_day)
        return replace(header, date=date, date_inferred=date is not None)
    if dates.year_month("\n".join(l.flat for l in lines[:MAX_HEADER_LINES])):
        return replace(header, date=dates.year_month("\n".join(l.flat for l in lines[:MAX_HEADER_LINES])))
    return replace(header, date=date)


def _with_lead_byline(header: NewsHeader, lines: list[Line], start: int) -> NewsHeader:
    if not header.byline and start < len(lines):
        match = BYLINE_IN_LEAD.match(" ".join(lines[start].text.split()))
        if match:
            return replace(header, byline=match.group(1))
    return header


def _headline_index(lines: list[Line], headline: str | None, default: int) -> int:
    """The article of a report without sections starts at its headline, if written."""
    for i, line in enumerate(lines[:default]):
        if headline and line.flat == squash(headline):
            return i
    return default


def _whole_report_article(
    text: str,
    lines: list[Line],
    header: NewsHeader,
    start: int,
    stop: int,
    facts: DocumentFacts | None = None,
) -> Article:
    """No sections: the report is one article from its headline on; nothing is dropped."""
    first = _headline_index(lines, header.headline, start)
    first, last = (first, stop) if first < stop else (0, len(lines))
    title = header.headline or fallback_title(lines[first:last]) or ""
    body = slice_text(text, lines, first, last, 0)
    return build_article(title, body, lines[first].start, header.date, header.date_inferred, facts=facts)


def is_web_page(meta: dict) -> bool:
    return meta.get("format") == "html"


def _trusted_meta(meta: dict, text: str) -> dict:
    """A file's own date (docx/PDF properties) can be the day it was saved: it is dropped
    when the text speaks of a year more than one year away from it. A web page's date is
    the one the page shows or declares for itself (chosen by extract), not a save date."""
    if is_web_page(meta):
        return meta
    year = dates.current_year_from_text(text)
    date = meta.get("date")
    if date and year and abs(int(date[:4]) - year) > 1:
        return {k: v for k, v in meta.items() if k != "date"}
    return meta


def _lead_date(
    text: str, lines: list[Line], start: int, end: int, header: NewsHeader
) -> tuple[str | None, bool]:
    """The event the report is about ("在6月19日召开的…推进会上"), dated in its lead: the
    date of speaker sections that give none of their own. Else the report's date."""
    lead = "\n".join(l.flat for l in lines[start : min(end, start + 3)])
    found = dates.event_dates(lead, header.date)
    if found and len(found[0]) == 10:
        if found[0] == dates.first_full_date(lead):
            return found[0], False
        return _in_current_year(found[0], text), True
    return header.date, header.date_inferred


def _in_current_year(date: str, text: str) -> str:
    """A bare month-day resolved against a file date lands in the year the text speaks
    of as current when the two disagree (a docx saved months later)."""
    year = dates.current_year_from_text(text)
    if year and year != int(date[:4]):
        return dates.iso(year, int(date[5:7]), int(date[8:10])) or date
    return date


def _section_title(line: Line) -> str:
    glued = glued_header(SECTION_MARK.sub("", line.flat))
    return glued[0] if glued else SECTION_MARK.sub("", tidy(line.text))


def parse_news(
    text: str, lines: list[Line], meta: dict | None = None, facts: DocumentFacts | None = None
) -> Document:
    meta = _trusted_meta(meta or {}, text)
    header, start = _header(lines, meta)
    header = _with_date(_with_lead_byline(header, lines, start), text, lines, start)
    stop = body_end(lines, start)
    if is_web_page(meta):
        # A web page holds one article: its sub-headings, numbered items, speakers' sections and
        # tables are parts of it (a briefing issue saved as a page is told apart before this).
        return _document(header, [_whole_report_article(text, lines, header, start, len(lines), facts)])
    speakers = {i: speaker_of_header(lines[i]) for i in range(start, stop)}
    sections = [Heading(_section_title(lines[i]), i, 1) for i, who in speakers.items() if who]
    if sections:
        articles = []
        reference, inferred = _lead_date(text, lines, start, sections[0].index, header)
        for n, section in enumerate(sections):
            end = sections[n + 1].index if n + 1 < len(sections) else stop
            body = slice_text(text, lines, section.index, end, 0)
            articles.append(
                build_article(
                    section.title,
                    body,
                    lines[section.index].start,
                    reference,
                    inferred,
                    speakers[section.index],
                    facts=facts,
                )
            )
    else:
        headings = headings_by_pattern(lines[:stop], start)
        articles = articles_from_headings(
            text, lines, headings, stop, 0, header.date, header.date_inferred, facts=facts
        )
        if headings and headings[0].index > start:
            # The lead before the first topic heading is an article of its own, under the headline.
            lead = _whole_report_article(text, lines, header, start, headings[0].index, facts)
            articles.insert(0, lead)
        if not articles:
            articles = [_whole_report_article(text, lines, header, start, stop, facts)]
    return _document(header, articles)


def _document(header: NewsHeader, articles: list[Article]) -> Document:
    return Document(
        kind=DocumentKind.NEWS.value,
        articles=articles,
        date=header.date,
        date_inferred=header.date_inferred,
        paper=header.paper,
        byline=header.byline,
        headline=header.headline,
        subheadline=header.subheadline,
    )
