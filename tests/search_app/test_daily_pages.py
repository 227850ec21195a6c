"""Lists as CSV and JSON, unit pages that page and filter, feeds and suggestions, over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest

from indexer.engines import open_store
from search_app.exports import LEDGER_COLUMNS, SEARCH_COLUMNS, TIMELINE_COLUMNS, UNIT_COLUMNS
from search_app.ledger import LedgerRequest, statements
from search_app.search import SearchRequest, search, units


def get(base_url: str, path: str, **params) -> tuple[int, dict, bytes]:
    url = base_url + quote(path, safe="/?=&%") + ("?" + urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def rows_of(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))


def test_search_csv_has_chinese_headers_labels_and_relative_paths(base_url, web_index):
    status, _, body = get(base_url, "/", q="创城", format="csv")
    rows = rows_of(body)
    assert status == 200 and rows[0] == SEARCH_COLUMNS
    assert len(rows) - 1 == search(open_store(web_index), SearchRequest("创城"))["total"]
    assert {r[3] for r in rows[1:]} <= {"简报", "新闻", "其他"}
    paths = [r[7] for r in rows[1:]]
    assert all(p and not p.startswith("/") and ".." not in p for p in paths)
    assert any(p.endswith(".txt") for p in paths)


def test_units_as_csv_and_json(base_url, web_index):
    listed = units(open_store(web_index))
    for path in ("/units", "/api/units"):
        rows = rows_of(get(base_url, path, format="csv")[2])
        assert rows[0] == UNIT_COLUMNS and len(rows) - 1 == len(listed)
        parents = {r[0]: r[2] for r in rows[1:]}
        assert parents["东昌府区"] == "聊城市" and parents["聊城市"] == ""
        assert {r[0]: int(r[1]) for r in rows[1:]} == {u["value"]: u["count"] for u in listed}
    assert json.loads(get(base_url, "/api/units")[2])["units"] == listed


def test_a_unit_timeline_as_csv_holds_every_entry_under_the_filters(base_url, web_index):
    articles = search(open_store(web_index), SearchRequest(filters={"unit": ["聊城市"]}))["total"]
    said = statements(open_store(web_index), LedgerRequest(unit="聊城市", judge=False))["total"]
    rows = rows_of(get(base_url, "/units/聊城市", format="csv")[2])
    assert rows[0] == TIMELINE_COLUMNS and len(rows) - 1 == articles + said
    commitments = rows_of(get(base_url, "/api/units/聊城市", type="commitment", format="csv")[2])
    assert (
        len(commitments) - 1
        == statements(open_store(web_index), LedgerRequest(unit="聊城市", type="commitment", judge=False))[
            "total"
        ]
    )
    assert {r[2] for r in commitments[1:]} == {"承诺"}


def test_ledger_csv_has_chinese_headers(base_url):
    rows = rows_of(get(base_url, "/statements", format="csv")[2])
    assert rows[0] == LEDGER_COLUMNS and {r[1] for r in rows[1:]} <= {"指示", "承诺"}


@pytest.mark.parametrize(
    ("path", "json_path"),
    [
        (
            "/?q=创城&unit=东昌府区",
            "/api/search?q=%E5%88%9B%E5%9F%8E&amp;unit=%E4%B8%9C%E6%98%8C%E5%BA%9C%E5%8C%BA",
        ),
        ("/units", "/api/units"),
        ("/units/聊城市?type=commitment", "/api/units/%E8%81%8A%E5%9F%8E%E5%B8%82?type=commitment"),
        ("/statements?type=directive", "/api/statements?type=directive"),
    ],
)
def test_every_list_links_its_json_and_csv(base_url, path, json_path):
    page = get(base_url, path)[2].decode()
    formats = page.split('<p class="formats">', 1)[1].split("</p>", 1)[0]
    assert f'href="{json_path}"' in formats and "format=csv" in formats
    for href in (json_path, formats.split('class="csv" href="', 1)[1].split('"', 1)[0]):
        status, headers, _ = get(base_url, href.replace("&amp;", "&"))
        assert status == 200 and headers["Content-Type"].split(";")[0] in ("application/json", "text/csv")


def test_a_unit_page_pages_and_counts_everything(base_url, web_index):
    articles = search(open_store(web_index), SearchRequest(filters={"unit": ["聊城市"]}))["total"]
    said = statements(open_store(web_index), LedgerRequest(unit="聊城市", judge=False))["total"]
    seen, page = [], 1
    while True:
        body = json.loads(get(base_url, "/api/units/聊城市", size=9, page=page)[2])
        assert body["article_total"] == articles and body["statement_total"] == said
        entries = [a["id"] for a in body["articles"]] + [s["text"] for s in body["statements"]]
        if not entries:
            break
        assert len(entries) <= 9
        seen += entries
        page += 1
    assert len(seen) == articles + said > 9
    html = get(base_url, "/units/聊城市", size=9)[2].decode()
    assert f"共 <strong>{articles + said}</strong> 条" in html and 'rel="next"' in html


@pytest.mark.parametrize(
    ("params", "name"), [({"type": "memo"}, "type"), ({"year": "21"}, "year"), ({"page": "0"}, "page")]
)
def test_a_unit_page_rejects_bad_filters(base_url, params, name):
    status, _, body = get(base_url, "/api/units/聊城市", **params)
    assert status == 400 and json.loads(body)["parameter"] == name
    assert get(base_url, "/units/聊城市", **params)[0] == 400


def test_suggestions_for_units_and_officials(base_url):
    answer = json.loads(get(base_url, "/api/suggest", q="东昌")[2])
    assert answer["suggestions"][0]["query"] == "unit:东昌府区"
    people = json.loads(get(base_url, "/api/suggest", q="孙")[2])["suggestions"]
    assert any(s["query"] == "person:孙爱军" for s in people)
    assert json.loads(get(base_url, "/api/suggest", q="")[2])["suggestions"] == []


def test_feed_of_everything_and_a_bad_feed_parameter(base_url, web_index):
    import feedparser

    parsed = feedparser.parse(get(base_url, "/feed.atom")[2])
    assert parsed.bozo == 0 and len(parsed.entries) == min(
        30, search(open_store(web_index), SearchRequest())["total"]
    )
    assert parsed.feed.title == "简报检索 · 全部文章"
    status, _, body = get(base_url, "/feed.atom", kind="memo")
    assert status == 400 and "kind" in body.decode()


def test_original_page_of_a_text_source_and_a_bad_page(base_url, web_index):
    hit = search(open_store(web_index), SearchRequest("乱码海报"))["hits"][0]
    status, _, body = get(base_url, f"/original/{hit['id']}", q="乱码海报")
    html = body.decode()
    assert status == 200 and '<p id="passage">' in html and "<mark>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert get(base_url, "/original/no-such-id")[0] == 404
