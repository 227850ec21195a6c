"""The upload endpoint: off by default, token-guarded when on, and confined to its folder."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest

from search_app.web.upload import UploadConfig, safe_name
from tests.conftest import CORPUS

from .conftest import LiveServer

TOKEN = "t0ken-for-tests-1234567890"


def post_file(url: str, name: str, data: bytes, token: str | None):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url + "/api/documents", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def upload_server(tmp_path):
    server = LiveServer(tmp_path / "index", UploadConfig(tmp_path / "uploads", TOKEN))
    yield server.url, tmp_path
    server.close()


def test_server_is_read_only_by_default(tmp_path):
    server = LiveServer(tmp_path / "index")
    try:
        status, body = post_file(server.url, "a.txt", "创城".encode(), TOKEN)
        assert status == 405 and "只读" in body["error"]
    finally:
        server.close()


def test_upload_needs_the_token(upload_server):
    url, root = upload_server
    assert post_file(url, "a.txt", b"x", None)[0] == 401
    assert post_file(url, "a.txt", b"x", "wrong-token-wrong-token")[0] == 401
    assert not (root / "uploads").exists()


def status_of(url: str, status_url: str, token: str | None = TOKEN) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url + status_url, headers=headers)) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def outcome(url: str, answer: dict, index_was_held: bool = False) -> dict:
    """The upload's status once it is no longer queued (the indexing run is awaited, not timed)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status, body = status_of(url, answer["status_url"])
        assert status == 200, body
        if body["status"] != "queued":
            return body
        assert index_was_held or body["message"] == "文件已保存，排队等待索引"  # slow is not 占用
        time.sleep(0.2)
    raise AssertionError(f"still queued: {answer}")


def test_uploaded_document_is_archived_and_searchable(upload_server):
    url, root = upload_server
    data = (CORPUS / "003_ee7b7c9e98106eac.txt").read_bytes()
    status, body = post_file(url, "../../第6期.txt", data, TOKEN)
    assert status == 202 and body["status"] == "queued" and body["status_url"].startswith("/api/uploads/")
    assert not body["path"].startswith("/")  # named within the archive, never by the server's folders
    saved = root / "uploads" / body["path"]
    assert saved.name == "第6期.txt" and (root / "uploads") in saved.parents and saved.is_file()
    done = outcome(url, body)
    assert done["status"] == "indexed" and done["articles"] and done["path"] == body["path"]
    for article_id in done["articles"]:
        with urllib.request.urlopen(url + "/api/articles/" + article_id) as response:
            assert json.loads(response.read())["source"]["path"].endswith("第6期.txt")
    with urllib.request.urlopen(url + "/api/search?q=%E7%8E%8B%E5%BB%BA%E9%B9%8F") as response:
        assert json.loads(response.read())["total"] >= 1
    status, again = post_file(url, "第6期.txt", data, TOKEN)
    assert status == 202 and Path(again["path"]).name == "第6期-1.txt"
    twin = outcome(url, again)
    assert twin["status"] == "duplicate" and twin["duplicate_of"].endswith("第6期.txt")


def test_a_bad_upload_is_kept_and_named(upload_server):
    url, _ = upload_server
    status, body = post_file(url, "broken.pdf", b"%PDF-1.4 nonsense", TOKEN)
    assert status == 202
    failed = outcome(url, body)
    assert failed["status"] == "failed" and failed["reason"]


def test_an_unknown_upload_id_is_404(upload_server):
    url, _ = upload_server
    status, body = status_of(url, "/api/uploads/no-such-upload")
    assert status == 404 and "no-such-upload" in body["error"]


def test_only_the_uploader_and_an_admin_read_an_upload_status(tmp_path):
    """Behind sign-in: the upload token's holder and an admin see the status; a reader, a stranger or
    a wrong token get 404 or 401, never the file's name."""
    from indexer.engines import open_store
    from indexer.store.accounts import Accounts, hash_password
    from search_app.web.app import make_bottle
    from search_app.web.guard import guarded
    from tests.access_archive import index_archive, write_archive
    from tests.search_app.web.wsgi import Client

    store = index_archive(write_archive(tmp_path / "archive"), tmp_path / "index", "whoosh")
    with store.writer(wait_seconds=10) as writer, store.catalog(writing=True) as catalog:
        for name, role in (("admin", "admin"), ("reader", "reader")):
            Accounts(catalog).add(name, role, [], hash_password("correct-horse-battery"))
        writer.commit()
        catalog.commit()
    served = make_bottle(open_store(tmp_path / "index"), UploadConfig(tmp_path / "uploads", TOKEN))
    app = guarded(served)
    try:
        uploader = Client(app, headers={"Authorization": f"Bearer {TOKEN}"})
        saved = tmp_path / "uploads" / "x.txt"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_bytes((CORPUS / "003_ee7b7c9e98106eac.txt").read_bytes())
        upload_id = served.config["jianbao.uploads"].track(str(saved))  # as an upload's POST does
        path = "/api/uploads/" + upload_id
        assert uploader.get(path).status == 200 and uploader.get(path).json()["path"] == "x.txt"
        admin, reader = Client(app), Client(app)
        admin.sign_in("admin", "correct-horse-battery")
        reader.sign_in("reader", "correct-horse-battery")
        assert admin.get(path).status == 200
        for stranger in (reader, Client(app)):
            answer = stranger.get(path)
            assert answer.status in (401, 404) and "x.txt" not in answer.text
        assert (
            Client(app, headers={"Authorization": "Bearer wrong-token-wrong-token"}).get(path).status == 401
        )
    finally:
        served.config["jianbao.gate"].close()


def test_safe_name_keeps_only_the_file_name():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x.txt") == "x.txt"
    assert safe_name(".hidden") is None and safe_name("") is None


# -- contention and hostile names (served with every serving limit in force) ---------------------------------------


@pytest.fixture
def guarded_upload(tmp_path):
    from .servers import RunningServer

    with RunningServer(tmp_path / "index", UploadConfig(tmp_path / "uploads", TOKEN)) as server:
        yield server.url, tmp_path


MARKS = "甲乙丙丁戊己庚辛壬癸"


def briefing(number: int) -> bytes:
    from .conftest import SCRIPT_BRIEFING

    text = SCRIPT_BRIEFING.replace("第 31 期", f"第 {40 + number} 期").replace("乱码海报", mark(number))
    return text.encode("utf-8")


def mark(number: int) -> str:
    return f"{MARKS[number % 10]}号宣传牌"


def search_total(url: str, query: str) -> int:
    try:
        with urllib.request.urlopen(url + "/api/search?" + urlencode({"q": query}), timeout=30) as response:
            return json.loads(response.read())["total"]
    except urllib.error.HTTPError as error:
        assert error.code == 503, error.read().decode(
            "utf-8"
        )  # no index yet: the first upload is being written
        return 0


def test_same_name_uploads_at_once_never_overwrite(guarded_upload):
    url, root = guarded_upload
    results: dict[int, tuple[int, dict]] = {}

    def send(number: int) -> None:
        results[number] = post_file(url, "同名简报.txt", briefing(number), TOKEN)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 8
    assert {status for status, _ in results.values()} == {202}
    saved = {Path(body["path"]) for _, body in results.values()}  # within the upload folder
    assert len(saved) == 8 and {p.name for p in saved} >= {"同名简报.txt", "同名简报-1.txt"}
    for number, (_, body) in results.items():
        assert (root / "uploads" / body["path"]).read_bytes() == briefing(
            number
        )  # each file is its own upload
    assert len(list((root / "uploads").rglob("*.txt"))) == 8
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and search_total(url, mark(7)) == 0:
        time.sleep(0.5)
    assert all(search_total(url, mark(n)) == 1 for n in range(8))


@pytest.mark.parametrize(
    "name",
    ["a\x00b.txt", "\u202etxt.exe", "报告\u200b.txt", "x\u2066y.txt", "line\nbreak.txt", "\ufeffbom.txt"],
)
def test_names_with_control_or_format_characters_are_refused(guarded_upload, name):
    url, root = guarded_upload
    status, body = post_file(url, name, "创城".encode(), TOKEN)
    assert status == 400 and body["parameter"] == "file" and "文件名无效" in body["error"]
    assert not list((root / "uploads").rglob("*")) or not any(
        p.is_file() for p in (root / "uploads").rglob("*")
    )


def test_an_upload_while_the_index_is_held_is_kept_and_indexed_when_free(guarded_upload):
    from indexer.store.lock import IndexLock

    url, root = guarded_upload
    (root / "index").mkdir(exist_ok=True)
    lock = IndexLock(root / "index" / "jianbao.lock")
    lock.acquire(0)
    try:
        status, body = post_file(url, "锁定期间.txt", briefing(9), TOKEN)
        assert status == 202 and body["status"] == "queued" and "已保存" in body["message"]
        assert (root / "uploads" / body["path"]).read_bytes() == briefing(9)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "占用" not in status_of(url, body["status_url"])[1]["message"]:
            time.sleep(0.2)
        assert "占用" in status_of(url, body["status_url"])[1]["message"]  # said only once it is so
    finally:
        lock.release()
    assert outcome(url, body, index_was_held=True)["status"] == "indexed"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and search_total(url, mark(9)) == 0:
        time.sleep(0.5)
    assert search_total(url, mark(9)) == 1


# -- guessing the token, and stopping the server ---------------------------------------------------------------------


def test_wrong_tokens_empty_a_bucket_that_refills_and_then_even_the_right_one_waits(tmp_path):
    from search_app.web.upload import TokenGuesses, admission

    now = [0.0]
    config = UploadConfig(tmp_path / "uploads", TOKEN, guesses=TokenGuesses(clock=lambda: now[0]))
    admit = admission(config)

    def status(token: str) -> int:
        refusal, _ = admit("POST", "/api/documents", {"AUTHORIZATION": f"Bearer {token}"}, 10)
        return 201 if refusal is None else refusal.code

    codes = [status(f"guess-{n:04d}-guess-guess") for n in range(2000)]
    assert codes[: TokenGuesses.BURST] == [401] * TokenGuesses.BURST
    assert set(codes[TokenGuesses.BURST :]) == {429}  # 1,990 guesses never even compared
    assert status(TOKEN) == 429
    now[0] += TokenGuesses.REFILL_SECONDS
    assert status(TOKEN) == 201


def test_guessing_over_http_is_answered_429_with_retry_after(guarded_upload):
    url, _ = guarded_upload
    codes = [post_file(url, "a.txt", b"x", f"wrong-{n:03d}-wrong-wrong")[0] for n in range(30)]
    assert codes.count(401) <= 10 and codes[-1] == 429
    request = urllib.request.Request(
        url + "/api/documents", data=b"", headers={"Authorization": f"Bearer {TOKEN}"}, method="POST"
    )
    try:
        urllib.request.urlopen(request)
        raise AssertionError("the right token was taken at once after 30 guesses")
    except urllib.error.HTTPError as error:
        assert error.code == 429 and int(error.headers["Retry-After"]) > 0


def test_sigterm_stops_the_server_with_its_indexing_process_and_resource_tracker(tmp_path):
    import os
    import signal
    import socket
    import subprocess
    import sys

    from tests.conftest import REPO

    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "waiting.txt").write_bytes((CORPUS / "003_ee7b7c9e98106eac.txt").read_bytes())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jianbao",
            "serve",
            "--index",
            str(tmp_path / "index"),
            "--port",
            str(port),
            "--upload-dir",
            str(tmp_path / "uploads"),
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "JIANBAO_UPLOAD_TOKEN": TOKEN},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        children = _wait_for_children(server.pid, 2)  # the indexing process and the resource tracker
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
    assert children and all(_ended(pid) for pid in children), children


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:  # a thread that ended since the listing (waitress's, a warm-up's)
            continue
    return found


def _wait_for_children(pid: int, count: int) -> list[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = _children(pid)
        if len(found) >= count:
            return found
        time.sleep(0.2)
    return _children(pid)


def _ended(pid: int) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.2)
    return False
