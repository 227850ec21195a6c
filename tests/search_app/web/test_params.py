"""Every request bounded and validated: a malformed value is a 400 naming its parameter, in the API and
on the pages, bad UTF-8 anywhere included; and the server keeps answering afterwards. The rules themselves
are also called directly, without a server."""

from __future__ import annotations

import html
import json

import bottle
import pytest

from search_app.search import SearchError
from search_app.web import params
from search_app.web.params import MAX_FILTER_VALUES, MAX_QUERY_CHARS

from ..servers import RunningServer, raw_request, status_of
from ..test_app import fetch


@pytest.fixture(scope="module")
def server(web_index):
    with RunningServer(web_index) as running:
        yield running


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"unit": [f"单位{n}" for n in range(MAX_FILTER_VALUES + 1)]}, "unit"),
        ({"year": [str(1990 + n) for n in range(MAX_FILTER_VALUES + 1)]}, "year"),
        ({"official": [f"人{n}" for n in range(MAX_FILTER_VALUES + 1)]}, "official"),
        ({"year": "20x1"}, "year"),
        ({"year": "99999"}, "year"),
        ({"month": "2021-xx"}, "month"),
        ({"month": "abcdefg"}, "month"),
        ({"month": "2021-13"}, "month"),
        ({"type": "promise"}, "type"),
        ({"q": "创" * (MAX_QUERY_CHARS + 1)}, "q"),
        ({"unit": "长" * 101}, "unit"),
        ({"page": "1_0"}, "page"),
        ({"page": "١٢"}, "page"),
        ({"size": "-1"}, "size"),
        ({"format": "xml"}, "format"),
    ],
)
def test_malformed_values_are_400_naming_the_parameter(server, params, parameter):
    api = fetch(server.url, "/api/search", **params)
    assert api.status == 400, api.text
    assert api.json()["parameter"] == parameter and api.json()["error"]
    page = fetch(server.url, "/", **params)
    assert page.status == 400 and html.escape(api.json()["error"], quote=False) in page.text


def test_the_most_values_a_filter_takes_are_answered(server):
    units = [f"单位{n}" for n in range(MAX_FILTER_VALUES)]
    assert fetch(server.url, "/api/search", unit=units, q="创城").status == 200
    assert fetch(server.url, "/", month="2021-05", year="2021").status == 200


@pytest.mark.parametrize(
    "target, parameter",
    [
        (b"/api/search?q=%E5%88", "q"),  # truncated UTF-8
        (b"/api/search?q=%FF%FE", "q"),
        (b"/api/search?unit=%C3%28", "unit"),
        (b"/api/search?%E5%88=1", None),  # a parameter name
        (b"/api/search?q=a%00b", "q"),
        (b"/api/articles/%E5%88", "path"),
        (b"/api/search?q=\xe5\x88", "path"),  # raw bytes, not even percent-encoded
    ],
)
def test_bad_utf8_anywhere_is_a_400(server, target, parameter):
    answer = raw_request(server.port, b"GET " + target + b" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 400, answer[:200]
    body = json.loads(answer.partition(b"\r\n\r\n")[2])
    assert body["parameter"] == parameter
    assert "UTF-8" in body["error"] or "控制字符" in body["error"]
    page = raw_request(
        server.port, b"GET /" + target[len(b"/api/search") :] + b" HTTP/1.1\r\nHost: a\r\n\r\n"
    )
    assert status_of(page) in (400, 404)


def test_too_many_parameters_are_refused(server):
    query = "&".join(f"p{n}=1" for n in range(101))
    assert fetch(server.url, "/api/search?" + query).status == 400


def test_the_server_still_answers_after_every_bad_request(server):
    assert fetch(server.url, "/api/search", q="创城").status == 200


# -- the same rules, called directly (no server) -------------------------------------------------------------------


def form(*pairs: tuple[str, str]):
    query = bottle.FormsDict()
    for name, value in pairs:
        query.append(name, value)
    return query


def test_a_query_string_becomes_the_search_request_it_asks_for():
    wanted = params.search_request(
        form(("q", "创城"), ("unit", " 东昌府区 "), ("unit", "东昌府区"), ("year", "2021"), ("size", "20"))
    )
    assert wanted.query == "创城" and wanted.filters == {"unit": ["东昌府区"], "year": ["2021"]}
    assert (wanted.sort, wanted.page, wanted.size) == ("relevance", 1, 20)


@pytest.mark.parametrize(
    "pairs, parameter",
    [
        ((("year", "20x1"),), "year"),
        ((("month", "2021-13"),), "month"),
        ((("type", "promise"),), "type"),
        (tuple(("unit", f"单位{n}") for n in range(MAX_FILTER_VALUES + 1)), "unit"),
        ((("q", "创" * (MAX_QUERY_CHARS + 1)),), "q"),
        ((("official", "长" * 101),), "official"),
        ((("format", "xml"),), "format"),
    ],
)
def test_check_shape_names_the_parameter_that_is_wrong(pairs, parameter):
    with pytest.raises(SearchError) as refused:
        params.check_shape(form(*pairs))
    assert refused.value.parameter == parameter


def test_a_kind_outside_its_choices_is_left_to_the_search_request():
    params.check_shape(form(("kind", "memo")))  # no refusal here: the search layer names it
    assert params.search_request(form(("kind", "memo"))).filters == {"kind": ["memo"]}


def test_a_units_timeline_selection_from_its_query_string():
    chosen = params.unit_selection("东昌府区", form(("type", "commitment"), ("year", "2021"), ("page", "2")))
    assert (chosen.unit, chosen.type, chosen.year, chosen.page, chosen.size) == (
        "东昌府区",
        "commitment",
        "2021",
        2,
        50,
    )
    with pytest.raises(SearchError):
        params.unit_selection("东昌府区", form(("type", "memo")))
    assert [params.export_format(form(("format", f))) for f in ("csv", "xlsx", "docx", "json")] == [
        "csv",
        "xlsx",
        "docx",
        None,
    ]
    assert params.export_format(form()) is None
