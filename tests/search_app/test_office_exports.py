"""The file writers without a server: one Table read by the CSV, Excel and Word writers; file names that say
what a file holds; links to the original page with the statement marked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from docx import Document

from search_app import exports
from search_app.csv_export import table_chunks
from search_app.ledger import LedgerRequest
from search_app.ledger_report import to_docx
from search_app.tables import Column, Table, display_width
from search_app.web.params import MAX_VALUE_CHARS
from search_app.web.urls import ExportLinks
from search_app.xlsx_export import to_xlsx

from .office_files import read_xlsx

COLUMNS = (
    Column("日期", "date", 12),
    Column("标题", width=40),
    Column("期号", "number", 8),
    Column("链接", "link", 12, link_text="原文位置"),
)
ROWS = [
    ["2021-06-13", "东昌府区召开背街小巷整治工作推进会", 31.0, "https://jianbao.example/original/a-1?p=2"],
    ["2019", '=HYPERLINK("http://x")', "增刊", ""],
    [None, "ab", None, "/original/a-2"],
]
BASE = "https://jianbao.example"


def table(**changes) -> Table:
    return Table(**{"title": "检索", "columns": COLUMNS, "rows": ROWS, "as_of": "2026-12-07", **changes})


def statement(unit: str, text: str, status: str = "逾期") -> dict:
    return {
        "article_id": f"{unit}-1",
        "seq": 0,
        "title": f"{unit}工作简报",
        "date": "2021-06-12",
        "type": "commitment",
        "speaker": None,
        "unit": unit,
        "text": text,
        "targets": [{"text": "12处夜市", "number": 12, "measure": "处", "deadline": "6月30日前"}],
        "addressees": [],
        "due": "2021-06-30",
        "issue": {"series": "创城工作简报", "number": 31},
        "source": {"path": "/srv/archive/a.txt", "page": 3},
        "status": status,
        "follow_ups": [],
    }


# -- Excel -----------------------------------------------------------------------------------------------------------


def test_an_excel_sheet_has_a_frozen_filterable_header_dates_numbers_and_links():
    sheet = read_xlsx(to_xlsx(table()))
    assert sheet.name == "检索" and sheet.frozen_rows == 1 and sheet.autofilter == "A1:D4"
    assert sheet.rows[0] == ["日期", "标题", "期号", "链接"]
    assert sheet.column("日期") == [dt.date(2021, 6, 13), "2019", None]  # a year alone is no date
    assert sheet.column("期号") == [31.0, "增刊", None]
    assert sheet.column("链接")[0] == "原文位置"
    assert sheet.links == {"D2": ROWS[0][3]}  # a link relative to no site is its text
    assert sheet.column("链接")[2] == "/original/a-2"


def test_a_formula_in_a_cell_stays_text():
    body = to_xlsx(table())
    assert sheet_xml(body).count("<f>") == 0
    assert read_xlsx(body).column("标题")[1] == '=HYPERLINK("http://x")'


def test_columns_are_as_wide_as_their_chinese_text_up_to_their_bound():
    title = "东昌府区召开背街小巷整治工作推进会"  # 17 characters, 34 columns wide
    assert display_width(title) == 2 * len(title)
    widths = read_xlsx(to_xlsx(table())).widths  # Excel adds its padding (under a column) to each
    assert widths[1] == pytest.approx(34 + 2, abs=1)
    assert widths[0] == pytest.approx(12, abs=1)  # a date's ten characters and the margin
    longer = read_xlsx(to_xlsx(table(rows=[["", title * 3, None, ""]]))).widths
    assert longer[1] == pytest.approx(40, abs=1)  # the column's bound; the text wraps within it


def test_a_link_too_long_for_excel_is_written_as_its_text():
    long_url = BASE + "/original/a?s=" + "%E8%A6%81" * 300
    sheet = read_xlsx(to_xlsx(table(rows=[["", "", None, long_url]])))
    assert sheet.links == {} and sheet.column("链接") == [long_url]


def sheet_xml(body: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode("utf-8")


# -- CSV from the same table -----------------------------------------------------------------------------------------


def test_the_csv_reads_the_same_columns_and_rows():
    text = b"".join(table_chunks(table())).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [c.title for c in COLUMNS]
    assert rows[1] == ["2021-06-13", ROWS[0][1], "31", ROWS[0][3]]
    assert rows[2] == ["2019", '\'=HYPERLINK("http://x")', "增刊", ""]


# -- file names ------------------------------------------------------------------------------------------------------


def test_a_file_is_named_for_what_it_holds():
    ledger = table(title="表态台账", filters=[("单位", "开发区"), ("状态", "逾期")])
    assert ledger.file_name("xlsx") == "表态台账-开发区-逾期-2026-12-07.xlsx"
    assert table(filters=[("关键词", "创城")]).file_name("csv") == "检索-创城-2026-12-07.csv"
    odd = table(filters=[("关键词", '创城 -"交通"/a\\b'), ("单位", "长" * 50)])
    assert odd.file_name("csv") == "检索-创城_-_交通_a_b-" + "长" * 30 + "-2026-12-07.csv"


def test_the_ledger_file_names_its_filters_and_its_date():
    request = LedgerRequest(unit="开发区", status="逾期", type="commitment", as_of="2026-12-07", q="夜市")
    named = exports.ledger_table([], request, ExportLinks()).file_name("docx")
    assert named == "表态台账-开发区-承诺-逾期-夜市-2026-12-07.docx"


# -- links -----------------------------------------------------------------------------------------------------------


def test_a_ledger_row_links_the_original_page_with_the_statement_marked():
    text = "市城市管理局表示，将确保6月30日前完成全部12处夜市的规范提升。"
    row = dict(
        zip(exports.LEDGER_COLUMNS, exports.ledger_row(statement("市城管局", text), ExportLinks(BASE)))
    )
    link = urlsplit(row["原文链接"])
    assert (link.scheme + "://" + link.netloc, link.path) == (
        BASE,
        "/original/%E5%B8%82%E5%9F%8E%E7%AE%A1%E5%B1%80-1",
    )
    assert parse_qs(link.query) == {"p": ["3"], "s": [text]}
    assert row["文章链接"] == BASE + "/article/%E5%B8%82%E5%9F%8E%E7%AE%A1%E5%B1%80-1"


def test_a_long_statement_is_cut_to_what_the_original_page_accepts():
    text = "要求各街道立即行动。" * 30
    link = ExportLinks().original("a-1", 2, text)
    assert link.startswith("/original/a-1?")
    assert parse_qs(urlsplit(link).query)["s"] == [text[:MAX_VALUE_CHARS]]


def test_a_search_hit_links_its_original_with_the_words_marked():
    hit = {
        "id": "a-1",
        "title": "t",
        "kind": "briefing",
        "units": [],
        "issue": None,
        "source": {"path": "/srv/a.pdf", "page": 4},
    }
    from pathlib import Path

    row = dict(
        zip(exports.SEARCH_COLUMNS, exports.search_row(hit, Path("/srv"), ExportLinks(BASE), "创城 交通"))
    )
    assert parse_qs(urlsplit(row["原文链接"]).query) == {"q": ["创城 交通"], "p": ["4"]}


# -- the Word 台账 ---------------------------------------------------------------------------------------------------


def ledger_report(items: list[dict], base: str = BASE) -> Document:
    request = LedgerRequest(status="逾期", as_of="2026-12-07")
    return Document(io.BytesIO(to_docx(exports.ledger_table(items, request, ExportLinks(base)))))


def test_the_report_has_a_title_its_filters_and_a_table_per_unit():
    items = [statement("市城管局", "确保夜市规范提升"), statement("东昌府区", "力争完成背街小巷整治")]
    items.append(statement("市城管局", "确保12处夜市完成提升"))
    report = ledger_report(items)
    paragraphs = [p.text for p in report.paragraphs]
    assert paragraphs[0] == "表态台账" and report.paragraphs[0].style.name == "Title"
    assert "筛选条件：状态：逾期" in paragraphs
    assert "状态截至 2026-12-07　共 3 条，2 个单位" in paragraphs
    headings = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["市城管局（2 条）", "东昌府区（1 条）"]
    assert len(report.tables) == 2
    first = report.tables[0]
    header = [c.text for c in first.rows[0].cells]
    assert header == [c.title for c in exports.LEDGER if c.printed] and "单位" not in header
    assert [r.cells[header.index("内容")].text for r in first.rows[1:]] == [
        "确保夜市规范提升",
        "确保12处夜市完成提升",
    ]
    assert first.rows[1].cells[header.index("到期日")].text == "2021-06-30"
    assert "w:tblHeader" in first.rows[0]._tr.xml  # the header row repeats on every page


def test_the_report_links_the_original_and_numbers_its_pages():
    report = ledger_report([statement("市城管局", "确保夜市规范提升")])
    links = [r.target_ref for r in report.part.rels.values() if r.is_external]
    assert len(links) == 1 and links[0].startswith(BASE + "/original/") and "s=" in links[0]
    footer = report.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    section = report.sections[0]
    assert section.page_width > section.page_height  # landscape: ten columns side by side


def test_a_report_without_a_site_address_shows_the_link_as_text():
    report = ledger_report([statement("市城管局", "确保夜市规范提升")], base="")
    assert not [r for r in report.part.rels.values() if r.is_external]
    assert report.tables[0].rows[1].cells[-1].text.startswith("/original/")


def test_an_empty_ledger_says_so():
    report = ledger_report([])
    assert "没有符合条件的表态。" in [p.text for p in report.paragraphs] and not report.tables
