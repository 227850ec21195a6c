"""The index: the document an article becomes, the one writer, and opening for search.

Documents are engine-neutral token strings made in the worker that parsed the file
(the expensive jieba pass runs in parallel under ``--jobs``); the engine recorded in
the index folder (``indexer.engines``) writes and reads them.
"""

from __future__ import annotations

import os
from pathlib import Path

from indexer import engines
from indexer.engines.base import EngineReader
from indexer.facet_registry import facet_values, unit_tree
from indexer.faults import IndexUnavailable, index_empty
from indexer.lang import text as cjk_text
from indexer.location import is_dsn
from indexer.records import ArticleRecord, IndexDocument, StoredRecord
from indexer.store.lock import IndexLock


def index_fields(record: ArticleRecord) -> IndexDocument:
    """The engine document of one article record; runs in the worker that parsed it."""
    title, text = record["title"], record["text"]
    whole = title + "\n" + text
    segmented = cjk_text.segments(text)  # the article's one jieba pass: words to index, boundaries to store
    return {
        "id": record["id"],
        "source_path": record["source"]["path"],
        "issue_key": record["issue_key"],
        "title": cjk_text.joined(cjk_text.words(title)),
        "text": cjk_text.joined([w for w, _, _ in cjk_text.searchable(segmented)]),
        "title_cjk": cjk_text.joined(cjk_text.bigrams(title)),
        "cjk": cjk_text.joined(cjk_text.bigrams(whole)),
        "title_chars": cjk_text.joined(cjk_text.characters(title)),
        "chars": cjk_text.joined(cjk_text.characters(whole)),
        "facets": facet_values(record),
        "date": record.get("date") or "",
        "record": {**record, "_layout": cjk_text.layout(segmented)},
    }


# StoredRecord._layout: stored with the record in the engine only (never in the catalog or an answer)


def stored_record(stored: StoredRecord) -> tuple[ArticleRecord, str | None]:
    """A record as the engine stored it → the article record and its text's word layout."""
    record = stored.copy()
    return record, record.pop("_layout", None)


def exists(index_dir: Path) -> bool:
    return engines.exists(index_dir if is_dsn(index_dir) else Path(index_dir))


def open_for_search(index_dir: Path, *, allow_empty: bool = False) -> EngineReader:
    """Open the index read-only; a missing, damaged or (unless allowed) empty index raises IndexUnavailable."""
    location = index_dir if is_dsn(index_dir) else Path(index_dir)
    reader = engines.open_reader(location)
    if not allow_empty and reader.doc_count() == 0:
        reader.close()
        raise index_empty(engines.shown(location))
    return reader


class IndexWriter:
    """The single writer: replaces a source's articles and commits in batches.

    Holds the index lock for its whole life so that overlapping runs (cron, a
    systemd timer) queue up instead of interleaving. ``engine`` chooses the engine of a
    new (or rebuilt) index; an existing index keeps the one recorded with it.
    """

    def __init__(
        self, index_dir: Path, *, wait_seconds: float = 30.0, rebuild: bool = False, engine: str | None = None
    ):
        if is_dsn(index_dir):
            self._open_database(str(index_dir), wait_seconds, rebuild, engine)
            return
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.lock = IndexLock(self.index_dir / "jianbao.lock")
        self.lock.acquire(wait_seconds)
        try:
            self.engine = engines.open_writer(self.index_dir, engine, create=rebuild)
        except BaseException:
            self.lock.release()
            raise

    def _open_database(self, dsn: str, wait_seconds: float, rebuild: bool, engine: str | None) -> None:
        """A PostgreSQL index: the lock is an advisory lock on the writer's connection."""
        from indexer.engines import postgres
        from indexer.engines.postgres.catalog import AdvisoryLock

        if engine not in (None, "postgres"):
            raise IndexUnavailable(
                f"--dsn 指定的是 PostgreSQL 数据库，只能使用 postgres 引擎（收到 {engine}）"
            )
        self.index_dir = dsn  # type: ignore[assignment]
        advisory = AdvisoryLock(dsn)
        self.lock = advisory  # type: ignore[assignment]
        conn = advisory.acquire(wait_seconds)
        try:
            self.engine = postgres.open_writer(conn, create=rebuild)
        except BaseException:
            advisory.release()
            raise

    def replace_source(self, path: str, documents: list[IndexDocument]) -> None:
        self.engine.replace_source(path, documents)

    def delete_source(self, path: str) -> None:
        self.engine.delete_source(path)

    def commit(self) -> None:
        self.engine.commit()

    def close(self) -> None:
        try:
            self.engine.close()
        finally:
            self.lock.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def default_index_dir() -> Path:
    return Path(os.environ.get("JIANBAO_INDEX", "archive/index"))


__all__ = [
    "IndexUnavailable",
    "IndexWriter",
    "default_index_dir",
    "exists",
    "index_fields",
    "open_for_search",
    "unit_tree",
]
