#!/usr/bin/env python3
"""Time the first search of a freshly started `jianbao serve` against the same search as its hundredth.

    python scripts/bench_first_search.py INDEX [--requests 100] [--port 8765] [--pairs 3]

Each pair starts the server twice from this tree (waiting for its start line each time): once
asking a word first and 99 other requests after it, once asking the 99 others first and the
word last. The word's two times are compared: on both servers it is asked for the first time,
so no answer of it is cached, and the only difference is what the server had done before.
The other requests are the nine other words, each in eleven orders, pages and sizes of the search
page (/?q=…). Also reported: the seconds from the start command to the start line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS = [
    "垃圾分类",
    "创城",
    "环境整治",
    "安全生产",
    "乡村振兴",
    "招商引资",
    "疫情防控",
    "文明城市",
    "道路",
    "督导",
]
VARIANTS = [{"sort": s, "page": p} for s in ("relevance", "date", "-date") for p in (1, 2, 3)] + [
    {"size": 20},
    {"size": 50},
]
STARTED = "简报检索已启动"


def start_server(index: str, port: int) -> tuple[subprocess.Popen, float, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    began = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "jianbao.cli", "serve", "--index", index, "--port", str(port)],
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    assert server.stderr is not None
    for line in server.stderr:
        lines.append(line.rstrip())
        if STARTED in line:
            return server, time.perf_counter() - began, lines
    raise SystemExit("the server stopped before it said it had started:\n" + "\n".join(lines))


def ask(port: int, query: dict) -> float:
    url = f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode(query)
    began = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
    return (time.perf_counter() - began) * 1000


def timed_on_fresh_server(
    index: str, port: int, requests: list[dict]
) -> tuple[list[float], float, list[str]]:
    server, start_s, lines = start_server(index, port)
    try:
        return [ask(port, query) for query in requests], start_s, lines
    finally:
        server.terminate()
        server.wait(timeout=30)


def one_pair(index: str, port: int, word: str, count: int) -> dict:
    measured = {"q": word}
    others = [{"q": w, **v} for v in VARIANTS for w in WORDS if w != word][: count - 1]
    first, start_s, lines = timed_on_fresh_server(index, port, [measured, *others])
    last, _, _ = timed_on_fresh_server(index, port, [*others, measured])
    return {
        "word": word,
        "start_s": round(start_s, 2),
        "first_ms": round(first[0], 1),
        "as_last_ms": round(last[-1], 1),
        "first_over_last": round(first[0] / last[-1], 2),
        "others_median_ms": round(statistics.median(first[1:] + last[:-1]), 1),
        "log": lines,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args(argv)
    if not 2 <= args.requests <= len(VARIANTS) * (len(WORDS) - 1) + 1:
        parser.error(f"--requests must be between 2 and {len(VARIANTS) * (len(WORDS) - 1) + 1}")
    ratios = []
    for n in range(args.pairs):
        result = one_pair(args.index, args.port, WORDS[n % len(WORDS)], args.requests)
        log = result.pop("log")
        ratios.append(result["first_over_last"])
        print(result)
        if n == 0:
            print("  log: " + " | ".join(log))
    print(f"median first / as hundredth: {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
