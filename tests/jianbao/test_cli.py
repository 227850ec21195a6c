"""End to end: the jianbao command on the real corpus, and the same answers over HTTP from a real server."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from indexer.engines import open_store
from jianbao.cli import main
from search_app.archive_paths import public
from tests.conftest import REPO, corpus_texts


def jianbao(*args: str, check_code: int | None = 0) -> subprocess.CompletedProcess:
    """The CLI's ``main`` in this process (a fresh interpreter per call would pay a jieba load each);
    the console script itself is run as a process by the server tests below."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse's usage errors
            code = exit.code if isinstance(exit.code, int) else 2
    done = subprocess.CompletedProcess(["jianbao", *args], code, out.getvalue(), err.getvalue())
    if check_code is not None:
        assert done.returncode == check_code, done.stderr
    return done


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory, engine) -> Path:
    index_dir = tmp_path_factory.mktemp(f"cli-index-{engine}")
    done = jianbao(
        "index", *map(str, corpus_texts()), "--index", str(index_dir), "--engine", engine, "--json"
    )
    summary = json.loads(done.stdout)
    assert summary["new"] == 3 and summary["failed"] == []
    return index_dir


def test_search_finds_the_article_with_its_issue(cli_index):
    result = json.loads(jianbao("search", "孙爱军", "--index", str(cli_index), "--json").stdout)
    hit = next(h for h in result["hits"] if h["title"] == "孙爱军督导检查全国文明城市创建工作")
    assert hit["issue"]["number"] == 27 and hit["issue"]["date"] == "2021-05-10"


def test_no_indexed_text_carries_the_converter_notice(cli_index):
    assert json.loads(jianbao("search", "Win2PDF", "--index", str(cli_index), "--json").stdout)["total"] == 0
    assert (
        json.loads(jianbao("search", "evaluation", "--index", str(cli_index), "--json").stdout)["total"] == 0
    )


def test_indexing_again_reports_nothing_new(cli_index):
    done = jianbao("index", *map(str, corpus_texts()), "--index", str(cli_index), "--json")
    summary = json.loads(done.stdout)
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 0, 3)
    assert "没有需要索引" in done.stderr


def test_failed_file_is_named_and_exit_code_is_1(tmp_path):
    bad = tmp_path / "坏 文件;$(x).pdf"
    bad.write_bytes(os.urandom(2048))
    good = corpus_texts()[0]
    done = jianbao("index", str(good), str(bad), "--index", str(tmp_path / "ix"), "--json", check_code=1)
    summary = json.loads(done.stdout)
    assert summary["new"] == 1 and [Path(f["path"]).name for f in summary["failed"]] == [bad.name]
    assert bad.name in done.stderr and "Traceback" not in done.stderr


def test_usage_errors_exit_2_with_a_message(cli_index):
    done = jianbao("search", '"未闭合', "--index", str(cli_index), check_code=2)
    assert "引号" in done.stderr and "Traceback" not in done.stderr
    assert "size" in jianbao("search", "x", "--limit", "0", "--index", str(cli_index), check_code=2).stderr
    jianbao("frobnicate", check_code=2)


def test_an_index_not_made_yet_says_how_to_make_it(tmp_path):
    done = jianbao("search", "创城", "--index", str(tmp_path / "none"), check_code=0)
    assert "共 0 条结果" in done.stdout
    assert "索引中还没有文章" in done.stderr and "jianbao index 文档目录" in done.stderr


def test_extract_shows_documents_without_indexing():
    done = jianbao("extract", str(corpus_texts()[0]), "--json")
    extracted = json.loads(done.stdout)
    assert extracted["source"]["format"] == "txt"
    document = extracted["documents"][0]
    assert (document["kind"], document["issue_number"], document["date"]) == ("briefing", 27, "2021-05-10")
    assert len(document["articles"]) == 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(index: Path, port: int) -> subprocess.Popen:
    """`jianbao serve` in its own process; its log (stderr) read as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "jianbao", "serve", "--index", str(index), "--port", str(port)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def server(cli_index):
    port = _free_port()
    process = _serve(cli_index, port)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/units", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("jianbao serve did not start: " + process.stderr.read())
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_the_server_says_it_is_ready_only_after_warming(cli_index):
    """What the first search needs is loaded before the start line (and before the port opens)."""
    port = _free_port()
    process = _serve(cli_index, port)
    try:
        lines = []
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "简报检索已启动" in line:
                break
        warmed = [n for n, line in enumerate(lines) if line.startswith("预热完成：")]
        assert warmed and warmed[0] < len(lines) - 1, lines
        assert "分词词典" in lines[warmed[0]] and "索引读取器" in lines[warmed[0]]
        assert "简报检索已启动" in lines[-1], lines
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q={urllib.parse.quote('文明养犬')}") as answer:
            assert answer.status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_http_api_answers_as_the_cli(server, cli_index):
    for query, extra in (("文明养犬", []), ("创城", ["--unit", "东昌府区", "--sort", "-date"])):
        cli = json.loads(jianbao("search", query, *extra, "--index", str(cli_index), "--json").stdout)
        params = [("q", query)] + [(extra[i].lstrip("-"), extra[i + 1]) for i in range(0, len(extra), 2)]
        with urllib.request.urlopen(f"{server}/api/search?{urllib.parse.urlencode(params)}") as response:
            # the same answer; the API names sources relative to the archive, never by the server's path
            assert json.loads(response.read()) == public(open_store(cli_index), cli)


def test_home_page_searches_and_links_facets(server):
    with urllib.request.urlopen(f"{server}/?q={urllib.parse.quote('文明养犬')}") as response:
        page = response.read().decode("utf-8")
    assert "<mark>" in page and "孙爱军督导检查全国文明城市创建工作" in page
    assert "unit=" in page and "year=" in page


def test_show_units_and_statements(cli_index):
    hit = json.loads(jianbao("search", "孙爱军", "--index", str(cli_index), "--json").stdout)["hits"][0]
    shown = json.loads(jianbao("show", hit["id"], "--index", str(cli_index), "--json").stdout)
    assert shown["title"] == hit["title"] and "市场环境提升" in shown["text"]
    units = json.loads(jianbao("units", "--index", str(cli_index), "--json").stdout)["units"]
    assert {"东昌府区", "聊城市公安局交巡警支队"} <= {u["value"] for u in units}
    ledger = json.loads(
        jianbao("statements", "--type", "commitment", "--index", str(cli_index), "--json").stdout
    )
    speakers = {s["speaker"] for s in ledger["statements"]}
    assert {"郭新华", "刘占军"} <= speakers
    assert all(s["type"] == "commitment" for s in ledger["statements"])
    jianbao("show", "no-such-id", "--index", str(cli_index), check_code=1)


def test_impossible_date_is_a_usage_error(cli_index):
    done = jianbao("search", "创城", "--from", "2021-02-30", "--index", str(cli_index), check_code=2)
    assert "from" in done.stderr and "Traceback" not in done.stderr


def test_serve_on_a_busy_port_says_so(cli_index):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = jianbao("serve", "--index", str(cli_index), "--port", str(port), check_code=1)
    assert "无法在" in done.stderr and "Traceback" not in done.stderr


def test_engine_is_recorded_and_read_by_every_later_command(cli_index, engine):
    assert json.loads((cli_index / "engine.json").read_text(encoding="utf-8")) == {"engine": engine}
    other = "tantivy" if engine == "whoosh" else "whoosh"
    refused = jianbao(
        "index", str(corpus_texts()[0]), "--index", str(cli_index), "--engine", other, check_code=1
    )
    assert f"--rebuild --engine {other}" in refused.stderr and "Traceback" not in refused.stderr


def test_rebuild_converts_an_index_to_the_other_engine_from_the_catalog(tmp_path, engine):
    index_dir = tmp_path / "index"
    jianbao("index", *map(str, corpus_texts()), "--index", str(index_dir), "--engine", engine)
    before = json.loads(
        jianbao("search", "创城", "--index", str(index_dir), "--json", "--limit", "100").stdout
    )
    other = "tantivy" if engine == "whoosh" else "whoosh"
    done = jianbao("index", "--rebuild", "--engine", other, "--index", str(index_dir), "--json")
    assert json.loads(done.stdout)["rebuilt"] == 16
    assert json.loads((index_dir / "engine.json").read_text(encoding="utf-8")) == {"engine": other}
    after = json.loads(
        jianbao("search", "创城", "--index", str(index_dir), "--json", "--limit", "100").stdout
    )
    assert after["total"] == before["total"] and after["facets"] == before["facets"]
    assert {h["id"] for h in after["hits"]} == {h["id"] for h in before["hits"]}
