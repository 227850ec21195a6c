"""Whoosh: an exact run of consecutive tokens, matched lean.

Whoosh's Phrase builds span objects for every candidate document; on a bigram
field, where every query of three or more characters is a phrase, that was most
of the query time. Here the documents holding every token come from their
postings read a block at a time, and a document matches when the tokens' ordinal
positions line up: plain integer sets, no spans. It matches exactly what Phrase
matches; its score is constant (the word clauses beside it do the ranking).
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from whoosh import query as q
from whoosh.matching import ListMatcher, NullMatcher

from indexer.engines.whoosh.postings import values_by_doc


class _Cache:
    """Recent answers per segment: one search asks the same sequence several times (total, top hits,
    each facet's count), and a segment never changes but for deletions, which change its doc count."""

    def __init__(self, size: int = 512):
        self.size, self.lock = size, Lock()
        self.items: OrderedDict = OrderedDict()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)


_cache = _Cache()


def _segment_key(reader) -> tuple | None:
    segment = getattr(reader, "segment", None)
    if segment is None:
        return None
    return segment().segment_id(), reader.doc_count()


def sequence_docs(reader, fieldname: str, tokens: list[str]) -> list[int]:
    """Documents of this reader (a segment) whose field holds ``tokens`` at consecutive positions."""
    segment = _segment_key(reader)
    key = (segment, fieldname, tuple(tokens)) if segment else None
    cached = _cache.get(key) if key else None
    if cached is None:
        cached = _scan(reader, fieldname, tokens)
        if key:
            _cache.put(key, cached)
    return cached


def _scan(reader, fieldname: str, tokens: list[str]) -> list[int]:
    """Documents holding every token (their postings' key sets intersected), then positions
    decoded token by token, rarest first, until the run is ruled out."""
    unique = list(dict.fromkeys(tokens))
    postings = {}
    for token in unique:
        postings[token] = values_by_doc(reader, fieldname, token)
        if not postings[token]:
            return []
    order = sorted(unique, key=lambda t: len(postings[t]))
    candidates: set[int] = set(postings[order[0]])
    for token in order[1:]:
        candidates = candidates & postings[token].keys()
    offsets = {t: [i for i, token in enumerate(tokens) if token == t] for t in order}
    decode = reader.schema[fieldname].format.decoder("positions")
    return sorted(doc for doc in candidates if _aligned(doc, order, offsets, postings, decode))


def _aligned(doc: int, order: list[str], offsets: dict, postings: dict, decode) -> bool:
    starts: set[int] | None = None
    for token in order:
        positions = decode(postings[token][doc])
        for offset in offsets[token]:
            shifted = {p - offset for p in positions}
            starts = shifted if starts is None else starts & shifted
            if not starts:
                return False
    return True


class _ListQuery(q.Query):
    """A query whose documents some function of a segment reader lists; constant score."""

    def __init__(self, fieldname: str, tokens: list[str], boost: float = 1.0):
        self.fieldname, self.tokens, self.boost = fieldname, list(tokens), boost

    def __eq__(self, other):
        return type(other) is type(self) and (self.fieldname, self.tokens, self.boost) == (
            other.fieldname,
            other.tokens,
            other.boost,
        )

    def __hash__(self):
        return hash((type(self).__name__, self.fieldname, tuple(self.tokens), self.boost))

    def __repr__(self):
        return f"{type(self).__name__}({self.fieldname!r}, {self.tokens!r}, boost={self.boost})"

    def field(self):
        return self.fieldname

    def has_terms(self):
        return True

    def terms(self, phrases=True):
        for token in self.tokens:
            yield self.fieldname, token

    def estimate_size(self, ixreader):
        return min(ixreader.doc_frequency(self.fieldname, t) for t in self.tokens)

    def docs_of(self, reader) -> list[int]:
        raise NotImplementedError

    def matcher(self, searcher, context=None):
        docs = self.docs_of(searcher.reader())
        if not docs:
            return NullMatcher()
        return ListMatcher(docs, all_weights=self.boost)


class Sequence(_ListQuery):
    """Query form of ``sequence_docs`` for use inside any Whoosh query tree."""

    def docs_of(self, reader) -> list[int]:
        return sequence_docs(reader, self.fieldname, self.tokens)
