"""An archive someone tampers with, served over real HTTP: names and paths are data everywhere, a file swapped
for a link is never served, feeds stay valid XML whatever a title or query holds, links never follow the
request's Host, and no answer names the server's folders."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from indexer.engines import open_store
from indexer.run.batch import Options, run
from search_app.search import SearchRequest, search
from tests.conftest import CORPUS

from .servers import RunningServer

BRIEFING = """

聊城市创建全国文明城市 工作简报

第 40 期

聊城市创建全国文明城市工作办公室

2021年9月1日

{title}

8月30日，{title}。会议要求，各街道务必于10月底前完成整改任务。
"""


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "archive"
    folder.mkdir()
    (folder / "line\nbreak.txt").write_text(BRIEFING.format(title="换行文件名专项检查"), encoding="utf-8")
    (folder / 'quote"back\\slash.txt').write_text(
        BRIEFING.format(title="引号文件名专项检查"), encoding="utf-8"
    )
    (folder / "swapped.txt").write_text(BRIEFING.format(title="被替换的文件专项检查"), encoding="utf-8")
    (folder / "noncharacter.txt").write_text(
        BRIEFING.format(title="非字符\ufffe标题专项检查"), encoding="utf-8"
    )
    (folder / "control.html").write_text(
        "<html><head><title>控制&#1;字符标题专项检查</title></head><body><h1>控制&#1;字符标题专项检查</h1>"
        "<p>8月30日，召开控制字符专项检查会议。会议要求，各街道务必于10月底前完成整改任务。</p></body></html>",
        encoding="utf-8",
    )
    shutil.copy(CORPUS / "pdf" / "003-digital.pdf", folder / "swapped.pdf")
    return folder


@pytest.fixture(scope="module")
def served(archive, tmp_path_factory):
    index = tmp_path_factory.mktemp("hostile-index") / "index"
    summary = run([str(archive)], open_store(index), Options(ocr=False))
    assert not summary.failed, summary.failed
    with RunningServer(index) as server:
        yield server, index


def article_id(index: Path, query: str) -> str:
    hits = search(open_store(index), SearchRequest(query))["hits"]
    assert hits, query
    return hits[0]["id"]


def pdf_article_id(index: Path) -> str:
    hits = search(open_store(index), SearchRequest("", size=100))["hits"]
    return next(h["id"] for h in hits if h["source"]["path"].endswith(".pdf"))


def test_a_newline_or_quote_in_a_file_name_is_data_in_the_download_header(served):
    server, index = served
    for query, name in (("换行文件名", "line\nbreak.txt"), ("引号文件名", 'quote"back\\slash.txt')):
        status, headers, body = fetch(f"{server.url}/source/{quote(article_id(index, query))}")
        assert status == 200 and "专项检查" in body.decode("utf-8")
        disposition = headers["Content-Disposition"]
        assert "\n" not in disposition and f"filename*=UTF-8''{quote(name, safe='')}" in disposition
        assert disposition.startswith('attachment; filename="') and disposition.count('"') == 2


def test_a_page_number_of_unicode_digits_is_a_404(served):
    server, index = served
    for number in ("²", "١", "٣"):
        status, _, _ = fetch(f"{server.url}/original/{quote(pdf_article_id(index))}/page/{quote(number)}.png")
        assert status == 404


def test_feeds_stay_valid_xml_whatever_a_title_or_the_query_holds(served):
    server, _ = served
    for params in ({}, {"q": "专项检查"}, {"q": "专项\ufffe检查\x01"}):
        status, _, body = fetch(f"{server.url}/feed.atom?{urlencode(params)}")
        assert status in (200, 400)
        if status == 200:
            feed = ET.fromstring(body)  # raises on a character XML forbids
            titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
            assert params or any(t and "字符标题" in t for t in titles)


def test_feed_links_never_follow_the_request_host(served):
    server, _ = served
    for header in ({"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}):
        _, _, body = fetch(f"{server.url}/feed.atom", header)
        assert b"evil.example" not in body and f"127.0.0.1:{server.port}".encode() in body
    _, _, body = fetch(f"{server.url}/statements?format=csv", {"X-Forwarded-Host": "evil.example"})
    assert b"evil.example" not in body


def test_json_answers_name_no_server_folder(served, archive):
    server, index = served
    for path in (
        "/api/search?q=专项检查",
        f"/api/articles/{quote(article_id(index, '换行文件名'))}",
        "/api/statements",
    ):
        _, _, body = fetch(server.url + quote(path, safe="/?=&%"))
        text = body.decode("utf-8")
        assert str(archive) not in text and str(archive.parent) not in text, path
    hits = json.loads(fetch(server.url + "/api/search?" + urlencode({"q": "换行文件名"}))[2])["hits"]
    assert hits[0]["source"]["path"] == "line\nbreak.txt"


def test_a_file_swapped_for_a_link_is_never_served(served, archive, tmp_path):
    server, index = served
    text_id, pdf_id = article_id(index, "被替换的文件"), pdf_article_id(index)
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN PRIVATE KEY-----\n", encoding="utf-8")
    originals = {}
    for name, target in (("swapped.txt", "/etc/passwd"), ("swapped.pdf", str(secret))):
        originals[name] = (archive / name).read_bytes()
        (archive / name).unlink()
        (archive / name).symlink_to(target)
    try:
        for path in (
            f"/source/{text_id}",
            f"/source/{pdf_id}",
            f"/original/{pdf_id}",
            f"/original/{pdf_id}/page/1.png",
        ):
            status, _, body = fetch(server.url + path)
            assert status == 404 and b"root:" not in body and b"PRIVATE KEY" not in body, path
    finally:
        for name, data in originals.items():
            (archive / name).unlink()
            (archive / name).write_bytes(data)


def test_a_title_from_metadata_holds_no_control_character(served):
    server, _ = served
    hits = json.loads(fetch(server.url + "/api/search?" + urlencode({"q": "字符标题"}))[2])["hits"]
    assert hits and all("\x01" not in hit["title"] for hit in hits)


def test_with_jianbao_archive_set_nothing_outside_it_is_served(tmp_path, monkeypatch):
    from search_app.archive_paths import servable

    inside, outside = tmp_path / "archive" / "a.txt", tmp_path / "elsewhere.txt"
    inside.parent.mkdir()
    inside.write_text("甲", encoding="utf-8")
    outside.write_text("乙", encoding="utf-8")
    monkeypatch.setenv("JIANBAO_ARCHIVE", str(inside.parent))
    assert servable(str(inside.resolve())) == inside.resolve()
    assert servable(str(outside.resolve())) is None
    assert servable(str(inside.parent.resolve() / ".." / "elsewhere.txt")) is None  # not its own real path
