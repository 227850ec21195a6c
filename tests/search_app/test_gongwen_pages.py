"""Official documents (公文) on the pages and in the JSON API, over real HTTP and in a real browser at
1280 and 390 px: the header of 公文 fields, what a document cites and what cites it, linked both ways."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from indexer.engines import open_store
from search_app.exports import SEARCH_COLUMNS
from search_app.search import SearchRequest, search
from tests.gongwen_samples import REQUEST_NUMBER, ROAD, SAMPLES, write_samples
from tests.search_app.conftest import LiveServer
from tests.search_app.test_app import csv_rows, fetch, hrefs
from tests.search_app.test_browser import ARTIFACTS, CHROMIUM, FLAGS
from tests.search_app.test_daily_use import AXE, WIDTHS

REPLY = "聊政字〔2021〕30号"


@pytest.fixture(scope="module")
def gongwen_index(tmp_path_factory) -> Path:
    from indexer.run.batch import Options, run

    folder = write_samples(tmp_path_factory.mktemp("gongwen-pages") / "docs")
    index_dir = folder.parent / "index"
    assert not run([str(folder)], open_store(index_dir), Options()).failed
    return index_dir


@pytest.fixture(scope="module")
def site(gongwen_index):
    server = LiveServer(gongwen_index)
    yield server.url
    server.close()


def article_id(index_dir: Path, number: str) -> str:
    (hit,) = search(open_store(index_dir), SearchRequest(f"docno:{number}"))["hits"]
    return hit["id"]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_notice_shows_its_fields_and_every_article_citing_it(site, gongwen_index):
    road = article_id(gongwen_index, ROAD)
    page = fetch(site, f"/article/{road}").text
    header = text_of(page.split('<dl class="gongwen"', 1)[1].split("</dl>", 1)[0])
    for label, value in (
        ("文种", "通知"),
        ("发文字号", ROAD),
        ("发文机关", "聊城市人民政府办公室"),
        ("成文日期", "2021-03-10"),
        ("主送", "各县（市、区）人民政府，市属开发区管委会，市政府各部门"),
        ("抄送", "市委办公室，市人大常委会办公室"),
        ("印发", "聊城市人民政府办公室 2021-03-11 印发"),
    ):
        assert re.search(f"{label}\\s+{re.escape(value)}", header), (label, header)
    citing = {
        h["id"] for h in search(open_store(gongwen_index), SearchRequest(f"cites:{ROAD}", size=20))["hits"]
    }
    cited_by = page.split('class="cited-by"', 1)[1].split("</section>", 1)[0]
    assert "被引用（5）" in cited_by
    assert {h.split("/article/", 1)[1].split("?")[0] for h in hrefs(cited_by) if "/article/" in h} == citing
    assert "转发" in cited_by and "按照" in cited_by  # the verb each cites it with


def test_the_citing_and_the_cited_link_to_each_other(site, gongwen_index):
    request, reply = article_id(gongwen_index, REQUEST_NUMBER), article_id(gongwen_index, REPLY)
    reply_page = fetch(site, f"/article/{reply}").text
    cites = reply_page.split('class="cites"', 1)[1].split("</section>", 1)[0]
    assert any(h.startswith(f"/article/{request}") for h in hrefs(cites)) and "收悉" in cites
    request_page = fetch(site, f"/article/{request}").text
    cited_by = request_page.split('class="cited-by"', 1)[1].split("</section>", 1)[0]
    assert any(h.startswith(f"/article/{reply}") for h in hrefs(cited_by))
    header = text_of(request_page.split('<dl class="gongwen"', 1)[1].split("</dl>", 1)[0])
    assert re.search(r"密级\s+秘密★1年", header) and re.search(r"紧急程度\s+特急", header)
    assert re.search(r"签发人\s+孙立平", header)


def test_a_title_cited_without_a_number_the_archive_lacks_offers_a_title_search(site, gongwen_index):
    plan = article_id(gongwen_index, "聊建发〔2021〕12号")
    cites = fetch(site, f"/article/{plan}").text.split('class="cites"', 1)[1].split("</section>", 1)[0]
    assert "《城区道路综合整治实施方案》" in html.unescape(cites)
    assert any("title%3A%22%E5%9F%8E%E5%8C%BA" in h for h in hrefs(cites))  # title:"城区…"
    assert any(h.startswith("/article/") for h in hrefs(cites))  # the notice it cites by number


def test_a_briefing_article_shows_no_gongwen_header_but_what_it_cites(site, gongwen_index):
    hits = search(open_store(gongwen_index), SearchRequest(f"cites:{ROAD}", filters={"kind": ["briefing"]}))
    page = fetch(site, f"/article/{hits['hits'][0]['id']}").text
    assert 'class="gongwen"' not in page and 'class="cited-by"' not in page
    assert f"/article/{article_id(gongwen_index, ROAD)}" in "".join(hrefs(page))


def test_the_api_article_gives_the_fields_and_both_directions(site, gongwen_index):
    road = fetch(site, f"/api/articles/{article_id(gongwen_index, ROAD)}").json()
    assert road["document"]["doc_number"] == ROAD and road["kind"] == "notice"
    assert road["cited_by_total"] == 5 and len(road["cited_by"]) == 5
    assert {c["relation"] for c in road["cited_by"]} >= {"转发", "按照", "根据"}
    assert all(set(c) == {"id", "title", "date", "kind", "doc_number", "relation"} for c in road["cited_by"])
    letter = fetch(site, f"/api/articles/{article_id(gongwen_index, '聊财函〔2021〕17号')}").json()
    assert letter["cites"] == [
        {
            "doc_number": REPLY,
            "title": "聊城市人民政府关于东昌府区城区道路整治补助资金的批复",
            "relation": "根据",
        }
    ]
    assert [h["id"] for h in letter["cites_held"]] == [article_id(gongwen_index, REPLY)]
    schema = fetch(site, "/api/openapi.json").json()["components"]["schemas"]["Article"]["properties"]
    assert {"document", "cites", "cited_by", "cited_by_total", "cites_held"} <= set(schema)


def test_search_by_number_kind_and_the_export(site):
    page = fetch(site, "/", q=f"docno:{ROAD.replace('〔', '[').replace('〕', ']')} OR cites:{ROAD}").text
    assert ROAD in html.unescape(page) and text_of(page).count("通知") >= 3
    answer = fetch(site, "/api/search", q="", kind="notice", size="50").json()
    assert {h["doc_number"] for h in answer["hits"]} == {
        n for _, k, n, _ in SAMPLES.values() if k == "notice"
    }
    rows = csv_rows(fetch(site, "/", kind=["request", "reply"], format="csv"))
    assert rows[0] == SEARCH_COLUMNS
    numbers = {row[SEARCH_COLUMNS.index("发文字号")]: row[SEARCH_COLUMNS.index("文种")] for row in rows[1:]}
    assert numbers == {REQUEST_NUMBER: "请示", REPLY: "批复"}
    facets = json.loads(fetch(site, "/api/search", q="道路").body)["facets"]["kind"]
    assert {f["value"] for f in facets} >= {"notice", "circular", "request", "reply", "letter", "minutes"}
    sidebar = fetch(site, "/", q="道路").text.split('data-facet="kind"', 1)[1].split("</section>", 1)[0]
    assert "文种" in sidebar and "批复" in sidebar and "纪要" in sidebar


# -- in a browser, desktop and phone --------------------------------------------------------------------------------


needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


@needs_chromium
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_gongwen_header_and_links_fit_and_pass_axe_on_desktop_and_phone(
    browser, site, gongwen_index, width
):
    assert AXE.is_file(), f"{AXE} is missing: run `make axe` (npm install)"
    context = browser.new_context(
        bypass_csp=True, viewport={"width": WIDTHS[width], "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    failures = {}
    for name, path in (
        ("notice", f"/article/{article_id(gongwen_index, ROAD)}"),
        ("request", f"/article/{article_id(gongwen_index, REQUEST_NUMBER)}"),
        ("search", f"/?q=docno:{ROAD} OR cites:{ROAD}"),
    ):
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width], (name, width)
        if name != "search":
            header = page.locator("dl.gongwen")
            assert header.is_visible()
            box = header.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]
            assert page.locator("section.cited-by").is_visible()
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations")
        serious = [f"{v['id']}: {v['help']}" for v in found if v["impact"] in ("serious", "critical")]
        if serious:
            failures[name] = serious
        page.screenshot(path=str(ARTIFACTS / f"gongwen-{name}-{width}.png"), full_page=True)
    page.goto(site + f"/article/{article_id(gongwen_index, ROAD)}")
    header, text = page.locator("dl.gongwen").bounding_box(), page.locator("article .text").bounding_box()
    cited_by = page.locator("section.cited-by").bounding_box()
    assert header["y"] < text["y"]  # the header over the text
    if width == "desktop":
        assert cited_by["x"] > header["x"] + header["width"]  # the links beside it
    else:
        assert cited_by["y"] > text["y"]  # one column: the links under it
    page.click("section.cited-by a:text-is('聊城市人民政府办公室关于城区道路综合整治进展情况的通报')")
    page.wait_for_url("**/article/**")
    page.click("section.cites a")  # and back to the notice it cites by number
    page.wait_for_url(f"**/article/{article_id(gongwen_index, ROAD)}*")
    assert page.locator("dl.gongwen").is_visible()
    context.close()
    assert not failures, failures
