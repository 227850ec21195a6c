"""The PostgreSQL engine: one database that any number of indexers and web servers share.

Every article is a row. Its token streams (``indexer.text``, the same the other engines
index) become tsvectors built here from our own tokens, with ordinal positions kept, so
that a run of bigrams is a ``<->`` phrase: an exact substring. Facet values are one text
array of ``field:value`` counted by SQL; the record is stored as JSON text (lz4). GIN
indexes serve every match (RUM was measured: no faster here and twice the size, see the
README). The tsvectors every match reads stay in the row, not in the TOAST table: each
phrase candidate's positions are rechecked and every match is ranked. A search with
facets is one statement (``search_with_facets``): the matches are found, checked and
scored once, and the page, the total and each facet group come from them.

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
FACET_FIELDS = {f.name: f.field for f in FACET_LIST}
INDEX_METHOD = "gin"

ENGINE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS jianbao_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id text NOT NULL,
    source_path text NOT NULL,
    issue_key text NOT NULL,
    date text NOT NULL COLLATE "C",   -- ISO date; '' when undated
    words tsvector COMPRESSION lz4 NOT NULL,          -- jieba words: the title's weighted A, the text's D
    title_words tsvector NOT NULL,                    -- the title's jieba words alone (a small inline check)
    title_cjk tsvector COMPRESSION lz4 NOT NULL,      -- bigrams of the title, positions kept
    cjk tsvector COMPRESSION lz4 NOT NULL,            -- bigrams of title and text, positions kept
    title_chars tsvector COMPRESSION lz4 NOT NULL,
    chars tsvector COMPRESSION lz4 NOT NULL,
    lossy boolean NOT NULL,           -- the tsvector dropped positions: phrases check cjk_tokens
    cjk_tokens text,                  -- ' '-joined bigrams, kept only when lossy
    facets text[] NOT NULL,           -- every facet value as 'field:value': one array to unnest and count
    record text COMPRESSION lz4 NOT NULL
) WITH (toast_tuple_target = 8160);
-- What every match reads stays in the row, compressed: fetching it from the TOAST table cost
-- 2.5x (phrase checks) to 3.7x (ranking) more per matching row. Only a row past a page moves
-- out, and the record and character sets go first (they are read for a page of hits or never).
ALTER TABLE articles ALTER words SET STORAGE MAIN, ALTER cjk SET STORAGE MAIN;
CREATE INDEX IF NOT EXISTS articles_id ON articles (id);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source_path);
CREATE INDEX IF NOT EXISTS articles_issue ON articles (issue_key);
CREATE INDEX IF NOT EXISTS articles_date ON articles (date, id COLLATE "C");
CREATE INDEX IF NOT EXISTS articles_lossy ON articles (id) WHERE lossy;
{"".join(f"CREATE INDEX IF NOT EXISTS articles_{c} ON articles USING {{method}} ({c});" for c in ("words", "title_cjk", "cjk", "title_chars", "chars"))}
CREATE INDEX IF NOT EXISTS articles_facets ON articles USING gin (facets);
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
# never written into or searched (2: one facet array, tsvectors in the row, the title's own words).
LAYOUT = "2"


def layout_of(conn: psycopg.Connection) -> str | None:
    row = conn.execute("SELECT value FROM jianbao_meta WHERE key = 'layout'").fetchone()
    return str(row[0]) if row else None


def outdated(where: str) -> IndexUnavailable:
    return IndexUnavailable(
        f"数据库中的索引是旧版格式：{where}（运行 jianbao index --rebuild --engine postgres --dsn … "
        "从数据库中的目录库重建，无需重新读取文件）"
    )


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
        "INSERT INTO jianbao_meta VALUES ('engine', 'postgres'), ('layout', %s)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (LAYOUT,),
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


def facet_value(field: str, value: str) -> str:
    """A facet value as the ``facets`` array holds it: its field first (no field name holds ':')."""
    return f"{field}:{value}"


def plain_tsvector(tokens: list[str]) -> str:
    return " ".join(lexeme(t) for t in dict.fromkeys(tokens))


COLUMNS = (
    "id",
    "source_path",
    "issue_key",
    "date",
    "words",
    "title_words",
    "title_cjk",
    "cjk",
    "title_chars",
    "chars",
    "lossy",
    "cjk_tokens",
    "facets",
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
    facets = doc["facets"]
    return (
        doc["id"],
        doc["source_path"],
        doc["issue_key"],
        doc["date"] or "",
        words,
        plain_tsvector(title_words),
        title_cjk,
        cjk,
        plain_tsvector(split(doc["title_chars"])),
        plain_tsvector(split(doc["chars"])),
        lossy,
        doc["cjk"] if lossy else None,
        [facet_value(f.field, v) for f in FACET_LIST for v in facets[f.name] if v],
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
                casts = ["%s::tsvector" if c in TSVECTOR_COLUMNS else "%s" for c in COLUMNS]
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
    elif create and layout_of(conn) != LAYOUT:  # rebuilt in the new layout, in the same transaction
        conn.execute("DROP TABLE articles")
        create_schema(conn)
    elif create:
        conn.execute("TRUNCATE articles")
    elif layout_of(conn) != LAYOUT:
        raise outdated(shown(conn.info.dsn))
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
    suffix = f":{weight}" if weight else ""
    return " & ".join(f"{lexeme(w)}{suffix}" for w in dict.fromkeys(words))


class _Compiler:
    """The query tree as a condition (what matches) and a score (how it ranks).

    Matching is the bigram field's alone, as in the other engines; the title and word
    clauses only add to the score: a title holding the leaf 3, every word of the leaf in
    the title 3, and the words' weight in the text (ts_rank), words standing together 2.
    """

    def leaf(self, leaf: Leaf) -> _Sql:
        if leaf.field == "unit":
            return _Sql("facets @> ARRAY[%s]::text[]", [facet_value("unit", leaf.text)])
        if leaf.field == "person":
            return _any(
                [
                    _Sql("facets @> ARRAY[%s]::text[]", [facet_value("official", leaf.text)]),
                    substring("cjk", "chars", leaf.text),
                ]
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
                _Sql("CASE WHEN title_words @@ %s::tsquery THEN 3.0 ELSE 0.0 END", [_words_query(words, "")])
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
        return _Sql("facets && %s::text[]", [[facet_value(spec.field, v) for v in spec.values]])

    def where(self, tree: QueryTree, filters: Sequence[Filter]) -> _Sql:
        return _Sql.join([self.condition(tree)] + [self.filter(f) for f in filters], " AND ")


# Total orders, the same as ``indexer.engines.base.sort_key``: undated first, ids by code point.
ORDERS = {
    "relevance": "{t}score DESC, ({t}date = '') DESC, {t}date DESC, {t}id COLLATE \"C\"",
    "date": '{t}date, {t}id COLLATE "C"',
    "-date": "({t}date = '') DESC, {t}date DESC, {t}id COLLATE \"C\"",
}


def order(sort: str, table: str = "") -> str:
    return ORDERS[sort].format(t=f"{table}." if table else "")


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
        """The matches are found and ranked on narrow rows (row, id, date, score); only the page's
        rows then read their records. Ranking every match is needed for the order; reading every
        match's record (as a window over whole rows did) is not."""
        where = self.compile.where(tree, filters)
        score = self.compile.score(tree) if sort == "relevance" else _Sql("0.0")
        rows = self._rows(
            f"WITH m AS MATERIALIZED (SELECT ctid AS row, id, date, {score.text} AS score"
            f" FROM articles WHERE {where.text}),"
            f" p AS (SELECT * FROM m ORDER BY {order(sort)} LIMIT %s OFFSET %s)"
            f" SELECT a.record, p.score, (SELECT count(*) FROM m) FROM p JOIN articles a ON a.ctid = p.row"
            f" ORDER BY {order(sort, 'p')}",
            score.params + where.params + [limit, offset],
        )
        if rows:
            total = int(rows[0][2])
        else:
            total = int(self._rows(f"SELECT count(*) FROM articles WHERE {where.text}", where.params)[0][0])
        hits = [(json.loads(r[0]), float(r[1]) if sort == "relevance" else None) for r in rows]
        return Page(total, hits)

    def search_with_facets(
        self,
        tree: QueryTree,
        filters: dict[str, Filter],
        sort: str,
        offset: int,
        limit: int,
        groups: dict[tuple[str, ...], list[str]],
    ) -> tuple[Page, dict[str, Counter]]:
        """The page, its total and the counts of every facet group (the facets it names, counted with
        the filters it keeps) in one statement, from one snapshot: the query's matches are found,
        phrase-checked and scored once, with a flag per filter, instead of once for the page and
        again for each group of facets."""
        names = list(filters)
        flags = [self.compile.filter(filters[n]) for n in names]
        flag_of = {n: f"k{i}" for i, n in enumerate(names)}

        def every(kept: Sequence[str]) -> str:
            return " AND ".join(flag_of[n] for n in kept) or "TRUE"

        condition = self.compile.condition(tree)
        score = self.compile.score(tree) if sort == "relevance" else _Sql("0.0")
        # the rows any group or the page needs: the query's, with every filter of some group
        kept_sets = [tuple(names)] + [kept for kept in groups if not any(set(k) < set(kept) for k in groups)]
        needed = _Sql.join(
            [
                _Sql.join([flags[names.index(n)] for n in kept], " AND ") if kept else TRUE
                for kept in kept_sets
            ],
            " OR ",
        )
        by_field = {
            FACET_FIELDS[name]: every(kept) for kept, facet_names in groups.items() for name in facet_names
        }
        counted = " ".join(f"WHEN %s THEN {cond}" for cond in by_field.values())
        flag_columns = "".join(f", {f.text} AS {flag_of[n]}" for n, f in zip(names, flags))
        sql = (
            f"WITH m AS MATERIALIZED (SELECT ctid AS row, id, date, {score.text} AS score, facets{flag_columns}"
            f" FROM articles WHERE ({condition.text}) AND ({needed.text})),"
            f" p AS (SELECT row, id, date, score FROM m WHERE {every(names)}"
            f" ORDER BY {order(sort)} LIMIT %s OFFSET %s),"
            f" q AS (SELECT row, score, row_number() OVER (ORDER BY {order(sort, 'p')}) AS n FROM p)"
            " SELECT 0, q.n, a.record, q.score FROM q JOIN articles a ON a.ctid = q.row"
            f" UNION ALL SELECT 1, count(*), NULL, NULL FROM m WHERE {every(names)}"
        )
        params = score.params + [x for f in flags for x in f.params] + condition.params + needed.params
        params += [limit, offset]
        if by_field:
            sql += " UNION ALL SELECT 2, count(*), v, NULL FROM m, unnest(m.facets) AS v"
            if set(by_field.values()) == {"TRUE"} and len(by_field) == len(FACET_FIELDS):
                sql += " GROUP BY v"  # no filters: every value of every match counts
            else:
                sql += f" WHERE CASE split_part(v, ':', 1) {counted} ELSE FALSE END GROUP BY v"
                params += list(by_field)
        rows = self._rows(sql, params)
        hits = sorted((r for r in rows if r[0] == 0), key=lambda r: r[1])
        total = next(int(r[1]) for r in rows if r[0] == 1)
        counts: dict[str, Counter] = {name: Counter() for names_ in groups.values() for name in names_}
        field_names = {FACET_FIELDS[name]: name for name in counts}
        for part, count, value, _ in rows:
            if part == 2:
                field, _, shown = value.partition(":")
                counts[field_names[field]][shown] = int(count)
        page = Page(total, [(json.loads(r[2]), float(r[3]) if sort == "relevance" else None) for r in hits])
        return page, counts

    def facet_counts(
        self, tree: QueryTree, filters: Sequence[Filter], facets: Sequence[str]
    ) -> dict[str, Counter]:
        """One pass over the matches: their ``facets`` arrays unnested into one count per
        'field:value' (only the asked fields' values are counted)."""
        if not facets:
            return {}
        by_field = {FACET_FIELDS[name]: name for name in facets}
        where = self.compile.where(tree, filters)
        wanted = _Sql("TRUE")
        if len(by_field) < len(FACET_FIELDS):
            wanted = _Sql("v ^@ ANY(%s::text[])", [[facet_value(field, "") for field in by_field]])
        rows = self._rows(
            f"SELECT v, count(*) FROM articles, unnest(facets) AS v WHERE ({where.text}) AND {wanted.text}"
            " GROUP BY v",
            where.params + wanted.params,
        )
        counts: dict[str, Counter] = {name: Counter() for name in facets}
        for value, count in rows:
            field, _, shown = value.partition(":")
            counts[by_field[field]][shown] = int(count)
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

    def all_records(self) -> list[dict]:
        return [json.loads(r[0]) for r in self._rows('SELECT record FROM articles ORDER BY id COLLATE "C"')]

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
