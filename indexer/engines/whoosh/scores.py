"""Whoosh: every match of a query with its score, a posting block at a time.

Ranking by (score, date, id) needs the score of every match (block-quality skipping would
change which hits a top-k keeps), and Whoosh's matchers give it one document at a time
through a tree of Python objects: on a two-character query matching a quarter of 100k
articles that walk was most of the search. Here a term's postings are read a block at a
time (``whoosh_postings``) and scored with the term's own BM25F scorer on the segment's
field lengths read once; the compound queries are unions and intersections of dicts.
Scores are Whoosh's sums (the same scorer, formula, boosts and clauses; a compound's parts
may be added in another order), and the matches are exactly the matchers' own. A query
type not handled here is walked by its own matcher.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.scoring import BM25FScorer, WeightScorer

from indexer.engines.whoosh.postings import ReadOnceLengths, blocks, leaf_matcher
from indexer.engines.whoosh.sequence import _ListQuery

Scores = dict[int, float]


class FieldLengths:
    """Each segment's field lengths, read once per segment reader."""

    def __init__(self):
        self._segments: dict[int, ReadOnceLengths] = {}

    def of(self, reader, fieldname: str) -> list[int]:
        segment = self._segments.get(id(reader))
        if segment is None:
            segment = self._segments[id(reader)] = ReadOnceLengths(getattr(reader, "_perdoc", reader))
        return segment.of(fieldname, 1)  # what BM25F's scorer asks: doc_field_length(doc, field, 1)


class ScoreAll:
    """Scores every match of a query over a searcher's segments: global docnum → score."""

    def __init__(self, searcher, lengths: FieldLengths):
        self.searcher, self.lengths = searcher, lengths

    def __call__(self, query: q.Query) -> Scores:
        return self._each_segment(query, scored=True)

    def docs(self, query: q.Query) -> list[int]:
        """The matches alone (scores left at 0): what a total or a facet count needs. An
        AndMaybe's optional clauses are not read at all."""
        return list(self._each_segment(query, scored=False))

    def _each_segment(self, query: q.Query, scored: bool) -> Scores:
        out: Scores = {}
        for subsearcher, offset in self.searcher.leaf_searchers():
            scores = _Segment(subsearcher, self.lengths, scored).scores(query)
            if offset:
                out.update((doc + offset, score) for doc, score in scores.items())
            else:
                out.update(scores)
        return out


NARROWINGS_KEPT = 16  # access filters remembered per segment reader: one per set of viewers' tokens


class Narrowing(q.Or):
    """A filter's terms: Whoosh's own searcher reads it as the Or it is; ScoreAll counts its matches
    without scoring them, and keeps those of a ``remembered`` one (few, and asked by every query)."""

    remembered = False


class RememberedNarrowing(Narrowing):
    remembered = True


class _Segment:
    def __init__(self, searcher, lengths: FieldLengths, scored: bool):
        self.searcher, self.reader, self.lengths = searcher, searcher.reader(), lengths
        self.scored = scored
        self.handlers: dict[type, Callable[[Any, Scores | None], Scores]] = {
            q.Term: self._term,
            q.And: self._and,
            q.Or: self._or,
            q.AndMaybe: self._and_maybe,
            q.AndNot: self._and_not,
            Narrowing: self._narrowing,
            RememberedNarrowing: self._narrowing,
        }

    def scores(self, query: q.Query, within: Scores | None = None) -> Scores:
        """The query's matches with their scores. Given ``within`` (the only documents the caller
        still needs), matches outside it may be left out, or kept: callers intersect."""
        if query is q.NullQuery:
            return {}
        if isinstance(query, _ListQuery):
            return dict.fromkeys(query.docs_of(self.reader), float(query.boost))
        handler = self.handlers.get(type(query))
        return handler(query, within) if handler else self._walked(query, within)

    def _walked(self, query: q.Query, within: Scores | None) -> Scores:
        """Any other query, through its own matcher; skipping to the documents ``within`` (a date
        range over a year is walked only where the rest of the query matched)."""
        matcher = query.matcher(self.searcher, self.searcher.context())
        out: Scores = {}
        score = matcher.score if self.scored else float
        if within is None:
            while matcher.is_active():
                out[matcher.id()] = score()
                matcher.next()
            return out
        for doc in sorted(within):
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
                if not matcher.is_active():
                    break
            if matcher.id() == doc:
                out[doc] = score()
        return out

    def _term(self, query: q.Term, within: Scores | None = None) -> Scores:
        fieldname = query.fieldname
        schema = self.searcher.schema
        if fieldname not in schema:
            return {}
        try:
            text = schema[fieldname].to_bytes(query.text)
        except ValueError:
            return {}
        if (fieldname, text) not in self.reader:
            return {}
        matcher, deleted = leaf_matcher(self.reader, fieldname, text)
        if matcher is None:
            return self._walked(query, within)
        out: Scores = {}
        if not self.scored:
            for ids, _, _ in blocks(matcher):
                out.update(dict.fromkeys(ids, 0.0))
        else:
            scorer = self.searcher.weighting.scorer(self.searcher, fieldname, text)
            if type(scorer) is BM25FScorer:
                _bm25_postings(out, matcher, scorer, self.lengths.of(self.reader, fieldname))
            elif type(scorer) is WeightScorer:
                for ids, weights, _ in blocks(matcher, weights=True):
                    out.update(zip(ids, weights))
            else:
                return self._walked(query, within)
        for doc in deleted:
            out.pop(doc, None)
        return self._boosted(query, out)

    def _boosted(self, query: q.Query, scores: Scores) -> Scores:
        boost = query.boost
        if boost == 1.0 or not self.scored:
            return scores
        return {doc: s * boost for doc, s in scores.items()}

    def _and(self, query: q.And, within: Scores | None) -> Scores:
        subs = query.subqueries
        if not subs:
            return {}
        if len(subs) == 1:
            return self.scores(subs[0], within)
        # read postings first, walk matchers last, each only where the others matched
        ordered = sorted(subs, key=lambda sub: not self._reads_postings(sub))
        out: Scores | None = None
        for sub in ordered:
            part = self.scores(sub, out if out is not None else within)
            out = part if out is None else _intersection(out, part)
            if not out:
                return {}
        return self._boosted(query, out or {})

    def _reads_postings(self, query: q.Query) -> bool:
        if isinstance(query, q.CompoundQuery):
            return all(self._reads_postings(sub) for sub in query.subqueries)
        return type(query) is q.Term or isinstance(query, _ListQuery)

    def _or(self, query: q.Or, within: Scores | None) -> Scores:
        subs = query.subqueries
        if query.minmatch or query.scale:
            return self._walked(query, within)
        if not subs:
            return {}
        if len(subs) == 1:
            return self.scores(subs[0], within)
        out: Scores = {}
        for sub in subs:
            part = self.scores(sub, within)
            if not out:
                out = dict(part)
                continue
            get = out.get
            out.update((doc, get(doc, 0.0) + score) for doc, score in part.items())
        return self._boosted(query, out)

    def _narrowing(self, query: Narrowing, within: Scores | None) -> Scores:
        """A filter's matches, unscored. A remembered one (a viewer's access filter, the same in each of their
        queries) is kept with the segment's reader, whose documents and deletions never change."""
        if not query.remembered:
            return self._unscored(query, within)
        kept: dict = self.reader.__dict__.setdefault("_jianbao_narrowed", {})
        key = repr(query)
        found = kept.get(key)
        if found is None:
            found = self._unscored(query, None)
            if len(kept) >= NARROWINGS_KEPT:
                kept.pop(next(iter(kept)))
            kept[key] = found
        return found

    def _unscored(self, query: q.Or, within: Scores | None) -> Scores:
        scored, self.scored = self.scored, False
        try:
            return dict.fromkeys(self._or(query, within), 0.0)
        finally:
            self.scored = scored

    def _and_maybe(self, query: q.AndMaybe, within: Scores | None) -> Scores:
        required = self.scores(query.a, within)
        if not required or not self.scored:
            return required
        optional = self.scores(query.b, required)
        get = optional.get
        return {doc: score + get(doc, 0.0) for doc, score in required.items()}

    def _and_not(self, query: q.AndNot, within: Scores | None) -> Scores:
        required = self.scores(query.a, within)
        if not required:
            return {}
        excluded = self.scores(query.b, required)
        return {doc: score for doc, score in required.items() if doc not in excluded}


def _intersection(one: Scores, other: Scores) -> Scores:
    """The documents in both, their scores added; walking the smaller (a filter's may hold most documents)."""
    if len(other) < len(one):
        one, other = other, one
    return {doc: score + other[doc] for doc, score in one.items() if doc in other}


def _bm25_postings(out: Scores, matcher: W3LeafMatcher, scorer: BM25FScorer, lengths: list[int]) -> None:
    """``scorer.score`` for every posting: whoosh.scoring.bm25 with the scorer's own constants."""
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus, one_minus_b = k1 + 1, 1 - b
    for ids, weights, _ in blocks(matcher, weights=True):
        out.update(
            (doc, idf * ((tf * k1_plus) / (tf + k1 * (one_minus_b + b * lengths[doc] / avgfl))))
            for doc, tf in zip(ids, weights)
        )
