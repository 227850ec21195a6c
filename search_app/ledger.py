"""The auditors' ledger: statements (directives and commitments) with their status and follow-ups.

    statements(store, LedgerRequest(q="犬只", status="逾期", sort="deadline"))
    scorecard(store, "东昌府区")
    rows(store, request)         # every matching statement, streamed (exports)

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

The statements live in the catalog (written by the indexer); this module asks the
catalog for them (``Catalog.statements_matching``) and only reads. Directives have no status.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypedDict

from indexer.engines.base import Store
from indexer.faults import EMPTY_NOTICE, IndexEmpty
from indexer.kinds import STATEMENT_VALUES, StatementType
from indexer.lang import text as cjk_text
from indexer.lang.vocabulary import typed_units, unit_ancestors, word_list
from indexer.records import ArticleRecord, IssueRef, StatementRow, TargetRecord
from indexer.store.catalog import STATEMENT_ORDERS, Catalog, StatementQuery
from search_app.search import SearchError, SearchRequest, search

TYPES = STATEMENT_VALUES
STATUSES = ("未到期", "已到期", "逾期")
SORTS = tuple(STATEMENT_ORDERS)  # date, deadline, unit
MAX_PAGE, MAX_SIZE = 1000, 1000
MAX_FOLLOW_UPS = 5
FOLLOW_UP_WORDS = 2  # the longest object words: specific enough, and each costs the query time
EXPORT_BATCH = 500
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A report of what was done (已完成, 累计, 建成…) ranks before a later article that only mentions the object.
PROGRESS = re.compile(r"已|累计|完成了|建成|实现了|共计|截至|全面完成|顺利完成")


class StatementSource(TypedDict):
    path: str
    page: int | None


class LedgerItem(TypedDict):
    """One statement of the ledger (``/api/statements``), before it is judged."""

    article_id: str
    seq: int
    title: str
    date: str | None
    type: str
    speaker: str | None
    unit: str | None
    text: str
    targets: list[TargetRecord]
    addressees: list[str]
    due: str | None
    issue: IssueRef | None
    source: StatementSource


class FollowUp(TypedDict):
    """A later article that reports on a commitment's object; ``evidence`` is its snippet."""

    article_id: str
    title: str
    date: str | None
    score: float | None
    matched: list[str]
    target: str
    evidence: str
    reports_progress: bool


class JudgedItem(LedgerItem):
    status: str | None  # None for directives, and when the request does not judge
    follow_ups: list[FollowUp]


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
            raise SearchError("type", f"参数 type 无效：“{self.type}”，可选 {'、'.join(TYPES)}")
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


def _units_under(catalog: Catalog, unit: str) -> tuple[str, ...]:
    """The statement units at or below ``unit`` (a district's streets and communities too)."""
    wanted = set(typed_units(unit))
    return tuple(u for u in catalog.statement_units() if wanted & set(unit_ancestors(u)))


def _query(catalog: Catalog, request: LedgerRequest) -> StatementQuery:
    """The catalog's query for a (valid) request: a status asks for commitments, due or not by ``today``."""
    return StatementQuery(
        words=tuple(request.q.split()),
        units=_units_under(catalog, request.unit) if request.unit else None,
        type=StatementType.COMMITMENT if request.status else request.type or None,
        nothing=bool(request.status) and request.type == StatementType.DIRECTIVE,  # directives have no status
        date_from=request.date_from or None,
        date_to=request.date_to or None,
        due=("open" if request.status == "未到期" else "passed") if request.status else None,
        today=request.today,
        sort=request.sort,
    )


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
        self.stamp: dict[str, object] = {}
        self.found: dict[tuple, list[FollowUp]] = {}

    def get(self, store: Store, item: LedgerItem, stamp: object) -> list[FollowUp]:
        """``stamp``: the catalog's (``Catalog.stamp``), which changes when the catalog does."""
        key = store.key
        with self.lock:
            if self.stamp.get(key) != stamp:
                self.stamp[key] = stamp
                self.found = {k: v for k, v in self.found.items() if k[0] != key}
            cached = self.found.get((key, item["article_id"], item["seq"]))
        if cached is None:
            cached = find_follow_ups(store, item)
            with self.lock:
                self.found[(key, item["article_id"], item["seq"])] = cached
        return cached


_follow_ups = _FollowUps()


def find_follow_ups(store: Store, item: LedgerItem) -> list[FollowUp]:
    """Later articles under the commitment's unit reporting on a target's object, best first."""
    unit, date = item.get("unit"), item.get("date")
    if not unit or not date or len(date) < 10:
        return []
    after = (dt.date.fromisoformat(date[:10]) + dt.timedelta(days=1)).isoformat()
    phrases = [t.get("text") or "" for t in item["targets"]] or [item["text"]]
    best: dict[str, FollowUp] = {}
    for phrase in phrases:
        words = sorted(object_words(phrase), key=len, reverse=True)[:FOLLOW_UP_WORDS]
        if not words:
            continue
        request = SearchRequest(
            query=" ".join(words),
            filters={"unit": [unit]},
            date_from=after,
            size=MAX_FOLLOW_UPS + 1,
            facets=False,
        )
        for hit in search(store, request)["hits"]:
            if hit["id"] == item["article_id"]:
                continue
            found: FollowUp = {
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


def status_of(item: LedgerItem, today: str, follow_ups: list[FollowUp]) -> str | None:
    if item["type"] != StatementType.COMMITMENT:
        return None
    due = item.get("due")
    if not due or due > today:
        return "未到期"
    return "已到期" if follow_ups else "逾期"


# -- answers -------------------------------------------------------------------------------------------------------


class _Records:
    """Issue, page and addressees of a statement, from the catalog's stored records (one read per source)."""

    KEEP = 32  # sources kept decoded: a page of rows seldom spans more

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_path: dict[str, dict[str, ArticleRecord]] = {}

    def article(self, path: str, article_id: str) -> ArticleRecord | None:
        if path not in self.by_path:
            if len(self.by_path) >= self.KEEP:
                self.by_path.pop(next(iter(self.by_path)))
            self.by_path[path] = {r["id"]: r for r in self.catalog.records(path)}
        return self.by_path[path].get(article_id)


def _item(row: StatementRow, records: _Records) -> LedgerItem:
    record = records.article(row["source_path"], row["article_id"])
    said = (record.get("statements") or [])[row["seq"] : row["seq"] + 1] if record else []
    source = record.get("source") if record else None
    return {
        "article_id": row["article_id"],
        "seq": row["seq"],
        "title": row["title"],
        "date": row["date"],
        "type": row["type"],
        "speaker": row["speaker"],
        "unit": row["unit"],
        "text": row["text"],
        "targets": row["targets"],
        "addressees": said[0].get("addressees", []) if said else [],
        "due": row["due"],
        "issue": record.get("issue") if record else None,
        "source": {"path": row["source_path"], "page": source.get("page") if source else None},
    }


def _with_status(store: Store, item: LedgerItem, today: str, stamp: object) -> JudgedItem:
    due = item.get("due")
    due_passed = item["type"] == StatementType.COMMITMENT and due and due <= today
    follow_ups = _follow_ups.get(store, item, stamp) if due_passed else []
    return {**item, "status": status_of(item, today, follow_ups), "follow_ups": follow_ups}


def _judged(
    store: Store, catalog: Catalog, request: LedgerRequest, rows: list[StatementRow]
) -> Iterator[JudgedItem]:
    records = _Records(catalog)
    stamp = catalog.stamp() if request.judge else None
    for row in rows:
        item = _item(row, records)
        judged: JudgedItem = (
            _with_status(store, item, request.today, stamp)
            if request.judge
            else {**item, "status": None, "follow_ups": []}
        )
        if not request.status or judged["status"] == request.status:
            yield judged


def statements(store: Store, request: LedgerRequest) -> dict:
    request.validate()
    try:
        catalog = store.catalog()
    except IndexEmpty:  # a fresh install: nothing filed yet
        return {
            "total": 0,
            "page": request.page,
            "size": request.size,
            "as_of": request.today,
            "statements": [],
            "notice": EMPTY_NOTICE,
        }
    try:
        offset = (request.page - 1) * request.size
        if request.status in ("已到期", "逾期"):  # judged row by row: page after judging
            query = _query(catalog, request)
            judged = list(_judged(store, catalog, request, catalog.statements_matching(query)))
            total, items = len(judged), judged[offset : offset + request.size]
        else:
            query = _query(catalog, request)
            total = catalog.count_statements(query)
            rows = catalog.statements_matching(query, request.size, offset)
            items = list(_judged(store, catalog, request, rows))
    finally:
        catalog.close()
    return {
        "total": total,
        "page": request.page,
        "size": request.size,
        "as_of": request.today,
        "statements": items,
    }


def rows(store: Store, request: LedgerRequest) -> Iterator[JudgedItem]:
    """Every matching statement in the request's order, batch by batch (no cap: exports stream them all)."""
    request.validate()
    offset = 0
    while True:
        try:
            catalog = store.catalog()
        except IndexEmpty:
            return
        try:
            batch = catalog.statements_matching(_query(catalog, request), EXPORT_BATCH, offset)
            items = list(_judged(store, catalog, request, batch))
        finally:
            catalog.close()
        yield from items
        if len(batch) < EXPORT_BATCH:
            return
        offset += EXPORT_BATCH


def scorecard(store: Store, unit: str, as_of: str | None = None) -> dict:
    """One unit's commitments (its own and those of the units below it): counts by status, with follow-ups."""
    request = LedgerRequest(unit=unit, type=StatementType.COMMITMENT, sort="deadline", as_of=as_of).validate()
    items = list(rows(store, request))
    counts = {status: sum(1 for i in items if i["status"] == status) for status in STATUSES}
    return {
        "unit": typed_units(unit)[0],
        "as_of": request.today,
        "commitments": len(items),
        "not_due": counts["未到期"],
        "due": counts["已到期"],
        "overdue": counts["逾期"],
        "with_follow_ups": sum(1 for i in items if i["follow_ups"]),
        "statements": items,
    }


__all__ = ["STATUSES", "LedgerRequest", "object_words", "rows", "scorecard", "statements", "status_of"]
