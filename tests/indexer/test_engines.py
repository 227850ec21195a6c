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


# -- indexes made before the keyword fields (docno:, cites:) --------------------------------------------------------


def _found(store, query: str) -> int:
    return search(store, SearchRequest(query=query))["total"]


def test_a_whoosh_index_made_before_keyword_fields_gets_them_with_its_next_commit(tmp_path):
    from whoosh import index as whoosh_index

    from indexer.engines import whoosh
    from indexer.facet_registry import KEYWORDS
    from indexer.run.batch import Options, run
    from indexer.run.ingest import ingest
    from tests.gongwen_samples import ROAD, write_samples

    docs = write_samples(tmp_path / "docs")
    store = open_store(tmp_path / "index")
    assert not run([str(docs)], store, Options()).failed
    whoosh.destroy(store.folder)  # the same articles as the release before wrote them, without the fields
    old = whoosh_index.create_in(
        str(store.folder), whoosh.build_schema(keywords=()), indexname=whoosh.INDEX_NAME
    )
    writer = old.writer()
    for path in sorted(docs.iterdir()):
        for doc in ingest(str(path)).fields:
            fields = whoosh.whoosh_document(doc)
            writer.add_document(**{k: v for k, v in fields.items() if k not in KEYWORDS})
    writer.commit()
    assert _found(store, "道路") > 5 and _found(store, f"cites:{ROAD}") == 0  # read as it is
    for name in ("road_notice.txt", "circular.txt"):  # changed: parsed and written again
        (docs / name).write_text(
            (docs / name).read_text(encoding="utf-8") + "（此件公开发布）\n", encoding="utf-8"
        )
    assert not run([str(docs)], store, Options()).failed
    assert {"docno", "cites"} <= set(
        whoosh_index.open_dir(str(store.folder), indexname=whoosh.INDEX_NAME).schema.names()
    )
    assert _found(store, f"docno:{ROAD}") == 1 and _found(store, f"cites:{ROAD}") == 1
    assert _found(store, "道路") > 5


def test_a_tantivy_index_made_before_keyword_fields_is_named_and_rebuilt_from_its_catalog(tmp_path):
    import tantivy

    from indexer.engines import tantivy as engine
    from indexer.run.batch import Options, run
    from indexer.run.rebuild import rebuild
    from tests.gongwen_samples import ROAD, write_samples

    docs = write_samples(tmp_path / "docs")
    store = open_store(tmp_path / "index")
    assert not run([str(docs)], store, Options(engine="tantivy")).failed
    engine.destroy(store.folder)  # the same index as the release before made it: its schema lacks them
    (store.folder / engine.FOLDER).mkdir()
    tantivy.Index(engine.build_schema(keywords=()), path=str(store.folder / engine.FOLDER), reuse=False)
    with pytest.raises(IndexUnavailable, match=r"索引格式过旧.*--rebuild"):
        open_for_search(open_store(store.folder))
    with pytest.raises(IndexUnavailable, match="索引格式过旧"):
        run([str(docs)], open_store(store.folder), Options())
    assert rebuild([], open_store(store.folder), Options()).rebuilt > 0
    assert _found(open_store(store.folder), f"docno:{ROAD}") == 1
    assert _found(open_store(store.folder), f"cites:{ROAD}") == 5


@pytest.fixture(scope="module")
def tied_archive(tmp_path_factory):
    """150 articles that tie on score and date for 垃圾分类: only their ids order them."""
    folder = tmp_path_factory.mktemp("tied")
    for n in range(150):
        body = f"关于垃圾分类工作的情况通报\n各单位要继续做好垃圾分类宣传，编号{100 + n}。\n"
        (folder / f"{(n * 37) % 150:03d}.txt").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ENGINES)
def test_pages_of_tied_hits_follow_the_full_order_on_every_engine(tmp_path, tied_archive, name):
    """The page is cut from the order (score, date, id) however far the ties run past it: the store is
    read for the page and its ties only, and every page agrees with one long page."""
    from indexer.run.batch import Options, run

    store = open_store(tmp_path / name)
    summary = run([str(tied_archive)], store, Options(jobs=1, engine=name))
    assert summary.articles == 150
    for sort in ("relevance", "date", "-date"):
        whole = search(store, SearchRequest(query="垃圾分类", sort=sort, size=100, page=2))["hits"]
        paged = [
            hit
            for page in (11, 12, 13, 14, 15)
            for hit in search(store, SearchRequest(query="垃圾分类", sort=sort, size=10, page=page))["hits"]
        ]
        assert len(whole) == 50 and [h["id"] for h in paged] == [h["id"] for h in whole]
        first = search(store, SearchRequest(query="垃圾分类", sort=sort, size=100))["hits"]
        ids = [h["id"] for h in first + whole]
        assert ids == sorted(ids)  # one score, one date: the ids decide
