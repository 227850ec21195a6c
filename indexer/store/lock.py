"""An advisory lock on the index directory that says who holds it."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from datetime import datetime
from pathlib import Path
from typing import TextIO


class IndexBusy(Exception):
    """Another writer holds the index longer than we were willing to wait."""


class IndexLock:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._file: TextIO | None = None

    def acquire(self, wait_seconds: float) -> None:
        deadline = time.monotonic() + max(wait_seconds, 0)
        while True:
            try:
                self._file = open(self.path, "a+", encoding="utf-8")
            except FileNotFoundError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)  # the folder is being swapped by a rebuild this very moment
                continue
            handle = self._file
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if self._is_current():
                    break
                # a rebuild swapped the index folder while we waited: lock the new folder's file
                self._file.close()
                continue
            except BlockingIOError as busy:
                if time.monotonic() >= deadline:
                    holder = self.holder()
                    self._file.close()
                    self._file = None
                    raise IndexBusy(
                        f"索引正被另一写入进程占用（{holder}），已等待 {wait_seconds:g} 秒；请稍后再试"
                    ) from busy
                self._file.close()
                time.sleep(0.2)
        self._file.seek(0)
        self._file.truncate()
        json.dump(
            {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": datetime.now().isoformat(timespec="seconds"),
            },
            self._file,
        )
        self._file.flush()

    def _is_current(self) -> bool:
        """The file we locked is still the one at the path (not a folder moved away by a rebuild)."""
        assert self._file is not None
        try:
            return os.fstat(self._file.fileno()).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False

    def holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            return f"进程 {info.get('pid')}@{info.get('host')}，自 {info.get('since')} 起"
        except (OSError, ValueError):
            return "未知进程"

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
