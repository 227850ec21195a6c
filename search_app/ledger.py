"""The auditors' ledger: statements (directives and commitments) with their status and follow-ups.

    statements(store, LedgerRequest(q="犬只", status="逾期", sort="deadline"))
    scorecard(store, "东昌府区")
    rows(store, request)         # every matching statement, streamed (exports)

A commitment's due date is the earliest due date of its targets. Its status, as of a
date (today unless the request says ``as_of``; the values have their home in ``indexer.kinds``):

- 无期限: no deadline at all (it can never fall due);
- 未到期: due after that date;
- 已到期: due, and later articles about its unit, dated by then, report on its object (follow-ups);
- 逾期: due, and no follow-up.

A follow-up (``indexer.follow_ups``) is found when statements are indexed and stored in the catalog:
this module only reads the catalog (``Catalog.statements_matching``, ``Catalog.follow_ups_of``), never
searches, so a status filter and its total are one SQL query at any archive size. A viewer's store
(``indexer.store.scoped``) counts and shows only the follow-ups whose article the viewer may see.
Directives have no status.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import Literal, TypedDict

from indexer.engines.base import Store
from indexer.faults import EMPTY_NOTICE, IndexEmpty
from indexer.follow_ups import FOLLOW_UPS_VERSION
from indexer.kinds import (
    DUE_REPORTED,
    NO_DEADLINE,
    NOT_DUE,
    OVERDUE,
    STATEMENT_STATUSES,
    STATEMENT_VALUES,
    StatementType,
)
from indexer.lang.vocabulary import typed_units, unit_ancestors
from indexer.records import IssueRef, StatementRow, TargetRecord
from indexer.store.catalog import STATEMENT_ORDERS, Catalog, StatementQuery
from search_app.search import SearchError

TYPES = STATEMENT_VALUES
STATUSES = STATEMENT_STATUSES
SORTS = tuple(STATEMENT_ORDERS)  # date, deadline, unit
MAX_PAGE, MAX_SIZE = 1000, 1000
MAX_FOLLOW_UPS = 5
EXPORT_BATCH = 500
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Each status as the catalog's query asks for it: (due, followed).
_STATUS_QUERY: dict[str, tuple[Literal["none", "open", "passed"], bool | None]] = {
    NO_DEADLINE: ("none", None),
    NOT_DUE: ("open", None),
    DUE_REPORTED: ("passed", True),
    OVERDUE: ("passed", False),
}
# An index of an older release, read before its next ``jianbao index`` brought its catalog up to date.
NOT_UP_TO_DATE = "台账需要更新：运行一次 jianbao index（不重新读取文件），之后即可按到期、逾期与后续报道查看"


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
    """A later article that reports on a commitment's object; ``evidence`` is its passage, words marked."""

    article_id: str
    title: str
    date: str | None
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
            raise SearchError("status", f"参数 status 无效：“{self.status}”，可选 {'、'.join(STATUSES)}")
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
    """The catalog's query for a (valid) request: a status asks for commitments, due or not by ``today``,
    followed up by then or not."""
    due, followed = _STATUS_QUERY[request.status] if request.status else (None, None)
    return StatementQuery(
        words=tuple(request.q.split()),
        units=_units_under(catalog, request.unit) if request.unit else None,
        type=StatementType.COMMITMENT if request.status else request.type or None,
        nothing=bool(request.status) and request.type == StatementType.DIRECTIVE,  # directives have no status
        date_from=request.date_from or None,
        date_to=request.date_to or None,
        due=due,
        followed=followed,
        today=request.today,
        sort=request.sort,
    )


def ledger_units(store: Store) -> list[str]:
    """The units statements bind, with the units above them: what the ledger's unit filter offers (from the
    catalog, so the ledger's page asks the engine nothing)."""
    try:
        catalog = store.catalog()
    except IndexEmpty:
        return []
    try:
        bound = catalog.statement_units()
    finally:
        catalog.close()
    return sorted({above for unit in bound for above in unit_ancestors(unit)})


# -- follow-ups and status ---------------------------------------------------------------------------------------


def status_of(item: LedgerItem, today: str, follow_ups: list[FollowUp]) -> str | None:
    """None for a directive; ``follow_ups``: the commitment's, dated by ``today``."""
    if item["type"] != StatementType.COMMITMENT:
        return None
    due = item.get("due")
    if not due:
        return NO_DEADLINE
    if due > today:
        return NOT_DUE
    return DUE_REPORTED if follow_ups else OVERDUE


def _follow_up(stored: dict) -> FollowUp:
    return {
        "article_id": stored["follow_id"],
        "title": stored["follow_title"],
        "date": stored["follow_date"],
        "matched": stored["matched"],
        "target": stored["target"] or "",
        "evidence": _marked(stored["evidence"] or "", stored["matched"]),
        "reports_progress": stored["progress"],
    }


def _marked(passage: str, words: list[str]) -> str:
    """HTML: the passage escaped, each of the words marked where it stands."""
    if not words:
        return escape(passage)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    out, cursor = [], 0
    for match in pattern.finditer(passage):
        out.append(escape(passage[cursor : match.start()]) + f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    return "".join(out) + escape(passage[cursor:])


# -- answers -------------------------------------------------------------------------------------------------------


def _item(row: StatementRow) -> LedgerItem:
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
        "addressees": row["addressees"],
        "due": row["due"],
        "issue": row["issue"],
        "source": {"path": row["source_path"], "page": row["page"]},
    }


def _judged(catalog: Catalog, request: LedgerRequest, rows: list[StatementRow]) -> Iterator[JudgedItem]:
    commitments = [(r["article_id"], r["seq"]) for r in rows if r["type"] == StatementType.COMMITMENT]
    stored = catalog.follow_ups_of(commitments, request.today) if request.judge and commitments else {}
    for row in rows:
        item = _item(row)
        if not request.judge:
            yield {**item, "status": None, "follow_ups": []}
            continue
        follow_ups = [_follow_up(f) for f in stored.get((row["article_id"], row["seq"]), [])]
        status = status_of(item, request.today, follow_ups)
        yield {**item, "status": status, "follow_ups": follow_ups[:MAX_FOLLOW_UPS]}


def statements(store: Store, request: LedgerRequest) -> dict:
    request.validate()
    try:
        catalog = store.catalog()
    except IndexEmpty:  # a fresh install: nothing filed yet
        return {**_nothing(request), "notice": EMPTY_NOTICE}
    try:
        if catalog.follow_ups_version() != FOLLOW_UPS_VERSION:
            return {**_nothing(request), "notice": NOT_UP_TO_DATE}
        query = _query(catalog, request)
        total = catalog.count_statements(query)
        rows = catalog.statements_matching(query, request.size, (request.page - 1) * request.size)
        items = list(_judged(catalog, request, rows))
    finally:
        catalog.close()
    return {**_nothing(request), "total": total, "statements": items}


def _nothing(request: LedgerRequest) -> dict:
    return {"total": 0, "page": request.page, "size": request.size, "as_of": request.today, "statements": []}


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
            if catalog.follow_ups_version() != FOLLOW_UPS_VERSION:
                return
            batch = catalog.statements_matching(_query(catalog, request), EXPORT_BATCH, offset)
            items = list(_judged(catalog, request, batch))
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
        "not_due": counts[NOT_DUE],
        "no_deadline": counts[NO_DEADLINE],
        "due": counts[DUE_REPORTED],
        "overdue": counts[OVERDUE],
        "with_follow_ups": sum(1 for i in items if i["follow_ups"]),
        "statements": items,
    }


__all__ = ["STATUSES", "LedgerRequest", "ledger_units", "rows", "scorecard", "statements", "status_of"]
