"""One issue in several files: the same edition (series, number, date) with matching text.

The same briefing issue often arrives as .txt, .pdf and .docx; their bytes differ, so
the content hash does not see it. An edition is known by its series, issue number and
date (a news report by its paper, date and headline); two files of one edition whose
texts match in files of different formats (the same words once layout, spaces and punctuation are set aside: a
digital PDF and its .txt read the same) are versions of one set of articles. The first
file indexed keeps the articles; the others stay in the catalog as duplicates of it
(status ``duplicate``), and search shows them as the hit's other versions.

The catalog keeps which indexed source holds which edition (its ``editions`` table), so a
new file is compared with one candidate, not with the whole archive; this module decides
what an edition is and when two files are versions of one.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from indexer.records import ArticleRecord, SourceInfo

if TYPE_CHECKING:  # the catalog is handed in by the batch writer
    from indexer.store.catalog import Catalog

_NOT_TEXT = re.compile(r"[\s\W_]+")


def edition_key(records: list[ArticleRecord]) -> str | None:
    """series | number | date of the issue the records come from, None without all three
    (a news report: paper | date | headline)."""
    if not records:
        return None
    issue = records[0].get("issue") or {}
    series, date = issue.get("series"), issue.get("date")
    number: int | str | None = issue.get("number")  # a news report: its headline
    if not series or not date:
        return None
    if number is None:
        if records[0].get("kind") != "news":
            return None
        number = records[0].get("title")
    flat = _NOT_TEXT.sub("", str(series))
    return json.dumps([flat, number, date], ensure_ascii=False)


def _words(records: list[ArticleRecord]) -> str:
    return _NOT_TEXT.sub("", "".join(r.get("title", "") + r.get("text", "") for r in records))


def same_text(ours: list[ArticleRecord], theirs: list[ArticleRecord]) -> bool:
    """The same words in the same order, whatever the layout, spaces and punctuation: a
    corrected reissue (one phrase changed) is another file's articles, not a version."""
    a, b = _words(ours), _words(theirs)
    return bool(a) and a == b


def version_of(catalog: Catalog, source: SourceInfo, records: list[ArticleRecord]) -> str | None:
    """The indexed source of another format that already holds this edition with matching
    text, else None. Two files of one format are two files (a copy edited or not), never versions."""
    key = edition_key(records)
    if key is None:
        return None
    holders = catalog.edition_holders(key, other_than=source["path"], format=source.get("format") or "")
    return next((path for path in holders if same_text(records, catalog.records(path))), None)


def remember(catalog: Catalog, path: str, records: list[ArticleRecord]) -> None:
    """Note the edition an indexed source holds (or that it holds none any more)."""
    catalog.remember_edition(path, edition_key(records))
