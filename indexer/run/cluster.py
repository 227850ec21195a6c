"""Ingest on a Dask cluster: the workers extract, OCR, clean, parse and tokenize; the one writer
stays in the process that runs ``jianbao index``.

Files are read by the workers from a path they all see (a shared mount), or, with
``ship_files``, sent to them as bytes. Results come back in completion order, exactly the
``Ingested`` objects local jobs make, so the writer, the catalog and the summary do not
know where a file was read.

A Dask task runs in a worker thread, where no signal can interrupt it: the per-file time
bound is kept here, on the client, and a worker still busy with a file past its bound is
restarted by its nanny, which kills the stuck process; its other tasks are re-run elsewhere.

A worker loads the jieba dictionary and the OCR sessions once, before its first file: when it
starts, with ``dask worker --preload indexer.run.cluster``, or else when a client connects (the
``WarmWorker`` plugin). Its OCR sessions use its share of the cores it may run on (its CPU
affinity over its threads), not onnxruntime's default of every core of the machine. Files are
handed out largest first (in pages, a scanned page weighing as much as OCR costs), so that no
long scan is left to one worker at the end while the others wait.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.run.ingest import Ingested, failed_source, ingest
from indexer.run.progress import page_weight

try:
    from distributed import WorkerPlugin
except ImportError:  # dask[distributed] is optional: connect() says so when --cluster is used
    WorkerPlugin = object  # type: ignore[assignment,misc,unused-ignore]  # unused where dask is absent (lint)

log = logging.getLogger(__name__)

CONNECT_SECONDS = 10.0
POLL_SECONDS = 0.5


class ClusterUnavailable(Exception):
    """The scheduler cannot be reached, or has no workers."""


@dataclass(frozen=True)
class Shipped:
    """A file sent to a worker as bytes: its name, content and mtime on the writer's machine."""

    path: str
    data: bytes
    mtime: float


def warm_up(worker_threads: int) -> None:
    """Loads, once in this worker process, what every file needs: the jieba dictionary, and the OCR
    sessions with this worker's share of its cores. Never raises: a file then pays the load."""
    from indexer.extract import ocr as ocr_module
    from indexer.lang.segment import segmenter

    ocr_module.set_threads(max(1, ocr_module.usable_cores() // max(1, worker_threads)))
    try:
        segmenter()
        ocr_module.engine()
    except Exception as error:  # an OCR engine missing here fails its scanned files alone
        log.warning("工作进程预加载失败：%s", error)


class WarmWorker(WorkerPlugin):
    """Registered by ``connect``: every worker of the cluster, present or joining, warms up once."""

    name = "jianbao-warm-up"

    def setup(self, worker) -> None:
        warm_up(worker.state.nthreads)


def dask_setup(worker) -> None:
    """``dask worker --preload indexer.run.cluster``: warm up when the worker starts, before any client."""
    warm_up(worker.state.nthreads)


def ingest_on_worker(item: str | Shipped, ocr: bool, ocr_cache: str | None) -> Ingested:
    """Runs on a Dask worker. A shipped file is written to a private temp folder under its own
    name and mtime, read there, and recorded under its path on the writer's machine."""
    if isinstance(item, str):
        return _never_raising(item, ocr, Path(ocr_cache) if ocr_cache else None, recorded_path=None)
    with tempfile.TemporaryDirectory(prefix="jianbao-shipped-") as folder:
        local = Path(folder) / Path(item.path).name
        local.write_bytes(item.data)
        os.utime(local, (item.mtime, item.mtime))
        result = _never_raising(str(local), ocr, None, recorded_path=item.path)
    if result.error:
        result.source = {**result.source, "path": item.path}
    return result


def _never_raising(path: str, ocr: bool, ocr_cache: Path | None, recorded_path: str | None) -> Ingested:
    try:
        return ingest(path, ocr=ocr, ocr_cache=ocr_cache, recorded_path=recorded_path)
    except MemoryError:
        return Ingested(source=failed_source(path), error="内存不足：文件过大或结构异常，已跳过")


def connect(address: str) -> Any:
    """A client of the scheduler at ``address``; a clear error when it is not there or has no workers."""
    try:
        from distributed import Client
    except ImportError as error:
        raise ClusterUnavailable("未安装 dask[distributed]：请先安装后再使用 --cluster") from error
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ClusterUnavailable(f"无法连接 Dask 调度器 {address}：{error}") from error
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        client.close()
        raise ClusterUnavailable(f"Dask 调度器 {address} 上没有可用的工作进程") from error
    client.register_plugin(WarmWorker(), name=WarmWorker.name)  # returns when every worker is warm
    return client


def cluster_stream(
    paths: list[str],
    *,
    address: str,
    ocr: bool,
    timeout_seconds: float,
    ocr_cache: Path | None,
    ship_files: bool,
) -> Iterator[Ingested]:
    """Every path's ``Ingested``, in completion order. No more files are in flight than the
    cluster has threads: a file's time bound then counts from when a worker took it, and
    shipping a large archive never holds more of it in memory than the workers are reading."""
    client = connect(address)
    try:
        yield from _Dispatch(client, paths, ocr, timeout_seconds, ocr_cache, ship_files).results()
    finally:
        client.close()


class _Dispatch:
    def __init__(self, client, paths, ocr, timeout_seconds, ocr_cache, ship_files):
        self.client = client
        # largest last: popped first (ties keep the given order)
        self.todo = sorted(reversed(paths), key=lambda path: page_weight(path, ocr))
        self.ocr, self.timeout_seconds = ocr, timeout_seconds
        # Workers see the writer's OCR cache only through a shared path; shipped files have none.
        self.ocr_cache = None if ship_files or ocr_cache is None else str(ocr_cache)
        self.ship_files = ship_files
        self.running: dict[Any, tuple[str, float]] = {}  # future → (path, when it started)
        self.in_flight = max(1, sum(client.nthreads().values()))

    def results(self) -> Iterator[Ingested]:
        yield from self._fill()
        while self.running:
            for future in self._finished():
                yield self._collect(future)
            yield from self._expired()
            yield from self._fill()

    def _finished(self) -> set:
        from distributed import wait

        with self.client.as_current():
            try:
                done, _ = wait(list(self.running), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:  # nothing finished yet: time to look for files past their bound
                return set()
        return done

    def _fill(self) -> Iterator[Ingested]:
        """Submits files until every thread has one; a file that cannot even be read here is
        its own failure at once."""
        while self.todo and len(self.running) < self.in_flight:
            path = self.todo.pop()
            item = self._item(path)
            if isinstance(item, Ingested):
                yield item
                continue
            future = self.client.submit(ingest_on_worker, item, self.ocr, self.ocr_cache, pure=False)
            self.running[future] = (path, time.monotonic())

    def _item(self, path: str) -> str | Shipped | Ingested:
        if not self.ship_files:
            return path
        try:
            return Shipped(path=path, data=Path(path).read_bytes(), mtime=os.stat(path).st_mtime)
        except OSError as error:
            return Ingested(source=failed_source(path), error=f"无法读取文件：{error.strerror or error}")

    def _collect(self, future) -> Ingested:
        path, _ = self.running.pop(future)
        try:
            return future.result()
        except Exception as error:  # a worker lost or killed mid-file costs that file, not the batch
            return Ingested(
                source=failed_source(path), error=f"集群处理失败：{type(error).__name__}: {error}"
            )

    def _expired(self) -> Iterator[Ingested]:
        now = time.monotonic()
        for future, (path, started) in list(self.running.items()):
            if now - started <= self.timeout_seconds or future.done():
                continue
            del self.running[future]
            self._restart_worker_of(future)
            future.cancel()
            yield Ingested(
                source=failed_source(path),
                error=f"处理超时：超过 {self.timeout_seconds:g} 秒仍未读完（集群工作进程已重启），已跳过",
            )

    def _restart_worker_of(self, future) -> None:
        busy = [w for w, keys in self.client.processing().items() if future.key in keys]
        if busy:
            self.client.restart_workers(busy, raise_for_error=False)
