"""One issue in several files: the same edition (series, number, date) with matching text.

The same briefing issue often arrives as .txt, .pdf and .docx; their bytes differ, so
the content hash does not see it. An edition is known by its series, issue number and
date (a news report by its paper, date and headline); two files of one edition whose
texts match in files of different formats (the same words once layout, spaces and punctuation are set aside: a
digital PDF and its .txt read the same) are versions of one set of articles. The first
file indexed keeps the articles; the others stay in the catalog as duplicates of it
(status ``duplicate``), and search shows them as the hit's other versions.

The module keeps its own small table in the catalog database (``editions``): which
indexed source holds which edition, so a new file is compared with one candidate, not
with the whole archive.
"""

from __future__ import annotations

import json
import re
import sqlite3

_NOT_TEXT = re.compile(r"[\s\W_]+")
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS editions (path TEXT PRIMARY KEY, key TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS editions_key ON editions(key)",
)


def _ensure(db: sqlite3.Connection) -> None:
    # One statement at a time: executescript would commit the batch's open transaction.
    for statement in SCHEMA:
        db.execute(statement)


def edition_key(records: list[dict]) -> str | None:
    """series | number | date of the issue the records come from, None without all three
    (a news report: paper | date | headline)."""
    if not records:
        return None
    issue = records[0].get("issue") or {}
    series, number, date = issue.get("series"), issue.get("number"), issue.get("date")
    if not series or not date:
        return None
    if number is None:
        if records[0].get("kind") != "news":
            return None
        number = records[0].get("title")
    flat = _NOT_TEXT.sub("", str(series))
    return json.dumps([flat, number, date], ensure_ascii=False)


def _words(records: list[dict]) -> str:
    return _NOT_TEXT.sub("", "".join(r.get("title", "") + r.get("text", "") for r in records))


def same_text(ours: list[dict], theirs: list[dict]) -> bool:
    """The same words in the same order, whatever the layout, spaces and punctuation: a
    corrected reissue (one phrase changed) is another file's articles, not a version."""
    a, b = _words(ours), _words(theirs)
    return bool(a) and a == b


def version_of(db: sqlite3.Connection, source: dict, records: list[dict], stored) -> str | None:
    """The indexed source of another format that already holds this edition with matching
    text, else None. ``stored(path)`` gives a source's stored records (the catalog's).
    Two files of one format are two files (a copy edited or not), never versions."""
    key = edition_key(records)
    if key is None:
        return None
    _ensure(db)
    rows = db.execute(
        "SELECT e.path FROM editions e JOIN sources s ON s.path = e.path"
        " WHERE e.key = ? AND e.path != ? AND s.status = 'indexed' AND coalesce(s.format, '') != ?"
        " ORDER BY e.path",
        (key, source["path"], source.get("format") or ""),
    ).fetchall()
    return next((row[0] for row in rows if same_text(records, stored(row[0]))), None)


def remember(db: sqlite3.Connection, path: str, records: list[dict]) -> None:
    """Note the edition an indexed source holds (or that it holds none any more)."""
    _ensure(db)
    key = edition_key(records)
    db.execute("DELETE FROM editions WHERE path = ?", (path,))
    if key is not None:
        db.execute("INSERT INTO editions (path, key) VALUES (?, ?)", (path, key))


def versions_of(db: sqlite3.Connection, paths: list[str]) -> dict[str, list[dict]]:
    """The other files of each source (same bytes or same edition), by source path."""
    found: dict[str, list[dict]] = {p: [] for p in paths}
    if not paths:
        return found
    rows = db.execute(
        f"SELECT path, format, duplicate_of FROM sources WHERE status = 'duplicate'"
        f" AND duplicate_of IN ({','.join('?' * len(paths))}) ORDER BY path",
        paths,
    ).fetchall()
    for path, fmt, original in rows:
        found[original].append({"path": path, "format": fmt})
    return found
