"""The catalog: every source file the indexer has seen, and what became of it.

SQLite from the standard library, beside the index. It also keeps each source's
article records, so that a damaged index can be rebuilt without re-reading
(or re-OCRing) the sources, each source's extracted pages, so that a new pipeline
version re-parses without extracting again, the statements for the auditors' ledger,
and which edition each source holds (``indexer.store.versions``).

Every SQL statement on the catalog is a method here, named for what it answers: the
rest of the code never sees a connection. ``PgCatalog`` (``indexer.engines.postgres.catalog``) runs
the same methods on PostgreSQL, overriding only the few of another dialect.

Durability: WAL mode with ``synchronous=FULL`` (a commit that returned survives a power
cut), and the writer runs ``PRAGMA quick_check`` when it opens and folds the WAL into the main file
(``wal_checkpoint(TRUNCATE)``) when it closes. Readers open read-only and check only that the file is a
catalog; reading needs neither a writable folder nor free space (``Catalog._open_for_reading``). Any
SQLite error that means damage, a full disk or a read-only file reaches callers as one
of the named faults of ``indexer.faults``, wherever it happens.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
import urllib.parse
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from indexer.faults import (
    CatalogDamaged,
    IndexUnavailable,
    catalog_damaged,
    catalog_missing,
    from_sqlite_error,
)
from indexer.lang.text import storable
from indexer.records import (
    ArticleRecord,
    FileStat,
    FileVersion,
    FollowUpRow,
    SourceInfo,
    StatementRecord,
    StatementRow,
)

CATALOG_NAME = "catalog.sqlite"


@dataclass(frozen=True)
class Column:
    """One column of a catalog table, in the dialect-neutral terms both schemas are made from."""

    name: str
    kind: str  # a key of SQLITE_TYPES (and of every other dialect's map)
    constraint: str = ""  # PRIMARY KEY, NOT NULL, DEFAULT …: the same words in both dialects


# Column kinds as SQLite declares them; a catalog in another database gives its own map
# (``indexer.engines.postgres.catalog``). ``ordered_text``: text a range is asked of, compared by code point.
SQLITE_TYPES = {
    "text": "TEXT",
    "ordered_text": "TEXT",
    "int": "INTEGER",
    "bigint": "INTEGER",
    "real": "REAL",
    "blob": "BLOB",
}

SOURCE_COLUMNS = (
    Column("path", "text", "PRIMARY KEY"),
    Column("sha256", "text"),
    Column("size", "bigint"),
    Column("mtime", "real"),
    Column("format", "text"),
    Column("pages", "int"),
    Column("ocr", "int", "DEFAULT 0"),
    Column("ocr_skipped", "text", "DEFAULT '[]'"),
    Column("status", "text", "NOT NULL"),  # indexed | failed | duplicate
    Column("error", "text"),
    Column("duplicate_of", "text"),
    Column("article_ids", "text", "DEFAULT '[]'"),
    Column("records", "blob"),
    Column("updated_at", "text"),
    # added after the first release (an older SQLite catalog gets them in place when opened for writing):
    Column("ctime_ns", "bigint"),  # with size, mtime and inode: the file as it was when it was read
    Column("inode", "bigint"),
    Column("pipeline", "text"),  # the pipeline version that made the records
    Column("extracted", "blob"),  # the extracted pages, to re-parse without extracting (or OCR) again
    Column("marking", "text"),  # its protective marking (indexer.parse.marking): public, internal, 秘密 …
    Column(
        "access", "text"
    ),  # who may see it: the token of indexer.access, as its records and articles carry
)
STATEMENT_COLUMNS = (
    Column("article_id", "text", "NOT NULL"),
    Column("source_path", "text", "NOT NULL"),
    Column("seq", "int", "NOT NULL"),
    Column("type", "text", "NOT NULL"),
    Column("speaker", "text"),
    Column("unit", "text"),
    Column("units", "text"),  # JSON: the article's units with ancestors, for hierarchical filters
    Column("text", "text", "NOT NULL"),
    Column("targets", "text"),
    Column("date", "ordered_text"),
    Column("title", "text"),
    Column("access", "text"),  # its article's access token (indexer.access): the ledger filters on it
    # stored with the statement, so that a page of the ledger reads no article records:
    Column("due", "ordered_text"),  # the earliest due date of its targets (NULL: no deadline)
    Column("addressees", "text"),  # JSON list
    Column("issue", "text"),  # JSON: its article's issue (IssueRef)
    Column("page", "int"),  # its article's page in the original
)
# Every article with its date and token: which sources hold articles later than a new commitment.
ARTICLE_COLUMNS = (
    Column("id", "text", "NOT NULL"),
    Column("source_path", "text", "NOT NULL"),
    Column("date", "ordered_text"),
    Column("access", "text"),
)
# The ledger's follow-ups (indexer.follow_ups): a commitment (article_id, seq of its source_path) and a
# later article reporting on it, found when either was indexed; ``access`` is the later article's token.
FOLLOW_UP_COLUMNS = (
    Column("article_id", "text", "NOT NULL"),
    Column("seq", "int", "NOT NULL"),
    Column("source_path", "text", "NOT NULL"),
    Column("follow_id", "text", "NOT NULL"),
    Column("follow_path", "text", "NOT NULL"),
    Column("follow_date", "ordered_text"),
    Column("follow_title", "text"),
    Column("access", "text"),
    Column("target", "text"),
    Column("matched", "text"),  # JSON list of the words found
    Column("evidence", "text"),
    Column("progress", "int", "DEFAULT 0"),
)
TABLES = {
    "sources": SOURCE_COLUMNS,
    "statements": STATEMENT_COLUMNS,
    "dated_articles": ARTICLE_COLUMNS,
    "follow_ups": FOLLOW_UP_COLUMNS,
    "pipelines": (
        Column("version", "text", "PRIMARY KEY"),
        Column("manifest", "text", "NOT NULL"),  # JSON: code version and the hash of each data file
    ),
    "editions": (Column("path", "text", "PRIMARY KEY"), Column("key", "text", "NOT NULL")),
    # who may see what (indexer.access, indexer.store.accounts): the policy applied, accounts, sign-ins, audit
    "settings": (Column("key", "text", "PRIMARY KEY"), Column("value", "text", "NOT NULL")),
    "accounts": (
        Column("name", "text", "PRIMARY KEY"),
        Column("role", "text", "NOT NULL"),  # reader | auditor | admin
        Column("groups", "text", "DEFAULT '[]'"),  # JSON list
        Column("password", "text"),  # argon2id hash; NULL: signs in only through the proxy header
        Column("disabled", "int", "DEFAULT 0"),
        Column("created_at", "text"),
        Column("changed_at", "text"),
    ),
    "account_tokens": (
        Column("digest", "text", "PRIMARY KEY"),  # sha256 of the token: the token itself is never stored
        Column("name", "text", "NOT NULL"),
        Column("created_at", "text"),
    ),
    "sessions": (
        Column("digest", "text", "PRIMARY KEY"),  # sha256 of the cookie's value
        Column("name", "text", "NOT NULL"),
        Column("created_at", "real", "NOT NULL"),
        Column("seen_at", "real", "NOT NULL"),
    ),
    "audit": (  # appended to, never changed; rows older than the retention are removed
        Column("at", "ordered_text", "NOT NULL"),  # ISO time with microseconds
        Column("actor", "text"),  # the account; NULL for nobody signed in
        Column("action", "text", "NOT NULL"),  # search, view, download, export, login, login_failed …
        Column("target", "text"),  # the article, unit, account … acted on
        Column("query", "text"),  # the request's query string
        Column("rows", "int"),  # how many results or rows were answered
        Column("address", "text"),  # the client's address
        Column("detail", "text"),
    ),
}
INDEXES = {  # name: (table, its columns)
    "sources_sha": ("sources", "sha256"),
    "sources_duplicate_of": ("sources", "duplicate_of"),
    "statements_source": ("statements", "source_path"),
    "statements_date": ("statements", "date"),
    "statements_due": ("statements", "due"),
    "statements_unit": ("statements", "unit"),
    "dated_articles_source": ("dated_articles", "source_path"),
    "dated_articles_date": ("dated_articles", "date"),
    # the ledger's statuses: each due commitment is asked whether a follow-up dated by then exists
    "statements_type_due": ("statements", "type, due, article_id, seq"),
    "follow_ups_statement_date": ("follow_ups", "article_id, seq, follow_date"),
    "follow_ups_source": ("follow_ups", "source_path"),
    "follow_ups_follow_path": ("follow_ups", "follow_path"),
    "editions_key": ("editions", "key"),
    "audit_at": ("audit", "at"),
    "audit_actor": ("audit", "actor"),
    "sessions_name": ("sessions", "name"),
    "account_tokens_name": ("account_tokens", "name"),
}


def declaration(column: Column, types: dict[str, str] = SQLITE_TYPES) -> str:
    return " ".join(part for part in (column.name, types[column.kind], column.constraint) if part)


def schema(types: dict[str, str] = SQLITE_TYPES) -> str:
    """Every table and index of the catalog, created where missing, with the column kinds of a dialect."""
    tables = [
        f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(declaration(c, types) for c in columns)});"
        for table, columns in TABLES.items()
    ]
    indexes = [
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns});"
        for name, (table, columns) in INDEXES.items()
    ]
    return "\n".join(tables + indexes)


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
    ctime_ns: int | None = None
    inode: int | None = None
    pipeline: str | None = None
    marking: str | None = None
    access: str | None = None


# The ledger's orders (StatementQuery.sort), ties broken by article and place in it.
STATEMENT_ORDERS = {
    "date": "date DESC, article_id, seq",
    "deadline": "due IS NULL, due, date DESC, article_id, seq",
    "unit": "unit IS NULL, unit, date DESC, article_id, seq",
}
FOLLOWED_SQL = (
    "EXISTS (SELECT 1 FROM follow_ups f WHERE f.article_id = statements.article_id"
    " AND f.seq = statements.seq AND f.follow_date <= ?{access})"
)
_LIKE_ESCAPE = re.compile(r"([%_\\])")


@dataclass(frozen=True)
class StatementQuery:
    """The statements the ledger asks for: every condition given holds."""

    words: tuple[str, ...] = ()  # each within the statement's text
    units: tuple[str, ...] | None = None  # the statement's unit is one of these; None: any unit or none
    type: str | None = None  # "directive" | "commitment"
    nothing: bool = False  # no statement can match (a status asked of directives)
    date_from: str | None = None
    date_to: str | None = None
    due: Literal["none", "open", "passed"] | None = (
        None  # none: no due date; open: due after ``today``; passed: by it
    )
    followed: bool | None = None  # True: a follow-up dated by ``today`` (of these access tokens); False: none
    today: str = ""
    sort: str = "date"  # a key of STATEMENT_ORDERS
    access: tuple[str, ...] | None = None  # only statements of these access tokens; None: every statement

    def where(self) -> tuple[str, list[Any]]:
        """The WHERE clause (with its leading keyword, or empty) and its arguments."""
        where: list[str] = []
        args: list[Any] = []
        for word in self.words:
            where.append("text LIKE ? ESCAPE '\\'")
            args.append("%" + _LIKE_ESCAPE.sub(r"\\\1", word) + "%")
        if self.units is not None:
            where.append(f"unit IN ({','.join('?' * len(self.units))})" if self.units else "1 = 0")
            args += self.units
        if self.nothing:
            where.append("1 = 0")  # a condition both SQLite and PostgreSQL read
        elif self.type:
            where.append("type = ?")
            args.append(self.type)
        if self.date_from:
            where.append("date >= ?")
            args.append(self.date_from)
        if self.date_to:
            where.append("date <= ?")
            args.append(self.date_to)
        if self.due == "none":
            where.append("due IS NULL")
        elif self.due == "open":
            where.append("due > ?")
            args.append(self.today)
        elif self.due == "passed":
            where.append("due <= ?")
            args.append(self.today)
        if self.followed is not None:
            where.append(
                ("" if self.followed else "NOT ") + FOLLOWED_SQL.format(access=self._follow_access())
            )
            args += [self.today, *(self.access or ())]
        if self.access is not None:
            where.append(f"access IN ({','.join('?' * len(self.access))})" if self.access else "1 = 0")
            args += self.access
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def _follow_access(self) -> str:
        """A follow-up counts only when its own article is one of the tokens' (when tokens are given)."""
        if self.access is None:
            return ""
        return f" AND f.access IN ({','.join('?' * len(self.access))})" if self.access else " AND 1 = 0"


ACCOUNT_FIELDS = "name, role, groups, password, disabled, created_at, changed_at"
ACCOUNT_FIELDS_OF_A = ", ".join("a." + name for name in ACCOUNT_FIELDS.split(", "))
AUDIT_FIELDS = tuple(c.name for c in TABLES["audit"])
FOLLOW_UP_FIELDS = tuple(c.name for c in FOLLOW_UP_COLUMNS)


def _account_row(row: Any) -> dict[str, Any]:
    return dict(zip(ACCOUNT_FIELDS.split(", "), tuple(row)[:7]))


@dataclass(frozen=True)
class AuditQuery:
    """The audit rows asked for: every condition given holds (``end`` a date: to the end of that day)."""

    actor: str | None = None
    action: str | None = None
    start: str | None = None
    end: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        for condition, value in (
            ("actor = ?", self.actor),
            ("action = ?", self.action),
            ("at >= ?", self.start),
        ):
            if value:
                where.append(condition)
                args.append(value)
        if self.end:
            where.append("at <= ?")
            args.append(self.end + "T99" if len(self.end) == 10 else self.end)
        return (" WHERE " + " AND ".join(where)) if where else "", args


# A SourceRow's columns: never the records and pages, which are large and read on their own.
ROW_COLUMNS = tuple(c.name for c in SOURCE_COLUMNS if c.kind != "blob")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class _Cursor(sqlite3.Cursor):
    """Every step of a query raises a named fault for a damaged, full or read-only catalog."""

    def execute(self, *args):
        with self.connection.faults():
            return super().execute(*args)

    def executemany(self, *args):
        with self.connection.faults():
            return super().executemany(*args)

    def fetchone(self):
        with self.connection.faults():
            return super().fetchone()

    def fetchall(self):
        with self.connection.faults():
            return super().fetchall()

    def fetchmany(self, *args):
        with self.connection.faults():
            return super().fetchmany(*args)

    def __next__(self):
        with self.connection.faults():
            return super().__next__()


class _Connection(sqlite3.Connection):
    catalog_path: Path

    @contextmanager
    def faults(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            fault = from_sqlite_error(error, self.catalog_path)
            if fault is None:
                raise
            raise fault from error

    def cursor(self, factory=_Cursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters):
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script):
        with self.faults():
            return super().executescript(script)

    def commit(self) -> None:
        with self.faults():
            super().commit()


def _connect(uri: str, path: Path) -> _Connection:
    with _faults_of(path):
        db = sqlite3.connect(uri, uri=True, timeout=30, factory=_Connection)
    db.catalog_path = path
    db.row_factory = sqlite3.Row
    return db


@contextmanager
def _faults_of(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        fault = from_sqlite_error(error, path)
        if fault is None:
            raise
        raise fault from error


def _uri(path: Path, **params: str) -> str:
    query = urllib.parse.urlencode(params)
    return "file:" + urllib.parse.quote(str(path.resolve())) + (f"?{query}" if query else "")


class Catalog:
    """``Catalog(path)`` opens for writing (created if missing), ``readonly=True`` for reading; a store
    (``Store.catalog``) opens the one beside its index.

    ``PgCatalog`` is the same catalog in a PostgreSQL database: only the connection and a few
    statements of another dialect differ."""

    ORDER_BY_PATH = " ORDER BY path"  # by code point, as SQLite compares text
    db: Any  # the connection: sqlite here, the PostgreSQL wrapper in PgCatalog
    _private_copy: Path | None = None

    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            self.db = self._open_for_reading()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._open_for_writing()

    def _open_for_writing(self) -> _Connection:
        db = _connect(_uri(self.path), self.path)
        try:
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            db.execute("PRAGMA synchronous=FULL")
            _check_integrity(db, self.path)
            _add_later_columns(db)  # first: the schema's indexes may be on a column added since
            db.executescript(schema())
        except BaseException:
            db.close()
            raise
        return db

    def _open_for_reading(self) -> _Connection:
        if not self.path.is_file():
            raise catalog_missing(self.path)
        try:
            return self._checked(_uri(self.path, mode="ro"))
        except CatalogDamaged:
            raise
        except IndexUnavailable as first:
            # The shared WAL index (-shm) cannot be made or grown: a folder nobody may write, or a full disk.
            # Reading must need neither, and must still see every committed transaction. (A busy or locked
            # catalog is not that: it is named as it is.)
            cause = getattr(first.__cause__, "sqlite_errorname", "")
            if not cause.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_FULL")):
                raise
            if not self._wal_holds_frames():
                return self._checked(_uri(self.path, mode="ro", immutable="1"))  # the main file is all
            for fallback in (self._open_exclusive, self._open_private_copy):
                try:
                    return fallback()
                except (IndexUnavailable, OSError):
                    continue
            raise first

    def _checked(self, uri: str, *pragmas: str) -> _Connection:
        db = _connect(uri, self.path)
        try:
            for pragma in pragmas:
                db.execute(pragma).fetchall()
            _check_is_catalog(db, self.path)
        except BaseException:
            db.close()
            raise
        return db

    def _wal_holds_frames(self) -> bool:
        wal = self.path.with_name(self.path.name + "-wal")
        return wal.exists() and wal.stat().st_size > 0

    def _open_exclusive(self) -> _Connection:
        """Committed pages still in the WAL, on a full disk: in exclusive locking mode SQLite keeps the WAL
        index in private memory and never touches the -shm file (a moment's lock, taken per request)."""
        return self._checked(_uri(self.path), "PRAGMA locking_mode=EXCLUSIVE", "PRAGMA query_only=1")

    def _open_private_copy(self) -> _Connection:
        """Committed pages still in the WAL of a read-only folder (an indexing run that never ended, then the
        folder mounted read-only): the catalog and its WAL read from a private copy, removed on close."""
        folder = Path(tempfile.mkdtemp(prefix="jianbao-catalog-"))
        try:
            for suffix in ("", "-wal"):
                shutil.copyfile(f"{self.path}{suffix}", folder / f"{CATALOG_NAME}{suffix}")
            db = self._checked(_uri(folder / CATALOG_NAME), "PRAGMA query_only=1")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._private_copy = folder
        return db

    def close(self) -> None:
        if not self.readonly:
            self._checkpoint()
        self.db.close()
        if self._private_copy is not None:
            shutil.rmtree(self._private_copy, ignore_errors=True)

    def _checkpoint(self) -> None:
        """Every write folded into the main file and the WAL emptied, at the end of every writing session:
        a later read-only mount (read as immutable, WAL ignored) then sees everything. On a full disk the
        checkpoint may fail; what is committed stays in the WAL, which readers still read."""
        try:
            self.db.execute("PRAGMA busy_timeout=10000")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except (IndexUnavailable, sqlite3.Error):
            pass

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def stamp(self) -> float | str:
        """Changes whenever the catalog does (the files' last change): what readers key their caches on."""
        files = self.path.parent.glob(self.path.name + "*")
        return max((p.stat().st_mtime for p in files if p.exists()), default=0.0)

    def verify(self) -> None:
        """The full integrity check (every page), for a catalog about to be trusted with a rebuild."""
        _check_integrity(self.db, self.path, pragma="integrity_check")

    def copy_to(self, target: Path) -> None:
        """A consistent copy of the (SQLite) catalog at ``target``, whatever readers do meanwhile."""
        copy = sqlite3.connect(target)
        try:
            self.db.backup(copy)
        finally:
            copy.close()

    @cached_property
    def _row_columns(self) -> str:
        """ROW_COLUMNS as this catalog holds them: one opened read-only may predate the later columns (they
        are added when it is next opened for writing), and reads NULL for them until then."""
        present = {row["name"] for row in self.db.execute("PRAGMA table_info(sources)")}
        return ", ".join(name if name in present else f"NULL AS {name}" for name in ROW_COLUMNS)

    def has_table(self, name: str) -> bool:
        """A catalog of an older release, read before it was next opened for writing, lacks later tables."""
        row = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def source(self, path: str) -> SourceRow | None:
        row = self.db.execute(f"SELECT {self._row_columns} FROM sources WHERE path = ?", (path,)).fetchone()
        return _source_row(row) if row else None

    def sources(self, status: str | None = None) -> list[SourceRow]:
        sql, args = f"SELECT {self._row_columns} FROM sources", ()  # type: str, tuple
        if status:
            sql, args = sql + " WHERE status = ?", (status,)
        return [_source_row(row) for row in self.db.execute(sql + self.ORDER_BY_PATH, args)]

    def count(self, status: str | None = None) -> int:
        sql = "SELECT count(*) FROM sources"
        args: tuple[str, ...] = ()
        if status:
            sql, args = sql + " WHERE status = ?", (status,)
        return int(self.db.execute(sql, args).fetchone()[0])

    def duplicates_of(self, paths: list[str]) -> list[str]:
        marks = ",".join("?" * len(paths))
        rows = self.db.execute(
            f"SELECT path FROM sources WHERE status = 'duplicate' AND duplicate_of IN ({marks})", paths
        )
        return [row["path"] for row in rows]

    def indexed_path_with_sha(self, sha256: str, other_than: str) -> str | None:
        row = self.db.execute(
            "SELECT path FROM sources WHERE sha256 = ? AND status = 'indexed' AND path != ?"
            + self.ORDER_BY_PATH
            + " LIMIT 1",
            (sha256, other_than),
        ).fetchone()
        return row["path"] if row else None

    def paths(self) -> list[str]:
        """Every source path the catalog knows, whatever became of the file."""
        return [row[0] for row in self.db.execute("SELECT path FROM sources")]

    def touch(self, path: str, stat: FileStat) -> None:
        """The file was seen again, unchanged in content: remember how it looks now."""
        self.db.execute(
            "UPDATE sources SET size = ?, mtime = ?, ctime_ns = ?, inode = ? WHERE path = ?",
            (stat.get("size"), stat.get("mtime"), stat.get("ctime_ns"), stat.get("inode"), path),
        )

    def mark_failed(self, source: SourceInfo, error: str, *, pipeline: str | None = None) -> None:
        """A source indexed before failed to update: its articles stay. The file is remembered as the failed
        attempt saw it before reading (nothing, if it had vanished), so a file that changes again is retried."""
        self.db.execute(
            "UPDATE sources SET status='failed', error=?, size=?, mtime=?, ctime_ns=?, inode=?, pipeline=? "
            "WHERE path=?",
            (
                error,
                source.get("size"),
                source.get("mtime"),
                source.get("ctime_ns"),
                source.get("inode"),
                pipeline,
                source["path"],
            ),
        )

    def record_pipeline(self, version: str, manifest: dict) -> None:
        self.db.execute(
            "INSERT INTO pipelines VALUES (?, ?) ON CONFLICT (version) DO NOTHING",
            (version, json.dumps(manifest, ensure_ascii=False)),
        )

    def pipeline_manifest(self, version: str) -> dict | None:
        row = self.db.execute("SELECT manifest FROM pipelines WHERE version = ?", (version,)).fetchone()
        return json.loads(row["manifest"]) if row else None

    def record_indexed(
        self,
        source: SourceInfo,
        records: list[ArticleRecord],
        *,
        extracted: dict | None = None,
        pipeline: str | None = None,
        marking: str | None = None,
    ) -> None:
        """``records`` carry their access token (indexer.access.stamp); the source's is theirs."""
        self._upsert(
            source,
            status="indexed",
            article_ids=[r["id"] for r in records],
            records=_pack(records),
            extracted=_pack(extracted) if extracted is not None else None,
            pipeline=pipeline,
            marking=marking,
            access=records[0].get("access") if records else None,
        )
        self._replace_statements(source["path"], records)

    def record_failed(self, source: SourceInfo, error: str, *, pipeline: str | None = None) -> None:
        self._upsert(source, status="failed", error=error, pipeline=pipeline)
        self._replace_statements(source["path"], [])

    def record_duplicate(
        self,
        source: SourceInfo,
        duplicate_of: str,
        *,
        pipeline: str | None = None,
        marking: str | None = None,
        access: str | None = None,
    ) -> None:
        self._upsert(
            source,
            status="duplicate",
            duplicate_of=duplicate_of,
            pipeline=pipeline,
            marking=marking,
            access=access,
        )
        self._replace_statements(source["path"], [])

    def forget(self, path: str) -> None:
        self.db.execute("DELETE FROM sources WHERE path = ?", (path,))
        self._replace_statements(path, [])

    def records(self, path: str) -> list[ArticleRecord]:
        row = self.db.execute("SELECT records FROM sources WHERE path = ?", (path,)).fetchone()
        if not row or row["records"] is None:
            return []
        return self._unpack(row["records"], path)

    def has_extracted(self, path: str) -> bool:
        row = self.db.execute("SELECT extracted IS NOT NULL FROM sources WHERE path = ?", (path,)).fetchone()
        return bool(row and row[0])

    def extracted(self, path: str) -> dict | None:
        row = self.db.execute("SELECT extracted FROM sources WHERE path = ?", (path,)).fetchone()
        if not row or row["extracted"] is None:
            return None
        return self._unpack(row["extracted"], path)

    # -- editions (indexer.store.versions) ---------------------------------------------------------------------------

    def edition_holders(self, key: str, other_than: str, format: str) -> list[str]:
        """The indexed sources, of a format other than ``format``, that hold the edition ``key``."""
        rows = self.db.execute(
            "SELECT e.path FROM editions e JOIN sources s ON s.path = e.path"
            " WHERE e.key = ? AND e.path != ? AND s.status = 'indexed' AND coalesce(s.format, '') != ?"
            " ORDER BY e.path",
            (key, other_than, format),
        ).fetchall()
        return [row[0] for row in rows]

    def remember_edition(self, path: str, key: str | None) -> None:
        """The edition an indexed source holds; None: it holds none (any more)."""
        self.db.execute("DELETE FROM editions WHERE path = ?", (path,))
        if key is not None:
            self.db.execute("INSERT INTO editions (path, key) VALUES (?, ?)", (path, key))

    def versions_of(self, paths: list[str]) -> dict[str, list[FileVersion]]:
        """The other files of each source (duplicates by bytes or by edition), by source path."""
        found: dict[str, list[FileVersion]] = {p: [] for p in paths}
        if not paths:
            return found
        rows = self.db.execute(
            f"SELECT path, format, duplicate_of FROM sources WHERE status = 'duplicate'"
            f" AND duplicate_of IN ({','.join('?' * len(paths))}) ORDER BY path",
            paths,
        ).fetchall()
        for path, fmt, original in rows:
            found[original].append({"path": path, "format": fmt})
        return found

    # -- the ledger's statements (search_app.ledger) -------------------------------------------------------------

    def statement_units(self, access: tuple[str, ...] | None = None) -> list[str]:
        """Every unit a statement binds (of these access tokens only, when given)."""
        clause, args = StatementQuery(access=access).where()
        sql = f"SELECT DISTINCT unit FROM statements{clause or ' WHERE 1 = 1'} AND unit IS NOT NULL"
        return [r[0] for r in self.db.execute(sql, args)]

    def statements_matching(
        self, query: StatementQuery, limit: int | None = None, offset: int = 0
    ) -> list[StatementRow]:
        """The statements of the query in its order, with their due dates; all of them without a limit."""
        clause, args = query.where()
        sql = f"SELECT * FROM statements{clause} ORDER BY {STATEMENT_ORDERS[query.sort]}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args = args + [limit, offset]
        return [_statement_row(row) for row in self.db.execute(sql, args).fetchall()]

    def count_statements(self, query: StatementQuery) -> int:
        clause, args = query.where()
        return int(self.db.execute(f"SELECT count(*) FROM statements{clause}", args).fetchone()[0])

    # -- the ledger's follow-ups (indexer.follow_ups, indexer.run.follow_up_links) --------------------------------

    def follow_ups_of(
        self, statements: list[tuple[str, int]], today: str, access: tuple[str, ...] | None = None
    ) -> dict[tuple[str, int], list[dict[str, Any]]]:
        """The follow-ups dated by ``today`` of each (article_id, seq), reports of progress first, then
        the earliest; only those whose article is of ``access`` when given."""
        found: dict[tuple[str, int], list[dict[str, Any]]] = {}
        ids = sorted({article_id for article_id, _ in statements})
        if not ids or not self.has_table("follow_ups"):
            return found
        wanted = set(statements)
        where = f"article_id IN ({','.join('?' * len(ids))}) AND follow_date <= ?"
        args: list[Any] = [*ids, today]
        if access is not None:
            where += f" AND access IN ({','.join('?' * len(access))})" if access else " AND 1 = 0"
            args += access
        rows = self.db.execute(
            f"SELECT {', '.join(FOLLOW_UP_FIELDS)} FROM follow_ups WHERE {where}"
            " ORDER BY progress DESC, follow_date, follow_id",
            args,
        ).fetchall()
        for row in rows:
            item = dict(zip(FOLLOW_UP_FIELDS, tuple(row)))
            if (item["article_id"], item["seq"]) in wanted:
                item["matched"] = json.loads(item["matched"] or "[]")
                item["progress"] = bool(item["progress"])
                found.setdefault((item["article_id"], item["seq"]), []).append(item)
        return found

    def follow_ups_version(self) -> str | None:
        """The version of what a follow-up is that the stored ones were found by (None: never found)."""
        return self.setting("follow_ups") if self.has_table("follow_ups") else None

    def set_follow_ups_version(self, version: str) -> None:
        self.set_setting("follow_ups", version)

    def commitments(self) -> Iterator[dict[str, Any]]:
        """Every commitment with a unit and a date (what a follow-up can be found for), targets decoded."""
        rows = self.db.execute(
            "SELECT article_id, source_path, seq, unit, date, text, targets FROM statements"
            " WHERE type = 'commitment' AND unit IS NOT NULL AND date IS NOT NULL"
        )
        for row in rows:
            item = dict(zip(("article_id", "source_path", "seq", "unit", "date", "text"), tuple(row)[:6]))
            item["targets"] = json.loads(row[6] or "[]")
            yield item

    def sources_with_articles_after(self, date: str) -> list[str]:
        """The sources holding an article dated after ``date``."""
        rows = self.db.execute(
            "SELECT DISTINCT source_path FROM dated_articles WHERE date > ? ORDER BY source_path", (date,)
        )
        return [row[0] for row in rows]

    def add_follow_ups(self, rows: list[FollowUpRow]) -> None:
        self.db.executemany(
            f"INSERT INTO follow_ups ({', '.join(FOLLOW_UP_FIELDS)}) VALUES ({', '.join('?' * len(FOLLOW_UP_FIELDS))})",
            [[_storable(value) for value in _follow_up_values(row)] for row in rows],
        )

    def drop_follow_ups(self, paths: list[str] | None = None) -> None:
        """The follow-ups of and by the sources at ``paths`` (every one, for None): found anew after."""
        if paths is None:
            self.db.execute("DELETE FROM follow_ups")
            return
        for path in paths:
            self.db.execute("DELETE FROM follow_ups WHERE source_path = ? OR follow_path = ?", (path, path))

    def followed_by(self, paths: list[str]) -> set[tuple[str, int]]:
        """The commitments of other sources that an article of ``paths`` follows up."""
        found: set[tuple[str, int]] = set()
        wanted = set(paths)
        for path in paths:
            rows = self.db.execute(
                "SELECT article_id, seq, source_path FROM follow_ups WHERE follow_path = ?", (path,)
            )
            found.update((r[0], r[1]) for r in rows if r[2] not in wanted)
        return found

    def replace_follow_ups_of(self, statements: list[tuple[str, int]], rows: list[FollowUpRow]) -> None:
        """The follow-ups of these commitments, all of them, replaced by ``rows``."""
        self.db.executemany("DELETE FROM follow_ups WHERE article_id = ? AND seq = ?", statements)
        self.add_follow_ups(rows)

    def analyze(self) -> None:
        """The planner's statistics made afresh (both dialects read ANALYZE): without them a viewer's ledger
        query, its access tokens and its units, was planned on the wrong index, ten times slower."""
        self.db.execute("ANALYZE")

    def sources_not_listed(self) -> list[str]:
        """Sources holding articles that the list of articles lacks: written by an earlier release."""
        rows = self.db.execute(
            "SELECT path FROM sources s WHERE s.status != 'duplicate' AND s.article_ids != '[]'"
            " AND NOT EXISTS (SELECT 1 FROM dated_articles a WHERE a.source_path = s.path) ORDER BY path"
        )
        return [row[0] for row in rows]

    def replace_articles(self, path: str, records: list[ArticleRecord]) -> None:
        self.db.execute("DELETE FROM dated_articles WHERE source_path = ?", (path,))
        self.db.executemany(
            "INSERT INTO dated_articles (id, source_path, date, access) VALUES (?, ?, ?, ?)",
            [(r["id"], path, r.get("date"), r.get("access")) for r in records],
        )

    # -- who may see what (indexer.access, indexer.store.accounts, indexer.store.audit) --------------------------

    def setting(self, key: str) -> str | None:
        if not self.has_table("settings"):
            return None
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (key, value),
        )

    def set_source_access(
        self, path: str, marking: str, access: str, records: list[ArticleRecord] | None
    ) -> None:
        """A source's marking and access token, its statements' token and (unless a duplicate's) its records
        as stamped with it."""
        self.db.execute("UPDATE sources SET marking = ?, access = ? WHERE path = ?", (marking, access, path))
        self.db.execute("UPDATE statements SET access = ? WHERE source_path = ?", (access, path))
        self.db.execute("UPDATE dated_articles SET access = ? WHERE source_path = ?", (access, path))
        self.db.execute("UPDATE follow_ups SET access = ? WHERE follow_path = ?", (access, path))
        if records is not None:
            self.db.execute("UPDATE sources SET records = ? WHERE path = ?", (_pack(records), path))

    def account(self, name: str) -> dict[str, Any] | None:
        row = self.db.execute(f"SELECT {ACCOUNT_FIELDS} FROM accounts WHERE name = ?", (name,)).fetchone()
        return _account_row(row) if row else None

    def accounts(self) -> list[dict[str, Any]]:
        return [
            _account_row(r) for r in self.db.execute(f"SELECT {ACCOUNT_FIELDS} FROM accounts ORDER BY name")
        ]

    def enabled_accounts(self) -> int:
        if not self.has_table("accounts"):
            return 0
        return int(self.db.execute("SELECT count(*) FROM accounts WHERE disabled = 0").fetchone()[0])

    def add_account(self, name: str, role: str, groups: str, password: str | None, now: str) -> None:
        self.db.execute(
            "INSERT INTO accounts (name, role, groups, password, disabled, created_at, changed_at)"
            " VALUES (?, ?, ?, ?, 0, ?, ?)",
            (name, role, groups, password, now, now),
        )

    def change_account(self, name: str, now: str, **changes: Any) -> None:
        """``changes``: new values of role, groups (JSON), password (a hash) or disabled (0/1)."""
        names = [n for n in ("role", "groups", "password", "disabled") if n in changes]
        sets = ", ".join(f"{n} = ?" for n in names)
        self.db.execute(
            f"UPDATE accounts SET {sets}, changed_at = ? WHERE name = ?",
            [changes[n] for n in names] + [now, name],
        )

    def add_account_token(self, digest: str, name: str, now: str) -> None:
        self.db.execute(
            "INSERT INTO account_tokens (digest, name, created_at) VALUES (?, ?, ?)", (digest, name, now)
        )

    def account_tokens(self, name: str) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM account_tokens WHERE name = ?", (name,)).fetchone()[0]
        )

    def drop_account_tokens(self, name: str) -> None:
        self.db.execute("DELETE FROM account_tokens WHERE name = ?", (name,))

    def token_holder(self, digest: str) -> dict[str, Any] | None:
        """The enabled account a token (by its digest) belongs to."""
        row = self.db.execute(
            f"SELECT {ACCOUNT_FIELDS_OF_A} FROM account_tokens t JOIN accounts a ON a.name = t.name"
            " WHERE t.digest = ? AND a.disabled = 0",
            (digest,),
        ).fetchone()
        return _account_row(row) if row else None

    def add_session(self, digest: str, name: str, now: float) -> None:
        self.db.execute(
            "INSERT INTO sessions (digest, name, created_at, seen_at) VALUES (?, ?, ?, ?)",
            (digest, name, now, now),
        )

    def session(self, digest: str) -> tuple[dict[str, Any], float, float] | None:
        """(account, created, last seen) of a session of an enabled account."""
        if not self.has_table("sessions"):
            return None
        row = self.db.execute(
            f"SELECT {ACCOUNT_FIELDS_OF_A}, s.created_at, s.seen_at FROM sessions s JOIN accounts a ON a.name = s.name"
            " WHERE s.digest = ? AND a.disabled = 0",
            (digest,),
        ).fetchone()
        return (_account_row(row), float(row[7]), float(row[8])) if row else None

    def touch_session(self, digest: str, now: float) -> None:
        self.db.execute("UPDATE sessions SET seen_at = ? WHERE digest = ?", (now, digest))

    def drop_session(self, digest: str) -> None:
        self.db.execute("DELETE FROM sessions WHERE digest = ?", (digest,))

    def drop_sessions(self, name: str) -> None:
        self.db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def drop_stale_sessions(self, seen_before: float, created_before: float) -> None:
        self.db.execute(
            "DELETE FROM sessions WHERE seen_at < ? OR created_at < ?", (seen_before, created_before)
        )

    def append_audit(self, rows: list[tuple]) -> None:
        """Rows of AUDIT_FIELDS, appended (the audit log is never updated)."""
        if rows:
            self.db.executemany(
                f"INSERT INTO audit ({', '.join(AUDIT_FIELDS)}) VALUES ({', '.join('?' * len(AUDIT_FIELDS))})",
                rows,
            )

    def audit_rows(
        self, query: AuditQuery, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """The audit log's rows of the query, newest first."""
        clause, args = query.where()
        sql = f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit{clause} ORDER BY at DESC"
        if limit is not None:
            sql, args = sql + " LIMIT ? OFFSET ?", args + [limit, offset]
        return [dict(zip(AUDIT_FIELDS, row)) for row in self.db.execute(sql, args).fetchall()]

    def count_audit(self, query: AuditQuery) -> int:
        clause, args = query.where()
        return int(self.db.execute(f"SELECT count(*) FROM audit{clause}", args).fetchone()[0])

    def prune_audit(self, before: str) -> None:
        """The retention: rows older than ``before`` (an ISO time) removed."""
        self.db.execute("DELETE FROM audit WHERE at < ?", (before,))

    def commit(self) -> None:
        self.db.commit()

    @contextmanager
    def one_file(self) -> Iterator[None]:
        """One file's writes, all or none: on an error the savepoint is rolled back (in the open transaction,
        which this never commits) and the error raised."""
        self._begin()
        self.db.execute("SAVEPOINT one_file")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO SAVEPOINT one_file")
            self.db.execute("RELEASE SAVEPOINT one_file")
            raise
        self.db.execute("RELEASE SAVEPOINT one_file")

    def _begin(self) -> None:
        if not self.db.in_transaction:  # a savepoint outside a transaction would commit when released
            self.db.execute("BEGIN")

    def _unpack(self, blob: bytes, path: str):
        try:
            return json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))
        except (zlib.error, UnicodeDecodeError, ValueError) as error:
            raise catalog_damaged(self.path, f"{path} 的记录无法解读：{error}") from error

    def _upsert(
        self,
        source: SourceInfo,
        *,
        status: str,
        error: str | None = None,
        duplicate_of: str | None = None,
        article_ids: list[str] | None = None,
        records: bytes | None = None,
        extracted: bytes | None = None,
        pipeline: str | None = None,
        marking: str | None = None,
        access: str | None = None,
    ) -> None:
        row = {
            "path": source["path"],
            "sha256": source.get("sha256"),
            "size": source.get("size"),
            "mtime": source.get("mtime"),
            "format": source.get("format"),
            "pages": source.get("pages"),
            "ocr": int(bool(source.get("ocr"))),
            "ocr_skipped": json.dumps(source.get("ocr_skipped", [])),
            "status": status,
            "error": error,
            "duplicate_of": duplicate_of,
            "article_ids": json.dumps(article_ids or []),
            "records": records,
            "updated_at": _now(),
            "ctime_ns": source.get("ctime_ns"),
            "inode": source.get("inode"),
            "pipeline": pipeline,
            "extracted": extracted,
            "marking": marking,
            "access": access,
        }
        names = [c.name for c in SOURCE_COLUMNS]
        # an upsert both SQLite (3.24+) and PostgreSQL read; every column is given, so it replaces the row
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names[1:])
        self.db.execute(
            f"INSERT INTO sources ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            f" ON CONFLICT (path) DO UPDATE SET {updates}",
            [_storable(row[name]) for name in names],
        )

    def restate(self, path: str, records: list[ArticleRecord]) -> None:
        """A source's statements and articles written again from its stored records (a catalog of an older
        release, brought up to date without parsing again)."""
        self._replace_statements(path, records)

    def _replace_statements(self, path: str, records: list[ArticleRecord]) -> None:
        """Its statements and articles; its follow-ups (of its commitments, and it as another's) go, to be
        found again for what it now holds (``indexer.run.follow_up_links``)."""
        self.db.execute("DELETE FROM statements WHERE source_path = ?", (path,))
        self.drop_follow_ups([path])
        self.replace_articles(path, records)
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
                record.get("access"),
                _due(s),
                json.dumps(s.get("addressees") or [], ensure_ascii=False),
                json.dumps(record.get("issue"), ensure_ascii=False) if record.get("issue") else None,
                (record.get("source") or {}).get("page"),
            )
            for record in records
            for seq, s in enumerate(record.get("statements", []))
        ]
        names = [c.name for c in STATEMENT_COLUMNS]
        self.db.executemany(
            f"INSERT INTO statements ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [[_storable(value) for value in row] for row in rows],
        )


def _follow_up_values(row: FollowUpRow) -> list[Any]:
    values: dict[str, Any] = {
        **row,
        "matched": json.dumps(row["matched"], ensure_ascii=False),
        "progress": int(row["progress"]),  # an int column in every dialect
    }
    return [values[name] for name in FOLLOW_UP_FIELDS]


def _pack(value) -> bytes:
    # "replace": text that slipped past extract's cleaning costs a character, never the write
    return zlib.compress(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8", "replace"))


def _storable(value: Any) -> Any:
    return storable(value) if isinstance(value, str) else value


def _check_integrity(db: _Connection, path: Path, pragma: str = "quick_check") -> None:
    problems = [row[0] for row in db.execute(f"PRAGMA {pragma}(5)").fetchall()]
    if problems != ["ok"]:
        raise catalog_damaged(path, "完整性检查未通过：" + "；".join(problems))


def _check_is_catalog(db: _Connection, path: Path) -> None:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = {"sources", "statements"} - tables
    if missing:
        raise catalog_damaged(path, "缺少数据表 " + "、".join(sorted(missing)))


def _add_later_columns(db: _Connection) -> None:
    """Columns a catalog of an older release lacks, added in place (CREATE TABLE IF NOT EXISTS skips it)."""
    for table, columns in TABLES.items():
        present = {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}
        if not present:  # a table of a later release: the schema makes it whole
            continue
        for column in columns:
            if column.name not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {declaration(column)}")
    db.commit()


def _statement_row(row: Any) -> StatementRow:
    """A row of the ledger's query (sqlite3.Row, or PgCatalog's Row) as the record it is."""
    return {
        "article_id": row["article_id"],
        "source_path": row["source_path"],
        "seq": row["seq"],
        "type": row["type"],
        "speaker": row["speaker"],
        "unit": row["unit"],
        "text": row["text"],
        "targets": json.loads(row["targets"] or "[]"),
        "date": row["date"],
        "title": row["title"],
        "due": row["due"],
        "addressees": json.loads(row["addressees"] or "[]"),
        "issue": json.loads(row["issue"]) if row["issue"] else None,
        "page": row["page"],
    }


def _due(statement: StatementRecord) -> str | None:
    """A statement's due date: the earliest of its targets'."""
    dues = [due for t in statement.get("targets") or [] if (due := t.get("due"))]
    return min(dues) if dues else None


def _source_row(row: sqlite3.Row) -> SourceRow:
    """A row selected with ROW_COLUMNS (every column is there: opening a catalog adds the newer ones)."""
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
        ctime_ns=row["ctime_ns"],
        inode=row["inode"],
        pipeline=row["pipeline"],
        marking=row["marking"],
        access=row["access"],
    )
