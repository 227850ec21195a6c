#!/usr/bin/env python3
"""Benchmark Jianbao on a generated archive, in one run, beside the naive peer and the ceiling.

    python scripts/bench.py [--articles 20000] [--large] [--engine whoosh,tantivy] [--jobs 1,2] [--json] [--work bench/work]
                            [--dsn postgresql://user@host/db  (with --engine …,postgres: a server to make databases on)]

Measures, for each engine, index throughput (--jobs 1 and --jobs 2 unless --jobs says), a no-op re-index,
query latency (keyword, phrase, substring, faceted + filtered; snippets included), the ledger's latency
(a page of the list, one unit, the overdue commitments, a keyword; statuses and follow-ups judged), the same queries as a
signed-in reader sees them (the access filter a term of every query; BENCH_ACCESS the rules; each query
timed both ways in turn, every run cold), each stage's share of the worker pipeline (extract, clean, parse,
records, index fields, the engine's write) over a slice of the files in one process, index
size and the peak memory of a fresh search process, and whether the engines' totals agree; OCR
apart as seconds per page. Side by side: the peer a user would otherwise build
(Whoosh with jieba's ChineseAnalyzer on one text field, no facets) and the ceiling
(jieba segmentation alone over the same text). Prints a table, writes
bench/results.md; with --json prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ARTICLES_PER_ISSUE = 5  # the generator's mean; the real count is read from gold.jsonl
PEER_MAX_ARTICLES = 3000  # the peer is slow: measured on a slice, reported per article
QUERIES_PER_KIND = 60
DSN = ""  # --dsn: the PostgreSQL server the postgres engine's databases are made on
# The access file beside the bench's indexes: a tenth of the briefings for group 甲, a tenth for 乙, a tenth
# for any signed-in user, the rest for everyone. The reader measured is in 甲: 乙's tenth is hidden.
BENCH_ACCESS = """
default = "public"

[[folders]]
glob = "**/briefing/*1.txt"
readers = ["甲"]

[[folders]]
glob = "**/briefing/*2.txt"
readers = ["乙"]

[[folders]]
glob = "**/briefing/*3.txt"
readers = "signed"
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(work: Path, articles: int) -> tuple[Path, list[dict]]:
    out = work / f"archive-{articles}"
    gold_path = out / "gold.jsonl"
    if not gold_path.exists():
        shutil.rmtree(out, ignore_errors=True)
        issues = max(1, articles // ARTICLES_PER_ISSUE)
        log(f"generating about {articles} articles ({issues} issues) into {out}")
        subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts" / "make_demo_archive.py"),
                str(out),
                "--issues",
                str(issues),
                "--news",
                str(max(1, issues // 10)),
                "--formats",
                "txt,gb18030",
                "--scanned",
                "0",
            ],
            check=True,
        )
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out, gold


def texts_of(gold: list[dict]) -> list[str]:
    return [a["title"] + "\n" + a["text"] for g in gold for a in g["articles"]]


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2)}


def timed_ms(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


# -- the ceiling: jieba alone ---------------------------------------------------------------------------------------


def _segment(texts: list[str]) -> int:
    from indexer.lang.text import words

    return sum(len(words(t)) for t in texts)


def ceiling(texts: list[str], processes: int) -> float:
    _segment(texts[:10])  # load the dictionary outside the clock
    chunks = [texts[i::processes] for i in range(processes)]
    started = time.perf_counter()
    if processes == 1:
        _segment(texts)
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            pool.map(_segment, chunks)
    return len(texts) / (time.perf_counter() - started)


# -- ours ------------------------------------------------------------------------------------------------------------


def fresh_database(server_dsn: str, name: str) -> str:
    """A new empty database on the server of ``server_dsn``, for the postgres engine's runs."""
    import psycopg

    with psycopg.connect(server_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlsplit(server_dsn)._replace(path=f"/{name}").geturl()


def database_mb(dsn: str) -> float:
    import psycopg

    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6


def index_ours(files: list[str], index_dir: Path, jobs: int, engine: str) -> float:
    from indexer.engines import open_store
    from indexer.run.batch import Options, run

    if not isinstance(index_dir, str):
        shutil.rmtree(index_dir, ignore_errors=True)
    started = time.perf_counter()
    summary = run(files, open_store(index_dir), Options(jobs=jobs, engine=engine))
    seconds = time.perf_counter() - started
    if summary.failed:
        log(f"warning: {len(summary.failed)} files failed, e.g. {summary.failed[0]}")
    return summary.articles / seconds


def noop_reindex(files: list[str], index_dir: Path) -> float:
    from indexer.engines import open_store
    from indexer.run.batch import Options, run

    started = time.perf_counter()
    summary = run(files, open_store(index_dir), Options(jobs=2))
    assert summary.new == summary.updated == 0, "a no-op re-index indexed something"
    return time.perf_counter() - started


def query_sets(gold: list[dict], rng: random.Random) -> dict[str, list]:
    """Queries drawn from the archive itself: what staff would type."""
    articles = [a for g in gold for a in g["articles"]]
    units = sorted({u for a in articles for u in a["units"]})
    years = sorted({(a.get("date") or "")[:4] for a in articles if a.get("date")})
    keywords, phrases, substrings = [], [], []
    for _ in range(QUERIES_PER_KIND):
        text = rng.choice(articles)["text"].replace("\n", "")
        start = rng.randrange(max(1, len(text) - 12))
        phrases.append('"' + text[start : start + 6] + '"')
        substrings.append(text[start + 1 : start + 3])
        keywords.append(rng.choice(articles)["title"][:4])
    faceted = [(k, {"unit": [rng.choice(units)], "year": [rng.choice(years)]}) for k in keywords]
    return {
        "keyword": [(k, {}) for k in keywords],
        "phrase": [(p, {}) for p in phrases],
        "substring": [(s, {}) for s in substrings],
        "faceted": faceted,
    }


def query_latency(index_dir: Path, queries: dict[str, list]) -> tuple[dict, dict, float]:
    """p50/p95 per kind of query, the hits each query found, and the peak RSS (MB) of the searching process.

    Runs in a fresh process (spawned, so nothing of the indexing run is inherited), as a server would.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_query_latency, (str(index_dir), queries))


def _query_latency(index_dir: str, queries: dict[str, list]) -> tuple[dict, dict, float]:
    sys.path.insert(0, str(REPO))
    from indexer.engines import open_store
    from indexer.engines.whoosh import sequence as whoosh_sequence
    from search_app.search import SearchRequest, search

    location = open_store(index_dir)
    reader = _reader_store(location)

    search(location, SearchRequest(query="工作"))  # open the readers outside the clock
    search(reader, SearchRequest(query="工作"))

    def timed(store, text: str, filters: dict) -> float:
        whoosh_sequence._cache.items.clear()  # every query starts cold: no answers left over from another
        return timed_ms(search, store, SearchRequest(query=text, filters=filters))

    out, totals = {}, {}
    for kind, items in queries.items():
        plain, filtered = [], []
        for n, (text, filters) in enumerate(
            items
        ):  # each query both ways, in turn first: load hits both alike
            if n % 2:
                filtered.append(timed(reader, text, filters))
                plain.append(timed(location, text, filters))
            else:
                plain.append(timed(location, text, filters))
                filtered.append(timed(reader, text, filters))
        out[kind], out[f"{kind}+access"] = percentiles(plain), percentiles(filtered)
        out[f"{kind}+access"]["paired"] = round(
            statistics.median(f / p for f, p in zip(filtered, plain) if p), 3
        )
        for name, store in ((kind, location), (f"{kind}+access", reader)):
            totals[name] = sum(
                search(store, SearchRequest(query=text, filters=filters))["total"] for text, filters in items
            )
    for kind, (plain, filtered) in _ledger_latency(location, reader).items():
        out[kind], out[f"{kind}+access"] = plain, filtered
    return out, totals, _own_peak_rss_mb()


LEDGER_KINDS = ("ledger list", "ledger unit", "ledger overdue", "ledger keyword")


def _ledger_requests(location) -> dict[str, list]:
    """The ledger's questions, drawn from the catalog's statements (seed 7): a page of the whole list, one
    unit's statements, a page of the overdue commitments, a word within the statements."""
    from search_app.ledger import LedgerRequest

    rng = random.Random(7)
    with location.catalog() as catalog:
        units = sorted(catalog.statement_units())
        texts = [row["text"] for row in catalog.commitments()]
    words = []
    for text in rng.sample(texts, min(len(texts), QUERIES_PER_KIND)):
        han = re.sub(r"[^\u4e00-\u9fff]", "", text)
        start = rng.randrange(max(1, len(han) - 2))
        words.append(han[start : start + 2])
    n = QUERIES_PER_KIND
    return {
        "ledger list": [LedgerRequest(page=rng.randint(1, 20)) for _ in range(n)],
        "ledger unit": [LedgerRequest(unit=rng.choice(units)) for _ in range(n)],
        "ledger overdue": [
            LedgerRequest(type="commitment", status="逾期", page=rng.randint(1, 5)) for _ in range(n)
        ],
        "ledger keyword": [LedgerRequest(q=w) for w in words],
    }


def _ledger_latency(location, reader) -> dict[str, tuple[dict, dict]]:
    """p50/p95 of each kind of ledger request (a page of 50, statuses and follow-ups judged), plain and as
    the reader sees it, each request both ways in turn."""
    from search_app.ledger import statements

    statements(
        location, _ledger_requests(location)["ledger list"][0]
    )  # the catalog opened once, off the clock
    found = {}
    for kind, requests in _ledger_requests(location).items():
        plain, filtered = [], []
        for n, request in enumerate(requests):
            pair = [(plain, location), (filtered, reader)]
            for samples, store in pair[::-1] if n % 2 else pair:
                samples.append(timed_ms(statements, store, request))
        found[kind] = (percentiles(plain), percentiles(filtered))
    return found


def _reader_store(location):
    """The index as a signed-in reader in group 甲 sees it (indexer.store.scoped: the filter in the query)."""
    from indexer.access import Viewer
    from indexer.store import access_state
    from indexer.store.scoped import scoped

    with location.catalog() as catalog:
        policy = access_state.applied_policy(catalog)
    assert policy is not None, "the index was made without an access policy"
    return scoped(location, policy.tokens_for(Viewer("bench", "reader", ("甲",))))


def _own_peak_rss_mb() -> float:
    """This process's peak RSS since it started (VmHWM; ru_maxrss would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the pipeline stage by stage ------------------------------------------------------------------------------------

STAGES = ("extract", "clean", "parse", "records", "fields", "write")
STAGE_FILES = 400  # about 2,000 articles: enough for stable shares, a minute on a busy machine


def stage_seconds(files: list[str], work: Path, engine: str) -> dict:
    """Seconds each stage of the worker pipeline takes over a slice of the files, in this one process:
    extract, clean, parse, the article records, the index fields (the jieba pass), and the engine
    writer's write and commit (the catalog apart)."""
    from indexer.clean import clean_pages
    from indexer.engines import open_store
    from indexer.extract import extract
    from indexer.index import index_fields
    from indexer.lang.text import words
    from indexer.parse import parse
    from indexer.run.ingest import article_records

    words("预热")  # the dictionary loads outside the clock
    index_dir = work / f"stages-{engine}"
    shutil.rmtree(index_dir, ignore_errors=True)
    seconds = dict.fromkeys(STAGES, 0.0)
    articles = 0
    with open_store(index_dir).writer(wait_seconds=10, create=True, engine=engine) as writer:
        for path in files[:STAGE_FILES]:
            started = time.perf_counter()
            extracted = extract(path, ocr=False)
            extracted_at = time.perf_counter()
            cleaned = clean_pages([page.text for page in extracted.pages])
            cleaned_at = time.perf_counter()
            documents = parse(cleaned.text, {**extracted.meta, "format": extracted.format})
            parsed_at = time.perf_counter()
            records = article_records(extracted, cleaned, documents)
            recorded_at = time.perf_counter()
            fields = [index_fields(record) for record in records]
            fielded_at = time.perf_counter()
            writer.replace_source(path, fields)
            written_at = time.perf_counter()
            for stage, (begin, end) in zip(
                STAGES,
                [
                    (started, extracted_at),
                    (extracted_at, cleaned_at),
                    (cleaned_at, parsed_at),
                    (parsed_at, recorded_at),
                    (recorded_at, fielded_at),
                    (fielded_at, written_at),
                ],
            ):
                seconds[stage] += end - begin
            articles += len(records)
        started = time.perf_counter()
        writer.commit()
        seconds["write"] += time.perf_counter() - started
    total = sum(seconds.values())
    return {
        "articles": articles,
        "articles_per_s": round(articles / total, 1),
        "seconds": {stage: round(value, 2) for stage, value in seconds.items()},
        "share": {stage: round(value / total, 3) for stage, value in seconds.items()},
    }


# -- the peer: whoosh + jieba's ChineseAnalyzer, one field, no facets -----------------------------------------------


def peer(texts: list[str], queries: dict[str, list], work: Path, our_totals: dict) -> dict:
    import jieba
    from jieba.analyse import ChineseAnalyzer
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import QueryParser

    jieba.setLogLevel(60)
    directory = work / "peer-index"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    schema = Schema(id=ID(stored=True), text=TEXT(analyzer=ChineseAnalyzer(), stored=True))
    ix = whoosh_index.create_in(str(directory), schema)
    sample = texts[:PEER_MAX_ARTICLES]
    started = time.perf_counter()
    writer = ix.writer()
    for number, text in enumerate(sample):
        writer.add_document(id=str(number), text=text)
    writer.commit()
    rate = len(sample) / (time.perf_counter() - started)
    parser = QueryParser("text", ix.schema)
    latency, found = {}, {}
    with ix.searcher() as searcher:
        for kind in ("keyword", "phrase", "substring"):
            samples, hits = [], 0
            for text, _ in queries[kind]:
                started = time.perf_counter()
                results = searcher.search(parser.parse(text), limit=10)
                for hit in results:
                    hit.highlights("text")  # a user's page shows snippets, as ours does
                samples.append((time.perf_counter() - started) * 1000)
                hits += len(results)
            latency[kind] = percentiles(samples)
            # the peer holds only a slice of the articles: scale its hits up before comparing
            scaled = hits * len(texts) / len(sample)
            found[kind] = round(scaled / our_totals[kind], 3) if our_totals[kind] else None
    return {
        "index_articles_per_s": round(rate, 1),
        "articles_measured": len(sample),
        "query_ms": latency,
        "hits_found_vs_ours": found,
    }


# -- OCR ------------------------------------------------------------------------------------------------------------


def ocr_seconds_per_page(work: Path) -> float | None:
    out = work / "ocr-sample"
    if not out.exists():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts" / "make_demo_archive.py"),
                str(out),
                "--issues",
                "1",
                "--news",
                "0",
                "--formats",
                "scanned",
                "--scanned",
                "1",
            ],
            check=True,
        )
    scans = [p for p in out.rglob("*.pdf")]
    if not scans:
        return None
    from indexer.extract import extract

    extract(str(scans[0]), ocr=True)  # load the OCR models outside the clock
    started = time.perf_counter()
    extracted = extract(str(scans[0]), ocr=True)
    pages = sum(1 for p in extracted.pages if p.method == "ocr")
    return (time.perf_counter() - started) / pages if pages else None


def directory_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def measure_engine(
    engine: str, files: list[str], work: Path, queries: dict, megabytes: float, count: int, jobs: list[int]
) -> dict:
    log(f"{engine}: indexing with " + " and ".join(f"--jobs {j}" for j in jobs))
    rates = {}
    for j in jobs:  # the last run's index is the one queried
        if engine == "postgres":
            index_dir = fresh_database(DSN, f"jianbao_bench_jobs{j}")
        else:
            index_dir = work / f"index-{engine}-jobs{j}"
        rates[f"jobs{j}"] = index_ours(files, index_dir, j, engine)
    noop = noop_reindex(files, index_dir)
    log(f"{engine}: the pipeline stage by stage, one process")
    stages = stage_seconds(files, work, engine) if engine != "postgres" else None
    log(f"{engine}: query latency")
    latency, totals, rss = query_latency(index_dir, queries)
    return {
        "index_articles_per_s": {key: round(rate, 1) for key, rate in rates.items()},
        "index_mb_per_s": {key: round(rate * megabytes / count, 3) for key, rate in rates.items()},
        "noop_reindex_s": round(noop, 3),
        "stages": stages,
        "query_ms": latency,
        "totals": totals,
        "index_mb": round(database_mb(index_dir) if engine == "postgres" else directory_mb(index_dir), 1),
        "search_process_peak_rss_mb": round(rss, 1),
    }


def measure(articles: int, work: Path, engines: list[str], with_ocr: bool, jobs: list[int]) -> dict:
    archive, gold = generate(work, articles)
    files = [str(archive / g["file"]) for g in gold]
    texts = texts_of(gold)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rng = random.Random(7)
    (work / "access.toml").write_text(BENCH_ACCESS, encoding="utf-8")  # beside every folder index here
    os.environ["JIANBAO_ACCESS"] = str(work / "access.toml")  # and for a database's
    log("ceiling: jieba alone")
    ceiling1, ceiling2 = ceiling(texts, 1), ceiling(texts, 2)
    queries = query_sets(gold, rng)
    by_engine = {e: measure_engine(e, files, work, queries, megabytes, len(texts), jobs) for e in engines}
    log("peer: whoosh + jieba ChineseAnalyzer")
    peer_result = peer(texts, queries, work, by_engine[engines[0]]["totals"])
    ocr = None
    if with_ocr:
        log("OCR")
        ocr = ocr_seconds_per_page(work)
    return {
        "articles": len(texts),
        "files": len(files),
        "text_mb": round(megabytes, 1),
        "engines": by_engine,
        "engines_agree": len({json.dumps(r["totals"], sort_keys=True) for r in by_engine.values()}) == 1,
        "reader_sees_fewer": all(
            r["totals"][f"{kind}+access"] <= r["totals"][kind]
            for r in by_engine.values()
            for kind in ("keyword", "phrase", "substring", "faceted")
        ),
        "ceiling_articles_per_s": round(ceiling1, 1),
        "ceiling_articles_per_s_2proc": round(ceiling2, 1),
        "peer": peer_result,
        "ocr_s_per_page": round(ocr, 2) if ocr else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def table(result: dict) -> str:
    engines = list(result["engines"])
    per = result["engines"]
    peer = result["peer"]

    def row(name: str, values: list, theirs="") -> str:
        return "| " + " | ".join([name, *map(str, values), str(theirs)]) + " |"

    lines = [
        "| measure | "
        + " | ".join(f"Jianbao, {e}" for e in engines)
        + " | peer (whoosh + ChineseAnalyzer) |",
        "|---" * (len(engines) + 2) + "|",
        row(
            "articles (files, MB of text)",
            [f"{result['articles']} ({result['files']} files, {result['text_mb']} MB)"] * len(engines),
        ),
        *(
            row(
                f"index articles/s --jobs {key[4:]}",
                [per[e]["index_articles_per_s"][key] for e in engines],
                peer["index_articles_per_s"] if i == 0 else "",
            )
            for i, key in enumerate(per[engines[0]]["index_articles_per_s"])
        ),
        row(
            "ceiling: jieba alone articles/s (1 / 2 processes)",
            [f"{result['ceiling_articles_per_s']} / {result['ceiling_articles_per_s_2proc']}"] * len(engines),
        ),
        row("no-op re-index s", [per[e]["noop_reindex_s"] for e in engines]),
        row(
            "pipeline stage shares, one process (articles/s)",
            [_stage_shares(per[e].get("stages")) for e in engines],
        ),
    ]
    for kind in ("keyword", "phrase", "substring", "faceted"):
        theirs = peer["query_ms"].get(kind)
        share = peer["hits_found_vs_ours"].get(kind)
        lines.append(
            row(
                f"query ms p50 / p95: {kind}",
                [f"{per[e]['query_ms'][kind]['p50']} / {per[e]['query_ms'][kind]['p95']}" for e in engines],
                f"{theirs['p50']} / {theirs['p95']} (finds {share:.0%} of the hits)"
                if theirs
                else "(no facets)",
            )
        )
    for kind in LEDGER_KINDS:
        if all(kind in per[e]["query_ms"] for e in engines):
            lines.append(
                row(
                    f"ledger ms p50 / p95: {kind[7:]} (plain; as a reader)",
                    [
                        f"{per[e]['query_ms'][kind]['p50']} / {per[e]['query_ms'][kind]['p95']}; "
                        f"{per[e]['query_ms'][kind + '+access']['p50']} / {per[e]['query_ms'][kind + '+access']['p95']}"
                        for e in engines
                    ],
                )
            )
    for kind in ("keyword", "phrase", "substring", "faceted"):
        filtered = f"{kind}+access"
        if all(filtered in per[e]["query_ms"] for e in engines):
            lines.append(
                row(
                    f"query ms p50 / p95: {kind}, as a reader (access filter)",
                    [_with_change(per[e]["query_ms"][kind], per[e]["query_ms"][filtered]) for e in engines],
                )
            )
    lines += [
        row("index MB", [per[e]["index_mb"] for e in engines]),
        row("search process peak RSS MB", [per[e]["search_process_peak_rss_mb"] for e in engines]),
        row("same totals on every query", ["yes" if result["engines_agree"] else "NO"] * len(engines)),
        row("OCR s/page", [result["ocr_s_per_page"]] * len(engines)),
    ]
    return "\n".join(lines)


def _stage_shares(stages: dict | None) -> str:
    if not stages:
        return "(not measured)"
    shares = " · ".join(f"{stage} {share:.0%}" for stage, share in stages["share"].items())
    return f"{shares} ({stages['articles_per_s']} over {stages['articles']})"


def _with_change(plain: dict, filtered: dict) -> str:
    """The filtered p50 / p95, and the median over queries of each one's filtered time over its plain time."""
    return f"{filtered['p50']} / {filtered['p95']} (median ×{filtered.get('paired', 'n/a')} per query)"


def write_section(path: Path, section: str, *, same: str) -> None:
    """Replace the section of results.md whose heading starts with ``same`` (or add it first);
    the other sections (other sizes, the cluster runs) and the notes under them stay."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    sections = [s for s in re.split(r"(?m)^(?=# )", old) if s.strip()]
    kept = [s for s in sections if not s.startswith(same)]
    path.write_text("\n".join([section, *(s.rstrip("\n") + "\n" for s in kept)]), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--large", action="store_true", help="100k articles")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--engine", default="whoosh,tantivy", help="engines to measure, comma-separated")
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR measurement")
    parser.add_argument("--jobs", default="1,2", help="worker counts to index with, comma-separated")
    parser.add_argument(
        "--dsn", help="a PostgreSQL server for the postgres engine (databases are made on it)"
    )
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work")
    args = parser.parse_args(argv)
    articles = 100_000 if args.large else args.articles
    if articles < 10:
        parser.error("--articles must be at least 10")
    args.work.mkdir(parents=True, exist_ok=True)
    engines = [e.strip() for e in args.engine.split(",") if e.strip()]
    if not engines or any(e not in ("whoosh", "tantivy", "postgres") for e in engines):
        parser.error("--engine takes whoosh, tantivy, postgres, comma-separated")
    if "postgres" in engines and not args.dsn:
        parser.error("--engine postgres needs --dsn postgresql://… (a server to make databases on)")
    global DSN
    DSN = args.dsn or ""
    try:
        jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    except ValueError:
        parser.error("--jobs takes worker counts, comma-separated (1,2)")
    if not jobs or min(jobs) < 1:
        parser.error("--jobs takes worker counts, comma-separated (1,2)")
    result = measure(articles, args.work, engines, not args.no_ocr, jobs)
    # a run replaces only the last run of the same size and engines: other engines' runs stay
    # the space after the comma: "engines whoosh,tantivy, " is no prefix of "engines whoosh,tantivy,postgres, "
    same = f"# Benchmark, {result['articles']} articles, engines {','.join(engines)}, "
    heading = f"{same}{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores"
    report = f"{heading}\n\n{table(result)}\n"
    write_section(REPO / "bench" / "results.md", report, same=same)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
