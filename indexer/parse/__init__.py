"""Parse clean text into Document records: briefing issues, news reports, other.

    parse(text, meta=None) -> list[Document]

- Kind: a 第N期 header line (under a series title, or at the top) makes a briefing
  issue; several such headers split the text into several issues. Else a byline
  (本报记者/记者/通讯员/本报讯（记者…）) or a web page's meta (title + date) makes a
  news report. A short title ending in 简报/动态/快报… makes a briefing without a
  number. Anything else is one "other" Document with one Article: nothing is
  dropped. Empty text gives [].
- Articles of a briefing follow its contents list (titles are the contents
  titles, matched to body headings despite removed spaces, a unit line above,
  a title wrapped over two lines, small wording changes); without a contents list,
  short unpunctuated lines followed by a paragraph are headings (一、 sub-headings
  and "陈秀兴参加" lines are not). 报：/发：/共印 lines are distribution, not text.
- Articles of a news report are its speaker sections: a header line
  "<position><name>：<topic>" (or only "<position><name>") starts one, and the
  WHOLE line is the title. The lead before the first speaker section belongs to
  no article. Without speakers, topic headings split the report (the lead is then
  an article under the headline); without headings the report is one article.
- Article.offset is the char offset of the article's first heading line in the
  given text, and Article.text is text[offset:offset + len(text)].
- Dates are ISO; a header that gives only a month ("（2020年6月）") gives "2020-06".
  A news date without a year takes the year the text speaks of as current and sets
  date_inferred. No evidence, no date (None).
- Targets keep numbers as written: 新开工4.9万套 → Target(4.9, "万套", "2018").
"""

from __future__ import annotations

from dataclasses import replace

from indexer.kinds import DocumentKind, is_gongwen
from indexer.parse import dates
from indexer.parse.articles import build_article, document_title
from indexer.parse.briefing import SERIES_WORDS, issue_starts, parse_briefing
from indexer.parse.citations import find_citations, merged_citations
from indexer.parse.gongwen import Gongwen, filing_date, is_label_line, read_gongwen
from indexer.parse.issuer import issued_in
from indexer.parse.lines import split_lines
from indexer.parse.news import is_news, parse_news
from indexer.parse.statements import DocumentFacts
from indexer.parse.units import document_city
from indexer.records import Document

__all__ = ["parse"]


def parse(text: str, meta: dict | None = None) -> list[Document]:
    if not isinstance(text, str) or not text.strip():
        return []
    meta = clean_meta(meta)
    lines = split_lines(text)
    documents = _documents(text, lines, meta)
    for document in documents:
        _cite(document)
    return documents


def _cite(document: Document) -> None:
    """Each article's citations, and the document's (all of them). A 公文's own parse knows its number,
    which it does not cite; its one article is the whole document and cites what it cites."""
    if is_gongwen(document.kind):
        for article in document.articles:
            article.cites = [replace(c) for c in document.cites]
        return
    for article in document.articles:
        article.cites = find_citations(article.text)
    document.cites = merged_citations([c for article in document.articles for c in article.cites])


def _documents(text: str, lines, meta: dict) -> list[Document]:
    gongwen = read_gongwen(lines, meta)
    # The seam to the 公文 fields: the issuing office and date, read once for the whole text.
    own = issued_in(lines, gongwen[0] if gongwen else None)
    facts = DocumentFacts(own, document_city(text, own.office or ""))
    starts = issue_starts(lines)
    if gongwen is not None and not _briefing_header_first(lines, starts, gongwen[1]):
        return [parse_gongwen(text, lines, gongwen[0], meta, facts)]
    if starts:
        starts[0] = 0  # a preamble before the first issue header belongs to that issue
        bounds = starts + [len(lines)]
        return [parse_briefing(text, lines[a:b], 0, meta, facts) for a, b in zip(bounds, bounds[1:]) if a < b]
    if is_news(lines, meta) or _web_page(meta):
        return [parse_news(text, lines, meta, facts)]
    if _looks_like_briefing(lines):
        return [parse_briefing(text, lines, 0, meta, facts)]
    return [parse_other(text, lines, meta, facts)]


def _briefing_header_first(lines, starts: list[int], title_line: int) -> bool:
    """A briefing's header (第N期, or a series title ending in 简报…) above a 公文's title makes the
    text a briefing that reprints the document; a 第N期 line under the title (纪要 第12期, a
    metadata line 文号 …第十六期) or none at all leaves it a 公文."""
    if starts and starts[0] < title_line and not is_label_line(lines[starts[0]]):
        return True
    return any(_briefing_series(line) for line in lines[: min(3, title_line)])


def clean_meta(meta: dict | None) -> dict:
    """Keep usable meta values only: non-empty strings, a valid date."""
    meta = {k: v.strip() for k, v in (meta or {}).items() if isinstance(v, str) and v.strip()}
    if "date" in meta:
        meta["date"] = dates.normalize_date(meta["date"])
    return {k: v for k, v in meta.items() if v}


def _web_page(meta: dict) -> bool:
    """An HTML page with a title and a date or paper is a news item."""
    return bool(meta.get("title") and (meta.get("date") or meta.get("paper")))


def _looks_like_briefing(lines) -> bool:
    return any(_briefing_series(l) for l in lines[:3])


def _briefing_series(line) -> bool:
    return (
        len(line.flat) <= 30
        and bool(SERIES_WORDS.search(line.flat))
        and line.flat.endswith(("简报", "快报", "专报", "动态", "通讯", "周报", "月报", "要情"))
    )


def parse_other(text: str, lines, meta: dict, facts: DocumentFacts | None = None) -> Document:
    title = meta.get("title") or document_title(lines)
    # a dated letter or notice is of its own date (its dating line), not of the first date it cites
    own = (facts.issued.date if facts else None) or dates.own_date(text)
    date = meta.get("date") or own or dates.first_full_date(text) or dates.year_month(text)
    article = build_article(title, text.strip(), lines[0].start, date, facts=facts)
    if own:
        article = replace(article, date=own, date_inferred=False)
    return Document(kind=DocumentKind.OTHER.value, articles=[article], date=date, headline=meta.get("title"))


def parse_gongwen(
    text: str, lines, gongwen: Gongwen, meta: dict, facts: DocumentFacts | None = None
) -> Document:
    """One Document of one article: the whole text under the document's title, dated by its
    filing date (the date its statements' deadlines resolve against)."""
    date = filing_date(gongwen.signed_date, gongwen.doc_number) or gongwen.published or meta.get("date")
    title = gongwen.title or meta.get("title") or document_title(lines)
    article = build_article(title, text.strip(), lines[0].start, date, facts=facts, fixed_date=True)
    return Document(
        kind=gongwen.kind.value,
        articles=[article],
        date=date,
        office=gongwen.issuer,
        headline=gongwen.title,
        issue_number=gongwen.issue_number,
        doc_number=gongwen.doc_number,
        issuer=gongwen.issuer,
        signed_date=gongwen.signed_date,
        recipients=gongwen.recipients,
        printed=gongwen.printed,
        signer=gongwen.signer,
        classification=gongwen.classification,
        urgency=gongwen.urgency,
        copy_number=gongwen.copy_number,
        attachments=gongwen.attachments,
        cites=find_citations(text, gongwen.doc_number),
    )
