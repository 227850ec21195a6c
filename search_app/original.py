"""The original page of an article's source, with a passage marked.

PDF pages are rendered to PNG with pypdfium2 and cached beside the index; the passage's boxes come
from the text layer's character boxes, or, on a scanned page, from the OCR boxes indexing cached.
Boxes are fractions of the page, so the overlay follows the image at any width.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from indexer.engines.base import Store
from indexer.extract import bounds
from indexer.lang.text import squash

SCALE = 2.0  # 144 dpi: small type stays legible, an A4 page is ~1190 px wide
CACHE_VERSION = "v1"
LOOKAROUND = 6  # pages after the linked one searched when the passage is not on it
_PDFIUM = threading.Lock()  # pdfium is not thread-safe; waitress serves with threads
_OCR = threading.Lock()  # one OCR at a time: each already uses every core
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


@dataclass
class Box:
    left: float  # fractions of the page's width and height, from the top left
    top: float
    width: float
    height: float


@dataclass
class Glyph:
    char: str
    left: float
    top: float
    right: float
    bottom: float


def is_pdf(path: str) -> bool:
    return path.lower().endswith(".pdf")


def source_sha(store: Store, path: str) -> str:
    catalog = store.catalog()
    try:
        row = catalog.source(path)
    finally:
        catalog.close()
    if row is not None and row.sha256:
        return row.sha256
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()  # what indexing keys its OCR cache by


def _cached(store: Store, sha: str, page: int, suffix: str) -> Path:
    folder = store.cache_dir("page") / sha[:2]
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{sha}-p{page}-{CACHE_VERSION}.{suffix}"


def page_count(path: str) -> int:
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            return len(document)
        finally:
            document.close()


def page_png(store: Store, path: str, page: int) -> Path:
    """The page rendered once and kept; later views read the file."""
    target = _cached(store, source_sha(store, path), page, "png")
    if target.exists():
        return target
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            shown = document[page - 1]
            # a page may declare any size (14,400 pt): the render stays within the web's pixel bound
            width, height = shown.get_size()
            scale = bounds.capped_scale(width, height, SCALE, bounds.MAX_SHOWN_PIXELS)
            image = shown.render(scale=scale).to_pil()
        finally:
            document.close()
    partial = target.with_suffix(".part")
    image.save(partial, format="PNG", optimize=True)
    partial.replace(target)
    return target


def text_glyphs(path: str, page: int) -> list[Glyph]:
    """The text layer's characters with their boxes, as fractions of the page (empty for a scan)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            pdf_page = document[page - 1]
            width, height = pdf_page.get_size()
            textpage = pdf_page.get_textpage()
            glyphs = []
            for i in range(textpage.count_chars()):
                char = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
                if char.isspace():
                    continue
                left, bottom, right, top = textpage.get_charbox(i)
                glyphs.append(Glyph(char, left / width, 1 - top / height, right / width, 1 - bottom / height))
            return glyphs
        finally:
            document.close()


def ocr_glyphs(store: Store, path: str, page: int) -> list[Glyph]:
    """OCR boxes of a scanned page, each split evenly among its characters.

    The boxes are the ones indexing cached (store.cache_dir("ocr"), keyed by the file's sha256 and the
    page): the page is read again only when that cache lacks it, and the reading is then kept there
    for indexing too."""
    from indexer.extract import ocr

    cache, sha = store.cache_dir("ocr"), source_sha(store, path)
    reading = ocr.cached(cache, sha, page)
    width, height = ocr_pixel_size(path, page)
    if reading is None:
        with _OCR:
            reading = ocr.cached(cache, sha, page)  # another request read this page while we waited
            if reading is None:
                reading, dpi = read_page(path, page)
                ocr.store(cache, sha, page, reading, dpi)
    return [glyph for box in reading.boxes for glyph in box_glyphs(box, width, height, reading.rotation)]


def ocr_pixel_size(path: str, page: int) -> tuple[float, float]:
    """The size in pixels of the page as indexing rendered it for OCR (the cached boxes' frame)."""
    import pypdfium2 as pdfium

    from indexer.extract import ocr

    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            shown = document[page - 1]
            width, height = shown.get_size()
            scale = ocr.render_scale(shown)
        finally:
            document.close()
    return round(width * scale), round(height * scale)


def read_page(path: str, page: int):
    """OCR one page as indexing does (the same render, the same turns), and the render's dpi."""
    import pypdfium2 as pdfium

    from indexer.extract import ocr

    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            shown = document[page - 1]
            scale = ocr.render_scale(shown)
            image = shown.render(scale=scale, grayscale=False).to_pil()
        finally:
            document.close()
    return ocr.read_image(image), scale * 72


def box_glyphs(box, width: float, height: float, rotation: int) -> list[Glyph]:
    """One OCR box split evenly among its characters, as fractions of the page as shown (unturned).

    The boxes of a page OCR read turned (rotation, counter-clockwise) are in the turned image's frame."""
    turned_width, turned_height = (height, width) if rotation in (90, 270) else (width, height)
    chars = [c for c in box.text if not c.isspace()]
    step = (box.right - box.left) / max(len(chars), 1)
    glyphs = []
    for n, char in enumerate(chars):
        x0, x1 = box.left + n * step, box.left + (n + 1) * step
        u0, u1 = x0 / turned_width, x1 / turned_width
        v0, v1 = box.top / turned_height, box.bottom / turned_height
        corners = [unturned(u, v, rotation) for u in (u0, u1) for v in (v0, v1)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        glyphs.append(Glyph(char, min(xs), min(ys), max(xs), max(ys)))
    return glyphs


def unturned(u: float, v: float, rotation: int) -> tuple[float, float]:
    """A point of the turned image (fractions) on the page as it stands."""
    if rotation == 90:
        return 1 - v, u
    if rotation == 180:
        return 1 - u, 1 - v
    if rotation == 270:
        return v, 1 - u
    return u, v


def find_boxes(glyphs: list[Glyph], passages: list[str]) -> list[Box]:
    """Boxes of the first passage found on the page, one box per line it runs over."""
    text = "".join(g.char for g in glyphs)
    for passage in passages:
        wanted = squash(passage)
        start = text.find(wanted) if wanted else -1
        if start >= 0:
            return line_boxes(glyphs[start : start + len(wanted)])
    return []


def line_boxes(glyphs: list[Glyph]) -> list[Box]:
    """Characters merged into one box per line (a new line starts where a glyph is below the last)."""
    lines: list[list[Glyph]] = []
    for glyph in glyphs:
        if lines and glyph.top < lines[-1][-1].bottom and glyph.left >= lines[-1][-1].left - 0.001:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    boxes = []
    for line in lines:
        left, top = min(g.left for g in line), min(g.top for g in line)
        right, bottom = max(g.right for g in line), max(g.bottom for g in line)
        pad = 0.002
        boxes.append(Box(left - pad, top - pad, right - left + 2 * pad, bottom - top + 2 * pad))
    return boxes


def passages_for(text: str, sentence: str | None, needles: list[str]) -> list[str]:
    """What to mark, best first: the given sentence; the sentence of the text holding most query words;
    then each query word alone."""
    wanted = [sentence.strip()] if sentence and sentence.strip() else []
    if needles:
        scored = [
            (sum(needle in s for needle in needles), -n, s.strip())
            for n, s in enumerate(_SENTENCE.findall(text))
            if any(needle in s for needle in needles)
        ]
        if scored:
            wanted.append(max(scored)[2])
        wanted += sorted(needles, key=len, reverse=True)
    if wanted and len(squash(wanted[0])) > 40:
        wanted.append(wanted[0][:40])  # a long sentence may run onto the next page: its start is enough
    return wanted


def glyphs_of(store: Store, path: str, page: int) -> tuple[list[Glyph], str]:
    glyphs = text_glyphs(path, page)
    if glyphs:
        return glyphs, "text"
    return ocr_glyphs(store, path, page), "ocr"


def locate(
    store: Store, path: str, first_page: int, passages: list[str], pages: int
) -> tuple[int, list[Box], str]:
    """The page (from first_page on) where a passage stands, its boxes, and how they were found."""
    last = min(pages, first_page + LOOKAROUND)
    for number in range(first_page, last + 1):
        glyphs, how = glyphs_of(store, path, number)
        boxes = find_boxes(glyphs, passages)
        if boxes:
            return number, boxes, how
    return first_page, [], "none"
