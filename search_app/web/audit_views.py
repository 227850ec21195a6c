"""The audit log's page (/admin/audit) and its CSV: for admins and auditors; anyone else is told the page
does not exist."""

from __future__ import annotations

import bottle

from indexer.engines.base import Store
from indexer.store import audit
from indexer.store.catalog import AuditQuery
from search_app.csv_export import MAX_ROWS, to_csv
from search_app.search import SearchError
from search_app.web import params, presenters
from search_app.web.identity import current
from search_app.web.responses import csv_attachment, error_page, page
from search_app.web.signin import Gate
from search_app.web.urls import QueryString

READERS_OF_THE_LOG = ("admin", "auditor")
PAGE_SIZE = 100
CSV_COLUMNS = ["时间", "账号", "操作", "对象", "查询", "条数", "地址", "说明"]


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


def csv_rows(events: list[audit.Event]) -> list[list]:
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
        if params.wants_csv(given):
            return csv_attachment(
                to_csv(CSV_COLUMNS, csv_rows(audit.events(catalog, wanted, MAX_ROWS))), "jianbao-audit.csv"
            )
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
        pager=presenters.Pager.of(number, PAGE_SIZE, total),
        links=links,
    )


def routes(app: bottle.Bottle, gate: Gate, store: Store) -> None:
    app.route(
        "/admin/audit", "GET", gate.view(lambda scoped_store: audit_page(gate, scoped_store), store, "view")
    )
