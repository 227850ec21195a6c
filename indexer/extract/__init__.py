"""Extract: source file bytes → pages of raw text, and how each page was read.

One module per format, in the manner of ingest-file's ingestors: each declares
the file extensions and MIME types it takes and scores how sure it is that it
can read a file (magic bytes, what a zip or OLE container holds). `extract()`
hands the file to the best-scoring module (see detect_format) and turns every
failure into ExtractError with a Chinese, human-readable reason; bytes that no
module reads are named for what they look like.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from indexer.extract import doc, docx, html, image, ofd, pdf, rtf, text, zipsafe
from indexer.extract.errors import ExtractError
from indexer.lang.text import storable, xml_safe
from indexer.records import Extracted

__all__ = ["INGESTORS", "ExtractError", "detect_format", "extract", "formats_reading"]

# On equal scores the earlier module wins: specific formats before the text guess.
INGESTORS = (pdf, ofd, docx, doc, rtf, image, html, text)
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
    except TimeoutError:
        # The per-file alarm (an OSError subclass): named here, so no caller mistakes it for a read error.
        raise ExtractError(path, "处理超时：超过单个文件的处理时限，已停止读取（转换程序已终止）") from None
    except RecursionError:
        raise ExtractError(path, "文档结构嵌套过深，无法解析（RecursionError）") from None
    except MemoryError:
        raise ExtractError(path, "文档过大，内存不足（MemoryError）") from None
    except Exception as error:  # any library failure is a bad input, not a crash
        raise ExtractError(path, f"无法读取文件：{type(error).__name__}: {error}") from error
    # The one boundary every format's text crosses: what no store can encode is cleaned here.
    pages = [replace(page, text=storable(page.text)) for page in result.pages]
    if not any(p.text.strip() for p in pages) and not result.ocr_skipped_pages:
        raise ExtractError(path, "文件中没有可提取的文字（no text）")
    return Extracted(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=result.format,
        pages=pages,
        ocr_skipped_pages=result.ocr_skipped_pages,
        # titles and bylines from a document's metadata (&#1; in an HTML title): no control characters
        meta={
            key: xml_safe(storable(value)) if isinstance(value, str) else value
            for key, value in result.meta.items()
        },
    )


def formats_reading(data_files: list[str]) -> set[str]:
    """The formats whose extractor reads any of these files of ``indexer/data/`` (its ``DATA_FILES``):
    pages stored by an earlier run of it no longer stand for the file."""
    return {
        fmt
        for module in INGESTORS
        if set(getattr(module, "DATA_FILES", ())) & set(data_files)
        for fmt in getattr(module, "FORMATS", ())
    }


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
    """The ingestor that is surest it can read this file, as ingest-file dispatches.

    Each module scores the bytes (magic numbers, what a zip or OLE container
    holds); the module claiming the extension gets a bonus, so that within one
    family (Word: doc/wps/docx/rtf; layout: PDF/OFD; images) the extension
    breaks ties and a .doc that is really a docx is still read; a document whose
    bytes prove another document format (an OFD named .docx) is read as what it
    is. A text name over document bytes is refused: a PDF named .txt is more
    likely a mistake than a text.
    """
    suffix = path.suffix.lower()
    head = data[:HEAD_BYTES]
    claimed = next((m for m in INGESTORS if suffix in m.EXTENSIONS), None)
    if claimed is None and suffix:
        raise ExtractError(path, f"不支持的文件类型（{suffix}），内容看起来是{looks_like(head, data)}")
    scores = {m: content_score(m, suffix, head, data) for m in INGESTORS}
    best = max(INGESTORS, key=lambda m: (scores[m] + (EXTENSION_BONUS if m is claimed else 0), m is claimed))
    if scores[best] == 0:
        if claimed is None:
            raise ExtractError(path, f"无法识别的文件格式，内容看起来是{looks_like(head, data)}")
        raise ExtractError(
            path,
            f"文件扩展名为 {suffix}，但内容不是有效的{claimed.NAME}，看起来是{looks_like(head, data)}（format mismatch）",
        )
    if claimed is None or best is claimed:
        return best
    if family(best) == family(claimed):
        # Within a family the extension decides when its module can read the bytes at all.
        return claimed if scores[claimed] else best
    if family(claimed) in DOCUMENT_FAMILIES and family(best) in DOCUMENT_FAMILIES and not scores[claimed]:
        return best  # a document under another document's name (an OFD saved as .docx): read what it is
    if family(claimed) == "word" and best is html and scores[html] > WEAK_SCORE:
        return html  # Word's and WPS's "save as web page" under a .doc name, common on government sites
    # Bytes that merely decode as text are named by their looks (an RTF file, say), not as "text".
    what = best.NAME if scores[best] > WEAK_SCORE else looks_like(head, data)
    raise ExtractError(path, f"文件扩展名为 {suffix}，但内容是{what}（format mismatch）")


WEAK_SCORE = 30  # "decodes as text": the loosest guess a module makes
# Families whose bytes prove what they are; a text name over such bytes is refused instead.
DOCUMENT_FAMILIES = {"word", "layout", "image"}


EXTENSION_BONUS = 15


def content_score(module, suffix: str, head: bytes, data: bytes) -> int:
    """0–100: how sure a module is, from the bytes alone, that it can read them."""
    if hasattr(module, "score"):
        return module.score(suffix, head, data)
    if module is pdf:
        return 100 if pdf.sniff(head, data) else 0
    if module is html:  # markup is a strong sign; bytes that merely decode are a weak one
        return 80 if html.sniff(head, data) else (30 if html.accepts(head, data) else 0)
    return 30 if module.accepts(head, data) else 0


def family(module) -> str:
    """Formats one office program writes under each other's names."""
    return getattr(module, "FAMILY", {html: "text", text: "text", pdf: "layout"}.get(module, module.__name__))


def looks_like(head: bytes, data: bytes) -> str:
    """A person's name for unreadable bytes, for the error message."""
    if head.startswith(doc.OLE_MAGIC):
        streams = doc.ole_streams(data)
        for stream, name in OLE_KINDS:
            if stream in streams:
                return name
        return "其他 OLE 复合文档（Office 97-2003 类文件）"
    if zipsafe.is_zip(head):
        names = {n.lower() for n in zipsafe.entry_names(data) or []}
        for marker, name in ZIP_KINDS:
            if any(n.startswith(marker) for n in names):
                return name
        return "zip 压缩包"
    for magic, name in MAGIC_KINDS:
        if head.startswith(magic):
            return name
    if text.accepts(head, data):
        return "纯文本"
    return "无法识别的二进制数据"


OLE_KINDS = (
    ("worddocument", "Word 97-2003 文档"),
    ("workbook", "Excel 97-2003 工作簿（xls）"),
    ("book", "Excel 工作簿（xls）"),
    ("powerpoint document", "PowerPoint 97-2003 演示文稿（ppt）"),
    ("encryptedpackage", "加密的 Office 文档（需要密码）"),
    ("matost", "Microsoft Works 文档"),
)
ZIP_KINDS = (
    ("word/", "Word 文档（docx）"),
    ("xl/", "Excel 工作簿（xlsx）"),
    ("ppt/", "PowerPoint 演示文稿（pptx）"),
    ("ofd.xml", "OFD 版式文档"),
    ("content.xml", "OpenDocument 文档（odt/ods）"),
)
MAGIC_KINDS = (
    (b"%PDF-", "PDF"),
    (b"{\\rtf", "RTF 文档"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"RIFF", "RIFF 媒体文件（WebP/WAV/AVI）"),
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"ID3", "MP3 音频"),
    (b"\x00\x00\x00", "音视频或其他二进制文件"),
)
