"""Bulk incremental indexing: decide what changed, ingest it in N processes, write it with one writer.

Unchanged files are recognised by size and mtime first, then by hash. A changed
file's articles are replaced in the same commit that adds the new ones. The
writer commits in batches, whoosh first and the catalog after: a crash between
the two only makes the next run redo those files, which replaces by path and so
never duplicates.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from indexer.catalog import Catalog
from indexer.index import IndexWriter, index_fields
from indexer.ingest import Ingested, failed_source, ingest

COMMIT_EVERY_FILES = 200
COMMIT_EVERY_SECONDS = 30.0


@dataclass
class Options:
    jobs: int = 1
    ocr: bool = True
    prune: bool = False
    rebuild: bool = False
    wait_seconds: float = 30.0
    timeout_seconds: float = 600.0
    progress: bool = False
    commit_every: int = COMMIT_EVERY_FILES
    cluster: str | None = None  # a Dask scheduler's address: ingest runs on its workers
    ship_files: bool = False  # send file bytes to the cluster instead of a path all workers see


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    still_failed: int = 0
    pruned: int = 0
    rebuilt: int = 0
    articles: int = 0
    ocr_skipped: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self, index_dir: Path) -> dict:
        return {
            "index": str(index_dir),
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "still_failed": self.still_failed,
            "pruned": self.pruned,
            "rebuilt": self.rebuilt,
            "articles": self.articles,
            "ocr_skipped": self.ocr_skipped,
            "seconds": round(self.seconds, 3),
        }


IGNORE_FILE = ".jianbaoignore"


def _holds_an_index(folder: Path) -> bool:
    return (folder / "catalog.sqlite").exists() or (folder / "jianbao.lock").exists()


def _ignored_names(folder: Path) -> list[str]:
    """fnmatch patterns, one a line, from the folder's .jianbaoignore (for that folder and below)."""
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _walk(folder: Path):
    patterns_by_dir: dict[str, list[str]] = {}
    for root, dirs, names in os.walk(folder):
        parent = patterns_by_dir.get(str(Path(root).parent), [])
        patterns = patterns_by_dir[root] = parent + _ignored_names(Path(root))
        dirs[:] = sorted(d for d in dirs if _kept(d, patterns) and not _holds_an_index(Path(root, d)))
        yield from (str(Path(root, n).resolve()) for n in sorted(names) if _kept(n, patterns))


def _kept(name: str, patterns: list[str]) -> bool:
    return not name.startswith(".") and not any(fnmatch(name, p) for p in patterns)


def collect_files(paths: list[str]) -> tuple[list[str], list[dict]]:
    """Files under the given paths, and the paths that do not exist.

    Left out: hidden files, index folders, and names matched by a .jianbaoignore.
    """
    files, missing = [], []
    for given in paths:
        path = Path(given)
        if path.is_file():
            files.append(str(path.resolve()))
        elif path.is_dir():
            files.extend(_walk(path))
        else:
            missing.append({"path": given, "reason": "文件或目录不存在"})
    return list(dict.fromkeys(files)), missing


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def needs_ingest(path: str, catalog: Catalog, ocr: bool) -> bool:
    row = catalog.source(path)
    if row is None:
        return True
    if ocr and row.ocr_skipped:
        return True  # indexed earlier with --no-ocr: now read the skipped pages
    stat = os.stat(path)
    if row.size == stat.st_size and row.mtime == stat.st_mtime:
        return False
    if row.status != "failed" and row.size == stat.st_size and row.sha256 == sha256_of(path):
        catalog.touch(path, stat.st_size, stat.st_mtime)
        return False
    return True


def _on_timeout(signum, frame):
    raise TimeoutError


def ingest_bounded(path: str, ocr: bool, timeout_seconds: float, ocr_cache: Path | None = None) -> Ingested:
    """ingest() with a wall-clock bound, so that one pathological file cannot stall the batch."""
    previous = signal.signal(signal.SIGALRM, _on_timeout)
    signal.setitimer(signal.ITIMER_REAL, timeout_seconds)
    try:
        return ingest(path, ocr=ocr, ocr_cache=ocr_cache)
    except TimeoutError:
        return Ingested(
            source=failed_source(path), error=f"处理超时：超过 {timeout_seconds:g} 秒仍未读完，已跳过"
        )
    except MemoryError:
        return Ingested(source=failed_source(path), error="内存不足：文件过大或结构异常，已跳过")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ingested_stream(paths: list[str], options: Options, ocr_cache: Path):
    if options.cluster:
        from indexer.cluster import cluster_stream

        yield from cluster_stream(
            paths,
            address=options.cluster,
            ocr=options.ocr,
            timeout_seconds=options.timeout_seconds,
            ocr_cache=ocr_cache,
            ship_files=options.ship_files,
        )
        return
    # The per-file time bound is a signal, and signals reach only the main thread: elsewhere
    # (a web server's upload) the files go to a worker process even when one job is asked for.
    if options.jobs <= 1 and threading.current_thread() is threading.main_thread():
        for path in paths:
            yield ingest_bounded(path, options.ocr, options.timeout_seconds, ocr_cache)
        return
    with ProcessPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        yield from pool.map(
            ingest_bounded,
            paths,
            [options.ocr] * len(paths),
            [options.timeout_seconds] * len(paths),
            [ocr_cache] * len(paths),
            chunksize=1,
        )


class _Batch:
    """Writes ingested files; commits the index and then the catalog every so often."""

    def __init__(self, writer: IndexWriter, catalog: Catalog, summary: Summary, commit_every: int):
        self.writer, self.catalog, self.summary = writer, catalog, summary
        self.commit_every = commit_every
        self.pending = 0
        self.last_commit = time.monotonic()

    def write(self, result: Ingested) -> None:
        path = result.source["path"]
        previous = self.catalog.source(path)
        if result.error:
            self._fail(result, previous)
        else:
            self._index(result, previous)
        self.pending += 1
        if self.pending >= self.commit_every or time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS:
            self.commit()

    def _fail(self, result: Ingested, previous) -> None:
        # A file that was readable before keeps its articles: a bad update must not lose what was indexed.
        self.summary.failed.append({"path": result.source["path"], "reason": result.error})
        if previous and previous.status == "indexed":
            self.catalog.db.execute(
                "UPDATE sources SET status='failed', error=? WHERE path=?",
                (result.error, result.source["path"]),
            )
        else:
            self.catalog.record_failed(result.source, result.error)

    def _index(self, result: Ingested, previous) -> None:
        source = result.source
        original = self.catalog.indexed_path_with_sha(source["sha256"], other_than=source["path"])
        if original:
            self.writer.delete_source(source["path"])
            self.catalog.record_duplicate(source, original)
            self.summary.duplicates.append({"path": source["path"], "duplicate_of": original})
            return
        self.writer.replace_source(source["path"], result.fields)
        self.catalog.record_indexed(source, result.records)
        self.summary.articles += len(result.records)
        if previous is None:
            self.summary.new += 1
        else:
            self.summary.updated += 1
        if source.get("ocr_skipped"):
            self.summary.ocr_skipped.append({"path": source["path"], "pages": source["ocr_skipped"]})

    def commit(self) -> None:
        self.writer.commit()
        self.catalog.commit()
        self.pending = 0
        self.last_commit = time.monotonic()


def rebuild_from_catalog(writer: IndexWriter, catalog: Catalog) -> int:
    count = 0
    for row in catalog.sources():
        if row.status == "indexed" or (row.status == "failed" and row.article_ids):
            fields = [index_fields(record) for record in catalog.records(row.path)]
            writer.replace_source(row.path, fields)
            count += len(fields)
    writer.commit()
    return count


def prune_missing(roots: list[str], writer: IndexWriter, catalog: Catalog) -> int:
    """Forget sources under the given roots that no longer exist on disk."""
    prefixes = [str(Path(r).resolve()) for r in roots]
    gone = [
        row.path
        for row in catalog.sources()
        if any(row.path == p or row.path.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)
        and not os.path.exists(row.path)
    ]
    for path in gone:
        writer.delete_source(path)
        catalog.forget(path)
    return len(gone)


def ocr_cache_dir(index_dir: Path) -> Path:
    """OCR results live beside the index, not in it: an index deleted and rebuilt from the sources
    costs no OCR again. Hidden, so that indexing the archive folder never takes it for documents."""
    return Path(index_dir).resolve().parent / ".jianbao-ocr-cache"


def run(paths: list[str], index_dir: Path, options: Options) -> Summary:
    started = time.monotonic()
    summary = Summary()
    files, missing = collect_files(paths)
    summary.failed.extend(missing)
    with IndexWriter(index_dir, wait_seconds=options.wait_seconds, rebuild=options.rebuild) as writer:
        catalog = Catalog.beside(index_dir)
        try:
            if options.rebuild:
                summary.rebuilt = rebuild_from_catalog(writer, catalog)
            todo = [path for path in files if needs_ingest(path, catalog, options.ocr)]
            summary.unchanged = len(files) - len(todo)
            unchanged = set(files).difference(todo)
            summary.still_failed = sum(1 for row in catalog.sources("failed") if row.path in unchanged)
            batch = _Batch(writer, catalog, summary, options.commit_every)
            stream = _ingested_stream(todo, options, ocr_cache_dir(index_dir))
            for result in _progress(stream, len(todo), options.progress):
                batch.write(result)
            if options.prune:
                summary.pruned = prune_missing(paths, writer, catalog)
            batch.commit()
        finally:
            catalog.close()
    summary.seconds = time.monotonic() - started
    return summary


def _progress(stream, total: int, enabled: bool):
    if not enabled or total == 0:
        return stream
    from tqdm import tqdm

    return tqdm(stream, total=total, unit="文件", desc="索引", file=sys.stderr)
