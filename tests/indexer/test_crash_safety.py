"""Crash safety and concurrency of `jianbao index`, with real processes on a real index."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.index import open_for_search
from search_app.search import SearchRequest, search
from tests.conftest import REPO

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash-archive")
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_demo_archive.py"),
            str(folder / "docs"),
            "--issues",
            "160",
            "--news",
            "0",
            "--formats",
            "txt,gb18030",
            "--scanned",
            "0",
            "--gold",
            str(folder / "gold.jsonl"),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "docs"


def start_indexer(archive: Path, index_dir: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jianbao",
            "index",
            str(archive),
            "--index",
            str(index_dir),
            "--commit-every",
            "10",
            *extra,
        ],
        cwd=REPO,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def index_ids(index_dir: Path) -> list[str]:
    return open_for_search(
        open_store(index_dir), allow_empty=True
    ).ids()  # allow_empty: killed before a commit


def catalog_ids(index_dir: Path) -> list[str]:
    catalog = open_store(index_dir).catalog()
    try:
        return [a for row in catalog.sources("indexed") for a in row.article_ids]
    finally:
        catalog.close()


def test_sigkill_at_random_points_loses_nothing_committed(archive, tmp_path, engine):
    index_dir = tmp_path / "index"
    rng = random.Random(8)
    committed: set[str] = set()
    for _ in range(4):
        process = start_indexer(archive, index_dir, "--engine", engine)
        time.sleep(rng.uniform(1.0, 4.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if not index_dir.joinpath("catalog.sqlite").exists():
            continue
        ids = index_ids(index_dir)
        assert len(ids) == len(set(ids)), "an article was indexed twice"
        assert committed <= set(ids), "an article committed before the kill is gone"
        assert set(catalog_ids(index_dir)) <= set(ids)
        committed = set(catalog_ids(index_dir))
    final = start_indexer(archive, index_dir)
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    ids = index_ids(index_dir)
    assert len(ids) == len(set(ids)) == len(catalog_ids(index_dir))
    assert len(list(archive.rglob("*.txt"))) == len(open_store(index_dir).catalog().sources("indexed"))


def test_searches_during_indexing_see_committed_state_and_second_writer_is_refused(archive, tmp_path, engine):
    index_dir = tmp_path / "index"
    seed = sorted(archive.rglob("*.txt"))[:3]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jianbao",
            "index",
            *map(str, seed),
            "--index",
            str(index_dir),
            "--engine",
            engine,
        ],
        cwd=REPO,
        env=ENV,
        check=True,
        capture_output=True,
    )
    process = start_indexer(archive, index_dir)
    errors, totals = [], []

    def searching():
        while process.poll() is None:
            try:
                totals.append(search(open_store(index_dir), SearchRequest(query="创城", size=5))["total"])
            except Exception as error:  # any error at all fails the test
                errors.append(repr(error))
            time.sleep(0.05)

    reader = threading.Thread(target=searching)
    reader.start()
    time.sleep(1.0)
    second = subprocess.run(
        [sys.executable, "-m", "jianbao", "index", str(archive), "--index", str(index_dir), "--wait", "0.5"],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    process.communicate(timeout=300)
    reader.join()
    assert process.returncode == 0
    assert errors == []
    assert totals and totals == sorted(totals), "a search saw the index go backwards"
    if second.returncode != 0:  # the first writer was still at work
        assert second.returncode == 1 and "占用" in second.stderr and "Traceback" not in second.stderr
    ids = index_ids(index_dir)
    assert len(ids) == len(set(ids))
