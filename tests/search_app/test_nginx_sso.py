"""Single sign-on as the README deploys it: deploy/nginx/jianbao-sso.conf inside deploy/nginx/jianbao.conf,
run by Debian's nginx on loopback, a stand-in sign-on service, and a real jianbao server that believes
X-Remote-User from nginx's address only (skipped where nginx is not installed)."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.store.accounts import Accounts
from search_app.web.app import make_server
from search_app.web.serving import Limits
from search_app.web.signin import SignInConfig
from tests.access_archive import index_archive, write_archive
from tests.search_app.conftest import LiveServer
from tests.search_app.test_nginx import NGINX, free_port, main_config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx 未安装（make test 会安装）")


class SignOnService(BaseHTTPRequestHandler):
    """The organisation's sign-on service, as nginx's auth_request asks it: who holds this request's
    credential (here, plainly, the X-Test-User header), or 401."""

    def do_GET(self):
        user = self.headers.get("X-Test-User")
        self.send_response(200 if user else 401)
        if user:
            self.send_header("X-Remote-User", user)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class SignInServer(LiveServer):
    def __init__(self, store):
        self.store = store
        super().__init__(Path("."), None)

    def create(self, index_dir, upload):
        config = SignInConfig(proxy_header="X-Remote-User", trusted_proxies=frozenset({"127.0.0.1"}))
        return make_server(self.store, "127.0.0.1", 0, None, Limits(threads=4), config)


def site_config(backend_port: int, listen: int, service_port: int) -> str:
    text = (DEPLOY / "jianbao.conf").read_text(encoding="utf-8")
    snippet = (DEPLOY / "jianbao-sso.conf").read_text(encoding="utf-8")
    snippet = snippet.replace("127.0.0.1:9000", f"127.0.0.1:{service_port}")
    plain = re.search(r"\n    location / \{\n        proxy_pass http://jianbao;\n    \}\n", text)
    assert plain, "jianbao.conf's `location /` is where the snippet goes"
    text = text[: plain.start()] + "\n" + snippet + "\n" + text[plain.end() :]
    return text.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{backend_port};").replace(
        "listen 80;", f"listen 127.0.0.1:{listen};"
    )


@pytest.fixture
def front(tmp_path):
    archive = write_archive(tmp_path / "archive")
    store = index_archive(archive, archive.root / "index", "whoosh")
    with store.writer(wait_seconds=10) as writer, store.catalog(writing=True) as catalog:
        Accounts(catalog).add("sso", "reader", ["保密"], None)
        Accounts(catalog).add("reader", "reader", [], None)
        writer.commit()
        catalog.commit()
    service = ThreadingHTTPServer(("127.0.0.1", 0), SignOnService)
    threading.Thread(target=service.serve_forever, daemon=True).start()
    backend = SignInServer(store)
    port = free_port()
    site = tmp_path / "jianbao.conf"
    site.write_text(site_config(backend.port, port, service.server_address[1]), encoding="utf-8")
    main = tmp_path / "nginx.conf"
    main.write_text(main_config(tmp_path, site), encoding="utf-8")
    check = subprocess.run(
        [NGINX, "-t", "-c", str(main), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(main), "-e", str(tmp_path / "error.log")])
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", backend
    finally:
        process.terminate()
        process.wait(timeout=10)
        backend.close()
        service.shutdown()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers: str) -> tuple[int, dict, bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_sign_on_services_user_is_the_one_jianbao_sees(front):
    url, _ = front
    status, _, body = fetch(url + "/api/search", **{"X-Test-User": "sso"})
    assert status == 200 and json.loads(body)["total"] == 3  # sso is cleared for 秘密
    status, _, body = fetch(url + "/api/search", **{"X-Test-User": "reader"})
    assert json.loads(body)["total"] == 2


def test_a_client_cannot_name_itself_through_nginx(front):
    url, backend = front
    forged = {"X-Test-User": "reader", "X-Remote-User": "sso"}  # signed on as reader, claiming sso
    assert json.loads(fetch(url + "/api/search", **forged)[2])["total"] == 2
    assert fetch(url + "/login", **{"X-Remote-User": "sso"})[0] == 200  # a route of its own: cleared too
    status, headers, _ = fetch(url + "/api/search")  # nobody signed on: sent to the sign-on page
    assert status == 302 and headers["Location"].startswith("https://sso.example.gov.cn/login")
    direct = fetch(backend.url + "/api/search", **{"X-Remote-User": "sso"})  # from the proxy's own address
    assert json.loads(direct[2])["total"] == 3  # so jianbao must listen on loopback only behind nginx
