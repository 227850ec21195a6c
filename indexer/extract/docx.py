"""Word documents (.docx): body paragraphs and table cells in reading order."""

from __future__ import annotations

import zipfile
from io import BytesIO

from indexer.extract.errors import ExtractError, FormatResult
from indexer.records import Page

NAME = "Word 文档（docx）"
EXTENSIONS = (".docx",)
MIME_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)

ZIP_MAGIC = b"PK\x03\x04"
MAX_TABLE_DEPTH = 20  # nested tables deeper than this are not real documents


def sniff(head: bytes, data: bytes) -> bool:
    return head.startswith(ZIP_MAGIC) and is_docx_zip(data)


def accepts(head: bytes, data: bytes) -> bool:
    return sniff(head, data)


def is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def extract_bytes(path, data: bytes, **_options) -> FormatResult:
    import docx  # python-docx

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
