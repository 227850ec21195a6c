"""A store as one viewer sees it: every query its readers run carries the viewer's access tokens as one
more filter term, and its catalog answers only about the statements and records those tokens admit.

The web layer hands every view such a store (``search_app.web.auth``), so the search layer needs to know
nothing of viewers: totals, facet counts, suggestions, units, the ledger, feeds and exports are all made
by the engine (or the catalog's SQL) over the documents the viewer may see. A point lookup (one record,
one issue) checks the stored record's token, which is the same as asking with the filter. Relevance
scores reach the viewer as ranks: the engines' scores count hidden documents in their word statistics.

An admin, and the CLI, use the store itself: no wrapper, no filter.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from indexer.access import ACCESS_FIELD, sees
from indexer.engines.base import (
    EngineReader,
    FacetGroups,
    Filter,
    IndexWriter,
    Page,
    QueryTree,
    Store,
    TermsFilter,
)
from indexer.records import ArticleRecord, FileVersion, StatementRow, StoredRecord
from indexer.store.catalog import Catalog, SourceRow, StatementQuery

_ACCESS_KEY = "\x00access"  # the filter's key among a search's named filters: no facet is named so


class ScopedReader:
    """An engine reader whose every answer is limited to the documents of ``tokens``."""

    def __init__(self, inner: EngineReader, tokens: frozenset[str]):
        self.inner, self.tokens = inner, tokens
        self.name = inner.name
        self.filter = TermsFilter(ACCESS_FIELD, tuple(sorted(tokens)))

    def _sees(self, record: StoredRecord | None) -> bool:
        return record is not None and sees(self.tokens, record.get("access"))

    def search(self, tree: QueryTree, filters: Sequence[Filter], sort: str, offset: int, limit: int) -> Page:
        return _ranked(self.inner.search(tree, [*filters, self.filter], sort, offset, limit), offset)

    def search_with_facets(
        self,
        tree: QueryTree,
        filters: dict[str, Filter],
        sort: str,
        offset: int,
        limit: int,
        groups: FacetGroups,
    ) -> tuple[Page, dict[str, Counter]]:
        every = {**filters, _ACCESS_KEY: self.filter}
        kept = {(*names, _ACCESS_KEY): facets for names, facets in groups.items()}
        page, counts = self.inner.search_with_facets(tree, every, sort, offset, limit, kept)
        return _ranked(page, offset), counts

    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]:
        return self.inner.facet_counts(tree, [*filters, self.filter], facets)

    def record(self, article_id: str) -> StoredRecord | None:
        found = self.inner.record(article_id)
        return found if self._sees(found) else None

    def issue_records(self, issue_key: str) -> list[StoredRecord]:
        return [r for r in self.inner.issue_records(issue_key) if self._sees(r)]

    def similar(
        self, record: ArticleRecord, limit: int, filters: Sequence[Filter] = ()
    ) -> list[StoredRecord]:
        return self.inner.similar(record, limit, [*filters, self.filter])

    def doc_count(self) -> int:
        """The articles this viewer may see: an index holding only hidden ones looks empty, not full."""
        return self.inner.search(QueryTree(), [self.filter], "-date", 0, 1).total

    def ids(self) -> list[str]:
        return [r["id"] for r in self.all_records()]

    def all_records(self) -> list[StoredRecord]:
        return [r for r in self.inner.all_records() if self._sees(r)]

    def refresh(self) -> ScopedReader:
        fresh = self.inner.refresh()
        return self if fresh is self.inner else ScopedReader(fresh, self.tokens)

    def close(self) -> None:
        self.inner.close()


def _ranked(page: Page, offset: int) -> Page:
    """Relevance scores as ranks (1/rank): the engines' scores weigh words by how many documents hold them,
    hidden ones too, so a score could tell how often a word occurs where the viewer may not look."""
    return Page(
        page.total,
        [
            (record, None if score is None else 1.0 / (offset + n + 1))
            for n, (record, score) in enumerate(page.hits)
        ],
    )


class ScopedCatalog:
    """The few catalog questions the search layer asks, answered within ``tokens``. Anything else is not
    here: a method the search layer starts to use must be added, and scoped, before it can be."""

    def __init__(self, inner: Catalog, tokens: frozenset[str]):
        self.inner, self.tokens = inner, tokens
        self.access = tuple(sorted(tokens))
        self.path = inner.path

    def statements_matching(
        self, query: StatementQuery, limit: int | None = None, offset: int = 0
    ) -> list[StatementRow]:
        return self.inner.statements_matching(replace(query, access=self.access), limit, offset)

    def count_statements(self, query: StatementQuery) -> int:
        return self.inner.count_statements(replace(query, access=self.access))

    def statement_units(self) -> list[str]:
        return self.inner.statement_units(access=self.access)

    def follow_ups_of(
        self, statements: list[tuple[str, int]], today: str
    ) -> dict[tuple[str, int], list[dict]]:
        """Only follow-ups whose own article the viewer may see: a hidden one is neither shown nor counted
        (the status filters' SQL is scoped the same way, through ``StatementQuery.access``)."""
        return self.inner.follow_ups_of(statements, today, access=self.access)

    def follow_ups_version(self) -> str | None:
        return self.inner.follow_ups_version()

    def records(self, path: str) -> list[ArticleRecord]:
        return [r for r in self.inner.records(path) if sees(self.tokens, r.get("access"))]

    def source(self, path: str) -> SourceRow | None:
        row = self.inner.source(path)
        return row if row is not None and sees(self.tokens, row.access) else None

    def versions_of(self, paths: list[str]) -> dict[str, list[FileVersion]]:
        """Other files of a source the viewer sees: a copy filed in a folder closed to them is left out."""
        found = self.inner.versions_of(paths)
        return {path: [v for v in versions if self.source(v["path"])] for path, versions in found.items()}

    def paths(self) -> list[str]:
        """Every path, for the archive's common root only (never shown as a list)."""
        return self.inner.paths()

    def stamp(self) -> float | str:
        return self.inner.stamp()

    def has_table(self, name: str) -> bool:
        return self.inner.has_table(name)

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> ScopedCatalog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass(frozen=True)
class ScopedStore:
    """``inner`` as a viewer with ``tokens`` sees it: read-only, every reader and catalog scoped."""

    inner: Store
    tokens: frozenset[str]

    @property
    def shown(self) -> str:
        return self.inner.shown

    @property
    def key(self) -> str:
        """Readers and caches are kept apart per set of tokens: nothing one viewer was answered is another's."""
        digest = hashlib.sha256("\n".join(sorted(self.tokens)).encode()).hexdigest()[:16]
        return f"{self.inner.key}#access:{digest}"

    @property
    def folder(self) -> Path | None:
        return self.inner.folder

    @property
    def rebuilds_in_place(self) -> bool:
        return self.inner.rebuilds_in_place

    def engine_name(self) -> str | None:
        return self.inner.engine_name()

    def engine_problem(self, engine: str | None) -> str | None:
        return self.inner.engine_problem(engine)

    def exists(self) -> bool:
        return self.inner.exists()

    def open_reader(self) -> EngineReader:
        return ScopedReader(self.inner.open_reader(), self.tokens)

    def writer(self, *, wait_seconds: float, create: bool = False, engine: str | None = None) -> IndexWriter:
        raise PermissionError("按访问权限限定的索引只读")

    def catalog(self, *, writing: bool = False) -> Catalog:
        if writing:
            raise PermissionError("按访问权限限定的目录库只读")
        return ScopedCatalog(self.inner.catalog(), self.tokens)  # type: ignore[return-value]

    def cache_dir(self, name: str) -> Path:
        return self.inner.cache_dir(name)

    def make_durable(self) -> None:
        """Nothing is written through a scoped store."""


def scoped(store: Store, tokens: frozenset[str] | None) -> Store:
    """The store as a viewer with ``tokens`` sees it; the store itself for None (an admin)."""
    return store if tokens is None else ScopedStore(store, tokens)


def unscoped(store: Store) -> Store:
    """The store under any viewer's scope: its readers are the ones to open and keep."""
    return store.inner if isinstance(store, ScopedStore) else store


def as_seen_in(store: Store, reader: EngineReader) -> EngineReader:
    """A reader of ``unscoped(store)`` as ``store``'s viewer sees it. Viewers share the open reader (a
    reader per viewer would hold a database connection or open segments for each set of tokens)."""
    return ScopedReader(reader, store.tokens) if isinstance(store, ScopedStore) else reader
