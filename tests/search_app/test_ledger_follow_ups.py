"""Follow-ups are found when statements are indexed, kept up to date as articles arrive and go, and read
from the catalog: the ledger asks the engine nothing.

Two briefings of 市城市管理局 (conftest): on 6月12日 it commits to finishing 12 night markets 6月30日前;
on 6月28日 a later issue reports on the same night markets (and commits again). The first commitment's
status as of 2021-07-15 is 已到期 exactly while the later issue is indexed.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from indexer.engines import open_store
from indexer.faults import IndexUnavailable
from indexer.run.batch import Options, run
from jianbao.cli import main
from search_app.ledger import LedgerRequest, rows, scorecard, statements
from search_app.search import SearchRequest, search
from tests.conftest import index_location
from tests.search_app.conftest import CHINESE_NAMED, SCRIPT_BRIEFING, LiveServer

BUREAU = "聊城市城市管理局"
AS_OF = "2021-07-15"


def night_markets(store) -> dict[str, dict]:
    """The bureau's night-market commitments by date, judged as of AS_OF."""
    request = LedgerRequest(q="夜市 规范提升", unit=BUREAU, type="commitment", as_of=AS_OF)
    return {s["date"]: s for s in statements(store, request)["statements"]}


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_follow_ups_follow_articles_as_they_arrive_and_go(request, tmp_path, tmp_path_factory, search_engine):
    store = open_store(index_location(request, tmp_path_factory, search_engine, "follow-ups"))
    folder = tmp_path / "archive"
    folder.mkdir()
    options = Options(engine=search_engine, prune=True)
    write(folder, "later.txt", CHINESE_NAMED[1])
    run([str(folder)], store, options)
    assert night_markets(store)["2021-06-28"]["status"] == "逾期"

    write(folder, "earlier.txt", SCRIPT_BRIEFING)  # an older commitment, its report already indexed
    run([str(folder)], store, options)
    earlier = night_markets(store)["2021-06-12"]
    assert earlier["status"] == "已到期"
    (follow,) = earlier["follow_ups"]
    assert (follow["date"], follow["title"]) == ("2021-06-28", "市城市管理局开展城区夜市集中整治行动")
    assert "<mark>夜市</mark>" in follow["evidence"] and "夜市" in follow["matched"]

    (folder / "later.txt").unlink()  # the report goes: the commitment is overdue again
    run([str(folder)], store, options)
    markets = night_markets(store)
    assert list(markets) == ["2021-06-12"] and markets["2021-06-12"]["status"] == "逾期"
    assert markets["2021-06-12"]["follow_ups"] == []

    write(folder, "later.txt", CHINESE_NAMED[1])  # a later report arrives after the commitment
    run([str(folder)], store, options)
    assert night_markets(store)["2021-06-12"]["status"] == "已到期"
    overdue = LedgerRequest(unit=BUREAU, status="逾期", as_of=AS_OF)
    assert [s["date"] for s in statements(store, overdue)["statements"]] == ["2021-06-28"]


def test_the_follow_ups_a_run_finds_are_the_same_in_any_order(
    request, tmp_path, tmp_path_factory, search_engine
):
    """One run over both files, and two runs in either order, store the same follow-ups."""
    found = []
    for order in (("earlier", "later"), ("later", "earlier"), ("both",)):
        store = open_store(
            index_location(request, tmp_path_factory, search_engine, "order-" + "-".join(order))
        )
        folder = tmp_path / ("archive-" + "-".join(order))
        folder.mkdir()
        for step in order:
            if step in ("earlier", "both"):
                write(folder, "earlier.txt", SCRIPT_BRIEFING)
            if step in ("later", "both"):
                write(folder, "later.txt", CHINESE_NAMED[1])
            run([str(folder)], store, Options(engine=search_engine))
        every = statements(store, LedgerRequest(type="commitment", as_of=AS_OF, size=100))["statements"]
        found.append(sorted((s["date"], s["seq"], s["status"], len(s["follow_ups"])) for s in every))
    assert found[0] == found[1] == found[2]
    assert ("2021-06-12", 0, "已到期", 1) in found[0]


def _without_engine(index: Path) -> None:
    """The engine's files removed: only the catalog (and the note of which engine made it) is left."""
    kept = {"catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "engine.json", "jianbao.lock"}
    for path in index.iterdir():
        if path.name not in kept:
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def get(base_url: str, path: str, **params) -> tuple[int, str]:
    url = base_url + path + ("?" + urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_the_ledger_asks_the_engine_nothing(tmp_path, engine, capsys):
    """The index's engine files are removed after indexing, so that any search fails: the ledger's page,
    JSON, CSV, scorecard and CLI still answer, statuses and follow-ups included, from the catalog."""
    index = tmp_path / "index"
    folder = tmp_path / "archive"
    folder.mkdir()
    write(folder, "earlier.txt", SCRIPT_BRIEFING)
    write(folder, "later.txt", CHINESE_NAMED[1])
    run([str(folder)], open_store(index), Options(engine=engine))
    _without_engine(index)
    store = open_store(index)
    with pytest.raises(IndexUnavailable):
        search(store, SearchRequest(query="夜市"))

    markets = night_markets(store)
    assert markets["2021-06-12"]["status"] == "已到期" and markets["2021-06-12"]["follow_ups"]
    assert markets["2021-06-28"]["status"] == "逾期"
    streamed = list(rows(store, LedgerRequest(status="逾期", as_of=AS_OF)))
    assert [s["date"] for s in streamed] == ["2021-06-28"]
    card = scorecard(store, BUREAU, as_of=AS_OF)
    assert (card["due"], card["overdue"], card["with_follow_ups"]) == (1, 1, 1)

    argv = ["statements", "--index", str(index), "--type", "commitment", "--status", "逾期", "--as-of", AS_OF]
    assert main(argv + ["--json"]) == 0
    assert [s["date"] for s in json.loads(capsys.readouterr().out)["statements"]] == ["2021-06-28"]

    server = LiveServer(index)
    try:
        status, page = get(server.url, "/statements", status="已到期", as_of=AS_OF)
        assert status == 200 and "已到期</span>" in page and "后续报道 1 篇" in page
        status, body = get(server.url, "/api/statements", status="逾期", as_of=AS_OF)
        assert status == 200 and json.loads(body)["total"] == 1
        status, body = get(server.url, "/api/statements", format="csv", as_of=AS_OF)
        assert status == 200 and "已到期" in body and "逾期" in body
        status, page = get(server.url, "/units/" + quote(BUREAU) + "/commitments", as_of=AS_OF)
        assert status == 200 and "承诺记分卡" in page
    finally:
        server.close()
