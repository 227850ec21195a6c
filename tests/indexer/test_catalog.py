from indexer.catalog import Catalog


def _record(path, article_id):
    return {
        "id": article_id,
        "title": "标题",
        "date": "2021-05-08",
        "unit_tree": ["聊城市", "东昌府区"],
        "statements": [
            {
                "type": "commitment",
                "speaker": "郭新华",
                "unit": "聊城市住房和城乡建设局",
                "text": "力争到2020年全面消除规划区内的棚户区",
                "targets": [{"number": None, "measure": None, "deadline": "2020"}],
            }
        ],
    }


def test_indexed_source_keeps_records_and_statements(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    source = {"path": "/a.txt", "sha256": "f" * 64, "size": 3, "mtime": 1.0, "format": "txt", "pages": 1}
    catalog.record_indexed(source, [_record("/a.txt", "x-0-0")])
    catalog.commit()
    row = catalog.source("/a.txt")
    assert row.status == "indexed" and row.article_ids == ["x-0-0"]
    assert catalog.records("/a.txt")[0]["id"] == "x-0-0"
    assert catalog.db.execute("SELECT count(*) FROM statements").fetchone()[0] == 1
    assert catalog.indexed_path_with_sha("f" * 64, other_than="/b.txt") == "/a.txt"


def test_failed_and_forgotten_sources_leave_no_statements(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    source = {"path": "/a.txt", "sha256": "f" * 64, "size": 3, "mtime": 1.0}
    catalog.record_indexed(source, [_record("/a.txt", "x-0-0")])
    catalog.record_failed({"path": "/a.txt"}, "坏文件")
    assert catalog.source("/a.txt").error == "坏文件"
    assert catalog.db.execute("SELECT count(*) FROM statements").fetchone()[0] == 0
    catalog.forget("/a.txt")
    assert catalog.source("/a.txt") is None


def test_writer_runs_wal_with_full_sync_and_readers_cannot_write(tmp_path):
    import pytest

    from indexer.faults import IndexReadOnly

    catalog = Catalog.for_writing(tmp_path)
    assert catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert catalog.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    catalog.close()
    reader = Catalog.beside(tmp_path)
    with pytest.raises(IndexReadOnly):
        reader.db.execute("DELETE FROM sources")
    reader.close()


def test_a_damaged_page_fails_the_check_on_open_by_name(tmp_path):
    import pytest

    from indexer.faults import CatalogDamaged

    catalog = Catalog(tmp_path / "catalog.sqlite")
    for n in range(400):
        source = {"path": f"/{n}.txt", "sha256": f"{n:064d}", "size": n, "mtime": 1.0}
        catalog.record_indexed(source, [_record(f"/{n}.txt", f"x-{n}-0")])
    catalog.commit()
    catalog.close()
    with open(tmp_path / "catalog.sqlite", "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\x0d\xff\xff" * 1000)  # a b-tree page, overwritten
    with pytest.raises(CatalogDamaged, match="目录库已损坏"):
        Catalog(tmp_path / "catalog.sqlite")
