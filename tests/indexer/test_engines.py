"""The engine seam itself: which engine an index uses, and the edge states every engine must answer."""

from __future__ import annotations

import json

import pytest

from indexer import engines
from indexer.faults import IndexEmpty
from indexer.index import IndexUnavailable, IndexWriter, open_for_search
from search_app.search import SearchRequest, search
from tests.conftest import ENGINES


@pytest.mark.parametrize("name", ENGINES)
def test_an_empty_index_is_named_and_readable_when_allowed(tmp_path, name):
    with IndexWriter(tmp_path, engine=name) as writer:
        writer.commit()
    assert engines.engine_of(tmp_path) == name
    with pytest.raises(IndexEmpty):
        search(tmp_path, SearchRequest(query="创城"))
    reader = open_for_search(tmp_path, allow_empty=True)
    assert reader.doc_count() == 0 and reader.ids() == [] and reader.record("nope") is None


def test_a_folder_without_an_index_is_named(tmp_path):
    with pytest.raises(IndexUnavailable, match="索引不存在"):
        open_for_search(tmp_path)


def test_an_unknown_engine_record_is_named(tmp_path):
    (tmp_path / engines.ENGINE_FILE).write_text(json.dumps({"engine": "lucene"}), encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="未知的检索引擎：lucene"):
        open_for_search(tmp_path)


def test_a_damaged_engine_record_is_named(tmp_path):
    (tmp_path / engines.ENGINE_FILE).write_text("{", encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="引擎记录无法读取"):
        open_for_search(tmp_path)


def test_switching_engine_needs_a_rebuild_and_the_rebuild_removes_the_old_files(tmp_path):
    IndexWriter(tmp_path, engine="whoosh").close()
    with pytest.raises(IndexUnavailable, match="--rebuild --engine tantivy"):
        IndexWriter(tmp_path, engine="tantivy")
    IndexWriter(tmp_path, engine="tantivy", rebuild=True).close()
    assert engines.engine_of(tmp_path) == "tantivy"
    assert not any(p.name.endswith(".toc") for p in tmp_path.iterdir())
    IndexWriter(tmp_path, engine="whoosh", rebuild=True).close()
    assert engines.engine_of(tmp_path) == "whoosh" and not (tmp_path / "tantivy").exists()


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
