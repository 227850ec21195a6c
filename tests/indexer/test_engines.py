"""The engine seam itself: which engine an index uses, and the edge states every engine must answer."""

from __future__ import annotations

import json

import pytest

from indexer.engines import open_store
from indexer.engines.folder import ENGINE_FILE
from indexer.faults import IndexEmpty, IndexUnavailable
from indexer.index import open_for_search
from search_app.search import SearchRequest, search
from tests.conftest import ENGINES


@pytest.mark.parametrize("name", ENGINES)
def test_an_empty_index_is_named_and_readable_when_allowed(tmp_path, name):
    with open_store(tmp_path).writer(wait_seconds=30.0, engine=name) as writer:
        writer.commit()
    assert open_store(tmp_path).engine_name() == name
    with pytest.raises(IndexEmpty):
        open_for_search(open_store(tmp_path))
    assert search(open_store(tmp_path), SearchRequest(query="创城"))["notice"]
    reader = open_for_search(open_store(tmp_path), allow_empty=True)
    assert reader.doc_count() == 0 and reader.ids() == [] and reader.record("nope") is None


def test_a_folder_without_an_index_is_named(tmp_path):
    with pytest.raises(IndexEmpty, match="索引中还没有文章"):  # nothing was ever indexed: a fresh install
        open_for_search(open_store(tmp_path))
    (tmp_path / "catalog.sqlite").touch()  # a catalog without its index: the index was lost
    with pytest.raises(IndexUnavailable, match="索引不存在"):
        open_for_search(open_store(tmp_path))


def test_an_unknown_engine_record_is_named(tmp_path):
    (tmp_path / ENGINE_FILE).write_text(json.dumps({"engine": "lucene"}), encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="未知的检索引擎：lucene"):
        open_for_search(open_store(tmp_path))


def test_a_damaged_engine_record_is_named(tmp_path):
    (tmp_path / ENGINE_FILE).write_text("{", encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="引擎记录无法读取"):
        open_for_search(open_store(tmp_path))


def test_switching_engine_needs_a_rebuild_and_the_rebuild_removes_the_old_files(tmp_path):
    open_store(tmp_path).writer(wait_seconds=30.0, engine="whoosh").close()
    with pytest.raises(IndexUnavailable, match="--rebuild --engine tantivy"):
        open_store(tmp_path).writer(wait_seconds=30.0, engine="tantivy")
    open_store(tmp_path).writer(wait_seconds=30.0, create=True, engine="tantivy").close()
    assert open_store(tmp_path).engine_name() == "tantivy"
    assert not any(p.name.endswith(".toc") for p in tmp_path.iterdir())
    open_store(tmp_path).writer(wait_seconds=30.0, create=True, engine="whoosh").close()
    assert open_store(tmp_path).engine_name() == "whoosh" and not (tmp_path / "tantivy").exists()


def test_nothing_outside_the_engine_package_imports_an_engine():
    from tests.conftest import REPO

    offenders = []
    for folder in ("indexer", "search_app", "jianbao"):
        for path in (REPO / folder).rglob("*.py"):
            if "engines" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            if any(
                f"import {m}" in source or f"from {m} " in source or f"from {m}." in source
                for m in ("whoosh", "tantivy")
            ):
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
