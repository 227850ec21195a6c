"""The PostgreSQL engine: one database that any number of indexers and web servers share.

Every article is a row, in one of ``PARTITIONS`` hash partitions. Its token streams
(``indexer.lang.text``, the same the other engines index) become tsvectors built here from our
own tokens, with ordinal positions kept, so that a run of bigrams is a ``<->`` phrase: an
exact substring. Facet values are integer codes of ``facet_values``, counted by SQL (keyword
values, ``docno`` and ``cites``, are codes of the same table in a column of their own: matched,
never counted); the
record is stored as JSON text (lz4). GIN indexes serve every match (RUM was measured: no
faster here and twice the size, see the README). The tsvectors every match reads stay in
the row, not in the TOAST table: each phrase candidate's positions are rechecked and every
match is ranked. A search with facets is one statement a partition
(``search_with_facets``), the partitions asked at once on connections of their own in one
snapshot: the matches are found, checked and scored once, and the page, the total and
each facet group come from them.

A tsvector keeps at most 256 positions of a lexeme and none past 16383; an article
beyond either bound is marked ``lossy`` and keeps its bigram string, and its phrases
are checked on that string instead, so matching stays exact for every article.

Readers use autocommit connections: each query sees the latest commit, on the primary
or on a streaming replica. The writer's connection is shared, in its thread, with the
catalog (``indexer.engines.postgres.catalog``), so a batch's articles and catalog rows commit as one
transaction.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg

from indexer.access import ACCESS_FIELD
from indexer.engines.base import (
    DateFilter,
    FacetGroups,
    Filter,
    IndexUnavailable,
    Leaf,
    Page,
    QueryTree,
    TermsFilter,
    distinctive_words,
    sort_key,
)
from indexer.facet_registry import FACET_LIST, KEYWORD_LIST, KEYWORDS
from indexer.faults import index_empty
from indexer.lang import text as cjk_text
from indexer.records import ArticleRecord, IndexDocument, StoredRecord

name = "postgres"
MAX_POSITION = 16383  # tsvector positions stop here
MAX_POSITIONS = 256  # positions a tsvector keeps per lexeme
MAX_LEXEME_BYTES = 2047  # a longer token is refused ("word is too long"): left out, the row lossy
MAX_TSVECTOR_BYTES = 1_048_575  # lexemes and positions of one tsvector ("string is too long for tsvector")
# In a tsvector that had to leave lexemes out: a lexeme no token can equal (tokens hold no whitespace), so
# that a lossy row's phrase check still finds it and decides on its bigram string.
TRUNCATED = "' '"
FACET_FIELDS = {f.name: f.field for f in FACET_LIST}
INDEX_METHOD = "gin"

ENGINE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS jianbao_meta (key text PRIMARY KEY, value text NOT NULL);
-- Every facet value ('field:value') once, with the number the articles store it as: a match's values
-- are unnested and counted, and integers hash, compare and copy faster than text.
CREATE TABLE IF NOT EXISTS facet_values (code integer PRIMARY KEY, value text NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS articles (
    -- what every match reads first: a row is taken apart column by column up to the last one read
    id text NOT NULL,
    date text NOT NULL COLLATE "C",   -- ISO date; '' when undated
    lossy boolean NOT NULL,           -- the tsvector dropped positions: phrases check cjk_tokens
    facets integer[] NOT NULL,        -- every facet value, as its code in facet_values
    keywords integer[] NOT NULL DEFAULT '{{}}',  -- every keyword value (docno, cites): matched, never counted
    source_path text NOT NULL,
    issue_key text NOT NULL,
    title_words tsvector NOT NULL,                    -- the title's jieba words alone (a small inline check)
    title_cjk tsvector COMPRESSION lz4 NOT NULL,      -- bigrams of the title, positions kept
    words tsvector COMPRESSION lz4 NOT NULL,          -- jieba words: the title's weighted A, the text's D
    cjk tsvector COMPRESSION lz4 NOT NULL,            -- bigrams of title and text, positions kept
    title_chars tsvector COMPRESSION lz4 NOT NULL,
    chars tsvector COMPRESSION lz4 NOT NULL,
    cjk_tokens text,                  -- ' '-joined bigrams, kept only when lossy
    record text COMPRESSION lz4 NOT NULL
) PARTITION BY HASH (id);
CREATE INDEX IF NOT EXISTS articles_id ON articles (id);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source_path);
CREATE INDEX IF NOT EXISTS articles_issue ON articles (issue_key);
CREATE INDEX IF NOT EXISTS articles_date ON articles (date, id COLLATE "C");
CREATE INDEX IF NOT EXISTS articles_lossy ON articles (id) WHERE lossy;
{"".join(f"CREATE INDEX IF NOT EXISTS articles_{c} ON articles USING {{method}} ({c});" for c in ("words", "title_cjk", "cjk", "title_chars", "chars"))}
CREATE INDEX IF NOT EXISTS articles_facets ON articles USING gin (facets);
CREATE INDEX IF NOT EXISTS articles_keywords ON articles USING gin (keywords);
"""

# An articles table of this layout made before keyword fields existed gets their column (its rows hold
# none until their sources are parsed again); a constant default adds it without rewriting the table.
KEYWORDS_COLUMN = """
ALTER TABLE articles ADD COLUMN IF NOT EXISTS keywords integer[] NOT NULL DEFAULT '{}';
CREATE INDEX IF NOT EXISTS articles_keywords ON articles USING gin (keywords);
"""

# Set on every connection (the server's own configuration is the operator's):
SESSION_SETTINGS = "; ".join(
    [
        "SET random_page_cost = 1.1",  # SSD: at the default 4 a common word becomes a full scan
        "SET jit = off",  # a query costed past jit_above_cost spent more compiling than running
        "SET max_parallel_workers_per_gather = 0",  # one request, one core: workers cost their start-up
        "SET work_mem = '64MB'",  # the matches of a common word are ranked and counted in memory
        # psycopg prepares a statement run five times; a generic plan would guess every tsquery alike
        "SET plan_cache_mode = force_custom_plan",
    ]
)


def connect(dsn: str, *, autocommit: bool) -> psycopg.Connection:
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as error:
        raise IndexUnavailable(f"无法连接 PostgreSQL 数据库：{shown(dsn)}（{error}）".strip()) from error
    with conn.cursor() as cur:
        cur.execute(SESSION_SETTINGS)
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


# -- connections for reading the catalog beside a search, kept per thread --------------------------------------------


class _Idle(threading.local):
    def __init__(self):
        self.by_dsn: dict[str, list[psycopg.Connection]] = {}


_idle = _Idle()
IDLE_PER_THREAD = 2


def reading_connection(dsn: str) -> psycopg.Connection:
    """A connection for a read transaction (the catalog a search reads), reused within this thread:
    a new one costs its handshake and session settings, several ms, on every request."""
    idle = _idle.by_dsn.setdefault(dsn, [])
    while idle:
        conn = idle.pop()
        try:
            conn.execute("SELECT 1")  # the server may have restarted since
            return conn
        except psycopg.Error:
            conn.close()
    return connect(dsn, autocommit=False)


def release_reading_connection(dsn: str, conn: psycopg.Connection) -> None:
    """Ends the read transaction (the next sees the latest commit) and keeps the connection for reuse."""
    if conn.closed:
        return
    try:
        conn.rollback()
    except psycopg.Error:
        conn.close()
        return
    idle = _idle.by_dsn.setdefault(dsn, [])
    if len(idle) < IDLE_PER_THREAD:
        idle.append(conn)
    else:
        conn.close()


# -- schema ---------------------------------------------------------------------------------------------------------


# The articles table's layout: an index of another layout is rebuilt from its catalog (``--rebuild``),
# never written into or searched (2: one facet array, tsvectors in the row, the title's own words;
# 3: hash partitions, the columns every match reads first in the row, facet values as integer codes).
LAYOUT = "3"


def layout_of(conn: psycopg.Connection) -> str | None:
    row = conn.execute("SELECT value FROM jianbao_meta WHERE key = 'layout'").fetchone()
    return str(row[0]) if row else None


def outdated(where: str) -> IndexUnavailable:
    return IndexUnavailable(
        f"数据库中的索引是旧版格式：{where}（运行 jianbao index --rebuild --engine postgres --dsn … "
        "从数据库中的目录库重建，无需重新读取文件）"
    )


def partitions_of(conn: psycopg.Connection) -> list[str]:
    """The tables holding the articles: the partitions, in order, or the one table."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " WHERE i.inhparent = 'articles'::regclass ORDER BY c.relname"
    ).fetchall()
    return [str(r[0]) for r in rows] or ["articles"]


def has_keywords(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'articles'::regclass"
        " AND attname = 'keywords' AND NOT attisdropped"
    ).fetchone()
    return bool(row and row[0])


def has_index(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT to_regclass('articles') IS NOT NULL AND to_regclass('jianbao_meta') IS NOT NULL"
    ).fetchone()
    return bool(row and row[0])


# The articles are split by a hash of their id into partitions, each with its own heap and indexes;
# a search asks each partition on a connection of its own at once, in one snapshot, and merges the
# answers (``PostgresReader._each``): a match costs the server its row, its phrase check and its
# facet values one by one, so a query matching a fifth of 100k articles takes two cores' time
# halved. PostgreSQL's own parallel query, measured, gained nothing here.
PARTITIONS = 2

# What every match reads stays in the row: fetching it from the TOAST table cost 2.5x (phrase
# checks) to 3.7x (ranking) more per matching row. Only a row past a page moves out, and the record
# and character sets go first (they are read for a page of hits or never).
PARTITION_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles_{n} PARTITION OF articles FOR VALUES WITH (MODULUS {of}, REMAINDER {n})
    WITH (toast_tuple_target = 8160);
ALTER TABLE articles_{n} ALTER words SET STORAGE MAIN, ALTER cjk SET STORAGE MAIN;
"""


def create_schema(conn: psycopg.Connection, method: str = INDEX_METHOD) -> None:
    if method == "rum":
        conn.execute("CREATE EXTENSION IF NOT EXISTS rum")
    schema = ENGINE_SCHEMA.replace("{method}", method)
    tables, indexes = schema.split("CREATE INDEX", 1)  # partitions first: each gets the parent's indexes
    conn.execute(tables)
    for n in range(PARTITIONS):
        conn.execute(PARTITION_SCHEMA.format(n=n, of=PARTITIONS))
    conn.execute("CREATE INDEX" + indexes)
    conn.execute(
        "INSERT INTO jianbao_meta VALUES ('engine', 'postgres'), ('layout', %s)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (LAYOUT,),
    )


# -- documents --------------------------------------------------------------------------------------------------------


def lexeme(token: str) -> str:
    """A token quoted as a tsvector or tsquery lexeme (taken as is: no parser, no dictionary)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(streams: Sequence[tuple[list[str], str]]) -> tuple[str, bool]:
    """Token streams (tokens, weight letter) as one tsvector with ordinal positions; and whether any were lost
    (positions past PostgreSQL's bounds, or lexemes past its byte limits: then TRUNCATED is among them)."""
    positions: dict[str, list[str]] = {}
    budget = _LexemeBudget()
    lossy = False
    position = 0
    for tokens, weight in streams:
        suffix = "" if weight == "D" else weight
        for token in tokens:
            position += 1
            kept = positions.get(token)
            if kept is None:
                if not budget.admits(token):
                    lossy = True
                    continue
                kept = positions[token] = []
            if position > MAX_POSITION or len(kept) >= MAX_POSITIONS or not budget.position():
                lossy = True
                continue
            kept.append(f"{position}{suffix}")
    lexemes = [f"{lexeme(t)}:{','.join(p)}" if p else lexeme(t) for t, p in positions.items()]
    return " ".join(lexemes + ([TRUNCATED] if budget.refused else [])), lossy


class _LexemeBudget:
    """PostgreSQL's limits on one tsvector, taken first come first served: a lexeme costs its bytes, an
    alignment byte and its position count (2); each position 2 more."""

    def __init__(self) -> None:
        self.used = 8  # room for TRUNCATED
        self.refused = False

    def admits(self, token: str) -> bool:
        size = len(token.encode("utf-8"))
        if size > MAX_LEXEME_BYTES or self.used + size + 3 > MAX_TSVECTOR_BYTES:
            self.refused = True
            return False
        self.used += size + 3
        return True

    def position(self) -> bool:
        if self.used + 2 > MAX_TSVECTOR_BYTES:
            return False
        self.used += 2
        return True


def facet_value(field: str, value: str) -> str:
    """A facet value as ``facet_values`` holds it: its field first (no field name holds ':')."""
    return f"{field}:{value}"


class FacetCodes:
    """The codes of ``facet_values`` as one connection last read them. A writer (holding the index
    lock, so alone in adding) numbers new values in its transaction; a reader reads the table again
    when it meets a code or value it does not know, which a writer may have committed since."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.code: dict[str, int] = {}
        self.value: dict[int, str] = {}
        self.read()

    def read(self) -> None:
        rows = self.conn.execute("SELECT code, value FROM facet_values").fetchall()
        self.value = {int(code): value for code, value in rows}
        self.code = {value: code for code, value in self.value.items()}

    def known(self, values: Sequence[str]) -> list[int]:
        """The codes of the values that have one (a value no article holds has none). Values not
        known here are looked up alone: a search for a number no article holds (``docno:``) must not
        read the whole table, which holds every number the archive's articles bear or cite."""
        missing = [v for v in values if v not in self.code]
        if missing:
            rows = self.conn.execute(
                "SELECT code, value FROM facet_values WHERE value = ANY(%s::text[])", [missing]
            ).fetchall()
            for code, value in rows:
                self.code[value], self.value[int(code)] = int(code), value
        return [self.code[v] for v in values if v in self.code]

    def values_of(self, codes: Sequence[int]) -> list[str]:
        if any(c not in self.value for c in codes):
            self.read()
        return [self.value[c] for c in codes]

    def add(self, values: Sequence[str]) -> None:
        """Numbers the values that have no code yet (the writer's transaction, under the index lock)."""
        new = [v for v in dict.fromkeys(values) if v not in self.code]
        if not new:
            return
        rows = self.conn.execute(
            "INSERT INTO facet_values (code, value)"
            " SELECT (SELECT coalesce(max(code), 0) FROM facet_values) + n, v"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS t(v, n) RETURNING code, value",
            [new],
        ).fetchall()
        for code, value in rows:
            self.code[value], self.value[int(code)] = int(code), value


def plain_tsvector(tokens: list[str]) -> str:
    """The distinct tokens as a tsvector without positions, within PostgreSQL's limits (these columns only
    score or find single characters: what is left out of a huge text costs a little ranking)."""
    budget = _LexemeBudget()
    return " ".join(lexeme(t) for t in dict.fromkeys(tokens) if budget.admits(t))


COLUMNS = (
    "id",
    "date",
    "lossy",
    "facets",
    "keywords",
    "source_path",
    "issue_key",
    "title_words",
    "title_cjk",
    "words",
    "cjk",
    "title_chars",
    "chars",
    "cjk_tokens",
    "record",
)

TSVECTOR_COLUMNS = ("words", "title_words", "title_cjk", "cjk", "title_chars", "chars")


def row_of(doc: IndexDocument) -> tuple:
    """The engine-neutral document of ``indexer.index.index_fields`` as a row of ``articles``."""
    split = str.split
    title_words = split(doc["title"])
    words, _ = tsvector_literal([(title_words, "A"), (split(doc["text"]), "D")])
    cjk_tokens = split(doc["cjk"])
    cjk, lossy = tsvector_literal([(cjk_tokens, "D")])
    title_cjk, _ = tsvector_literal([(split(doc["title_cjk"]), "D")])
    facets, keywords = doc["facets"], doc["keywords"]
    return (
        doc["id"],
        doc["date"] or "",
        lossy,
        [facet_value(f.field, v) for f in FACET_LIST for v in facets[f.name] if v]
        + ([facet_value(ACCESS_FIELD, doc["access"])] if doc["access"] else []),
        [facet_value(k.field, v) for k in KEYWORD_LIST for v in keywords[k.name] if v],
        doc["source_path"],
        doc["issue_key"],
        plain_tsvector(title_words),
        title_cjk,
        words,
        cjk,
        plain_tsvector(split(doc["title_chars"])),
        plain_tsvector(split(doc["chars"])),
        doc["cjk"] if lossy else None,
        json.dumps(doc["record"], ensure_ascii=False),
    )


class PostgresWriter:
    """Replaces a source's rows; nothing is visible to readers before ``commit``."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.codes = FacetCodes(conn)

    def replace_source(self, path: str, documents: list[IndexDocument]) -> None:
        rows = [row_of(d) for d in documents]
        coded = (COLUMNS.index("facets"), COLUMNS.index("keywords"))
        self.codes.add([v for row in rows for at in coded for v in row[at]])
        rows = [
            tuple(self.codes.known(value) if at in coded else value for at, value in enumerate(row))
            for row in rows
        ]
        with self.conn.cursor() as cur:
            cur.execute("DELETE FROM articles WHERE source_path = %s", (path,))
            if rows:
                casts = ["%s::tsvector" if c in TSVECTOR_COLUMNS else "%s" for c in COLUMNS]
                cur.executemany(
                    f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join(casts)})", rows
                )

    def delete_source(self, path: str) -> None:
        self.conn.execute("DELETE FROM articles WHERE source_path = %s", (path,))

    def rolled_back(self) -> None:
        self.codes.read()  # codes numbered in the undone savepoint are gone

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
    elif create and layout_of(conn) != LAYOUT:  # rebuilt in the new layout, in the same transaction
        conn.execute("DROP TABLE articles")
        create_schema(conn)
    elif create:
        conn.execute(KEYWORDS_COLUMN)
        conn.execute("TRUNCATE articles")
    elif layout_of(conn) != LAYOUT:
        raise outdated(shown(conn.info.dsn))
    elif not has_keywords(conn):
        conn.execute(KEYWORDS_COLUMN)
        conn.commit()  # at once: the table's lock is held a moment, not for a whole batch
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


def _words_query(words: list[str], weight: str) -> str:
    suffix = f":{weight}" if weight else ""
    return " & ".join(f"{lexeme(w)}{suffix}" for w in dict.fromkeys(words))


class _Compiler:
    """The query tree as a condition (what matches) and a score (how it ranks, in float8: a
    decimal literal would make every match's score a numeric, slower to add and to sort).

    Matching is the bigram field's alone, as in the other engines; the title and word
    clauses only add to the score: a title holding the leaf 3, every word of the leaf in
    the title 3, and the words' weight in the text (ts_rank), words standing together 2.

    A run of bigrams is a ``<->`` phrase on ``cjk``; on the rows whose tsvector lost
    positions (``lossy``) it is checked on their bigram string instead. A compiler makes
    one of the two forms; ``split`` says whether the tree held such a run, so that the
    statement asks the two kinds of row apart (``_matching``) instead of checking every
    row's phrase twice in one OR (the planner's recheck and the OR's own branch).
    """

    def __init__(self, codes: FacetCodes, lossy: bool = False):
        self.codes, self.lossy = codes, lossy
        self.split = False

    def holds(self, field: str, value: str, column: str = "facets") -> _Sql:
        """Articles whose facet (or keyword) ``field`` holds ``value`` (a value no article holds: none)."""
        codes = self.codes.known([facet_value(field, value)])
        return _Sql(f"{column} @> ARRAY[%s]::integer[]", codes) if codes else FALSE

    def substring(self, column: str, chars_column: str, text: str) -> _Sql:
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
        self.split = True
        if not self.lossy:
            return _Sql("cjk @@ %s::tsquery", [phrase])
        every = f"({' & '.join(lexeme(t) for t in dict.fromkeys(tokens))}) | {TRUNCATED}"
        return _Sql(
            "cjk @@ %s::tsquery AND strpos(' ' || cjk_tokens || ' ', %s) > 0",
            [every, " " + " ".join(tokens) + " "],
        )

    def leaf(self, leaf: Leaf) -> _Sql:
        if leaf.field == "unit":
            return self.holds("unit", leaf.text)
        if leaf.field in KEYWORDS:
            return self.holds(KEYWORDS[leaf.field].field, leaf.text, "keywords")
        if leaf.field == "person":
            return _any([self.holds("official", leaf.text), self.substring("cjk", "chars", leaf.text)])
        if leaf.field == "title":
            return self.substring("title_cjk", "title_chars", leaf.text)
        return self.substring("cjk", "chars", leaf.text)

    def leaf_score(self, leaf: Leaf) -> list[_Sql]:
        if leaf.field in ("unit", "person") or leaf.field in KEYWORDS:
            return []
        parts = []
        if leaf.field != "title":
            title = self.substring("title_cjk", "title_chars", leaf.text)
            parts.append(_Sql(f"CASE WHEN {title.text} THEN 3::float8 ELSE 0::float8 END", title.params))
        words = cjk_text.words(leaf.text)
        if words and not leaf.phrase:
            parts.append(
                _Sql(
                    "CASE WHEN title_words @@ %s::tsquery THEN 3::float8 ELSE 0::float8 END",
                    [_words_query(words, "")],
                )
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
                scored = self.leaf_score(leaf) + [_Sql("1::float8")]
                part = _Sql.join(scored, " + ")
                if len(group) > 1:  # an OR group sums the alternatives that match, as the other engines do
                    matched = self.leaf(leaf)
                    part = _Sql(
                        f"CASE WHEN {matched.text} THEN {part.text} ELSE 0::float8 END",
                        matched.params + part.params,
                    )
                parts.append(part)
        plain = [g[0] for g in tree.groups if len(g) == 1 and not g[0].field]
        if len(plain) > 1:
            together = self.substring("cjk", "chars", "".join(leaf.text for leaf in plain))
            parts.append(
                _Sql(f"CASE WHEN {together.text} THEN 2::float8 ELSE 0::float8 END", together.params)
            )
        return _Sql.join(parts, " + ") if parts else _Sql("0::float8")


def compile_filter(spec: Filter, codes: FacetCodes) -> _Sql:
    if isinstance(spec, DateFilter):
        return _Sql("date BETWEEN %s AND %s", [spec.start or "0000-00-00", spec.end or "9999-99-99"])
    assert isinstance(spec, TermsFilter)
    known = codes.known([facet_value(spec.field, v) for v in spec.values])
    return _Sql("facets && %s::integer[]", [known]) if known else FALSE


Columns = Callable[[_Compiler], _Sql]


def _matching(
    tree: QueryTree,
    codes: FacetCodes,
    columns: Columns,
    required: Sequence[_Sql] = (),
    table: str = "articles",
) -> _Sql:
    """``SELECT columns FROM articles`` of the rows the tree matches (and every ``required`` condition).

    Where the tree holds a run of bigrams, the rows with positions and the lossy rows are
    asked apart and joined by UNION ALL (each row is in one of them): a row's phrase is
    checked once, and the few lossy rows come from their own partial index."""

    def select(compiler: _Compiler, guard: str) -> _Sql:
        cols = columns(compiler)  # compiled first: its parameters come first in the text
        where = _Sql.join([_Sql(guard), compiler.condition(tree), *required], " AND ")
        return _Sql(f"SELECT {cols.text} FROM {table} WHERE {where.text}", cols.params + where.params)

    plain = _Compiler(codes)
    whole = select(plain, "TRUE")
    if not plain.split:
        return whole
    return _Sql.join(
        [select(_Compiler(codes), "NOT lossy"), select(_Compiler(codes, lossy=True), "lossy")], " UNION ALL "
    )


# Total orders, the same as ``indexer.engines.base.sort_key``: undated first, ids by code point.
ORDERS = {
    "relevance": "{t}score DESC, ({t}date = '') DESC, {t}date DESC, {t}id COLLATE \"C\"",
    "date": '{t}date, {t}id COLLATE "C"',
    "-date": "({t}date = '') DESC, {t}date DESC, {t}id COLLATE \"C\"",
}


def order(sort: str, table: str = "") -> str:
    return ORDERS[sort].format(t=f"{table}." if table else "")


def _ranked_columns(tree: QueryTree, sort: str, extra: str = "") -> Columns:
    """A match's place (table and row), id, date and score (0 when the order is by date), and ``extra``."""

    def columns(compiler: _Compiler) -> _Sql:
        score = compiler.score(tree) if sort == "relevance" else _Sql("0::float8")
        return _Sql(f"tableoid AS tab, ctid AS row, id, date, {score.text} AS score{extra}", score.params)

    return columns


# -- reading ----------------------------------------------------------------------------------------------------------


class _Spares:
    """Connections beyond each reader's own, shared by every reader in the process and bounded in all:
    a reader per server thread, each with connections of its own for its parallel statements, would
    soon use up the server's max_connections (100 by default) with two web servers on one database."""

    LIMIT = 4

    def __init__(self):
        self.lock = threading.Lock()
        self.free: list[tuple[str, psycopg.Connection]] = []
        self.opened = 0
        self.executor = ThreadPoolExecutor(self.LIMIT, thread_name_prefix="jianbao-pg")

    def borrow(self, dsn: str, wanted: int) -> list[psycopg.Connection]:
        """Up to ``wanted`` connections to ``dsn``; fewer (or none) when the others are in use."""
        with self.lock:
            mine = [conn for d, conn in self.free if d == dsn][:wanted]
            self.free = [(d, conn) for d, conn in self.free if conn not in mine]
            dead = [conn for conn in mine if conn.closed or conn.broken]  # the server restarted since
            mine = [conn for conn in mine if conn not in dead]
            self.opened -= len(dead)
            while len(mine) < wanted and self.free and self.opened >= self.LIMIT:
                _, other = self.free.pop(0)  # idle on another database: its place serves this one
                other.close()
                self.opened -= 1
            new = min(wanted - len(mine), self.LIMIT - self.opened)
            self.opened += new
        opened: list[psycopg.Connection] = []
        try:
            for _ in range(new):
                opened.append(connect(dsn, autocommit=True))
        except IndexUnavailable:  # the reader's own connection runs what a spare would have
            with self.lock:
                self.opened -= new - len(opened)
        return mine + opened

    def give_back(self, dsn: str, conns: list[psycopg.Connection]) -> None:
        with self.lock:
            for conn in conns:
                if conn.closed or conn.broken:
                    self.opened -= 1
                else:
                    self.free.append((dsn, conn))

    def run(self, fn: Callable[..., list[tuple]], *args: Any):
        return self.executor.submit(fn, *args)


_spares = _Spares()


class PostgresReader:
    name = "postgres"
    # a page ending past this many hits is read from the whole table in one statement: each partition
    # would have to hand over that many rows to be merged
    APART_UP_TO = 1000

    def __init__(self, conn: psycopg.Connection, dsn: str):
        self.conn, self.dsn = conn, dsn  # the DSN as given: conn.info.dsn leaves the password out
        self.codes = FacetCodes(conn)
        self.partitions = partitions_of(conn)

    def refresh(self) -> PostgresReader:
        if self.conn.closed or self.conn.broken:  # a restart, or a promoted replica
            self.close()
            return open_reader_dsn(self.dsn)
        return self  # every statement sees the latest commit

    def close(self) -> None:
        self.conn.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except psycopg.errors.UndefinedColumn as error:
            raise no_keywords_yet(self.dsn) from error
        except psycopg.OperationalError as error:
            raise IndexUnavailable(f"PostgreSQL 连接中断：{error}") from error

    def _each(self, statements: list[_Sql]) -> list[list[tuple]]:
        """Each statement's rows, in one snapshot: the reader's own connection exports it and the spare
        connections it could borrow take it up and run some statements at once; the rest run on its own."""
        if len(statements) == 1:
            return [self._rows(statements[0].text, statements[0].params)]
        spares = _spares.borrow(self.dsn, len(statements) - 1)
        try:
            return self._in_one_snapshot(statements, spares)
        except psycopg.errors.UndefinedColumn as error:
            raise no_keywords_yet(self.dsn) from error
        except psycopg.OperationalError as error:
            raise IndexUnavailable(f"PostgreSQL 连接中断：{error}") from error
        finally:
            _spares.give_back(self.dsn, spares)

    def _in_one_snapshot(self, statements: list[_Sql], spares: list[psycopg.Connection]) -> list[list[tuple]]:
        conns = [self.conn, *spares]
        try:
            conns[0].execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if spares:
                exported = conns[0].execute("SELECT pg_export_snapshot()").fetchone()
                snapshot = str(exported[0]) if exported else ""
                if not SNAPSHOT_ID.fullmatch(snapshot):  # it is written into the statement below
                    raise IndexUnavailable(f"PostgreSQL 返回了无法识别的快照标识：{snapshot!r}")
                for conn in spares:
                    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            elsewhere = [
                _spares.run(_fetch, conn, statement) for conn, statement in zip(spares, statements[1:])
            ]
            here = [
                _fetch(conns[0], statement) for statement in [statements[0], *statements[1 + len(spares) :]]
            ]
            return [here[0], *(f.result() for f in elsewhere), *here[1:]]
        finally:
            for conn in conns:
                if not conn.closed and not conn.broken:
                    conn.execute("ROLLBACK")  # read only: nothing to keep; the next sees the latest commit

    def search(self, tree: QueryTree, filters: Sequence[Filter], sort: str, offset: int, limit: int) -> Page:
        page, _ = self.search_with_facets(
            tree, {str(n): f for n, f in enumerate(filters)}, sort, offset, limit, {}
        )
        return page

    def search_with_facets(
        self,
        tree: QueryTree,
        filters: dict[str, Filter],
        sort: str,
        offset: int,
        limit: int,
        groups: FacetGroups,
    ) -> tuple[Page, dict[str, Counter]]:
        """The page, its total and the counts of every facet group (the facets it names, counted with
        the filters it keeps) from one snapshot: in each partition one statement finds, checks and
        scores the matches once, ranks them on narrow rows (only the page's rows read their
        records) and counts their facet values by code and by which filters each match passes (a
        bit each); which counts a facet adds up is its group's choice, made here."""
        names = list(filters)
        flags = [compile_filter(filters[n], self.codes) for n in names]
        bit = {n: 1 << i for i, n in enumerate(names)}
        mask = " | ".join(f"(CASE WHEN {f.text} THEN {bit[n]} ELSE 0 END)" for n, f in zip(names, flags))
        flag_params = [x for f in flags for x in f.params]
        # the rows any group or the page needs: the query's, with every filter of some group
        kept_sets = [tuple(names)] + [kept for kept in groups if not any(set(k) < set(kept) for k in groups)]
        needed = _Sql.join(
            [
                _Sql.join([flags[names.index(n)] for n in kept], " AND ") if kept else TRUE
                for kept in kept_sets
            ],
            " OR ",
        )
        ranked = _ranked_columns(tree, sort, f", facets, {mask or '0'} AS passed")

        def columns(compiler: _Compiler) -> _Sql:  # the flags' parameters follow the score's
            first = ranked(compiler)
            return _Sql(first.text, first.params + flag_params)

        end = offset + limit
        apart = len(self.partitions) > 1 and end <= self.APART_UP_TO
        tables = self.partitions if apart else ["articles"]
        window = _Sql("LIMIT %s", [end]) if apart else _Sql("LIMIT %s OFFSET %s", [limit, offset])
        on_page = f"passed = {sum(bit.values())}"
        statements = []
        for table in tables:
            m = _matching(tree, self.codes, columns, [needed], table)
            sql = (
                f"WITH m AS MATERIALIZED ({m.text}),"
                f" p AS (SELECT tab, row, id, date, score FROM m WHERE {on_page} ORDER BY {order(sort)} {window.text})"
                " SELECT 0, NULL::bigint, NULL::integer, NULL::integer, a.record, p.score, p.date, p.id"
                f" FROM p JOIN {table} a ON a.tableoid = p.tab AND a.ctid = p.row"
                f" UNION ALL SELECT 1, count(*), NULL, NULL, NULL, NULL, NULL, NULL FROM m WHERE {on_page}"
            )
            if groups:  # unnest in the select list (a ProjectSet), not as a function scan joined to every row
                sql += (
                    " UNION ALL SELECT 2, count(*), v, passed, NULL, NULL, NULL, NULL"
                    " FROM (SELECT unnest(facets) AS v, passed FROM m) u GROUP BY v, passed"
                )
            statements.append(_Sql(sql, m.params + window.params))
        rows = [row for answer in self._each(statements) for row in answer]
        key = sort_key(sort)
        ranked_hits = sorted(
            ((r[5] if sort == "relevance" else r[6], r[6], r[7], r[4]) for r in rows if r[0] == 0),
            key=lambda hit: key(hit[:3]),
        )
        total = sum(int(r[1]) for r in rows if r[0] == 1)
        hits = [
            (json.loads(record), score if sort == "relevance" else None)
            for score, _, _, record in ranked_hits
        ]
        page = Page(total, hits[offset:end] if apart else hits)
        return page, self._group_counts([r[1:4] for r in rows if r[0] == 2], groups, bit)

    def _group_counts(
        self, counted: list[tuple], groups: FacetGroups, bit: dict[str, int]
    ) -> dict[str, Counter]:
        """Each facet's counts: of the (count, code, filters passed) rows, those passing its group's filters."""
        required = {
            FACET_FIELDS[name]: (name, sum(bit[n] for n in kept))
            for kept, facet_names in groups.items()
            for name in facet_names
        }
        counts: dict[str, Counter] = {name: Counter() for names_ in groups.values() for name in names_}
        values = self.codes.values_of([code for _, code, _ in counted])
        for (count, _, passed), value in zip(counted, values):
            field, _, shown = value.partition(":")
            if field in required:
                name, bits = required[field]
                if int(passed) & bits == bits:
                    counts[name][shown] += int(count)
        return counts

    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]:
        """Each partition's matches' facet codes unnested and counted, the asked fields' kept."""
        if not facets:
            return {}
        required = [compile_filter(f, self.codes) for f in filters]
        statements = []
        for table in self.partitions:
            m = _matching(tree, self.codes, lambda _: _Sql("facets"), required, table)
            statements.append(
                _Sql(
                    f"SELECT count(*), v, 0 FROM (SELECT unnest(facets) AS v FROM ({m.text}) m) u GROUP BY v",
                    m.params,
                )
            )
        counted = [row for answer in self._each(statements) for row in answer]
        return self._group_counts(counted, {(): list(facets)}, {})

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

    def all_records(self) -> list[StoredRecord]:
        return [json.loads(r[0]) for r in self._rows('SELECT record FROM articles ORDER BY id COLLATE "C"')]

    def ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM articles")]

    def similar(
        self, record: ArticleRecord, limit: int = 5, filters: Sequence[Filter] = ()
    ) -> list[StoredRecord]:
        """Articles sharing this one's most distinctive words, ranked as the other engines rank them, within
        ``filters``."""
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
        within = _Sql.join([compile_filter(f, self.codes) for f in filters], " AND ") if filters else TRUE
        rows = self._rows(
            f"SELECT record FROM articles WHERE words @@ %s::tsquery AND issue_key <> %s AND {within.text}"
            ' ORDER BY ts_rank(words, %s::tsquery, 1) DESC, id COLLATE "C" LIMIT %s',
            [query, record["issue_key"], *within.params, query, limit],
        )
        return [json.loads(r[0]) for r in rows]


def no_keywords_yet(dsn: str) -> IndexUnavailable:
    """A query of a keyword field on a database no writer has opened since keyword fields were added."""
    return IndexUnavailable(
        f"数据库中的索引尚无发文字号字段：{shown(dsn)}（运行一次 jianbao index --dsn … 即可补上，无需重建）"
    )


SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+-[0-9]+")


def _fetch(conn: psycopg.Connection, statement: _Sql) -> list[tuple]:
    return conn.execute(statement.text, statement.params).fetchall()


def open_reader_dsn(dsn: str) -> PostgresReader:
    conn = connect(dsn, autocommit=True)
    if not has_index(conn):
        conn.close()
        raise index_empty(shown(dsn))  # a database nothing was indexed into yet
    if layout_of(conn) != LAYOUT:
        conn.close()
        raise outdated(shown(dsn))
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
