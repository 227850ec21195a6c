"""The one write endpoint: scripts upload a document, which is saved into the archive and indexed.

Off unless configured: the server is read-only until both an upload folder
(``jianbao serve --upload-dir``) and a token (``JIANBAO_UPLOAD_TOKEN``) are given.

- The token is checked as soon as the request's headers are in, before its body is read
  (``admission``, used by search_app.web.serving), and again by the route.
- A file is created exclusively (``O_CREAT | O_EXCL``): two uploads of one name at once
  never overwrite each other; the second gets ``name-1.ext``.
- Saved files are indexed by one writer thread (``UploadIndexer``), in turn. The request is
  answered at once: 202 with a status URL (``/api/uploads/<id>``, ``UploadStatuses``) that says
  queued, then indexed (with the article ids), duplicate (of which file) or failed (why; the file
  is kept). Only the uploader (the upload token) and an admin may read it. A file waits when
  another writer holds the index (a long rebuild), and its status says so. Files left unindexed
  by a stopped server are indexed when it starts again; their statuses live in memory only.
"""

from __future__ import annotations

import hmac
import math
import multiprocessing
import os
import queue
import secrets
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import bottle

from indexer.engines.base import Store
from indexer.run.batch import Options, Summary, run
from indexer.store.lock import IndexBusy
from search_app.archive_paths import shown_paths
from search_app.web.responses import as_json, json_error
from search_app.web.serving import Refusal

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
FRAMING_BYTES = 64 * 1024  # multipart boundaries and part headers around the file
TOKEN_VARIABLE = "JIANBAO_UPLOAD_TOKEN"
PATH = "/api/documents"
STATUS_PATH = "/api/uploads/"  # + the upload's id
QUEUED = "文件已保存，排队等待索引"
WAITING_FOR_INDEX = "文件已保存；索引正被其他写入（如重建）占用，空闲后将自动索引"


class TokenGuesses:
    """Wrong tokens, as a bucket that refills: ``BURST`` at once, then one every ``REFILL_SECONDS``. Once it
    is empty every upload is refused (429, Retry-After) until it refills, the right token too: guessing
    costs time, not a few seconds for thousands. Counted for the server as a whole (behind nginx every
    client has one address)."""

    BURST = 10
    REFILL_SECONDS = 6.0

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.left = float(self.BURST)
        self.at = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.left = min(float(self.BURST), self.left + (now - self.at) / self.REFILL_SECONDS)
        self.at = now

    def wait_seconds(self) -> int:
        """0 while tokens may be tried; else the seconds until the next may."""
        with self.lock:
            self._refill()
            return 0 if self.left >= 1 else math.ceil((1 - self.left) * self.REFILL_SECONDS)

    def wrong(self) -> None:
        with self.lock:
            self._refill()
            self.left = max(0.0, self.left - 1)


@dataclass(frozen=True)
class UploadConfig:
    folder: Path
    token: str
    max_bytes: int = MAX_UPLOAD_BYTES
    guesses: TokenGuesses = field(default_factory=TokenGuesses, compare=False, repr=False)

    @classmethod
    def from_environment(cls, folder: Path | None) -> UploadConfig | None:
        token = os.environ.get(TOKEN_VARIABLE, "")
        if folder is None or not token:
            return None
        if len(token) < 16:
            raise ValueError(f"环境变量 {TOKEN_VARIABLE} 太短：上传令牌至少 16 个字符")
        return cls(Path(folder), token)

    def authorized(self, header: str) -> bool:
        expected = f"Bearer {self.token}"
        return hmac.compare_digest(header.encode("utf-8", "replace"), expected.encode("utf-8"))

    def holds_token(self, header: str) -> bool:
        """The upload token's holder (the uploader), unless wrong guesses have paused its use."""
        return header.startswith("Bearer ") and not self.guesses.wait_seconds() and self.authorized(header)

    def refusal(self, header: str) -> Refusal | None:
        """None for the right token while guessing is allowed; else 429 (too many wrong) or 401."""
        wait = self.guesses.wait_seconds()
        if wait:
            return Refusal(
                429, f"错误令牌过多：上传暂停，请 {wait} 秒后重试", "Authorization", retry_after=wait
            )
        if self.authorized(header):
            return None
        self.guesses.wrong()
        return Refusal(401, "未授权：上传需要有效的令牌（Authorization: Bearer …）", "Authorization")


class BadName(ValueError):
    pass


def checked_name(filename: str) -> str:
    """The file's own name only, or BadName saying why: no folders, no hidden files, and no control,
    format or bidirectional characters (``\\u202etxt.exe`` shows as ``exe.txt``)."""
    name = os.path.basename(filename.replace("\\", "/")).strip()
    if not name:
        raise BadName("文件名为空")
    for char in name:
        category = unicodedata.category(char)
        if category[0] == "C" or category in ("Zl", "Zp"):
            raise BadName(f"文件名含有不可见的控制或格式字符 U+{ord(char):04X}")
    if name.startswith("."):
        raise BadName("文件名不能以“.”开头")
    if len(name.encode("utf-8")) > 200:
        raise BadName("文件名过长（UTF-8 超过 200 字节）")
    return name


def safe_name(filename: str) -> str | None:
    try:
        return checked_name(filename)
    except BadName:
        return None


def admission(config: UploadConfig | None):
    """The rule search_app.web.serving applies once a request's headers are in: (refusal, body limit)."""

    def admit(method: str, path: str, headers: dict, length: int | None):
        if method != "POST" or path != PATH:
            return None, 0
        if config is None:
            return Refusal(405, "服务为只读：上传接口未开启"), 0
        refusal = config.refusal(headers.get("AUTHORIZATION", ""))
        if refusal is not None:
            return refusal, 0
        return None, config.max_bytes + FRAMING_BYTES

    return admit


def create_exclusively(folder: Path, name: str):
    """(path, open binary file) for a new file named ``name`` or ``stem-N.suffix``; never an existing one."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(10_000):
        path = folder / (name if number == 0 else f"{stem}-{number}{suffix}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        return path, os.fdopen(fd, "wb")
    raise FileExistsError(f"同名文件过多：{folder / name}")


@dataclass
class _Job:
    path: str
    future: Future


class UploadIndexer:
    """One writer thread that indexes saved uploads in turn, waiting out other writers.

    The run itself happens in a spawned process: a process forked from this threaded server can
    inherit a lock some other thread held at the fork and wait on it forever; a spawned one starts
    clean, and runs the batch in its main thread, where the per-file time bound works."""

    running: ClassVar[set[UploadIndexer]] = set()  # stopped together when the server stops (stop_all)

    def __init__(self, store: Store, wait_seconds: float = 10.0, retry_seconds: float = 2.0):
        UploadIndexer.running.add(self)
        self.store = store
        self.wait_seconds, self.retry_seconds = wait_seconds, retry_seconds
        self.held_elsewhere = False  # another writer holds the index: queued files wait for it
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="jianbao-upload-indexer", daemon=True)
        self._thread.start()

    def submit(self, path: str) -> Future:
        job = _Job(path, Future())
        self._jobs.put(job)
        return job.future

    def close(self) -> None:
        self._jobs.put(None)

    def stop(self) -> None:
        """The server stops (Ctrl+C, SIGTERM): the run's process ends now, so that neither it nor
        multiprocessing's resource tracker outlives the server. A file it was indexing is indexed at the
        next start (the catch-up of the upload folder)."""
        UploadIndexer.running.discard(self)
        self.close()
        for process in list(getattr(self._pool, "_processes", {}).values()):  # the executor names no API
            process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)

    @classmethod
    def stop_all(cls) -> None:
        for indexer in list(cls.running):
            indexer.stop()

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                return
            jobs = [job]
            while not self._jobs.empty():  # whatever else arrived meanwhile goes in the same run
                more = self._jobs.get()
                if more is None:
                    self._jobs.put(None)
                    break
                jobs.append(more)
            self._index(jobs)

    def _index(self, jobs: list[_Job]) -> None:
        while True:
            try:
                options = Options(wait_seconds=self.wait_seconds)
                summary = self._pool.submit(run, [job.path for job in jobs], self.store, options).result()
            except IndexBusy:
                # the files are saved; they wait for the writer, not the client
                self.held_elsewhere = True
                time.sleep(self.retry_seconds)
                continue
            except BrokenProcessPool as error:
                # the run's process died (memory): a fresh one for the next files
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
                for job in jobs:
                    job.future.set_exception(error)
                return
            except Exception as error:  # the error goes back to every waiting request
                print(f"上传文件索引失败：{error!r}", file=sys.stderr)
                for job in jobs:
                    job.future.set_exception(error)
                return
            self.held_elsewhere = False
            for job in jobs:
                job.future.set_result(summary)
            return


def result_of(path: str, summary: Summary, store: Store) -> dict:
    """What became of one uploaded file in an indexing run: indexed (its articles), duplicate, failed."""
    failed = [f for f in summary.failed if f["path"] == path]
    duplicates = [d for d in summary.duplicates if d["path"] == path]
    if failed:
        return {"status": "failed", "reason": failed[0]["reason"]}
    if duplicates:
        return {"status": "duplicate", "duplicate_of": duplicates[0]["duplicate_of"]}
    with store.catalog() as catalog:
        articles = [record["id"] for record in catalog.records(path)]
    return {"status": "indexed", "articles": articles}


class UploadStatuses:
    """What became of each upload since the server started, by the id its 202 answer named."""

    def __init__(self, indexer: UploadIndexer, store: Store):
        self.indexer, self.store = indexer, store
        self.lock = threading.Lock()
        self.by_id: dict[str, dict] = {}

    def track(self, path: str) -> str:
        """A new id for a saved file, queued for indexing; its status follows the run."""
        upload_id = secrets.token_urlsafe(12)
        with self.lock:
            self.by_id[upload_id] = {"id": upload_id, "path": path, "status": "queued"}
        self.indexer.submit(path).add_done_callback(lambda done: self._finished(upload_id, path, done))
        return upload_id

    def _finished(self, upload_id: str, path: str, done: Future) -> None:
        try:
            outcome = result_of(path, done.result(), self.store)
        except Exception as error:  # the run itself failed: the file is kept, indexed at the next start
            outcome = {"status": "failed", "reason": f"索引失败：{error!r}"}
        with self.lock:
            self.by_id[upload_id].update(outcome)

    def get(self, upload_id: str) -> dict | None:
        with self.lock:
            status = dict(self.by_id[upload_id]) if upload_id in self.by_id else None
        if status is not None and status["status"] == "queued":
            status["message"] = WAITING_FOR_INDEX if self.indexer.held_elsewhere else QUEUED
        return status


def upload_document(store: Store, config: UploadConfig, statuses: UploadStatuses):
    refused = config.refusal(bottle.request.get_header("Authorization", ""))
    if refused is not None:
        answer = json_error(refused.code, refused.body, refused.parameter)
        if refused.retry_after:
            answer.set_header("Retry-After", str(refused.retry_after))
        return answer
    if (bottle.request.content_length or 0) > config.max_bytes + FRAMING_BYTES:
        return json_error(413, f"文件过大：上传上限为 {config.max_bytes // (1024 * 1024)} MB", "file")
    try:
        upload = bottle.request.files.get("file")
    except ValueError as error:  # bottle's multipart parser refuses control characters in part headers
        return json_error(400, f"文件名无效：上传内容的头部无法解析（{error}）", "file")
    if upload is None:
        return json_error(400, "缺少文件：请以 multipart/form-data 的 file 字段上传", "file")
    try:
        name = checked_name(upload.raw_filename or "")
    except BadName as error:
        return json_error(400, f"文件名无效：{error}", "file")
    folder = config.folder / time.strftime("%Y-%m")
    path, out = create_exclusively(folder, name)
    with out:
        upload.save(out)
    upload_id = statuses.track(str(path))
    status_url = STATUS_PATH + upload_id
    body = {**(statuses.get(upload_id) or {}), "status_url": status_url, "index": store.shown}
    answer = as_json(shown_paths(body, config.folder.resolve()), status=202)  # within the upload folder
    answer.set_header("Location", status_url)
    return answer


def upload_status(config: UploadConfig, statuses: UploadStatuses, upload_id: str):
    """An upload's status; 404 for an id this server never gave (or gave to no one who may ask)."""
    status = statuses.get(upload_id)
    if status is None:
        return json_error(404, f"没有编号为“{upload_id}”的上传", "id")
    return as_json(shown_paths(status, config.folder.resolve()))
