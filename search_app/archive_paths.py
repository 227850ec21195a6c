"""Source paths as users see them: relative to the archive root, never the server's absolute path."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.engines.base import Store


def archive_root(store: Store) -> Path:
    """JIANBAO_ARCHIVE if set; else the index's parent folder (archive/index → archive/) when it holds
    the sources; else the deepest folder that holds every source."""
    given = os.environ.get("JIANBAO_ARCHIVE")
    if given:
        return Path(given).resolve()
    catalog = store.catalog()
    try:
        paths = catalog.paths()
    finally:
        catalog.close()
    if not paths:
        return Path.cwd() if store.folder is None else store.folder.resolve().parent
    parent = None if store.folder is None else store.folder.resolve().parent  # a database has no folder
    if parent is not None and all(_under(p, parent) for p in paths):
        return parent
    common = Path(os.path.commonpath(paths))
    return common.parent if len(paths) == 1 else common


def _under(path: str, folder: Path) -> bool:
    return path.startswith(str(folder).rstrip(os.sep) + os.sep)


def relative(path: str | None, root: Path) -> str:
    """archive/demo/x.pdf → demo/x.pdf; a path outside the root keeps only its file name."""
    if not path:
        return ""
    if _under(path, root):
        return Path(os.path.relpath(path, root)).as_posix()
    return Path(path).name
