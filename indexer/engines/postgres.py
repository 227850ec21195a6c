"""The PostgreSQL engine: one database that any number of indexers and web servers share.

Every article is a row. Its token streams (``indexer.text``, the same the other engines
index) become tsvectors built here from our own tokens, with ordinal positions kept, so
that a run of bigrams is a ``<->`` phrase: an exact substring. Facet values are text
arrays counted by SQL; the record is stored as JSON text. GIN indexes serve every
match (RUM was measured: no faster here and twice the size, see the README). Tokens
and records are lz4-compressed: a phrase is checked against each candidate's positions,
and lz4 unpacks them faster than PostgreSQL's default pglz (keyword p50 −30%, −21% size).

A tsvector keeps at most 256 positions of a lexeme and none past 16383; an article
beyond either bound is marked ``lossy`` and keeps its bigram string, and its phrases
are checked on that string instead, so matching stays exact for every article.

Readers use autocommit connections: each query sees the latest commit, on the primary
or on a streaming replica. The writer's connection is shared, in its thread, with the
catalog (``indexer.pg_catalog``), so a batch's articles and catalog rows commit as one
transaction.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg

from indexer import text as cjk_text
from indexer.engines.base import DateFilter, Filter, IndexUnavailable, Leaf, Page, QueryTree, TermsFilter
from indexer.engines.whoosh import distinctive_words
from indexer.facet_registry import FACET_LIST
from indexer.records import ArticleRecord, IndexDocument, StoredRecord

name = "postgres"
MAX_POSITION = 16383  # tsvector positions stop here
MAX_POSITIONS = 256  # positions a tsvector keeps per lexeme
FACET_COLUMNS = {f.field: f"f_{f.field}" for f in FACET_LIST}
INDEX_METHOD = "gin"

ENGINE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS jianbao_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id text NOT NULL,
    source_path text NOT NULL,
    issue_key text NOT NULL,
    date text NOT NULL COLLATE "C",   -- ISO date; '' when undated
    words tsvector COMPRESSION lz4 NOT NULL,          -- jieba words: the title's weighted A, the text's D
    title_cjk tsvector COMPRESSION lz4 NOT NULL,      -- bigrams of the title, positions kept
    cjk tsvector COMPRESSION lz4 NOT NULL,            -- bigrams of title and text, positions kept
    title_chars tsvector COMPRESSION lz4 NOT NULL,
    chars tsvector COMPRESSION lz4 NOT NULL,
    lossy boolean NOT NULL,           -- the tsvector dropped positions: phrases check cjk_tokens
    cjk_tokens text,                  -- ' '-joined bigrams, kept only when lossy
    {", ".join(f"{column} text[] NOT NULL" for column in FACET_COLUMNS.values())},
    record text COMPRESSION lz4 NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_id ON articles (id);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source_path);
CREATE INDEX IF NOT EXISTS articles_issue ON articles (issue_key);
CREATE INDEX IF NOT EXISTS articles_date ON articles (date, id COLLATE "C");
CREATE INDEX IF NOT EXISTS articles_lossy ON articles (id) WHERE lossy;
{"".join(f"CREATE INDEX IF NOT EXISTS articles_{c} ON articles USING {{method}} ({c});" for c in ("words", "title_cjk", "cjk", "title_chars", "chars"))}
{"".join(f"CREATE INDEX IF NOT EXISTS articles_{c} ON articles USING gin ({c});" for c in FACET_COLUMNS.values())}
"""


def connect(dsn: str, *, autocommit: bool) -> psycopg.Connection:
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as error:
        raise IndexUnavailable(f"无法连接 PostgreSQL 数据库：{shown(dsn)}（{error}）".strip()) from error
    with conn.cursor() as cur:
        cur.execute("SET random_page_cost = 1.1")  # SSD: at the default 4 a common word becomes a full scan
    return conn


def shown(dsn: str) -> str:
    """A DSN fit for messages: the password left out."""
    try:
        params = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "（无法解析的数据库地址）"
    params.pop("password", None)
    return " ".join(f"{k}={v}" for k, v in params.items())


# -- the writer's connection, shared with the catalog in the same thread -----------------------------------------------


class _Shared(threading.local):
    def __init__(self):
        self.by_dsn: dict[str, psycopg.Connection] = {}


_shared = _Shared()


def writer_connection(dsn: str) -> psycopg.Connection | None:
    """The connection of this thread's open writer on ``dsn``, if any (the catalog joins its transaction)."""
    conn = _shared.by_dsn.get(dsn)
    return conn if conn is not None and not conn.closed else None


def open_writer_connection(dsn: str) -> psycopg.Connection:
    conn = connect(dsn, autocommit=False)
    _shared.by_dsn[dsn] = conn
    return conn


def close_writer_connection(dsn: str, conn: psycopg.Connection) -> None:
    if _shared.by_dsn.get(dsn) is conn:
        del _shared.by_dsn[dsn]
    if not conn.closed:
        conn.rollback()
        conn.close()


# -- schema ---------------------------------------------------------------------------------------------------------


def has_index(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT to_regclass('articles') IS NOT NULL AND to_regclass('jianbao_meta') IS NOT NULL"
    ).fetchone()
    return bool(row and row[0])


def create_schema(conn: psycopg.Connection, method: str = INDEX_METHOD) -> None:
    if method == "rum":
        conn.execute("CREATE EXTENSION IF NOT EXISTS rum")
    conn.execute(ENGINE_SCHEMA.replace("{method}", method))
    conn.execute(
        "INSERT INTO jianbao_meta VALUES ('engine', 'postgres') ON CONFLICT (key) DO UPDATE SET value = 'postgres'"
    )


# -- documents --------------------------------------------------------------------------------------------------------


def lexeme(token: str) -> str:
    """A token quoted as a tsvector or tsquery lexeme (taken as is: no parser, no dictionary)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(streams: Sequence[tuple[list[str], str]]) -> tuple[str, bool]:
    """Token streams (tokens, weight letter) as one tsvector with ordinal positions; and whether any were lost."""
    positions: dict[str, list[str]] = defaultdict(list)
    lossy = False
    position = 0
    for tokens, weight in streams:
        suffix = "" if weight == "D" else weight
        for token in tokens:
            position += 1
            kept = positions[token]
            if position > MAX_POSITION or len(kept) >= MAX_POSITIONS:
                lossy = True
                continue
            kept.append(f"{position}{suffix}")
    return " ".join(f"{lexeme(t)}:{','.join(p)}" if p else lexeme(t) for t, p in positions.items()), lossy


def plain_tsvector(tokens: list[str]) -> str:
    return " ".join(lexeme(t) for t in dict.fromkeys(tokens))


COLUMNS = (
    "id",
    "source_path",
    "issue_key",
    "date",
    "words",
    "title_cjk",
    "cjk",
    "title_chars",
    "chars",
    "lossy",
    "cjk_tokens",
    *FACET_COLUMNS.values(),
    "record",
)


def row_of(doc: IndexDocument) -> tuple:
    """The engine-neutral document of ``indexer.index.index_fields`` as a row of ``articles``."""
    split = str.split
    words, _ = tsvector_literal([(split(doc["title"]), "A"), (split(doc["text"]), "D")])
    cjk_tokens = split(doc["cjk"])
    cjk, lossy = tsvector_literal([(cjk_tokens, "D")])
    title_cjk, _ = tsvector_literal([(split(doc["title_cjk"]), "D")])
    facets = doc["facets"]
    return (
        doc["id"],
        doc["source_path"],
        doc["issue_key"],
        doc["date"] or "",
        words,
        title_cjk,
        cjk,
        plain_tsvector(split(doc["title_chars"])),
        plain_tsvector(split(doc["chars"])),
        lossy,
        doc["cjk"] if lossy else None,
        *([v for v in facets[f.name] if v] for f in FACET_LIST),
        json.dumps(doc["record"], ensure_ascii=False),
    )


class PostgresWriter:
    """Replaces a source's rows; nothing is visible to readers before ``commit``."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def replace_source(self, path: str, documents: list[IndexDocument]) -> None:
        with self.conn.cursor() as cur:
            cur.execute("DELETE FROM articles WHERE source_path = %s", (path,))
            if documents:
                casts = [
                    "%s::tsvector" if c in ("words", "title_cjk", "cjk", "title_chars", "chars") else "%s"
                    for c in COLUMNS
                ]
                cur.executemany(
                    f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join(casts)})",
                    [row_of(d) for d in documents],
                )

    def delete_source(self, path: str) -> None:
        self.conn.execute("DELETE FROM articles WHERE source_path = %s", (path,))

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.conn.rollback()  # what was not committed is dropped, as with the other engines

    def advance_past(self, other: Path) -> None:
        """A database is rebuilt in place, in one transaction, never swapped: every reader sees its commit."""


def open_writer(conn: psycopg.Connection, *, create: bool = False) -> PostgresWriter:
    """The writer on a locked connection; ``create`` starts an empty index (the catalog stays)."""
    if not has_index(conn):
        create_schema(conn)
    elif create:
        conn.execute("TRUNCATE articles")
    return PostgresWriter(conn)


# -- compiling the query tree into SQL ----------------------------------------------------------------------------------


class _Sql:
    """A WHERE condition or score expression with its parameters, in order."""

    def __init__(self, text: str, params: Sequence[Any] = ()):
        self.text, self.params = text, list(params)

    @staticmethod
    def join(parts: Sequence[_Sql], sep: str) -> _Sql:
        return _Sql(sep.join(f"({p.text})" for p in parts), [x for p in parts for x in p.params])


TRUE, FALSE = _Sql("TRUE"), _Sql("FALSE")


def _any(parts: list[_Sql]) -> _Sql:
    return parts[0] if len(parts) == 1 else _Sql.join(parts, " OR ")


def substring(column: str, chars_column: str, text: str) -> _Sql:
    """Articles holding ``text`` as an exact run of tokens (bigrams; one character: the character set)."""
    tokens = cjk_text.bigrams(text)
    if not tokens:
        return FALSE
    if len(tokens) == 1 and len(tokens[0]) == 1 and cjk_text.is_cjk(tokens[0]):
        return _Sql(f"{chars_column} @@ %s::tsquery", [lexeme(tokens[0])])
    if len(tokens) == 1:
        return _Sql(f"{column} @@ %s::tsquery", [lexeme(tokens[0])])
    phrase = " <-> ".join(lexeme(t) for t in tokens)
    if column == "title_cjk":  # titles are short: never lossy
        return _Sql("title_cjk @@ %s::tsquery", [phrase])
    every = " & ".join(lexeme(t) for t in dict.fromkeys(tokens))
    return _Sql(
        "(NOT lossy AND cjk @@ %s::tsquery)"
        " OR (lossy AND cjk @@ %s::tsquery AND strpos(' ' || cjk_tokens || ' ', %s) > 0)",
        [phrase, every, " " + " ".join(tokens) + " "],
    )


def _words_query(words: list[str], weight: str) -> str:
    return " & ".join(f"{lexeme(w)}:{weight}" for w in dict.fromkeys(words))


class _Compiler:
    """The query tree as a condition (what matches) and a score (how it ranks).

    Matching is the bigram field's alone, as in the other engines; the title and word
    clauses only add to the score: a title holding the leaf 3, every word of the leaf in
    the title 3, and the words' weight in the text (ts_rank), words standing together 2.
    """

    def leaf(self, leaf: Leaf) -> _Sql:
        if leaf.field == "unit":
            return _Sql("f_unit @> ARRAY[%s]::text[]", [leaf.text])
        if leaf.field == "person":
            return _any(
                [_Sql("f_official @> ARRAY[%s]::text[]", [leaf.text]), substring("cjk", "chars", leaf.text)]
            )
        if leaf.field == "title":
            return substring("title_cjk", "title_chars", leaf.text)
        return substring("cjk", "chars", leaf.text)

    def leaf_score(self, leaf: Leaf) -> list[_Sql]:
        if leaf.field in ("unit", "person"):
            return []
        parts = []
        if leaf.field != "title":
            title = substring("title_cjk", "title_chars", leaf.text)
            parts.append(_Sql(f"CASE WHEN {title.text} THEN 3.0 ELSE 0.0 END", title.params))
        words = cjk_text.words(leaf.text)
        if words and not leaf.phrase:
            parts.append(
                _Sql("CASE WHEN words @@ %s::tsquery THEN 3.0 ELSE 0.0 END", [_words_query(words, "A")])
            )
            if leaf.field != "title":
                parts.append(_Sql("ts_rank(words, %s::tsquery, 1)::float8", [_words_query(words, "D")]))
        return parts

    def condition(self, tree: QueryTree) -> _Sql:
        if not tree.groups:
            base = TRUE
        else:
            base = _Sql.join([_any([self.leaf(x) for x in group]) for group in tree.groups], " AND ")
        if tree.negations:
            excluded = _any([self.leaf(x) for x in tree.negations])
            base = _Sql(f"({base.text}) AND NOT ({excluded.text})", base.params + excluded.params)
        return base

    def score(self, tree: QueryTree) -> _Sql:
        parts = []
        for group in tree.groups:
            for leaf in group:
                scored = self.leaf_score(leaf) + [_Sql("1.0")]
                part = _Sql.join(scored, " + ")
                if len(group) > 1:  # an OR group sums the alternatives that match, as the other engines do
                    matched = self.leaf(leaf)
                    part = _Sql(
                        f"CASE WHEN {matched.text} THEN {part.text} ELSE 0.0 END",
                        matched.params + part.params,
                    )
                parts.append(part)
        plain = [g[0] for g in tree.groups if len(g) == 1 and not g[0].field]
        if len(plain) > 1:
            together = substring("cjk", "chars", "".join(leaf.text for leaf in plain))
            parts.append(_Sql(f"CASE WHEN {together.text} THEN 2.0 ELSE 0.0 END", together.params))
        return _Sql.join(parts, " + ") if parts else _Sql("0.0")

    def filter(self, spec: Filter) -> _Sql:
        if isinstance(spec, DateFilter):
            return _Sql("date BETWEEN %s AND %s", [spec.start or "0000-00-00", spec.end or "9999-99-99"])
        assert isinstance(spec, TermsFilter)
        if not spec.values:
            return FALSE
        return _Sql(f"{FACET_COLUMNS[spec.field]} && %s::text[]", [list(spec.values)])

    def where(self, tree: QueryTree, filters: Sequence[Filter]) -> _Sql:
        return _Sql.join([self.condition(tree)] + [self.filter(f) for f in filters], " AND ")


# Total orders, the same as ``indexer.engines.base.sort_key``: undated first, ids by code point.
ORDERS = {
    "relevance": "score DESC, (date = '') DESC, date DESC, id COLLATE \"C\"",
    "date": 'date, id COLLATE "C"',
    "-date": "(date = '') DESC, date DESC, id COLLATE \"C\"",
}


# -- reading ----------------------------------------------------------------------------------------------------------


class PostgresReader:
    name = "postgres"

    def __init__(self, conn: psycopg.Connection, dsn: str):
        self.conn, self.dsn = conn, dsn  # the DSN as given: conn.info.dsn leaves the password out
        self.compile = _Compiler()

    def refresh(self) -> PostgresReader:
        if self.conn.closed or self.conn.broken:  # the server restarted, or a replica was promoted
            return open_reader_dsn(self.dsn)
        return self  # every statement sees the latest commit

    def close(self) -> None:
        self.conn.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except psycopg.OperationalError as error:
            raise IndexUnavailable(f"PostgreSQL 连接中断：{error}") from error

    def search(self, tree: QueryTree, filters: Sequence[Filter], sort: str, offset: int, limit: int) -> Page:
        where = self.compile.where(tree, filters)
        score = self.compile.score(tree) if sort == "relevance" else _Sql("0.0")
        rows = self._rows(
            f"SELECT record, score, count(*) OVER () FROM"
            f" (SELECT record, id, date, {score.text} AS score FROM articles WHERE {where.text}) AS m"
            f" ORDER BY {ORDERS[sort]} LIMIT %s OFFSET %s",
            score.params + where.params + [limit, offset],
        )
        if rows:
            total = int(rows[0][2])
        else:
            total = int(self._rows(f"SELECT count(*) FROM articles WHERE {where.text}", where.params)[0][0])
        hits = [(json.loads(r[0]), float(r[1]) if sort == "relevance" else None) for r in rows]
        return Page(total, hits)

    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]:
        if not facets:
            return {}
        fields = {f.name: f.field for f in FACET_LIST}
        columns = [FACET_COLUMNS[fields[n]] for n in facets]
        where = self.compile.where(tree, filters)
        union = " UNION ALL ".join(
            f"SELECT {i}, v, count(*) FROM m, unnest(m.{c}) AS v GROUP BY v" for i, c in enumerate(columns)
        )
        rows = self._rows(
            f"WITH m AS MATERIALIZED (SELECT {', '.join(dict.fromkeys(columns))} FROM articles WHERE {where.text})"
            f" {union}",
            where.params,
        )
        counts: dict[str, Counter] = {n: Counter() for n in facets}
        for i, value, count in rows:
            counts[facets[i]][value] = int(count)
        return counts

    def record(self, article_id: str) -> StoredRecord | None:
        rows = self._rows("SELECT record FROM articles WHERE id = %s LIMIT 1", (article_id,))
        return json.loads(rows[0][0]) if rows else None

    def issue_records(self, issue_key: str) -> list[StoredRecord]:
        return [
            json.loads(r[0])
            for r in self._rows("SELECT record FROM articles WHERE issue_key = %s", (issue_key,))
        ]

    def doc_count(self) -> int:
        return int(self._rows("SELECT count(*) FROM articles")[0][0])

    def ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM articles")]

    def similar(self, record: ArticleRecord, limit: int = 5) -> list[StoredRecord]:
        """Articles sharing this one's most distinctive words, ranked as the other engines rank them."""
        candidates = sorted(
            {w for w in cjk_text.words(record["title"] + "\n" + record["text"]) if len(w) > 1}
        )
        if not candidates:
            return []
        queries = [f"{lexeme(w)}:D" for w in candidates]
        rows = self._rows(
            "SELECT (SELECT count(*) FROM articles WHERE words @@ q::tsquery) FROM unnest(%s::text[]) AS q",
            [queries],
        )
        frequency = {w: int(r[0]) for w, r in zip(candidates, rows)}
        keywords = distinctive_words(record, self.doc_count(), lambda w: frequency.get(w, 0))
        if not keywords:
            return []
        query = " | ".join(f"{lexeme(w)}:D" for w in keywords)
        rows = self._rows(
            "SELECT record FROM articles WHERE words @@ %s::tsquery AND issue_key <> %s"
            ' ORDER BY ts_rank(words, %s::tsquery, 1) DESC, id COLLATE "C" LIMIT %s',
            [query, record["issue_key"], query, limit],
        )
        return [json.loads(r[0]) for r in rows]


def open_reader_dsn(dsn: str) -> PostgresReader:
    conn = connect(dsn, autocommit=True)
    if not has_index(conn):
        conn.close()
        raise IndexUnavailable(
            f"数据库中没有索引：{shown(dsn)}（先运行 jianbao index --engine postgres --dsn …）"
        )
    return PostgresReader(conn, dsn)


def exists_dsn(dsn: str) -> bool:
    try:
        conn = connect(dsn, autocommit=True)
    except IndexUnavailable:
        return False
    try:
        return has_index(conn)
    finally:
        conn.close()
