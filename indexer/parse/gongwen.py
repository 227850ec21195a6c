"""Official documents (公文): their kind and the fields of the GB/T 9704-2012 layout.

    read_gongwen(lines, meta) -> (Gongwen, title line) | None   the fields, or None: no 公文
    filing_date(signed_date, doc_number) -> str | None
    normalize_doc_number(s) -> str                  (indexer.parse.docnumbers)

The kind (indexer.kinds: notice 通知, circular 通报, opinion 意见, decision 决定, plan 方案,
minutes 纪要, report 报告, request 请示, reply 批复, letter 函) is the word that ends the title
(关于…的通知, …会议纪要, …的复函; a trailing （试行） or （征求意见稿） aside); without a title that
says it, a closing formula does (特此通知, 此复, 妥否，请批示: indexer/data/gongwen_closings.tsv).
A text is a 公文 when a title "…关于…的<kind>" opens it, or when a kind is told and the text
also carries a mark of the layout: its own 发文字号, a 主送 line, a dated signature, a 抄送 or
印发 line, or a metadata table naming its number, issuer or date.

Each field is looked for where real documents put it, and where converters move it:

- 版头 (the lines above the title): 份号 (six digits), 密级和保密期限 (秘密★1年), 紧急程度 (特急,
  加急), the issuer's header (国务院办公厅文件, or its bare name above a 函's number), the
  发文字号 alone on its line (in brackets too), with 签发人 beside it or on a line of its own.
- Metadata tables of web pages ([文号] | 国办发〔2019〕3号 | [成文日期] | …, labels glued to
  their values by converters too): indexer/data/gongwen_labels.tsv names each label's field.
- The title: one to three lines (a number glued before it is taken off); the issuer is what
  stands before 关于 (or 转发/印发/批转) when that is an organisation's name.
- 主送机关: the line after the title (and number) that ends with a colon and lists
  organisations, or a 主送： line in the 版记. One entry per class of recipient (split at ，；),
  a list inside one class (各省、自治区、直辖市人民政府) stays one entry.
- The signature block: the first dating line after the body starts (2019年1月9日, 二〇〇四年一月
  十六日, the issuer glued before it by a converter) and the organisation line(s) above it; for
  纪要 and other documents dated under the title, a dating line between title and body.
- 附件说明 (附件：1.… 2.…), 抄送：…, and the 印发 line (国务院办公厅 2019年1月10日印发).

Precedence, when several places name a field: the document's own lines before a web page's
table (which names the office that published the page, not always the issuer), and for the
issuer the signature, then the title, then the header. Dates are ISO; a field never found is
None or empty. The document's date (``filing_date``) is its 成文日期, else the year of its own
number ("2019"), else a publication date the page gives; its deadlines resolve against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from indexer.kinds import GONGWEN_KINDS, KIND_LABELS, DocumentKind
from indexer.lang.text import HAN
from indexer.lang.vocabulary import DATA_DIR, read_rows
from indexer.parse import dates
from indexer.parse.citations import TRAILING_NOTE
from indexer.parse.docnumbers import find_doc_numbers, normalize_doc_number
from indexer.parse.lines import Line, is_body_paragraph, is_heading_like, squash
from indexer.parse.units import ORG_SUFFIX
from indexer.records import Classification, Printed, Recipients

__all__ = [
    "Gongwen",
    "filing_date",
    "is_label_line",
    "normalize_doc_number",
    "read_gongwen",
]

HEAD_LINES = 15  # lines (metadata tables aside) in which a title is looked for
TITLE_MAX_LINES = 3
TITLE_MAX_CHARS = 100
ORG_NAME = re.compile(
    rf"^[{HAN}A-Za-z0-9（）()·、]{{2,60}}?(?:{ORG_SUFFIX}|厅|部|部门|政府|党委|党组|机构|机关|办事处|管委会|农场|企业|单位)$"
)
RECIPIENT_START = re.compile(r"^(?:各|有关|全体|本)")
COPY_NUMBER = re.compile(r"^(?:份号[:：]?)?(\d{6})$")
SECRET = r"(?P<level>绝密|机密|秘密)(?:\s*[★☆*]\s*(?P<period>\d{1,2}\s*(?:年|个月)|长期))?"
URGENT = r"(?P<urgency>特急|加急|特提|平急)"
# A header line holds a copy number, a classification and an urgency, any of them, in this order.
HEADER_MARKS = re.compile(rf"^(?:(?P<copy>\d{{6}})\s*)?(?:{SECRET}\s*)?(?:{URGENT})?$")
ISSUE_SUFFIX = re.compile(r"[（(]?(?:\d{4}年)?第(?P<issue>[0-9一二三四五六七八九十百零〇]{1,5})期[)）]?$")
ISSUER_HEADER = re.compile(r"^(?P<issuer>.{2,60}?)文件$")
SIGNER = re.compile(r"签发人[:：]\s*(?P<signer>[^\s:：].{0,30})$")
TITLE_VERB = re.compile(r"关于|转发|印发|批转")
DATE = rf"(?:{dates.FULL_DATE.pattern}|{dates.NUMERIC_DATE.pattern})"
# A dating line is written out (2019年1月9日, 二〇一九年一月九日); 2019-01-09 alone is a table cell.
DATING_LINE = re.compile(
    rf"^(?P<org>[^\d{dates.CN_YEAR}（(]{{0,60}}?)[（(]?(?P<date>{dates.FULL_DATE.pattern})[)）]?$"
)
PRINTED_LINE = re.compile(rf"^(?P<by>.{{0,60}}?)(?P<date>{DATE})?\s*印发$")
ATTACHMENTS = re.compile(r"^附\s*件\s*[:：]\s*(?P<rest>.*)$")
NUMBERED_ITEM = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[.、．]\s*")
ITEM_END = re.compile(r"[；;。.，,]+$")
LABEL_SEPARATORS = "[]【】|｜:：\t "
RECIPIENT_SPLIT = re.compile(r"[，,；;]")


@dataclass
class Gongwen:
    """What read_gongwen finds in one 公文 (the Document's fields, with its title)."""

    kind: DocumentKind
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    signed_date: str | None = None
    recipients: Recipients = field(default_factory=Recipients)
    printed: Printed = field(default_factory=Printed)
    signer: str | None = None
    classification: Classification = field(default_factory=Classification)
    urgency: str | None = None
    copy_number: str | None = None
    attachments: list[str] = field(default_factory=list)
    issue_number: int | None = None  # 第12期 of a 纪要 or a 通报 series
    published: str | None = None  # a publication date a web page gives (not the 成文日期)


def _issue_number(written: str) -> int | None:
    return int(written) if written.isdigit() else dates.cn_small_int(written)


def filing_date(signed_date: str | None, doc_number: str | None) -> str | None:
    """The date a 公文 is filed under and its deadlines resolve against: its 成文日期 (ISO), else
    the year of its own number ("2019" for 国办发〔2019〕3号), else None."""
    if signed_date:
        return signed_date
    year = re.search(r"〔(\d{4})〕", normalize_doc_number(doc_number)) if doc_number else None
    return year.group(1) if year else None


# --- vocabularies -----------------------------------------------------------------------------


@cache
def _labels() -> tuple[tuple[str, str], ...]:
    rows = [(label, kind) for label, kind, _ in read_rows(DATA_DIR / "gongwen_labels.tsv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


@cache
def _label_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(label) for label, _ in _labels()))


@cache
def _closings() -> tuple[tuple[str, DocumentKind], ...]:
    return tuple(
        (squash(formula), DocumentKind(kind))
        for formula, kind, _ in read_rows(DATA_DIR / "gongwen_closings.tsv")
    )


def kind_of_title(title: str) -> DocumentKind | None:
    """notice for 关于…的通知 (and …的通知（试行）); None when the title names no 公文 kind."""
    bare = title
    for _ in range(2):
        bare = TRAILING_NOTE.sub("", bare)
    return next((kind for label, kind in _kind_endings() if bare.endswith(label)), None)


@cache
def _kind_endings() -> tuple[tuple[str, DocumentKind], ...]:
    return tuple(sorted(((KIND_LABELS[k], k) for k in GONGWEN_KINDS), key=lambda row: -len(row[0])))


def is_org_name(text: str) -> bool:
    return bool(ORG_NAME.match(text)) and not re.search(r"[，。；：！？,;:!?]", text)


# --- metadata tables ------------------------------------------------------------------------


def label_values(line: Line, in_head: bool) -> list[tuple[str, str]] | None:
    """(field, value) pairs of a metadata line ("[文号] | 国办发〔2019〕3号 | [成文日期] | …",
    "文号二〇二四年第十六期成文日期: 2024年06月18日"), or None when the line is not one.
    A label glued to its value counts at the start of a short line of the head only."""
    text = line.text
    first = re.match(r"^[\s\[【|｜]*", text)
    start = first.end() if first else 0
    opening = _label_pattern().match(text, start)
    if opening is None:
        return None
    separated = start > 0 or _followed_by_separator(text, opening.end())
    if not separated and not (in_head and len(line.flat) <= 80 and not line.flat.endswith("。")):
        return None
    spans = [opening]
    for match in _label_pattern().finditer(text, opening.end()):
        if text[match.start() - 1] in LABEL_SEPARATORS or _followed_by_separator(text, match.end()):
            spans.append(match)
    fields = dict(_labels())
    pairs = []
    for n, match in enumerate(spans):
        end = spans[n + 1].start() if n + 1 < len(spans) else len(text)
        value = text[match.end() : end].strip(LABEL_SEPARATORS)
        if value:
            pairs.append((fields[match.group(0)], value))
    return pairs


def is_label_line(line: Line) -> bool:
    """Whether a line of the head is a metadata line ("文号二〇二四年第十六期成文日期: …")."""
    return label_values(line, in_head=True) is not None


def _followed_by_separator(text: str, end: int) -> bool:
    return bool(re.match(r"\s*[\]】]?\s*[:：|｜]", text[end:]))


@dataclass
class Labelled:
    values: dict[str, str] = field(default_factory=dict)  # field → the first value given
    lines: set[int] = field(default_factory=set)


def read_labels(lines: list[Line]) -> Labelled:
    labelled = Labelled()
    head = 0
    for i, line in enumerate(lines):
        pairs = label_values(line, in_head=head < HEAD_LINES)
        if pairs is None:
            head += 1
            continue
        labelled.lines.add(i)
        for name, value in pairs:
            if name != "-":
                labelled.values.setdefault(name, value)
    return labelled


# --- the head: marks, number, title ---------------------------------------------------------------


@dataclass
class Head:
    title: str | None = None
    title_lines: tuple[int, int] = (0, 0)  # [first, end) of the title's lines
    kind: DocumentKind | None = None
    header_issuer: str | None = None
    doc_number: str | None = None
    signer: str | None = None
    classification: Classification = field(default_factory=Classification)
    urgency: str | None = None
    copy_number: str | None = None
    issue_number: int | None = None
    used: set[int] = field(default_factory=set)  # lines that are marks, numbers, headers


@dataclass(frozen=True)
class NumberLine:
    number: str
    signer: str | None
    header: str | None  # an issuer's name a converter glued before the number (国务院办公厅国办函〔…〕)


def own_number(flat: str) -> NumberLine | None:
    """The number of a line that is only a document number, maybe bracketed, maybe with 签发人
    beside it (国办发〔2019〕3号 签发人：张三) or the issuer's header glued before it."""
    if not re.search(r"\d", flat):
        return None
    signer = SIGNER.search(flat)
    rest = flat[: signer.start()] if signer else flat
    numbers = find_doc_numbers(rest)
    if len(numbers) != 1:
        return None
    number = numbers[0]
    before = rest[: number.start].strip("（( ")
    if re.sub(r"[\s（()）]", "", rest[number.end :]):
        return None
    header = ISSUER_HEADER.match(before)
    issuer = header.group("issuer") if header else before
    if before and not is_org_name(issuer):
        return None
    return NumberLine(number.number, signer.group("signer").strip() if signer else None, issuer or None)


def read_head(lines: list[Line], labelled: Labelled, meta: dict) -> Head:
    head = Head()
    seen = 0
    for i, line in enumerate(lines):
        if seen >= HEAD_LINES:
            break
        if i in labelled.lines:
            continue
        seen += 1
        if head.title is None and _read_mark(line.flat, head):
            head.used.add(i)
            continue
        numbered = own_number(line.flat)
        if numbered and head.doc_number is None:
            head.doc_number, head.signer = numbered.number, head.signer or numbered.signer
            head.header_issuer = head.header_issuer or numbered.header
            head.used.add(i)
            continue
        issue = ISSUE_SUFFIX.fullmatch(line.flat)
        if issue:
            head.issue_number = head.issue_number or _issue_number(issue.group("issue"))
            head.used.add(i)
            continue
        signer = re.fullmatch(r"签发人[:：]\s*(.{1,30})", line.flat)
        if signer:
            head.signer = head.signer or signer.group(1)
            head.used.add(i)
            continue
        if head.title is None:
            found = _title_at(lines, i, labelled)
            if found:
                head.title, head.kind, end = found
                head.title_lines = (i, end)
                glued_issue = ISSUE_SUFFIX.search("".join(l.flat for l in lines[i:end]))
                if glued_issue:
                    head.issue_number = head.issue_number or _issue_number(glued_issue.group("issue"))
                head.header_issuer = head.header_issuer or _issuer_above(lines, i, head, labelled)
                continue
    if head.title is None:
        _title_from_elsewhere(head, labelled, meta)
    return head


def _read_mark(flat: str, head: Head) -> bool:
    copy = COPY_NUMBER.match(flat)
    if copy and head.copy_number is None:
        head.copy_number = copy.group(1)
        return True
    marks = HEADER_MARKS.match(flat)
    if flat and marks:
        head.copy_number = head.copy_number or marks.group("copy")
        if marks.group("level"):
            period = marks.group("period")
            head.classification = Classification(
                marks.group("level"), re.sub(r"\s+", "", period) if period else None
            )
        head.urgency = head.urgency or marks.group("urgency")
        return True
    return False


def _title_at(lines: list[Line], i: int, labelled: Labelled) -> tuple[str, DocumentKind, int] | None:
    joined = ""
    for size in range(TITLE_MAX_LINES):
        j = i + size
        if j >= len(lines) or j in labelled.lines or not _may_be_title(lines[j]):
            return None
        joined += lines[j].flat
        title = strip_numbers(joined) if re.search(r"\d|期", joined) else joined
        if len(title) > TITLE_MAX_CHARS:
            return None
        kind = kind_of_title(title)
        if kind:
            return title, kind, j + 1
    return None


def _may_be_title(line: Line) -> bool:
    """A heading-like line that is none of the header's other lines (文件 header, number, 签发人)."""
    flat = line.flat
    if ISSUER_HEADER.match(flat) or flat.startswith("签发人") or own_number(flat):
        return False
    return is_heading_like(line.text, TITLE_MAX_CHARS)


def strip_numbers(title: str) -> str:
    """A title without a document number or issue number (第12期) glued before or after it."""
    title = ISSUE_SUFFIX.sub("", title)
    for number in find_doc_numbers(title):
        before, after = title[: number.start].strip("（( "), title[number.end :].strip("）) ")
        if not before or not after:
            return strip_numbers(before or after)
    return title


def _issuer_above(lines: list[Line], title_line: int, head: Head, labelled: Labelled) -> str | None:
    """The 发文机关标志 above the title: "国务院办公厅文件", or an organisation's name alone."""
    for j in range(title_line - 1, -1, -1):
        if j in labelled.lines:
            continue
        flat = lines[j].flat
        header = ISSUER_HEADER.match(flat)
        if header and is_org_name(header.group("issuer")):
            head.used.add(j)
            return header.group("issuer")
        if j not in head.used and is_org_name(flat):
            head.used.add(j)
            return flat
    return None


def _title_from_elsewhere(head: Head, labelled: Labelled, meta: dict) -> None:
    for written in (labelled.values.get("title"), meta.get("title")):
        if not written:
            continue
        title = strip_numbers(squash(written))
        kind = kind_of_title(title)
        if kind:
            head.title, head.kind = title, kind
            if head.doc_number is None:
                numbers = find_doc_numbers(squash(written))
                head.doc_number = numbers[0].number if numbers else None
            return


def issuer_in_title(title: str | None) -> str | None:
    """国务院办公厅 in 国务院办公厅关于…的通知 (and in 国务院办公厅转发…): what stands before the
    first 关于/转发/印发/批转, when it names an organisation."""
    if not title:
        return None
    verb = TITLE_VERB.search(title)
    prefix = title[: verb.start()] if verb else ""
    return prefix if prefix and is_org_name(prefix) else None


# --- the body's edges: recipients, signature, attachments, 版记 ---------------------------------


def recipients_of(flat: str) -> list[str] | None:
    """The recipients a 主送 line lists ("各省、自治区、直辖市人民政府，国务院各部委："), or None
    when the line is not one."""
    body = flat.rstrip("：:")
    if flat == body or not body or re.search(r"[。！？!?]|如下", body) or len(body) > 200:
        return None
    entries = [e for e in RECIPIENT_SPLIT.split(body) if e]
    parts = [p for e in entries for p in e.split("、") if p]
    named = sum(1 for p in parts if is_org_name(p) or RECIPIENT_START.match(p))
    if not entries or named * 2 < len(parts) or any(len(e) > 60 for e in entries):
        return None
    return entries


def glued_recipients(flat: str) -> list[str] | None:
    """The 主送 line a converter joined to the first paragraph ("区中医院：你院…收悉。")."""
    match = re.match(r"^([^：:。！？]{2,120}?[：:])(.{10,})$", flat)
    return recipients_of(match.group(1)) if match else None


def split_entries(value: str) -> list[str]:
    return [e for e in RECIPIENT_SPLIT.split(ITEM_END.sub("", squash(value))) if e]


@dataclass
class Signature:
    issuer: str | None
    date: str
    index: int


def dating_line(flat: str) -> tuple[str, str] | None:
    """(organisation, ISO date) of a dating line: "2019年1月9日", "（二〇〇四年一月十六日）",
    "国务院办公厅2019年1月9日" (a converter glued the signature to its date)."""
    match = DATING_LINE.match(flat)
    if not match:
        return None
    org = match.group("org")
    if org and not is_org_name(org):
        return None
    value = dates.first_full_date(match.group("date"))
    return (org, value) if value else None


def signature(lines: list[Line], start: int, stop: int, skip: set[int]) -> Signature | None:
    """The first dating line in lines[start:stop], with the organisation(s) signing above it."""
    for i in range(start, stop):
        if i in skip:
            continue
        found = dating_line(lines[i].flat)
        if found is None:
            continue
        org, value = found
        names = [org] if org else _names_above(lines, i, start, skip)
        return Signature("、".join(names) or None, value, i)
    return None


def _names_above(lines: list[Line], i: int, floor: int, skip: set[int]) -> list[str]:
    names: list[str] = []
    for j in range(i - 1, max(floor, i - 4) - 1, -1):
        if j in skip or not is_org_name(lines[j].flat) or is_body_paragraph(lines[j].text):
            break
        names.insert(0, lines[j].flat)
    return names


def attachments(lines: list[Line], start: int) -> list[str]:
    """The 附件说明: "附件：1．… / 2．…" (or one unnumbered name) after the body starts."""
    for i in range(start, len(lines)):
        match = ATTACHMENTS.match(lines[i].flat)
        if not match:
            continue
        items = [match.group("rest")] if match.group("rest") else []
        for line in lines[i + 1 :]:
            if not NUMBERED_ITEM.match(line.flat):
                break
            items.append(line.flat)
        return [ITEM_END.sub("", NUMBERED_ITEM.sub("", item)) for item in items if item]
    return []


def printed_line(lines: list[Line], start: int) -> Printed:
    for line in reversed(lines[start:]):
        match = PRINTED_LINE.match(line.flat)
        if match and (match.group("date") or is_org_name(match.group("by"))):
            by = match.group("by").strip() or None
            return Printed(by, dates.first_full_date(match.group("date") or ""))
    return Printed()


def closing_kind(lines: list[Line]) -> DocumentKind | None:
    """The kind the last closing (or opening) formula names, in the first and last lines."""
    edges = lines if len(lines) <= 2 * HEAD_LINES else lines[:HEAD_LINES] + lines[-HEAD_LINES:]
    flat = "".join(line.flat for line in edges)
    best: tuple[int, DocumentKind] | None = None
    for formula, kind in _closings():
        position = flat.rfind(formula)
        if position >= 0 and (best is None or position > best[0]):
            best = (position, kind)
    return best[1] if best else None


# --- the whole document ---------------------------------------------------------------------------


def read_gongwen(lines: list[Line], meta: dict) -> tuple[Gongwen, int] | None:
    """The 公文 fields of a text, with the index of its title's first line; None when it is no 公文."""
    if not lines:
        return None
    labelled = read_labels(lines)
    head = read_head(lines, labelled, meta)
    kind = head.kind or closing_kind(lines)
    if kind is None:
        return None
    after_title = head.title_lines[1] if head.title is not None and head.title_lines[1] else 0
    skip = head.used | labelled.lines
    recipients = Recipients()
    body_start = _body_start(lines, after_title, skip)
    for i in range(after_title, min(body_start + 1, len(lines))):
        if i in skip or not re.search(f"[{HAN}]", lines[i].flat):
            continue  # numbers, marks, table rules (---|---) stand between title and 主送 too
        found = recipients_of(lines[i].flat)
        if found:
            recipients.main = found
            skip = skip | {i}
        else:
            recipients.main = glued_recipients(lines[i].flat) or []
        break
    sign = signature(lines, body_start, len(lines), skip)
    dated_head = signature(lines, after_title, body_start, skip) if sign is None else None
    values = labelled.values
    recipients.main = recipients.main or split_entries(values.get("main", ""))
    recipients.cc = split_entries(values.get("cc", ""))
    printed = printed_line(lines, body_start)
    if printed.date is None and values.get("printed_date"):
        printed.date = dates.normalize_date(values["printed_date"])
    number = _labelled_number(values) or head.doc_number
    signed = (
        (sign and sign.date)
        or dates.normalize_date(values.get("signed_date"))
        or (dated_head and dated_head.date)
    )
    issuer = (
        (sign and sign.issuer)
        or issuer_in_title(head.title)
        or head.header_issuer
        or (dated_head and dated_head.issuer)
        or values.get("issuer")
        or values.get("publisher")
    )
    gongwen = Gongwen(
        kind=kind,
        title=head.title,
        doc_number=number,
        issuer=issuer,
        signed_date=signed if signed and len(signed) == 10 else None,
        recipients=recipients,
        printed=printed,
        signer=head.signer or values.get("signer"),
        classification=head.classification if head.classification.level else _labelled_secret(values),
        urgency=head.urgency or values.get("urgency"),
        copy_number=head.copy_number or values.get("copy_number"),
        attachments=attachments(lines, body_start),
        issue_number=head.issue_number,
        published=dates.normalize_date(values.get("published")),
    )
    labelled_fields = any(name in labelled.values for name in ("doc_number", "issuer", "signed_date"))
    if not _is_gongwen(gongwen, head, labelled_fields, bool(sign and sign.issuer)):
        return None
    return gongwen, head.title_lines[0] if head.title is not None else 0


def _labelled_number(values: dict[str, str]) -> str | None:
    written = values.get("doc_number")
    return normalize_doc_number(written) if written else None


def _labelled_secret(values: dict[str, str]) -> Classification:
    match = re.search(SECRET, squash(values.get("classification", "")))
    return Classification(match.group("level"), match.group("period")) if match else Classification()


def _body_start(lines: list[Line], start: int, skip: set[int]) -> int:
    for i in range(start, len(lines)):
        if i not in skip and is_body_paragraph(lines[i].text) and recipients_of(lines[i].flat) is None:
            return i
    return len(lines)


def _is_gongwen(gongwen: Gongwen, head: Head, labelled: bool, signed: bool) -> bool:
    """A formal title (…关于…的通知) says so alone; any other evidence of a kind needs a mark of the
    layout beside it: a number, recipients, a signature (an organisation over a dating line), a
    版记 line, or a metadata table naming a number, an issuer or a 成文日期 (not only a publisher)."""
    if (
        head.title
        and head.title.find("关于") >= 0
        and (head.title.startswith("关于") or issuer_in_title(head.title))
    ):
        return True
    marks = (
        gongwen.doc_number,
        gongwen.recipients.main,
        gongwen.recipients.cc,
        signed,
        gongwen.printed.by or gongwen.printed.date,
        labelled,
    )
    return any(marks)
