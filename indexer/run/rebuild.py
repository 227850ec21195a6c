"""``jianbao index --rebuild``: the index made again, from the catalog or from the sources.

From the catalog when it passes its integrity check (no source is read); from the sources
when the catalog is damaged or missing and document folders are given (OCR comes from the
cache). Where the store rebuilds in place (a database), the articles are emptied and
written again in one transaction. Elsewhere (a folder) the new index is built aside in the
store's staging folder and swapped in at once (``FolderStore.replace_with``): any failure
before the swap removes the staging folder and leaves the old index serving, untouched.
The paths given are then indexed incrementally, as ``jianbao index`` does.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from indexer import access
from indexer.engines.base import IndexUnavailable, IndexWriter, Store
from indexer.engines.folder import FolderStore
from indexer.faults import CatalogDamaged, CatalogMissing, RebuildRefused, from_os_error
from indexer.index import index_fields, open_for_search
from indexer.run import access_apply
from indexer.run.batch import COMMIT_EVERY_FILES, Options, Summary, run
from indexer.store import access_state
from indexer.store.catalog import Catalog

log = logging.getLogger(__name__)


def rebuild(paths: list[str], store: Store, options: Options) -> Summary:
    """Rebuild the index (and, from the sources, the catalog); then index ``paths`` incrementally."""
    started = time.monotonic()
    try:
        policy = access_apply.current_policy(store)
        if store.rebuilds_in_place:
            summary = Summary(rebuilt=_in_place(store, options, policy), rebuilt_from="catalog")
        else:
            assert isinstance(store, FolderStore)
            summary = _aside(paths, store, options, policy)
    except OSError as error:
        fault = from_os_error(error, store.shown)
        if fault is None:
            raise
        raise fault from error
    if summary.rebuilt_from == "catalog" and paths:
        incremental = run(paths, store, options)
        incremental.rebuilt, incremental.rebuilt_from = summary.rebuilt, "catalog"
        summary = incremental
    summary.seconds = time.monotonic() - started
    return summary


def rebuild_from_catalog(
    writer: IndexWriter,
    catalog: Catalog,
    *,
    commit_every: int | None = None,
    policy: access.Policy = access.OPEN_POLICY,
) -> int:
    """Every article the catalog holds, written again, each source with the access token ``policy`` gives
    it. ``commit_every`` sources a commit: for an index built aside (nobody reads it before the swap), so
    that a writer never holds the whole archive's postings at once; a database is rebuilt in the one
    transaction its readers see whole."""
    count = pending = 0
    access_state.record_policy(catalog, policy)
    for row in catalog.sources():
        if row.status in ("indexed", "duplicate") or (row.status == "failed" and row.article_ids):
            access_apply.restamp(catalog, row, policy)
        if row.status == "indexed" or (row.status == "failed" and row.article_ids):
            fields = [index_fields(record) for record in catalog.records(row.path)]
            writer.replace_source(row.path, fields)
            count += len(fields)
            pending += 1
            if commit_every and pending >= commit_every:
                writer.commit()
                catalog.commit()  # the tokens given meanwhile, after the index holds them
                pending = 0
    writer.commit()
    catalog.commit()
    return count


def _in_place(store: Store, options: Options, policy: access.Policy) -> int:
    """Readers see the old index or the new one, never none: the articles are emptied and re-inserted from
    the catalog in the writer's first commit."""
    with (
        store.writer(wait_seconds=options.wait_seconds, create=True, engine=options.engine) as writer,
        store.catalog(writing=True) as catalog,
    ):
        return rebuild_from_catalog(writer, catalog, policy=policy)


def _aside(paths: list[str], store: FolderStore, options: Options, policy: access.Policy) -> Summary:
    if not store.folder.exists() and not paths:
        raise IndexUnavailable(f"索引不存在：{store.shown}（无从重建；先运行 jianbao index 文档目录…）")
    store.folder.mkdir(parents=True, exist_ok=True)
    lock = store.lock()
    lock.acquire(options.wait_seconds)
    try:
        staging = store.staging()
        try:
            summary = _build(paths, store, staging, options, policy)
            _refuse_emptier(store, staging, options.force)
            store.replace_with(staging)
        except BaseException:
            staging.discard()
            raise
    finally:
        lock.release()
    return summary


def _build(
    paths: list[str], store: FolderStore, staging: FolderStore, options: Options, policy: access.Policy
) -> Summary:
    engine = (
        options.engine or store.engine_name()
    )  # a rebuild keeps the engine unless --engine says otherwise
    fault = catalog_fault(store)
    if fault is None:
        return Summary(rebuilt=_from_catalog(store, staging, engine, policy), rebuilt_from="catalog")
    if not paths:
        raise fault
    log.warning("%s；从源文件重建", fault)
    summary = run(paths, staging, replace(options, prune=False, wait_seconds=0, engine=engine))
    summary.rebuilt, summary.rebuilt_from = summary.articles, "sources"
    return summary


def catalog_fault(store: Store) -> CatalogMissing | CatalogDamaged | None:
    """Why the catalog cannot be trusted with a rebuild (missing, damaged, failing integrity_check), or None."""
    try:
        with store.catalog() as catalog:
            catalog.verify()
    except (CatalogMissing, CatalogDamaged) as fault:
        return fault
    return None


def _from_catalog(store: FolderStore, staging: FolderStore, engine: str | None, policy: access.Policy) -> int:
    with store.catalog() as old:
        old.copy_to(staging.catalog_path)  # a consistent copy of the verified catalog
    with (
        staging.writer(wait_seconds=0, engine=engine) as writer,
        staging.catalog(writing=True) as catalog,
    ):
        rebuilt = rebuild_from_catalog(writer, catalog, commit_every=COMMIT_EVERY_FILES, policy=policy)
        writer.advance_past(store)  # a reader refreshes when the index it holds differs from the folder's
        staging.make_durable()
    return rebuilt


def _refuse_emptier(store: Store, staging: Store, force: bool) -> None:
    if force:
        return
    before, after = _article_count(store), _article_count(staging)
    if before and not after:
        raise RebuildRefused(
            f"拒绝重建：现有索引 {store.shown} 有 {before} 篇文章，重建的结果却一篇也没有"
            f"（文档目录未挂载或为空？）；原索引保持不变。确实要换成空索引时加 --force"
        )


def _article_count(store: Store) -> int:
    try:
        return open_for_search(store, allow_empty=True).doc_count()
    except IndexUnavailable:
        return 0
