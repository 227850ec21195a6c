"""No file lost to a race: sources deleted and recreated while an indexing run (with --prune) works are
indexed by the next run, always, and the catalog never claims what the index does not hold."""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from pathlib import Path

from indexer.engines import open_store
from indexer.index import open_for_search
from indexer.run.batch import Options, run
from tests.conftest import corpus_texts

FILES = 12
ROUNDS = 12


def write_version(path: Path, base: str, version: int, keep_mtime: float | None = None) -> None:
    # same length for every version, and sometimes the old mtime: size and mtime alone cannot tell
    path.write_text(f"{base}\n本期核对号：{version:08d}\n", encoding="utf-8")
    if keep_mtime is not None:
        os.utime(path, (keep_mtime, keep_mtime))


def index_state(index_dir: Path) -> dict[str, set[str]]:
    """source path → the sha256 of every article the index holds for it."""
    state: dict[str, set[str]] = {}
    for record in open_for_search(open_store(index_dir)).all_records():
        source = record["source"]
        state.setdefault(source["path"], set()).add(source["sha256"])
    return state


def check_everything_on_disk_is_indexed(archive: Path, index_dir: Path) -> None:
    on_disk = {str(p.resolve()): hashlib.sha256(p.read_bytes()).hexdigest() for p in archive.iterdir()}
    held = index_state(index_dir)
    assert {path: {sha} for path, sha in on_disk.items()} == held, "index differs from the files on disk"
    with open_store(index_dir).catalog() as catalog:
        rows = {row.path: row for row in catalog.sources()}
        catalog_ids = {a for row in rows.values() for a in row.article_ids}
    assert {p: r.sha256 for p, r in rows.items()} == on_disk
    assert all(row.status == "indexed" for row in rows.values()), [r.error for r in rows.values()]
    index_ids = open_for_search(open_store(index_dir)).ids()
    assert len(index_ids) == len(set(index_ids)) and set(index_ids) == catalog_ids


def test_files_deleted_and_recreated_during_runs_are_indexed_by_the_next_run(tmp_path):
    bases = [p.read_text(encoding="utf-8") for p in corpus_texts()]
    archive = tmp_path / "archive"
    archive.mkdir()
    paths = [archive / f"简报{k:02d}.txt" for k in range(FILES)]
    for k, path in enumerate(paths):
        write_version(path, bases[k % len(bases)], k)
    index_dir = tmp_path / "index"
    assert not run([str(archive)], open_store(index_dir), Options(prune=True)).failed
    rng = random.Random(18)
    version = FILES
    for _ in range(ROUNDS):
        stop = threading.Event()

        def race(seed: int, stop: threading.Event = stop) -> None:
            nonlocal version
            local = random.Random(seed)
            while not stop.is_set():
                k = local.randrange(FILES)
                mtime = paths[k].stat().st_mtime
                paths[k].unlink()
                time.sleep(local.uniform(0, 0.02))
                version += 1
                write_version(
                    paths[k], bases[k % len(bases)], version, mtime if local.random() < 0.5 else None
                )
                time.sleep(local.uniform(0, 0.03))

        racer = threading.Thread(target=race, args=(rng.random(),))
        racer.start()
        try:
            run([str(archive)], open_store(index_dir), Options(prune=True, commit_every=2))
        finally:
            stop.set()
            racer.join()
        quiet = run([str(archive)], open_store(index_dir), Options(prune=True))
        assert quiet.prune_refused == []
        check_everything_on_disk_is_indexed(archive, index_dir)
