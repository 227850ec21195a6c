"""Image scans (.tif/.tiff, .jpg/.jpeg, .png): one page per frame, read by OCR.

Each frame is turned upright by its EXIF orientation and scaled so that its
short side has the pixels the scanned-PDF path renders pages at, then read by
the project's OCR (indexer.extract.ocr), whose on-disk cache keys results by the
file's sha256 and the page number, as for PDFs.
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

from indexer.extract import bounds
from indexer.extract import ocr as ocr_module
from indexer.extract.errors import ExtractError, FormatResult
from indexer.records import Page

NAME = "图片扫描件（tif/jpg/png）"
EXTENSIONS = (".tif", ".tiff", ".jpg", ".jpeg", ".png")
MIME_TYPES = ("image/tiff", "image/jpeg", "image/png")
FAMILY = "image"

MAGIC = (b"II*\x00", b"MM\x00*", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def score(suffix: str, head: bytes, data: bytes) -> int:
    return 100 if head.startswith(MAGIC) else 0


def extract_bytes(
    path, data: bytes, *, ocr: bool = True, ocr_cache: Path | None = None, **_options
) -> FormatResult:
    image = open_image(path, data)
    frames = getattr(image, "n_frames", 1)
    bounds.check_pages(path, frames)
    if ocr:
        bounds.check_ocr_pages(path, frames)
    if not ocr:
        pages = [Page(n, "", "skipped") for n in range(1, frames + 1)]
        return FormatResult(
            format=image_format(image), pages=pages, ocr_skipped_pages=list(range(1, frames + 1))
        )
    sha = hashlib.sha256(data).hexdigest()
    pages = []
    for number in range(1, frames + 1):
        result = ocr_frame(image, number, sha, ocr_cache)
        pages.append(Page(number, result.text, "ocr", result.confidence))
    return FormatResult(format=image_format(image), pages=pages)


def open_image(path, data: bytes):
    from PIL import Image

    try:
        image = Image.open(BytesIO(data))
        width, height = image.size
    except Exception as error:
        raise ExtractError(
            path, f"无法读取图片：文件已损坏或格式不受支持（{type(error).__name__}）"
        ) from None
    bounds.check_image(path, width, height)
    return image


def image_format(image) -> str:
    return {"TIFF": "tiff", "JPEG": "jpg", "PNG": "png", "MPO": "jpg"}.get(image.format or "", "image")


def ocr_frame(image, number: int, sha: str, cache_dir: Path | None) -> ocr_module.OcrPage:
    hit = ocr_module.cached(cache_dir, sha, number)
    if hit is not None:
        return hit
    image.seek(number - 1)
    bounds.check_image(None, *image.size)  # each frame of a TIFF declares its own size
    result = ocr_module.read_image(upright_and_scaled(image))
    ocr_module.store(cache_dir, sha, number, result, float(ocr_module.SHORT_SIDE_PX))
    return result


def upright_and_scaled(image, short_side_px: int = ocr_module.SHORT_SIDE_PX):
    """The frame as the scanned-PDF path sees a page: upright, short side at the OCR render size."""
    from PIL import Image, ImageOps

    frame = as_rgb(ImageOps.exif_transpose(image) or image)
    width, height = frame.size
    scale = bounds.capped_scale(
        width, height, short_side_px / max(1, min(width, height)), bounds.MAX_RENDER_PIXELS
    )
    if abs(scale - 1) > 0.05:
        frame = frame.resize(
            (max(1, int(width * scale)), max(1, int(height * scale))), Image.Resampling.LANCZOS
        )
    return frame


def as_rgb(frame):
    """RGB on white: transparent pixels would turn black, 16-bit greys would clip to white."""
    from PIL import Image

    if frame.mode.startswith("I;16") or frame.mode in ("I", "F"):
        import numpy as np

        pixels = np.asarray(frame, dtype=np.float64)
        span = float(pixels.max() - pixels.min()) or 1.0
        frame = Image.fromarray(((pixels - pixels.min()) * (255.0 / span)).astype(np.uint8), "L")
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return frame.convert("RGB")


def ocr_image_bytes(
    path, data: bytes, page_number: int, sha: str, cache_dir: Path | None
) -> ocr_module.OcrPage:
    """OCR one embedded picture (an OFD page's scan), cached under the containing file's sha and page."""
    hit = ocr_module.cached(cache_dir, sha, page_number)
    if hit is not None:
        return hit
    image = open_image(path, data)
    result = ocr_module.read_image(upright_and_scaled(image))
    ocr_module.store(cache_dir, sha, page_number, result, float(ocr_module.SHORT_SIDE_PX))
    return result
