"""One source file through extract → clean → parse, into article records.

This is what a worker process runs under ``--jobs``; it also tokenizes, so the
single index writer only writes.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from indexer.clean import clean_pages
from indexer.extract import ExtractError, extract
from indexer.index import index_fields, unit_tree
from indexer.parse import parse
from indexer.records import Cleaned, Document, Extracted


@dataclass
class Ingested:
    source: dict
    documents: list[Document] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    error: str | None = None


def source_info(extracted: Extracted, mtime: float) -> dict:
    return {
        "path": extracted.path,
        "sha256": extracted.sha256,
        "size": extracted.size,
        "mtime": mtime,
        "format": extracted.format,
        "pages": len(extracted.pages),
        "ocr": extracted.ocr,
        "ocr_skipped": list(extracted.ocr_skipped_pages),
        "ocr_pages": [
            {"page": p.number, "confidence": p.ocr_confidence} for p in extracted.pages if p.method == "ocr"
        ],
    }


def article_records(extracted: Extracted, cleaned: Cleaned, documents: list[Document]) -> list[dict]:
    records = []
    for d, document in enumerate(documents):
        issue_key = f"{extracted.sha256[:16]}-{d}"
        issue = {
            "series": document.series or document.paper or document.headline,
            "number": document.issue_number,
            "date": document.date,
        }
        for a, article in enumerate(document.articles):
            record = asdict(article)
            record.update(
                id=f"{issue_key}-{a}",
                issue_key=issue_key,
                kind=document.kind,
                date=article.date or document.date,
                issue=issue,
                source={
                    "path": extracted.path,
                    "sha256": extracted.sha256,
                    "format": extracted.format,
                    "page": cleaned.page_at(article.offset),
                },
            )
            record["unit_tree"] = unit_tree(record["units"])
            records.append(record)
    return records


def ingest(
    path: str,
    *,
    ocr: bool = True,
    ocr_jobs: int = 1,
    ocr_cache: Path | None = None,
    recorded_path: str | None = None,
) -> Ingested:
    """Never raises for a bad file: the error comes back as text naming the reason.

    ``recorded_path`` names the source when ``path`` is a local copy of it (a file shipped to a
    cluster worker)."""
    try:
        stat = os.stat(path)
        extracted = extract(path, ocr=ocr, jobs=ocr_jobs, ocr_cache=ocr_cache)
        if recorded_path:
            extracted = replace(extracted, path=recorded_path)
    except ExtractError as error:
        return Ingested(source=failed_source(path), error=error.reason)
    except OSError as error:
        return Ingested(source=failed_source(path), error=f"无法读取文件：{error.strerror or error}")
    source = source_info(extracted, stat.st_mtime)
    try:
        cleaned = clean_pages([page.text for page in extracted.pages])
        documents = parse(cleaned.text, extracted.meta)
        records = article_records(extracted, cleaned, documents)
        fields = [index_fields(record) for record in records]
    except Exception as error:  # a parser bug must cost one file, not the batch
        return Ingested(source=source, error=f"解析失败：{type(error).__name__}: {error}")
    if not records:
        return Ingested(source=source, error="未能从文件中读出任何正文（空文件或无文字内容）")
    return Ingested(source=source, documents=documents, records=records, fields=fields)


def failed_source(path: str) -> dict:
    """Size and mtime of a file that could not be read, so an unchanged bad file is not retried every run."""
    try:
        stat = os.stat(path)
        return {"path": path, "size": stat.st_size, "mtime": stat.st_mtime}
    except OSError:
        return {"path": path}
