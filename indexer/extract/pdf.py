"""PDF: the text layer page by page, OCR where a page has no usable text.

Each page is read with pypdfium2 first (fast, and right on fonts pypdf garbles,
e.g. fpdf2's embedded CID fonts), then with pypdf if pdfium's text is unusable;
a page whose text is still empty or judged garbage is rendered and OCR'd. The
judge looks at what goes wrong in practice: NULs and U+FFFD from broken font
maps, control characters, Chinese that is not Chinese (few dictionary words: a
wrong ToUnicode map yields valid but random Han characters), and the text layer
a poor OCR left behind (letters inside Chinese words, digits read as letters):
such a page is OCR'd again.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from indexer.extract import bounds
from indexer.extract import ocr as ocr_module
from indexer.extract.errors import ExtractError, FormatResult
from indexer.lang.text import HAN as HAN_CHARS
from indexer.lang.text import HAN_CHAR
from indexer.records import Page

NAME = "PDF"
EXTENSIONS = (".pdf",)
MIME_TYPES = ("application/pdf",)

PDF_MAGIC = b"%PDF-"
USABLE = 0.5  # judge score from which a page's text is used as it is
BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
LETTER = re.compile(f"[A-Za-z{HAN_CHARS}]")
SCAN_TEXT_LIMIT = 20  # a full-page image with fewer characters than this is a scan


def sniff(head: bytes, data: bytes) -> bool:
    # The header may follow some junk bytes; readers accept it within 1 KB.
    return PDF_MAGIC in head[:1024]


def accepts(head: bytes, data: bytes) -> bool:
    return sniff(head, data)


def extract_bytes(
    path, data: bytes, *, ocr: bool = True, jobs: int = 1, ocr_cache: Path | None = None, **_options
) -> FormatResult:
    document = open_document(path, data)
    try:
        if len(document) == 0:
            raise ExtractError(path, "PDF 没有页面（0 pages）")
        bounds.check_pages(path, len(document))
        second_opinion = PypdfPages(data)
        readings = [read_page(document, index, second_opinion) for index in range(len(document))]
    finally:
        document.close()
    if ocr:
        bounds.check_ocr_pages(path, sum(1 for r in readings if r.score < USABLE))
    pages, skipped = finish_with_ocr(readings, data, ocr=ocr, jobs=jobs, ocr_cache=ocr_cache)
    scanned = sum(1 for p in pages if p.method == "ocr") + len(skipped)
    return FormatResult(
        format="pdf-scanned" if scanned * 2 > len(pages) else "pdf", pages=pages, ocr_skipped_pages=skipped
    )


# --- opening -------------------------------------------------------------------


def open_document(path, data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise ExtractError(path, "PDF 已加密，需要密码才能打开（encrypted）") from None
        if not data.rstrip().endswith(b"%%EOF"):
            raise ExtractError(path, f"无法读取 PDF：文件已损坏（truncated）：{message}") from None
        raise ExtractError(path, f"无法读取 PDF：文件已损坏（{message}）") from None


# --- one page ----------------------------------------------------------------------


@dataclass
class Reading:
    number: int
    text: str
    method: str
    score: float


def read_page(document, index: int, second_opinion: PypdfPages) -> Reading:
    page = document[index]
    try:
        if page_is_empty(page):
            return Reading(index + 1, "", "pdfium", 1.0)  # a blank page: nothing to read, nothing to OCR
        text = pdfium_text(page)
        score = judge(text)
        if score < USABLE and not is_scan(page, text):
            alternative = second_opinion.text(index)
            if judge(alternative) > score:
                return Reading(index + 1, alternative, "pypdf", judge(alternative))
        if is_scan(page, text):
            score = 0.0
        return Reading(index + 1, text, "pdfium", score)
    finally:
        page.close()


def page_is_empty(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDFPage_CountObjects(page.raw) == 0


def pdfium_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return text_with_paragraph_gaps(textpage)
    finally:
        textpage.close()


def text_with_paragraph_gaps(textpage) -> str:
    """pdfium's text, with an empty line where the line spacing widens.

    The extra space above headings and between paragraphs is the one layout
    signal clean.py needs to tell a heading that fills a line from a wrapped
    sentence; the bare text layer loses it.
    """
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP shift indices: keep plain text
        return text.replace("\r\n", "\n")
    lines, bottoms = [], []
    start = 0
    for match in re.finditer(r"\r\n|\n|\r", text + "\n"):
        line = text[start : match.start()]
        lines.append(line)
        bottoms.append(line_bottom(textpage, start, match.start(), line))
        start = match.end()
    return "\n".join(insert_gaps(lines, bottoms))


def line_bottom(textpage, start: int, end: int, line: str) -> float | None:
    values = [textpage.get_charbox(i)[1] for i in range(start, end) if not line[i - start].isspace()]
    return statistics.median(values) if values else None


def insert_gaps(lines: list[str], bottoms: list[float | None]) -> list[str]:
    steps = [a - b for a, b in zip(bottoms, bottoms[1:]) if a is not None and b is not None and a > b]
    if len(steps) < 3:
        return lines
    usual = statistics.median(steps)
    out, previous = [], None
    for line, bottom in zip(lines, bottoms):
        if (
            previous is not None
            and bottom is not None
            and (previous - bottom > 1.2 * usual or bottom > previous)
        ):
            out.append("")  # wider spacing, or a jump up to a new column
        out.append(line)
        previous = bottom if bottom is not None else previous
    return out


class PypdfPages:
    """pypdf's reading of the same file, parsed only if a page needs a second opinion."""

    def __init__(self, data: bytes):
        self.data = data
        self.reader: Any = None

    def text(self, index: int) -> str:
        try:
            if self.reader is None:
                self.reader = self.open()
            return self.reader.pages[index].extract_text() or ""
        except Exception:  # pypdf is only the second opinion; its failure is no error
            return ""

    def open(self):
        from pypdf import PdfReader

        reader = PdfReader(BytesIO(self.data))
        if reader.is_encrypted:
            reader.decrypt("")  # an empty user password, as pdfium already accepted
        return reader


def is_scan(page, text: str) -> bool:
    """Little text over a full-page image: a scan (perhaps with a stamped page number)."""
    if len(text.strip()) >= SCAN_TEXT_LIMIT:
        return False
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) > 0.5 * width * height:
            return True
    return False


def judge(text: str) -> float:
    """0 (unusable) … 1 (clean): is this page text real text?"""
    content = re.sub(r"\s+", "", text)
    if not content:
        return 0.0
    bad_rate = len(BAD_CHARS.findall(content)) / len(content)
    if bad_rate > 0.02:
        return 0.0
    letters = LETTER.findall(content)
    if len(letters) < 0.3 * len(content):
        return 0.3  # mostly symbols: suspicious, but better than nothing
    han = HAN_CHAR.findall(content)
    if len(han) >= 20 and dictionary_word_rate("".join(han)) < 0.35:
        return 0.2  # valid Han characters that form no words: a wrong font map
    if len(han) >= 20 and misread_rate(content, len(han)) > MISREAD_LIMIT:
        return 0.25  # a poor OCR layer: letters inside Chinese words, digits read as letters
    return 1.0 - bad_rate * 10


# One Latin letter or two between Han characters ("聊城巿l创建"), and numbers with
# letters in them before a Chinese unit ("2O21年", "l0月"): what a poor OCR text
# layer leaves, and real digital text almost never has.
STRAY_LATIN = re.compile(f"(?<=[{HAN_CHARS}])[A-Za-z]{{1,2}}(?=[{HAN_CHARS}])")
MIXED_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])(?=[0-9OoIlSZB]*[0-9])(?=[0-9OoIlSZB]*[OoIlSZB])[0-9OoIlSZB]{2,}"
    r"(?=[年月日号时分秒万亿元个%％])"
)
MISREAD_LIMIT = 0.01  # misreadings per Han character
MISREAD_MIN = 3


def misread_rate(content: str, han_count: int) -> float:
    found = len(STRAY_LATIN.findall(content)) + len(MIXED_NUMBER.findall(content))
    return found / han_count if found >= MISREAD_MIN else 0.0


def dictionary_word_rate(han_text: str) -> float:
    """Share of characters jieba's dictionary puts in words of two or more chars."""
    from indexer.lang.segment import segmenter

    sample = han_text[:2000]
    covered = sum(len(w) for w in segmenter().cut(sample, HMM=False) if len(w) >= 2)
    return covered / len(sample)


# --- OCR for the pages that need it ----------------------------------------------------


def finish_with_ocr(
    readings: list[Reading], data: bytes, *, ocr: bool, jobs: int, ocr_cache: Path | None
) -> tuple[list[Page], list[int]]:
    needing = [r.number for r in readings if r.score < USABLE]
    if not ocr:
        pages = [
            Page(
                r.number,
                "" if r.number in needing else r.text,
                "skipped" if r.number in needing else r.method,
            )
            for r in readings
        ]
        return pages, needing
    results = ocr_results(data, needing, jobs=jobs, cache_dir=ocr_cache)
    pages = []
    for r in readings:
        if r.number in results and (results[r.number].text.strip() or not r.text.strip()):
            result = results[r.number]
            pages.append(Page(r.number, result.text, "ocr", result.confidence))
        else:
            pages.append(Page(r.number, r.text, r.method))
    return pages, []


def ocr_results(
    data: bytes, numbers: list[int], *, jobs: int, cache_dir: Path | None
) -> dict[int, ocr_module.OcrPage]:
    if not numbers:
        return {}
    sha = hashlib.sha256(data).hexdigest()
    results = {n: hit for n in numbers if (hit := ocr_module.cached(cache_dir, sha, n)) is not None}
    missing = [n for n in numbers if n not in results]
    for number, (result, dpi) in ocr_module.ocr_pages(data, missing, jobs=jobs).items():
        ocr_module.store(cache_dir, sha, number, result, dpi)
        results[number] = result
    return results
