"""The audit log's page (/admin/audit) and its files (CSV, Excel): for admins and auditors; anyone else is told the page
does not exist."""

from __future__ import annotations

import bottle

from indexer.engines.base import Store
from indexer.store import audit
from indexer.store.catalog import AuditQuery
from search_app.csv_export import MAX_ROWS
from search_app.search import SearchError
from search_app.tables import Column, Table
from search_app.web import params, presenters
from search_app.web.identity import current
from search_app.web.responses import error_page, export_file, page
from search_app.web.signin import Gate
from search_app.web.urls import QueryString

READERS_OF_THE_LOG = ("admin", "auditor")
PAGE_SIZE = 100
COLUMNS = (
    Column("时间", width=22),
    Column("账号", width=16),
    Column("操作", width=8),
    Column("对象", width=24),
    Column("查询", width=50),
    Column("条数", "number", 8),
    Column("地址", width=16),
    Column("说明", width=30),
)


def query_of(given) -> AuditQuery:
    found = {name: params.text(given, name) for name in ("user", "action", "from", "to")}
    for name in ("from", "to"):
        value = found[name]
        if value and not (
            len(value) == 10 and value[4] == "-" and value[7] == "-" and value.replace("-", "").isdigit()
        ):
            raise SearchError(name, f"参数 {name} 须为日期 YYYY-MM-DD，收到“{value}”")
    if found["action"] and found["action"] not in audit.ACTIONS:
        raise SearchError("action", f"参数 action 无效：“{found['action']}”")
    return AuditQuery(actor=found["user"], action=found["action"], start=found["from"], end=found["to"])


def log_table(events: list[audit.Event], wanted: AuditQuery) -> Table:
    chosen = [
        (label, value)
        for label, value in (
            ("账号", wanted.actor),
            ("操作", audit.ACTIONS.get(wanted.action or "", wanted.action)),
            ("日期", f"{wanted.start or ''}至{wanted.end or ''}" if wanted.start or wanted.end else None),
        )
        if value
    ]
    return Table("审计日志", COLUMNS, log_rows(events), chosen)


def log_rows(events: list[audit.Event]) -> list[list]:
    return [
        [
            e.at,
            e.actor or "",
            audit.ACTIONS.get(e.action, e.action),
            e.target or "",
            e.query or "",
            e.rows,
            e.address or "",
            e.detail or "",
        ]
        for e in events
    ]


def audit_page(gate: Gate, store: Store):
    """The log as the unscoped store keeps it: its rows name documents, not their text."""
    identity = current()
    if identity.viewer.role not in READERS_OF_THE_LOG:
        return error_page(404, "页面不存在", "没有找到这个页面。请从首页重新检索。")
    given = params.current()
    wanted = query_of(given)
    number = params.integer(given, "page", 1)
    if not 1 <= number <= 10_000:
        raise SearchError("page", "参数 page 须在 1 到 10000 之间")
    with gate.store.catalog() as catalog:
        if wanted_file := params.export_format(given):
            return export_file(log_table(audit.events(catalog, wanted, MAX_ROWS), wanted), wanted_file)
        total = catalog.count_audit(wanted)
        events = audit.events(catalog, wanted, PAGE_SIZE, (number - 1) * PAGE_SIZE)
    links = QueryString.of(given, "/admin/audit")
    return page(
        "audit.tpl",
        events=events,
        total=total,
        actions=audit.ACTIONS,
        form={name: given.get(name, "") for name in ("user", "action", "from", "to")},
        csv_url=links.setting("format", "csv"),
        xlsx_url=links.setting("format", "xlsx"),
        pager=presenters.Pager.of(number, PAGE_SIZE, total),
        links=links,
    )


def routes(app: bottle.Bottle, gate: Gate, store: Store) -> None:
    app.route(
        "/admin/audit", "GET", gate.view(lambda scoped_store: audit_page(gate, scoped_store), store, "view")
    )
