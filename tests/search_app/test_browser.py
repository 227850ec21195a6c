"""The pages in a real browser (Debian's chromium driven by Playwright), with and without JavaScript."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"{CHROMIUM} is not installed (make browser installs Debian's chromium)",
)


@pytest.fixture(scope="module")
def browser():
    """Playwright launches chromium with a fresh temporary profile of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    yield context.new_page()
    context.close()


def total_of(page) -> int:
    return int(page.locator(".total strong").inner_text())


def test_type_a_query_click_a_facet_and_change_page(page, base_url):
    page.goto(base_url + "/")
    page.fill("input[name=q]", "创城")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=*")
    assert page.input_value("input[name=q]") == "创城"
    everything = total_of(page)
    assert everything > 3 and page.locator("mark").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    page.click("section[data-facet=kind] a:has-text('简报')")
    page.wait_for_url("**kind=briefing*")
    narrowed = total_of(page)
    assert 0 < narrowed < everything
    assert page.locator(".chip", has_text="文种：简报").count() == 1

    page.goto(base_url + "/?q=创城&size=2")
    page.click("nav.pager a[rel=next]")
    page.wait_for_url("**page=2*")
    assert page.locator("nav.pager strong.current").inner_text() == "2"
    assert page.locator("li.hit").count() == 2


def test_open_an_article_from_the_results(page, base_url):
    page.goto(base_url + "/?q=文明养犬")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/article/**")
    assert page.locator("article .text mark", has_text="文明养犬").count() >= 1
    assert page.locator("aside.panel").get_by_text("下载原件").count() == 1
    assert page.get_by_text("同期其他文章").count() == 1
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)


def test_markup_in_a_document_is_not_run(page, base_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base_url + "/?q=乱码海报")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/article/**")
    assert page.get_by_text("<script>alert(1)</script>", exact=False).count() >= 1
    assert dialogs == []


def test_download_a_csv(page, base_url):
    page.goto(base_url + "/?q=创城")
    with page.expect_download() as info:
        page.click("a.csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows[0][:3] == ["编号", "标题", "日期"] and len(rows) - 1 == total_of(page)


def test_a_phone_downloads_the_ledger_as_excel_and_word(browser, base_url):
    import datetime as dt

    from docx import Document

    from .office_files import read_xlsx

    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    page.goto(base_url + "/statements?status=逾期")
    for kind in ("csv", "xlsx", "docx"):
        link = page.locator(f".formats a.{kind}").bounding_box()
        assert (
            link["x"] >= 0 and link["x"] + link["width"] <= 390 and link["height"] >= 24
        )  # a finger's target
    files = {}
    for kind in ("xlsx", "docx"):
        with page.expect_download() as info:
            page.click(f".formats a.{kind}")
        files[kind] = info.value
    today = dt.date.today().isoformat()
    assert files["xlsx"].suggested_filename == f"表态台账-逾期-{today}.xlsx"
    assert files["docx"].suggested_filename == f"表态台账-逾期-{today}.docx"
    shown = int(page.locator(".total strong").inner_text())
    assert len(read_xlsx(Path(files["xlsx"].path()).read_bytes()).rows) - 1 == shown
    report = Document(files["docx"].path())
    assert sum(len(table.rows) - 1 for table in report.tables) == shown
    page.screenshot(path=str(ARTIFACTS / "statements-narrow.png"))
    context.close()


def test_histogram_bar_filters_to_its_month(page, base_url):
    page.goto(base_url + "/")
    page.locator("figure.histogram a.bar").first.click()
    page.wait_for_url("**month=*")
    assert page.locator(".chip", has_text="月份").count() == 1


def test_without_javascript_search_and_filter_still_work(page_without_js, base_url):
    page = page_without_js
    page.goto(base_url + "/")
    page.fill("input[name=q]", "创城")
    page.click("form.searchbox button[type=submit]")
    page.wait_for_url("**/?q=*")
    everything = total_of(page)
    assert everything > 0
    page.click("section[data-facet=unit] a:text-is('东昌府区')")
    page.wait_for_url("**unit=*")
    assert 0 < total_of(page) <= everything
    assert page.locator(".chip", has_text="单位：东昌府区").count() == 1
    page.fill("form.daterange input[name=from]", "2018-01-01")
    page.fill("form.daterange input[name=to]", "2018-12-31")
    page.click("form.daterange button[type=submit]")
    page.wait_for_url("**from=2018-01-01*")
    assert page.locator(".chip", has_text="起始日期").count() == 1
    assert page.locator(".chip", has_text="单位：东昌府区").count() == 1
    assert all(d.startswith("2018") for d in page.locator("li.hit .date").all_inner_texts())


def test_unit_directory_timeline_and_ledger(page, base_url):
    page.goto(base_url + "/units")
    page.screenshot(path=str(ARTIFACTS / "units.png"), full_page=True)
    page.click("ul.directory a:text-is('聊城市城市管理局')")
    page.wait_for_url("**/units/**")
    assert page.locator("h1").inner_text() == "聊城市城市管理局"
    assert page.locator("ol.timeline li.month").count() >= 1
    assert page.locator(".statement-entry").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "unit.png"), full_page=True)
    page.click("a:has-text('条表态')")
    page.wait_for_url("**/statements?unit=*")
    assert page.locator("table.ledger tbody tr").count() >= 1
    page.select_option("select[name=type]", "commitment")
    page.click("form.ledger-filter button[type=submit]")
    page.wait_for_url("**type=commitment*")
    assert set(page.locator("table.ledger tbody .badge").all_inner_texts()) == {"承诺"}
    page.goto(base_url + "/statements")
    page.screenshot(path=str(ARTIFACTS / "statements.png"))


def test_narrow_screen_puts_the_filters_behind_a_toggle_above_the_results(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "/?q=创城")
    results = page.locator("section.results").bounding_box()
    assert not page.locator("aside.sidebar").is_visible() and results["width"] <= 390
    assert page.locator("label.filters-toggle").bounding_box()["y"] < results["y"]
    page.screenshot(path=str(ARTIFACTS / "search-narrow.png"))
    context.close()
