"""The one Excel writer of every export (XlsxWriter): a Table as one sheet with its header row frozen and
filterable, columns as wide as their Chinese text needs, whole dates as Excel dates, links as links.

Text is written as text (``write_string``), never read as a formula, so a title such as ``=HYPERLINK(…)``
stays the characters it is; unlike the CSV, no quote is put before it. The workbook is built in memory
(XlsxWriter writes a zip only when it closes): the lists it serves are at most csv_export.MAX_ROWS rows,
or the ledger's statements, a few thousand.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from search_app.tables import Column, Table, display_width, iso_date, openable

MAX_CELL_CHARS = 32767  # Excel's limit; a longer text is cut (and says so)
MAX_URL_CHARS = 2079  # what every Excel version opens; a longer link is written as its text
SAMPLED_ROWS = 500  # rows measured for a column's width: enough to know it, cheap for a long list
_CUT = "…（已截断）"
_FORBIDDEN_IN_SHEET_NAME = str.maketrans({c: "_" for c in "[]:*?/\\"})


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        self.header = book.add_format(
            {"bold": True, "bg_color": "#E8ECF1", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.number = book.add_format({"valign": "top"})
        self.text = book.add_format({"valign": "top", "text_wrap": True})  # a long cell wraps in its width
        self.date = book.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
        self.link = book.add_format({"valign": "top", "font_color": "#0B57D0", "underline": 1})


def to_xlsx(table: Table) -> bytes:
    """The whole workbook."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(table.title[:31].translate(_FORBIDDEN_IN_SHEET_NAME) or "Sheet1")
    formats = _Formats(book)
    widths = [display_width(column.title) for column in table.columns]
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, column.title, formats.header)
    last = 0
    for last, row in enumerate(table.rows, start=1):
        for col, (column, cell) in enumerate(zip(table.columns, row)):
            shown = _write(sheet, formats, last, col, column, cell)
            if last <= SAMPLED_ROWS:
                widths[col] = max(widths[col], display_width(shown))
    for col, column in enumerate(table.columns):
        fitted = min(max(widths[col], display_width(column.title)) + 2, column.width)
        sheet.set_column(col, col, fitted)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(table.columns) - 1)
    book.set_properties({"title": table.title, "comments": _described(table)})
    book.close()
    return out.getvalue()


def _described(table: Table) -> str:
    chosen = "；".join(f"{label}：{value}" for label, value in table.filters)
    return f"{chosen}（截至 {table.as_of}）" if chosen else f"截至 {table.as_of}"


def _write(sheet, formats: _Formats, row: int, col: int, column: Column, cell: Any) -> str:
    """One cell in its column's kind; the text it shows (for the column's width)."""
    if cell is None or cell == "":
        return ""
    if column.kind == "number" and isinstance(cell, int | float) and not isinstance(cell, bool):
        sheet.write_number(row, col, cell, formats.number)
        return str(cell)
    if column.kind == "date" and (day := iso_date(cell)) is not None:
        sheet.write_datetime(row, col, day, formats.date)
        return str(cell)
    if column.kind == "link" and openable(cell) and len(cell) <= MAX_URL_CHARS:
        shown = column.link_text or str(cell)
        sheet.write_url(row, col, str(cell), formats.link, shown, tip=str(cell)[:255])
        return shown
    text = str(cell)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(_CUT)] + _CUT
    sheet.write_string(row, col, text, formats.text)
    return text
