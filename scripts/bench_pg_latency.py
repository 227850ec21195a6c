#!/usr/bin/env python3
"""Query latency of the postgres engine on a database indexed once, measured as scripts/bench.py does.

    python scripts/bench_pg_latency.py --dsn postgresql://user@host/db --gold ARCHIVE/gold.jsonl
                                       [--rounds 3] [--against INDEX_DIR_OR_DSN]

The queries are the benchmark's (``query_sets`` of the archive's gold file, seed 7) and so is the
measurement (``query_latency``: a fresh spawned process, each kind started cold, snippets, versions
and facets included), without indexing again: a 100k-article database takes minutes to fill, the
latency a few seconds to measure, and on a shared machine it is worth measuring more than once.
Each round reports p50 / p95 per kind and the 1-minute load average before it. ``--against``
answers every query on another index too (a whoosh or tantivy folder, or another database) and
reports whether every total and facet count is the same (scores are each engine's own).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _bench():
    """scripts/bench.py as the module ``bench``, importable by name in its spawned query process."""
    sys.path.insert(0, str(REPO / "scripts"))
    import bench

    return bench


def answers(location: str, queries: dict[str, list]) -> dict[str, list]:
    """What each query answers: its total and its facet counts."""
    from indexer.engines import open_store
    from search_app.search import SearchRequest, search

    where = open_store(location)
    out: dict[str, list] = {}
    for kind, items in queries.items():
        out[kind] = []
        for text, filters in items:
            result = search(where, SearchRequest(query=text, filters=filters))
            out[kind].append((result["total"], result["facets"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True, help="the indexed database")
    parser.add_argument("--gold", type=Path, required=True, help="the gold.jsonl of its generated archive")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", help="another index to compare answers with (folder or DSN)")
    args = parser.parse_args(argv)
    bench = _bench()
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = bench.query_sets(gold, random.Random(7))
    rounds = []
    for _ in range(args.rounds):
        load = os.getloadavg()[0]
        latency, totals, rss = bench.query_latency(args.dsn, queries)
        rounds.append(
            {"load_1min": round(load, 2), "query_ms": latency, "totals": totals, "rss_mb": round(rss, 1)}
        )
    result: dict = {"articles": sum(len(g["articles"]) for g in gold), "rounds": rounds}
    if args.against:
        ours, theirs = answers(args.dsn, queries), answers(args.against, queries)
        result["same_answers"] = {kind: ours[kind] == theirs[kind] for kind in ours}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
