"""Routes run through the gate their ``cost`` names (the Bottle plugin), called as WSGI without a server."""

from __future__ import annotations

import io
import sys
import threading

import bottle
import pytest

from indexer.engines import open_store
from search_app.web.app import ROUTES, make_bottle
from search_app.web.capacity import GatePlugin, Gates


def call(app, path: str, query: str = "") -> str:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    answer: list[str] = []
    body = b"".join(app(environ, lambda status, headers, exc_info=None: answer.append(status)))
    assert answer == ["200 OK"], (answer, body)
    return body.decode("utf-8")


@pytest.fixture
def gates():
    made = Gates(threads=4)
    yield made
    made.close()


@pytest.fixture
def app(gates):
    app = bottle.Bottle()
    app.install(GatePlugin(gates))

    def where(which: str) -> str:  # the thread that ran the route, and the request it saw
        return f"{threading.current_thread().name} {bottle.request.query.get('q', '')} {which}"

    app.route("/free", "GET", lambda: where("free"))
    app.route("/search", "GET", lambda: where("search"), cost="search")
    app.route("/list", "GET", lambda: where("list"), cost="search*")
    app.route("/heavy", "GET", lambda: where("heavy"), cost="heavy")
    return app


def test_a_route_without_a_cost_runs_in_the_servers_thread(app):
    assert call(app, "/free", "q=a") == f"{threading.current_thread().name} a free"


def test_a_search_runs_in_the_search_gate_with_its_request(app):
    assert call(app, "/search", "q=b").startswith("jianbao-检索")
    assert call(app, "/search", "q=b").endswith(" b search")


def test_heavy_work_runs_in_the_heavy_gate(app):
    assert call(app, "/heavy").startswith("jianbao-导出或汇总")


def test_a_list_is_heavy_only_when_it_exports_a_file(app):
    assert call(app, "/list", "q=c").startswith("jianbao-检索")
    assert call(app, "/list", "q=c&format=json").startswith("jianbao-检索")
    for wanted in ("csv", "xlsx", "docx"):
        assert call(app, "/list", f"q=c&format={wanted}").startswith("jianbao-导出或汇总")


def test_an_unknown_cost_is_refused_when_its_route_is_prepared(gates):
    app = bottle.Bottle()
    app.install(GatePlugin(gates))
    app.route("/x", "GET", lambda: "x", cost="cheap")
    with pytest.raises(ValueError, match="cheap"):
        app.routes[-1].prepare()


def test_every_route_of_the_app_carries_its_cost(tmp_path, gates):
    app = make_bottle(open_store(tmp_path / "index"), gates=gates)
    costs = {route.rule: route.config.get("cost") for route in app.routes if route.method == "GET"}
    assert {path: costs[path] for path, _, _ in ROUTES} == {path: cost for path, _, cost in ROUTES}
    assert costs["/api/openapi.json"] is None and costs["/static/<filename:path>"] is None


def test_work_runs_once_in_every_thread_of_both_gates(gates):
    ran: list[str] = []
    lock = threading.Lock()

    def note_thread() -> None:
        with lock:
            ran.append(threading.current_thread().name)

    gates.in_every_thread(note_thread)
    searches = [name for name in ran if name.startswith("jianbao-检索")]
    heavy = [name for name in ran if name.startswith("jianbao-导出或汇总")]
    assert len(searches) == len(set(searches)) == gates.search.slots == 2
    assert len(heavy) == len(set(heavy)) == gates.heavy.slots == 1
    assert len(ran) == 3
    # the threads warmed are the ones that answer: a search now runs in one of them
    assert gates.search.run(lambda: threading.current_thread().name) in searches
