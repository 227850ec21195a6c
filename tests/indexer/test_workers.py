"""The per-file bound really stops a file: its worker process is killed, whatever the parse is doing."""

from __future__ import annotations

import os
import signal
import time

from indexer.run.ingest import Ingested
from indexer.run.workers import Job, run_jobs
from tests.conftest import corpus_texts


def stuck_in_c(path: str) -> Ingested:
    # A parse inside a C library: no Python signal handler runs, and SIGTERM is blocked too.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})
    time.sleep(120)
    return Ingested(source={"path": path})


def dies(path: str) -> Ingested:
    os.kill(os.getpid(), signal.SIGKILL)
    return Ingested(source={"path": path})


def reads(path: str) -> Ingested:
    from indexer.run.ingest import ingest

    return ingest(path)


def test_a_stuck_file_is_stopped_at_the_bound_and_named_and_the_rest_are_read():
    good = str(corpus_texts()[0])
    stat = {"size": 5, "mtime": 1.0, "ctime_ns": 1, "inode": 1}
    jobs = [Job("/stuck.docx", stuck_in_c, ("/stuck.docx",), stat), Job(good, reads, (good,))]
    started = time.monotonic()
    stuck, read = list(run_jobs(jobs, processes=1, timeout_seconds=1.5))
    assert time.monotonic() - started < 60  # not the 120 s the parse wanted
    assert stuck.error == "处理超时（超过 1.5 秒）：文件过大或结构异常，已跳过"
    assert stuck.source == {"path": "/stuck.docx", **stat}  # remembered as before the attempt
    assert read.error is None and read.records


def test_a_worker_that_dies_costs_its_file_only():
    good = str(corpus_texts()[1])
    died, read = list(run_jobs([Job("/crash.pdf", dies, ("/crash.pdf",)), Job(good, reads, (good,))], 1, 60))
    assert "处理进程异常退出" in died.error
    assert read.error is None and read.records
