"""Index files as they arrive or change: watchdog events, debounced, through the same batch as
``jianbao index`` (the same incremental rules, the same lock on the index).

Events are gathered until the folders have been quiet for ``debounce`` seconds, so that a file
still being copied, or a burst of a hundred new files, becomes one batch. A deletion makes the
next batch prune what is gone.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from watchdog.events import FileSystemEventHandler

from indexer.engines.base import Store
from indexer.faults import IndexUnavailable
from indexer.run.batch import Options, Summary, run
from indexer.store.lock import IndexBusy

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 2.0


@dataclass
class Pending:
    """Paths seen since the last batch; thread-safe (watchdog calls from its own thread)."""

    changed: set[str] = field(default_factory=set)
    removed: bool = False
    last_event: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, removed: bool = False) -> None:
        with self.lock:
            if removed:
                self.removed = True
            else:
                self.changed.add(path)
            self.last_event = time.monotonic()

    def take_when_quiet(self, debounce: float) -> tuple[list[str], bool] | None:
        with self.lock:
            if not (self.changed or self.removed) or time.monotonic() - self.last_event < debounce:
                return None
            taken, removed = sorted(self.changed), self.removed
            self.changed, self.removed = set(), False
            return taken, removed


def ignored(path: str, store: Store) -> bool:
    """Hidden files, partial downloads, and anything inside the index or its caches (an index
    in a database has no folder among the watched ones)."""
    parts = Path(path).parts
    if any(part.startswith(".") for part in parts[-3:]):
        return True
    if path.endswith((".part", ".crdownload", ".tmp", "~")):
        return True
    if store.folder is None:
        return False
    index_root = store.key
    return path == index_root or path.startswith(index_root + os.sep)


class _Handler(FileSystemEventHandler):
    """A watchdog event handler feeding Pending (only files matter; folders arrive as their files)."""

    def __init__(self, pending: Pending, store: Store):
        super().__init__()
        self.pending, self.store = pending, store

    def dispatch(self, event) -> None:
        if event.is_directory and event.event_type != "deleted":
            return
        kind = event.event_type
        if kind in ("created", "modified", "closed"):
            self._changed(event.src_path)
        elif kind == "moved":
            self.pending.add(event.src_path, removed=True)
            self._changed(event.dest_path)
        elif kind == "deleted":
            self.pending.add(event.src_path, removed=True)

    def _changed(self, path) -> None:
        path = os.fsdecode(path)
        if not ignored(path, self.store) and os.path.isfile(path):
            self.pending.add(str(Path(path).resolve()))


def watch(
    folders: list[str],
    store: Store,
    options: Options,
    report: Callable[[Summary], None],
    debounce: float = DEBOUNCE_SECONDS,
    stop: threading.Event | None = None,
) -> None:
    """Catch up once (as ``jianbao index FOLDER…``), then index each quiet batch of changes until stopped."""
    from watchdog.observers import Observer

    stop = stop or threading.Event()
    pending = Pending()
    observer = Observer()
    handler = _Handler(pending, store)
    for folder in folders:
        observer.schedule(handler, folder, recursive=True)
    observer.start()
    try:
        report(run(folders, store, options))
        while not stop.wait(min(0.5, debounce / 2)):
            taken = pending.take_when_quiet(debounce)
            if taken is None:
                continue
            changed, removed = taken
            changed = [path for path in changed if os.path.isfile(path)]
            try:
                if removed:  # walk the folders again: new files are found, and what is gone is pruned
                    report(run(folders, store, replace(options, prune=True)))
                elif changed:
                    report(run(changed, store, options))
            except (IndexBusy, IndexUnavailable) as error:
                # another writer, a full disk, a read-only mount: say so, and walk everything again at the
                # next quiet moment (watching goes on; the condition may pass)
                log.error("本批未能索引：%s（稍后重试）", error)
                pending.add("", removed=True)
    finally:
        observer.stop()
        observer.join(timeout=5)
