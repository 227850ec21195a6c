"""The catalog in PostgreSQL, in the same database as the postgres engine's articles.

Same public methods as the SQLite ``Catalog``, so the batch writer and the ledger use
either. In the thread that holds a writer on the database, the catalog joins the
writer's connection: a batch's articles, sources and statements commit together or
not at all. Anywhere else it opens a connection of its own.

The index lock becomes a session-level advisory lock: held by a connection, released
when it closes, also when the process holding it is killed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

from indexer.engines import postgres as pg
from indexer.engines.base import IndexUnavailable
from indexer.faults import CatalogMissing
from indexer.store.catalog import ROW_COLUMNS, Catalog
from indexer.store.lock import IndexBusy

LOCK_KEY = 0x6A69616E62616F  # "jianbao": one advisory lock per database

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    path text PRIMARY KEY,
    sha256 text,
    size bigint,
    mtime double precision,
    format text,
    pages integer,
    ocr integer DEFAULT 0,
    ocr_skipped text DEFAULT '[]',
    status text NOT NULL,          -- indexed | failed | duplicate
    error text,
    duplicate_of text,
    article_ids text DEFAULT '[]',
    records bytea,
    updated_at text,
    ctime_ns bigint,               -- with size, mtime and inode: the file as it was when it was read
    inode bigint,
    pipeline text,                 -- the pipeline version that made the records
    extracted bytea                -- the extracted pages, to re-parse without extracting again
);
CREATE TABLE IF NOT EXISTS pipelines (
    version text PRIMARY KEY,
    manifest text NOT NULL         -- JSON: code version and the hash of each data file
);
CREATE INDEX IF NOT EXISTS sources_sha ON sources (sha256);
CREATE INDEX IF NOT EXISTS sources_duplicate_of ON sources (duplicate_of);
CREATE TABLE IF NOT EXISTS statements (
    article_id text NOT NULL,
    source_path text NOT NULL,
    seq integer NOT NULL,
    type text NOT NULL,
    speaker text,
    unit text,
    units text,                    -- JSON: the article's units with ancestors, for hierarchical filters
    text text NOT NULL,
    targets text,
    date text COLLATE "C",
    title text
);
CREATE INDEX IF NOT EXISTS statements_source ON statements (source_path);
CREATE INDEX IF NOT EXISTS statements_date ON statements (date);
CREATE TABLE IF NOT EXISTS editions (path text PRIMARY KEY, key text NOT NULL);
CREATE INDEX IF NOT EXISTS editions_key ON editions (key);
"""

# The catalog's ledger query (Catalog.statements_matching, DUE_SQL) is SQLite's: these read JSON text as
# SQLite's json_each and json_extract do (json_extract for '$.key' paths, the only kind it writes).
FUNCTIONS = """
CREATE OR REPLACE FUNCTION json_each(doc text) RETURNS TABLE (value text)
    LANGUAGE sql IMMUTABLE AS $$ SELECT json_array_elements_text(doc::json) $$;
CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT doc::json #>> string_to_array(substr(path, 3), '.') $$;
"""


class Row:
    """A row read by name or by position, iterated and unpacked by value, as sqlite3.Row is."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: Sequence[str], values: Sequence[Any]):
        self._names = {name: i for i, name in enumerate(names)}
        self._values = tuple(values)

    def __getitem__(self, key):
        return self._values[key] if isinstance(key, int | slice) else self._values[self._names[key]]

    def keys(self) -> list[str]:
        return list(self._names)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _row_factory(cursor: psycopg.Cursor):
    names = [c.name for c in cursor.description or ()]
    return lambda values: Row(names, values)


class _Result:
    def __init__(self, cursor: psycopg.Cursor[Any]):
        self.cursor = cursor

    def fetchone(self) -> Any:
        return self.cursor.fetchone() if self.cursor.description else None

    def fetchall(self) -> list[Any]:
        return self.cursor.fetchall() if self.cursor.description else []

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class Database:
    """The few sqlite3 connection methods callers use, over psycopg: ``?`` placeholders, rows by name."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Result:
        cursor = self.conn.cursor(row_factory=_row_factory)
        cursor.execute(self._sql(sql), tuple(params))
        return _Result(cursor)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(self._sql(sql), [tuple(r) for r in rows])

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()


class PgCatalog(Catalog):
    ORDER_BY_PATH = ' ORDER BY path COLLATE "C"'  # by code point, as the SQLite catalog orders
    _row_columns = ", ".join(ROW_COLUMNS)  # its schema has had every column from the start

    def __init__(self, dsn: str):
        self.dsn = dsn
        self.path = pg.shown(dsn)  # type: ignore[assignment]  # where the catalog is, for messages
        shared = pg.writer_connection(dsn)
        self._owned = shared is None
        conn = shared if shared is not None else pg.reading_connection(dsn)
        self.db = Database(conn)
        if not self._owned:
            create_schema(conn)  # under the writer's lock
        elif not _has_catalog(conn):
            conn.close()
            raise CatalogMissing(
                f"数据库中没有目录库：{pg.shown(dsn)}（先运行 jianbao index --engine postgres --dsn …）"
            )
        self.readonly = self._owned  # only the writer's own thread writes, on the writer's connection

    def close(self) -> None:
        if self._owned:
            pg.release_reading_connection(self.dsn, self.db.conn)

    def verify(self) -> None:
        """PostgreSQL checks its own pages (checksums, WAL); a catalog that answers is whole."""
        if not _has_catalog(self.db.conn):
            raise IndexUnavailable(f"数据库中没有目录库：{pg.shown(self.dsn)}")

    def stamp(self) -> float | str:
        """Changes whenever the database does (its WAL position; a replica's, replayed): a cache key."""
        row = self.db.execute(
            "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END"
        ).fetchone()
        return str(row[0])

    def duplicates_of(self, paths: list[str]) -> list[str]:
        rows = self.db.execute(
            "SELECT path FROM sources WHERE status = 'duplicate' AND duplicate_of = ANY(?)", (list(paths),)
        )
        return [row["path"] for row in rows]


def _has_catalog(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT to_regclass('sources') IS NOT NULL AND to_regclass('statements') IS NOT NULL"
    ).fetchone()
    return bool(row and row[0])


def create_schema(conn: psycopg.Connection) -> None:
    """Called under the writer's lock: tables added by later releases and the functions are made in place."""
    if not _has_catalog(conn) or not _has_table(conn, "editions"):
        conn.execute(SCHEMA)
    if not _has_function(conn, "json_extract"):
        conn.execute(FUNCTIONS)


def _has_table(conn: psycopg.Connection, name: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


def _has_function(conn: psycopg.Connection, name: str) -> bool:
    row = conn.execute("SELECT to_regproc(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


# -- the index lock ---------------------------------------------------------------------------------------------------


class AdvisoryLock:
    """The index lock on a database: a session-level advisory lock on the writer's connection."""

    def __init__(self, dsn: str):
        self.dsn = dsn
        self.conn: psycopg.Connection | None = None

    def acquire(self, wait_seconds: float) -> psycopg.Connection:
        conn = pg.open_writer_connection(self.dsn)
        standby = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        if standby and standby[0]:
            pg.close_writer_connection(self.dsn, conn)
            raise IndexUnavailable(
                f"数据库 {pg.shown(self.dsn)} 是只读的流复制副本：索引须写入主库，副本只用于检索（jianbao serve --dsn）"
            )
        deadline = time.monotonic() + max(wait_seconds, 0)
        while True:
            got = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
            conn.commit()  # the lock is the session's: no transaction stays open while waiting
            if got and got[0]:
                self.conn = conn
                return conn
            if time.monotonic() >= deadline:
                holder = self.holder(conn)
                pg.close_writer_connection(self.dsn, conn)
                raise IndexBusy(
                    f"索引正被另一写入进程占用（{holder}），已等待 {wait_seconds:g} 秒；请稍后再试"
                )
            time.sleep(0.2)

    @staticmethod
    def holder(conn: psycopg.Connection) -> str:
        row = conn.execute(
            "SELECT a.pid, a.client_addr, a.application_name, a.backend_start FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.objid = %s LIMIT 1",
            (LOCK_KEY & 0xFFFFFFFF,),
        ).fetchone()
        conn.commit()
        if not row:
            return "未知进程"
        pid, addr, _, since = row
        return f"数据库会话 {pid}@{addr or 'local'}，自 {since:%Y-%m-%dT%H:%M:%S} 起"

    def release(self) -> None:
        if self.conn is not None:
            pg.close_writer_connection(self.dsn, self.conn)  # closing the session releases the lock
            self.conn = None
