"""Extract: source file bytes → pages of raw text, and how each page was read.

One module per format, in the manner of ingest-file's ingestors: each declares
the file extensions and MIME types it takes and a `sniff(head)` that recognises
its magic bytes. `extract()` checks that the extension and the bytes agree,
hands the file to its module, and turns every failure into ExtractError with a
Chinese, human-readable reason.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.extract import docx, html, pdf, text
from indexer.extract.errors import ExtractError
from indexer.records import Extracted

__all__ = ["INGESTORS", "ExtractError", "detect_format", "extract"]

# Order matters for sniffing: specific magic numbers before the text guess.
INGESTORS = (pdf, docx, html, text)
MAX_FILE_BYTES = 512 * 1024 * 1024
HEAD_BYTES = 8192


def extract(path, *, ocr: bool = True, jobs: int = 1, ocr_cache: Path | None = None) -> Extracted:
    """Read one source file. Raises ExtractError (and nothing else) when it cannot."""
    path = Path(path)
    try:
        data = read_bytes(path)
        ingestor = detect_format(path, data)
        result = ingestor.extract_bytes(path, data, ocr=ocr, jobs=jobs, ocr_cache=ocr_cache)
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError(path, "文档结构嵌套过深，无法解析（RecursionError）") from None
    except MemoryError:
        raise ExtractError(path, "文档过大，内存不足（MemoryError）") from None
    except Exception as error:  # any library failure is a bad input, not a crash
        raise ExtractError(path, f"无法读取文件：{type(error).__name__}: {error}") from error
    pages = result.pages
    if not any(p.text.strip() for p in pages) and not result.ocr_skipped_pages:
        raise ExtractError(path, "文件中没有可提取的文字（no text）")
    return Extracted(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=result.format,
        pages=pages,
        ocr_skipped_pages=result.ocr_skipped_pages,
        meta=result.meta,
    )


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise ExtractError(path, "文件不存在（not found）")
    if not path.is_file():
        raise ExtractError(path, "不是普通文件（not a regular file）")
    size = path.stat().st_size
    if size == 0:
        raise ExtractError(path, "文件为空（0 字节）")
    if size > MAX_FILE_BYTES:
        raise ExtractError(path, f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节）")
    try:
        return path.read_bytes()
    except OSError as error:
        raise ExtractError(path, f"无法读取文件：{error.strerror or error}") from error


def detect_format(path: Path, data: bytes):
    """The ingestor module for this file; extension and magic bytes must agree."""
    suffix = path.suffix.lower()
    head = data[:HEAD_BYTES]
    by_extension = next((m for m in INGESTORS if suffix in m.EXTENSIONS), None)
    by_magic = next((m for m in INGESTORS if m.sniff(head, data)), None)
    if by_extension is None and suffix:
        raise ExtractError(path, f"不支持的文件类型（{suffix}）")
    if by_extension is None:
        if by_magic is None:
            raise ExtractError(path, "无法识别的文件格式（unknown format）")
        return by_magic
    if by_magic is by_extension:
        return by_extension
    # Text and HTML are judged loosely (fragments, odd encodings); a PDF or Word
    # file under a text name is a mismatch however its bytes happen to decode.
    if by_magic not in (pdf, docx) and by_extension.accepts(head, data):
        return by_extension
    if by_magic is None:
        raise ExtractError(
            path,
            f"文件扩展名为 {suffix}，但内容不是有效的{by_extension.NAME}（文件头无法识别，format mismatch）",
        )
    raise ExtractError(path, f"文件扩展名为 {suffix}，但内容是{by_magic.NAME}（format mismatch）")
