"""The seam between Jianbao and a search engine: the query tree, filters, and the protocols
of a reader, a writer, a folder engine and a ``Store``.

Search builds an engine-neutral ``QueryTree`` and a list of filters; each engine
compiles them into its own queries. Writing: documents are prepared (tokenized)
in the worker process by ``indexer.index.index_fields``; the engine's writer only
replaces a source's articles, deletes a source, commits and closes.

A ``Store`` is where an index lives (a folder, or a PostgreSQL database): made once by
the CLI and the app from ``--index``/``--dsn`` (``indexer.engines.open_store``), it opens
readers, the one writer (under its lock) and the catalog, and knows its cache folders
and how it is rebuilt. Nothing outside ``indexer.engines`` asks which kind it is.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from indexer.faults import IndexUnavailable as IndexUnavailable  # one exception family for every engine
from indexer.lang import text as cjk_text
from indexer.records import ArticleRecord, IndexDocument, StoredRecord
from indexer.store.catalog import Catalog

SORTS = ("relevance", "date", "-date")
# The string fields of an engine document as ``indexer.index.index_fields`` makes them (tokens space-joined).
TextField = Literal[
    "id", "source_path", "issue_key", "title", "text", "title_cjk", "cjk", "title_chars", "chars"
]
TEXT_FIELDS: tuple[TextField, ...] = (
    "id",
    "source_path",
    "issue_key",
    "title",
    "text",
    "title_cjk",
    "cjk",
    "title_chars",
    "chars",
)


@dataclass
class Leaf:
    """One query word or quoted phrase; ``field`` is None, "title", "unit", "person" or the name of a
    keyword field (``indexer.facet_registry.KEYWORDS``: "docno", "cites"), whose value it equals."""

    text: str
    phrase: bool = False
    field: str | None = None
    negated: bool = False


@dataclass
class QueryTree:
    """AND of groups, each an OR of leaves; minus every negated leaf. No groups: every article."""

    groups: list[list[Leaf]] = field(default_factory=list)
    negations: list[Leaf] = field(default_factory=list)

    @property
    def needles(self) -> list[str]:
        """The literal strings to highlight."""
        return [leaf.text for group in self.groups for leaf in group if leaf.field != "unit"]

    @property
    def empty(self) -> bool:
        return not self.groups and not self.negations

    def key(self) -> tuple:
        leaf = lambda x: (x.text, x.phrase, x.field, x.negated)  # noqa: E731
        return tuple(tuple(leaf(x) for x in g) for g in self.groups), tuple(leaf(x) for x in self.negations)


@dataclass(frozen=True)
class TermsFilter:
    """Articles whose ``field`` holds any of ``values`` (values already normalised)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class DateFilter:
    """Articles dated from ``start`` to ``end`` inclusive (ISO dates; either may be None)."""

    start: str | None
    end: str | None


Filter = TermsFilter | DateFilter


@dataclass
class Page:
    total: int
    hits: list[tuple[StoredRecord, float | None]]  # (stored record, score or None when sorted by date)


FacetGroups = dict[tuple[str, ...], list[str]]  # the filters a group keeps → the facets counted with them


class EngineReader(Protocol):
    name: str

    def search(
        self, tree: QueryTree, filters: Sequence[Filter], sort: str, offset: int, limit: int
    ) -> Page: ...

    def search_with_facets(
        self,
        tree: QueryTree,
        filters: dict[str, Filter],
        sort: str,
        offset: int,
        limit: int,
        groups: FacetGroups,
    ) -> tuple[Page, dict[str, Counter]]:
        """The page and every facet group's counts (each counted with the filters its group keeps)."""
        ...

    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]: ...

    def record(self, article_id: str) -> StoredRecord | None: ...

    def issue_records(self, issue_key: str) -> list[StoredRecord]: ...

    def similar(
        self, record: ArticleRecord, limit: int, filters: Sequence[Filter] = ()
    ) -> list[StoredRecord]: ...

    def doc_count(self) -> int: ...

    def ids(self) -> list[str]: ...

    def all_records(self) -> list[StoredRecord]: ...

    def refresh(self) -> EngineReader: ...

    def close(self) -> None: ...


class EngineWriter(Protocol):
    def replace_source(self, path: str, documents: list[IndexDocument]) -> None: ...

    def delete_source(self, path: str) -> None: ...

    def commit(self) -> None: ...

    def close(self) -> None: ...

    def advance_past(self, other: Path) -> None: ...


class FolderEngine(Protocol):
    """What an engine package that keeps its index in a folder provides (whoosh, tantivy)."""

    name: str

    def exists(self, index_dir: Path) -> bool: ...

    def create(self, index_dir: Path) -> EngineWriter: ...

    def destroy(self, index_dir: Path) -> None: ...

    def open_writer(self, index_dir: Path) -> EngineWriter: ...

    def open_reader(self, index_dir: Path) -> EngineReader: ...


class Lock(Protocol):
    """The index lock: one writer at a time, the others wait (``IndexBusy`` past the wait)."""

    def acquire(self, wait_seconds: float) -> object: ...

    def release(self) -> None: ...


class IndexWriter:
    """The single writer of a store: replaces a source's articles and commits in batches.

    Holds the store's lock for its whole life (``Store.writer`` acquires it), so that
    overlapping runs (cron, a systemd timer) queue up instead of interleaving.
    """

    def __init__(self, store: Store, engine: EngineWriter, lock: Lock):
        self.store, self.engine, self.lock = store, engine, lock

    def replace_source(self, path: str, documents: list[IndexDocument]) -> None:
        self.engine.replace_source(path, documents)

    def delete_source(self, path: str) -> None:
        self.engine.delete_source(path)

    def rolled_back(self) -> None:
        """A file's writes were undone by a savepoint of the shared transaction: an engine that caches
        what that transaction wrote (PostgreSQL's facet codes) reads it again."""
        forget = getattr(self.engine, "rolled_back", None)
        if forget is not None:
            forget()

    def commit(self) -> None:
        self.engine.commit()

    def advance_past(self, other: Store) -> None:
        """Make this (rebuilt) index's generation differ from ``other``'s, which readers hold."""
        if other.folder is not None:
            self.engine.advance_past(other.folder)

    def close(self) -> None:
        try:
            self.engine.close()
        finally:
            self.lock.release()

    def __enter__(self) -> IndexWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Store(Protocol):
    """Where an index lives, and everything that depends on it (see the module's docstring)."""

    @property
    def shown(self) -> str:
        """For messages: a folder as given, a DSN without its password."""
        ...

    @property
    def key(self) -> str:
        """One string per index, whatever path or spelling named it: what caches key on."""
        ...

    @property
    def folder(self) -> Path | None:
        """The index folder (absolute); None for a database."""
        ...

    @property
    def rebuilds_in_place(self) -> bool:
        """A rebuild runs in one transaction here, instead of aside and swapped in."""
        ...

    def engine_name(self) -> str | None:
        """The engine the index was made with; None while there is none."""
        ...

    def engine_problem(self, engine: str | None) -> str | None:
        """Why this store cannot hold an index of ``engine`` (None: it can)."""
        ...

    def exists(self) -> bool: ...

    def open_reader(self) -> EngineReader: ...

    def writer(self, *, wait_seconds: float, create: bool = False, engine: str | None = None) -> IndexWriter:
        """The one writer, its lock held; ``create`` starts the index empty (a rebuild)."""
        ...

    def catalog(self, *, writing: bool = False) -> Catalog:
        """The catalog of this index: read-only unless ``writing`` (then under the writer's lock)."""
        ...

    def cache_dir(self, name: str) -> Path:
        """A cache that outlives the index (``ocr``, ``pages``): beside the folder, else the user's."""
        ...

    def make_durable(self) -> None:
        """What a commit wrote survives a power cut (a database's commit already does)."""
        ...


# -- stable paging --------------------------------------------------------------------------------------------------

Ranked = tuple[float, str, str]  # (primary: score or date key, date, id)


def sort_key(sort: str) -> Callable[[Ranked], tuple]:
    """Score (high first), then date (new first), then id; or date, then id."""
    if sort == "relevance":
        return lambda r: (-r[0], _neg(r[1]), r[2])
    if sort == "date":
        return lambda r: (r[1], r[2])
    return lambda r: (_neg(r[1]), r[2])


def _neg(date: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date)


def stable_window(fetch: Callable[[int], list], total: int, end: int) -> list:
    """At least the first ``end`` hits of a total order, whatever order the engine breaks ties in.

    ``fetch(k)`` returns the engine's top k (or more) as tuples whose first item is the primary key
    (score, or date), best first by that key alone. Hits tying with the end-th on the primary
    key may lie beyond it, so the window grows until one past it differs (or all are in);
    the caller sorts the window by the full key and slices.
    """
    k = min(end + 1, total)
    while True:
        got = fetch(k)
        if k >= total or len(got) < k:
            return got
        if got[-1][0] != got[end - 1][0]:
            return got
        k = min(total, max(k, len(got)) * 2)  # a fetch may give more than asked: grow past what it gave


# -- helpers every engine shares ------------------------------------------------------------------------------------


class FacetsApart:
    """``search_with_facets`` for a reader that answers the page and each group's counts apart."""

    def search_with_facets(
        self: EngineReader,
        tree: QueryTree,
        filters: dict[str, Filter],
        sort: str,
        offset: int,
        limit: int,
        groups: FacetGroups,
    ) -> tuple[Page, dict[str, Counter]]:
        page = self.search(tree, list(filters.values()), sort, offset, limit)
        counts: dict[str, Counter] = {}
        for kept, names in groups.items():
            counts.update(self.facet_counts(tree, [filters[key] for key in kept], names))
        return page, counts


def distinctive_words(record: ArticleRecord, total: int, doc_frequency: Callable[[str], int]) -> list[str]:
    """The 12 words of an article with the highest tf·idf (every engine ranks "more like this" so)."""
    counts = Counter(w for w in cjk_text.words(record["title"] + "\n" + record["text"]) if len(w) > 1)
    scored = []
    for word, tf in counts.items():
        df = doc_frequency(word)
        if df:
            scored.append((tf * math.log(max(total, 1) / df), word))
    return [word for _, word in sorted(scored, reverse=True)[:12]]
