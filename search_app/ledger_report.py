"""The ledger as a Word 台账 an office files and prints (python-docx): a title, the filters and the date the
statuses hold at, then one table per unit (its header row repeated on every page), page numbers in the
footer. It reads the same tables.Table as the CSV and Excel files: the columns marked ``printed``, grouped
by the table's ``group_by`` column.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml.etree import SubElement

from search_app import labels
from search_app.tables import Column, Table, openable

FONT = "宋体"  # the East Asian font of the body; Word and WPS substitute their own Song where it is missing
PAGE_WIDTH, PAGE_HEIGHT = Cm(29.7), Cm(21.0)  # A4, landscape: ten columns side by side
MARGIN = Cm(2)
NO_UNIT = "未注明单位"
CELL_SIZE = Pt(9)  # 小五: ten columns across a landscape A4
CELL_HALF_POINTS = "18"  # the same, as WordprocessingML counts it
LINK_COLOUR = "0B57D0"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
EMU_PER_TWIP = 635
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def to_docx(table: Table) -> bytes:
    document = Document()
    _landscape(document)
    _chinese_fonts(document)
    document.add_heading(table.title, level=0)
    groups = _groups(table)
    _described(document, table, sum(len(rows) for rows in groups.values()), len(groups))
    printed = [i for i, column in enumerate(table.columns) if column.printed]
    width = PAGE_WIDTH - 2 * MARGIN
    for unit, rows in groups.items():
        document.add_heading(f"{unit}（{len(rows)} 条）", level=1)
        _unit_table(
            document, [table.columns[i] for i in printed], [[r[i] for i in printed] for r in rows], width
        )
    if not groups:
        document.add_paragraph("没有符合条件的表态。")
    _page_numbers(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _groups(table: Table) -> dict[str, list[Sequence[Any]]]:
    """Rows by unit, units in the order the ledger first lists them (its sort), rows in theirs."""
    at = table.column(table.group_by) if table.group_by else None
    groups: dict[str, list[Sequence[Any]]] = {}
    for row in table.rows:
        key = (str(row[at]) if at is not None else "") or NO_UNIT
        groups.setdefault(key, []).append(row)
    return groups


def _described(document, table: Table, rows: int, units: int) -> None:
    chosen = "；".join(f"{label}：{value}" for label, value in table.filters) or "全部表态"
    document.add_paragraph(f"筛选条件：{chosen}")
    document.add_paragraph(f"状态截至 {table.as_of}　共 {rows} 条，{units} 个单位")


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _chinese_fonts(document) -> None:
    """Chinese text set in FONT: python-docx's template names only Latin fonts."""
    for name in ("Normal", "Title", "Heading 1"):
        style = document.styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)  # a theme font would win over the one named
        fonts.set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(10.5)  # 五号


def _unit_table(document, columns: list[Column], rows: list[list[Any]], width: int) -> None:
    grid = document.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [int(width * c.width / sum(c.width for c in columns)) for c in columns]
    for column, column_width in zip(grid.columns, widths):
        column.width = column_width
    header = grid.rows[0]
    _repeated_header(header)
    for cell, column, cell_width in zip(header.cells, columns, widths):
        cell.width = cell_width
        title = cell.paragraphs[0].add_run(column.title)
        title.bold, title.font.size = True, CELL_SIZE
    links = _Links(document.part)
    for values in rows:
        _row(grid._tbl, columns, values, [w // EMU_PER_TWIP for w in widths], links)


def _repeated_header(row) -> None:
    """The header row starts the table again on every page it runs onto."""
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


# Rows are written as WordprocessingML directly: python-docx's cell, run and font objects take ~5 ms a
# row (each property finds its place among its siblings), 4 s for the demo's 856 statements.


def _row(table, columns: list[Column], values: list[Any], twips: list[int], links: _Links) -> None:
    tr = SubElement(table, _w("tr"))
    for column, value, cell_width in zip(columns, values, twips):
        tc = SubElement(tr, _w("tc"))
        properties = SubElement(tc, _w("tcPr"))
        SubElement(properties, _w("tcW"), {_w("w"): str(cell_width), _w("type"): "dxa"})
        paragraph = SubElement(tc, _w("p"))
        if value in (None, ""):
            continue
        if column.kind == "link" and openable(value):
            link = SubElement(paragraph, _w("hyperlink"), {qn("r:id"): links.add(str(value))})
            _run(link, column.link_text or str(value), linked=True)
        else:
            _run(paragraph, labels.number(value) if column.kind == "number" else str(value))


def _run(parent, text: str, linked: bool = False) -> None:
    run = SubElement(parent, _w("r"))
    properties = SubElement(run, _w("rPr"))
    if linked:
        SubElement(properties, _w("color"), {_w("val"): LINK_COLOUR})
    for size in ("sz", "szCs"):
        SubElement(properties, _w(size), {_w("val"): CELL_HALF_POINTS})
    if linked:
        SubElement(properties, _w("u"), {_w("val"): "single"})
    shown = SubElement(run, _w("t"), {XML_SPACE: "preserve"})
    shown.text = NOT_IN_XML.sub("", text)


class _Links:
    """External link relationships, numbered here: python-docx's own looks through every one before adding
    one (a ledger's thousand links, a million comparisons)."""

    def __init__(self, part) -> None:
        self.part = part

    def add(self, url: str) -> str:
        number = len(self.part.rels) + 1
        while f"rIdLink{number}" in self.part.rels:
            number += 1
        rid = f"rIdLink{number}"
        self.part.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rid, is_external=True)
        return rid


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _page_numbers(document) -> None:
    """第 N 页 共 M 页, centred in the footer: Word's PAGE and NUMPAGES fields, filled as it lays out."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("第 ")
    _field(footer, "PAGE")
    footer.add_run(" 页 共 ")
    _field(footer, "NUMPAGES")
    footer.add_run(" 页")


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    shown = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"  # until Word computes it
    shown.append(text)
    field.append(shown)
    paragraph._p.append(field)
