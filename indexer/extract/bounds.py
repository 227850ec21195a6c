"""What one file may cost, decided before the work starts: pages, pages sent to OCR, and pixels.

A few hundred bytes can declare a 14,400 pt page, a 10×200,000 pixel strip or 5,000 near-empty
pages; each bound here turns such a file into a named failure (or a smaller render) instead of
gigabytes of memory or an hour of a worker. The per-file time bound (``indexer.run.workers``)
stays the last resort, not the first.
"""

from __future__ import annotations

import math

from indexer.extract.errors import ExtractError

MAX_PAGES = 2000  # pages or image frames of one file: a whole file box of scans
# Pages of one file sent to OCR: at ~1.2 s a page, 400 fill the 600 s per-file bound; more is split first.
MAX_OCR_PAGES = 400
MAX_IMAGE_PIXELS = 100_000_000  # an image decoded whole: an A3 sheet at 600 dpi is 70 Mpx
MAX_RENDER_PIXELS = 24_000_000  # one page rendered or image scaled for OCR (A4 at 1,240 px: 1.8 Mpx)
MAX_SHOWN_PIXELS = 16_000_000  # one page image the web shows (A4 at scale 2: 2.0 Mpx)


def capped_scale(width: float, height: float, scale: float, limit: int) -> float:
    """``scale``, lowered where needed so that width×height rendered at it stays within ``limit`` pixels."""
    area = max(1.0, width) * max(1.0, height)
    return min(scale, math.sqrt(limit / area))


def check_pages(path, count: int) -> None:
    if count > MAX_PAGES:
        raise ExtractError(path, f"页数过多：共 {count} 页（或帧），上限 {MAX_PAGES}；请拆分后再索引")


def check_ocr_pages(path, count: int) -> None:
    if count > MAX_OCR_PAGES:
        raise ExtractError(
            path,
            f"需要识别（OCR）的页面过多：{count} 页，上限 {MAX_OCR_PAGES}；请拆分后再索引，或用 --no-ocr",
        )


def check_image(path, width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise ExtractError(path, f"图片过大（{width}×{height} 像素，上限 {MAX_IMAGE_PIXELS} 像素）")
