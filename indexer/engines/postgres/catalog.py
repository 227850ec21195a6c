"""The catalog in PostgreSQL, in the same database as the postgres engine's articles.

Same public methods as the SQLite ``Catalog``, so the batch writer and the ledger use
either. In the thread that holds a writer on the database, the catalog joins the
writer's connection: a batch's articles, sources and statements commit together or
not at all. Anywhere else it opens a connection of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

from indexer.engines import postgres as pg
from indexer.engines.base import IndexUnavailable
from indexer.faults import CatalogMissing, index_empty
from indexer.store.catalog import INDEXES, ROW_COLUMNS, TABLES, Catalog, declaration, schema

# The catalog's column kinds (indexer.store.catalog.Column) as PostgreSQL declares them.
POSTGRES_TYPES = {
    "text": "text",
    "ordered_text": 'text COLLATE "C"',  # ranges compare by code point, as in SQLite
    "int": "integer",
    "bigint": "bigint",
    "real": "double precision",
    "blob": "bytea",
}

# SQL written for SQLite's JSON functions runs here too: these read JSON text as SQLite's json_each and
# json_extract do (json_extract for '$.key' paths, the only kind it writes).
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
            fresh = not pg.has_index(conn)
            conn.close()
            if fresh:  # nothing was ever indexed into this database
                raise index_empty(pg.shown(dsn))
            raise CatalogMissing(
                f"数据库中没有目录库：{pg.shown(dsn)}（先运行 jianbao index --engine postgres --dsn …）"
            )
        self.readonly = self._owned  # only the writer's own thread writes, on the writer's connection

    def close(self) -> None:
        if self._owned:
            pg.release_reading_connection(self.dsn, self.db.conn)

    def _begin(self) -> None:
        """psycopg opens a transaction before the first statement: a savepoint is always inside one."""

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

    def has_table(self, name: str) -> bool:
        row = self.db.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()
        return bool(row and row[0])

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
    """Called under the writer's lock: tables, columns and functions added by later releases are made in
    place. Only what is missing is altered: an ALTER takes a lock that readers would wait on until the
    writer's transaction ends."""
    present = _present_columns(conn)
    for table, columns in TABLES.items():  # first: the schema's indexes may be on a column added since
        for column in columns:
            if present.get(table) and column.name not in present[table]:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {declaration(column, POSTGRES_TYPES)}")
    if any(table not in present for table in TABLES) or not _present_indexes(conn) >= set(INDEXES):
        conn.execute(schema(POSTGRES_TYPES))
    if not _has_function(conn, "json_extract"):
        conn.execute(FUNCTIONS)


def _present_columns(conn: psycopg.Connection) -> dict[str, set[str]]:
    rows = conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ANY(%s)",
        (list(TABLES),),
    ).fetchall()
    present: dict[str, set[str]] = {}
    for table, column in rows:
        present.setdefault(table, set()).add(column)
    return present


def _present_indexes(conn: psycopg.Connection) -> set[str]:
    rows = conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()").fetchall()
    return {row[0] for row in rows}


def _has_function(conn: psycopg.Connection, name: str) -> bool:
    row = conn.execute("SELECT to_regproc(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])
