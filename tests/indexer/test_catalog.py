import ast
import re

from indexer.engines import open_store
from indexer.store.catalog import Catalog


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


def test_a_catalog_older_than_the_later_columns_is_read_as_it_is(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    source = {"path": "/a.txt", "sha256": "f" * 64, "size": 3, "mtime": 1.0, "format": "txt", "pages": 1}
    catalog.record_indexed(source, [_record("/a.txt", "x-0-0")], pipeline="v1")
    catalog.commit()
    for column in ("ctime_ns", "inode", "pipeline", "extracted"):  # as a catalog made before them
        catalog.db.execute(f"ALTER TABLE sources DROP COLUMN {column}")
    catalog.commit()
    catalog.close()
    reader = Catalog(tmp_path / "catalog.sqlite", readonly=True)  # read-only: nothing adds them
    row = reader.source("/a.txt")
    assert row.article_ids == ["x-0-0"] and row.pipeline is None and row.inode is None
    assert [r.path for r in reader.sources()] == ["/a.txt"]
    reader.close()
    writer = Catalog(tmp_path / "catalog.sqlite")  # opening to write adds the columns back
    assert writer.source("/a.txt").status == "indexed"
    writer.close()


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

    catalog = open_store(tmp_path).catalog(writing=True)
    assert catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert catalog.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    catalog.close()
    reader = open_store(tmp_path).catalog()
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


def test_editions_versions_and_paths_are_answered_by_the_catalog(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    for path, fmt in (("/a.txt", "txt"), ("/a.pdf", "pdf")):
        catalog.record_indexed({"path": path, "format": fmt}, [_record(path, f"{path}-0")])
    catalog.remember_edition("/a.txt", "key")
    assert catalog.edition_holders("key", other_than="/a.pdf", format="pdf") == ["/a.txt"]
    assert catalog.edition_holders("key", other_than="/a.pdf", format="txt") == []  # one format: two files
    catalog.remember_edition("/a.txt", None)
    assert catalog.edition_holders("key", other_than="/a.pdf", format="pdf") == []
    catalog.record_duplicate({"path": "/a.pdf", "format": "pdf"}, "/a.txt")
    assert catalog.versions_of(["/a.txt"]) == {"/a.txt": [{"path": "/a.pdf", "format": "pdf"}]}
    assert sorted(catalog.paths()) == ["/a.pdf", "/a.txt"]


def test_the_ledger_query_is_the_catalogs(tmp_path):
    from indexer.store.catalog import StatementQuery

    catalog = Catalog(tmp_path / "catalog.sqlite")
    record = _record("/a.txt", "x-0-0")
    record["statements"][0]["targets"][0]["due"] = "2020-12-31"
    catalog.record_indexed({"path": "/a.txt"}, [record])
    assert catalog.statement_units() == ["聊城市住房和城乡建设局"]
    passed = StatementQuery(words=("棚户区",), due="passed", today="2021-01-01", type="commitment")
    (row,) = catalog.statements_matching(passed)
    assert row["due"] == "2020-12-31" and row["targets"][0]["deadline"] == "2020" and row["seq"] == 0
    assert catalog.count_statements(StatementQuery(due="open", today="2021-01-01")) == 0
    assert catalog.count_statements(StatementQuery(words=("100%",))) == 0  # % is a letter, not a wildcard
    assert catalog.count_statements(StatementQuery(units=())) == 0
    assert catalog.count_statements(StatementQuery(type="commitment", nothing=True)) == 0


# Modules that may run SQL on the catalog: the catalog itself. The postgres engine runs its own SQL on
# its own table (articles), never on the catalog's; faults and the app map sqlite3's errors to named ones.
CATALOG_MODULES = {"indexer/store/catalog.py", "indexer/engines/postgres/catalog.py"}
OWN_SQL = {"indexer/engines/postgres/__init__.py", "indexer/engines/postgres/lock.py"}
MAPS_SQLITE_ERRORS = {"indexer/faults.py", "search_app/web/app.py"}
CATALOG_TABLE_SQL = re.compile(
    r"\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\s+(?:sources|statements|editions|pipelines)\b"
)


def catalog_sql_in(source: str, module: str) -> list[str]:
    """What in a module's source runs SQL on the catalog outside the catalog (empty: nothing)."""
    if module in CATALOG_MODULES:
        return []
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "db":
            found.append(f"line {node.lineno}: .db")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("execute", "executemany", "executescript")
            and module not in OWN_SQL
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}(")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CATALOG_TABLE_SQL.search(node.value)
        ):
            found.append(f"line {node.lineno}: SQL on a catalog table")
        elif isinstance(node, ast.Import | ast.ImportFrom) and module not in MAPS_SQLITE_ERRORS:
            names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            if "sqlite3" in names:
                found.append(f"line {node.lineno}: import sqlite3")
    return found


def test_nothing_outside_the_catalog_runs_sql_on_it():
    from tests.conftest import REPO

    offenders = {}
    for folder in ("indexer", "search_app", "jianbao"):
        for path in (REPO / folder).rglob("*.py"):
            module = path.relative_to(REPO).as_posix()
            found = catalog_sql_in(path.read_text(encoding="utf-8"), module)
            if found:
                offenders[module] = found
    assert offenders == {}


def test_the_sql_check_sees_each_way_back():
    module = "search_app/somewhere.py"
    assert sorted(catalog_sql_in('rows = catalog.db.execute("SELECT path FROM sources")', module)) == [
        "line 1: .db",
        "line 1: .execute(",
        "line 1: SQL on a catalog table",
    ]
    assert catalog_sql_in('sql = f"DELETE FROM editions WHERE path = {p}"', module) != []
    assert catalog_sql_in("import sqlite3", module) == ["line 1: import sqlite3"]
    assert catalog_sql_in("from sqlite3 import connect", "indexer/run/rebuild.py") != []
    assert (
        catalog_sql_in('conn.execute("SELECT 1 FROM articles")', "indexer/engines/postgres/__init__.py") == []
    )
    assert (
        catalog_sql_in('conn.execute("SELECT * FROM statements")', "indexer/engines/postgres/__init__.py")
        != []
    )
    assert catalog_sql_in("self.db.execute('SELECT * FROM sources')", "indexer/store/catalog.py") == []
