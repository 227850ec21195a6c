"""Which catalogued sources a ``--prune`` run may forget, so that a share not mounted never empties the index.

The rule, for each root given on the command line:

- a root that does not exist, or cannot be listed, loses nothing; nor does any folder
  under a root that could not be listed;
- a source counts as gone only when the file system says it does not exist (ENOENT),
  never when it cannot be read;
- if more than half (``MAX_SHARE``) of the sources catalogued under a root are gone,
  nothing under that root is removed: an empty or unmounted folder looks exactly like that.

``--force`` lifts the share limit and lets a root that no longer exists be emptied; a folder
that exists but cannot be read is never pruned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from indexer.store.catalog import Catalog

MAX_SHARE = 0.5
RULE = f"（规则：目录缺失或无法列出时不移除其下任何文件；一次最多移除某目录下已索引文件的 {MAX_SHARE:.0%}）"


@dataclass
class RootListing:
    """What listing one root found: whether the root itself, and which folders under it, could be read."""

    given: str
    path: str  # resolved
    state: str  # "listed" | "missing" | "unreadable"
    reason: str = ""
    unreadable: list[str] = field(default_factory=list)  # folders under it that could not be listed
    escaped: list[str] = field(default_factory=list)  # where links under it lead, outside it


@dataclass
class PrunePlan:
    gone: list[str] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # {"path", "reason"}: roots left untouched


def under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _is_gone(path: str) -> bool:
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False  # exists but cannot be looked at: not gone
    return False


def _escapes(path: str) -> bool:
    """The catalogued path no longer names a file of its own: it, or a folder on its way, became a link."""
    return os.path.realpath(path) != path


def plan(listings: list[RootListing], catalog: Catalog, *, force: bool = False) -> PrunePlan:
    result = PrunePlan()
    rows = [row.path for row in catalog.sources()]
    # Files outside every root that links led an older release to index: never the index's to keep.
    escaped = {target for listing in listings for target in listing.escaped}
    result.gone.extend(
        p for p in rows if p in escaped and not any(under(p, listing.path) for listing in listings)
    )
    for listing in listings:
        held = [p for p in rows if under(p, listing.path)]
        if not held:
            continue
        if listing.state == "unreadable" or (listing.state == "missing" and not force):
            result.refused.append(
                {
                    "path": listing.given,
                    "reason": f"未清理：{listing.reason}，其下 {len(held)} 个已索引文件全部保留{RULE}"
                    + ("" if listing.state == "unreadable" else "；该目录确已删除时可加 --force"),
                }
            )
            continue
        gone = [
            p
            for p in held
            if not any(under(p, folder) for folder in listing.unreadable) and (_is_gone(p) or _escapes(p))
        ]
        if len(gone) > MAX_SHARE * len(held) and not force:
            result.refused.append(
                {
                    "path": listing.given,
                    "reason": f"拒绝清理：该目录下已索引的 {len(held)} 个文件中有 {len(gone)} 个找不到了，"
                    f"像是目录未挂载或被清空，全部保留{RULE}；确实已删除时加 --force",
                }
            )
            continue
        result.gone.extend(gone)
    return result


def listing_of(given: str, path: Path) -> RootListing:
    """A root as found before walking it: missing, unreadable, or listed (walk errors are added later)."""
    resolved = os.path.realpath(path)
    if not path.exists():
        return RootListing(given, resolved, "missing", f"{given} 不存在")
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as error:
            return RootListing(given, resolved, "unreadable", f"{given} 无法列出（{error.strerror}）")
    return RootListing(given, resolved, "listed")
