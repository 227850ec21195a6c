"""The tantivy engine: a Rust core in process, a folder; milliseconds at 100k+ articles.

It indexes the same token strings as Whoosh (``indexer.lang.text``), split by tantivy's
whitespace tokenizer: feeding strings, not tokens one by one, is what makes its
build fast. Positions are ordinals on the bigram fields, so a phrase of bigrams is
an exact substring. Facet fields are multi-valued raw fast fields, counted by a
terms aggregation; the article record is stored as JSON bytes.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import tantivy

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
    TermsFilter,
    distinctive_words,
    sort_key,
    stable_window,
)
from indexer.facet_registry import FACET_LIST, KEYWORD_LIST, KEYWORDS, KeywordSpec
from indexer.faults import index_damaged
from indexer.lang import text as cjk_text
from indexer.records import ArticleRecord, IndexDocument, StoredRecord

FOLDER = "tantivy"
TOKENIZER = "jianbao_ws"
WRITER_HEAP = 128 * 1024 * 1024
FIRST_WINDOW = 64  # hits a search asks for at once: a page's ties are mostly within, so no second pass
MAX_FACET_VALUES = 100_000
name = "tantivy"

Occur = tantivy.Occur


def _folder(index_dir: Path) -> Path:
    return Path(index_dir) / FOLDER


def build_schema(keywords: Sequence[KeywordSpec] = KEYWORD_LIST) -> tantivy.Schema:
    """The schema of a new index (``keywords``: the keyword fields it holds, every one unless told)."""
    builder = tantivy.SchemaBuilder()
    for key in ("id", "source_path", "issue_key"):
        builder.add_text_field(key, stored=key == "id", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", tokenizer_name=TOKENIZER, index_option="freq")
    builder.add_text_field("text", tokenizer_name=TOKENIZER, index_option="freq")
    builder.add_text_field("title_cjk", tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("cjk", tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("title_chars", tokenizer_name=TOKENIZER, index_option="basic")
    builder.add_text_field("chars", tokenizer_name=TOKENIZER, index_option="basic")
    for facet in FACET_LIST:
        builder.add_text_field(facet.field, tokenizer_name="raw", index_option="basic", fast=True)
    for spec in keywords:  # matched, never counted: no fast field
        builder.add_text_field(spec.field, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("date", indexed=True, fast=True)  # 20210508; 0 for undated
    # the source's access token (indexer.access): a filter term of every viewer's query
    builder.add_text_field(ACCESS_FIELD, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("record", stored=True)
    return builder.build()


def _register(index: tantivy.Index) -> tantivy.Index:
    index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def exists(index_dir: Path) -> bool:
    return (_folder(index_dir) / "meta.json").exists()


def create(index_dir: Path) -> TantivyWriter:
    folder = _folder(index_dir)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = _register(tantivy.Index(build_schema(), path=str(folder), reuse=False))
    return TantivyWriter(index)


def destroy(index_dir: Path) -> None:
    shutil.rmtree(_folder(index_dir), ignore_errors=True)


def _open(index_dir: Path) -> tantivy.Index:
    folder = _folder(index_dir)
    try:
        index = _register(tantivy.Index.open(str(folder)))
        index.searcher().num_docs  # noqa: B018 — opens every segment: a lost file shows here
    except Exception as error:  # tantivy raises ValueError or OSError for a damaged index
        raise index_damaged(Path(index_dir), f"{type(error).__name__}: {error}") from error
    missing = [
        field
        for field in (*(spec.field for spec in KEYWORD_LIST), ACCESS_FIELD)
        if not _has_field(index.schema, field)
    ]
    if missing:  # a tantivy schema cannot grow: the index is made again from its catalog
        raise IndexUnavailable(
            f"索引格式过旧：{index_dir}（缺少字段 {'、'.join(missing)}）；请运行 jianbao index --rebuild 从目录库重建"
        )
    return index


def _has_field(schema: tantivy.Schema, field: str) -> bool:
    try:
        tantivy.Query.term_query(schema, field, "")
    except ValueError:
        return False
    return True


def open_writer(index_dir: Path) -> TantivyWriter:
    return TantivyWriter(_open(index_dir))


def open_reader(index_dir: Path) -> TantivyReader:
    return TantivyReader(_open(index_dir), _folder(index_dir))


# -- writing --------------------------------------------------------------------------------------------------------


def _date_number(date: str) -> int:
    digits = date.replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


def tantivy_document(doc: IndexDocument) -> tantivy.Document:
    """The engine-neutral document of ``indexer.index.index_fields`` as a tantivy document."""
    out = tantivy.Document()
    for key in TEXT_FIELDS:
        out.add_text(key, doc[key])
    facets = doc["facets"]
    for facet in FACET_LIST:
        for value in facets[facet.name]:
            if value:
                out.add_text(facet.field, value)
    keywords = doc["keywords"]
    for spec in KEYWORD_LIST:
        for value in keywords[spec.name]:
            out.add_text(spec.field, value)
    out.add_integer("date", _date_number(doc["date"]))
    if doc["access"]:
        out.add_text(ACCESS_FIELD, doc["access"])
    out.add_bytes("record", json.dumps(doc["record"], ensure_ascii=False).encode("utf-8"))
    return out


class TantivyWriter:
    def __init__(self, index: tantivy.Index):
        self.index = index
        self._writer: tantivy.IndexWriter | None = None
        self._dirty = False

    def advance_past(self, other: Path) -> None:
        """Readers notice a swapped-in index by its meta.json: nothing to advance."""

    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self.index.writer(WRITER_HEAP, 1)
        return self._writer

    def replace_source(self, path: str, documents: list[IndexDocument]) -> None:
        writer = self.writer
        writer.delete_documents_by_term("source_path", path)
        for document in documents:
            writer.add_document(tantivy_document(document))
        self._dirty = True

    def delete_source(self, path: str) -> None:
        self.writer.delete_documents_by_term("source_path", path)
        self._dirty = True

    def commit(self) -> None:
        if self._writer is not None and self._dirty:
            self._writer.commit()
            self._dirty = False

    def close(self) -> None:
        if self._writer is not None:
            if self._dirty:
                self._writer.rollback()
            self._writer.wait_merging_threads()
            self._writer = None


# -- compiling the query tree ---------------------------------------------------------------------------------------


class _Compiler:
    def __init__(self, schema: tantivy.Schema):
        self.schema = schema

    def term(self, field: str, value: str, boost: float = 1.0) -> tantivy.Query:
        query = tantivy.Query.term_query(self.schema, field, value)
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)

    def substring(self, field: str, chars_field: str, text: str, boost: float = 1.0) -> tantivy.Query:
        tokens = cjk_text.bigrams(text)
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1 and len(tokens[0]) == 1 and cjk_text.is_cjk(tokens[0]):
            return self.term(chars_field, tokens[0], boost)
        if len(tokens) == 1:
            return self.term(field, tokens[0], boost)
        query = tantivy.Query.phrase_query(self.schema, field, list[str | tuple[int, str]](tokens))
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)

    def all_words(self, field: str, words: list[str], boost: float = 1.0) -> tantivy.Query:
        if len(words) == 1:
            return self.term(field, words[0], boost)
        query = tantivy.Query.boolean_query([(Occur.Must, self.term(field, w)) for w in words])
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)

    def any_of(self, queries: list[tantivy.Query]) -> tantivy.Query:
        return (
            queries[0]
            if len(queries) == 1
            else tantivy.Query.boolean_query([(Occur.Should, x) for x in queries])
        )

    def leaf(self, leaf: Leaf) -> tantivy.Query:
        """Matching is the bigram field's (exact substrings); title and word clauses only score."""
        if leaf.field == "unit":
            return self.term("unit", leaf.text)
        if leaf.field in KEYWORDS:
            return self.term(KEYWORDS[leaf.field].field, leaf.text)
        if leaf.field == "person":
            return self.any_of([self.term("official", leaf.text), self.substring("cjk", "chars", leaf.text)])
        title_only = leaf.field == "title"
        if title_only:
            required = self.substring("title_cjk", "title_chars", leaf.text)
            scoring = []
        else:
            required = self.substring("cjk", "chars", leaf.text)
            scoring = [self.substring("title_cjk", "title_chars", leaf.text, boost=3.0)]
        words = cjk_text.words(leaf.text)
        if words and not leaf.phrase:
            scoring.append(self.all_words("title", words, boost=3.0))
            if not title_only:
                scoring.append(self.all_words("text", words))
        if not scoring:
            return required
        return tantivy.Query.boolean_query([(Occur.Must, required)] + [(Occur.Should, s) for s in scoring])

    def tree(self, tree: QueryTree) -> tantivy.Query:
        if not tree.groups:
            return tantivy.Query.all_query()
        clauses = [(Occur.Must, self.any_of([self.leaf(x) for x in group])) for group in tree.groups]
        plain = [g[0] for g in tree.groups if len(g) == 1 and not g[0].field]
        if len(plain) > 1:
            # words that stand together in the text rank above the same words scattered
            together = "".join(leaf.text for leaf in plain)
            clauses.append((Occur.Should, self.substring("cjk", "chars", together, boost=2.0)))
        if tree.negations:
            clauses.append((Occur.MustNot, self.any_of([self.leaf(x) for x in tree.negations])))
        if len(clauses) == 1:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    def filter(self, spec: Filter) -> tantivy.Query:
        if isinstance(spec, DateFilter):
            low = _date_number(spec.start) if spec.start else None
            high = _date_number(spec.end) if spec.end else None
            if low is None and high is None:
                return tantivy.Query.all_query()
            query = tantivy.Query.range_query(self.schema, "date", tantivy.FieldType.Integer, low, high)
        else:
            assert isinstance(spec, TermsFilter)
            if not spec.values:
                return tantivy.Query.empty_query()
            if len(spec.values) == 1:
                query = tantivy.Query.term_query(self.schema, spec.field, spec.values[0])
            else:
                query = tantivy.Query.boolean_query(
                    [
                        (Occur.Should, tantivy.Query.term_query(self.schema, spec.field, v))
                        for v in spec.values
                    ]
                )
        return tantivy.Query.const_score_query(query, 0.0)  # filters narrow, they never score

    def combined(self, tree: QueryTree, filters: Sequence[Filter]) -> tantivy.Query:
        base = self.tree(tree)
        if not filters:
            return base
        clauses = [(Occur.Must, base)] + [(Occur.Must, self.filter(f)) for f in filters]
        return tantivy.Query.boolean_query(clauses)


# -- reading --------------------------------------------------------------------------------------------------------


def _meta_stamp(folder: Path) -> tuple[int, int]:
    try:
        stat = os.stat(folder / "meta.json")
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


class TantivyReader(FacetsApart):
    name = "tantivy"

    def __init__(self, index: tantivy.Index, folder: Path):
        self.index, self.folder = index, folder
        self.stamp = _meta_stamp(folder)
        self.searcher = index.searcher()
        self.compile = _Compiler(index.schema)

    def refresh(self) -> TantivyReader:
        stamp = _meta_stamp(self.folder)
        if stamp == self.stamp:
            return self
        self.index.reload()
        return TantivyReader(self.index, self.folder)

    def close(self) -> None:
        pass

    def _doc(self, address) -> tantivy.Document:
        return self.searcher.doc(address)

    def _record(self, document: tantivy.Document) -> StoredRecord:
        return json.loads(bytes(document.get_first("record") or b"").decode("utf-8"))

    def search(self, tree: QueryTree, filters: Sequence[Filter], sort: str, offset: int, limit: int) -> Page:
        query = self.compile.combined(tree, filters)
        end = offset + limit
        first_limit = max(end + 1, FIRST_WINDOW)

        def run(k: int, count: bool):
            if sort == "relevance":
                return self.searcher.search(query, limit=k, count=count)
            order = tantivy.Order.Asc if sort == "date" else tantivy.Order.Desc
            return self.searcher.search(query, limit=k, count=count, order_by_field="date", order=order)

        first = run(first_limit, True)  # the total and a window past the page's ties, in one pass
        total = first.count

        def fetch(k: int) -> list:
            hits = (first if k <= first_limit else run(k, False)).hits
            dates = self.searcher.fast_field_values("date", [a for _, a in hits])
            return [(key, _iso(int(date or 0)), address) for (key, address), date in zip(hits, dates)]

        window = stable_window(fetch, total, end) if total else []
        return Page(
            total,
            [
                (self._record(document), float(key) if sort == "relevance" else None)
                for key, document in self._page(window, sort, offset, end)
            ],
        )

    def _page(self, window: list, sort: str, offset: int, end: int) -> list[tuple[float, tantivy.Document]]:
        """The hits ``offset:end`` of the window in the full order (key, date, id): ranked by key and
        date from the fast fields; only the page's hits and those tying with them on both are read
        from the store, for their record or the id that breaks the tie."""
        order = sort_key(sort)
        keyed = sorted(
            ((order((key, date, "")), key, address) for key, date, address in window), key=itemgetter(0)
        )
        documents: list[tuple[tuple, str, float, tantivy.Document | None]] = []
        for partial, group in groupby(keyed, key=itemgetter(0)):
            if len(documents) >= end:
                break
            members = list(group)
            if len(documents) + len(members) <= offset:
                documents.extend((partial, "", key, None) for _, key, _ in members)  # before the page: unread
                continue
            read = [(key, self._doc(address)) for _, key, address in members]
            documents.extend(
                sorted(((partial, str(d.get_first("id")), key, d) for key, d in read), key=itemgetter(1))
            )
        return [(key, document) for _, _, key, document in documents[offset:end] if document is not None]

    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]:
        fields = {f.name: f.field for f in FACET_LIST}
        spec = {
            name: {
                "terms": {"field": fields[name], "size": MAX_FACET_VALUES, "segment_size": MAX_FACET_VALUES}
            }
            for name in facets
        }
        if not spec:
            return {}
        result = self.searcher.aggregate(self.compile.combined(tree, filters), spec)
        return {
            name: Counter({b["key"]: b["doc_count"] for b in result.get(name, {}).get("buckets", [])})
            for name in facets
        }

    def _all(self, query: tantivy.Query) -> list[StoredRecord]:
        count = self.searcher.search(query, limit=1, count=True).count  # type: ignore[attr-defined]
        if not count:
            return []
        hits = self.searcher.search(query, limit=count, count=False).hits
        return [self._record(self._doc(address)) for _, address in hits]

    def record(self, article_id: str) -> StoredRecord | None:
        found = self._all(tantivy.Query.term_query(self.index.schema, "id", article_id))
        return found[0] if found else None

    def issue_records(self, issue_key: str) -> list[StoredRecord]:
        return self._all(tantivy.Query.term_query(self.index.schema, "issue_key", issue_key))

    def doc_count(self) -> int:
        return self.searcher.num_docs

    def ids(self) -> list[str]:
        count = self.searcher.num_docs
        if not count:
            return []
        hits = self.searcher.search(tantivy.Query.all_query(), limit=count, count=False).hits
        return [str(self._doc(address).get_first("id")) for _, address in hits]

    def all_records(self) -> list[StoredRecord]:
        return self._all(tantivy.Query.all_query())

    def similar(
        self, record: ArticleRecord, limit: int = 5, filters: Sequence[Filter] = ()
    ) -> list[StoredRecord]:
        """Articles sharing this one's most distinctive words, ranked as Whoosh ranks them, within ``filters``."""
        schema = self.index.schema
        keywords = distinctive_words(
            record, self.searcher.num_docs, lambda w: self.searcher.doc_freq("text", w)
        )
        if not keywords:
            return []
        query = tantivy.Query.boolean_query(
            [(Occur.Should, tantivy.Query.term_query(schema, "text", w)) for w in keywords]
            + [(Occur.MustNot, tantivy.Query.term_query(schema, "issue_key", record["issue_key"]))]
            + [(Occur.Must, self.compile.filter(f)) for f in filters]
        )
        hits = self.searcher.search(query, limit=limit, count=False).hits
        return [self._record(self._doc(address)) for _, address in hits]


def _iso(number: int) -> str:
    if not number:
        return ""
    digits = f"{number:08d}"
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
