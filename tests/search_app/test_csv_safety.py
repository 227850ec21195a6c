"""Formula cells neutralised in every CSV export: titles beginning with = and + reach the search and the
ledger exports (pages and API) as text, never as live formulas."""

from __future__ import annotations

import pytest

from indexer.engines import open_store
from search_app.csv_export import FORMULA_STARTS, spreadsheet_safe

from .conftest import SCRIPT_BRIEFING
from .servers import RunningServer
from .test_app import csv_rows, fetch

HYPERLINK = '=HYPERLINK("http://evil.example","市城市管理局夜市整治")'
COMMAND = "+cmd|' /C calc'!A0 东昌府区背街小巷整治推进会"


@pytest.fixture(scope="module")
def formula_server(tmp_path_factory):
    from indexer.run.batch import Options, run

    folder = tmp_path_factory.mktemp("formula")
    source = folder / "formula.txt"
    source.write_text(
        SCRIPT_BRIEFING.replace("市城市管理局开展城区夜市集中整治行动", HYPERLINK).replace(
            "东昌府区召开背街小巷整治工作推进会", COMMAND
        ),
        encoding="utf-8",
    )
    summary = run([str(source)], open_store(folder / "index"), Options())
    assert not summary.failed
    with RunningServer(folder / "index") as server:
        yield server


@pytest.mark.parametrize(
    "path, params",
    [
        ("/", {"q": "整治"}),
        ("/api/search", {"q": "整治"}),
        ("/", {}),
        ("/statements", {}),
        ("/api/statements", {}),
    ],
)
def test_no_exported_cell_can_be_evaluated(formula_server, path, params):
    rows = csv_rows(fetch(formula_server.url, path, format="csv", **params))
    cells = [cell for row in rows for cell in row]
    assert len(rows) > 1
    assert not [c for c in cells if c.lstrip(" \n").startswith(FORMULA_STARTS)], "a live formula cell"
    assert "'" + HYPERLINK in cells or "'" + COMMAND.replace(" 东", "东") in cells  # kept, as text


def test_the_quote_is_the_only_change():
    assert spreadsheet_safe(HYPERLINK) == "'" + HYPERLINK
    for start in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", " =", "\n@"):
        assert spreadsheet_safe(start + "1+1").startswith("'")
    for plain in ("2021-05-08", "聊城市", "", "第27期", "a=b"):
        assert spreadsheet_safe(plain) == plain
    assert spreadsheet_safe(None) == "" and spreadsheet_safe(27) == "27"
