"""The upload endpoint: off by default, token-guarded when on, and confined to its folder."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from search_app.upload import UploadConfig, safe_name
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


def test_uploaded_document_is_archived_and_searchable(upload_server):
    url, root = upload_server
    data = (CORPUS / "003_ee7b7c9e98106eac.txt").read_bytes()
    status, body = post_file(url, "../../第6期.txt", data, TOKEN)
    assert status == 201 and body["new"] == 1
    saved = Path(body["path"])
    assert saved.name == "第6期.txt" and (root / "uploads") in saved.parents
    with urllib.request.urlopen(url + "/api/search?q=%E7%8E%8B%E5%BB%BA%E9%B9%8F") as response:
        assert json.loads(response.read())["total"] >= 1
    status, again = post_file(url, "第6期.txt", data, TOKEN)
    assert status == 201 and Path(again["path"]).name == "第6期-1.txt" and again["duplicates"]


def test_a_bad_upload_is_kept_and_named(upload_server):
    url, _ = upload_server
    status, body = post_file(url, "broken.pdf", b"%PDF-1.4 nonsense", TOKEN)
    assert status == 422 and body["failed"][0]["reason"]


def test_safe_name_keeps_only_the_file_name():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x.txt") == "x.txt"
    assert safe_name(".hidden") is None and safe_name("") is None
