"""OCR of PDF pages, offline: render with pypdfium2, read with RapidOCR.

RapidOCR 3.10 ships its PP-OCR ONNX models inside the wheel, so nothing is
downloaded at run time (a test runs it with every socket connection refused).
The engine loads once per process. Results can be cached on disk, keyed by the
file's sha256, the page and the render resolution, so re-indexing a scanned
archive costs no OCR time.
"""

from __future__ import annotations

import json
import math
import os
import statistics
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from indexer.extract import bounds


@dataclass(frozen=True)
class OcrSettings:
    """Every OCR knob a deployment may want to turn, in one place (``SETTINGS`` below).

    The defaults are what measured best on the corpus scans at unchanged accuracy
    (``scripts/ocr_compare.py --speed``; ``bench/results.md``).
    """

    # Pages are rendered with their short side at this many pixels (A4 at 150 dpi); the recogniser
    # reads its text crops from this image. 1240 px reads as well as the native 1406 or 2196 px of
    # the corpus scans (170 dpi, slightly rotated) in 30-40 % less time than native.
    render_short_side_px: int = 1240
    # The text detector sees the page scaled down so that its long side is at most this many
    # pixels; 0: the whole render. The detector is most of a page's time (one page on one thread:
    # 3.9 CPU-s in all, 1.7 with the detector at 960 px), but scaled down it merges lines across a
    # narrow gutter (14 px at 1240 px) into one box and the layout reads across four columns
    # (0.94 instead of 0.998 on corpus 002, at 960, 1120 and 1280 px alike).
    detector_long_side_px: int = 0
    # Text lines recognised per onnxruntime call. Lines are sorted by width and a batch is padded to
    # its widest, so on one thread single lines waste nothing (batches of 6 cost ~20 % more).
    recognizer_batch: int = 1
    # Turn each page image level before detection (see ``deskewed``): off, for it changed nothing
    # measurable at the whole render (+0.0009 and +0.0003 on corpus 000 and 002, -0.0005 on 003)
    # and did not save a scaled-down detector from the merged boxes above.
    deskew: bool = False
    # Threads of each OCR session (onnxruntime intra-op). 0: the cores this process may run on,
    # divided among the workers of a --jobs or cluster run, so that workers do not fight over cores.
    threads: int = 0


SETTINGS = OcrSettings()
SHORT_SIDE_PX = SETTINGS.render_short_side_px  # the cache key below depends on it
CACHE_VERSION = f"rapidocr-3.10-nocls-{SHORT_SIDE_PX}px-boxes"


@dataclass
class OcrPage:
    text: str
    confidence: float | None
    rotation: int = 0  # degrees the page image was turned to be read upright
    boxes: list[Box] = field(default_factory=list)  # what the engine saw, before layout


# --- the engine -----------------------------------------------------------------


_process_threads = 0  # set by set_threads: this process's share of the cores (a Dask worker's)


def set_threads(threads: int) -> None:
    """The intra-op threads this process's OCR sessions use when a caller names none (0: every core
    the process may run on). A Dask worker sets its share, so that workers pinned to one core each do
    not each start a spinning thread per core of the machine."""
    global _process_threads
    _process_threads = max(0, threads)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity: taskset, cgroups), not the machine's."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this platform
        return max(1, os.cpu_count() or 1)


def thread_count(threads: int = 0) -> int:
    return threads or SETTINGS.threads or _process_threads or usable_cores()


def engine(threads: int = 0, settings: OcrSettings = SETTINGS):
    """The RapidOCR engine of this process, loaded once per thread count (0: see ``thread_count``)
    and settings."""
    return _engine(thread_count(threads), settings.detector_long_side_px, settings.recognizer_batch)


@cache
def _engine(threads: int, detector_long_side_px: int, recognizer_batch: int):
    from rapidocr import RapidOCR

    # No angle classifier: on these slightly rotated scans it turned whole
    # lines upside down, which then fell below the score cut-off and vanished
    # (one line lost per document at some sizes). Pages come upright from
    # pdfium, which applies /Rotate.
    params = {
        "Global.log_level": "error",
        "Global.use_cls": False,
        # onnxruntime's own default is every core of the machine, whatever the affinity says
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "Rec.rec_batch_num": recognizer_batch,
    }
    if detector_long_side_px:
        # "max": scale down to the limit, never up; RapidOCR's default ("min", 736) only scales up
        params |= {"Det.limit_type": "max", "Det.limit_side_len": detector_long_side_px}
    return RapidOCR(params=params)


def read_image(image, threads: int = 0, settings: OcrSettings = SETTINGS) -> OcrPage:
    """OCR one PIL/numpy image into lines in reading order, the page turned upright."""
    if is_blank(image):
        return OcrPage("", None)  # nothing drawn: spare the engine (~2 s a page)
    reading = best_orientation(image, threads, settings)
    return page_from_boxes(reading.boxes, reading.angle)


def page_from_boxes(boxes: list[Box], rotation: int) -> OcrPage:
    """Lay the engine's boxes out as text: kept apart so a cached page is laid out anew."""
    if not boxes:
        return OcrPage("", None, rotation)
    return OcrPage(lines_to_text(boxes), statistics.fmean(b.score for b in boxes), rotation, boxes)


@dataclass
class Orientation:
    angle: int  # degrees the page image was turned (counter-clockwise) to read it
    boxes: list[Box]

    @property
    def weight(self) -> float:
        """Confidently read characters: the measure that picks the upright reading.
        Lines running down the image count half: the recogniser turns tall crops and
        may read them well, but the page is still on its side and its layout lost."""
        read = sum(b.score * len(b.text.strip()) for b in self.boxes)
        return read / 2 if mostly_tall(self.boxes) else read


# A page read this confidently, with lines that run across rather than down, is upright.
UPRIGHT_CONFIDENCE = 0.9


def best_orientation(image, threads: int, settings: OcrSettings = SETTINGS) -> Orientation:
    """Read the page as it is; if the reading looks wrong, turn it and keep the best.

    Upside-down text still yields boxes, but with low scores and few characters
    (measured: 0.72 mean over 95 characters upside down, 0.996 over 1634
    upright); a page turned by 90° yields boxes taller than wide. Only a
    doubtful page pays for the extra readings.
    """
    first = read_turned(image, 0, threads, settings)
    if looks_upright(first):
        return first
    turns = (180, 90, 270) if not mostly_tall(first.boxes) else (90, 270, 180)
    best = first
    for angle in turns:
        candidate = read_turned(image, angle, threads, settings)
        if candidate.weight > best.weight:
            best = candidate
        if looks_upright(best):
            break
    return best


def looks_upright(reading: Orientation) -> bool:
    if not reading.boxes:
        return True  # nothing to read in any direction
    mean = statistics.fmean(b.score for b in reading.boxes)
    return mean >= UPRIGHT_CONFIDENCE and not mostly_tall(reading.boxes)


def mostly_tall(boxes: list[Box]) -> bool:
    """Most multi-character boxes taller than wide: text lines running down the image."""
    long_ones = [b for b in boxes if len(b.text.strip()) >= 3]
    return bool(long_ones) and sum(1 for b in long_ones if b.height > b.width) > len(long_ones) / 2


def read_turned(image, angle: int, threads: int, settings: OcrSettings = SETTINGS) -> Orientation:
    import numpy as np

    if hasattr(image, "rotate"):
        turned = image.rotate(angle, expand=True) if angle else image
        pixels = np.asarray(turned.convert("RGB"))
    else:
        pixels = np.rot90(image, k=angle // 90) if angle else image
    if settings.deskew:
        pixels = deskewed(pixels)
    result = engine(threads, settings)(pixels)
    if result.boxes is None or not result.txts:
        return Orientation(angle, [])
    boxes = [
        Box.from_points(points, text, score)
        for points, text, score in zip(result.boxes, result.txts, result.scores)
    ]
    return Orientation(angle, boxes)


# Scans lean by a degree or two at most; a page on its side is turned by best_orientation.
MAX_SKEW = 0.035  # radians, 2°
SKEW_STEP = 0.002


def deskewed(pixels):
    """The page image turned so that its text lines run level.

    Layout (lines_to_text) finds columns by the gutters between boxes once the page is
    deskewed, and a gutter of a few pixels is lost if the skew is off by a few thousandths
    of a radian over a column's height. Box edges are too coarse to measure that (a detector
    that sees the page scaled down finds the corpus scans' 0.5° as 0°), so the skew is measured
    on the image, and the boxes then come out level.
    """
    import cv2

    angle = skew_of(pixels)
    if abs(angle) < SKEW_STEP / 4:
        return pixels
    height, width = pixels.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), math.degrees(angle), 1.0)
    white = (255,) * (pixels.shape[2] if pixels.ndim == 3 else 1)
    return cv2.warpAffine(pixels, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=white)


def skew_of(pixels) -> float:
    """Radians the text lines fall to the right (as Box.angle): the shear that gives the sharpest
    profile of dark pixels by row, found on a half-size image, coarse then fine."""
    import numpy as np

    half = np.asarray(pixels)[::2, ::2]
    gray = half.mean(axis=2) if half.ndim == 3 else half
    ys, xs = np.nonzero(gray < 128)
    if len(ys) < 1000:
        return 0.0  # too little ink to tell
    xs = xs - xs.mean()

    def sharpness(angle: float) -> float:
        rows = np.round(ys - xs * math.tan(angle)).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float(counts @ counts)

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP), key=sharpness)
    fine = np.arange(coarse - SKEW_STEP, coarse + SKEW_STEP, SKEW_STEP / 10)
    return float(max(fine, key=sharpness))


def is_blank(image) -> bool:
    """A page rendered to (almost) one flat colour has no text to find."""
    if not hasattr(image, "convert"):
        return False
    low, high = image.convert("L").getextrema()
    return high - low < 16


# --- reading order ----------------------------------------------------------------


@dataclass
class Box:
    text: str
    score: float
    points: list[tuple[float, float]]  # four corners, clockwise from top left

    @classmethod
    def from_points(cls, points, text: str, score: float) -> Box:
        return cls(text, float(score), [(float(a), float(b)) for a, b in points])

    @property
    def angle(self) -> float:
        """Slope of the top edge, radians."""
        (x0, y0), (x1, y1) = self.points[0], self.points[1]
        return math.atan2(y1 - y0, x1 - x0) if x1 != x0 else 0.0

    @property
    def left(self) -> float:
        return min(x for x, _ in self.points)

    @property
    def right(self) -> float:
        return max(x for x, _ in self.points)

    @property
    def top(self) -> float:
        return min(y for _, y in self.points)

    @property
    def bottom(self) -> float:
        return max(y for _, y in self.points)

    @property
    def x(self) -> float:
        return self.left

    @property
    def y(self) -> float:
        return sum(y for _, y in self.points) / 4

    @property
    def width(self) -> float:
        (x0, y0), (x1, y1) = self.points[0], self.points[1]
        return math.hypot(x1 - x0, y1 - y0)

    @property
    def height(self) -> float:
        (x0, y0), (x3, y3) = self.points[0], self.points[3]
        return math.hypot(x3 - x0, y3 - y0) or 1.0

    def turned(self, angle: float) -> Box:
        """The box with the page rotated by -angle about the origin (deskew)."""
        cos, sin = math.cos(angle), math.sin(angle)
        return Box(self.text, self.score, [(x * cos + y * sin, y * cos - x * sin) for x, y in self.points])


def lines_to_text(boxes: list[Box]) -> str:
    """Boxes in reading order: deskew, cut the page into blocks, read each block's lines.

    Blocks come from recursive cuts along empty bands (XY-cut): a wide gap
    across the page separates a banner or a section from what follows; a
    gutter down a section separates its columns, read left to right, each top
    to bottom. Blocks are separated by an empty line, the paragraph signal
    clean.py uses; columns are not, since a sentence runs on from one into
    the next.
    """
    if not boxes:
        return ""
    level = [b.angle for b in boxes if abs(b.angle) < 0.2]
    skew = statistics.median(level) if level else 0.0
    upright = [b.turned(skew) for b in boxes]
    unit = statistics.median(b.height for b in upright)
    return "\n".join(read_blocks(upright, unit))


def read_blocks(boxes: list[Box], unit: float, depth: int = 0) -> list[str]:
    if depth < 40 and len(boxes) > 1:
        bands = cut(boxes, horizontal=True, gap=0.45 * unit)
        if len(bands) > 1:
            sections = merge_column_bands(bands, unit)
            return join_blocks(
                [
                    read_columns(section, unit, depth + 1)
                    if len(group) > 1
                    else read_blocks(section, unit, depth + 1)
                    for section, group in sections
                ]
            )
        if several_rows(boxes, unit):
            return read_columns(boxes, unit, depth + 1)
    return read_lines(boxes)


def read_columns(boxes: list[Box], unit: float, depth: int) -> list[str]:
    """A section: its columns left to right, each read as a block of its own."""
    columns = cut(boxes, horizontal=False, gap=0.3 * unit)
    if len(columns) < 2:
        return read_lines(boxes)
    return [line for column in columns for line in read_blocks(column, unit, depth + 1)]


def several_rows(boxes: list[Box], unit: float) -> bool:
    """A gap inside a single row is a space between words, not a gutter."""
    return max(b.bottom for b in boxes) - min(b.top for b in boxes) > 1.6 * unit


def join_blocks(blocks: list[list[str]]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if out and block:
            out.append("")
        out.extend(block)
    return out


def cut(boxes: list[Box], *, horizontal: bool, gap: float) -> list[list[Box]]:
    """Split boxes where an empty band at least `gap` wide crosses them all."""
    start = (lambda b: b.top) if horizontal else (lambda b: b.left)
    end = (lambda b: b.bottom) if horizontal else (lambda b: b.right)
    groups: list[list[Box]] = []
    reach = -math.inf
    for box in sorted(boxes, key=start):
        if groups and start(box) - reach < gap:
            groups[-1].append(box)
        else:
            groups.append([box])
        reach = max(reach, end(box)) if len(groups[-1]) > 1 else end(box)
    return groups


def merge_column_bands(bands: list[list[Box]], unit: float) -> list[tuple[list[Box], list[list[Box]]]]:
    """Rejoin bands that are rows of the same columns: (section, the bands it holds).

    With wide line spacing a gap runs between every row of a multi-column
    section; cutting there first would read across the columns. Consecutive
    bands whose gutters line up belong to one section and are cut into
    columns together.
    """
    merged: list[tuple[list[Box], list[list[Box]]]] = []
    for band in bands:
        if merged and same_columns(merged[-1][1][-1], band, unit):
            merged[-1][0].extend(band)
            merged[-1][1].append(band)
        else:
            merged.append((list(band), [band]))
    return merged


def gutters(boxes: list[Box], unit: float) -> list[tuple[float, float]]:
    columns = cut(boxes, horizontal=False, gap=0.3 * unit)
    return [(max(b.right for b in a), min(b.left for b in b_)) for a, b_ in zip(columns, columns[1:])]


def same_columns(upper: list[Box], lower: list[Box], unit: float) -> bool:
    above, below = gutters(upper, unit), gutters(lower, unit)
    if not above or not below:
        return False
    return all(any(a0 < b1 and b0 < a1 for b0, b1 in below) for a0, a1 in above) and all(
        any(a0 < b1 and b0 < a1 for a0, a1 in above) for b0, b1 in below
    )


def read_lines(boxes: list[Box]) -> list[str]:
    """One block: group boxes into text lines, mark wider line spacing with an empty line."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.y):
        if lines and abs(box.y - line_y(lines[-1])) < 0.5 * min(box.height, line_height(lines[-1])):
            lines[-1].append(box)
        else:
            lines.append([box])
    return with_paragraph_gaps(
        [join_boxes(sorted(l, key=lambda b: b.x)) for l in lines], [line_y(l) for l in lines]
    )


def line_y(line: list[Box]) -> float:
    return statistics.fmean(b.y for b in line)


def line_height(line: list[Box]) -> float:
    return statistics.fmean(b.height for b in line)


def join_boxes(boxes: list[Box]) -> str:
    text = boxes[0].text.strip()
    for box in boxes[1:]:
        right = box.text.strip()
        if (
            text
            and right
            and text[-1].isascii()
            and text[-1].isalnum()
            and right[0].isascii()
            and right[0].isalnum()
        ):
            text += " "  # two Latin words; CJK boxes join without a space
        text += right
    return text


def with_paragraph_gaps(lines: list[str], ys: list[float]) -> list[str]:
    """Insert an empty line where the line spacing is clearly wider than usual:
    the same signal the PDF text layer gives clean.py for headings and paragraphs."""
    if len(ys) < 3:
        return lines
    steps = [b - a for a, b in zip(ys, ys[1:])]
    usual = statistics.median(steps)
    out = [lines[0]]
    for line, step in zip(lines[1:], steps):
        if step > 1.2 * usual:
            out.append("")
        out.append(line)
    return out


# --- rendering --------------------------------------------------------------------


def render_scale(page, settings: OcrSettings = SETTINGS) -> float:
    """Scale that puts the page's short side at the settings' render size.

    Scanners declare arbitrary page sizes (the corpus scans claim 1054 pt
    wide), so the declared size says nothing about the real resolution; the
    pixel size of the rendered page is what the detector sees.
    """
    width, height = page.get_size()
    return bounds.capped_scale(
        width,
        height,
        settings.render_short_side_px / max(1.0, min(width, height)),
        bounds.MAX_RENDER_PIXELS,
    )


def ocr_pdf_page(page, threads: int = 0) -> tuple[OcrPage, float]:
    scale = render_scale(page)
    image = page.render(scale=scale, grayscale=False).to_pil()
    return read_image(image, threads), scale * 72


# --- cache and pool -----------------------------------------------------------------


def cache_file(cache_dir: Path, file_sha256: str, page_number: int) -> Path:
    return Path(cache_dir) / file_sha256[:2] / f"{file_sha256}-p{page_number}-{CACHE_VERSION}.json"


def cached(cache_dir: Path | None, file_sha256: str, page_number: int) -> OcrPage | None:
    if cache_dir is None:
        return None
    try:
        data = json.loads(cache_file(cache_dir, file_sha256, page_number).read_text(encoding="utf-8"))
        boxes = [Box.from_points(points, text, score) for points, text, score in data["boxes"]]
        return page_from_boxes(boxes, int(data["rotation"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or damaged entry is simply recomputed


def store(cache_dir: Path | None, file_sha256: str, page_number: int, result: OcrPage, dpi: float) -> None:
    """Write one page's OCR boxes (the layout is redone on reading, so improving it
    needs no new OCR); the key holds the render size through CACHE_VERSION."""
    if cache_dir is None:
        return
    target = cache_file(cache_dir, file_sha256, page_number)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")  # writers never share a temp file
        temporary.write_text(
            json.dumps(
                {
                    "boxes": [[b.points, b.text, b.score] for b in result.boxes],
                    "rotation": result.rotation,
                    "dpi": dpi,
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        temporary.replace(target)  # atomic: parallel indexers never read half a file
    except OSError:
        pass  # a read-only cache must not stop extraction


def ocr_pages(
    data: bytes, page_numbers: list[int], *, jobs: int = 1, password: str | None = None
) -> dict[int, tuple[OcrPage, float]]:
    """OCR the given 1-based pages of a PDF, in a process pool when jobs > 1."""
    if jobs <= 1 or len(page_numbers) <= 1:
        return dict(zip(page_numbers, (ocr_one(data, n, 0, password) for n in page_numbers)))
    workers = min(jobs, len(page_numbers))
    # spawn, not fork: onnxruntime's thread pools do not survive a fork
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        results = pool.map(
            ocr_one,
            [data] * len(page_numbers),
            page_numbers,
            [max(1, thread_count() // workers)] * len(page_numbers),
            [password] * len(page_numbers),
        )
        return dict(zip(page_numbers, results))


def ocr_one(data: bytes, page_number: int, threads: int, password: str | None) -> tuple[OcrPage, float]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data, password=password)
    try:
        return ocr_pdf_page(document[page_number - 1], threads)
    finally:
        document.close()
