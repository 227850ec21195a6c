"""Ingest on a Dask cluster with 1 and with 2 workers, on an OCR-heavy generated archive.

Each worker is a ``dask worker`` process with one thread, pinned to a core of its own
(``taskset``), so the ratio says how ingest scales with machines, not with threads:

    python scripts/bench_cluster.py --scanned 20 --issues 24 --workers 1,2 --out bench/cluster.json

Workers start as a deployed cluster's do, with ``--preload indexer.run.cluster``: the jieba dictionary
and the OCR sessions load when a worker starts, before the clock (``--cold`` leaves the preload out,
so each worker loads them inside the timed run, on its first file). The load average is recorded
before and after each row: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.engines import open_store  # noqa: E402
from indexer.run.batch import Options, run  # noqa: E402
from indexer.run.progress import page_weight  # noqa: E402

DASK = Path(sys.executable).with_name("dask")


def make_archive(folder: Path, scanned: int, issues: int) -> None:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_demo_archive.py"),
            str(folder),
            "--issues",
            str(issues),
            "--news",
            "0",
            "--scanned",
            str(scanned),
            "--formats",
            "txt,scanned",
            "--gold",
            str(folder.parent / "gold.jsonl"),
        ],
        check=True,
        capture_output=True,
    )


class Cluster:
    """A scheduler and ``workers`` single-threaded workers, each pinned to one core."""

    def __init__(self, workers: int, folder: Path, preload: bool = True):
        self.folder, self.workers, self.preload = folder, workers, preload
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> str:
        scheduler_file = self.folder / "scheduler.json"
        self._start(
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ]
        )
        deadline = time.monotonic() + 60
        while not (scheduler_file.exists() and "address" in scheduler_file.read_text()):
            if time.monotonic() > deadline:
                raise RuntimeError("scheduler did not start")
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        cores = os.sched_getaffinity(0)
        for n in range(self.workers):
            core = sorted(cores)[n % len(cores)]
            self._start(
                [
                    "taskset",
                    "-c",
                    str(core),
                    str(DASK),
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--host",
                    "127.0.0.1",
                    "--no-dashboard",
                    "--name",
                    f"w{n}",
                    *(["--preload", "indexer.run.cluster"] if self.preload else []),
                ]
            )
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(self.workers, timeout=120)
        return address

    def _start(self, argv: list[str]) -> None:
        self.processes.append(
            subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )

    def __exit__(self, *exc) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def measure(archive: Path, workers: int, work: Path, preload: bool) -> dict:
    folder = work / f"w{workers}"
    folder.mkdir()
    with Cluster(workers, folder, preload) as address:
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        summary = run([str(archive)], open_store(folder / "index"), Options(cluster=address))
        seconds = time.monotonic() - started
        load_after = os.getloadavg()[0]
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "files": summary.new,
        "articles": summary.articles,
        "failed": len(summary.failed),
        "load_1min": [round(load_before, 2), round(load_after, 2)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scanned", type=int, default=20, help="scanned (OCR) briefings")
    parser.add_argument("--issues", type=int, default=24, help="briefing issues in all")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--cold", action="store_true", help="no preload: models load inside the timed run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jianbao-bench-cluster-"))
    try:
        archive = work / "archive"
        make_archive(archive, args.scanned, max(args.issues, args.scanned))
        pages = sum(page_weight(str(p)) for p in archive.rglob("*") if p.is_file())
        rows = [measure(archive, int(n), work, not args.cold) for n in args.workers.split(",")]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = rows[0]["seconds"]
    for row in rows:
        row["speedup"] = round(base / row["seconds"], 2)
    result = {
        "scanned": args.scanned,
        "issues": max(args.issues, args.scanned),
        "page_weight": round(pages),
        "preload": not args.cold,
        "rows": rows,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
