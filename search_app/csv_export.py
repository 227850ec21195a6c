"""The one CSV writer of every export: UTF-8 with a BOM (Excel opens it right), CRLF, every cell safe to open
in a spreadsheet. Which lists, rows and columns are exported is exports' (a tables.Table each).

Auditors open these files in Excel and WPS, which evaluate a cell that begins with
``=``, ``+``, ``-`` or ``@`` (or a tab or CR before one) as a formula: a title such as
``=HYPERLINK(...)`` would become a live link, ``+cmd|' /C calc'!A0`` a command. As OWASP
recommends (CSV Injection), such a cell is prefixed with a single quote (cells holding a
comma, quote or line break are quoted and their quotes doubled, as the csv module does);
full-width ＝＋－＠ are treated alike, since Chinese input methods type them and
spreadsheets may convert them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from search_app import labels
from search_app.tables import Table

MAX_ROWS = 5000  # the rows of an export that gathers before it writes (search hits, a unit's timeline)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def spreadsheet_safe(cell) -> str:
    """The cell as text no spreadsheet evaluates: a leading formula character gets a ' before it."""
    text = "" if cell is None else str(cell)
    if text.lstrip(" \n").startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(row) -> list[str]:
    return [spreadsheet_safe(cell) for cell in row]


def csv_chunks(header: list[str], rows: Iterable) -> Iterator[bytes]:
    """The file as it is written: the BOM and the header first, then one chunk per row (a stream)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(safe_row(header))
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(safe_row(row))
        yield buffer.getvalue().encode("utf-8")


def to_csv(header: list[str], rows: Iterable) -> bytes:
    """The whole file at once."""
    return b"".join(csv_chunks(header, rows))


def table_chunks(table: Table) -> Iterator[bytes]:
    """A Table's file, streamed: numbers as the pages show them (31, not 31.0), the rest as it is."""
    numbers = [i for i, column in enumerate(table.columns) if column.kind == "number"]
    header = [column.title for column in table.columns]

    def cells(row) -> list:
        return [labels.number(cell) if i in numbers else cell for i, cell in enumerate(row)]

    return csv_chunks(header, (cells(row) for row in table.rows))
