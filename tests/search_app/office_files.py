"""Reading back the Excel files the exports write, from their XML (no spreadsheet library reads them here):
cells with their shared strings resolved, which of them are dates, the frozen pane, links and widths."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_FORMAT = re.compile(r"y+.*m+.*d+|d+.*m+.*y+", re.IGNORECASE)


@dataclass
class Sheet:
    name: str
    rows: list[list]  # cell values by row: str, float, or dt.date for a cell whose format is a date
    frozen_rows: int
    links: dict[str, str]  # cell reference (P2) → target URL
    widths: dict[int, float]  # column index → width
    autofilter: str | None

    def column(self, title: str) -> list:
        at = self.rows[0].index(title)
        return [row[at] if at < len(row) else None for row in self.rows[1:]]


def _column_index(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def read_xlsx(body: bytes) -> Sheet:
    archive = zipfile.ZipFile(io.BytesIO(body))
    shared = (
        [
            "".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t"))
            for item in ET.fromstring(archive.read("xl/sharedStrings.xml")).findall("m:si", NS)
        ]
        if "xl/sharedStrings.xml" in archive.namelist()
        else []
    )
    date_styles = _date_styles(ET.fromstring(archive.read("xl/styles.xml")))
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    name = book.find("m:sheets/m:sheet", NS).get("name")
    sheet = ET.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows: list[list] = []
    for row in sheet.findall("m:sheetData/m:row", NS):
        values: list = []
        for cell in row.findall("m:c", NS):
            at = _column_index(cell.get("r"))
            values += [None] * (at - len(values))
            values.append(_value(cell, shared, date_styles))
        rows.append(values)
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    frozen = int(float(pane.get("ySplit", "0"))) if pane is not None and pane.get("state") == "frozen" else 0
    return Sheet(name, rows, frozen, _links(archive, sheet), _widths(sheet), _filter(sheet))


def _value(cell, shared: list[str], date_styles: set[int]):
    kind, raw = cell.get("t"), cell.find("m:v", NS)
    if kind == "s":
        return shared[int(raw.text)]
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
    if raw is None:
        return None
    number = float(raw.text)
    if int(cell.get("s", "0")) in date_styles:
        return EXCEL_EPOCH + dt.timedelta(days=number)
    return number


def _date_styles(styles) -> set[int]:
    """Indexes of the cell formats whose number format shows a date."""
    custom = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.findall("m:numFmts/m:numFmt", NS)}
    builtin_dates = set(range(14, 23))
    found = set()
    for index, xf in enumerate(styles.findall("m:cellXfs/m:xf", NS)):
        number = int(xf.get("numFmtId", "0"))
        if number in builtin_dates or DATE_FORMAT.search(custom.get(number, "")):
            found.add(index)
    return found


def _links(archive: zipfile.ZipFile, sheet) -> dict[str, str]:
    path = "xl/worksheets/_rels/sheet1.xml.rels"
    if path not in archive.namelist():
        return {}
    targets = {
        r.get("Id"): r.get("Target")
        for r in ET.fromstring(archive.read(path)).findall("rel:Relationship", NS)
    }
    return {
        link.get("ref"): targets[link.get(f"{{{NS['r']}}}id")]
        for link in sheet.findall("m:hyperlinks/m:hyperlink", NS)
    }


def _widths(sheet) -> dict[int, float]:
    found = {}
    for col in sheet.findall("m:cols/m:col", NS):
        for index in range(int(col.get("min")) - 1, int(col.get("max"))):
            found[index] = float(col.get("width"))
    return found


def _filter(sheet) -> str | None:
    found = sheet.find("m:autoFilter", NS)
    return found.get("ref") if found is not None else None
