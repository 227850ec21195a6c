"""Split a body into articles (by a contents list, else by heading patterns) and
fill each Article with its date, units, officials, grids and statements."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher

from indexer.lang.vocabulary import is_district, within_district, word_list
from indexer.parse import dates
from indexer.parse.deadlines import said_on
from indexer.parse.grids import find_grids
from indexer.parse.lines import (
    BULLET,
    EDITOR_LINE,
    FOOTER_START,
    NUMBERED_SUBHEADING,
    PARTICIPANT,
    Line,
    is_body_paragraph,
    is_heading_like,
    squash,
    tidy,
)
from indexer.parse.officials import find_officials
from indexer.parse.statements import DocumentFacts, find_statements
from indexer.parse.units import article_city, find_units
from indexer.records import Article, Unit

TITLE_MATCH_RATIO = 0.8
LOOSE_MATCH_RATIO = 0.5
MIN_TITLE_CHARS = 6
CN_NUMBERED = re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]\s*")


@dataclass(frozen=True)
class Heading:
    title: str
    index: int  # index of the first heading line
    size: int  # how many lines the heading spans


PAGE_NUMBER = re.compile(r"(?:[.…·．]{2,}|\s{2,})\s*[（(]?\d{1,3}[)）]?$")


def strip_entry_marks(text: str) -> str:
    """A contents entry without its bullet, number or page ("- ", "一、", "……3")."""
    text = PAGE_NUMBER.sub("", BULLET.sub("", text.strip(), count=1))
    return CN_NUMBERED.sub("", text, count=1).strip()


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def similar(a: str, b: str, threshold: float = TITLE_MATCH_RATIO) -> bool:
    """``similarity(a, b) >= threshold``, answered by its cheap upper bounds (lengths, then shared
    characters) when they already fall short: most lines of a body are nowhere near a title."""
    if not a or not b or 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


def is_footer(line: Line) -> bool:
    return bool(FOOTER_START.match(line.flat) or EDITOR_LINE.match(line.flat))


def _heading_match(lines: list[Line], i: int, wanted: str) -> int:
    """How many lines from i spell the title (1 or 2), or 0 when they do not."""
    if title_glued_to_body(squash(strip_entry_marks(lines[i].text)), wanted):
        return 1
    if (
        i + 1 < len(lines)
        and wanted.startswith(lines[i].flat)
        and is_heading_like(lines[i].text)
        and title_glued_to_body(lines[i].flat + lines[i + 1].flat, wanted)
    ):
        return 2  # a unit line above the title, the title glued to the paragraph
    if not is_heading_like(lines[i].text, max(40, len(wanted) + 10)):
        return 0
    one = squash(strip_entry_marks(lines[i].text))
    if one == wanted:
        return 1
    if i + 1 < len(lines) and is_heading_like(lines[i + 1].text, 60):
        two = one + lines[i + 1].flat
        two_score = similarity(two, wanted)
        if two == wanted or (two_score >= TITLE_MATCH_RATIO and two_score > similarity(one, wanted)):
            return 2
    return 1 if similar(one, wanted) else 0


def title_glued_to_body(flat: str, wanted: str) -> bool:
    """A heading the text layer joined to its first paragraph ("…护航学生出行为进一步…"):
    the (squashed) text starts with the whole title and goes on as a sentence."""
    return (
        len(wanted) >= 8
        and flat.startswith(wanted)
        and len(flat) > len(wanted)
        and is_body_paragraph(flat[len(wanted) :])
    )


def match_contents(lines: list[Line], contents: list[str], start: int) -> list[Heading]:
    """Body headings for the contents titles, in order. A first pass takes close
    matches; titles still missing are then looked for, more loosely, among the
    heading-like lines between their found neighbours. Titles never found are skipped."""
    found: dict[int, Heading] = {}
    cursor = start
    for n, title in enumerate(contents):
        for i in range(cursor, len(lines)):
            size = _heading_match(lines, i, squash(title))
            if size:
                found[n] = _with_unit_line(lines, Heading(title, i, size), cursor)
                cursor = i + size
                break
    for n, title in enumerate(contents):
        if n not in found:
            low = max((h.index + h.size for k, h in found.items() if k < n), default=start)
            high = min((h.index for k, h in found.items() if k > n), default=len(lines))
            loose = _loose_match(lines, low, high, squash(title))
            if loose is not None:
                found[n] = Heading(title, loose.index, loose.size)
    return [found[n] for n in sorted(found, key=lambda k: found[k].index)]


def _loose_match(lines: list[Line], low: int, high: int, wanted: str) -> Heading | None:
    """The best heading of one or two title lines before a body paragraph, if similar enough."""
    best: tuple[float, int, int] = (0.0, 0, 0)
    for i in range(low, high):
        for size in (1, 2):
            block = range(i, min(i + size, high))
            if len(block) < size or not all(_is_title_line(lines, j) for j in block):
                continue
            if _body_follows(lines, i + size):
                score = similarity("".join(lines[j].flat for j in block), wanted)
                best = max(best, (score, i, size))
    return Heading("", best[1], best[2]) if best[0] >= LOOSE_MATCH_RATIO else None


def _with_unit_line(lines: list[Line], heading: Heading, floor: int) -> Heading:
    """A unit printed on its own line above the title ("高新区") starts the article."""
    above = heading.index - 1
    if above >= floor and len(lines[above].flat) <= 16 and is_heading_like(lines[above].text):
        units = find_units(lines[above].flat)
        if units and units[0].name == lines[above].flat:
            return Heading(heading.title, above, heading.size + 1)
    return heading


def _is_title_line(lines: list[Line], i: int, numbered: bool = False) -> bool:
    text = lines[i].text
    if NUMBERED_SUBHEADING.match(squash(text)) and not numbered:
        return False
    return is_heading_like(text) and not PARTICIPANT.match(squash(text)) and not is_footer(lines[i])


def _body_follows(lines: list[Line], i: int) -> bool:
    for j in range(i, min(i + 3, len(lines))):
        if PARTICIPANT.match(lines[j].flat):
            continue
        return is_body_paragraph(lines[j].text) and not is_footer(lines[j])
    return False


def headings_by_pattern(lines: list[Line], start: int) -> list[Heading]:
    """Short unpunctuated lines (one to three) followed by a body paragraph. Numbered
    lines (一、…) are sub-headings inside an article, unless the text has no other
    headings at all: then they are the only article headings there are."""
    return _headings(lines, start, numbered=False) or _headings(lines, start, numbered=True)


def _headings(lines: list[Line], start: int, numbered: bool) -> list[Heading]:
    headings = []
    i = start
    while i < len(lines):
        size = 0
        while i + size < len(lines) and size < 3 and _is_title_line(lines, i + size, numbered):
            size += 1
        title = "".join(tidy(strip_entry_marks(lines[j].text)) for j in range(i, i + size))
        # Very short lines ("提高站位") are sub-headings within an article.
        if size and len(squash(title)) >= MIN_TITLE_CHARS and _body_follows(lines, i + size):
            headings.append(Heading(title, i, size))
        i += max(size, 1)
    if numbered and len(headings) < 2:
        return []
    return headings


def body_end(lines: list[Line], start: int) -> int:
    """Index of the first footer line (报：/发：/共印…) at or after start."""
    for i in range(start, len(lines)):
        if is_footer(lines[i]):
            return i
    return len(lines)


def article_date(text: str, reference: str | None, reference_inferred: bool) -> tuple[str | None, bool]:
    found = dates.event_dates(text, reference)
    if found:
        written_year = bool(dates.full_dates(text)) and found[0] == dates.first_full_date(text)
        return found[0], reference_inferred and not written_year
    return reference, reference_inferred


def build_article(
    title: str,
    text: str,
    offset: int,
    reference: str | None,
    reference_inferred: bool = False,
    default_speaker: str | None = None,
    known_officials: dict[str, str | None] | None = None,
    facts: DocumentFacts | None = None,
    fixed_date: bool = False,
) -> Article:
    """``fixed_date``: the reference is the article's own date (a 公文's filing date), not the
    issue date its first event date is resolved against."""
    officials = find_officials(text, known_officials)
    positions = dict(known_officials or {})
    positions.update({o.name: o.position for o in officials})
    facts = facts or DocumentFacts()
    facts = replace(facts, city=article_city(title + "\n" + text, facts.city))
    title_units = find_units(title, facts.city)
    units = _in_district(_merge_units(title_units, find_units(text, facts.city)), facts.city)
    about = title_units[0] if title_units else (units[0] if units else None)
    body_unit = about.normalized if about else None
    date, inferred = (
        (reference, reference_inferred) if fixed_date else article_date(text, reference, reference_inferred)
    )
    statements = find_statements(text, positions, body_unit, _said(date, facts), default_speaker, facts)
    return Article(
        title=tidy(title),
        text=text,
        date=date,
        date_inferred=inferred,
        units=units,
        officials=officials,
        grids=find_grids(title + "\n" + text),
        statements=statements,
        offset=offset,
    )


def _said(article_date: str | None, facts: DocumentFacts | None) -> date | None:
    """The date deadlines resolve against: the document's own (its dating line, else the
    first day of its number's year), else the article's."""
    issued = facts.issued if facts else None
    if issued and issued.date:
        return said_on(issued.date)
    if issued and issued.year and not _dated_in(article_date, issued.year):
        return date(issued.year, 1, 1)
    return said_on(article_date)


def _dated_in(value: str | None, year: int) -> bool:
    """A month or a day of that year (a year alone, a 公文 filed under its number's, says no day)."""
    return bool(value) and len(value or "") >= 7 and (value or "").startswith(str(year))


def _in_district(units: list[Unit], city: str | None) -> list[Unit]:
    """区创城办 in an article about 东昌府区 is 东昌府区's office: relative names (区…/县…)
    resolve to the article's first district."""
    district = next((u.normalized for u in units if is_district(u.normalized)), None)
    resolved = []
    for unit in units:
        full = within_district(unit.name, district, city) if unit.normalized == unit.name else None
        resolved.append(Unit(unit.name, full) if full else unit)
    first: dict[str, Unit] = {}
    for unit in resolved:
        first.setdefault(unit.normalized, unit)
    return list(first.values())


def _merge_units(first, second):
    seen = {u.normalized for u in first}
    return list(first) + [u for u in second if u.normalized not in seen and not seen.add(u.normalized)]


def slice_text(text: str, lines: list[Line], begin: int, end: int, base: int) -> str:
    """The original text from line begin up to (not including) line end."""
    if begin >= end:
        return ""
    return text[lines[begin].start - base : lines[end - 1].end - base]


def articles_from_headings(
    text: str,
    lines: list[Line],
    headings: list[Heading],
    stop: int,
    base: int,
    reference: str | None,
    reference_inferred: bool = False,
    known_officials: dict[str, str | None] | None = None,
    facts: DocumentFacts | None = None,
) -> list[Article]:
    articles = []
    for n, heading in enumerate(headings):
        end = headings[n + 1].index if n + 1 < len(headings) else stop
        body = slice_text(text, lines, heading.index, max(end, heading.index + heading.size), base)
        articles.append(
            build_article(
                heading.title,
                body,
                lines[heading.index].start,
                reference,
                reference_inferred,
                None,
                known_officials,
                facts,
            )
        )
    return articles


DOCUMENT_TITLE_MAX = 60


def document_title(lines: list[Line]) -> str:
    """The title of a document that is neither a briefing nor a report (a letter, a notice,
    a scanned report): among its first lines, the one naming its kind ("…的通知", "…报告"),
    below any issuer's header; else as fallback_title."""
    for line in lines[:5]:
        if is_heading_like(line.text, DOCUMENT_TITLE_MAX) and line.flat.endswith(word_list("title_endings")):
            return tidy(line.text)
    return fallback_title(lines)


def fallback_title(lines: list[Line]) -> str:
    """A title for text without headings: the first heading-like line, else its first clause."""
    for line in lines[:5]:
        if is_heading_like(line.text):
            return tidy(line.text)
    first = tidy(lines[0].text) if lines else ""
    clause = re.split(r"[，。；！？,;]", first)[0]
    return clause[:40]
