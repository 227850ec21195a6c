"""A read-only index folder and a full disk, on real mounts (a private mount namespace): named messages,
never a traceback; reading a read-only index works; nothing indexed is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.run.batch import Options, run
from tests.conftest import REPO, corpus_texts

pytestmark = pytest.mark.slow


def _can_mount() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs -o size=1m t /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _can_mount(), reason="no private mount namespace here (unshare)")


def in_namespace(script: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PY": sys.executable}
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", "set -e\n" + script],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=REPO,
    )


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    archive = tmp_path / "archive"
    archive.mkdir()
    for path in corpus_texts():
        shutil.copy(path, archive / path.name)
    index_dir = tmp_path / "index"
    assert not run([str(archive)], open_store(index_dir), Options()).failed
    return archive, index_dir


@needs_mounts
def test_a_read_only_index_serves_searches_and_statements_and_refuses_writes_by_name(built):
    archive, index_dir = built
    done = in_namespace(
        f"""
        mount --bind {index_dir} {index_dir}
        mount -o remount,ro,bind {index_dir}
        echo more > {archive}/new.txt
        $PY -m jianbao search 孙爱军 --index {index_dir} --json > /dev/null
        echo search=$?
        $PY -m jianbao statements --index {index_dir} --json > /dev/null
        echo statements=ok
        set +e
        $PY -m jianbao index {archive} --index {index_dir}
        echo index=$?
        """
    )
    assert "search=0" in done.stdout and "statements=ok" in done.stdout, done.stderr
    assert "index=1" in done.stdout, done.stderr
    assert "不可写" in done.stderr and "Traceback" not in done.stderr


@needs_mounts
def test_a_full_disk_is_named_and_loses_nothing(built, tmp_path):
    archive, index_dir = built
    disk = tmp_path / "disk"
    disk.mkdir()
    big = tmp_path / "big.txt"
    big.write_text("关于创城工作的补充简报。" * 200_000, encoding="utf-8")
    done = in_namespace(
        f"""
        mount -t tmpfs -o size=8m tmpfs {disk}
        cp -a {index_dir} {disk}/index
        dd if=/dev/zero of={disk}/filler bs=64k 2>/dev/null || true
        cp {big} {archive}/big.txt
        set +e
        $PY -m jianbao index {archive} --index {disk}/index
        echo index=$?
        set -e
        rm {disk}/filler
        $PY -m jianbao search 孙爱军 --index {disk}/index
        echo search=$?
        """
    )
    assert "index=1" in done.stdout, done.stderr
    assert "磁盘已满" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "search=0" in done.stdout and "孙爱军督导检查" in done.stdout, done.stderr


# A statement committed after the index was built: what a reader must see however the folder is mounted.
LATE_STATEMENT = "各街道务必于九月底前完成背街小巷路灯更换。"
COMMIT_LATE_STATEMENT = f"""
import os, sys
from indexer.store.catalog import Catalog
catalog = Catalog(sys.argv[1])
records = [{{"id": "late-0-0", "title": "路灯更换", "date": "2021-09-01", "unit_tree": [],
    "statements": [{{"type": "directive", "speaker": "", "unit": None, "text": "{LATE_STATEMENT}", "targets": []}}]}}]
catalog.record_indexed({{"path": "/late.txt", "sha256": "late", "size": 1, "mtime": 1.0}}, records)
catalog.commit()
if sys.argv[2:] == ["crash"]:
    os._exit(0)  # killed before it closed: the commit lives in the WAL only
catalog.close()
"""


def _commit_late_statement(catalog: Path, *, crash: bool = False) -> None:
    done = subprocess.run(
        [sys.executable, "-c", COMMIT_LATE_STATEMENT, str(catalog), *(["crash"] if crash else [])],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr


def test_every_writing_session_ends_with_the_wal_folded_in_even_while_a_reader_is_open(built):
    _, index_dir = built
    catalog = index_dir / "catalog.sqlite"
    with open_store(index_dir).catalog() as reader:
        reader.count()
        _commit_late_statement(catalog)
        wal = catalog.with_name("catalog.sqlite-wal")
        assert not wal.exists() or wal.stat().st_size == 0


@needs_mounts
def test_a_read_only_copy_without_its_shared_memory_file_shows_everything_committed(built, tmp_path):
    """Copied to read-only media without the -shm (a cache SQLite rebuilds): read as immutable, which ignores
    the WAL, it must still hold the last run's statements."""
    _, index_dir = built
    with open_store(index_dir).catalog() as reader:  # open through the run: the writer is not the last
        reader.count()
        _commit_late_statement(index_dir / "catalog.sqlite")
    media = tmp_path / "media"
    shutil.copytree(index_dir, media, ignore=shutil.ignore_patterns("*-shm"))
    done = in_namespace(
        f"""
        mount --bind {media} {media}
        mount -o remount,ro,bind {media}
        $PY -m jianbao statements --index {media} --json
        """
    )
    assert LATE_STATEMENT in done.stdout, done.stderr


@needs_mounts
def test_a_run_killed_before_it_closed_is_read_whole_from_a_read_only_folder(built, tmp_path):
    _, index_dir = built
    _commit_late_statement(index_dir / "catalog.sqlite", crash=True)
    assert (index_dir / "catalog.sqlite-wal").stat().st_size > 0
    media = tmp_path / "media"
    shutil.copytree(index_dir, media, ignore=shutil.ignore_patterns("*-shm"))
    done = in_namespace(
        f"""
        mount --bind {media} {media}
        mount -o remount,ro,bind {media}
        $PY -m jianbao statements --index {media} --json
        $PY -m jianbao search 孙爱军 --index {media}
        """
    )
    assert LATE_STATEMENT in done.stdout and "孙爱军督导检查" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr


@needs_mounts
def test_reading_after_a_full_disk_needs_no_free_space(built, tmp_path):
    """Committed pages wait in the WAL, the -shm is gone and not one block is free: the ledger reads whole."""
    _, index_dir = built
    _commit_late_statement(index_dir / "catalog.sqlite", crash=True)
    disk = tmp_path / "disk"
    disk.mkdir()
    done = in_namespace(
        f"""
        mount -t tmpfs -o size=8m tmpfs {disk}
        cp -a {index_dir} {disk}/index
        rm -f {disk}/index/catalog.sqlite-shm
        dd if=/dev/zero of={disk}/filler bs=64k 2>/dev/null || true
        dd if=/dev/zero of={disk}/filler2 bs=1k 2>/dev/null || true
        df --output=avail -B1 {disk} | tail -1
        $PY -m jianbao statements --index {disk}/index --json
        $PY -m jianbao search 孙爱军 --index {disk}/index
        """
    )
    assert done.stdout.split()[0] == "0", done.stdout
    assert LATE_STATEMENT in done.stdout and "孙爱军督导检查" in done.stdout, done.stderr
