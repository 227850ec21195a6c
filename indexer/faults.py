"""What can be wrong with the stored data, named: the exceptions for an index or catalog that cannot serve.

Every one is an ``IndexUnavailable``: the CLI exits 1 with the message, the web answers 503.
Each message says what is wrong, where, and the way out. ``from_os_error`` and
``from_sqlite_error`` turn the system's errors (ENOSPC, EROFS, a corrupt database) into them,
so that no caller shows a traceback for a full disk or a damaged file.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

FULL_BELOW_BYTES = 1 << 20  # an I/O error with less free space than this is a full disk


class IndexUnavailable(Exception):
    """The index cannot be opened: missing, or damaged (a lost segment after a crash)."""


class IndexEmpty(IndexUnavailable):
    """The index holds no article yet, or was never made (a fresh install): not a fault. Searches answer
    empty with ``EMPTY_NOTICE``; pages show it with the command that fills the index."""


EMPTY_NOTICE = "索引中还没有文章：运行 jianbao index 文档目录… 建立索引（在源码目录中也可运行 make run）"


class IndexDamaged(IndexUnavailable):
    """A file of the index (its TOC, a segment) is lost or unreadable."""


class IndexReadOnly(IndexUnavailable):
    """The index folder (or the catalog in it) cannot be written: a writer cannot start."""


class DiskFull(IndexUnavailable):
    """No space left where the index or the catalog is written."""


class CatalogMissing(IndexUnavailable):
    """The index is there but its catalog is not."""


class CatalogDamaged(IndexUnavailable):
    """The catalog file is not a readable SQLite database, or fails its integrity check."""


_REBUILD_CATALOG = "可运行 jianbao index --rebuild 文档目录… 从源文件重建目录库和索引"


def catalog_missing(path: Path | str) -> CatalogMissing:
    return CatalogMissing(
        f"目录库缺失：{path}（记录来源文件与台账的目录库不在了）；"
        f"索引从未建立时先运行 jianbao index 文档目录…；索引在而目录库丢失时，{_REBUILD_CATALOG}"
    )


def catalog_damaged(path: Path | str, detail: str) -> CatalogDamaged:
    return CatalogDamaged(f"目录库已损坏：{path}（{detail}）；{_REBUILD_CATALOG}")


def index_empty(index_dir: Path | str) -> IndexEmpty:
    return IndexEmpty(f"{EMPTY_NOTICE}（索引位置：{index_dir}）")


def index_damaged(index_dir: Path, detail: str) -> IndexDamaged:
    return IndexDamaged(
        f"索引无法打开：{index_dir}（{detail}）；可用 jianbao index --rebuild 从目录库重建（不读源文件）"
    )


def from_os_error(error: OSError, where: Path | str) -> IndexUnavailable | None:
    """The named fault for a full disk or a read-only place; None for any other OS error."""
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return DiskFull(
            f"磁盘已满：无法写入 {where}（{error.strerror}）；请腾出空间后重试，已写入的内容不受影响"
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return IndexReadOnly(
            f"索引目录不可写：{where}（{error.strerror}）；只读的索引可以检索，但不能更新——请检查挂载与权限"
        )
    return None


def from_sqlite_error(error: sqlite3.Error, path: Path) -> IndexUnavailable | None:
    """The named fault for a catalog that is corrupt, full, read-only or otherwise cannot answer; None for
    a programming error (bad SQL, a wrong parameter), which is a bug to show."""
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return catalog_damaged(path, f"{name}: {error}")
    if name.startswith("SQLITE_FULL"):
        return DiskFull(f"磁盘已满：无法写入目录库 {path}（{error}）；请腾出空间后重试，已写入的内容不受影响")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or name == "SQLITE_IOERR_WRITE":
        return IndexReadOnly(f"目录库不可写：{path}（{name}: {error}）；只读的索引可以检索，但不能更新")
    if name.startswith("SQLITE_IOERR"):
        if _nearly_full(path):
            return DiskFull(
                f"磁盘已满：无法写入目录库 {path}（{name}）；请腾出空间后重试，已写入的内容不受影响"
            )
        return IndexUnavailable(f"目录库读写出错：{path}（{name}: {error}）；请检查磁盘与文件系统")
    if isinstance(error, sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError:
        return IndexUnavailable(
            f"目录库暂不可用：{path}（{name or type(error).__name__}: {error}）；目录库损坏、被占用或无法读取时，"
            f"可用 jianbao index --rebuild 重建，或联系管理员"
        )
    return None


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(Path(path).parent).free < FULL_BELOW_BYTES
    except OSError:
        return False


class RebuildRefused(Exception):
    """A rebuild would replace an index that has articles with one that has none (say --force to allow)."""
