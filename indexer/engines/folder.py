"""An index in a folder (the whoosh and tantivy engines), with its catalog, lock and caches beside it.

The engine is chosen when the index is created and recorded in ``engine.json`` in the
folder; every later command reads it. A folder without that file but with Whoosh's files
is a Whoosh index (made before engines could be chosen).

A rebuild is built aside: a hidden sibling folder (``staging``) is filled while the old
index keeps serving, then exchanged with it in one ``renameat2(RENAME_EXCHANGE)``
(``replace_with``), so that readers see the old index or the new one, never none and
never half of one. The old folder stays beside as ``.NAME.replaced`` until the next
rebuild (readers that still hold it keep working).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from pathlib import Path

from indexer.engines.base import EngineReader, EngineWriter, FolderEngine, IndexWriter
from indexer.faults import IndexUnavailable, catalog_missing, index_empty
from indexer.store.catalog import CATALOG_NAME, Catalog
from indexer.store.lock import IndexLock

FOLDER_ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
ENGINE_FILE = "engine.json"
LOCK_NAME = "jianbao.lock"
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def is_index_folder(folder: Path) -> bool:
    """A folder that holds an index (its catalog or its lock): never taken for documents."""
    return (folder / CATALOG_NAME).exists() or (folder / LOCK_NAME).exists()


def folder_engine(name: str) -> FolderEngine:
    if name not in FOLDER_ENGINES:
        raise IndexUnavailable(f"未知的检索引擎：{name}（可选 {'、'.join(FOLDER_ENGINES)}）")
    return import_module(f"indexer.engines.{name}")  # a module is the engine (FolderEngine)


@dataclass(frozen=True)
class FolderStore:
    """An index folder, as given (``shown``) and resolved (``folder``, ``key``)."""

    given: Path
    folder: Path = field(init=False)
    rebuilds_in_place = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "folder", Path(os.path.abspath(self.given)))

    @property
    def shown(self) -> str:
        return str(self.given)

    @cached_property
    def key(self) -> str:
        return str(self.folder.resolve())

    # -- the engine -------------------------------------------------------------------------------------------------

    def engine_name(self) -> str | None:
        meta = self.folder / ENGINE_FILE
        try:
            name = json.loads(meta.read_text(encoding="utf-8"))["engine"]
        except FileNotFoundError:
            return DEFAULT_ENGINE if folder_engine(DEFAULT_ENGINE).exists(self.folder) else None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise IndexUnavailable(f"索引的引擎记录无法读取：{meta}（{error}）") from error
        return str(name)

    def engine_problem(self, engine: str | None) -> str | None:
        if engine is None or engine in FOLDER_ENGINES:
            return None
        return f"--engine {engine} 需要 --dsn postgresql://…（或环境变量 JIANBAO_DSN）"

    def _record_engine(self, name: str) -> None:
        meta = self.folder / ENGINE_FILE
        tmp = meta.with_suffix(".tmp")
        tmp.write_text(json.dumps({"engine": name}) + "\n", encoding="utf-8")
        tmp.replace(meta)

    def exists(self) -> bool:
        name = self.engine_name()
        return name is not None and folder_engine(name).exists(self.folder)

    def holds_an_index(self) -> bool:
        """An index is there, or something that was one (a damaged TOC still counts: opening names it)."""
        try:
            return self.exists()
        except Exception:
            return True

    # -- reading and writing ----------------------------------------------------------------------------------------

    def open_reader(self) -> EngineReader:
        name = self.engine_name()
        if name is None or not folder_engine(name).exists(self.folder):
            if not self.catalog_path.exists():  # nothing was ever indexed here: a fresh install
                raise index_empty(self.shown)
            raise IndexUnavailable(
                f"索引不存在：{self.shown}（目录库还在：可用 jianbao index --rebuild 重建）"
            )
        return folder_engine(name).open_reader(self.folder)

    def lock(self) -> IndexLock:
        return IndexLock(self.folder / LOCK_NAME)

    def writer(self, *, wait_seconds: float, create: bool = False, engine: str | None = None) -> IndexWriter:
        """The writer under the folder's lock. An index found without its catalog is refused (named):
        writing one afresh would forget every source it holds."""
        had_index = self.holds_an_index()
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = self.lock()
        lock.acquire(wait_seconds)
        try:
            writer = IndexWriter(self, self._engine_writer(engine, create), lock)
        except BaseException:
            lock.release()
            raise
        if had_index and not create and not self.catalog_path.exists():
            writer.close()
            raise catalog_missing(self.catalog_path)
        return writer

    def _engine_writer(self, engine: str | None, create: bool) -> EngineWriter:
        """Creating with another engine than the folder's removes the old engine's files once the new one
        exists; opening with another is refused."""
        problem = self.engine_problem(engine)
        if problem:
            raise IndexUnavailable(
                f"{engine} 引擎的索引在数据库中：请用 --dsn postgresql://… 指定数据库，而不是目录"
            )
        current = self.engine_name()
        name = engine or current or DEFAULT_ENGINE
        module = folder_engine(name)
        if current is not None and name != current and not create:
            raise IndexUnavailable(
                f"索引 {self.shown} 使用 {current} 引擎；要改用 {name}，请运行 jianbao index --rebuild --engine {name}"
            )
        if create or current is None or not module.exists(self.folder):
            writer = module.create(self.folder)
            self._record_engine(name)
            if current is not None and current != name:
                folder_engine(current).destroy(self.folder)
            return writer
        return module.open_writer(self.folder)

    def make_durable(self) -> None:
        """fsync the index files and the folder (files unchanged cost nothing); the catalog syncs itself."""
        for entry in os.scandir(self.folder):
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith(CATALOG_NAME):
                _fsync(Path(entry.path))
        _fsync(self.folder)

    # -- what lives beside the index --------------------------------------------------------------------------------

    @property
    def catalog_path(self) -> Path:
        return self.folder / CATALOG_NAME

    def catalog(self, *, writing: bool = False) -> Catalog:
        if not writing and not self.catalog_path.exists() and not self.holds_an_index():
            raise index_empty(self.shown)  # a fresh install: nothing indexed, nothing lost
        return Catalog(self.catalog_path, readonly=not writing)

    def cache_dir(self, name: str) -> Path:
        """Beside the index, not in it: an index deleted and rebuilt from the sources costs no OCR again.
        Hidden, so that indexing the archive folder never takes it for documents."""
        return self.folder.resolve().parent / f".jianbao-{name}-cache"

    # -- a rebuild, aside -------------------------------------------------------------------------------------------

    def staging(self) -> FolderStore:
        """A fresh hidden sibling to build the new index in (what a rebuild that died left is removed)."""
        staging = self.folder.parent / f".{self.folder.name}.rebuilding"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        return FolderStore(staging)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def replaced(self) -> Path:
        return self.folder.parent / f".{self.folder.name}.replaced"

    def replace_with(self, staging: FolderStore) -> None:
        """Put ``staging`` where this index is, at once; the old folder goes to ``.NAME.replaced``."""
        if _exchange(staging.folder, self.folder):
            old = staging.folder
        else:  # a file system without RENAME_EXCHANGE: two renames, a moment without an index
            old = self.folder.parent / f".{self.folder.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.rename(self.folder, old)
            os.rename(staging.folder, self.folder)
        shutil.rmtree(self.replaced, ignore_errors=True)
        os.rename(old, self.replaced)
        _fsync(self.folder.parent)


def _exchange(a: Path, b: Path) -> bool:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
