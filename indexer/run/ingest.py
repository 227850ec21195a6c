"""One source file through extract → clean → parse, into article records.

This is what a worker process runs under ``--jobs``; it also tokenizes, so the
single index writer only writes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from indexer.clean import clean_pages
from indexer.extract import ExtractError, extract
from indexer.facet_registry import unit_tree
from indexer.index import index_fields
from indexer.lang.text import one_line
from indexer.parse import parse
from indexer.parse.marking import PUBLIC, marking
from indexer.records import (
    ArticleRecord,
    Cleaned,
    Document,
    Extracted,
    FileStat,
    IndexDocument,
    IssueRef,
    Page,
    PageRead,
    SourceInfo,
    article_fields,
    document_record,
)

log = logging.getLogger(__name__)


@dataclass
class Ingested:
    source: SourceInfo
    documents: list[Document] = field(default_factory=list)
    records: list[ArticleRecord] = field(default_factory=list)
    fields: list[IndexDocument] = field(default_factory=list)
    error: str | None = None
    extracted: dict | None = None  # the extracted pages, kept in the catalog for a later re-parse
    reparsed: bool = False  # made from the stored pages, not by reading the file
    marking: str = PUBLIC  # its protective marking (indexer.parse.marking): who may see it starts here


def file_stat(path: str) -> FileStat | None:
    """How the file looks now (None if it is gone): what the catalog compares to see a change."""
    try:
        stat = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return {"size": stat.st_size, "mtime": stat.st_mtime, "ctime_ns": stat.st_ctime_ns, "inode": stat.st_ino}


def source_info(extracted: Extracted, stat: FileStat) -> SourceInfo:
    return {
        "path": extracted.path,
        "sha256": extracted.sha256,
        "size": extracted.size,
        "mtime": stat["mtime"],
        "ctime_ns": stat["ctime_ns"],
        "inode": stat["inode"],
        "format": extracted.format,
        "pages": len(extracted.pages),
        "ocr": extracted.ocr,
        "ocr_skipped": list(extracted.ocr_skipped_pages),
        "ocr_pages": [
            {"page": p.number, "confidence": p.ocr_confidence} for p in extracted.pages if p.method == "ocr"
        ],
    }


def article_records(extracted: Extracted, cleaned: Cleaned, documents: list[Document]) -> list[ArticleRecord]:
    records: list[ArticleRecord] = []
    for d, document in enumerate(documents):
        issue_key = f"{extracted.sha256[:16]}-{d}"
        issue: IssueRef = {
            "series": document.series or document.paper or document.headline,
            "number": document.issue_number,
            "date": document.date,
        }
        fields_of_document = document_record(document)
        for a, article in enumerate(document.articles):
            fields = article_fields(article)
            # the article's fields first, then what places it (the JSON keeps this order)
            record: ArticleRecord = {
                **fields,
                "id": f"{issue_key}-{a}",
                "issue_key": issue_key,
                "kind": document.kind,
                "date": article.date or document.date,
                "issue": issue,
                "source": {
                    "path": extracted.path,
                    "sha256": extracted.sha256,
                    "format": extracted.format,
                    "page": cleaned.page_at(article.offset),
                    "read": pages_read(extracted, cleaned, article.offset, len(article.text)),
                },
                "unit_tree": unit_tree(fields["units"]),
                "document": fields_of_document,
            }
            records.append(record)
    return records


def pages_read(extracted: Extracted, cleaned: Cleaned, offset: int, length: int) -> list[PageRead]:
    """How each page the article lies on was read (text layer, OCR, unread) and the OCR's confidence."""
    first, last = cleaned.page_at(offset), cleaned.page_at(offset + max(0, length - 1))
    return [
        {"page": p.number, "method": p.method, "ocr_confidence": p.ocr_confidence}
        for p in extracted.pages
        if first <= p.number <= last
    ]


def ingest(
    path: str,
    *,
    ocr: bool = True,
    ocr_jobs: int = 1,
    ocr_cache: Path | None = None,
    recorded_path: str | None = None,
) -> Ingested:
    """Never raises for a bad file: the error comes back as text naming the reason.

    The file's stat is taken before it is read and recorded with what was read: if the file changes
    (or is deleted and recreated) while it is read, the next run sees a stat that differs and reads it again.
    ``recorded_path`` names the source when ``path`` is a local copy of it (a file shipped to a
    cluster worker)."""
    stat = file_stat(path)
    if stat is None:
        return Ingested(source={"path": path}, error="文件不存在（已被删除或移走）")
    try:
        extracted = extract(path, ocr=ocr, jobs=ocr_jobs, ocr_cache=ocr_cache)
        if recorded_path:
            extracted = replace(extracted, path=recorded_path)
    except ExtractError as error:
        return Ingested(source=failed_source(path, stat), error=error.reason)
    except OSError as error:
        return Ingested(source=failed_source(path, stat), error=f"无法读取文件：{error.strerror or error}")
    return from_extracted(extracted, source_info(extracted, stat))


def reparse(stored: dict, source: SourceInfo) -> Ingested:
    """Clean, parse and tokenize again from the pages stored at the last read: no extraction, no OCR."""
    pages = [Page(**page) for page in stored["pages"]]
    extracted = Extracted(
        path=source["path"],
        sha256=source["sha256"],
        size=source["size"],
        format=stored["format"],
        pages=pages,
        ocr_skipped_pages=stored.get("ocr_skipped_pages", []),
        meta=stored.get("meta", {}),
    )
    result = from_extracted(extracted, source)
    result.reparsed = True
    return result


def stored_pages(extracted: Extracted) -> dict:
    return {
        "format": extracted.format,
        "meta": extracted.meta,
        "ocr_skipped_pages": list(extracted.ocr_skipped_pages),
        "pages": [asdict(page) for page in extracted.pages],
    }


def from_extracted(extracted: Extracted, source: SourceInfo) -> Ingested:
    path = extracted.path
    try:
        cleaned = clean_pages([page.text for page in extracted.pages])
        documents = parse(cleaned.text, {**extracted.meta, "format": extracted.format})
        records = article_records(extracted, cleaned, documents)
        fields = [index_fields(record) for record in records]
        header = (
            extracted.pages[0].text if extracted.pages else ""
        )  # as read: cleaning joins the cover's lines
        level = marking(header, [document.classification.level for document in documents])
    except Exception as error:  # a parser bug must cost one file, not the batch; its trace goes to the log
        log.exception("解析失败：%s", one_line(path))
        return Ingested(source=source, error=f"解析失败：{type(error).__name__}: {error}")
    if not records and not source.get("ocr_skipped"):  # unread pages: indexed, read on a run with OCR
        return Ingested(source=source, error="未能从文件中读出任何正文（空文件或无文字内容）")
    return Ingested(
        source=source,
        documents=documents,
        records=records,
        fields=fields,
        extracted=stored_pages(extracted),
        marking=level,
    )


def failed_source(path: str, stat: Mapping[str, Any] | None = None) -> SourceInfo:
    """A file that could not be read, as it looked before the attempt, so an unchanged bad file is not
    retried every run. Never a stat taken after the attempt: that could be a newer file's, never read."""
    return cast(SourceInfo, {"path": path, **(stat or {})})
