"""The access file applied to an index: each source's token made again from its marking and path, and
the sources whose token changed rewritten from the catalog's records (nothing is read or parsed again).

``jianbao index`` applies the file on every run, before it indexes anything; ``jianbao access apply``
applies it alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer import access
from indexer.engines.base import IndexWriter, Store
from indexer.index import index_fields
from indexer.parse.marking import header_level
from indexer.store import access_state
from indexer.store.catalog import Catalog, SourceRow


@dataclass
class Applied:
    sources: int = 0  # sources whose token changed
    articles: int = 0  # articles rewritten in the index


def current_policy(store: Store) -> access.Policy:
    """The access file's rules as they are now (AccessFileError for a file that is not rules)."""
    return access.load(access.access_file(store.folder))


def stored_marking(catalog: Catalog, row: SourceRow) -> str:
    """The marking recorded when the source was parsed; for a source parsed before markings were read, its
    first stored page's header (or its first article's)."""
    if row.marking:
        return row.marking
    target = row.duplicate_of if row.status == "duplicate" and row.duplicate_of else row.path
    pages = (catalog.extracted(target) or {}).get("pages") or []
    if pages:
        return header_level(pages[0].get("text") or "")
    records = catalog.records(target)
    return header_level(records[0]["text"]) if records else access.PUBLIC


def restamp(catalog: Catalog, row: SourceRow, policy: access.Policy) -> bool:
    """Give the source (its row, records and statements) the token ``policy`` gives it; True if it changed."""
    marking = stored_marking(catalog, row)
    wanted = policy.token_of(row.path, marking)
    if row.access == wanted and row.marking == marking:
        return False
    records = None
    if row.status != "duplicate":
        records = catalog.records(row.path)
        access.stamp(records, wanted)
    catalog.set_source_access(row.path, marking, wanted, records)
    return True


def apply(catalog: Catalog, writer: IndexWriter, policy: access.Policy) -> Applied:
    """Record ``policy`` as the one in force and give every source the token it makes; the caller commits."""
    applied = Applied()
    access_state.record_policy(catalog, policy)
    for row in catalog.sources():
        if row.status == "failed" and not row.article_ids:
            continue
        if restamp(catalog, row, policy) and row.status != "duplicate":
            records = catalog.records(row.path)
            writer.replace_source(row.path, [index_fields(record) for record in records])
            applied.sources += 1
            applied.articles += len(records)
    return applied
