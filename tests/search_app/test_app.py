"""The web app over HTTP: every route, CSV, OpenAPI, 400/404/503, escaping, and /api/search == search()."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from indexer.engines import open_store
from search_app.archive_paths import public
from search_app.exports import SEARCH_COLUMNS
from search_app.search import SearchRequest, article, search

from .conftest import LiveServer


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def fetch(base_url: str, path: str, **params) -> Answer:
    url = base_url + path + ("?" + urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def csv_rows(answer: Answer) -> list[list[str]]:
    assert answer.body.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(answer.body[3:].decode("utf-8"))))


@pytest.fixture(scope="module")
def markup_article_id(web_index) -> str:
    hits = search(open_store(web_index), SearchRequest("乱码海报"))["hits"]
    assert hits, "the briefing holding <script> was not indexed"
    return hits[0]["id"]


@pytest.fixture(scope="module")
def first_id(web_index) -> str:
    return search(open_store(web_index), SearchRequest("孙爱军"))["hits"][0]["id"]


# -- search page ---------------------------------------------------------------------------------------------------


def test_search_page_shows_total_hits_and_keeps_the_query(base_url, web_index):
    answer = fetch(base_url, "/", q="创城")
    total = search(open_store(web_index), SearchRequest("创城"))["total"]
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    assert f"共 <strong>{total}</strong> 条结果" in answer.text
    assert 'name="q" value="创城"' in answer.text
    assert "<mark>创城</mark>" in answer.text
    assert "聊城市创建全国文明城市工作简报 第27期" in answer.text
    assert "/article/" in answer.text and "?q=%E5%88%9B%E5%9F%8E" in answer.text


def test_facet_sidebar_has_every_facet_and_a_unit_hierarchy(base_url):
    page = fetch(base_url, "/").text
    for facet in ("kind", "type", "year", "unit", "official"):
        assert f'data-facet="{facet}"' in page
    assert "简报" in page and "新闻" in page and "指示" in page and "承诺" in page
    unit_section = page.split('data-facet="unit"')[1].split("</section>")[0]
    assert "<details" in unit_section and "聊城市" in unit_section and "东昌府区" in unit_section
    # a child unit is nested inside its parent's <details>
    district = unit_section.index(">东昌府区<")
    street = unit_section.index(">古楼街道<")
    assert district < street


def test_facet_link_adds_a_filter_and_the_chip_removes_it(base_url, web_index):
    page = fetch(base_url, "/", q="创城").text
    unit_link = next(h for h in hrefs(page) if "unit=%E4%B8%9C%E6%98%8C%E5%BA%9C%E5%8C%BA" in h)  # 东昌府区
    filtered = fetch(base_url, unit_link).text
    expected = search(open_store(web_index), SearchRequest("创城", filters={"unit": ["东昌府区"]}))["total"]
    assert f"共 <strong>{expected}</strong> 条结果" in filtered
    chip = re.search(r'<a class="chip" href="([^"]*)"[^>]*>单位：东昌府区', filtered)
    assert chip, "an active filter shows as a chip"
    assert "unit=" not in html.unescape(chip.group(1))


def test_year_and_month_facets_and_date_range(base_url, web_index):
    page = fetch(base_url, "/", year="2021").text
    assert "年份：2021年" in page
    assert "2021年5月" in page
    ranged = fetch(base_url, "/", **{"from": "2021-05-01", "to": "2021-05-31"}).text
    expected = search(open_store(web_index), SearchRequest(date_from="2021-05-01", date_to="2021-05-31"))[
        "total"
    ]
    assert f"共 <strong>{expected}</strong> 条结果" in ranged
    assert 'type="date" name="from" value="2021-05-01"' in ranged


def test_histogram_bars_link_to_their_month(base_url):
    page = fetch(base_url, "/").text
    chart = page.split('<figure class="histogram"', 1)[1].split("</figure>", 1)[0]
    assert 'class="bar' in chart
    months = set(re.findall(r"month=(\d{4}-\d{2})", chart))
    assert {"2021-05", "2021-03", "2018-02"} <= months
    filtered = fetch(base_url, "/", month="2021-05").text
    assert "月份：2021年5月" in filtered


def test_sort_switch_and_pagination(base_url, web_index):
    assert "相关度" in fetch(base_url, "/", q="创城").text
    page = fetch(base_url, "/", size="3").text
    assert (
        "相关度" not in page
        and '<strong class="sort on">日期 新→旧</strong>' in page
        and "日期 旧→新" in page
    )
    assert 'rel="next"' in page
    second = fetch(base_url, "/", size="3", page="2", sort="-date").text
    expected = search(open_store(web_index), SearchRequest(size=3, page=2, sort="-date"))["hits"]
    for hit in expected:
        assert html.escape(hit["title"], quote=False) in second
    assert 'aria-current="page">2<' in second
    assert 'rel="prev"' in second


def test_empty_result_offers_to_drop_each_filter(base_url):
    page = fetch(base_url, "/", q="创城", kind="news", year="2021").text
    assert "没有找到符合条件的文章" in page
    exits = page.split('class="exits"')[1].split("</ul>")[0]
    assert "去掉“文种：新闻”再试" in exits and "去掉“年份：2021年”再试" in exits
    assert "去掉全部筛选再试" in exits


def test_query_is_echoed_escaped(base_url):
    page = fetch(base_url, "/", q='<script>alert("q")</script>').text
    assert '<script>alert("q")' not in page
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in page
    rejected = fetch(base_url, "/", sort="<b>x</b>", unit="<i>u</i>")
    assert rejected.status == 400
    assert "<b>x</b>" not in rejected.text and "<i>u</i>" not in rejected.text
    assert "&lt;b&gt;x&lt;/b&gt;" in rejected.text


def test_document_markup_shows_as_text(base_url, markup_article_id):
    for page in (
        fetch(base_url, "/", q="乱码海报").text,
        fetch(base_url, f"/article/{markup_article_id}", q="乱码海报").text,
    ):
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_malformed_query_is_400_with_the_chinese_message(base_url):
    answer = fetch(base_url, "/", q='"未闭合')
    assert answer.status == 400
    assert "引号不成对" in answer.text
    assert 'value="&quot;未闭合"' in answer.text  # the box keeps what was typed


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"size": "101"}, "size"),
        ({"page": "1001"}, "page"),
        ({"page": "abc"}, "page"),
        ({"sort": "oldest"}, "sort"),
        ({"from": "2021-13-01"}, "from"),
        ({"kind": "memo"}, "kind"),
        ({"q": "title:"}, "q"),
        ({"q": "-创城"}, "q"),
    ],
)
def test_bad_parameters_are_400(base_url, params, parameter):
    api = fetch(base_url, "/api/search", **params)
    assert api.status == 400
    assert api.headers["Content-Type"].startswith("application/json")
    body = api.json()
    assert body["parameter"] == parameter and body["error"]
    page = fetch(base_url, "/", **params)
    assert page.status == 400 and html.escape(body["error"], quote=False) in page.text


# -- article and source --------------------------------------------------------------------------------------------


def test_article_page_has_text_metadata_statements_and_neighbours(base_url, web_index, first_id):
    page = fetch(base_url, f"/article/{first_id}", q="文明养犬").text
    assert "<mark>文明养犬</mark>" in page
    assert "聊城市创建全国文明城市工作简报 第27期" in page
    assert "2021-05-10" in page and "2021-05-08" in page
    assert "孙爱军" in page and "市委书记" in page
    assert "000_057921357f995ae2.txt" in page
    assert f'href="/source/{first_id}"' in page
    assert "文中的表态" in page and "指示" in page
    assert "同期其他文章" in page and "市创城第五网格工作组视察创城工作" in page
    assert "相关文章" in page
    assert 'href="/units/%E8%81%8A%E5%9F%8E%E5%B8%82' in page  # units link to their page


def test_unknown_article_is_404(base_url):
    page = fetch(base_url, "/article/no-such-id")
    assert page.status == 404 and "文章不存在" in page.text
    api = fetch(base_url, "/api/articles/no-such-id")
    assert api.status == 404 and api.json()["parameter"] == "id"


def test_source_downloads_the_original_file(base_url, web_index, first_id):
    record = article(open_store(web_index), first_id)
    answer = fetch(base_url, f"/source/{first_id}")
    assert answer.status == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    assert "000_057921357f995ae2.txt" in answer.headers["Content-Disposition"]
    assert answer.body == Path(record["source"]["path"]).read_bytes()


def test_source_with_a_chinese_file_name(base_url, web_index):
    hit = search(open_store(web_index), SearchRequest("夜间施工噪声投诉"))["hits"][0]
    answer = fetch(base_url, f"/source/{quote(hit['id'])}")
    assert answer.status == 200
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + quote("创城简报第32期.txt") in disposition
    assert answer.body == Path(hit["source"]["path"]).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/source/no-such-id",
        "/source/..%2F..%2F..%2Fetc%2Fpasswd",
        "/source/%2Fetc%2Fpasswd",
        "/source/../../etc/passwd",
        "/source/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/source/..%252f..%252fetc%252fpasswd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/setup.py",
    ],
)
def test_source_never_leaves_the_archive(base_url, path):
    answer = fetch(base_url, path)
    assert answer.status in (403, 404)
    assert b"root:" not in answer.body and b"setuptools" not in answer.body


# -- units and statements ------------------------------------------------------------------------------------------


def test_units_directory_is_a_hierarchy(base_url):
    page = fetch(base_url, "/units").text
    assert "单位目录" in page and "<details" in page
    assert page.index(">聊城市<") < page.index(">东昌府区<") < page.index(">古楼街道<")
    assert 'href="/units/%E4%B8%9C%E6%98%8C%E5%BA%9C%E5%8C%BA"' in page


def test_unit_page_is_a_timeline(base_url):
    page = fetch(base_url, "/units/" + quote("聊城市城市管理局")).text
    assert "<h1>聊城市城市管理局</h1>" in page
    assert 'class="timeline"' in page and "2018年2月" in page
    assert "承诺" in page and "出自《" in page
    assert "单位目录</a>" in page and ">聊城市</a>" in page  # breadcrumb of ancestors


def test_unknown_unit_is_404(base_url):
    assert fetch(base_url, "/units/" + quote("不存在的单位")).status == 404
    api = fetch(base_url, "/api/units/" + quote("不存在的单位"))
    assert api.status == 404 and api.json()["error"]


def test_search_csv_exports_every_match(base_url, web_index):
    answer = fetch(base_url, "/", q="创城", size="2", format="csv")
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert re.search(r"attachment; filename=\"?[\w.-]+\.csv", answer.headers["Content-Disposition"])
    rows = csv_rows(answer)
    assert rows[0] == SEARCH_COLUMNS
    expected = search(open_store(web_index), SearchRequest("创城", size=100))
    assert [r[0] for r in rows[1:]] == [h["id"] for h in expected["hits"]]
    assert len(rows) - 1 == expected["total"] > 2
    issue_row = next(r for r in rows[1:] if r[6])
    assert issue_row[5] == "聊城市创建全国文明城市工作简报" and issue_row[6].isdigit()


def test_api_csv_too(base_url):
    assert csv_rows(fetch(base_url, "/api/search", q="创城", format="csv"))[0] == SEARCH_COLUMNS


# -- JSON API ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, request_",
    [
        ({"q": "创城"}, SearchRequest("创城")),
        (
            {
                "q": "文明 OR 养犬",
                "unit": ["东昌府区", "聊城市公安局"],
                "sort": "-date",
                "size": "3",
                "page": "2",
            },
            SearchRequest(
                "文明 OR 养犬", filters={"unit": ["东昌府区", "聊城市公安局"]}, sort="-date", size=3, page=2
            ),
        ),
        (
            {"kind": "news", "from": "2018-01-01", "to": "2018-12-31", "official": "荣红智"},
            SearchRequest(
                filters={"kind": ["news"], "official": ["荣红智"]},
                date_from="2018-01-01",
                date_to="2018-12-31",
            ),
        ),
    ],
)
def test_api_search_is_exactly_search(base_url, web_index, params, request_):
    answer = fetch(base_url, "/api/search", **params)
    assert answer.status == 200
    store = open_store(web_index)
    assert answer.json() == json.loads(json.dumps(public(store, search(store, request_))))
    assert all(not hit["source"]["path"].startswith("/") for hit in answer.json()["hits"])


def test_api_article_units_statements(base_url, web_index, first_id):
    record = fetch(base_url, f"/api/articles/{first_id}").json()
    assert record["id"] == first_id and record["issue_articles"] and "more_like_this" in record
    listed = fetch(base_url, "/api/units").json()
    assert listed["units"][0] == {"value": "聊城市", "count": listed["units"][0]["count"]}
    assert listed["tree"][0]["children"]
    unit = fetch(base_url, "/api/units/" + quote("东昌府区")).json()
    assert unit["ancestors"] == ["聊城市"] and unit["article_total"] == len(unit["articles"]) > 0
    assert unit["statement_total"] == len(unit["statements"]) > 0


def test_openapi_document(base_url):
    doc = fetch(base_url, "/api/openapi.json").json()
    assert doc["openapi"].startswith("3.0")
    for path in ("/api/search", "/api/articles/{id}", "/api/units", "/api/units/{name}", "/api/statements"):
        assert "200" in doc["paths"][path]["get"]["responses"]
    names = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert names >= {
        "q",
        "unit",
        "year",
        "month",
        "kind",
        "official",
        "type",
        "from",
        "to",
        "sort",
        "page",
        "size",
    }
    assert doc["paths"]["/api/search"]["get"]["responses"]["400"]
    schemas = doc["components"]["schemas"]
    assert set(schemas["SearchResult"]["properties"]) == {"query", "total", "page", "size", "hits", "facets"}
    refs = re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(doc))
    assert refs and set(refs) <= set(schemas)


def test_openapi_documents_every_api_route_and_the_feed(base_url):
    from search_app.web.app import ROUTES

    doc = fetch(base_url, "/api/openapi.json").json()
    routed = {
        re.sub(
            r"<(\w+)(?::path)?>",
            lambda m: "{id}" if m.group(1) == "article_id" else "{" + m.group(1) + "}",
            path,
        )
        for path, _, _ in ROUTES
        if path.startswith("/api/") or path == "/feed.atom"
    }
    assert routed <= set(doc["paths"])
    for path in routed:
        responses = doc["paths"][path]["get"]["responses"]
        assert {"200", "408", "431", "503"} <= set(responses), path
        assert "Retry-After" in responses["503"]["headers"]
    suggest = fetch(base_url, "/api/suggest", q="东昌").json()
    assert set(suggest) == set(doc["components"]["schemas"]["Suggestions"]["properties"])
    assert suggest["suggestions"] and set(suggest["suggestions"][0]) == set(
        doc["components"]["schemas"]["Suggestion"]["properties"]
    )


def test_unknown_route_is_404_json_under_api(base_url):
    assert fetch(base_url, "/api/nothing").json()["error"]
    assert "页面不存在" in fetch(base_url, "/nothing").text


# -- index missing, look -------------------------------------------------------------------------------------------


def test_a_fresh_install_shows_the_search_page_with_the_command_that_fills_it(tmp_path):
    server = LiveServer(tmp_path / "no-index")
    try:
        page = fetch(server.url, "/", q="创城")
        assert (
            page.status == 200 and "索引中还没有文章" in page.text and "jianbao index 文档目录" in page.text
        )
        assert "make run" in page.text and str(tmp_path) not in page.text
        api = fetch(server.url, "/api/search", q="创城")
        assert api.status == 200 and api.json()["total"] == 0 and "索引中还没有文章" in api.json()["notice"]
        for path in (
            "/units",
            "/statements",
            "/feed.atom",
            "/api/statements",
            "/api/units",
        ):
            assert fetch(server.url, quote(path)).status == 200, path
        assert fetch(server.url, "/api/openapi.json").status == 200
    finally:
        server.close()


def test_an_index_that_cannot_open_is_a_503_naming_no_server_folder(tmp_path):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "catalog.sqlite").write_bytes(b"not a database at all" * 100)
    server = LiveServer(tmp_path / "index")
    try:
        page = fetch(server.url, "/", q="创城")
        assert page.status == 503 and "索引" in page.text and str(tmp_path) not in page.text
        api = fetch(server.url, "/api/statements")
        assert api.status == 503 and str(tmp_path) not in api.json()["error"]
    finally:
        server.close()


@pytest.mark.parametrize("path", ["/", "/?q=创城", "/units", "/statements"])
def test_pages_use_no_external_resources(base_url, path):
    page = fetch(base_url, quote(path, safe="/?=")).text
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert 'href="/static/style.css"' in page


def test_stylesheet_uses_system_cjk_fonts(base_url):
    css = fetch(base_url, "/static/style.css")
    assert css.status == 200 and '"Noto Sans CJK SC"' in css.text and "mark" in css.text
