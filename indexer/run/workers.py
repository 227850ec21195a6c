"""Ingest in worker processes that a time bound can really stop.

Untrusted files are read in child processes (pebble's pool). A file still being read at the
per-file bound is stopped by killing its worker — a C-level XML or PDF parse cannot be
interrupted by a signal handler, a killed process always stops — and the pool starts a
fresh worker for the next file. A worker that dies (the OOM killer, a crash in a C
library) costs that file only. Each failure names which limit was hit.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from pebble import ProcessExpired, ProcessPool

from indexer.lang.text import one_line
from indexer.run.ingest import Ingested, failed_source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One file's work: ``call(*args)`` returns its Ingested; ``stat`` is the file before it was read."""

    path: str
    call: Callable[..., Ingested]
    args: tuple = ()
    stat: Mapping[str, Any] | None = field(default=None, compare=False)


def timeout_reason(seconds: float) -> str:
    return f"处理超时（超过 {seconds:g} 秒）：文件过大或结构异常，已跳过"


def run_jobs(jobs: Iterable[Job], processes: int, timeout_seconds: float) -> Iterator[Ingested]:
    """Each job's result in the order given, at most ``2 × processes`` read ahead."""
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:
        return  # no pool to start for nothing
    jobs = itertools.chain([first], jobs)
    with ProcessPool(max_workers=max(1, processes), initializer=_warm_up, initargs=(processes,)) as pool:
        pending: deque[tuple[Job, Future]] = deque()
        for job in jobs:
            pending.append((job, pool.schedule(job.call, args=job.args, timeout=timeout_seconds)))
            if len(pending) >= 2 * max(1, processes):
                yield _outcome(*pending.popleft(), timeout_seconds=timeout_seconds)
        while pending:
            yield _outcome(*pending.popleft(), timeout_seconds=timeout_seconds)


def _outcome(job: Job, future: Future, *, timeout_seconds: float) -> Ingested:
    try:
        return future.result()
    except FutureTimeout:
        return Ingested(source=failed_source(job.path, job.stat), error=timeout_reason(timeout_seconds))
    except ProcessExpired as died:
        return Ingested(
            source=failed_source(job.path, job.stat),
            error=f"处理进程异常退出（退出码 {died.exitcode}，可能内存不足或解析库崩溃），已跳过",
        )
    except MemoryError:
        return Ingested(
            source=failed_source(job.path, job.stat), error="内存不足：文件过大或结构异常，已跳过"
        )
    except Exception as error:  # ingest never raises for a bad file: this is our bug, so keep its trace
        log.error("处理 %s 时出错：%s", one_line(job.path), getattr(error, "traceback", error))
        return Ingested(
            source=failed_source(job.path, job.stat), error=f"处理失败：{type(error).__name__}: {error}"
        )


def _warm_up(processes: int) -> None:
    """Load the segmenters once per worker (a forked worker has them already), not once per file;
    size the worker's OCR sessions to its share of the cores, so that the workers of a --jobs run
    do not each start a thread per core and fight over them."""
    from indexer.extract import ocr as ocr_module
    from indexer.lang.segment import fast_segmenter, segmenter

    ocr_module.set_threads(max(1, ocr_module.usable_cores() // max(1, processes)))

    segmenter()
    fast_segmenter()
