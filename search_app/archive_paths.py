"""Source paths as users see them: relative to the archive root, never the server's absolute path; and the
one rule for reading a source for a request (``servable``)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from indexer.engines.base import Store
from indexer.faults import IndexUnavailable

# Keys of an answer whose values are source paths (records, hits, versions, statements, upload results).
PATH_KEYS = frozenset({"path", "source_path", "duplicate_of"})
# An absolute path inside a message (not the // of a URL or DSN): its folders, then its last name. Each
# class excludes the separator, so matching is linear.
_ABSOLUTE = re.compile(r"(?<![\w.:/])/(?:[^\s/（）()，,；;：:\"'<>]+/)*([^\s/（）()，,；;：:\"'<>]*)")


_ROOTS: dict[str, tuple[float | str, Path]] = {}  # store key → (catalog stamp, root): one read per change


def archive_root(store: Store) -> Path:
    """JIANBAO_ARCHIVE if set; else the index's parent folder (archive/index → archive/) when it holds
    the sources; else the deepest folder that holds every source."""
    given = os.environ.get("JIANBAO_ARCHIVE")
    if given:
        return Path(given).resolve()
    catalog = store.catalog()
    try:
        stamp = catalog.stamp()
        cached = _ROOTS.get(store.key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        paths = catalog.paths()
    finally:
        catalog.close()
    root = _root_of(paths, store)
    _ROOTS[store.key] = (stamp, root)
    return root


def _root_of(paths: list[str], store: Store) -> Path:
    if not paths:
        return Path.cwd() if store.folder is None else store.folder.resolve().parent
    parent = None if store.folder is None else store.folder.resolve().parent  # a database has no folder
    if parent is not None and all(_under(p, parent) for p in paths):
        return parent
    common = Path(os.path.commonpath(paths))
    return common.parent if len(paths) == 1 else common


def public(store: Store, data: Any) -> Any:
    """``shown_paths`` under the store's archive root (file names alone when the catalog cannot say)."""
    try:
        root = archive_root(store)
    except IndexUnavailable:
        root = Path("/nonexistent-archive-root")
    return shown_paths(data, root)


def _under(path: str, folder: Path) -> bool:
    return path.startswith(str(folder).rstrip(os.sep) + os.sep)


def relative(path: str | None, root: Path) -> str:
    """archive/demo/x.pdf → demo/x.pdf; a path outside the root keeps only its file name."""
    if not path:
        return ""
    if _under(path, root):
        return Path(os.path.relpath(path, root)).as_posix()
    return Path(path).name


def servable(path: str | None) -> Path | None:
    """The source to read for a request: the very file that was indexed, or None. Paths are catalogued as
    real paths inside the roots the indexer was given; a path that now resolves elsewhere (the file, or a
    folder on its way, swapped for a link to /etc/passwd or a key beside the archive) is refused, and so is
    one outside JIANBAO_ARCHIVE where that is set."""
    if not path:
        return None
    try:
        real = os.path.realpath(path, strict=True)
    except OSError:  # gone, a loop, unreadable
        return None
    given = os.environ.get("JIANBAO_ARCHIVE")
    if given and not _under(real, Path(os.path.realpath(given))):
        return None
    return Path(path) if real == path and os.path.isfile(real) else None


def shown_paths(data: Any, root: Path) -> Any:
    """An answer with every source path (``PATH_KEYS``) relative to the archive root: JSON never holds the
    server's absolute paths."""
    if isinstance(data, dict):
        return {
            key: relative(value, root)
            if key in PATH_KEYS and isinstance(value, str)
            else shown_paths(value, root)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [shown_paths(item, root) for item in data]
    return data


def without_server_paths(message: str) -> str:
    """A message for a client: each absolute path in it reduced to its last name (the log keeps the whole)."""
    return _ABSOLUTE.sub(lambda match: match.group(1) or "…", message)
