"""Derived data knows its version: a data file edited re-parses the sources from their stored pages, no OCR."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from indexer.engines import open_store
from indexer.run.batch import Options, run
from indexer.store import pipeline_version
from tests.conftest import CORPUS, REPO, corpus_texts


def test_the_version_follows_every_data_file(tmp_path):
    (tmp_path / "units.tsv").write_text("聊城市\t\t\n", encoding="utf-8")
    (tmp_path / "userdict.txt").write_text("创城 5\n", encoding="utf-8")
    before = pipeline_version.current(tmp_path)
    assert pipeline_version.current(tmp_path) == before
    with open(tmp_path / "units.tsv", "a", encoding="utf-8") as handle:
        handle.write("东昌府区\t聊城市\t东昌府\n")
    after = pipeline_version.current(tmp_path)
    assert after.version != before.version
    assert pipeline_version.what_changed(before.manifest, after.manifest) == ["数据文件已改动：units.tsv"]


def test_sources_of_another_version_are_reparsed_from_their_stored_pages(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for path in corpus_texts():
        shutil.copy(path, archive / path.name)
    index_dir = tmp_path / "index"
    run([str(archive)], open_store(index_dir), Options())
    current = pipeline_version.current()
    older = {"code": current.manifest["code"], "data": {**current.manifest["data"], "units.tsv": "0" * 64}}
    with open_store(index_dir).catalog(writing=True) as catalog:
        catalog.record_pipeline("old", older)
        catalog.db.execute("UPDATE sources SET pipeline = 'old'")
        catalog.commit()
    summary = run([str(archive)], open_store(index_dir), Options())
    assert (summary.new, summary.updated, summary.reparsed) == (0, 0, 3)
    assert summary.reparse_reasons == ["数据文件已改动：units.tsv"]
    again = run([str(archive)], open_store(index_dir), Options())
    assert (again.reparsed, again.unchanged) == (0, 3)


def test_a_changed_extractor_data_file_has_its_formats_read_again_and_the_rest_reparsed(tmp_path):
    """The chrome patterns are read at extraction: an HTML page's stored pages keep the old chrome, so the
    page is read again; a text file's pages do not depend on them and are re-parsed from the catalog."""
    from indexer.run.batch import REPARSE, Summary, decide, plan

    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(corpus_texts()[0], archive / "issue.txt")
    (archive / "page.html").write_text(
        "<html><head><title>市城管局开展夜间巡查</title></head><body><h1>市城管局开展夜间巡查</h1>"
        "<p>6月12日，市城管局组织执法人员开展夜间巡查，整治占道经营。</p></body></html>",
        encoding="utf-8",
    )
    store = open_store(tmp_path / "index")
    run([str(archive)], store, Options())
    current = pipeline_version.current()
    older = {
        "code": current.manifest["code"],
        "data": {**current.manifest["data"], "html_chrome.txt": "0" * 64},
    }
    with store.catalog(writing=True) as catalog:
        catalog.record_pipeline("old", older)
        catalog.db.execute("UPDATE sources SET pipeline = 'old'")
        catalog.commit()
        todo = plan(
            [str(archive / "issue.txt"), str(archive / "page.html")],
            catalog,
            True,
            Summary(),
            current.version,
            current.manifest,
        )
        assert (todo.reparse, todo.stale) == ([str(archive / "issue.txt")], [str(archive / "page.html")])
        assert (
            decide(str(archive / "page.html"), catalog, True, current.version) == REPARSE
        )  # no manifest: as before
    summary = run([str(archive)], store, Options())
    assert (summary.new, summary.updated, summary.reparsed) == (0, 0, 2)


@pytest.mark.slow
def test_an_alias_added_to_units_tsv_reaches_indexed_sources_without_ocr(tmp_path):
    code = tmp_path / "code"
    for package in ("indexer", "search_app", "jianbao"):
        shutil.copytree(REPO / package, code / package, ignore=shutil.ignore_patterns("__pycache__"))
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(CORPUS / "000_057921357f995ae2.txt", archive)
    shutil.copy(CORPUS / "pdf" / "002-scanned.pdf", archive)  # only OCR reads it
    index_dir = tmp_path / "index"

    def jianbao(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "jianbao", *args, "--index", str(index_dir), "--json"],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(code)},
            check=True,
        )

    first = json.loads(jianbao("index", str(archive)).stdout)
    assert first["new"] == 2 and first["failed"] == []
    units = {u["value"] for u in json.loads(jianbao("units").stdout)["units"]}
    assert "东昌府区捕犬专业队" in units
    ocr_cache = tmp_path / ".jianbao-ocr-cache"
    assert ocr_cache.is_dir()
    shutil.rmtree(ocr_cache)  # any OCR from now on would show here
    with open(code / "indexer" / "data" / "units.tsv", "a", encoding="utf-8") as handle:
        handle.write("东昌府区犬类管理大队\t东昌府区\t东昌府区捕犬专业队\n")
    done = jianbao("index", str(archive))
    second = json.loads(done.stdout)
    assert (second["new"], second["updated"], second["reparsed"]) == (0, 0, 2)
    assert second["reparse_reasons"] == ["数据文件已改动：units.tsv"]
    assert "重新解析 2 个文件" in done.stderr
    assert not ocr_cache.exists(), "a page was OCRed again"
    units = {u["value"] for u in json.loads(jianbao("units").stdout)["units"]}
    assert "东昌府区犬类管理大队" in units and "东昌府区捕犬专业队" not in units
    scanned = json.loads(jianbao("search", "郭新华").stdout)
    assert scanned["total"] >= 1 and all(h["source"]["path"].endswith(".pdf") for h in scanned["hits"])
