"""The closed vocabularies of the records, with their Chinese labels: one home for each.

- ``DocumentKind``: what a parsed text is (``Document.kind``, ``ArticleRecord.kind``): a briefing
  issue (简报), a news report (新闻), one of the official-document kinds (公文) users file by, or
  other (其他). The 公文 kinds are told from the title (关于…的通知), the header and the closing
  lines (``indexer.parse.gongwen``); their Chinese label is also the word that ends such a title.
- ``StatementType``: what a ledger statement is (``Statement.type``).
- ``STATEMENT_STATUSES``: what became of a commitment as of a date (the ledger's ``status``).

Values are the English names stored in records and accepted by ``--kind`` / ``kind=``;
pages, CSV and the CLI show the labels.
"""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    BRIEFING = "briefing"
    NEWS = "news"
    NOTICE = "notice"  # 通知
    CIRCULAR = "circular"  # 通报
    OPINION = "opinion"  # 意见
    DECISION = "decision"  # 决定
    PLAN = "plan"  # 方案
    MINUTES = "minutes"  # 纪要
    REPORT = "report"  # 报告
    REQUEST = "request"  # 请示
    REPLY = "reply"  # 批复
    LETTER = "letter"  # 函
    OTHER = "other"


KIND_LABELS: dict[str, str] = {
    DocumentKind.BRIEFING: "简报",
    DocumentKind.NEWS: "新闻",
    DocumentKind.NOTICE: "通知",
    DocumentKind.CIRCULAR: "通报",
    DocumentKind.OPINION: "意见",
    DocumentKind.DECISION: "决定",
    DocumentKind.PLAN: "方案",
    DocumentKind.MINUTES: "纪要",
    DocumentKind.REPORT: "报告",
    DocumentKind.REQUEST: "请示",
    DocumentKind.REPLY: "批复",
    DocumentKind.LETTER: "函",
    DocumentKind.OTHER: "其他",
}

# The official-document kinds, in the order GB/T 9704 practice lists them.
GONGWEN_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind.NOTICE,
    DocumentKind.CIRCULAR,
    DocumentKind.OPINION,
    DocumentKind.DECISION,
    DocumentKind.PLAN,
    DocumentKind.MINUTES,
    DocumentKind.REPORT,
    DocumentKind.REQUEST,
    DocumentKind.REPLY,
    DocumentKind.LETTER,
)

KIND_VALUES: tuple[str, ...] = tuple(kind.value for kind in DocumentKind)


def kind_label(value: str) -> str:
    """通知 for "notice"; an unknown value is shown as it is."""
    return KIND_LABELS.get(value, value)


def is_gongwen(value: str) -> bool:
    return value in GONGWEN_KINDS


class StatementType(StrEnum):
    DIRECTIVE = "directive"
    COMMITMENT = "commitment"


STATEMENT_LABELS: dict[str, str] = {StatementType.DIRECTIVE: "指示", StatementType.COMMITMENT: "承诺"}
STATEMENT_VALUES: tuple[str, ...] = tuple(t.value for t in StatementType)


def statement_label(value: str) -> str:
    """指示 for "directive"; an unknown value is shown as it is."""
    return STATEMENT_LABELS.get(value, value)


# A commitment's status as of a date (search_app.ledger judges it): the values pages, CSV, JSON and the
# CLI show and filter by. Directives have none.
NOT_DUE = "未到期"  # its deadline is after the date
DUE_REPORTED = "已到期"  # due, and a later article under its unit reports on its object
OVERDUE = "逾期"  # due, and no such article
NO_DEADLINE = "无期限"  # no deadline: it can never fall due
STATEMENT_STATUSES: tuple[str, ...] = (NOT_DUE, DUE_REPORTED, OVERDUE, NO_DEADLINE)
