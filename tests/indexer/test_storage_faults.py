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
        $PY -m jianbao statements --index {index_dir} --json | grep -c '"type"' || true
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
