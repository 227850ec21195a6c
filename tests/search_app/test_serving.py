"""The server under attack on loopback: slow and idle clients, bodies where none belong, oversized and
unauthenticated uploads, a full queue; and the security headers on every answer."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from search_app.web.capacity import Gate, Overloaded
from search_app.web.serving import Limits
from search_app.web.upload import UploadConfig

from .servers import RunningServer, raw_request, read_answer, status_of

TOKEN = "t0ken-for-tests-1234567890"
MB = 1024 * 1024


def probe(url: str, timeout: float = 5.0) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(url + "/api/openapi.json", timeout=timeout) as response:
        assert response.status == 200
    return time.monotonic() - started


def body_of(answer: bytes) -> dict:
    return json.loads(answer.partition(b"\r\n\r\n")[2])


@pytest.fixture
def uploads(tmp_path):
    return UploadConfig(tmp_path / "uploads", TOKEN, max_bytes=1 * MB)


def test_probe_answers_while_200_slow_clients_are_connected(web_index, uploads):
    """70 trickle header lines, 65 trickle an upload body, 65 send nothing; a probe still gets through."""
    with RunningServer(web_index, uploads, Limits(threads=4, header_seconds=120, min_body_rate=1)) as server:
        clients = []
        try:
            for n in range(200):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                if n % 3 == 0:
                    sock.sendall(b"GET /api/search?q=x HTTP/1.1\r\nHost: a\r\n")
                elif n % 3 == 1:
                    sock.sendall(
                        b"POST /api/documents HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                        + TOKEN.encode()
                        + b"\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 900000\r\n\r\n--b"
                    )
                clients.append(sock)
            stop = threading.Event()

            def trickle():
                while not stop.wait(0.5):
                    for n, sock in enumerate(clients):
                        if n % 3 != 2:
                            try:
                                sock.sendall(b"X-Slow: 1\r\n" if n % 3 == 0 else b"x")
                            except OSError:
                                pass

            trickler = threading.Thread(target=trickle, daemon=True)
            trickler.start()
            times = [probe(server.url) for _ in range(6)]
            stop.set()
            trickler.join(timeout=5)
            assert len(server.server.active_channels) >= 200  # every slow client is still connected
            assert max(times) < 5.0, times
            print("probe seconds with 200 slow clients:", [round(t, 3) for t in times])
        finally:
            for sock in clients:
                sock.close()


def test_headers_sent_too_slowly_are_answered_408(web_index):
    with RunningServer(web_index, limits=Limits(threads=2, header_seconds=1)) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n")
            deadline = time.monotonic() + 8
            sock.settimeout(0.3)
            answer = b""
            while time.monotonic() < deadline and not answer:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                    answer = sock.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
            assert status_of(answer) == 408
            assert "请求超时" in answer.decode("utf-8", "replace")


def test_a_body_sent_a_byte_at_a_time_is_answered_408(web_index, uploads):
    limits = Limits(threads=2, header_seconds=1, min_body_rate=10_000)
    with RunningServer(web_index, uploads, limits) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(
                b"POST /api/documents HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                + TOKEN.encode()
                + b"\r\nContent-Length: 500000\r\n\r\n"
            )
            sock.settimeout(0.2)
            answer, deadline = b"", time.monotonic() + 10
            while time.monotonic() < deadline and not answer:
                try:
                    sock.sendall(b"x")
                    answer = sock.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
            assert status_of(answer) == 408


def test_an_idle_connection_is_closed(web_index):
    with RunningServer(web_index, limits=Limits(threads=2, idle_seconds=1)) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            started = time.monotonic()
            assert sock.recv(100) == b""  # closed by the server, not by our timeout
            assert time.monotonic() - started < 10


def test_a_get_with_a_199_mb_body_is_refused_before_the_body(web_index):
    with RunningServer(web_index) as server:
        head = b"GET /api/search?q=x HTTP/1.1\r\nHost: a\r\nContent-Length: 208666624\r\n\r\n"
        answer = raw_request(server.port, head)  # the body is never sent: the answer comes anyway
        assert status_of(answer) == 413
        assert "请求体" in body_of(answer)["error"]
        chunked = b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n" + b"x" * 65536
        assert status_of(raw_request(server.port, chunked)) == 413


def test_the_token_is_checked_before_the_body_is_read(web_index, uploads):
    with RunningServer(web_index, uploads) as server:
        head = b"POST /api/documents HTTP/1.1\r\nHost: a\r\nContent-Length: 208666624\r\n\r\n"
        answer = raw_request(server.port, head)
        assert status_of(answer) == 401 and body_of(answer)["parameter"] == "Authorization"
        wrong = head.replace(b"Host: a", b"Host: a\r\nAuthorization: Bearer wrong-token-wrong-token")
        assert status_of(raw_request(server.port, wrong)) == 401
        too_big = head.replace(b"Host: a", b"Host: a\r\nAuthorization: Bearer " + TOKEN.encode())
        answer = raw_request(server.port, too_big)
        assert status_of(answer) == 413 and body_of(answer)["parameter"] == "file"
    assert not uploads.folder.exists()


def test_a_chunked_upload_stops_at_the_limit_as_it_is_crossed(web_index, uploads):
    with RunningServer(web_index, uploads) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(
                b"POST /api/documents HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                + TOKEN.encode()
                + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
            sent = 0
            try:
                while sent < 40 * MB:  # 40 times the limit: the server must stop us long before
                    sock.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass  # the server answered and closed while we were still sending
            answer = read_answer(sock)
        assert status_of(answer) == 413
        assert sent < 40 * MB
    assert not uploads.folder.exists() or not any(uploads.folder.rglob("*.*"))


def test_headers_over_the_limit_are_431_in_chinese(web_index):
    with RunningServer(web_index) as server:
        answer = raw_request(server.port, b"GET /?q=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        assert status_of(answer) == 431 and "请求头过大" in body_of(answer)["error"]


class HeldServer(RunningServer):
    """The production server whose one thread a request to /held keeps until the test lets it go."""

    def create(self, index_dir, upload):
        from indexer.engines import open_store
        from search_app.web.app import make_app
        from search_app.web.serving import create_server

        self.entered, self.release = threading.Event(), threading.Event()
        app = make_app(open_store(index_dir))

        def front(environ, start_response):
            if environ["PATH_INFO"] == "/held":
                self.entered.set()
                self.release.wait(120)
            return app(environ, start_response)

        return create_server(front, "127.0.0.1", 0, self.limits)


def _until(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the server never got there"
        time.sleep(0.05)


def test_a_full_queue_is_answered_503_with_retry_after(tmp_path):
    """One thread, a queue of one: a held request takes the thread, a second request waits in the
    queue, and the third is refused at once."""
    with HeldServer(tmp_path / "index", None, Limits(threads=1, queue=1)) as server:
        holder = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        holder.sendall(b"GET /held HTTP/1.1\r\nHost: a\r\n\r\n")
        assert server.entered.wait(60)
        waiting = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        waiting.sendall(b"GET /api/openapi.json HTTP/1.1\r\nHost: a\r\n\r\n")
        dispatcher = server.server.task_dispatcher
        _until(lambda: len(dispatcher.queue) >= 1)
        answer = raw_request(server.port, b"GET /api/openapi.json HTTP/1.1\r\nHost: a\r\n\r\n", timeout=30)
        assert status_of(answer) == 503
        assert b"Retry-After: 5" in answer and "服务繁忙" in body_of(answer)["error"]
        server.release.set()
        assert status_of(read_answer(waiting)) == 200  # the queued one is served once the thread frees
        waiting.close()
        holder.close()


def test_a_gate_refuses_work_beyond_its_slots_and_its_budget():
    gate = Gate("检索", slots=1, budget=0.3, queue_seconds=0.1)
    release = threading.Event()
    try:
        with pytest.raises(Overloaded, match="耗时超过"):
            gate.run(lambda: release.wait(10))
        with pytest.raises(Overloaded, match="过多") as refused:
            gate.run(lambda: 1)  # the slot is still held by the work over budget
        assert refused.value.retry_after == 5
        release.set()
        time.sleep(0.2)
        assert gate.run(lambda: 42) == 42
    finally:
        release.set()
        gate.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=创城",
        "/?size=x",
        "/nothing",
        "/api/search?q=创城",
        "/api/nothing",
        "/static/style.css",
        "/api/search?format=csv",
        "/statements?format=csv",
        "/units",
        "/api/openapi.json",
    ],
)
def test_every_answer_says_nosniff_and_pages_carry_a_csp(web_index, path):
    with RunningServer(web_index) as server:
        url = server.url + urllib.parse.quote(path, safe="/?=&")
        try:
            response = urllib.request.urlopen(url, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        if headers["Content-Type"].startswith("text/html"):
            assert "default-src 'none'" in headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        refused = raw_request(server.port, b"GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n")
        assert b"X-Content-Type-Options: nosniff" in refused


def test_a_damaged_catalog_is_a_503_not_a_500(tmp_path, web_index):
    import shutil

    if isinstance(web_index, str):
        pytest.skip("a database's catalog is no file to damage: PostgreSQL checks its own pages")
    copy = tmp_path / "index"
    shutil.copytree(web_index, copy)
    catalog = copy / "catalog.sqlite"
    if not catalog.exists():
        catalog = next(copy.parent.glob("**/catalog.sqlite"))
    for suffix in ("-wal", "-shm"):  # a running server's audit log may hold the first page in the WAL
        catalog.with_name(catalog.name + suffix).unlink(missing_ok=True)
    with open(catalog, "r+b") as handle:
        handle.write(b"this is no sqlite database header!")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(catalog).execute("SELECT 1 FROM sqlite_master").fetchall()
    with RunningServer(copy) as server:
        for path in ("/statements", "/api/statements"):
            try:
                urllib.request.urlopen(server.url + path, timeout=30)
                raise AssertionError(f"{path} answered 200 on a damaged catalog")
            except urllib.error.HTTPError as error:
                assert error.code == 503, path
                assert "目录库" in error.read().decode("utf-8")
