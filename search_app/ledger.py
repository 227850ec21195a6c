"""The auditors' ledger: statements (directives and commitments) with their status and follow-ups.

    statements(index_dir, LedgerRequest(q="犬只", status="逾期", sort="deadline"))
    scorecard(index_dir, "东昌府区")
    rows(index_dir, request)         # every matching statement, streamed (exports)

A commitment's due date is the earliest due date of its targets. Its status, as of a
date (today unless the request says ``as_of``):

- 未到期: not yet due, or no deadline at all (nothing has fallen due);
- 已到期: due, and later articles about its unit report on its object (follow-ups);
- 逾期: due, and no follow-up.

A follow-up is a later article (after the commitment's date) filed under the
commitment's unit or one below it, that contains the words of a target's object
(the target phrase without numbers, measures and generic verbs), found through the
one search function and ranked: reports of progress (已完成, 累计, 建成…) first, then by
score; its snippet is the evidence.

The statements live in the catalog (written by the indexer); this module receives
the catalog's connection and only reads it. Directives have no status.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer import text as cjk_text
from indexer.catalog import Catalog
from indexer.vocabulary import normalize_unit, unit_ancestors, word_list
from search_app.search import SearchError, SearchRequest, search

TYPES = ("directive", "commitment")
STATUSES = ("未到期", "已到期", "逾期")
SORTS = {
    "date": "date DESC, article_id, seq",
    "deadline": "due IS NULL, due, date DESC, article_id, seq",
    "unit": "unit IS NULL, unit, date DESC, article_id, seq",
}
MAX_PAGE, MAX_SIZE = 1000, 1000
MAX_FOLLOW_UPS = 5
FOLLOW_UP_WORDS = 2  # the longest object words: specific enough, and each costs the query time
EXPORT_BATCH = 500
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A report of what was done (已完成, 累计, 建成…) ranks before a later article that only mentions the object.
PROGRESS = re.compile(r"已|累计|完成了|建成|实现了|共计|截至|全面完成|顺利完成")
_LIKE_ESCAPE = re.compile(r"([%_\\])")
DUE_SQL = "(SELECT min(json_extract(value, '$.due')) FROM json_each(targets))"


@dataclass
class LedgerRequest:
    q: str = ""  # words within the statement's text, all required
    unit: str | None = None  # the statement's own unit, or one below it
    type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "date"
    page: int = 1
    size: int = 50
    as_of: str | None = None  # the date statuses are judged at (today)
    judge: bool = True  # False: no status and no follow-ups (a unit's timeline lists, it does not judge)

    def validate(self) -> LedgerRequest:
        if self.type not in (None, "", *TYPES):
            raise SearchError("type", f"参数 type 无效：“{self.type}”，可选 directive、commitment")
        if self.status not in (None, "", *STATUSES):
            raise SearchError("status", f"参数 status 无效：“{self.status}”，可选 未到期、已到期、逾期")
        if self.status and not self.judge:
            raise SearchError("status", "按状态筛选须判断状态")
        if self.sort not in SORTS:
            raise SearchError("sort", f"参数 sort 无效：“{self.sort}”，可选 date、deadline、unit")
        for name, value in (("from", self.date_from), ("to", self.date_to), ("as_of", self.as_of)):
            if value and not _valid_date(value):
                raise SearchError(name, f"参数 {name} 须为日期 YYYY-MM-DD，收到“{value}”")
        if not 1 <= self.page <= MAX_PAGE:
            raise SearchError("page", f"参数 page 须在 1 到 {MAX_PAGE} 之间")
        if not 1 <= self.size <= MAX_SIZE:
            raise SearchError("size", f"参数 size 须在 1 到 {MAX_SIZE} 之间")
        return self

    @property
    def today(self) -> str:
        return self.as_of or dt.date.today().isoformat()


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# -- the query over the catalog ------------------------------------------------------------------------------------


def _units_under(db, unit: str) -> list[str]:
    """The statement units at or below ``unit`` (a district's streets and communities too)."""
    wanted = normalize_unit(unit)
    known = [r[0] for r in db.execute("SELECT DISTINCT unit FROM statements WHERE unit IS NOT NULL")]
    return [u for u in known if wanted in unit_ancestors(u)]


def _where(db, request: LedgerRequest) -> tuple[str, list]:
    where, args = [], []
    for word in request.q.split():
        where.append("text LIKE ? ESCAPE '\\'")
        args.append("%" + _LIKE_ESCAPE.sub(r"\\\1", word) + "%")
    if request.unit:
        units = _units_under(db, request.unit)
        where.append(f"unit IN ({','.join('?' * len(units))})" if units else "0")
        args += units
    kind = "commitment" if request.status else request.type
    if request.status and request.type == "directive":
        where.append("0")  # directives have no status
    elif kind:
        where.append("type = ?")
        args.append(kind)
    if request.date_from:
        where.append("date >= ?")
        args.append(request.date_from)
    if request.date_to:
        where.append("date <= ?")
        args.append(request.date_to)
    if request.status == "未到期":
        where.append(f"({DUE_SQL} IS NULL OR {DUE_SQL} > ?)")
        args.append(request.today)
    elif request.status:
        where.append(f"{DUE_SQL} <= ?")
        args.append(request.today)
    return (" WHERE " + " AND ".join(where)) if where else "", args


def _select(db, request: LedgerRequest, limit: int | None, offset: int = 0) -> list:
    clause, args = _where(db, request)
    sql = f"SELECT *, {DUE_SQL} AS due FROM statements{clause} ORDER BY {SORTS[request.sort]}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args = args + [limit, offset]
    return db.execute(sql, args).fetchall()


def _count(db, request: LedgerRequest) -> int:
    clause, args = _where(db, request)
    return db.execute(f"SELECT count(*) FROM statements{clause}", args).fetchone()[0]


# -- follow-ups and status ---------------------------------------------------------------------------------------


def object_words(phrase: str) -> list[str]:
    """The words a follow-up must report on: the phrase without numbers, measures and generic verbs."""
    generic = set(word_list("ledger_generic_words"))
    words = [w for w in cjk_text.words(phrase) if len(w) > 1 and not re.search(r"\d", w) and w not in generic]
    return list(dict.fromkeys(words))


class _FollowUps:
    """Follow-ups per commitment, remembered until the catalog changes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: dict[str, float] = {}
        self.found: dict[tuple, list[dict]] = {}

    def get(self, index_dir: Path, item: dict) -> list[dict]:
        key = str(Path(index_dir).resolve())
        stamp = _catalog_stamp(index_dir)
        with self.lock:
            if self.stamp.get(key) != stamp:
                self.stamp[key] = stamp
                self.found = {k: v for k, v in self.found.items() if k[0] != key}
            cached = self.found.get((key, item["article_id"], item["seq"]))
        if cached is None:
            cached = find_follow_ups(index_dir, item)
            with self.lock:
                self.found[(key, item["article_id"], item["seq"])] = cached
        return cached


_follow_ups = _FollowUps()


def _catalog_stamp(index_dir: Path) -> float:
    stamps = [p.stat().st_mtime for p in Path(index_dir).glob("catalog.sqlite*") if p.exists()]
    return max(stamps, default=0.0)


def find_follow_ups(index_dir: Path, item: dict) -> list[dict]:
    """Later articles under the commitment's unit reporting on a target's object, best first."""
    if not item.get("unit") or not item.get("date") or len(item["date"]) < 10:
        return []
    after = (dt.date.fromisoformat(item["date"][:10]) + dt.timedelta(days=1)).isoformat()
    phrases = [t.get("text") or "" for t in item["targets"]] or [item["text"]]
    best: dict[str, dict] = {}
    for phrase in phrases:
        words = sorted(object_words(phrase), key=len, reverse=True)[:FOLLOW_UP_WORDS]
        if not words:
            continue
        request = SearchRequest(
            query=" ".join(words),
            filters={"unit": [item["unit"]]},
            date_from=after,
            size=MAX_FOLLOW_UPS + 1,
            facets=False,
        )
        for hit in search(index_dir, request)["hits"]:
            if hit["id"] == item["article_id"]:
                continue
            found = {
                "article_id": hit["id"],
                "title": hit["title"],
                "date": hit.get("date"),
                "score": hit.get("score"),
                "matched": words,
                "target": phrase,
                "evidence": hit.get("snippet") or "",
                "reports_progress": bool(PROGRESS.search(re.sub(r"<[^>]+>", "", hit.get("snippet") or ""))),
            }
            if hit["id"] not in best or (found["score"] or 0) > (best[hit["id"]]["score"] or 0):
                best[hit["id"]] = found
    ranked = sorted(
        best.values(), key=lambda f: (not f["reports_progress"], -(f["score"] or 0), f["date"] or "")
    )
    return ranked[:MAX_FOLLOW_UPS]


def status_of(item: dict, today: str, follow_ups: list[dict]) -> str | None:
    if item["type"] != "commitment":
        return None
    if not item.get("due") or item["due"] > today:
        return "未到期"
    return "已到期" if follow_ups else "逾期"


# -- answers -------------------------------------------------------------------------------------------------------


class _Records:
    """Issue, page and addressees of a statement, from the catalog's stored records (one read per source)."""

    KEEP = 32  # sources kept decoded: a page of rows seldom spans more

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_path: dict[str, dict[str, dict]] = {}

    def article(self, path: str, article_id: str) -> dict:
        if path not in self.by_path:
            if len(self.by_path) >= self.KEEP:
                self.by_path.pop(next(iter(self.by_path)))
            self.by_path[path] = {r["id"]: r for r in self.catalog.records(path)}
        return self.by_path[path].get(article_id, {})


def _item(row, records: _Records) -> dict:
    record = records.article(row["source_path"], row["article_id"])
    said = (record.get("statements") or [])[row["seq"] : row["seq"] + 1]
    source = record.get("source") or {}
    return {
        "article_id": row["article_id"],
        "seq": row["seq"],
        "title": row["title"],
        "date": row["date"],
        "type": row["type"],
        "speaker": row["speaker"],
        "unit": row["unit"],
        "text": row["text"],
        "targets": json.loads(row["targets"] or "[]"),
        "addressees": said[0].get("addressees", []) if said else [],
        "due": row["due"],
        "issue": record.get("issue"),
        "source": {"path": row["source_path"], "page": source.get("page")},
    }


def _with_status(index_dir: Path, item: dict, today: str) -> dict:
    due_passed = item["type"] == "commitment" and item.get("due") and item["due"] <= today
    follow_ups = _follow_ups.get(index_dir, item) if due_passed else []
    return {**item, "status": status_of(item, today, follow_ups), "follow_ups": follow_ups}


def _judged(index_dir: Path, catalog: Catalog, request: LedgerRequest, rows) -> Iterator[dict]:
    records = _Records(catalog)
    for row in rows:
        item = _item(row, records)
        item = (
            _with_status(index_dir, item, request.today)
            if request.judge
            else {**item, "status": None, "follow_ups": []}
        )
        if not request.status or item["status"] == request.status:
            yield item


def statements(index_dir: Path, request: LedgerRequest) -> dict:
    request.validate()
    catalog = Catalog.beside(index_dir)
    try:
        offset = (request.page - 1) * request.size
        if request.status in ("已到期", "逾期"):  # judged row by row: page after judging
            judged = list(_judged(index_dir, catalog, request, _select(catalog.db, request, None)))
            total, items = len(judged), judged[offset : offset + request.size]
        else:
            total = _count(catalog.db, request)
            rows = _select(catalog.db, request, request.size, offset)
            items = list(_judged(index_dir, catalog, request, rows))
    finally:
        catalog.close()
    return {
        "total": total,
        "page": request.page,
        "size": request.size,
        "as_of": request.today,
        "statements": items,
    }


def rows(index_dir: Path, request: LedgerRequest) -> Iterator[dict]:
    """Every matching statement in the request's order, batch by batch (no cap: exports stream them all)."""
    request.validate()
    offset = 0
    while True:
        catalog = Catalog.beside(index_dir)
        try:
            batch = _select(catalog.db, request, EXPORT_BATCH, offset)
            items = list(_judged(index_dir, catalog, request, batch))
        finally:
            catalog.close()
        yield from items
        if len(batch) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH


def scorecard(index_dir: Path, unit: str, as_of: str | None = None) -> dict:
    """One unit's commitments (its own and those of the units below it): counts by status, with follow-ups."""
    request = LedgerRequest(unit=unit, type="commitment", sort="deadline", as_of=as_of).validate()
    items = list(rows(index_dir, request))
    counts = {status: sum(1 for i in items if i["status"] == status) for status in STATUSES}
    return {
        "unit": normalize_unit(unit),
        "as_of": request.today,
        "commitments": len(items),
        "not_due": counts["未到期"],
        "due": counts["已到期"],
        "overdue": counts["逾期"],
        "with_follow_ups": sum(1 for i in items if i["follow_ups"]),
        "statements": items,
    }


__all__ = ["STATUSES", "LedgerRequest", "object_words", "rows", "scorecard", "statements", "status_of"]
