"""Nothing lost by our own commands: --prune on an empty or missing root, --rebuild with a bad catalog,
edge states of the index. Real indexes in temp dirs, the CLI's main() in process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.faults import CatalogDamaged, CatalogMissing, IndexDamaged, IndexEmpty
from indexer.index import open_for_search
from indexer.run.batch import Options, run
from indexer.run.rebuild import rebuild
from jianbao.cli import main
from search_app.ledger import LedgerRequest, statements
from search_app.search import SearchRequest, search
from tests.conftest import corpus_texts


@pytest.fixture
def indexed(tmp_path) -> tuple[Path, Path]:
    archive = tmp_path / "archive"
    archive.mkdir()
    for path in corpus_texts():
        shutil.copy(path, archive / path.name)
    index_dir = tmp_path / "index"
    summary = run([str(archive)], open_store(index_dir), Options())
    assert summary.new == 3 and not summary.failed
    return archive, index_dir


def articles(index_dir: Path) -> set[str]:
    return set(open_for_search(open_store(index_dir)).ids())


def ledger(index_dir: Path) -> list[tuple]:
    with open_store(index_dir).catalog() as catalog:
        rows = catalog.db.execute(
            "SELECT article_id, seq, type, text FROM statements ORDER BY 1, 2"
        ).fetchall()
    return [tuple(row) for row in rows]


def damage_catalog(index_dir: Path) -> None:
    path = index_dir / "catalog.sqlite"
    with open(path, "r+b") as handle:
        handle.write(b"\xff" * 100)  # the SQLite header, overwritten


def test_prune_on_an_empty_root_keeps_every_article(indexed, capsys):
    archive, index_dir = indexed
    before, statements_before = articles(index_dir), ledger(index_dir)
    for path in archive.iterdir():
        path.unlink()  # the share is not mounted: an empty folder
    code = main(["index", str(archive), "--index", str(index_dir), "--prune"])
    err = capsys.readouterr().err
    assert code == 1
    assert "拒绝清理" in err and "--force" in err and "50%" in err and "Traceback" not in err
    assert articles(index_dir) == before and ledger(index_dir) == statements_before
    assert main(["index", str(archive), "--index", str(index_dir), "--prune", "--force"]) == 0
    assert "已移除 3 个" in capsys.readouterr().err
    with pytest.raises(IndexEmpty):
        articles(index_dir)


def test_prune_on_a_missing_root_keeps_every_article(indexed, capsys):
    archive, index_dir = indexed
    before = articles(index_dir)
    shutil.rmtree(archive)
    code = main(["index", str(archive), "--index", str(index_dir), "--prune", "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and "未清理" in err and "不存在" in err
    assert '"pruned": 0' in out
    assert articles(index_dir) == before


def test_prune_within_the_share_still_removes(indexed):
    archive, index_dir = indexed
    (archive / "002_b5b07f49676836a0.txt").unlink()
    summary = run([str(archive)], open_store(index_dir), Options(prune=True))
    assert summary.pruned == 1 and summary.prune_refused == []


def test_prune_reindexes_a_duplicate_whose_original_went(indexed):
    archive, index_dir = indexed
    original = archive / "003_ee7b7c9e98106eac.txt"
    shutil.copy(original, archive / "copy.txt")
    assert [
        Path(d["path"]).name for d in run([str(archive)], open_store(index_dir), Options()).duplicates
    ] == ["copy.txt"]
    original.unlink()
    summary = run([str(archive)], open_store(index_dir), Options(prune=True))
    assert summary.pruned == 1 and summary.new == 1
    assert search(open_store(index_dir), SearchRequest(query="王建鹏到第九网格督导创城工作"))["total"] == 1


@pytest.mark.parametrize("harm", ["damaged", "missing"])
def test_rebuild_with_a_bad_catalog_leaves_the_old_index_serving(indexed, capsys, harm):
    _, index_dir = indexed
    before = articles(index_dir)
    total = search(open_store(index_dir), SearchRequest(query="创城"))["total"]
    if harm == "damaged":
        damage_catalog(index_dir)
    else:
        (index_dir / "catalog.sqlite").unlink()
    code = main(["index", "--rebuild", "--index", str(index_dir)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert ("目录库已损坏" if harm == "damaged" else "目录库缺失") in err and "--rebuild 文档目录" in err
    assert articles(index_dir) == before
    assert search(open_store(index_dir), SearchRequest(query="创城"))["total"] == total
    assert not any(p.name.endswith(".rebuilding") for p in index_dir.parent.iterdir())
    with pytest.raises(CatalogDamaged if harm == "damaged" else CatalogMissing):
        statements(open_store(index_dir), LedgerRequest())
    assert main(["statements", "--index", str(index_dir)]) == 1
    assert "目录库" in capsys.readouterr().err


@pytest.mark.parametrize("harm", ["damaged", "missing"])
def test_rebuild_from_the_sources_restores_every_article_and_statement(indexed, capsys, harm):
    archive, index_dir = indexed
    before, statements_before = articles(index_dir), ledger(index_dir)
    assert statements_before
    if harm == "damaged":
        damage_catalog(index_dir)
    else:
        (index_dir / "catalog.sqlite").unlink()
    assert main(["index", str(archive), "--index", str(index_dir)]) == 1  # named, nothing written
    assert "目录库" in capsys.readouterr().err
    assert main(["index", "--rebuild", str(archive), "--index", str(index_dir)]) == 0
    assert "从源文件重建目录库和索引" in capsys.readouterr().err
    assert articles(index_dir) == before and ledger(index_dir) == statements_before
    assert open_store(index_dir).replaced.is_dir()  # the old folder, kept until the next rebuild


def test_rebuild_from_sources_that_are_gone_is_refused(indexed, capsys):
    archive, index_dir = indexed
    before = articles(index_dir)
    damage_catalog(index_dir)
    for path in archive.iterdir():
        path.unlink()
    assert main(["index", "--rebuild", str(archive), "--index", str(index_dir)]) == 1
    assert "拒绝重建" in capsys.readouterr().err
    assert articles(index_dir) == before


def test_rebuild_from_the_catalog_swaps_in_a_whole_index_that_open_readers_see(indexed):
    archive, index_dir = indexed
    before, statements_before = articles(index_dir), ledger(index_dir)
    total = search(open_store(index_dir), SearchRequest(query="孙爱军"))[
        "total"
    ]  # a cached searcher, held open
    shutil.rmtree(archive)  # the catalog alone is enough
    summary = rebuild([], open_store(index_dir), Options())
    assert (summary.rebuilt, summary.rebuilt_from) == (len(before), "catalog")
    assert articles(index_dir) == before and ledger(index_dir) == statements_before
    assert search(open_store(index_dir), SearchRequest(query="孙爱军"))["total"] == total
    summary = rebuild([], open_store(index_dir), Options())  # again: the previous replaced folder goes
    assert summary.rebuilt == len(before)


@pytest.mark.parametrize("harm", ["truncated TOC", "lost segment"])
def test_a_damaged_index_is_named_and_a_rebuild_restores_every_article_and_statement(indexed, capsys, harm):
    _, index_dir = indexed
    before, statements_before = articles(index_dir), ledger(index_dir)
    if harm == "lost segment":
        for segment in index_dir.glob("*.seg"):
            segment.unlink()
    else:
        toc = max(index_dir.glob("*.toc"))
        toc.write_bytes(toc.read_bytes()[:40])
    with pytest.raises(IndexDamaged, match="--rebuild"):
        open_for_search(open_store(index_dir))
    assert main(["search", "创城", "--index", str(index_dir)]) == 1
    err = capsys.readouterr().err
    assert "索引无法打开" in err and "--rebuild" in err and "Traceback" not in err
    assert main(["index", "--rebuild", "--index", str(index_dir)]) == 0
    assert articles(index_dir) == before and ledger(index_dir) == statements_before


def test_an_empty_index_answers_nothing_with_the_command_that_fills_it(tmp_path, capsys):
    index_dir = tmp_path / "index"
    assert main(["search", "创城", "--index", str(index_dir)]) == 0  # a fresh install: nothing there yet
    assert "索引中还没有文章" in capsys.readouterr().err
    run([], open_store(index_dir), Options())
    open_store(index_dir).writer(wait_seconds=30.0).close()
    assert main(["search", "创城", "--index", str(index_dir)]) == 0
    captured = capsys.readouterr()
    assert "共 0 条结果" in captured.out
    assert "索引中还没有文章" in captured.err and "jianbao index 文档目录" in captured.err
    assert "Traceback" not in captured.err


def test_a_file_that_vanished_is_its_own_failure(indexed, capsys):
    archive, index_dir = indexed
    (archive / "new.txt").write_text("关于创城工作的简报", encoding="utf-8")
    from indexer.run.batch import Summary, plan
    from indexer.store import pipeline_version

    summary = Summary()
    gone = archive / "000_057921357f995ae2.txt"
    with open_store(index_dir).catalog(writing=True) as catalog:
        gone.unlink()
        listed = sorted(map(str, archive.iterdir())) + [str(gone)]
        todo = plan(listed, catalog, True, summary, pipeline_version.current().version).read
    assert [Path(p).name for p in todo] == ["new.txt"]
    assert [Path(f["path"]).name for f in summary.failed] == ["000_057921357f995ae2.txt"]
    assert "删除" in summary.failed[0]["reason"]


def test_nothing_is_pruned_under_a_folder_that_could_not_be_listed(tmp_path):
    from indexer.run import prune

    root = tmp_path / "archive"
    (root / "locked").mkdir(parents=True)
    kept = [root / f"{n}.txt" for n in range(4)]
    for path in kept:
        path.write_text("x", encoding="utf-8")
    with open_store(tmp_path / "index").catalog(writing=True) as catalog:
        for path in [*kept, root / "gone.txt", root / "locked" / "a.txt", root / "locked" / "b.txt"]:
            catalog.record_failed({"path": str(path)}, "x")
        listing = prune.listing_of(str(root), root)
        listing.unreadable.append(str(root / "locked"))  # as os.walk reports a folder it cannot open
        planned = prune.plan([listing], catalog)
        assert planned.gone == [str(root / "gone.txt")] and planned.refused == []
        unreadable = prune.RootListing(str(root), str(root), "unreadable", "无法列出")
        refused = prune.plan([unreadable], catalog, force=True)
        assert refused.gone == [] and "未清理" in refused.refused[0]["reason"]
