"""A list as every export format reads it: its columns (title, kind, width), its rows, the filters that chose
them and the date they hold at. The lists themselves are exports' (one data function each); the writers
(csv_export, xlsx_export, ledger_report) turn one Table into a file, so a column is defined once for all.

Cells are plain values: text, numbers, ISO dates (a whole date becomes a spreadsheet date; a year or a
month alone stays text) and absolute or site-relative URLs for link columns.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "number", "date", "link"]

# Characters no file system or browser keeps in a download's name, and runs of blanks.
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\s]+')
MAX_NAME_PART = 30  # characters of one filter value in a file name (a pasted sentence is cut)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = "text"
    width: int = 30  # the widest a spreadsheet shows it, in Latin characters (a Chinese one counts two)
    printed: bool = True  # shown in a printed report's tables (a Word 台账), not only in spreadsheets
    link_text: str = ""  # a link column: the words a spreadsheet or report shows for the URL


@dataclass
class Table:
    title: str  # what the list is: 检索, 表态台账…; the file name starts with it
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]  # read once, as the file is written (CSV streams it)
    filters: Sequence[tuple[str, str]] = ()  # (label, value) of each filter given, in the page's order
    as_of: str = field(default_factory=lambda: dt.date.today().isoformat())
    group_by: str | None = None  # a report's one table per value of this column (the ledger: 单位)

    def column(self, title: str) -> int:
        return [c.title for c in self.columns].index(title)

    def file_name(self, extension: str) -> str:
        """表态台账-开发区-逾期-2026-12-07.xlsx: what the list is, its filters' values, its date."""
        parts = [self.title, *(_name_part(value) for _, value in self.filters), self.as_of]
        return "-".join(p for p in parts if p) + "." + extension


def _name_part(value: str) -> str:
    return _UNSAFE_IN_NAME.sub("_", value.strip()).strip("_.")[:MAX_NAME_PART]


def iso_date(value: Any) -> dt.date | None:
    """A whole ISO date as a date; a year, a month, an empty or a malformed value as None (kept as text)."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def display_width(text: str) -> int:
    """The columns a text takes in a spreadsheet: two for a Chinese (wide) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def openable(url: Any) -> bool:
    """A link a file can hold as a link: absolute on the web. A site-relative one (no public address known)
    is written as its text."""
    return isinstance(url, str) and url.startswith(("http://", "https://"))
