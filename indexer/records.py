"""The records that flow from extract through parse to the index, and on to search.

Extract, clean and parse speak the dataclasses (Page … Document); none of them does I/O.
From the article records on, a record is the JSON that is stored and served as is (in
the catalog, in every engine, in ``/api/articles/<id>``): its written shape is the
TypedDicts below (ArticleRecord, SourceInfo, StatementRecord, StatementRow …), so that
mypy checks every key read or written, and the JSON stays exactly what DESIGN.md says.
Records stored by older releases may lack keys added since (``unit_tree``, ``read``,
``addressees``, a statement's ``sentence``, an article's ``cites`` and ``document``): readers of
stored records keep ``.get`` for those (``document_of`` and ``cites_of`` do it for the 公文 fields).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import NotRequired, Required, TypedDict, cast


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
    sentence: str = ""  # the whole sentence the statement stands in (``text`` is its own clause of it)


@dataclass
class Unit:
    name: str  # as written
    normalized: str  # the one full name of the unit


@dataclass
class Official:
    name: str
    position: str | None


@dataclass
class Citation:
    """A document the text cites: 《title》（number）, a bare number, or a 《title》 naming a document."""

    doc_number: str | None  # normalised (indexer.parse.docnumbers.normalize_doc_number)
    title: str | None  # inside 《》, as written
    relation: str  # the verb that cites it (转发, 印发, 根据, 按照, 依据, 收悉 …), else "cites"


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
    cites: list[Citation] = field(default_factory=list)  # the documents this article's text cites


@dataclass
class Recipients:
    """主送机关 and 抄送机关 of an official document, each as written, one entry per class of
    recipient: a list separated by 、 stays one entry ("各省、自治区、直辖市人民政府")."""

    main: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)


@dataclass
class Printed:
    """印发机关和印发日期 (the last line of the 版记: "国务院办公厅 2019年1月10日印发")."""

    by: str | None = None
    date: str | None = None  # ISO


@dataclass
class Classification:
    """密级和保密期限: "秘密★1年" → level "秘密", period "1年"."""

    level: str | None = None  # 秘密 | 机密 | 绝密
    period: str | None = None  # as written: "1年", "长期"


@dataclass
class Document:
    """One briefing issue, one news report, one official document (公文) or other text.

    ``kind`` is a value of ``indexer.kinds.DocumentKind``. ``date`` is the date the document
    is filed under and the date its deadlines resolve against: for a 公文 its 成文日期
    (``signed_date``), else the year of its own 发文字号 ("2019"), else a publication date.
    The GB/T 9704 fields (``doc_number`` … ``cites``) are filled for every 公文 kind; ``cites``
    for every kind (the union of its articles' ``cites``). Absent fields are None, empty lists,
    or objects of Nones.
    """

    kind: str  # indexer.kinds.DocumentKind
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
    # 公文 (GB/T 9704-2012) fields: indexer.parse.gongwen
    doc_number: str | None = None  # 发文字号, normalised: 国办发〔2019〕3号
    issuer: str | None = None  # 发文机关
    signed_date: str | None = None  # 成文日期, ISO
    recipients: Recipients = field(default_factory=Recipients)  # 主送机关, 抄送机关
    printed: Printed = field(default_factory=Printed)  # 印发机关和印发日期
    signer: str | None = None  # 签发人
    classification: Classification = field(default_factory=Classification)  # 密级和保密期限
    urgency: str | None = None  # 紧急程度: 特急 | 加急 (特提 | 平急 for telegrams)
    copy_number: str | None = None  # 份号, as printed: "000123"
    attachments: list[str] = field(default_factory=list)  # 附件说明: the attachments' names, unnumbered
    cites: list[Citation] = field(default_factory=list)


def to_json(record) -> dict:
    return plain(record)


_SCALARS = (str, int, float, bool, type(None))


@cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None


def plain(value):
    """``dataclasses.asdict``, the same dicts and lists, made without deep-copying every string on the
    way (it cost a worker as much as tokenizing the titles)."""
    if isinstance(value, _SCALARS):
        return value
    names = _field_names(type(value))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return type(value)(plain(item) for item in value)
    if isinstance(value, tuple):
        items = [plain(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return type(value)((plain(key), plain(item)) for key, item in value.items())
    return copy.deepcopy(value)


# -- the JSON records: stored and served as they are ----------------------------------------------------------------


class FileStat(TypedDict):
    """How a source file looks (``indexer.run.ingest.file_stat``): what the catalog compares to see a change."""

    size: int
    mtime: float
    ctime_ns: int
    inode: int


class OcrPage(TypedDict):
    page: int
    confidence: float | None


class SourceInfo(TypedDict, total=False):
    """One source file as the catalog records it. A file that could not be read has its path and, where
    it could be taken, its stat only."""

    path: Required[str]
    sha256: str
    size: int
    mtime: float
    ctime_ns: int | None
    inode: int | None
    format: str
    pages: int
    ocr: bool
    ocr_skipped: list[int]
    ocr_pages: list[OcrPage]


class FileVersion(TypedDict):
    """Another file of a source's articles (the same issue as .txt, .pdf, .docx…)."""

    path: str
    format: str | None


class PageRead(TypedDict):
    """How one page an article lies on was read."""

    page: int
    method: str  # as Page.method
    ocr_confidence: float | None


class ArticleSource(TypedDict):
    """The source file of an article and the page it starts on."""

    path: str
    sha256: str
    format: str
    page: int
    read: list[PageRead]


class IssueRef(TypedDict):
    """The issue (or newspaper report) an article belongs to; ``series`` is the paper or headline for news."""

    series: str | None
    number: int | None
    date: str | None


class UnitRecord(TypedDict):
    name: str
    normalized: str


class OfficialRecord(TypedDict):
    name: str
    position: str | None


class TargetRecord(TypedDict):
    number: float | None
    measure: str | None
    deadline: str | None
    text: str | None
    due: str | None


class StatementRecord(TypedDict):
    """A Statement as an article record holds it."""

    type: str  # "directive" | "commitment"
    speaker: str | None
    unit: str | None
    text: str
    targets: list[TargetRecord]
    addressees: list[str]
    sentence: str  # records stored before it was added lack it: read with .get


class CitationRecord(TypedDict):
    """A Citation as JSON: ``doc_number`` normalised (``indexer.parse.docnumbers.normalize_doc_number``)."""

    doc_number: str | None
    title: str | None
    relation: str


class ArticleFields(TypedDict):
    """An Article as JSON (``article_fields``): the first keys of its record, in this order."""

    title: str
    text: str
    date: str | None  # the event date; in the record, else the issue's
    date_inferred: bool
    units: list[UnitRecord]
    officials: list[OfficialRecord]
    grids: list[int]
    statements: list[StatementRecord]
    offset: int
    cites: list[CitationRecord]  # records stored before it was added lack it: ``cites_of``


def article_fields(article: Article) -> ArticleFields:
    return cast(ArticleFields, plain(article))  # the dataclasses above have exactly these fields


class RecipientsRecord(TypedDict):
    main: list[str]  # 主送机关, one entry per class of recipient
    cc: list[str]  # 抄送机关


class PrintedRecord(TypedDict):
    by: str | None  # 印发机关
    date: str | None  # 印发日期, ISO


class ClassificationRecord(TypedDict):
    level: str | None  # 密级: 秘密 | 机密 | 绝密
    period: str | None  # 保密期限 as written: "1年", "长期"


class DocumentRecord(TypedDict):
    """The GB/T 9704 fields of the document an article belongs to (``document_record``): filled for
    a 公文 kind, None / empty / objects of Nones for every other kind. Its kind is the record's ``kind``."""

    doc_number: str | None  # 发文字号, normalised: 国办发〔2019〕3号
    issuer: str | None  # 发文机关
    signed_date: str | None  # 成文日期, ISO
    recipients: RecipientsRecord
    printed: PrintedRecord
    signer: str | None  # 签发人
    classification: ClassificationRecord  # 密级和保密期限
    urgency: str | None  # 紧急程度: 特急 | 加急 (特提 | 平急)
    copy_number: str | None  # 份号
    attachments: list[str]  # 附件说明: the attachments' names


def document_record(document: Document) -> DocumentRecord:
    return {
        "doc_number": document.doc_number,
        "issuer": document.issuer,
        "signed_date": document.signed_date,
        "recipients": {"main": list(document.recipients.main), "cc": list(document.recipients.cc)},
        "printed": {"by": document.printed.by, "date": document.printed.date},
        "signer": document.signer,
        "classification": {"level": document.classification.level, "period": document.classification.period},
        "urgency": document.urgency,
        "copy_number": document.copy_number,
        "attachments": list(document.attachments),
    }


class ArticleRecord(ArticleFields):
    """The unit of search: an Article with its issue and source (``indexer.run.ingest.article_records``)."""

    id: str  # "<issue_key>-<n>"
    issue_key: str  # "<sha256[:16]>-<document n>"
    kind: str  # indexer.kinds.DocumentKind
    issue: IssueRef
    source: ArticleSource
    unit_tree: list[str]  # every unit with its ancestors, for hierarchical filters
    access: NotRequired[str]  # who may see it: its source's token (indexer.access), stamped when indexed
    document: DocumentRecord  # records stored before it was added lack it: ``document_of``


def document_of(record: ArticleRecord) -> DocumentRecord:
    """The record's 公文 fields; a record stored before they were added has every field empty."""
    return record.get("document") or document_record(Document(kind="other", articles=[]))


def cites_of(record: ArticleRecord) -> list[CitationRecord]:
    """The documents the article cites; none for a record stored before citations were kept."""
    return record.get("cites") or []


class StoredRecord(ArticleRecord, total=False):
    """An article record as an engine stores it: with its text's word layout (``indexer.lang.text.layout``)."""

    _layout: str


class IndexDocument(TypedDict):
    """The engine-neutral document of one article (``indexer.index.index_fields``): tokens space-joined."""

    id: str
    source_path: str
    issue_key: str
    title: str
    text: str
    title_cjk: str
    cjk: str
    title_chars: str
    chars: str
    facets: dict[str, list[str]]
    keywords: dict[str, list[str]]  # exact-match fields (``indexer.facet_registry.KEYWORD_LIST``)
    date: str
    access: str  # the source's access token (indexer.access): the keyword every query is filtered on
    record: StoredRecord


class HitSource(TypedDict):
    path: str
    page: int


class SearchHit(TypedDict, total=False):
    """One hit of ``search_app.search.search`` (DESIGN.md's contract); ``versions`` added by search_app.editions."""

    id: Required[str]
    title: Required[str]
    date: Required[str | None]
    kind: Required[str]
    doc_number: Required[str | None]  # 发文字号 of a 公文
    units: Required[list[str]]  # normalised names
    issue: Required[IssueRef]
    source: Required[HitSource]
    snippet: Required[str]
    score: Required[float | None]  # None when sorted by date
    versions: list[FileVersion]


class StatementRow(TypedDict):
    """One statement as the catalog's ledger table returns it, with its due date (the earliest of its targets')."""

    article_id: str
    source_path: str
    seq: int
    type: str
    speaker: str | None
    unit: str | None
    text: str
    targets: list[TargetRecord]
    date: str | None
    title: str
    due: str | None
    addressees: list[str]
    issue: IssueRef | None
    page: int | None  # its article's page in the original


class FollowUpRow(TypedDict):
    """A stored follow-up: the commitment (article_id, seq, source_path) and the later article."""

    article_id: str
    seq: int
    source_path: str
    follow_id: str
    follow_path: str
    follow_date: str
    follow_title: str
    access: str | None  # the follow-up article's token: a viewer sees the follow-ups they may see
    target: str
    matched: list[str]
    evidence: str  # plain text; the ledger marks the matched words when it shows it
    progress: bool
