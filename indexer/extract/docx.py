"""Word documents (.docx): body paragraphs and table cells in reading order."""

from __future__ import annotations

from io import BytesIO

from indexer.extract import zipsafe
from indexer.extract.errors import ExtractError, FormatResult
from indexer.records import Page

NAME = "Word 文档（docx）"
EXTENSIONS = (".docx",)
MIME_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
FAMILY = "word"
KIND = "Word 文档"

MAX_TABLE_DEPTH = 20  # nested tables deeper than this are not real documents


def score(suffix: str, head: bytes, data: bytes) -> int:
    """A zip holding word/document.xml; a zip too large to list is left to its extension."""
    if not zipsafe.is_zip(head):
        return 0
    names = zipsafe.entry_names(data)
    if names is None:
        return 50 if suffix in EXTENSIONS and zipsafe.declared_entry_count(data) is not None else 0
    return 100 if "word/document.xml" in {n.lower() for n in names} else 0


def extract_bytes(path, data: bytes, **_options) -> FormatResult:
    import docx  # python-docx

    # python-docx inflates every part: refuse a bomb before it does.
    zipsafe.open_checked(path, data, KIND).close()
    try:
        document = docx.Document(BytesIO(data))
    except Exception as error:
        raise ExtractError(path, f"无法读取 Word 文档：文件已损坏（{type(error).__name__}）") from error
    try:
        lines = list(block_texts(document.element.body, document, depth=0))
    except ExtractError as error:
        raise ExtractError(path, error.reason) from None
    text = "\n".join(line for line in lines if line.strip())
    return FormatResult(
        format="docx", pages=[Page(number=1, text=text, method="docx")], meta=core_meta(document)
    )


def block_texts(parent_element, parent, depth: int):
    """Paragraph texts under a body or cell element, tables included, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if depth > MAX_TABLE_DEPTH:
        raise ExtractError("", "Word 文档中表格嵌套过深")
    for child in parent_element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, parent).text
        elif tag == "tbl":
            yield from table_texts(Table(child, parent), depth)
        elif tag == "sdt":  # content controls wrap ordinary paragraphs
            content = child.find("{*}sdtContent")
            if content is not None:
                yield from block_texts(content, parent, depth)


def table_texts(table, depth: int):
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell appears once per spanned column
                continue
            seen.add(cell._tc)
            yield from block_texts(cell._tc, cell, depth + 1)


def core_meta(document) -> dict:
    props = document.core_properties
    meta = {}
    if props.title:
        meta["title"] = props.title.strip()
    if props.author:
        meta["byline"] = props.author.strip()
    if props.created:
        meta["date"] = props.created.date().isoformat()
    return meta
