"""Search engines behind one seam, and the stores their indexes live in.

``open_store`` is the one place that tells a folder (whoosh, tantivy: ``indexer.engines.folder``)
from a PostgreSQL database (``indexer.engines.postgres.store``); everything else is given the
``Store`` it returns and asks it to open readers, the writer and the catalog.

Nothing outside this package imports ``whoosh``, ``tantivy`` or ``psycopg``, or names an engine.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from indexer.engines.base import EngineReader, EngineWriter, IndexUnavailable, IndexWriter, Store
from indexer.engines.folder import DEFAULT_ENGINE, FOLDER_ENGINES, FolderStore

ENGINES = (*FOLDER_ENGINES, "postgres")
DSN_SCHEMES = ("postgresql://", "postgres://")
DSN_ENV = "JIANBAO_DSN"
INDEX_ENV = "JIANBAO_INDEX"
DEFAULT_INDEX = "archive/index"


def open_store(location: Path | str) -> Store:
    """The store a location names: a ``postgresql://`` DSN is a database, anything else a folder."""
    if isinstance(location, str) and location.startswith(DSN_SCHEMES):
        from indexer.engines.postgres.store import PgStore  # psycopg is loaded only for a database

        return PgStore(location)
    return FolderStore(Path(location))


def open_database(dsn: str) -> Store:
    """The store of ``--dsn``: a ValueError (its message names the option) unless it is a DSN."""
    if not dsn.startswith(DSN_SCHEMES):
        raise ValueError(f"--dsn 须为 postgresql://… 形式的数据库地址，收到“{_without_password(dsn)}”")
    return open_store(dsn)


def _without_password(text: str) -> str:
    """A mistyped address as it may be shown: user:secret@host → user:***@host."""
    return re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", text)


def default_location() -> Path | str:
    """Where the index lives when no option says: JIANBAO_DSN, else JIANBAO_INDEX, else archive/index."""
    return os.environ.get(DSN_ENV, "").strip() or Path(os.environ.get(INDEX_ENV, DEFAULT_INDEX))


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "EngineReader",
    "EngineWriter",
    "IndexUnavailable",
    "IndexWriter",
    "Store",
    "default_location",
    "open_database",
    "open_store",
]
