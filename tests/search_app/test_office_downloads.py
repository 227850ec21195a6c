"""The files over HTTP (the live server on the shared corpus): Excel and Word as a browser downloads them,
named for what they hold (RFC 6266), with links on the site's public address; and as the CLI writes them."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

from docx import Document

from indexer.engines import open_store
from jianbao.cli import main
from search_app.exports import LEDGER_COLUMNS
from search_app.ledger import LedgerRequest, statements
from search_app.search import SearchRequest, search

from .office_files import read_xlsx
from .test_ledger import BUREAU, get

AS_OF = "2026-12-07"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def named(headers) -> str:
    """The UTF-8 file name of a Content-Disposition (filename*), checked against its ASCII fallback."""
    disposition = headers["Content-Disposition"]
    fallback = re.search(r'filename="([^"]*)"', disposition).group(1)
    name = unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1))
    assert disposition.startswith("attachment;") and fallback.isascii() and len(fallback) == len(name)
    return name


def test_the_ledger_as_an_excel_file(base_url):
    status, headers, body = get(
        base_url, "/statements", unit=BUREAU, status="逾期", as_of=AS_OF, format="xlsx"
    )
    assert status == 200 and headers["Content-Type"] == XLSX
    assert named(headers) == f"表态台账-{BUREAU}-逾期-{AS_OF}.xlsx"
    sheet = read_xlsx(body)
    listed = json.loads(get(base_url, "/api/statements", unit=BUREAU, status="逾期", as_of=AS_OF)[2])
    assert sheet.rows[0] == LEDGER_COLUMNS and sheet.frozen_rows == 1
    assert len(sheet.rows) - 1 == listed["total"] >= 1
    assert all(isinstance(day, dt.date) for day in sheet.column("日期") + sheet.column("到期日"))
    assert set(sheet.column("状态")) == {"逾期"}
    originals = [sheet.links[f"Q{row}"] for row in range(2, len(sheet.rows) + 1)]
    first = urlsplit(originals[0])
    assert originals[0].startswith(base_url + "/original/")
    assert parse_qs(first.query)["s"] == [listed["statements"][0]["text"]]


def test_the_ledger_as_a_word_report(base_url):
    status, headers, body = get(base_url, "/api/statements", type="commitment", as_of=AS_OF, format="docx")
    assert status == 200 and headers["Content-Type"] == DOCX
    assert named(headers) == f"表态台账-承诺-{AS_OF}.docx"
    listed = json.loads(get(base_url, "/api/statements", type="commitment", as_of=AS_OF, size=1000)[2])
    report = Document(io.BytesIO(body))
    units = {s["unit"] or "未注明单位" for s in listed["statements"]}
    assert len(report.tables) == len(units) >= 2
    assert sum(len(table.rows) - 1 for table in report.tables) == listed["total"]
    assert "筛选条件：类型：承诺" in [p.text for p in report.paragraphs]


def test_a_search_file_is_named_for_its_words(base_url):
    today = dt.date.today().isoformat()
    status, headers, body = get(base_url, "/", q="创城", format="csv")
    assert status == 200 and named(headers) == f"检索-创城-{today}.csv"
    status, headers, body = get(base_url, "/api/search", q="创城", kind="briefing", format="xlsx")
    assert status == 200 and named(headers) == f"检索-创城-简报-{today}.xlsx"
    sheet = read_xlsx(body)
    total = json.loads(get(base_url, "/api/search", q="创城", kind="briefing")[2])["total"]
    assert len(sheet.rows) - 1 == total and sheet.name == "检索"
    link = sheet.links["L2"]
    assert link.startswith(base_url + "/original/") and parse_qs(urlsplit(link).query)["q"] == ["创城"]


def test_a_word_report_is_only_the_ledgers(base_url):
    status, _, body = get(base_url, "/api/search", q="创城", format="docx")
    assert status == 400 and json.loads(body)["parameter"] == "format"
    status, _, body = get(base_url, "/api/statements", format="pdf")
    assert status == 400 and "xlsx" in json.loads(body)["error"]


def test_links_are_on_the_public_address_when_one_is_set(base_url, monkeypatch):
    monkeypatch.setenv("JIANBAO_PUBLIC_URL", "https://jianbao.example/")
    sheet = read_xlsx(
        get(base_url, "/units/" + quote(BUREAU) + "/commitments", format="xlsx", as_of=AS_OF)[2]
    )
    assert sheet.links and all(link.startswith("https://jianbao.example/") for link in sheet.links.values())


def test_the_cli_writes_every_statement_to_excel_and_word(web_index, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("JIANBAO_PUBLIC_URL", "https://jianbao.example")
    xlsx, docx = tmp_path / "台账.xlsx", tmp_path / "台账.docx"
    argv = ["statements", "--index", str(web_index), "--type", "commitment", "--as-of", AS_OF, "--limit", "1"]
    assert main(argv + ["--xlsx", str(xlsx), "--docx", str(docx)]) == 0
    total = statements(open_store(web_index), LedgerRequest(type="commitment", as_of=AS_OF))["total"]
    sheet = read_xlsx(xlsx.read_bytes())
    assert len(sheet.rows) - 1 == total > 1  # every statement, not --limit's page
    assert all(link.startswith("https://jianbao.example/") for link in sheet.links.values())
    assert sum(len(t.rows) - 1 for t in Document(str(docx)).tables) == total
    assert f"表态台账-承诺-{AS_OF}.xlsx" in capsys.readouterr().err


def test_the_cli_writes_search_results_and_names_a_file_it_cannot_write(web_index, tmp_path, capsys):
    target = tmp_path / "检索.xlsx"
    assert main(["search", "创城", "--index", str(web_index), "--xlsx", str(target)]) == 0
    total = search(open_store(web_index), SearchRequest("创城"))["total"]
    sheet = read_xlsx(target.read_bytes())
    assert len(sheet.rows) - 1 == total and sheet.links == {}  # no public address: links as their text
    assert sheet.column("原文链接")[0].startswith("/original/")
    missing = tmp_path / "无此目录" / "a.csv"
    assert main(["search", "创城", "--index", str(web_index), "--csv", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err
