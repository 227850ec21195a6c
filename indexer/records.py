"""The records that flow from extract through parse to the index.

Every stage speaks these dataclasses; none of them does I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Page:
    """One page of raw text as an extractor read it."""

    number: int  # 1-based
    text: str
    method: str  # "text", "pypdf", "pdfium", "ocr", "html", "docx"
    ocr_confidence: float | None = None


@dataclass
class Extracted:
    """What extract makes of one source file."""

    path: str
    sha256: str
    size: int
    format: str  # "pdf", "pdf-scanned", "html", "txt", "docx"
    pages: list[Page]
    ocr_skipped_pages: list[int] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # title, date, byline… where the format gives them

    @property
    def ocr(self) -> bool:
        return any(p.method == "ocr" for p in self.pages)


@dataclass
class Cleaned:
    """Clean text of a whole source, with where each page starts in it."""

    text: str
    page_starts: list[int]  # char offset of page i+1 in text

    def page_at(self, offset: int) -> int:
        page = 1
        for number, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = number
            else:
                break
        return page


@dataclass
class Target:
    number: float | None
    measure: str | None  # unit of the number (个, %, 万套, 处…) or the thing counted
    deadline: str | None  # as written: "到2020年底", "年内", "6月底前"…
    text: str | None = None  # the whole target phrase as written: "完成101个小区犬只登记全覆盖"
    due: str | None = None  # ISO date the deadline means, from the statement's date


@dataclass
class Statement:
    type: str  # "directive" | "commitment"
    speaker: str | None
    unit: str | None
    text: str
    targets: list[Target] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)  # whom a directive addresses (各区、市直各部门)


@dataclass
class Unit:
    name: str  # as written
    normalized: str  # the one full name of the unit


@dataclass
class Official:
    name: str
    position: str | None


@dataclass
class Article:
    title: str
    text: str
    date: str | None = None  # ISO date of the event, else the issue's
    date_inferred: bool = False
    units: list[Unit] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    grids: list[int] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    offset: int = 0  # char offset of the article in the clean text


@dataclass
class Document:
    """One briefing issue or one news report."""

    kind: str  # "briefing" | "news" | "other"
    articles: list[Article]
    series: str | None = None
    issue_number: int | None = None
    date: str | None = None
    date_inferred: bool = False
    office: str | None = None
    contents: list[str] = field(default_factory=list)
    distribution: dict = field(default_factory=lambda: {"report_to": [], "send_to": []})
    print_count: int | None = None
    paper: str | None = None  # news: the newspaper
    byline: str | None = None  # news: 本报记者 …
    headline: str | None = None
    subheadline: str | None = None


def to_json(record) -> dict:
    return asdict(record)
