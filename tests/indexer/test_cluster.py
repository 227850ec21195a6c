"""Ingest on a real Dask cluster on loopback: a scheduler and two worker processes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.run.batch import Options, run
from jianbao.cli import main
from tests.conftest import REPO, SHARED, corpus_texts

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

DASK = Path(sys.executable).with_name("dask")


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """``dask scheduler`` and two ``dask worker`` processes (one thread each), stopped after."""
    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    common = ["--no-dashboard"]
    processes = [
        subprocess.Popen(
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--scheduler-file",
                str(scheduler_file),
            ]
            + common,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        _wait_for(scheduler_file.exists, 60, "the scheduler file")
        _wait_for(lambda: "address" in scheduler_file.read_text(), 10, "the scheduler address")
        address = json.loads(scheduler_file.read_text())["address"]
        for n in range(2):
            processes.append(
                subprocess.Popen(
                    [
                        str(DASK),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--host",
                        "127.0.0.1",
                        "--name",
                        f"w{n}",
                    ]
                    + common,
                    cwd=REPO,  # the workers import the project from the same checkout
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """The corpus texts and a small generated archive in four formats."""
    folder = tmp_path_factory.mktemp("cluster-archive")
    for path in corpus_texts():
        shutil.copy(path, folder / path.name)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "make_demo_archive.py"),
            str(folder / "demo"),
            "--issues",
            "6",
            "--news",
            "3",
            "--scanned",
            "0",
            "--formats",
            "txt,gb18030,pdf,html,docx",
            "--gold",
            str(folder.parent / "cluster-gold.jsonl"),
        ],
        check=True,
        capture_output=True,
    )
    return folder


def _catalog_state(index_dir: Path) -> dict[str, tuple]:
    catalog = open_store(index_dir).catalog()
    try:
        return {
            row.path: (row.status, row.sha256, tuple(sorted(row.article_ids)), row.mtime)
            for row in catalog.sources()
        }
    finally:
        catalog.close()


def _records(index_dir: Path) -> dict[str, list[dict]]:
    catalog = open_store(index_dir).catalog()
    try:
        return {row.path: catalog.records(row.path) for row in catalog.sources()}
    finally:
        catalog.close()


@pytest.fixture(scope="module")
def local_index(archive, tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("local") / "index"
    summary = run([str(archive)], open_store(index_dir), Options(jobs=1))
    assert not summary.failed, summary.failed
    return index_dir


@pytest.mark.parametrize("ship", [False, True], ids=["shared-path", "ship-files"])
def test_cluster_run_equals_a_local_run(scheduler, archive, local_index, tmp_path, capsys, ship):
    index_dir = tmp_path / "index"
    argv = ["index", str(archive), "--index", str(index_dir), "--cluster", scheduler, "--json"]
    assert main(argv + (["--ship-files"] if ship else [])) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["failed"] == [] and summary["new"] == len(_catalog_state(local_index))
    assert _catalog_state(index_dir) == _catalog_state(local_index)
    assert _records(index_dir) == _records(local_index)
    # the recorded size and mtime are the originals': a second run finds nothing to do
    assert main(argv[:-1] + (["--ship-files"] if ship else [])) == 0
    assert "未变" in capsys.readouterr().err
    assert run([str(archive)], open_store(index_dir), Options()).unchanged == len(_catalog_state(local_index))


def test_a_bad_file_fails_alone_on_the_cluster(scheduler, archive, local_index, tmp_path, capsys):
    folder = tmp_path / "docs"
    shutil.copytree(archive, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    index_dir = tmp_path / "index"
    assert main(["index", str(folder), "--index", str(index_dir), "--cluster", scheduler, "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in summary["failed"]] == [str((folder / "broken.pdf").resolve())]
    assert summary["failed"][0]["reason"]
    assert summary["new"] == len(_catalog_state(local_index))


def test_an_unreachable_scheduler_is_named_and_loses_nothing(local_index, archive, tmp_path, capsys):
    index_dir = tmp_path / "index"
    shutil.copytree(local_index, index_dir)
    before = _catalog_state(index_dir)
    (archive / "new.txt").write_text("聊城市创建全国文明城市工作简报\n第99期\n新文件正文。", encoding="utf-8")
    try:
        code = main(["index", str(archive), "--index", str(index_dir), "--cluster", "tcp://127.0.0.1:9"])
    finally:
        (archive / "new.txt").unlink()
    assert code == 1
    assert "tcp://127.0.0.1:9" in capsys.readouterr().err
    assert _catalog_state(index_dir) == before


def test_ship_files_needs_a_cluster(archive, tmp_path, capsys):
    assert main(["index", str(archive), "--index", str(tmp_path / "i"), "--ship-files"]) == 2
    assert "--cluster" in capsys.readouterr().err


def test_a_file_past_its_time_bound_is_failed_and_its_worker_restarted(scheduler, tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in corpus_texts():
        shutil.copy(path, folder / path.name)
    # OCR of a scanned page takes seconds: far past a one-second bound
    shutil.copy(SHARED / "corpus" / "pdf" / "000-scanned.pdf", folder / "scan.pdf")
    index_dir = tmp_path / "index"
    argv = [
        "index",
        str(folder),
        "--index",
        str(index_dir),
        "--cluster",
        scheduler,
        "--timeout",
        "1",
        "--json",
    ]
    assert main(argv) == 1
    summary = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in summary["failed"]] == [str((folder / "scan.pdf").resolve())]
    assert "处理超时" in summary["failed"][0]["reason"]
    assert summary["new"] == len(corpus_texts())
    from distributed import Client

    with Client(scheduler, timeout=30) as client:  # the restarted worker is back
        client.wait_for_workers(2, timeout=60)


def test_every_worker_loads_its_models_once_with_its_share_of_the_cores(scheduler):
    from indexer.run.cluster import connect

    def state(dask_worker):  # runs on each worker (sent by value)
        import os

        from indexer.extract import ocr
        from indexer.lang.segment import segmenter

        share = len(os.sched_getaffinity(0)) // dask_worker.state.nthreads
        return (
            ocr._process_threads,
            max(1, share),
            segmenter.cache_info().currsize,
            ocr._engine.cache_info().currsize,
        )

    client = connect(scheduler)  # registers the warm-up on every worker
    try:
        found = client.run(state)
    finally:
        client.close()
    assert len(found) == 2
    for threads, share, segmenters, ocr_engines in found.values():
        assert threads == share
        assert segmenters == 1 and ocr_engines == 1  # loaded before any file, and only once


def test_ocr_threads_follow_the_cores_the_process_may_run_on():
    code = "from indexer.extract import ocr; print(ocr.thread_count())"
    pinned = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert pinned.stdout.strip() == "1"


def test_files_are_handed_out_largest_first(scheduler, tmp_path):
    from distributed import Client

    from indexer.run.cluster import _Dispatch

    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text("短文。", encoding="utf-8")
    large.write_text("长文。" * 5000, encoding="utf-8")
    scan = tmp_path / "scan.pdf"
    shutil.copy(SHARED / "corpus" / "pdf" / "000-scanned.pdf", scan)
    paths = [str(small), str(scan), str(large)]
    with Client(scheduler, timeout=30) as client:
        dispatch = _Dispatch(client, paths, True, 60.0, None, False)
        assert [dispatch.todo.pop() for _ in paths] == [str(scan), str(large), str(small)]
        dispatch = _Dispatch(client, paths, False, 60.0, None, False)  # no OCR: the scan weighs its pages
        assert dispatch.todo[-1] == str(large)
