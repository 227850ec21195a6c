"""``jianbao index --rebuild``: a new index built beside the old one, then swapped in at once.

From the catalog when it passes its integrity check (no source is read); from the sources
when the catalog is damaged or missing and document folders are given (OCR comes from the
cache). The new index folder is built as a hidden sibling, and exchanged with the old folder
in one ``renameat2(RENAME_EXCHANGE)``, so that readers see the old index or the new one,
never none and never half of one. The old folder stays beside as ``.NAME.replaced`` until
the next rebuild (readers that still hold it keep working). Any failure before the swap
removes the sibling and leaves the old index serving, untouched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from indexer.engines import engine_of
from indexer.faults import CatalogDamaged, CatalogMissing, IndexUnavailable, RebuildRefused, from_os_error
from indexer.index import IndexWriter, open_for_search
from indexer.store.catalog import CATALOG_NAME, Catalog
from indexer.store.lock import IndexLock

log = logging.getLogger(__name__)

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def rebuild(paths: list[str], index_dir: Path, options):
    """Rebuild the index (and, from the sources, the catalog); then index ``paths`` incrementally."""
    try:
        return _rebuild(paths, index_dir.absolute(), options)
    except OSError as error:
        fault = from_os_error(error, index_dir)
        if fault is None:
            raise
        raise fault from error


def _rebuild(paths: list[str], index_dir: Path, options):
    from indexer.run.batch import Summary, _run

    started = time.monotonic()
    if not index_dir.exists() and not paths:
        raise IndexUnavailable(f"索引不存在：{index_dir}（无从重建；先运行 jianbao index 文档目录…）")
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = IndexLock(index_dir / "jianbao.lock")
    lock.acquire(options.wait_seconds)
    try:
        staging = _fresh_staging(index_dir)
        try:
            fault = catalog_fault(index_dir)
            if fault is None:
                summary = Summary(
                    rebuilt=_from_catalog(index_dir, staging, options.engine), rebuilt_from="catalog"
                )
            elif paths:
                log.warning("%s；从源文件重建", fault)
                engine = options.engine or engine_of(index_dir)
                summary = _run(
                    paths,
                    staging,
                    replace(options, rebuild=False, prune=False, wait_seconds=0, engine=engine),
                )
                summary.rebuilt, summary.rebuilt_from = summary.articles, "sources"
            else:
                raise fault
            _refuse_emptier(index_dir, staging, options.force)
            _swap(staging, index_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        lock.release()
    if summary.rebuilt_from == "catalog" and paths:
        incremental = _run(paths, index_dir, replace(options, rebuild=False))
        incremental.rebuilt, incremental.rebuilt_from = summary.rebuilt, "catalog"
        summary = incremental
    summary.seconds = time.monotonic() - started
    return summary


def catalog_fault(index_dir: Path) -> CatalogMissing | CatalogDamaged | None:
    """Why the catalog cannot be trusted with a rebuild (missing, damaged, failing integrity_check), or None."""
    try:
        with Catalog.beside(index_dir) as catalog:
            catalog.verify()
    except (CatalogMissing, CatalogDamaged) as fault:
        return fault
    return None


def _from_catalog(index_dir: Path, staging: Path, engine: str | None) -> int:
    from indexer.run.batch import COMMIT_EVERY_FILES, rebuild_from_catalog, sync_folder

    with Catalog.beside(index_dir) as old:
        old.copy_to(staging / CATALOG_NAME)  # a consistent copy of the verified catalog
    engine = engine or engine_of(index_dir)  # a rebuild keeps the engine unless --engine says otherwise
    with (
        IndexWriter(staging, wait_seconds=0, engine=engine) as writer,
        Catalog.for_writing(staging) as catalog,
    ):
        rebuilt = rebuild_from_catalog(writer, catalog, commit_every=COMMIT_EVERY_FILES)
        _advance_generation(writer, index_dir)
        sync_folder(staging)
    return rebuilt


def _advance_generation(writer: IndexWriter, old_dir: Path) -> None:
    """A reader refreshes when the index it holds differs from the folder's: make the new one differ."""
    writer.engine.advance_past(old_dir)


def _refuse_emptier(index_dir: Path, staging: Path, force: bool) -> None:
    if force:
        return
    before, after = _article_count(index_dir), _article_count(staging)
    if before and not after:
        raise RebuildRefused(
            f"拒绝重建：现有索引 {index_dir} 有 {before} 篇文章，重建的结果却一篇也没有"
            f"（文档目录未挂载或为空？）；原索引保持不变。确实要换成空索引时加 --force"
        )


def _article_count(index_dir: Path) -> int:
    try:
        return open_for_search(index_dir, allow_empty=True).doc_count()
    except IndexUnavailable:
        return 0


def _fresh_staging(index_dir: Path) -> Path:
    staging = index_dir.parent / f".{index_dir.name}.rebuilding"
    shutil.rmtree(staging, ignore_errors=True)  # what a rebuild that died left
    staging.mkdir()
    return staging


def replaced_dir(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.replaced"


def _swap(staging: Path, index_dir: Path) -> None:
    """Put staging where index_dir is, at once; the old folder goes to .NAME.replaced."""
    replaced = replaced_dir(index_dir)
    if _exchange(staging, index_dir):
        old = staging
    else:  # a file system without RENAME_EXCHANGE: two renames, a moment without an index
        old = index_dir.parent / f".{index_dir.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        os.rename(index_dir, old)
        os.rename(staging, index_dir)
    shutil.rmtree(replaced, ignore_errors=True)
    os.rename(old, replaced)
    _fsync(index_dir.parent)


def _exchange(a: Path, b: Path) -> bool:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
