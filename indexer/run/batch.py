"""Bulk incremental indexing: decide what changed, ingest it in N processes, write it with one writer.

Unchanged files are recognised by size and mtime first, then by hash. A changed
file's articles are replaced in the same commit that adds the new ones. The
writer commits in batches, the index first and the catalog after: a crash between
the two only makes the next run redo those files, which replaces by path and so
never duplicates.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

from indexer import access
from indexer.engines.base import IndexWriter, Store
from indexer.engines.folder import is_index_folder
from indexer.extract import formats_reading
from indexer.faults import IndexUnavailable, from_os_error
from indexer.index import index_fields, stamped
from indexer.lang.text import one_line
from indexer.records import FileStat
from indexer.run import access_apply, follow_up_links, prune
from indexer.run.ingest import Ingested, file_stat, ingest, reparse
from indexer.run.progress import Progress
from indexer.run.workers import Job, run_jobs
from indexer.store import pipeline_version, versions
from indexer.store.catalog import Catalog, SourceRow

log = logging.getLogger(__name__)

COMMIT_EVERY_FILES = 200
COMMIT_EVERY_SECONDS = 30.0


@dataclass
class Options:
    jobs: int = 1
    ocr: bool = True
    prune: bool = False
    force: bool = False  # --force: prune past the share limit; a rebuild that empties the index
    wait_seconds: float = 30.0
    timeout_seconds: float = 600.0
    progress: bool | str = False  # True/"bar": a bar; "lines": plain lines (see indexer.run.progress)
    commit_every: int = COMMIT_EVERY_FILES
    engine: str | None = None  # a new or rebuilt index's engine; else the one it was made with
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
    reparsed: int = 0
    reparse_reasons: list[str] = field(default_factory=list)
    access_changed: int = 0  # sources given another access token (the access file changed)
    pruned: int = 0
    prune_refused: list[dict] = field(default_factory=list)
    rebuilt: int = 0
    rebuilt_from: str | None = None  # "catalog" | "sources"
    articles: int = 0
    ocr_skipped: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self, store: Store) -> dict:
        return {
            "index": store.shown,  # a DSN without its password
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "still_failed": self.still_failed,
            "reparsed": self.reparsed,
            "reparse_reasons": self.reparse_reasons,
            "access_changed": self.access_changed,
            "pruned": self.pruned,
            "prune_refused": self.prune_refused,
            "rebuilt": self.rebuilt,
            "rebuilt_from": self.rebuilt_from,
            "articles": self.articles,
            "ocr_skipped": self.ocr_skipped,
            "seconds": round(self.seconds, 3),
        }


IGNORE_FILE = ".jianbaoignore"


def _ignored_names(folder: Path) -> list[str]:
    """fnmatch patterns, one a line, from the folder's .jianbaoignore (for that folder and below)."""
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _walk(folder: Path, listing: prune.RootListing, refused: list[dict]):
    """The real paths of the files under ``folder``; a name whose link leads out of it, or nowhere, is
    refused: the index holds only what lies inside the roots it was given."""
    patterns_by_dir: dict[str, list[str]] = {}

    def could_not_list(error: OSError) -> None:
        listing.unreadable.append(os.path.realpath(error.filename) if error.filename else str(folder))

    for root, dirs, names in os.walk(folder, onerror=could_not_list):
        parent = patterns_by_dir.get(str(Path(root).parent), [])
        patterns = patterns_by_dir[root] = parent + _ignored_names(Path(root))
        dirs[:] = sorted(d for d in dirs if _kept(d, patterns) and not is_index_folder(Path(root, d)))
        for name in sorted(names):
            if _kept(name, patterns):
                found = str(Path(root, name))
                if not _encodable(found):
                    refused.append(
                        {"path": found.encode("utf-8", "replace").decode("utf-8"), "reason": UNDECODABLE}
                    )
                    continue
                real = inside(found, listing.path)
                if real is None:
                    refused.append({"path": found, "reason": _refusal(found, listing)})
                else:
                    yield real


UNDECODABLE = "文件名不是有效的 UTF-8 编码，无法记录与显示，未索引（请改名）"
OUTSIDE = "符号链接指向所给目录之外，未索引（只索引目录之内的文件）"
UNRESOLVED = "符号链接无法解析（循环或层级过深），未索引"


def inside(path: str, root: str) -> str | None:
    """``path``'s real path when it lies under ``root`` (a real path), else None (a link out, a loop)."""
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        real = os.path.realpath(path)  # vanished meanwhile: planning reports it
    except OSError:
        return None
    return real if prune.under(real, root) else None


def _encodable(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name, as os.fsdecode keeps them
        return False
    return True


def _refusal(path: str, listing: prune.RootListing) -> str:
    try:
        target = os.path.realpath(path, strict=True)
    except OSError:
        return UNRESOLVED
    listing.escaped.append(target)  # an older release may have indexed it: --prune forgets it
    return OUTSIDE


def _kept(name: str, patterns: list[str]) -> bool:
    """Hidden names, the access file (rules, not a document) and names a .jianbaoignore matches are left out."""
    return (
        name != access.ACCESS_FILE
        and not name.startswith(".")
        and not any(fnmatch(name, p) for p in patterns)
    )


@dataclass
class Collected:
    files: list[str]
    missing: list[dict]  # {"path", "reason"}: given paths that do not exist or cannot be listed
    listings: list[prune.RootListing]


def collect(paths: list[str]) -> Collected:
    """Files under the given paths (their real paths, each inside its root), the paths that cannot be read
    or lead out of their root, and what could be listed (for --prune).

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
            files.extend(_walk(path, listing, missing))
            missing.extend(
                {"path": d, "reason": "目录无法列出，其中的文件未索引"} for d in listing.unreadable
            )
        elif not _encodable(listing.path):
            missing.append(
                {"path": listing.path.encode("utf-8", "replace").decode("utf-8"), "reason": UNDECODABLE}
            )
        else:
            files.append(listing.path)
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


def _same_file(row: SourceRow, stat: FileStat) -> bool:
    """The file looks as it did when it was read: size and mtime, and (where recorded) ctime and inode,
    which change when a file is deleted and recreated, whatever mtime the new one was given."""
    if row.size != stat["size"] or row.mtime != stat["mtime"]:
        return False
    if row.ctime_ns is not None and row.ctime_ns != stat["ctime_ns"]:
        return False
    return row.inode is None or row.inode == stat["inode"]


READ, REPARSE, STALE = "read", "reparse", "stale"


PagesCurrent = Callable[[str | None, str | None], bool]  # (old pipeline version, format) → pages still stand


def decide(
    path: str, catalog: Catalog, ocr: bool, version: str, pages_current: PagesCurrent = lambda old, fmt: True
) -> str | None:
    """What a file needs: READ it (new or changed), REPARSE its stored pages (made by another pipeline
    version), read it again for being STALE (another version, and no pages stored or its extractor's data
    files changed since), or nothing (None). Raises FileNotFoundError if it vanished meanwhile."""
    row = catalog.source(path)
    if row is None or (ocr and row.ocr_skipped):  # new, or indexed with --no-ocr: read the skipped pages
        return READ
    stat = file_stat(path)
    if stat is None:
        raise FileNotFoundError(path)
    if not _same_file(row, stat):
        if row.status == "failed" or row.size != stat["size"] or row.sha256 != sha256_of(path):
            return READ
        catalog.touch(path, stat)  # the stat taken before hashing: a later change still shows next run
    if row.pipeline == version or row.status == "duplicate":
        return None
    if row.status == "indexed" and catalog.has_extracted(path) and pages_current(row.pipeline, row.format):
        return REPARSE
    return STALE


@dataclass
class Plan:
    read: list[str] = field(default_factory=list)
    reparse: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    old_versions: set[str | None] = field(default_factory=set)


def plan(
    files: list[str],
    catalog: Catalog,
    ocr: bool,
    summary: Summary,
    version: str,
    manifest: dict | None = None,
) -> Plan:
    todo = Plan()
    pages_current = _pages_current(catalog, manifest)
    for path in files:
        try:
            decision = decide(path, catalog, ocr, version, pages_current)
        except FileNotFoundError:
            summary.failed.append({"path": path, "reason": VANISHED})
            continue
        except OSError as error:
            summary.failed.append({"path": path, "reason": f"无法读取文件：{error.strerror or error}"})
            continue
        if decision is None:
            continue
        getattr(todo, decision).append(path)
        if decision != READ:
            row = catalog.source(path)
            todo.old_versions.add(row.pipeline if row else None)
    return todo


def _pages_current(catalog: Catalog, manifest: dict | None) -> PagesCurrent:
    """Pages stored under an old version stand unless a data file their format's extractor reads has
    changed since (those sources are read again; their OCR comes from the cache)."""

    @cache
    def stale_formats(old: str | None) -> set[str]:
        old_manifest = catalog.pipeline_manifest(old) if old else None
        return formats_reading(pipeline_version.changed_files(old_manifest, manifest)) if manifest else set()

    return lambda old, fmt: fmt not in stale_formats(old)


def _ingested_stream(
    paths: list[str], options: Options, ocr_cache: Path, catalog: Catalog | None = None, reparse: bool = False
) -> Iterator[Ingested]:
    """Each file read (or re-parsed from its stored pages) in a worker process, stopped at the per-file
    bound (see indexer.run.workers)."""
    if reparse:  # from the catalog's pages: local workers, whatever --cluster says
        assert catalog is not None
        jobs = (_reparse_job(path, catalog) for path in paths)
    elif options.cluster:
        from indexer.run.cluster import cluster_stream

        return cluster_stream(
            paths,
            address=options.cluster,
            ocr=options.ocr,
            timeout_seconds=options.timeout_seconds,
            ocr_cache=ocr_cache,
            ship_files=options.ship_files,
        )
    else:
        jobs = (Job(path, ingest_file, (path, options.ocr, ocr_cache), file_stat(path)) for path in paths)
    return run_jobs(jobs, options.jobs, options.timeout_seconds)


def _reparse_job(path: str, catalog: Catalog) -> Job:
    row = catalog.source(path)
    assert row is not None
    source = {
        "path": row.path,
        "sha256": row.sha256,
        "size": row.size,
        "mtime": row.mtime,
        "ctime_ns": row.ctime_ns,
        "inode": row.inode,
        "format": row.format,
        "pages": row.pages,
        "ocr": row.ocr,
        "ocr_skipped": row.ocr_skipped,
    }
    return Job(path, reparse, (catalog.extracted(path), source), source)


def ingest_file(path: str, ocr: bool, ocr_cache: Path | None) -> Ingested:
    return ingest(path, ocr=ocr, ocr_cache=ocr_cache)


class _Batch:
    """Writes ingested files; commits the index and then the catalog every so often."""

    def __init__(
        self,
        writer: IndexWriter,
        catalog: Catalog,
        summary: Summary,
        commit_every: int,
        version: str,
        policy: access.Policy = access.OPEN_POLICY,
    ):
        self.writer, self.catalog, self.summary = writer, catalog, summary
        self.policy = policy
        self.commit_every = commit_every
        self.version = version
        self.stale: set[str] = set()  # re-done for their pipeline version, not for a change of the file
        self.written: set[str] = set()  # sources whose articles and statements were replaced or dropped
        self.pending = 0
        self.index_changed = False
        self.last_commit = time.monotonic()

    def delete(self, path: str) -> None:
        self.writer.delete_source(path)
        self.index_changed = True

    def write(self, result: Ingested) -> None:
        path = result.source["path"]
        previous = self.catalog.source(path)
        if result.error:
            self._fail(result, previous)
        else:
            self._index_alone(result, previous)
        self.pending += 1
        if self.pending >= self.commit_every or time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS:
            self.commit()

    def _index_alone(self, result: Ingested, previous) -> None:
        """One file's writes, all or none: any error of its own (text a store refuses, a bug) becomes that
        file's failure and the batch goes on. A store that cannot write at all (a full disk, a read-only or
        damaged index) stops the run, as it would for every file after."""
        try:
            with self.catalog.one_file():
                self._index(result, previous)
        except IndexUnavailable:
            raise
        except Exception as error:
            if isinstance(error, OSError) and from_os_error(error, self.writer.store.shown) is not None:
                raise
            log.exception("写入失败：%s", one_line(result.source["path"]))
            self._restore(result.source["path"], previous)
            failed = Ingested(source=result.source, error=f"写入索引失败：{type(error).__name__}: {error}")
            self._fail(failed, previous)

    def _restore(self, path: str, previous) -> None:
        """The index as it was for this file before the failed write (the catalog's savepoint undid its side)."""
        self.writer.rolled_back()
        if previous is not None and previous.article_ids:
            self.writer.replace_source(path, [index_fields(r) for r in self.catalog.records(path)])
        else:
            self.writer.delete_source(path)
        self.index_changed = True

    def _fail(self, result: Ingested, previous) -> None:
        # A file that was readable before keeps its articles: a bad update must not lose what was indexed.
        error = result.error or "处理失败"
        self.summary.failed.append({"path": result.source["path"], "reason": error})
        if previous and previous.status == "indexed":
            self.catalog.mark_failed(result.source, error, pipeline=self.version)
        else:
            self.catalog.record_failed(result.source, error, pipeline=self.version)
            self.written.add(result.source["path"])

    def _index(self, result: Ingested, previous) -> None:
        source = result.source
        original = self.catalog.indexed_path_with_sha(source["sha256"], other_than=source["path"])
        original = original or versions.version_of(self.catalog, source, result.records)
        # The catalog first, the engine last: an error before the engine's step leaves nothing to undo there
        # (an engine cannot always take back what it added before a commit).
        token = self.policy.token_of(source["path"], result.marking)
        self.written.add(source["path"])
        if original:
            self.catalog.record_duplicate(
                source, original, pipeline=self.version, marking=result.marking, access=token
            )
            self.delete(source["path"])
            self.summary.duplicates.append({"path": source["path"], "duplicate_of": original})
            return
        access.stamp(result.records, token)
        self.catalog.record_indexed(
            source, result.records, extracted=result.extracted, pipeline=self.version, marking=result.marking
        )
        versions.remember(self.catalog, source["path"], result.records)
        self.writer.replace_source(source["path"], [stamped(doc, token) for doc in result.fields])
        self.index_changed = True
        self.summary.articles += len(result.records)
        if result.reparsed or source["path"] in self.stale:
            self.summary.reparsed += 1
        elif previous is None:
            self.summary.new += 1
        else:
            self.summary.updated += 1
        if source.get("ocr_skipped"):
            self.summary.ocr_skipped.append({"path": source["path"], "pages": source["ocr_skipped"]})

    def commit(self) -> None:
        # The index reaches the disk before the catalog says so: the catalog never claims what the index lost.
        self.writer.commit()
        if self.index_changed:
            self.writer.store.make_durable()
        self.catalog.commit()
        self.index_changed = False
        self.pending = 0
        self.last_commit = time.monotonic()


def _prune(collected: Collected, batch: _Batch, options: Options) -> list[str]:
    """Forget the sources that are gone (within the rule of indexer.run.prune); the duplicates they leave
    without an original are returned, to be indexed now."""
    batch.commit()  # own writer session: a delete must not miss articles added earlier in this run
    planned = prune.plan(collected.listings, batch.catalog, force=options.force)
    batch.summary.prune_refused = planned.refused
    orphans = batch.catalog.duplicates_of(planned.gone) if planned.gone else []
    for path in planned.gone:
        batch.delete(path)
        batch.catalog.forget(path)
    for path in orphans:
        batch.catalog.forget(path)
    batch.written.update(planned.gone + orphans)
    batch.summary.pruned = len(planned.gone)
    batch.commit()
    return [path for path in orphans if path not in planned.gone]


def run(paths: list[str], store: Store, options: Options) -> Summary:
    """Index the given paths incrementally (a rebuild is ``indexer.run.rebuild``). A full disk, a read-only
    index or a damaged catalog raise the named faults of indexer.faults; bad files only fail alone."""
    try:
        return _run(paths, store, options)
    except OSError as error:
        fault = from_os_error(error, store.shown)
        if fault is None:
            raise
        raise fault from error


def _run(paths: list[str], store: Store, options: Options) -> Summary:
    started = time.monotonic()
    summary = Summary()
    collected = collect(paths)
    summary.failed.extend(collected.missing)
    with store.writer(wait_seconds=options.wait_seconds, engine=options.engine) as writer:
        catalog = store.catalog(writing=True)
        try:
            version = pipeline_version.current()
            catalog.record_pipeline(version.version, version.manifest)
            policy = access_apply.current_policy(store)
            applied = access_apply.apply(catalog, writer, policy)
            summary.access_changed = applied.sources
            todo = plan(collected.files, catalog, options.ocr, summary, version.version, version.manifest)
            summary.reparse_reasons = _reasons(todo.old_versions, catalog, version)
            done = set(todo.read) | set(todo.reparse) | set(todo.stale) | {f["path"] for f in summary.failed}
            unchanged = set(collected.files) - done
            summary.unchanged = len(unchanged)
            summary.still_failed = sum(1 for row in catalog.sources("failed") if row.path in unchanged)
            batch = _Batch(writer, catalog, summary, options.commit_every, version.version, policy)
            batch.stale.update(todo.stale)
            cache = store.cache_dir("ocr")
            with Progress.of(todo.read + todo.stale, todo.reparse, options.progress, options.ocr) as progress:
                _write(_ingested_stream(todo.read + todo.stale, options, cache), batch, progress)
                _write(_ingested_stream(todo.reparse, options, cache, catalog, reparse=True), batch, progress)
                if options.prune:
                    _write(
                        _ingested_stream(_prune(collected, batch, options), options, cache), batch, progress
                    )
            follow_up_links.link(catalog, batch.written)
            batch.commit()
        finally:
            catalog.close()
    summary.seconds = time.monotonic() - started
    return summary


def _write(stream: Iterator[Ingested], batch: _Batch, progress: Progress) -> None:
    for result in progress.track(stream):
        batch.write(result)


def _reasons(old_versions: set[str | None], catalog: Catalog, version) -> list[str]:
    reasons: list[str] = []
    for old in sorted(old_versions, key=str):
        manifest = catalog.pipeline_manifest(old) if old else None
        reasons.extend(
            r for r in pipeline_version.what_changed(manifest, version.manifest) if r not in reasons
        )
    return reasons
