"""The seam between Jianbao and a search engine: the query tree, filters and two small protocols.

Search builds an engine-neutral ``QueryTree`` and a list of filters; each engine
compiles them into its own queries. Writing: documents are prepared (tokenized)
in the worker process by ``indexer.index.index_fields``; the engine's writer only
replaces a source's articles, deletes a source, commits and closes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from indexer.faults import IndexUnavailable as IndexUnavailable  # one exception family for every engine
from indexer.records import ArticleRecord, IndexDocument, StoredRecord

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
    """One query word or quoted phrase; ``field`` is None, "title", "unit" or "person"."""

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


class EngineReader(Protocol):
    name: str

    def search(
        self, tree: QueryTree, filters: Sequence[Filter], sort: str, offset: int, limit: int
    ) -> Page: ...

    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]: ...

    def record(self, article_id: str) -> StoredRecord | None: ...

    def issue_records(self, issue_key: str) -> list[StoredRecord]: ...

    def similar(self, record: ArticleRecord, limit: int) -> list[StoredRecord]: ...

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

    ``fetch(k)`` returns the engine's top k as tuples whose first item is the primary key
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
        k = min(total, k * 2)
