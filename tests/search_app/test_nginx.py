"""The README's nginx front, tested: deploy/nginx/jianbao.conf run by Debian's nginx on loopback in front
of a real jianbao server (skipped where nginx is not installed; `make test` installs it)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .servers import RunningServer, raw_request, status_of

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "jianbao.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx 未安装（make test 会安装）")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main_config(folder: Path, site: Path) -> str:
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir()
    return f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {site};
}}
"""


@pytest.fixture
def front(tmp_path, web_index):
    with RunningServer(web_index) as backend:
        port = free_port()
        site = tmp_path / "jianbao.conf"
        text = CONFIG.read_text(encoding="utf-8")
        assert "server 127.0.0.1:8080;" in text and "listen 80;" in text
        site.write_text(
            text.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{backend.port};").replace(
                "listen 80;", f"listen 127.0.0.1:{port};"
            ),
            encoding="utf-8",
        )
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
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}", port, backend
        finally:
            process.terminate()
            process.wait(timeout=10)


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, json.loads(response.read())


def test_nginx_proxies_the_api_unchanged(front):
    url, _, backend = front
    query = "/api/search?" + urlencode({"q": "创城", "size": "3"})
    status, headers, through_nginx = get_json(url + query)
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    assert through_nginx == get_json(backend.url + query)[2]


def test_nginx_absorbs_200_slow_clients_and_refuses_bodies(front):
    url, port, _ = front
    clients = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(200)]
    try:
        for sock in clients:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n")
        for _ in range(3):
            started = time.monotonic()
            status, _, _ = get_json(url + "/api/openapi.json")
            assert status == 200 and time.monotonic() - started < 5
    finally:
        for sock in clients:
            sock.close()
    answer = raw_request(port, b"GET /api/search HTTP/1.1\r\nHost: a\r\nContent-Length: 208666624\r\n\r\n")
    assert status_of(answer) == 413
