"""The audit log in the catalog: who searched, viewed, downloaded, exported, signed in (or failed to), and
every change to an account. Rows are appended, never changed; rows older than the retention are removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from indexer.store.catalog import AUDIT_FIELDS, AuditQuery, Catalog

ACTIONS = {
    "search": "检索",
    "view": "查看",
    "download": "下载原件",
    "export": "导出",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "upload": "上传",
    "account": "账号变更",
    "access": "应用访问规则",
}
DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Event:
    action: str  # a key of ACTIONS
    actor: str | None = None  # the account; None for nobody signed in
    target: str | None = None
    query: str | None = None
    rows: int | None = None
    address: str | None = None
    detail: str | None = None
    at: str = ""  # ISO time with microseconds; now, when empty

    def stamped(self) -> Event:
        if self.at:
            return self
        return Event(**{**asdict(self), "at": datetime.now().isoformat(timespec="microseconds")})

    def as_json(self) -> dict:
        return asdict(self)


def append(catalog: Catalog, events: Iterable[Event]) -> None:
    catalog.append_audit([tuple(getattr(event.stamped(), name) for name in AUDIT_FIELDS) for event in events])


def events(catalog: Catalog, query: AuditQuery, limit: int | None = None, offset: int = 0) -> list[Event]:
    """Events newest first."""
    return [Event(**row) for row in catalog.audit_rows(query, limit, offset)]


def prune(catalog: Catalog, retention_days: int, now: datetime | None = None) -> None:
    """Rows older than the retention removed (0 days: keep everything)."""
    if retention_days > 0:
        cutoff = (now or datetime.now()) - timedelta(days=retention_days)
        catalog.prune_audit(cutoff.isoformat(timespec="microseconds"))


__all__ = ["ACTIONS", "DEFAULT_RETENTION_DAYS", "AuditQuery", "Event", "append", "events", "prune"]
