"""The Whoosh engine: pure Python, a folder, the embedded default.

Searched fields arrive pre-tokenized (space-joined, see ``indexer.lang.text``); what
pages show is one stored JSON record per article; what facets count is one
column value per article, so counting never unpickles stored fields.
"""

from __future__ import annotations

import functools
import heapq
import json
import os
import pickle
import shutil
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Any, cast

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.analysis import Token, Tokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.system import _INT_SIZE, pack_uint

from indexer.access import ACCESS_FIELD
from indexer.engines.base import (
    TEXT_FIELDS,
    DateFilter,
    FacetsApart,
    Filter,
    IndexUnavailable,
    Leaf,
    Page,
    QueryTree,
    distinctive_words,
    sort_key,
    stable_window,
)
from indexer.engines.whoosh.scores import FieldLengths, Narrowing, RememberedNarrowing, ScoreAll, Scores
from indexer.engines.whoosh.sequence import Sequence as TokenRun
from indexer.engines.whoosh.writer import TermWriter
from indexer.facet_registry import FACET_LIST, KEYWORD_LIST, KEYWORDS, KeywordSpec
from indexer.faults import index_damaged, index_empty
from indexer.lang import text as cjk_text
from indexer.records import ArticleRecord, IndexDocument, StoredRecord

INDEX_NAME = "articles"
name = "whoosh"


class SpaceTokenizer(Tokenizer):
    """Splits the space-joined token strings of ``indexer.lang.text``; positions are ordinals."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        items = value.split(" ") if tokenize else [value]
        char = start_char
        for pos, item in enumerate(items):
            if item:
                token.text = item
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = item
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar = char
                    token.endchar = char + len(item)
                yield token
            char += len(item) + 1


class SpaceSplitFrequency(Frequency):
    """Whoosh's Frequency postings of a space-joined token string, counted without a Token per
    word: the single writer's hottest loop. Same terms, frequencies, weights and bytes."""

    def word_values(self, value, analyzer, **kwargs):
        if not _space_split(value, analyzer, kwargs):
            return super().word_values(value, analyzer, **kwargs)
        counts = Counter(filter(None, value.split(" ")))
        return ((word, n, n * self.field_boost, pack_uint(n)) for word, n in counts.items())


class SpaceSplitPositions(Positions):
    """Whoosh's Positions postings of a space-joined token string (ordinal positions, as
    SpaceTokenizer gives them), without a Token per word."""

    def word_values(self, value, analyzer, **kwargs):
        if not _space_split(value, analyzer, kwargs):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(value.split(" ")):
            if word:
                positions.setdefault(word, []).append(position)
        for word, where in positions.items():
            yield (word, len(where), len(where) * self.field_boost, self.encode(where))

    def decode_positions(self, valuestring):
        """Positions's own decoding (a pickled list of deltas after the weight), summed in C:
        a phrase decodes the positions of every candidate document."""
        if not valuestring.endswith(b"."):
            valuestring += b"."
        return list(accumulate(pickle.loads(valuestring[_INT_SIZE:])))


def _space_split(value, analyzer, kwargs: dict) -> bool:
    return (
        isinstance(value, str)
        and type(analyzer) is SpaceTokenizer
        and not kwargs.get("start_pos")
        and kwargs.get("tokenize", True)
    )


def _split_on_spaces(field: TEXT) -> TEXT:
    fast = SpaceSplitPositions if type(field.format) is Positions else SpaceSplitFrequency
    field.format = fast(field_boost=field.format.field_boost)
    return field


def _keyword_field() -> KEYWORD:
    return KEYWORD(commas=True, lowercase=False)


def build_schema(keywords: Sequence[KeywordSpec] = KEYWORD_LIST) -> Schema:
    """The schema of a new index (``keywords``: the keyword fields it holds, every one unless told)."""
    pretok = SpaceTokenizer()
    facet_fields = {f.field: _keyword_field() for f in FACET_LIST}
    facet_fields.update({k.field: _keyword_field() for k in keywords})
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        source_path=ID(stored=True),
        issue_key=ID(stored=True),
        # jieba words rank; exact sequences are the bigram fields' job, so no positions here
        title=_split_on_spaces(TEXT(analyzer=pretok, field_boost=3.0, phrase=False)),
        text=_split_on_spaces(TEXT(analyzer=pretok, phrase=False)),
        title_cjk=_split_on_spaces(TEXT(analyzer=pretok, field_boost=3.0)),
        cjk=_split_on_spaces(TEXT(analyzer=pretok)),
        title_chars=_split_on_spaces(TEXT(analyzer=pretok, phrase=False)),
        chars=_split_on_spaces(TEXT(analyzer=pretok, phrase=False)),
        date=ID(sortable=True),
        access=ID(),  # the source's access token (indexer.access): a filter term of every viewer's query
        record=STORED,
        facets=COLUMN(VarBytesColumn()),
        **facet_fields,
    )


def exists(index_dir: Path) -> bool:
    try:
        return whoosh_index.exists_in(str(index_dir), indexname=INDEX_NAME)
    except Exception:  # a truncated TOC: there is an index, and opening it names the damage
        return True


def create(index_dir: Path) -> WhooshWriter:
    ix = whoosh_index.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME)
    return WhooshWriter(ix)


def destroy(index_dir: Path) -> None:
    """Remove Whoosh's files from a folder (the index moved to another engine)."""
    for path in Path(index_dir).iterdir():
        if path.is_file() and (
            path.name.startswith(f"_{INDEX_NAME}_") or path.name.startswith(f"{INDEX_NAME}_")
        ):
            path.unlink(missing_ok=True)
        elif path.is_dir() and path.name.startswith(f"{INDEX_NAME}_"):
            shutil.rmtree(path, ignore_errors=True)


def _open(index_dir: Path):
    try:
        ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
        ix.reader().close()  # touches every segment: a lost file shows here, not mid-query
    except Exception as error:  # whoosh raises many kinds for a damaged index
        raise index_damaged(Path(index_dir), f"{type(error).__name__}: {error}") from error
    if "chars" not in ix.schema or "access" not in ix.schema:
        raise IndexUnavailable(f"索引格式过旧：{index_dir}；请运行 jianbao index --rebuild 从目录库重建")
    return ix


def open_writer(index_dir: Path) -> WhooshWriter:
    return WhooshWriter(_open(index_dir))


def open_reader(index_dir: Path) -> WhooshReader:
    return WhooshReader(_open(index_dir), index_dir)


# -- writing --------------------------------------------------------------------------------------------------------


def whoosh_document(doc: IndexDocument) -> dict:
    """The engine-neutral document of ``indexer.index.index_fields`` as Whoosh fields."""
    facets = doc["facets"]
    fields: dict[str, Any] = {key: doc[key] for key in TEXT_FIELDS}
    fields.update({f.field: ",".join(facets[f.name]) for f in FACET_LIST})
    keywords = doc["keywords"]
    fields.update({k.field: ",".join(keywords[k.name]) for k in KEYWORD_LIST})
    if doc["access"]:
        fields["access"] = doc["access"]
    fields.update(
        date=doc["date"],
        record=doc["record"],
        facets=json.dumps(facets, ensure_ascii=False).encode("utf-8"),
    )
    return fields


def _add_missing_fields(writer) -> None:
    """An index made before a keyword field existed gets it with its next commit: its older articles
    hold no value of it (until their sources are parsed again), the rest of the index is kept."""
    for spec in KEYWORD_LIST:
        if spec.field not in writer.schema:
            writer.add_field(spec.field, _keyword_field())


class WhooshWriter:
    def __init__(self, ix):
        self.ix = ix
        self._writer = None

    def advance_past(self, other: Path) -> None:
        """Commit empty generations until this index's differs from ``other``'s, so that a reader
        holding the other (about to be swapped out by --rebuild) sees it is out of date."""
        try:
            old = _open(other).latest_generation()
        except IndexUnavailable:
            return
        while self.ix.latest_generation() == old:
            self.writer  # noqa: B018 - an empty commit writes the next generation
            self.commit()

    @property
    def writer(self):
        if self._writer is None:
            self._writer = TermWriter(self.ix, limitmb=256)
            _add_missing_fields(self._writer)
        return self._writer

    def replace_source(self, path: str, documents: list[IndexDocument]) -> None:
        self.writer.delete_by_term("source_path", path)
        for document in documents:
            self.writer.add_document(**whoosh_document(document))

    def delete_source(self, path: str) -> None:
        self.writer.delete_by_term("source_path", path)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None

    def close(self) -> None:
        try:
            if self._writer is not None:
                self._writer.cancel()
                self._writer = None
        finally:
            self.ix.close()


# -- compiling the query tree ---------------------------------------------------------------------------------------


def _substring(fieldname: str, chars_field: str, text: str, boost: float = 1.0) -> q.Query:
    tokens = cjk_text.bigrams(text)
    if not tokens:
        return q.NullQuery
    if len(tokens) == 1 and len(tokens[0]) == 1 and cjk_text.is_cjk(tokens[0]):
        return q.Term(chars_field, tokens[0], boost=boost)
    if len(tokens) == 1:
        return q.Term(fieldname, tokens[0], boost=boost)
    return TokenRun(fieldname, tokens, boost=boost)


def _all_words(fieldname: str, words: list[str], boost: float = 1.0) -> q.Query:
    if len(words) == 1:
        return q.Term(fieldname, words[0], boost=boost)
    return q.And([q.Term(fieldname, w) for w in words], boost=boost)


def leaf_query(leaf: Leaf) -> q.Query:
    """What a leaf matches is decided by the bigram field alone (exact substrings, a superset of
    jieba's words); title and word clauses only add to the score, so they cost no extra matching."""
    if leaf.field == "unit":
        return q.Term("unit", leaf.text)
    if leaf.field in KEYWORDS:
        return q.Term(KEYWORDS[leaf.field].field, leaf.text)
    if leaf.field == "person":
        return q.Or([q.Term("official", leaf.text), _substring("cjk", "chars", leaf.text)])
    title_only = leaf.field == "title"
    if title_only:
        required = _substring("title_cjk", "title_chars", leaf.text)
        scoring = []
    else:
        required = _substring("cjk", "chars", leaf.text)
        scoring = [_substring("title_cjk", "title_chars", leaf.text, boost=3.0)]
    words = cjk_text.words(leaf.text)
    if words and not leaf.phrase:
        scoring.append(_all_words("title", words, boost=3.0))
        if not title_only:
            scoring.append(_all_words("text", words))
    if not scoring:
        return required
    return q.AndMaybe(required, scoring[0] if len(scoring) == 1 else q.Or(scoring))


def compile_tree(tree: QueryTree) -> q.Query:
    if not tree.groups:
        return q.Every()
    required = [
        q.Or([leaf_query(leaf) for leaf in group]) if len(group) > 1 else leaf_query(group[0])
        for group in tree.groups
    ]
    query: q.Query = q.And(required) if len(required) > 1 else required[0]
    plain = [g[0] for g in tree.groups if len(g) == 1 and not g[0].field]
    if len(plain) > 1:
        # words that stand together in the text rank above the same words scattered
        together = "".join(leaf.text for leaf in plain)
        query = q.AndMaybe(query, _substring("cjk", "chars", together, boost=2.0))
    if tree.negations:
        query = q.AndNot(query, q.Or([leaf_query(leaf) for leaf in tree.negations]))
    return query


def compile_filter(spec: Filter) -> q.Query:
    if isinstance(spec, DateFilter):
        return Narrowing([q.TermRange("date", spec.start or "0000-00-00", spec.end or "9999-99-99")])
    terms = [q.Term(spec.field, v) for v in spec.values]
    if not terms:
        return q.NullQuery
    # a filter narrows and never scores, as in the other engines (ScoreAll adds an And's parts: a rarer
    # access token or facet value would otherwise lift its documents up the ranking)
    return RememberedNarrowing(terms) if spec.field == ACCESS_FIELD else Narrowing(terms)


def _combined(tree: QueryTree, filters: Sequence[Filter]) -> q.Query:
    parts = [compile_tree(tree)] + [compile_filter(f) for f in filters]
    return parts[0] if len(parts) == 1 else q.And(parts)


# -- reading --------------------------------------------------------------------------------------------------------


def _empty_is_named(method):
    """Whoosh's reader of an index with no segment yet (a first batch not committed) raises
    NotImplementedError: the reader says the index is empty instead."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except NotImplementedError as error:
            frames = traceback.extract_tb(error.__traceback__)
            if frames and frames[-1].filename.endswith(os.path.join("whoosh", "reading.py")):
                raise index_empty(self.index_dir) from error
            raise

    return wrapper


class WhooshReader(FacetsApart):
    name = "whoosh"
    # candidates for a page whose dates and ids are read one by one; more: the reader's whole order, once
    TIES_READ_UP_TO = 5000

    def __init__(self, ix, index_dir: Path, searcher=None):
        self.ix, self.index_dir = ix, Path(index_dir)
        self.searcher = searcher or ix.searcher()
        reader = self.searcher.reader()
        self.empty = reader.doc_count_all() == 0  # an empty reader has no columns at all
        self.column = FacetColumn(reader)
        self._dates = _EmptyColumn() if self.empty else reader.column_reader("date")
        self._ids = _EmptyColumn() if self.empty else reader.column_reader("id")
        self._score_all = ScoreAll(self.searcher, FieldLengths())
        self._scores: dict[tuple, Scores] = {}
        self._docs: dict[tuple, list[int]] = {}

    def refresh(self) -> WhooshReader:
        try:
            if self.searcher.up_to_date():
                return self
        except Exception:  # a damaged TOC: reopening names it
            pass
        # reopened whole: whoosh's refresh() reuses the old reader's segments, so an article
        # replaced since (or a whole index swapped in by --rebuild) would show twice
        self.searcher.close()
        return open_reader(self.index_dir)

    def close(self) -> None:
        self.searcher.close()

    def _scored(self, tree: QueryTree, filters: Sequence[Filter]) -> Scores:
        """Every match with its score; kept for the calls one search makes (total and page)."""
        return _recent(
            self._scores, (tree.key(), tuple(filters)), lambda: self._score_all(_combined(tree, filters))
        )

    def _matched(self, tree: QueryTree, filters: Sequence[Filter]) -> list[int]:
        """Every match, unscored; kept for the calls one search makes (total and facets)."""
        key = (tree.key(), tuple(filters))
        if key in self._scores:
            return list(self._scores[key])
        return _recent(self._docs, key, lambda: self._score_all.docs(_combined(tree, filters)))

    @_empty_is_named
    def search(self, tree: QueryTree, filters: Sequence[Filter], sort: str, offset: int, limit: int) -> Page:
        total = len(self._scored(tree, filters) if sort == "relevance" else self._matched(tree, filters))
        end = offset + limit
        if not total:
            return Page(0, [])
        if sort == "relevance":
            window = self._ranked_window(self._scored(tree, filters), end)
        else:
            query = _combined(tree, filters)

            def fetch(k: int) -> list:
                results = self.searcher.search(query, limit=k, sortedby="date", reverse=sort != "date")
                return [
                    (self._dates[hit.docnum], self._dates[hit.docnum], self._ids[hit.docnum], hit.docnum)
                    for hit in results[:k]
                ]

            window = stable_window(fetch, total, end)
            window.sort(key=sort_key(sort))
        stored = self.searcher.stored_fields
        hits = [
            (stored(docnum)["record"], score if sort == "relevance" else None)
            for score, _, _, docnum in window[offset:end]
        ]
        return Page(total, hits)

    def _ranked_window(self, scores: Scores, end: int) -> list:
        """The first ``end`` hits by (score, date, id). Only matches scoring at least the
        ``end``-th best score can be among them; many of them (a phrase's matches all score
        alike) are ordered by score, then by their place in the reader's (date, id) order."""
        if len(scores) > end:
            floor = heapq.nlargest(end, scores.values())[-1]
            candidates = [(docnum, score) for docnum, score in scores.items() if score >= floor]
        else:
            candidates = list(scores.items())
        dates, ids = self._dates, self._ids
        if len(candidates) < self.TIES_READ_UP_TO:
            ranked = ((score, dates[docnum], ids[docnum], docnum) for docnum, score in candidates)
            return heapq.nsmallest(end, ranked, key=sort_key("relevance"))
        place = self._tie_order
        best = heapq.nsmallest(end, candidates, key=lambda hit: (-hit[1], place[hit[0]]))
        return [(score, dates[docnum], ids[docnum], docnum) for docnum, score in best]

    @cached_property
    def _tie_order(self) -> list[int]:
        """Each document's place in the order that breaks score ties (date new first, then id),
        read once per reader: a phrase's matches all score alike."""
        dates, ids = list(self._dates), list(self._ids)
        key = sort_key("relevance")
        date_key = {date: key((0.0, date, ""))[1] for date in set(dates)}
        order = sorted(range(len(ids)), key=ids.__getitem__)
        order.sort(key=lambda docnum: date_key[dates[docnum]])  # stable: ids stay in order within a date
        place = [0] * len(order)
        for rank, docnum in enumerate(order):
            place[docnum] = rank
        return place

    @_empty_is_named
    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]:
        return self.column.count(self._matched(tree, filters), facets)

    @_empty_is_named
    def record(self, article_id: str) -> StoredRecord | None:
        hit = self.searcher.document(id=article_id)
        return _stored(hit["record"]) if hit else None

    @_empty_is_named
    def issue_records(self, issue_key: str) -> list[StoredRecord]:
        return [_stored(doc["record"]) for doc in self.searcher.documents(issue_key=issue_key)]

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    @_empty_is_named
    def ids(self) -> list[str]:
        return [fields["id"] for fields in self.searcher.all_stored_fields()]

    @_empty_is_named
    def all_records(self) -> list[StoredRecord]:
        return [_stored(fields["record"]) for fields in self.searcher.all_stored_fields()]

    @_empty_is_named
    def similar(
        self, record: ArticleRecord, limit: int = 5, filters: Sequence[Filter] = ()
    ) -> list[StoredRecord]:
        """Articles sharing this one's most distinctive words (tf·idf of its jieba words), within ``filters``."""
        reader = self.searcher.reader()
        keywords = distinctive_words(record, reader.doc_count(), lambda w: reader.doc_frequency("text", w))
        if not keywords:
            return []
        query = q.AndNot(
            q.Or([q.Term("text", w) for w in keywords]), q.Term("issue_key", record["issue_key"])
        )
        if filters:
            query = q.And([query, *(compile_filter(f) for f in filters)])
        return [_stored(hit["record"]) for hit in self.searcher.search(query, limit=limit)]


def _recent(cache: dict, key: tuple, compute: Callable[[], Any]) -> Any:
    """A small cache of the last few answers (a broad query's are a few MB each)."""
    value = cache.get(key)
    if value is None:
        if len(cache) >= 8:
            cache.pop(next(iter(cache)))
        value = cache[key] = compute()
    return value


def _stored(value: Any) -> StoredRecord:
    """A copy of the record a document stores (Whoosh hands back the stored object itself)."""
    return cast(StoredRecord, dict(value))


class _EmptyColumn:
    def __getitem__(self, docnum: int):
        return None

    def __iter__(self):
        return iter(())


class FacetColumn:
    """Facet values of one reader. Small result sets are counted doc by doc; large ones by
    AND-ing bitsets (Python ints) of the matched docs with each value's docs, which stays fast
    when a query matches most of a large archive."""

    BITSET_FROM = 2000  # matched docs from which bitsets win

    def __init__(self, reader):
        self._column = _EmptyColumn() if reader.doc_count_all() == 0 else reader.column_reader("facets")
        self._doc_count = reader.doc_count_all()
        self._cache: dict[int, dict] = {}
        self._bitsets: dict[str, dict[str, int]] | None = None

    def values(self, docnum: int) -> dict:
        cached = self._cache.get(docnum)
        if cached is None:
            cached = self._cache[docnum] = json.loads(self._column[docnum] or b"{}")
        return cached

    def count(self, docnums, facets: Sequence[str]) -> dict[str, Counter]:
        """Each facet's value counts over the matched docs."""
        docnums = docnums if isinstance(docnums, list) else list(docnums)
        if len(docnums) < self.BITSET_FROM:
            counts: dict[str, Counter] = {facet: Counter() for facet in facets}
            for docnum in docnums:
                values = self.values(docnum)
                for facet in facets:
                    counts[facet].update(values.get(facet, ()))
            return counts
        matched = self._bitset(docnums)
        return {
            facet: Counter(
                {
                    value: n
                    for value, bits in self._value_bitsets(facet).items()
                    if (n := (bits & matched).bit_count())
                }
            )
            for facet in facets
        }

    def _bitset(self, docnums) -> int:
        buffer = bytearray((self._doc_count >> 3) + 1)
        for docnum in docnums:
            buffer[docnum >> 3] |= 1 << (docnum & 7)
        return int.from_bytes(buffer, "little")

    def _value_bitsets(self, facet: str) -> dict[str, int]:
        if self._bitsets is None:
            members: dict[str, dict[str, list[int]]] = {}
            for docnum in range(self._doc_count):
                for facet_name, values in self.values(docnum).items():
                    for value in values:
                        members.setdefault(facet_name, {}).setdefault(value, []).append(docnum)
            self._bitsets = {
                facet_name: {value: self._bitset(docs) for value, docs in by_value.items()}
                for facet_name, by_value in members.items()
            }
        return self._bitsets.get(facet, {})
