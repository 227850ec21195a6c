"""The auditors' ledger on a real index: keyword, unit, status, sort, follow-ups, scorecard, CSV, CLI.

The index holds the shared corpus and two briefings of 市城市管理局 (conftest): on 6月12日
it commits to finishing 12 night markets 6月30日前; on 6月28日 a later issue reports on
the same night markets — the first commitment's follow-up. The second commitment has
no later report: past its deadline it is overdue.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from indexer.engines import open_store
from indexer.lang.vocabulary import unit_ancestors
from jianbao.cli import main
from search_app.exports import LEDGER_COLUMNS as CSV_HEADER
from search_app.ledger import LedgerRequest, scorecard, statements
from search_app.search import SearchError

BUREAU = "聊城市城市管理局"


def get(base_url: str, path: str, **params):
    url = base_url + path + ("?" + urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def csv_of(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))


def night_markets(web_index, **changes) -> list[dict]:
    request = LedgerRequest(q="夜市 规范提升", unit=BUREAU, type="commitment", sort="date", **changes)
    return statements(open_store(web_index), request)["statements"]


def test_a_commitment_with_a_later_report_is_due_and_one_without_is_overdue(web_index):
    newer, older = night_markets(web_index)
    assert (older["date"], older["due"], older["status"]) == ("2021-06-12", "2021-06-30", "已到期")
    assert (newer["date"], newer["status"], newer["follow_ups"]) == ("2021-06-28", "逾期", [])
    (follow,) = older["follow_ups"]
    assert follow["date"] == "2021-06-28" and follow["article_id"] == newer["article_id"]
    assert "<mark>" in follow["evidence"] and "夜市" in follow["matched"]
    target = older["targets"][0]
    assert (target["text"], target["deadline"]) == ("完成全部12处夜市的规范提升", "6月30日前")


def test_status_is_judged_as_of_a_date(web_index):
    assert {s["status"] for s in night_markets(web_index, as_of="2021-06-20")} == {"未到期"}
    overdue = night_markets(web_index, status="逾期")
    assert [s["date"] for s in overdue] == ["2021-06-28"]
    assert [s["date"] for s in night_markets(web_index, status="已到期")] == ["2021-06-12"]


def test_keyword_unit_and_sorts(web_index):
    found = statements(open_store(web_index), LedgerRequest(q="棚户区", size=100))
    assert found["total"] > 0 and all("棚户区" in s["text"] for s in found["statements"])
    assert statements(open_store(web_index), LedgerRequest(q="没有这个词"))["total"] == 0
    district = statements(open_store(web_index), LedgerRequest(unit="东昌府区", size=1000))["statements"]
    assert district and all("东昌府区" in unit_ancestors(s["unit"]) for s in district)
    by_deadline = statements(
        open_store(web_index), LedgerRequest(type="commitment", sort="deadline", size=1000)
    )["statements"]
    dues = [s["due"] for s in by_deadline if s["due"]]
    assert dues == sorted(dues) and by_deadline[0]["due"]
    by_unit = [
        s["unit"] or ""
        for s in statements(open_store(web_index), LedgerRequest(sort="unit", size=1000))["statements"]
    ]
    named = [u for u in by_unit if u]
    assert named == sorted(named)
    every = statements(open_store(web_index), LedgerRequest(size=1000))["statements"]
    assert {s["status"] for s in every if s["type"] == "directive"} == {None}
    assert {s["status"] for s in every if s["type"] == "commitment"} <= {"未到期", "已到期", "逾期", "无期限"}
    assert not {s["speaker"] for s in every} & {"会议", "工作组", None}


@pytest.mark.parametrize(
    "change, parameter",
    [({"status": "过期"}, "status"), ({"sort": "speaker"}, "sort"), ({"as_of": "2021-13-01"}, "as_of")],
)
def test_bad_parameters_are_named(web_index, change, parameter):
    with pytest.raises(SearchError) as error:
        statements(open_store(web_index), LedgerRequest(**change))
    assert error.value.parameter == parameter


def test_scorecard_counts_each_status(web_index):
    card = scorecard(open_store(web_index), "市城管局")
    assert card["unit"] == BUREAU and card["commitments"] == len(card["statements"])
    assert card["not_due"] + card["no_deadline"] + card["due"] + card["overdue"] == card["commitments"]
    assert card["due"] >= 1 and card["overdue"] >= 1 and card["with_follow_ups"] >= 1


def test_ledger_page_api_and_streamed_csv(base_url, web_index):
    status, _, body = get(base_url, "/statements", q="夜市", status="逾期", sort="deadline")
    page = body.decode("utf-8")
    assert status == 200 and "逾期</span>" in page and page.count('<tr class="commitment">') == 1
    status, _, body = get(base_url, "/api/statements", q="夜市", type="commitment")
    answer = json.loads(body)
    assert {s["status"] for s in answer["statements"]} == {"已到期", "逾期"} and answer["as_of"]
    status, headers, body = get(base_url, "/api/statements", format="csv")
    rows = csv_of(body)
    assert rows[0] == CSV_HEADER and "attachment" in headers["Content-Disposition"]
    total = json.loads(get(base_url, "/api/statements")[2])["total"]
    assert len(rows) - 1 == total  # every row, however many
    market = next(r for r in rows[1:] if "夜市" in r[4] and r[9] == "已到期")
    assert market[11] == "聊城市创建全国文明城市工作简报" and market[12] == "31" and market[13] == "1"
    assert market[15].startswith(base_url + "/article/")
    original = urlsplit(market[16])  # the original page with the statement marked, not the raw file
    assert market[16].startswith(base_url + "/original/") and parse_qs(original.query)["s"] == [market[4]]
    marked = get(base_url, original.path, **{k: v[0] for k, v in parse_qs(original.query).items()})
    assert marked[0] == 200 and "<mark" in marked[2].decode("utf-8")
    status, _, body = get(base_url, "/statements", status="过期")
    assert status == 400 and "status" in body.decode("utf-8")


def test_scorecard_page_json_and_csv(base_url):
    path = "/units/" + quote(BUREAU) + "/commitments"
    status, _, body = get(base_url, path)
    page = body.decode("utf-8")
    assert status == 200 and "承诺记分卡" in page and 'class="overdue"' in page
    status, _, body = get(base_url, "/api" + path)
    card = json.loads(body)
    assert status == 200 and card["unit"] == BUREAU and card["overdue"] >= 1
    rows = csv_of(get(base_url, path, format="csv")[2])
    assert rows[0] == CSV_HEADER and len(rows) - 1 == card["commitments"]
    assert get(base_url, "/units/" + quote(BUREAU))[0] == 200  # the unit page still answers


def test_cli_statements(web_index, capsys):
    argv = ["statements", "--index", str(web_index), "--q", "夜市", "--status", "逾期", "--sort", "deadline"]
    assert main(argv + ["--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["total"] == 1 and answer["statements"][0]["status"] == "逾期"
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "逾期（到期 2021-06-30）" in out and "夜市" in out


def test_a_commitment_without_a_deadline_has_none_and_never_falls_due(web_index, base_url, capsys):
    store = open_store(web_index)
    every = statements(store, LedgerRequest(type="commitment", size=1000))["statements"]
    undated = sorted((s["article_id"], s["seq"]) for s in every if not s["due"])
    assert undated and {s["status"] for s in every if not s["due"]} == {"无期限"}
    assert {s["status"] for s in every if s["due"]} <= {"未到期", "已到期", "逾期"}
    for as_of in (None, "2099-12-31"):  # however late, it is never due, nor overdue
        listed = statements(store, LedgerRequest(status="无期限", size=1000, as_of=as_of))
        assert sorted((s["article_id"], s["seq"]) for s in listed["statements"]) == undated
        assert listed["total"] == len(undated)
    late = statements(store, LedgerRequest(status="逾期", size=1000, as_of="2099-12-31"))["statements"]
    assert late and all(s["due"] for s in late)
    status, _, body = get(base_url, "/statements", status="无期限")
    assert (
        status == 200
        and "无期限</span>" in body.decode("utf-8")
        and '<option value="无期限" selected' in body.decode("utf-8")
    )
    answer = json.loads(get(base_url, "/api/statements", status="无期限", size="1000")[2])
    assert answer["total"] == len(undated) and {s["status"] for s in answer["statements"]} == {"无期限"}
    rows = csv_of(get(base_url, "/api/statements", type="commitment", format="csv")[2])
    assert sum(1 for r in rows[1:] if r[9] == "无期限") == len(undated)
    assert main(["statements", "--index", str(web_index), "--status", "无期限", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == len(undated)
    with pytest.raises(SystemExit):
        main(["statements", "--help"])
    assert "无期限" in capsys.readouterr().out
