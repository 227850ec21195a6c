#!/usr/bin/env python3
"""A bounded load test of a running Jianbao server on loopback.

    python scripts/loadtest.py [--url http://127.0.0.1:8080] [--clients 50] [--seconds 60]

Each client keeps one connection and cycles through searches (keyword, phrase,
facet-filtered, sorted), article pages and the API. It stops by itself after
--seconds; it refuses any host that is not a loopback address. Prints requests,
errors and latency p50/p95/p99 in ms.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import random
import socket
import statistics
import sys
import threading
import time
import urllib.parse

PATHS = [
    "/api/search?q={kw}",
    "/?q={kw}",
    "/api/search?q=%22{kw}%22",
    "/?q={kw}&unit={unit}",
    "/api/search?q={kw}&sort=-date&page=2",
    "/api/search?year={year}",
    "/units",
    "/statements",
    "/api/statements?type=commitment",
    "/article/{article}",
]


def loopback_only(url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    address = ipaddress.ip_address(socket.gethostbyname(parts.hostname or ""))
    if not address.is_loopback:
        raise SystemExit(f"拒绝：{parts.hostname} 不是本机回环地址，负载测试只对 127.0.0.0/8 进行")
    return parts


def vocabulary(base: urllib.parse.SplitResult) -> dict:
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    connection.request("GET", "/api/search?q=&size=50")
    result = json.loads(connection.getresponse().read())
    titles = [h["title"] for h in result["hits"]] or ["创城"]
    return {
        "kw": [t[:2] for t in titles] + [t[2:6] for t in titles],
        "unit": [f["value"] for f in result["facets"].get("unit", [])][:20] or ["聊城市"],
        "year": [f["value"] for f in result["facets"].get("year", [])] or ["2021"],
        "article": [h["id"] for h in result["hits"]] or ["none"],
    }


def client(base, words: dict, deadline: float, seed: int, latencies: list, errors: list) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    while time.monotonic() < deadline:
        path = rng.choice(PATHS).format(**{k: urllib.parse.quote(rng.choice(v)) for k, v in words.items()})
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status >= 500 or response.status == 400:
                errors.append(f"{response.status} {path}")
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__} {path}")
            connection.close()
            connection = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
        latencies.append((time.perf_counter() - started) * 1000)
    connection.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 500 or not 0 < args.seconds <= 600:
        parser.error("--clients 1..500, --seconds up to 600")
    base = loopback_only(args.url)
    words = vocabulary(base)
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=client, args=(base, words, deadline, n, latencies, errors))
        for n in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies)

    def pick(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * (len(ordered) - 1)))]

    print(
        json.dumps(
            {
                "clients": args.clients,
                "seconds": args.seconds,
                "requests": len(latencies),
                "errors": len(errors),
                "error_samples": errors[:5],
                "requests_per_s": round(len(latencies) / args.seconds, 1),
                "ms": {
                    "p50": round(statistics.median(ordered), 1),
                    "p95": round(pick(0.95), 1),
                    "p99": round(pick(0.99), 1),
                },
            },
            ensure_ascii=False,
        )
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
