"""The web server's one writing connection to the catalog: sign-ins, sign-outs and the audit log.

A single thread owns it, so that no request holds a write lock (SQLite's is the whole file's) and
no request waits for one to record what it did: audit events are queued and appended in batches;
a session is opened or closed by a job a request waits for. Rows that cannot be written (a
read-only or full disk) go to stderr as JSON lines, never lost silently.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, ClassVar

from indexer.engines.base import Store
from indexer.faults import IndexUnavailable, index_empty
from indexer.store import audit
from indexer.store.catalog import Catalog

BATCH_SECONDS = 0.5
PRUNE_EVERY_SECONDS = 24 * 3600
WAIT_SECONDS = 35.0  # longer than SQLite's busy timeout: a job is answered or it fails


class CatalogWriter:
    running: ClassVar[set[CatalogWriter]] = set()

    def __init__(self, store: Store, retention_days: int = audit.DEFAULT_RETENTION_DAYS):
        self.store = store
        self.retention_days = retention_days
        self.jobs: queue.Queue[tuple[Callable[[Catalog], Any], Future] | None] = queue.Queue()
        self.events: list[audit.Event] = []
        self.events_lock = threading.Lock()
        self.catalog: Catalog | None = None
        self.last_prune = 0.0
        self.thread = threading.Thread(target=self._loop, name="jianbao-catalog-writer", daemon=True)
        self.thread.start()
        CatalogWriter.running.add(self)

    def call(self, job: Callable[[Catalog], Any]) -> Any:
        """``job(catalog)`` run and committed on the writing connection; its result, or its exception."""
        done: Future = Future()
        self.jobs.put((job, done))
        return done.result(timeout=WAIT_SECONDS)

    def later(self, job: Callable[[Catalog], Any]) -> None:
        """``job(catalog)`` run when the thread gets to it; nobody waits for it (a failure is dropped)."""
        self.jobs.put((job, Future()))

    def record(self, event: audit.Event) -> None:
        """An audit event, appended within BATCH_SECONDS (stamped now, whenever it is written)."""
        with self.events_lock:
            self.events.append(event.stamped())

    def flush(self) -> None:
        """Every event recorded so far is written, or on stderr, when this returns."""
        try:
            self.call(lambda catalog: None)
        except IndexUnavailable:  # no catalog to write to: the events went to stderr
            pass

    def close(self) -> None:
        CatalogWriter.running.discard(self)
        self.jobs.put(None)
        self.thread.join(timeout=WAIT_SECONDS)

    @classmethod
    def close_all(cls) -> None:
        for writer in list(cls.running):
            writer.close()

    # -- the thread ------------------------------------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            try:
                item = self.jobs.get(timeout=BATCH_SECONDS)
            except queue.Empty:
                item = ()  # type: ignore[assignment]
            self._write_events()
            if item is None:
                break
            if item:
                job, done = item
                self._run(job, done)
        if self.catalog is not None:
            self.catalog.close()

    def _open(self) -> Catalog:
        """The catalog of an existing index: a server never makes one where nothing was indexed yet."""
        if self.catalog is None:
            if not self.store.exists():
                raise index_empty(self.store.shown)
            self.catalog = self.store.catalog(writing=True)
        return self.catalog

    def _run(self, job: Callable[[Catalog], Any], done: Future) -> None:
        try:
            catalog = self._open()
            result = job(catalog)
            catalog.commit()
        except BaseException as error:
            self._reset()
            done.set_exception(error)
        else:
            done.set_result(result)

    def _write_events(self) -> None:
        with self.events_lock:
            events, self.events = self.events, []
        if not events:  # the retention is kept when there is something to write
            return
        try:
            catalog = self._open()
            audit.append(catalog, events)
            if time.monotonic() - self.last_prune >= PRUNE_EVERY_SECONDS:
                audit.prune(catalog, self.retention_days)
                self.last_prune = time.monotonic()
            catalog.commit()
        except Exception as error:
            self._reset()
            print(f"审计日志无法写入目录库：{error}", file=sys.stderr)
            for event in events:
                print(json.dumps({"audit": event.as_json()}, ensure_ascii=False), file=sys.stderr)

    def _reset(self) -> None:
        """A failed write leaves no half transaction: the connection is opened again for the next."""
        if self.catalog is not None:
            try:
                self.catalog.close()
            except Exception:
                pass
            self.catalog = None
