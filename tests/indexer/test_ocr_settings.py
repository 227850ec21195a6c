"""The OCR settings (indexer.extract.ocr.SETTINGS) reach the engine that reads the pages, and the
workers of a --jobs run share the cores instead of each taking them all."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest

from indexer.extract import ocr
from indexer.run.workers import Job, run_jobs
from tests.conftest import SHARED

SCAN = SHARED / "corpus" / "pdf" / "000-scanned.pdf"


@pytest.fixture(scope="module")
def page_pixels():
    document = pdfium.PdfDocument(SCAN)
    try:
        page = document[0]
        return np.asarray(page.render(scale=ocr.render_scale(page)).to_pil().convert("RGB"))
    finally:
        document.close()


def test_pages_render_at_the_configured_size(page_pixels):
    assert min(page_pixels.shape[:2]) == pytest.approx(ocr.SETTINGS.render_short_side_px, abs=1)
    assert str(ocr.SETTINGS.render_short_side_px) in ocr.CACHE_VERSION  # the cache keeps render sizes apart


def test_the_engine_reads_with_the_configured_detector_size_batch_and_threads(page_pixels):
    engine = ocr.engine(1)
    assert ocr.read_image(page_pixels, 1).text  # loads the detector and the recogniser
    assert_detector_sees(engine, page_pixels, ocr.SETTINGS.detector_long_side_px)
    assert engine.text_rec.rec_batch_num == ocr.SETTINGS.recognizer_batch
    assert not engine.use_cls  # pages come upright from pdfium; the angle classifier turned lines over
    for model in (engine.text_det, engine.text_rec):
        assert model.session.session.get_session_options().intra_op_num_threads == 1


def test_other_settings_get_an_engine_of_their_own(page_pixels):
    limited = ocr.OcrSettings(detector_long_side_px=960, recognizer_batch=6)
    engine = ocr.engine(1, limited)
    assert engine is not ocr.engine(1) and engine is ocr.engine(1, limited)
    ocr.read_image(page_pixels, 1, limited)
    assert_detector_sees(engine, page_pixels, 960)
    assert engine.text_rec.rec_batch_num == 6


def assert_detector_sees(engine, pixels, long_side_px: int) -> None:
    """The detector's input: the render itself (0), or scaled down to the limit; multiples of 32."""
    height, width = pixels.shape[:2]
    scale = min(1.0, long_side_px / max(height, width)) if long_side_px else 1.0
    expected = (round(int(height * scale) / 32) * 32, round(int(width * scale) / 32) * 32)
    assert engine.text_det.get_preprocess()(pixels).shape[2:] == expected


def test_a_leaning_page_is_turned_level(page_pixels):
    """The corpus scans lean by about half a degree; after deskewing, no measurable lean is left."""
    assert not ocr.SETTINGS.deskew  # measured no better at the whole render: an option, off
    lean = ocr.skew_of(page_pixels)
    assert abs(lean) > 0.005
    level = ocr.deskewed(page_pixels)
    assert level.shape == page_pixels.shape
    assert abs(ocr.skew_of(level)) < abs(lean) / 3


def test_a_page_without_ink_is_left_as_it_is():
    white = np.full((400, 300, 3), 255, dtype=np.uint8)
    assert ocr.skew_of(white) == 0.0
    assert ocr.deskewed(white) is white


def ocr_threads_of_this_worker() -> int:
    return ocr.thread_count()


@pytest.mark.parametrize("processes", [1, 2])
def test_each_worker_of_a_jobs_run_takes_its_share_of_the_cores(processes):
    jobs = [Job(f"file{n}", ocr_threads_of_this_worker) for n in range(processes)]
    found = list(run_jobs(jobs, processes, timeout_seconds=60))
    assert found == [max(1, ocr.usable_cores() // processes)] * processes
