"""An index in a PostgreSQL database named by a DSN: the articles, the catalog and the lock all in it.

A database has no folder: its caches (OCR, page images) are the user's, and a rebuild runs
in place, in one transaction, so that readers see the old index or the new one, never none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from indexer.engines import postgres as pg
from indexer.engines.base import EngineReader, IndexUnavailable, IndexWriter
from indexer.engines.postgres.catalog import PgCatalog
from indexer.engines.postgres.lock import AdvisoryLock


@dataclass(frozen=True)
class PgStore:
    dsn: str
    folder = None
    rebuilds_in_place = True

    @property
    def shown(self) -> str:
        return pg.shown(self.dsn)

    @property
    def key(self) -> str:
        return self.dsn

    def engine_name(self) -> str | None:
        return pg.name

    def engine_problem(self, engine: str | None) -> str | None:
        if engine in (None, pg.name):
            return None
        return f"--dsn 指定的是 PostgreSQL 数据库，只能使用 postgres 引擎（收到 {engine}）"

    def exists(self) -> bool:
        return pg.exists_dsn(self.dsn)

    def open_reader(self) -> EngineReader:
        return pg.open_reader_dsn(self.dsn)

    def writer(self, *, wait_seconds: float, create: bool = False, engine: str | None = None) -> IndexWriter:
        """The lock is an advisory lock on the writer's connection, which the catalog joins in this thread."""
        problem = self.engine_problem(engine)
        if problem:
            raise IndexUnavailable(problem)
        lock = AdvisoryLock(self.dsn)
        conn = lock.acquire(wait_seconds)
        try:
            return IndexWriter(self, pg.open_writer(conn, create=create), lock)
        except BaseException:
            lock.release()
            raise

    def catalog(self, *, writing: bool = False) -> PgCatalog:
        return PgCatalog(self.dsn)

    def cache_dir(self, name: str) -> Path:
        return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jianbao" / name

    def make_durable(self) -> None:
        """A database's commit is durable when it returns."""
