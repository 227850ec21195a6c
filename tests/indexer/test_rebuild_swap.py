"""A rebuild swaps whole index folders: a writer that waited meanwhile writes into the new index, and a
rebuild killed at any moment leaves the old index serving."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.index import open_for_search
from indexer.run.batch import Options, run
from indexer.run.rebuild import rebuild
from search_app.search import SearchRequest, search
from tests.conftest import REPO, corpus_texts


def article_ids(index_dir: Path) -> set[str]:
    return set(open_for_search(open_store(index_dir)).ids())


def test_a_writer_that_waited_through_a_rebuild_writes_into_the_new_index(tmp_path):
    index_dir = tmp_path / "index"
    run([str(p) for p in corpus_texts()], open_store(index_dir), Options())
    late = tmp_path / "late.txt"
    text = (corpus_texts()[2]).read_text(encoding="utf-8")
    late.write_text(text.replace("铁塔社区", "铁塔社区和青蛙王子社区"), encoding="utf-8")
    errors: list[BaseException] = []

    def rebuild_meanwhile() -> None:
        try:
            rebuild([], open_store(index_dir), Options())
        except BaseException as error:
            errors.append(error)

    rebuilding = threading.Thread(target=rebuild_meanwhile)
    rebuilding.start()
    time.sleep(0.2)
    summary = run([str(late)], open_store(index_dir), Options(wait_seconds=120))
    rebuilding.join()
    assert errors == [] and summary.new == 1
    assert search(open_store(index_dir), SearchRequest(query="青蛙王子"))["total"] == 1
    with open_store(index_dir).catalog() as catalog:
        assert catalog.source(str(late.resolve())).status == "indexed"


@pytest.mark.slow
def test_a_rebuild_killed_at_any_moment_leaves_the_old_index_serving(tmp_path):
    archive = tmp_path / "archive"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_demo_archive.py"),
            str(archive),
            "--issues",
            "60",
            "--news",
            "0",
            "--formats",
            "txt",
            "--scanned",
            "0",
            "--gold",
            str(tmp_path / "gold.jsonl"),
        ],
        check=True,
        capture_output=True,
    )
    index_dir = tmp_path / "index"
    run([str(archive)], open_store(index_dir), Options())
    before = article_ids(index_dir)
    rng = random.Random(18)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "jianbao", "index", "--rebuild", "--index", str(index_dir)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 6.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert article_ids(index_dir) == before  # the old index, or the whole new one: never a part
    shutil.rmtree(archive)
    summary = rebuild([], open_store(index_dir), Options())
    assert summary.rebuilt == len(before) and article_ids(index_dir) == before
    assert not (tmp_path / ".index.rebuilding").exists()


def test_a_lock_won_on_a_folder_swapped_away_is_not_held(tmp_path):
    from indexer.store.lock import IndexBusy, IndexLock

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    first = IndexLock(index_dir / "jianbao.lock")
    first.acquire(0)
    outcome: list[str] = []

    def waiting() -> None:
        try:
            IndexLock(index_dir / "jianbao.lock").acquire(3)
            outcome.append("acquired")
        except IndexBusy:
            outcome.append("busy")

    waiter = threading.Thread(target=waiting)
    waiter.start()
    time.sleep(0.5)
    os.rename(index_dir, tmp_path / ".index.replaced")  # what a rebuild's swap does
    index_dir.mkdir()
    holder = IndexLock(index_dir / "jianbao.lock")
    holder.acquire(0)  # a writer started after the swap
    first.release()
    waiter.join()
    holder.release()
    assert outcome == ["busy"]  # never two writers at once
