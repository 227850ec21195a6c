#!/usr/bin/env python3
"""GIN against RUM for the postgres engine's tsvector indexes, on one indexed database.

    python scripts/bench_pg_index.py --dsn postgresql://user@host/db --gold ARCHIVE/gold.jsonl [--rounds 3]

The database is one the postgres engine indexed (``scripts/bench.py --engine postgres`` leaves
``jianbao_bench_jobs2``); the gold file is its archive's. The same queries as the benchmark
(keyword, phrase, substring, keyword + unit/year facets, all with snippets and facets) run through
``search()`` with each index type in turn, rounds interleaved; the engine's own type (GIN) is
restored at the end. Needs Debian's ``postgresql-15-rum`` on the server.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

COLUMNS = ("words", "title_cjk", "cjk", "title_chars", "chars")
OPCLASS = {"gin": "", "rum": " rum_tsvector_ops"}


def _bench():
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def use_index(dsn: str, method: str) -> float:
    """Rebuild the tsvector indexes with ``method``; returns their size in MB."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        if method == "rum":
            conn.execute("CREATE EXTENSION IF NOT EXISTS rum")
        for column in COLUMNS:
            conn.execute(f"DROP INDEX IF EXISTS articles_{column}")
            conn.execute(
                f"CREATE INDEX articles_{column} ON articles USING {method} ({column}{OPCLASS[method]})"
            )
        conn.execute("VACUUM ANALYZE articles")
        size = sum(
            conn.execute("SELECT pg_relation_size(%s)", (f"articles_{c}",)).fetchone()[0] for c in COLUMNS
        )
    return size / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    bench = _bench()
    from indexer.engines import open_database
    from search_app.search import SearchRequest, search

    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = bench.query_sets(gold, random.Random(7))
    samples: dict[str, dict[str, list[float]]] = {"gin": {}, "rum": {}}
    totals: dict[str, dict[str, int]] = {"gin": {}, "rum": {}}
    sizes = {}
    store = open_database(args.dsn)
    for _ in range(args.rounds):
        for method in ("gin", "rum"):
            sizes[method] = round(use_index(args.dsn, method), 1)
            search(store, SearchRequest(query="工作"))  # connect outside the clock
            for kind, items in queries.items():
                for text, filters in items:
                    request = SearchRequest(query=text, filters=filters)
                    samples[method].setdefault(kind, []).append(bench.timed_ms(search, store, request))
                totals[method][kind] = sum(
                    search(store, SearchRequest(query=t, filters=f))["total"] for t, f in items
                )
    use_index(args.dsn, "gin")
    result = {
        method: {
            "index_mb": sizes[method],
            "query_ms": {kind: bench.percentiles(s) for kind, s in by_kind.items()},
        }
        for method, by_kind in samples.items()
    }
    result["same_totals"] = totals["gin"] == totals["rum"]
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
