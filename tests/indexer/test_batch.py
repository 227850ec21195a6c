"""Incremental indexing on a real index in a temp dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.faults import IndexUnavailable
from indexer.index import open_for_search
from indexer.run.batch import Options, run
from indexer.run.rebuild import rebuild
from indexer.store.lock import IndexBusy, IndexLock
from search_app.search import SearchRequest, search
from tests.conftest import corpus_texts


@pytest.fixture
def archive(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in corpus_texts():
        shutil.copy(path, folder / path.name)
    return folder


def _doc_count(index_dir: Path) -> int:
    return open_for_search(open_store(index_dir)).doc_count()


def _catalog_article_ids(index_dir: Path) -> list[str]:
    catalog = open_store(index_dir).catalog()
    try:
        return [a for row in catalog.sources() for a in row.article_ids]
    finally:
        catalog.close()


def test_second_run_indexes_nothing(archive, tmp_path):
    index_dir = tmp_path / "index"
    first = run([str(archive)], open_store(index_dir), Options())
    assert first.new == 3 and not first.failed
    second = run([str(archive)], open_store(index_dir), Options())
    assert (second.new, second.updated, second.unchanged, second.articles) == (0, 0, 3, 0)


def test_touched_but_identical_file_is_unchanged(archive, tmp_path):
    index_dir = tmp_path / "index"
    run([str(archive)], open_store(index_dir), Options())
    path = next(archive.iterdir())
    path.write_bytes(path.read_bytes())  # new mtime, same content
    assert run([str(archive)], open_store(index_dir), Options()).unchanged == 3


def test_changed_file_replaces_its_articles(archive, tmp_path):
    index_dir = tmp_path / "index"
    run([str(archive)], open_store(index_dir), Options())
    before = _doc_count(index_dir)
    path = archive / "003_ee7b7c9e98106eac.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("铁塔社区", "铁塔社区和青蛙王子社区"), encoding="utf-8"
    )
    summary = run([str(archive)], open_store(index_dir), Options())
    assert (summary.updated, summary.unchanged) == (1, 2)
    assert _doc_count(index_dir) == before
    ids = _catalog_article_ids(index_dir)
    assert len(ids) == len(set(ids)) == before
    assert search(open_store(index_dir), SearchRequest(query="青蛙王子"))["total"] == 1


def test_duplicate_content_is_not_indexed_twice(archive, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copy(archive / "003_ee7b7c9e98106eac.txt", archive / "copy.txt")
    summary = run([str(archive)], open_store(index_dir), Options())
    assert [Path(d["path"]).name for d in summary.duplicates] == ["copy.txt"]
    assert search(open_store(index_dir), SearchRequest(query="王建鹏到第九网格督导创城工作"))["total"] == 1


def test_bad_file_fails_alone_with_a_reason(archive, tmp_path):
    index_dir = tmp_path / "index"
    (archive / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    summary = run([str(archive)], open_store(index_dir), Options())
    assert summary.new == 3
    assert [Path(f["path"]).name for f in summary.failed] == ["broken.pdf"]
    assert summary.failed[0]["reason"]
    again = run([str(archive)], open_store(index_dir), Options())
    assert (again.failed, again.still_failed) == ([], 1)


def test_prune_removes_articles_of_deleted_files(archive, tmp_path):
    index_dir = tmp_path / "index"
    run([str(archive)], open_store(index_dir), Options())
    (archive / "002_b5b07f49676836a0.txt").unlink()
    summary = run([str(archive)], open_store(index_dir), Options(prune=True))
    assert summary.pruned == 1
    assert search(open_store(index_dir), SearchRequest(query="郭新华"))["total"] == 0
    assert len(_catalog_article_ids(index_dir)) == _doc_count(index_dir)


def test_damaged_index_is_reported_and_rebuilt_from_catalog(archive, tmp_path):
    index_dir = tmp_path / "index"
    run([str(archive)], open_store(index_dir), Options())
    count = _doc_count(index_dir)
    for segment in index_dir.glob("*.seg"):
        segment.unlink()
    with pytest.raises(IndexUnavailable, match="--rebuild"):
        open_for_search(open_store(index_dir))
    shutil.rmtree(archive)  # the catalog alone must be enough
    summary = rebuild([], open_store(index_dir), Options())
    assert summary.rebuilt == count == _doc_count(index_dir)
    assert search(open_store(index_dir), SearchRequest(query="孙爱军"))["total"] >= 1


def test_a_rebuild_from_the_catalog_commits_as_it_goes_and_answers_as_before(archive, tmp_path, monkeypatch):
    """A folder index is rebuilt aside in commits of a few sources, so that no commit holds the whole
    archive's postings; the result answers as the index it replaces."""
    from whoosh import index as whoosh_index

    import indexer.run.rebuild

    index_dir = tmp_path / "index"
    run([str(archive)], open_store(index_dir), Options())
    queries = ("创城", '"文明城市"', "孙爱军", "")
    before = [search(open_store(index_dir), SearchRequest(query=q, size=100)) for q in queries]
    monkeypatch.setattr(indexer.run.rebuild, "COMMIT_EVERY_FILES", 1)
    summary = rebuild([], open_store(index_dir), Options())
    assert summary.rebuilt == _doc_count(index_dir) == before[-1]["total"]
    assert whoosh_index.open_dir(str(index_dir), indexname="articles").latest_generation() >= len(
        corpus_texts()
    )  # a commit a source
    after = [search(open_store(index_dir), SearchRequest(query=q, size=100)) for q in queries]
    assert [(a["total"], a["facets"], a["hits"]) for a in after] == [
        (b["total"], b["facets"], b["hits"]) for b in before
    ]


def test_second_writer_waits_then_names_the_holder(tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    holder = IndexLock(index_dir / "jianbao.lock")
    holder.acquire(0)
    try:
        with pytest.raises(IndexBusy, match="进程"):
            open_store(index_dir).writer(wait_seconds=0.5)
    finally:
        holder.release()
    open_store(index_dir).writer(wait_seconds=0.5).close()


def test_an_index_inside_the_archive_is_not_indexed(archive):
    index_dir = archive / "index"
    run([str(archive)], open_store(index_dir), Options())
    again = run([str(archive)], open_store(index_dir), Options())
    assert (again.new, again.unchanged, again.failed) == (0, 3, [])


def test_jianbaoignore_leaves_out_matching_files(archive):
    (archive / ".jianbaoignore").write_text("# not documents\nREADME*\nnotes\n", encoding="utf-8")
    (archive / "README.md").write_text("说明文件，不是简报。", encoding="utf-8")
    (archive / "notes").mkdir()
    (archive / "notes" / "a.txt").write_text("工作笔记", encoding="utf-8")
    sub = archive / "sub"
    sub.mkdir()
    (sub / "README.txt").write_text("子目录说明", encoding="utf-8")
    summary = run([str(archive)], open_store(archive.parent / "index"), Options())
    assert summary.new == 3 and not summary.failed
