"""Daily use in a real browser (Debian's chromium via Playwright) at 1280 px and 390 px: the original
page of a hit, state kept across pages, feeds, the phone layout, finding a unit, accessibility."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

from indexer.engines import open_store
from indexer.lang.vocabulary import unit_ancestors
from search_app.search import SearchRequest, search
from tests.search_app.conftest import SHARED, LiveServer
from tests.search_app.test_browser import ARTIFACTS, CHROMIUM, FLAGS

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 390}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")


@pytest.fixture(scope="module")
def pdf_index(tmp_path_factory, extra_sources) -> Path:
    """A digital and a scanned PDF, the text corpus' other briefing, and the two marked-up briefings.

    The text files of issues 000 and 003 stay out: they are the same issues as the PDFs, which would
    then be indexed as their versions, and these tests open the PDFs' pages."""
    from indexer.run.batch import Options, run

    index_dir = tmp_path_factory.mktemp("daily-archive") / "index"
    pdfs = [SHARED / "corpus" / "pdf" / "000-digital.pdf", SHARED / "corpus" / "pdf" / "003-scanned.pdf"]
    twins = {pdf.name.split("-")[0] for pdf in pdfs}
    texts = [p for p in sorted((SHARED / "corpus").glob("*.txt")) if p.name.split("_")[0] not in twins]
    paths = [str(p) for p in pdfs + texts + list(extra_sources)]
    summary = run(paths, open_store(index_dir), Options())
    assert not summary.failed, summary.failed
    return index_dir


@pytest.fixture(scope="module")
def site(pdf_index):
    server = LiveServer(pdf_index)
    yield server.url
    server.close()


# The pages' Content-Security-Policy forbids eval, which Playwright's polling waits and axe's injection
# use; the policy itself is tested by test_serving, and test_browser runs the pages under it.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(params=list(WIDTHS))
def screen(request, browser):
    """A page at each width; the name goes into the screenshots' file names."""
    context = browser.new_context(
        bypass_csp=True, viewport={"width": WIDTHS[request.param], "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.width_name}.png"), full_page=True)


def pairs(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def from_a_text_file(index_dir: Path, row) -> bool:
    from search_app.search import article_record

    article_id = urlsplit(row.locator("td.from a").first.get_attribute("href")).path.rsplit("/", 1)[-1]
    return article_record(open_store(index_dir), article_id)["source"]["path"].endswith(".txt")


def open_filters(page) -> None:
    """On a phone the filters sit behind the toggle."""
    if not page.locator("aside.sidebar").is_visible():
        page.click("label.filters-toggle")


# -- the original page -------------------------------------------------------------------------------------------


def test_from_a_hit_to_the_original_page_with_the_sentence_marked_and_back(screen, site, pdf_index):
    page = screen
    query = {
        "q": "文明养犬",
        "kind": "briefing",
        "unit": "东昌府区",
        "sort": "-date",
        "size": "2",
        "page": "2",
    }
    results_url = site + "/?" + urlencode(query)
    page.goto(results_url)
    hit = page.locator("li.hit", has=page.locator(".original-link")).filter(has_text="孙爱军督导检查")
    if not hit.count():  # the digital PDF's copy may be on the other page of two
        page.goto(site + "/?" + urlencode({**query, "page": "1"}))
        results_url = page.url
        hit = page.locator("li.hit").filter(has_text="孙爱军督导检查")
    pdf_hits = [
        h["id"]
        for h in search(
            open_store(pdf_index),
            SearchRequest("文明养犬", filters={"kind": ["briefing"], "unit": ["东昌府区"]}, size=50),
        )["hits"]
        if h["source"]["path"].endswith("000-digital.pdf")
    ]
    pdf_id = next(i for i in pdf_hits if i.endswith("-0-0"))
    page.goto(results_url)
    page.locator(f"li.hit:has(a[href*='/article/{pdf_id}']) .original-link a").click()
    page.wait_for_url("**/original/**")
    assert ("p", "1") in pairs(page.url), "the link carries the page"
    image = page.locator(".page-image img")
    image.wait_for()
    page.wait_for_function("document.querySelector('.page-image img').naturalWidth > 0")
    boxes = page.locator(".page-image .hl")
    assert boxes.count() >= 1
    marked = page.locator("p.found").inner_text()
    assert "文明养犬" in marked
    frame = image.bounding_box()
    for n in range(boxes.count()):
        box = boxes.nth(n).bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
        assert 2 < box["height"] < frame["height"] / 10
    shot(page, "original-pdf")

    page.click("a.back")  # to the article …
    page.wait_for_url("**/article/**")
    page.click("a.back")  # … and to the same results page with every filter
    page.wait_for_load_state()
    assert sorted(pairs(page.url)) == sorted(pairs(results_url))


def test_sentence_marked_on_the_text_layer_matches_the_sentence(site, pdf_index):
    """The marked boxes cover exactly the characters of the sentence in the PDF's text layer."""
    from search_app import original

    record = search(open_store(pdf_index), SearchRequest("孙爱军督导检查", size=20))["hits"]
    pdf = next(h for h in record if h["source"]["path"].endswith("000-digital.pdf"))
    path, page_number = pdf["source"]["path"], pdf["source"]["page"]
    glyphs = original.text_glyphs(path, page_number)
    text = "".join(g.char for g in glyphs)
    sentence = "要坚持问题导向"
    if sentence not in text:
        sentence = text[40:52]
    boxes = original.find_boxes(glyphs, [sentence])
    start = text.index(sentence)
    chars = glyphs[start : start + len(sentence)]
    for glyph in chars:
        centre_x, centre_y = (glyph.left + glyph.right) / 2, (glyph.top + glyph.bottom) / 2
        assert any(
            b.left <= centre_x <= b.left + b.width and b.top <= centre_y <= b.top + b.height for b in boxes
        )
    others = [g for g in glyphs if g not in chars and g.char not in sentence]
    assert not any(
        b.left < (g.left + g.right) / 2 < b.left + b.width
        and b.top < (g.top + g.bottom) / 2 < b.top + b.height
        for g in others
        for b in boxes
    )


def test_a_statement_on_a_scanned_page_is_marked_from_ocr_boxes(browser, site, pdf_index):
    page = browser.new_page(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page.width_name = "desktop"
    hits = search(open_store(pdf_index), SearchRequest("物业", size=50))["hits"]
    scanned = next(h for h in hits if h["source"]["path"].endswith("003-scanned.pdf"))
    page.goto(site + f"/original/{scanned['id']}?" + urlencode({"p": scanned["source"]["page"], "q": "物业"}))
    page.wait_for_function("document.querySelector('.page-image img').naturalWidth > 0")
    assert page.locator(".page-image .hl").count() >= 1
    assert "文字识别" in page.locator("p.found").inner_text()
    shot(page, "original-scanned")
    page.close()


def test_a_text_source_shows_its_extracted_text_with_the_passage_marked(screen, site, pdf_index):
    page = screen
    page.goto(site + "/statements?type=commitment")
    rows = page.locator("table.ledger tbody tr")
    row = next(rows.nth(n) for n in range(rows.count()) if from_a_text_file(pdf_index, rows.nth(n)))
    said = row.locator("td.said").inner_text().strip()
    row.locator("a.original-link").click()
    page.wait_for_url("**/original/**")
    mark = page.locator("#passage mark").first
    assert mark.inner_text().strip() == said or said.startswith(mark.inner_text().strip())
    assert page.locator("a:has-text('下载原件')").count() == 1
    shot(page, "original-text")


def test_the_original_of_a_text_source_shows_its_article_only_at_the_marked_passage(browser, site, pdf_index):
    """The second article of a two-article file: its own text, the passage scrolled into view, lines
    set at the body's spacing (not a paragraph's margins and the template's line breaks on top)."""
    hits = search(open_store(pdf_index), SearchRequest("背街小巷 乱码海报", size=5))["hits"]
    article = next(h for h in hits if h["source"]["path"].endswith("briefing_with_markup.txt"))
    page = browser.new_page(bypass_csp=True, viewport={"width": 390, "height": 500})
    page.goto(site + f"/original/{article['id']}?" + urlencode({"q": "乱码海报"}))
    text = page.locator(".extracted").inner_text()
    assert "乱码海报" in text and "组织执法人员" not in text  # the file's other article stays out
    page.wait_for_function("document.getElementById('passage').getBoundingClientRect().top < 400")
    top = page.evaluate("document.getElementById('passage').getBoundingClientRect().top")
    assert 0 <= top < 400
    tops = page.evaluate(
        "[...document.querySelectorAll('.extracted p')].map(p => p.getBoundingClientRect().top)"
    )
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.extracted p')).lineHeight)")
    gaps = [b - a for a, b in zip(tops, tops[1:])]
    assert gaps and min(gaps) < 1.5 * line  # a one-line paragraph is followed at about one line
    page.close()


# Tokens a line must never cut: dates, counts with a percent, the ledger's status words.
SPLIT_TOKENS_JS = """selector => {
  const cut = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\d[\\d\\-\\/.:]*\\d%?|\\d%|未到期|已到期|逾期/g)) {
        const first = document.createRange(), last = document.createRange();
        first.setStart(node, match.index); first.setEnd(node, match.index + 1);
        last.setStart(node, match.index + match[0].length - 1); last.setEnd(node, match.index + match[0].length);
        const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
        if (a.height && b.height && b.top > a.bottom - 2) cut.push(match[0]);
      }
    }
  }
  return cut;
}"""


# Whatever the data's lengths at the test's widths, these are never to be cut: the style that says so.
NO_WRAP_JS = "s => [...document.querySelectorAll(s)].map(e => getComputedStyle(e).whiteSpace)"


def test_dates_percentages_and_statuses_stay_on_one_line(browser, site, pdf_index):
    """On a phone: the ledger's cards, an OCR article's 置信度 and a scorecard's list cut no token."""
    page = browser.new_page(bypass_csp=True, viewport={"width": 390, "height": 900})
    page.goto(site + "/statements?type=commitment")
    assert page.locator("td.deadline").count() and page.locator("span.status").count()
    assert page.evaluate(SPLIT_TOKENS_JS, "td.date, td.deadline, span.status") == []
    assert set(page.evaluate(NO_WRAP_JS, "td.date, td.deadline, span.status")) == {"nowrap"}
    hits = search(open_store(pdf_index), SearchRequest("物业", size=50))["hits"]
    scanned = next(h for h in hits if h["source"]["path"].endswith("003-scanned.pdf"))
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(site + f"/article/{scanned['id']}")
    assert "置信度" in page.locator("dd.read").inner_text()
    assert page.evaluate(SPLIT_TOKENS_JS, "dd.read, .date") == []
    assert page.evaluate("getComputedStyle(document.querySelector('dd.read')).wordBreak") != "break-all"
    page.close()


def test_the_scorecard_summary_is_a_row_of_tiles(browser, site):
    page = browser.new_page(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page.goto(site + "/units/" + quote("聊城市") + "/commitments")
    summary = page.locator("dl.scorecard")
    assert page.evaluate("getComputedStyle(document.querySelector('dl.scorecard')).display") == "grid"
    tops = {round(box["y"]) for box in (tile.bounding_box() for tile in summary.locator("> div").all())}
    assert len(tops) == 1, "the counts stand side by side on a desktop"
    page.close()


def test_the_marked_passage_is_quoted_once(browser, site, pdf_index):
    """A sentence that opens with a quotation mark is shown marked, not wrapped in a second one."""
    hits = search(open_store(pdf_index), SearchRequest("乱码海报", size=5))["hits"]
    article = next(h for h in hits if h["source"]["path"].endswith("briefing_with_markup.txt"))
    sentence = "“<script>alert(1)</script>”字样的乱码海报"
    page = browser.new_page(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page.goto(site + f"/original/{article['id']}?" + urlencode({"s": sentence}))
    found = page.locator("p.found").inner_text()
    assert sentence in found and "““" not in found and "”“" not in found
    page.close()


def test_api_in_the_menu_opens_a_page_for_people(screen, site):
    page = screen
    page.goto(site + "/")
    if not page.locator("nav.nav a:has-text('API')").is_visible():
        page.set_viewport_size({"width": 1280, "height": 900})
    page.click("nav.nav a:has-text('API')")
    page.wait_for_url("**/docs/api")
    assert page.locator("h1").inner_text() == "API 说明"
    routes = page.locator("table.api-routes td.route").all_inner_texts()
    assert "GET /api/search" in routes and "POST /api/documents" in routes
    assert page.locator("a[href='/api/openapi.json']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


# -- state kept ----------------------------------------------------------------------------------------------------


def test_pagination_facets_and_back_keep_every_parameter(screen, site):
    page = screen
    start = {"q": "创城", "unit": "东昌府区", "from": "2018-01-01", "sort": "-date", "size": "2"}
    page.goto(site + "/?" + urlencode(start))
    page.click("nav.pager a[rel=next]")
    page.wait_for_url("**page=2*")
    assert set(start.items()) <= set(pairs(page.url))
    results = page.url
    open_filters(page)
    kind = page.locator("section[data-facet=kind] a").first
    assert set(start.items()) - {("page", "2")} <= set(pairs(kind.get_attribute("href")))
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/article/**")
    assert page.locator("a.back").inner_text() == "‹ 返回检索结果"
    page.click("a.back")
    page.wait_for_load_state()
    assert sorted(pairs(page.url)) == sorted(pairs(results))
    assert page.locator("nav.pager strong.current").inner_text() == "2"


def test_a_unit_page_pages_and_filters_without_losing_entries(screen, site):
    page = screen
    page.goto(site + "/units/聊城市?size=7")
    total = int(page.locator(".total strong").inner_text())
    seen = []
    while True:
        seen += page.locator("ol.timeline li.entry").all_inner_texts()
        following = page.locator("nav.pager a[rel=next]")
        if not following.count():
            break
        following.click()
        page.wait_for_load_state()
    assert len(seen) == total > 7
    page.goto(site + "/units/聊城市")
    page.click("nav.unit-filters a:text-is('承诺')")
    page.wait_for_url("**type=commitment*")
    assert set(page.locator("ol.timeline .badge").all_inner_texts()) == {"承诺"}
    page.locator("nav.unit-filters a.choice", has_text="年").first.click()
    page.wait_for_url("**year=*")
    year = dict(pairs(page.url))["year"]
    assert ("type", "commitment") in pairs(page.url)
    assert all(d.startswith(year) for d in page.locator("ol.timeline .date").all_inner_texts())
    shot(page, "unit-filtered")


# -- feeds -------------------------------------------------------------------------------------------------------------


def test_the_feed_of_a_search_parses_and_matches_the_search(screen, site, pdf_index):
    import feedparser

    page = screen
    wanted = {"q": "创城", "kind": "briefing", "unit": "东昌府区"}
    page.goto(site + "/?" + urlencode(wanted))
    subscribe = page.locator("a.feed")
    assert subscribe.count() == 1
    alternate = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    subscribe.click()  # a page for people, never the raw XML
    page.wait_for_url("**/feed?**")
    assert page.locator("h1").inner_text() == "订阅这个检索"
    feed_url = urlsplit(page.locator("input.atom-url").input_value())
    feed_url = feed_url.path + "?" + feed_url.query
    assert feed_url == alternate and set(wanted.items()) <= set(pairs(feed_url))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1
    listed = page.locator("ol.feed-entries li").count()
    answer = page.request.get(site + feed_url)
    assert answer.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(answer.body())
    assert parsed.bozo == 0 and parsed.version == "atom10"
    expected = search(
        open_store(pdf_index),
        SearchRequest("创城", filters={"kind": ["briefing"], "unit": ["东昌府区"]}, sort="-date", size=30),
    )
    assert [e.id.rsplit("/", 1)[-1] for e in parsed.entries] == [h["id"] for h in expected["hits"]]
    assert listed == len(parsed.entries)
    dates = [e.updated for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    assert all(e.link.startswith(site + "/article/") for e in parsed.entries)
    assert parsed.feed.title.startswith("简报检索") and "创城" in parsed.feed.title


# -- the phone layout --------------------------------------------------------------------------------------------


def test_phone_filters_sit_behind_a_toggle_above_the_results(browser, site):
    for js in (True, False):
        context = browser.new_context(
            bypass_csp=True, viewport={"width": 390, "height": 844}, java_script_enabled=js
        )
        page = context.new_page()
        page.goto(site + "/?q=创城")
        toggle = page.locator("label.filters-toggle")
        assert toggle.is_visible() and not page.locator("aside.sidebar").is_visible()
        results = page.locator("section.results").bounding_box()
        assert toggle.bounding_box()["y"] < results["y"] < 700
        toggle.click()
        sidebar = page.locator("aside.sidebar")
        assert sidebar.is_visible()
        assert sidebar.bounding_box()["y"] < page.locator("section.results").bounding_box()["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.width_name = "phone"
        if js:
            shot(page, "search-filters-open")
        context.close()


def test_desktop_shows_the_filters_without_a_toggle(browser, site):
    page = browser.new_page(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page.goto(site + "/?q=创城")
    assert page.locator("aside.sidebar").is_visible()
    assert not page.locator("label.filters-toggle").is_visible()
    page.close()


def test_the_ledger_is_cards_on_a_phone(browser, site):
    page = browser.new_page(bypass_csp=True, viewport={"width": 390, "height": 844})
    page.width_name = "phone"
    page.goto(site + "/statements")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("table.ledger tbody tr").first
    card = first.bounding_box()
    assert card["width"] <= 390
    said = first.locator("td.said").bounding_box()
    assert said["x"] >= 0 and said["x"] + said["width"] <= 390
    label = page.evaluate(
        "getComputedStyle(document.querySelector('table.ledger td.said'), '::before').content"
    )
    assert "内容" in label
    assert page.locator("table.ledger thead").bounding_box()["height"] <= 1
    shot(page, "statements-cards")
    page.close()


def test_histogram_labels_and_counts_are_readable(screen, site):
    page = screen
    page.goto(site + "/")
    sizes = page.evaluate(
        "[...document.querySelectorAll('.histogram .year, .histogram .y-axis li, .histogram .n')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 11
    ticks = [int(t) for t in page.locator(".histogram .y-axis li").all_inner_texts()]
    tallest = max(
        f["count"] for f in json.loads(urllib.request.urlopen(site + "/api/search").read())["facets"]["month"]
    )
    assert ticks[0] == tallest and ticks[-1] == 0
    page.locator(".histogram a.bar").first.click()
    page.wait_for_url("**month=*")


# -- finding a unit -----------------------------------------------------------------------------------------------


def test_filter_box_over_the_unit_facet_and_the_directory(screen, site):
    page = screen
    page.goto(site + "/units")
    page.fill("#directory-find-input", "交巡警")
    shown = page.locator("#unit-directory a:visible").all_inner_texts()
    matching = [name for name in shown if "交巡警" in name]
    above = {a for name in matching for a in unit_ancestors(name)}
    assert matching and all(name in matching or name in above for name in shown)
    page.goto(site + "/?q=创城")
    open_filters(page)
    page.fill("#unit-find-input", "古楼")
    shown = page.locator("#unit-facet-tree a:visible").all_inner_texts()
    matching = [name for name in shown if "古楼" in name]
    above = {a for name in matching for a in unit_ancestors(name)}
    assert matching and all(name in matching or name in above for name in shown)
    shot(page, "unit-facet-filtered")


def test_the_directory_filter_works_without_javascript(browser, site):
    context = browser.new_context(bypass_csp=True, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/units")
    page.fill("#directory-find-input", "交巡警")
    page.click("form.directory-find button")
    page.wait_for_url("**q=*")
    names = page.locator("#unit-directory a").all_inner_texts()
    assert names and all("交巡警" in n for n in names)
    context.close()


def test_name_suggestions_in_the_search_box(screen, site):
    page = screen
    page.goto(site + "/")
    page.locator("input[name=q]").press_sequentially("孙爱")
    page.wait_for_function("document.querySelectorAll('#name-suggestions option').length > 0")
    options = page.eval_on_selector_all("#name-suggestions option", "os => os.map(o => o.value)")
    assert "person:孙爱军" in options
    answer = json.loads(
        urllib.request.urlopen(
            site + "/api/suggest?q=" + "东昌府".encode().hex("%", 1).upper().join(["%", ""])
        ).read()
    )
    assert answer["suggestions"][0]["query"] == "unit:东昌府区"


def test_date_presets(screen, site):
    page = screen
    page.goto(site + "/?q=创城&to=2019-01-01")
    open_filters(page)
    preset = page.locator("a.preset", has_text="近一年")
    href = preset.get_attribute("href")
    wanted = dict(pairs(href))
    assert wanted["q"] == "创城" and "to" not in wanted and re.fullmatch(r"\d{4}-\d{2}-\d{2}", wanted["from"])
    preset.click()
    page.wait_for_url("**from=*")
    assert page.locator(".chip", has_text="起始日期").count() == 1


# -- accessibility and screenshots ---------------------------------------------------------------------------------


PAGES = [
    "/",
    "/?q=创城&unit=东昌府区",
    "/?q=找不到的词语组合",
    "/units",
    "/units/聊城市",
    "/statements",
    "/article/{article}?q=创城",
    "/original/{pdf}?q=文明养犬&p=1",
    "/original/{article}?q=创城",
    "/units/聊城市/commitments",
    "/feed?q=创城",
    "/docs/api",
    "/no-such-page",
]


def test_every_page_has_no_serious_accessibility_violations(screen, site, pdf_index):
    assert AXE.is_file(), f"{AXE} is missing: run `make axe` (npm install)"
    hits = search(open_store(pdf_index), SearchRequest("文明养犬", size=50))["hits"]
    texts = search(open_store(pdf_index), SearchRequest("创城", size=50))["hits"]
    ids = {
        "article": next(h["id"] for h in texts if not h["source"]["path"].endswith(".pdf")),
        "pdf": next(h["id"] for h in hits if h["source"]["path"].endswith("000-digital.pdf")),
    }
    page = screen
    failures = {}
    for number, template in enumerate(PAGES):
        path = template.format(**ids)
        page.goto(site + path)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations")
        serious = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}: {[n['target'] for n in v['nodes'][:3]]})"
            for v in found
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            failures[path] = serious
        shot(page, f"page{number:02d}")
    assert not failures, failures


def test_a_favicon_on_every_page(site):
    answer = urllib.request.urlopen(site + "/favicon.ico")
    assert answer.status == 200 and answer.headers["Content-Type"] == "image/x-icon"
    assert answer.read()[:4] == b"\x00\x00\x01\x00"
    page = urllib.request.urlopen(site + "/units").read().decode()
    assert 'rel="icon"' in page
