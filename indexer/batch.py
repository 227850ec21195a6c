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
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from indexer import prune
from indexer.catalog import Catalog
from indexer.faults import catalog_missing, from_os_error
from indexer.index import IndexWriter, exists, index_fields
from indexer.ingest import Ingested, file_stat, ingest
from indexer.workers import Job, run_jobs

COMMIT_EVERY_FILES = 200
COMMIT_EVERY_SECONDS = 30.0


@dataclass
class Options:
    jobs: int = 1
    ocr: bool = True
    prune: bool = False
    force: bool = False  # --force: prune past the share limit, and a root that no longer exists
    rebuild: bool = False
    wait_seconds: float = 30.0
    timeout_seconds: float = 600.0
    progress: bool = False
    commit_every: int = COMMIT_EVERY_FILES


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    still_failed: int = 0
    pruned: int = 0
    prune_refused: list[dict] = field(default_factory=list)
    rebuilt: int = 0
    rebuilt_from: str | None = None  # "catalog" | "sources"
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
            "prune_refused": self.prune_refused,
            "rebuilt": self.rebuilt,
            "rebuilt_from": self.rebuilt_from,
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


def _walk(folder: Path, unreadable: list[str]):
    patterns_by_dir: dict[str, list[str]] = {}

    def could_not_list(error: OSError) -> None:
        unreadable.append(str(Path(error.filename).resolve()) if error.filename else str(folder))

    for root, dirs, names in os.walk(folder, onerror=could_not_list):
        parent = patterns_by_dir.get(str(Path(root).parent), [])
        patterns = patterns_by_dir[root] = parent + _ignored_names(Path(root))
        dirs[:] = sorted(d for d in dirs if _kept(d, patterns) and not _holds_an_index(Path(root, d)))
        yield from (str(Path(root, n).resolve()) for n in sorted(names) if _kept(n, patterns))


def _kept(name: str, patterns: list[str]) -> bool:
    return not name.startswith(".") and not any(fnmatch(name, p) for p in patterns)


@dataclass
class Collected:
    files: list[str]
    missing: list[dict]  # {"path", "reason"}: given paths that do not exist or cannot be listed
    listings: list[prune.RootListing]


def collect(paths: list[str]) -> Collected:
    """Files under the given paths, the paths that cannot be read, and what could be listed (for --prune).

    Left out: hidden files, index folders, and names matched by a .jianbaoignore.
    """
    files, missing, listings = [], [], []
    for given in paths:
        path = Path(given)
        listing = prune.listing_of(given, path)
        listings.append(listing)
        if listing.state == "missing":
            missing.append({"path": given, "reason": "文件或目录不存在"})
        elif listing.state == "unreadable":
            missing.append({"path": given, "reason": listing.reason})
        elif path.is_dir():
            files.extend(_walk(path, listing.unreadable))
            missing.extend(
                {"path": d, "reason": "目录无法列出，其中的文件未索引"} for d in listing.unreadable
            )
        else:
            files.append(str(path.resolve()))
    return Collected(list(dict.fromkeys(files)), missing, listings)


def collect_files(paths: list[str]) -> tuple[list[str], list[dict]]:
    collected = collect(paths)
    return collected.files, collected.missing


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


VANISHED = "文件在索引过程中被删除或移走，本次未处理（再次出现时下次运行会索引它）"


def _same_file(row, stat: dict) -> bool:
    """The file looks as it did when it was read: size and mtime, and (where recorded) ctime and inode,
    which change when a file is deleted and recreated, whatever mtime the new one was given."""
    if row.size != stat["size"] or row.mtime != stat["mtime"]:
        return False
    if row.ctime_ns is not None and row.ctime_ns != stat["ctime_ns"]:
        return False
    return row.inode is None or row.inode == stat["inode"]


def needs_ingest(path: str, catalog: Catalog, ocr: bool) -> bool:
    """Whether the file must be read again. Raises FileNotFoundError if it vanished meanwhile."""
    row = catalog.source(path)
    if row is None:
        return True
    if ocr and row.ocr_skipped:
        return True  # indexed earlier with --no-ocr: now read the skipped pages
    stat = file_stat(path)
    if stat is None:
        raise FileNotFoundError(path)
    if _same_file(row, stat):
        return False
    if row.status != "failed" and row.size == stat["size"] and row.sha256 == sha256_of(path):
        catalog.touch(path, stat)  # the stat taken before hashing: a later change still shows next run
        return False
    return True


def _todo(files: list[str], catalog: Catalog, ocr: bool, summary: Summary) -> list[str]:
    todo = []
    for path in files:
        try:
            if needs_ingest(path, catalog, ocr):
                todo.append(path)
        except FileNotFoundError:
            summary.failed.append({"path": path, "reason": VANISHED})
        except OSError as error:
            summary.failed.append({"path": path, "reason": f"无法读取文件：{error.strerror or error}"})
    return todo


def _ingested_stream(paths: list[str], options: Options, ocr_cache: Path) -> Iterator[Ingested]:
    """Each file read in a worker process, stopped at the per-file bound (see indexer.workers)."""
    jobs = (Job(path, ingest_file, (path, options.ocr, ocr_cache), file_stat(path)) for path in paths)
    return run_jobs(jobs, options.jobs, options.timeout_seconds)


def ingest_file(path: str, ocr: bool, ocr_cache: Path | None) -> Ingested:
    return ingest(path, ocr=ocr, ocr_cache=ocr_cache)


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
        error = result.error or "处理失败"
        self.summary.failed.append({"path": result.source["path"], "reason": error})
        if previous and previous.status == "indexed":
            self.catalog.mark_failed(result.source, error)
        else:
            self.catalog.record_failed(result.source, error)

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
        # The index reaches the disk before the catalog says so: the catalog never claims what the index lost.
        self.writer.commit()
        sync_folder(self.writer.index_dir)
        self.catalog.commit()
        self.pending = 0
        self.last_commit = time.monotonic()


def sync_folder(folder: Path) -> None:
    """fsync the index files and the folder, so a commit survives a power cut (files unchanged cost nothing)."""
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and not entry.name.startswith("catalog.sqlite"):
            descriptor = os.open(entry.path, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def rebuild_from_catalog(writer: IndexWriter, catalog: Catalog) -> int:
    count = 0
    for row in catalog.sources():
        if row.status == "indexed" or (row.status == "failed" and row.article_ids):
            fields = [index_fields(record) for record in catalog.records(row.path)]
            writer.replace_source(row.path, fields)
            count += len(fields)
    writer.commit()
    return count


def _prune(collected: Collected, batch: _Batch, options: Options) -> list[str]:
    """Forget the sources that are gone (within the rule of indexer.prune); the duplicates they leave
    without an original are returned, to be indexed now."""
    batch.commit()  # own writer session: a delete must not miss articles added earlier in this run
    planned = prune.plan(collected.listings, batch.catalog, force=options.force)
    batch.summary.prune_refused = planned.refused
    orphans = batch.catalog.duplicates_of(planned.gone) if planned.gone else []
    for path in planned.gone:
        batch.writer.delete_source(path)
        batch.catalog.forget(path)
    for path in orphans:
        batch.catalog.forget(path)
    batch.summary.pruned = len(planned.gone)
    batch.commit()
    return [path for path in orphans if path not in planned.gone]


def ocr_cache_dir(index_dir: Path) -> Path:
    """OCR results live beside the index, not in it: an index deleted and rebuilt from the sources
    costs no OCR again. Hidden, so that indexing the archive folder never takes it for documents."""
    return Path(index_dir).resolve().parent / ".jianbao-ocr-cache"


def run(paths: list[str], index_dir: Path, options: Options) -> Summary:
    """Index the given paths incrementally (or rebuild, see indexer.rebuild). A full disk, a read-only
    index or a damaged catalog raise the named faults of indexer.faults; bad files only fail alone."""
    if options.rebuild:
        from indexer.rebuild import rebuild

        return rebuild(paths, Path(index_dir), options)
    try:
        return _run(paths, Path(index_dir), options)
    except OSError as error:
        fault = from_os_error(error, Path(index_dir))
        if fault is None:
            raise
        raise fault from error


def _run(paths: list[str], index_dir: Path, options: Options) -> Summary:
    started = time.monotonic()
    summary = Summary()
    collected = collect(paths)
    summary.failed.extend(collected.missing)
    had_index = _holds_an_index_already(index_dir)
    with IndexWriter(index_dir, wait_seconds=options.wait_seconds) as writer:
        if had_index and not (index_dir / "catalog.sqlite").exists():
            raise catalog_missing(index_dir / "catalog.sqlite")
        catalog = Catalog.for_writing(index_dir)
        try:
            todo = _todo(collected.files, catalog, options.ocr, summary)
            unchanged = set(collected.files).difference(todo, (f["path"] for f in summary.failed))
            summary.unchanged = len(unchanged)
            summary.still_failed = sum(1 for row in catalog.sources("failed") if row.path in unchanged)
            batch = _Batch(writer, catalog, summary, options.commit_every)
            _write_all(todo, batch, options, index_dir)
            if options.prune:
                _write_all(_prune(collected, batch, options), batch, options, index_dir)
            batch.commit()
        finally:
            catalog.close()
    summary.seconds = time.monotonic() - started
    return summary


def _holds_an_index_already(index_dir: Path) -> bool:
    try:
        return exists(index_dir)
    except Exception:  # a damaged TOC: there is an index, and opening it will name the damage
        return True


def _write_all(paths: list[str], batch: _Batch, options: Options, index_dir: Path) -> None:
    stream = _ingested_stream(paths, options, ocr_cache_dir(index_dir))
    for result in _progress(stream, len(paths), options.progress):
        batch.write(result)


def _progress(stream, total: int, enabled: bool):
    if not enabled or total == 0:
        return stream
    from tqdm import tqdm

    return tqdm(stream, total=total, unit="文件", desc="索引", file=sys.stderr)
