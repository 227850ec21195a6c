"""The catalog: every source file the indexer has seen, and what became of it.

SQLite from the standard library, beside the index. It also keeps each source's
article records, so that a damaged index can be rebuilt without re-reading
(or re-OCRing) the sources, and the statements for the auditors' ledger.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indexer.location import is_dsn

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    sha256 TEXT,
    size INTEGER,
    mtime REAL,
    format TEXT,
    pages INTEGER,
    ocr INTEGER DEFAULT 0,
    ocr_skipped TEXT DEFAULT '[]',
    status TEXT NOT NULL,          -- indexed | failed | duplicate
    error TEXT,
    duplicate_of TEXT,
    article_ids TEXT DEFAULT '[]',
    records BLOB,
    updated_at TEXT
);
CREATE INDEX IF NOT EXISTS sources_sha ON sources(sha256);
CREATE TABLE IF NOT EXISTS statements (
    article_id TEXT NOT NULL,
    source_path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    speaker TEXT,
    unit TEXT,
    units TEXT,                    -- JSON: the article's units with ancestors, for hierarchical filters
    text TEXT NOT NULL,
    targets TEXT,
    date TEXT,
    title TEXT
);
CREATE INDEX IF NOT EXISTS statements_source ON statements(source_path);
CREATE INDEX IF NOT EXISTS statements_date ON statements(date);
"""


@dataclass
class SourceRow:
    path: str
    sha256: str | None
    size: int | None
    mtime: float | None
    format: str | None
    pages: int | None
    ocr: bool
    ocr_skipped: list[int]
    status: str
    error: str | None
    duplicate_of: str | None
    article_ids: list[str]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Catalog:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    @classmethod
    def beside(cls, index_dir: Path) -> Catalog:
        if is_dsn(index_dir):  # the postgres engine keeps the catalog in its database
            from indexer.pg_catalog import PgCatalog

            return PgCatalog(str(index_dir))  # type: ignore[return-value]
        return cls(Path(index_dir) / "catalog.sqlite")

    def close(self) -> None:
        self.db.close()

    def source(self, path: str) -> SourceRow | None:
        row = self.db.execute("SELECT * FROM sources WHERE path = ?", (path,)).fetchone()
        return _source_row(row) if row else None

    def sources(self, status: str | None = None) -> list[SourceRow]:
        sql, args = "SELECT * FROM sources", ()
        if status:
            sql, args = sql + " WHERE status = ?", (status,)
        return [_source_row(row) for row in self.db.execute(sql + " ORDER BY path", args)]

    def indexed_path_with_sha(self, sha256: str, other_than: str) -> str | None:
        row = self.db.execute(
            "SELECT path FROM sources WHERE sha256 = ? AND status = 'indexed' AND path != ? ORDER BY path LIMIT 1",
            (sha256, other_than),
        ).fetchone()
        return row["path"] if row else None

    def touch(self, path: str, size: int, mtime: float) -> None:
        self.db.execute("UPDATE sources SET size = ?, mtime = ? WHERE path = ?", (size, mtime, path))

    def record_indexed(self, source: dict, records: list[dict]) -> None:
        self._upsert(
            source,
            status="indexed",
            article_ids=[r["id"] for r in records],
            records=zlib.compress(json.dumps(records, ensure_ascii=False).encode("utf-8")),
        )
        self._replace_statements(source["path"], records)

    def record_failed(self, source: dict, error: str) -> None:
        self._upsert(source, status="failed", error=error)
        self._replace_statements(source["path"], [])

    def record_duplicate(self, source: dict, duplicate_of: str) -> None:
        self._upsert(source, status="duplicate", duplicate_of=duplicate_of)
        self._replace_statements(source["path"], [])

    def forget(self, path: str) -> None:
        self.db.execute("DELETE FROM sources WHERE path = ?", (path,))
        self._replace_statements(path, [])

    def records(self, path: str) -> list[dict]:
        row = self.db.execute("SELECT records FROM sources WHERE path = ?", (path,)).fetchone()
        if not row or row["records"] is None:
            return []
        return json.loads(zlib.decompress(row["records"]).decode("utf-8"))

    def commit(self) -> None:
        self.db.commit()

    def _upsert(
        self,
        source: dict,
        *,
        status: str,
        error: str | None = None,
        duplicate_of: str | None = None,
        article_ids: list[str] | None = None,
        records: bytes | None = None,
    ) -> None:
        self.db.execute(
            """INSERT OR REPLACE INTO sources
               (path, sha256, size, mtime, format, pages, ocr, ocr_skipped, status, error, duplicate_of,
                article_ids, records, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                source["path"],
                source.get("sha256"),
                source.get("size"),
                source.get("mtime"),
                source.get("format"),
                source.get("pages"),
                int(bool(source.get("ocr"))),
                json.dumps(source.get("ocr_skipped", [])),
                status,
                error,
                duplicate_of,
                json.dumps(article_ids or []),
                records,
                _now(),
            ),
        )

    def _replace_statements(self, path: str, records: list[dict]) -> None:
        self.db.execute("DELETE FROM statements WHERE source_path = ?", (path,))
        rows = [
            (
                record["id"],
                path,
                seq,
                s["type"],
                s.get("speaker"),
                s.get("unit"),
                json.dumps(record.get("unit_tree", []), ensure_ascii=False),
                s["text"],
                json.dumps(s.get("targets", []), ensure_ascii=False),
                record.get("date"),
                record["title"],
            )
            for record in records
            for seq, s in enumerate(record.get("statements", []))
        ]
        self.db.executemany("INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _source_row(row: sqlite3.Row) -> SourceRow:
    return SourceRow(
        path=row["path"],
        sha256=row["sha256"],
        size=row["size"],
        mtime=row["mtime"],
        format=row["format"],
        pages=row["pages"],
        ocr=bool(row["ocr"]),
        ocr_skipped=json.loads(row["ocr_skipped"] or "[]"),
        status=row["status"],
        error=row["error"],
        duplicate_of=row["duplicate_of"],
        article_ids=json.loads(row["article_ids"] or "[]"),
    )
