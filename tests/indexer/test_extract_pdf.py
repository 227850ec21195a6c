"""PDF extraction against the real corpus: digital text layers and OCR'd scans.

Acceptance: extract + clean_pages matches the seed text (after clean_text, all
whitespace removed) with character accuracy ≥ 99.5 % for digital PDFs and
≥ 97 % for scanned ones, and no converter notice survives. Each scanned PDF is
OCR'd once per session (module-scoped fixture): OCR costs ~3 s a page.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from indexer.clean import clean_pages, clean_text
from indexer.engines import open_store
from indexer.extract import ExtractError, extract
from indexer.extract.ocr import Box, lines_to_text
from indexer.extract.pdf import judge
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
PDFS = CORPUS / "pdf"
REPO = Path(__file__).resolve().parents[2]
NUMBERS = ["000", "002", "003"]


def _script_levenshtein():
    """The measuring script's edit distance: one implementation for the test and the OCR comparison."""
    spec = importlib.util.spec_from_file_location("ocr_compare", REPO / "scripts" / "ocr_compare.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.levenshtein


levenshtein = _script_levenshtein()


def test_levenshtein_helper():
    assert levenshtein("", "abc") == 3
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("聊城市创建", "聊城创建市") == 2


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_text(number: str) -> str:
    (path,) = CORPUS.glob(f"{number}_*.txt")
    return no_space(clean_text(path.read_text(encoding="utf-8")))


def accuracy(number: str, extracted) -> float:
    seed = seed_text(number)
    got = no_space(clean_pages([p.text for p in extracted.pages]).text)
    return 1 - levenshtein(seed, got) / len(seed)


# --- digital --------------------------------------------------------------------


@pytest.mark.parametrize("number", NUMBERS)
def test_digital_pdf_matches_seed(number):
    extracted = extract(PDFS / f"{number}-digital.pdf")
    assert extracted.format == "pdf"
    assert not extracted.ocr
    assert [p.number for p in extracted.pages] == list(range(1, len(extracted.pages) + 1))
    cleaned = clean_pages([p.text for p in extracted.pages])
    assert "win2pdf" not in cleaned.text.lower()
    assert accuracy(number, extracted) >= 0.995


def test_000_notice_page_gone_and_pages_mapped():
    extracted = extract(PDFS / "000-digital.pdf")
    assert "Win2PDF" in extracted.pages[-1].text  # extract keeps raw text; clean drops it
    cleaned = clean_pages([p.text for p in extracted.pages])
    assert cleaned.text.endswith("共印260份")
    assert cleaned.page_starts[-1] == len(cleaned.text)  # the notice page left nothing
    # "民生·凤" ends page 4 and "凰城五号院" opens page 5: the joined phrase
    # starts where the reader starts it, its tail maps to the page it is on
    assert "民生·凤凰城五号院" in cleaned.text
    assert cleaned.page_at(cleaned.text.index("民生·凤凰城五号院")) == 4
    assert cleaned.page_at(cleaned.text.index("凰城五号院")) == 5


def test_digital_headings_kept_apart_by_layout_gaps():
    extracted = extract(PDFS / "002-digital.pdf")
    lines = clean_pages([p.text for p in extracted.pages]).text.split("\n")
    assert "聊城市卫计委党委委员、副主任赵金星：下大力气做好疾病防控，抓好公共场所卫生" in lines


def test_sha_size_and_path():
    path = PDFS / "003-digital.pdf"
    extracted = extract(path)
    assert extracted.size == path.stat().st_size
    assert len(extracted.sha256) == 64
    assert extracted.path == str(path)


# --- encrypted and broken -----------------------------------------------------------


def encrypted_copy(tmp_path: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(PDFS / "003-digital.pdf"))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    target = tmp_path / f"encrypted-{bool(user_password)}.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_encrypted_with_empty_password_is_read(tmp_path):
    extracted = extract(encrypted_copy(tmp_path, ""))
    assert accuracy("003", extracted) >= 0.995


def test_encrypted_with_password_fails_clearly(tmp_path):
    with pytest.raises(ExtractError) as info:
        extract(encrypted_copy(tmp_path, "secret"))
    assert "加密" in info.value.reason


def test_truncated_pdf_fails_clearly(tmp_path):
    data = (PDFS / "003-digital.pdf").read_bytes()
    target = tmp_path / "truncated.pdf"
    target.write_bytes(data[: len(data) // 3])
    try:
        extracted = extract(target)
    except ExtractError as error:
        assert error.reason and error.path == str(target)
    else:  # pdfium may repair a cut file: then what it gives must be real text
        assert any(p.text.strip() for p in extracted.pages)


def test_ocr_false_lists_skipped_pages():
    extracted = extract(PDFS / "003-scanned.pdf", ocr=False)
    assert extracted.ocr_skipped_pages == [1, 2, 3, 4, 5, 6]
    assert extracted.format == "pdf-scanned"
    assert not extracted.ocr


# --- the page judge ----------------------------------------------------------------


def test_judge_accepts_text_and_rejects_garbage():
    good = "市委书记孙爱军在城区督导检查全国文明城市创建工作。他强调，要始终坚持以人民为中心的发展思想。"
    assert judge(good) >= 0.9
    assert judge("") == 0
    assert judge("\x00市\x00委\x00书\x00记\x00孙\x00爱") == 0
    assert judge("\ufffd\ufffd\ufffd文明\ufffd\ufffd") == 0
    # valid Han characters from a wrong font map: no dictionary words
    assert judge("丒丏丗丟丠丣丩丮丯丱丵丼丽乀乁乄乆乊乑乕乗乚乛乢乣乤乥乧乨乪乫乬乭乮乯乲乴乵") < 0.5


# --- OCR ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ocr_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="module")
def scanned(ocr_cache) -> dict:
    """Each scanned PDF OCR'd once; 000 through the process pool (jobs=2)."""
    results, seconds = {}, {}
    for number in NUMBERS:
        start = time.perf_counter()
        results[number] = extract(
            PDFS / f"{number}-scanned.pdf", jobs=2 if number == "000" else 1, ocr_cache=ocr_cache
        )
        seconds[number] = (time.perf_counter() - start) / len(results[number].pages)
    print("\nOCR seconds/page:", {k: round(v, 2) for k, v in seconds.items()})
    return results


@pytest.mark.parametrize("number", NUMBERS)
def test_scanned_pdf_matches_seed(scanned, number):
    extracted = scanned[number]
    assert extracted.format == "pdf-scanned"
    assert all(p.method == "ocr" for p in extracted.pages)
    assert all(0.5 < p.ocr_confidence <= 1 for p in extracted.pages)
    cleaned = clean_pages([p.text for p in extracted.pages])
    assert "win2pdf" not in cleaned.text.lower()
    value = accuracy(number, extracted)
    print(f"{number}-scanned accuracy {value:.4f}")
    assert value >= 0.97


def test_scanned_000_lines_read_in_order(scanned):
    lines = clean_pages([p.text for p in scanned["000"].pages]).text.split("\n")
    assert lines[:2] == ["聊城市创建全国文明城市工作简报", "第27期"]
    assert "陈秀兴参加" in lines


def test_ocr_cache_is_used(scanned, ocr_cache):
    start = time.perf_counter()
    again = extract(PDFS / "003-scanned.pdf", ocr_cache=ocr_cache)
    assert time.perf_counter() - start < 1.5  # no OCR ran
    assert [p.text for p in again.pages] == [p.text for p in scanned["003"].pages]
    assert any(ocr_cache.rglob("*.json"))


def test_ocr_runs_without_network(tmp_path):
    """Every socket connect and DNS lookup is refused; RapidOCR must still read."""
    writer = PdfWriter()
    writer.add_page(PdfReader(PDFS / "003-scanned.pdf").pages[2])
    one_page = tmp_path / "one-page-scan.pdf"
    with one_page.open("wb") as handle:
        writer.write(handle)
    script = textwrap.dedent(f"""
        import sys
        def refuse(event, args):
            if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
                raise OSError("network refused by test: " + event)
        sys.addaudithook(refuse)
        from indexer.extract import extract
        result = extract({str(one_page)!r})
        assert result.pages[0].method == "ocr", result.pages[0].method
        assert "古楼街道" in result.pages[0].text or "会议" in result.pages[0].text
        print("OK")
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("OK")


# --- reading order of OCR boxes -------------------------------------------------------------


def rotated_box(text: str, left: float, top: float, width: float, height: float, slope: float):
    """A box as RapidOCR gives it: four corners, the page turned by `slope` (y = x·slope)."""
    corners = [(left, top), (left + width, top), (left + width, top + height), (left, top + height)]
    points = [(x, y + x * slope) for x, y in corners]
    return Box.from_points(points, text, 0.99)


def test_boxes_on_a_rotated_page_form_lines():
    slope = 0.02  # ~1.1°: the right end of a line sits lower than the next line's left end
    boxes = [
        rotated_box("第二行右", 600, 140, 500, 40, slope),
        rotated_box("第一行左", 100, 100, 500, 40, slope),
        rotated_box("第二行左", 100, 140, 500, 40, slope),
        rotated_box("第一行右", 600, 100, 500, 40, slope),
        rotated_box("第三行", 100, 180, 500, 40, slope),
    ]
    assert lines_to_text(boxes) == "第一行左第一行右\n第二行左第二行右\n第三行"


def test_latin_boxes_keep_a_space():
    boxes = [rotated_box("Win2PDF", 100, 100, 200, 30, 0), rotated_box("10", 320, 100, 40, 30, 0)]
    assert lines_to_text(boxes) == "Win2PDF 10"


def test_pypdf_second_opinion_reads_the_same_text(tmp_path):
    from indexer.extract.pdf import PypdfPages

    data = encrypted_copy(tmp_path, "").read_bytes()
    pages = PypdfPages(data)
    assert "王建鹏到第九网格督导创城工作" in no_space(pages.text(0))
    assert judge(pages.text(0)) >= 0.9
    assert PypdfPages(b"%PDF-1.4 broken").text(0) == ""  # a second opinion never raises


def test_blank_pages_are_not_ocred(tmp_path):
    writer = PdfWriter()
    for _ in range(50):
        writer.add_blank_page(width=595, height=842)
    target = tmp_path / "blank.pdf"
    with target.open("wb") as handle:
        writer.write(handle)
    start = time.perf_counter()
    with pytest.raises(ExtractError) as info:
        extract(target)
    assert "没有" in info.value.reason
    assert time.perf_counter() - start < 2  # OCR would take ~2 s a page


# --- a poor OCR text layer ---------------------------------------------------------------

POOR_LAYER = (
    "市委书记孙爱军在城区督导检查全国文明城巿l创建工作。他强调，要始终坚持以人民为中心的发展思想，"
    "2O21年5月8日，把问题导向贯穿始终，提升城市精细化管理水平，坚决打嬴创城这场硬仗。"
    "市委常委、秘书长荣红智参加活功。孙爱军先后到城区新纺街南口、国棉厂家属院东院、新水河农贸市场I0月。"
)


def test_judge_rejects_a_poor_ocr_layer_and_keeps_real_latin():
    assert judge(POOR_LAYER) < 0.5
    real = "公司A股股票代码为000585，B股股票代码为200585，本报告期内公司实现营业收入4,755,785.11元，同比下降16.55%，采用GPS定位。"
    assert judge(real) >= 0.9


@pytest.mark.slow
def test_poor_text_layer_over_a_scan_is_read_again(tmp_path, ocr_cache):
    """A scan carrying a bad invisible OCR layer (digits as letters, letters inside words) is OCR'd."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    scan = pdfium.PdfDocument(PDFS / "003-scanned.pdf")
    image = scan[2].render(scale=1240 / 595).to_pil()
    width, height = scan[2].get_size()
    target = tmp_path / "poor-layer.pdf"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(target), pagesize=(width, height))
    page.drawImage(ImageReader(image), 0, 0, width, height)
    text = page.beginText(40, height - 60)
    text.setTextRenderMode(3)  # invisible, as OCR tools lay their text over the image
    text.setFont("STSong-Light", 10)
    for start in range(0, len(POOR_LAYER), 40):
        text.textLine(POOR_LAYER[start : start + 40])
    page.drawText(text)
    page.save()
    layer = pdfium.PdfDocument(target)[0].get_textpage().get_text_range()
    assert "2O21" in layer and judge(layer) < 0.5  # the layer is there, and is bad
    assert extract(target, ocr=False).ocr_skipped_pages == [1]
    extracted = extract(target, ocr_cache=ocr_cache)
    assert extracted.pages[0].method == "ocr"
    assert 0.5 < extracted.pages[0].ocr_confidence <= 1
    assert "2O21" not in extracted.pages[0].text
    assert "市审计局2021年度文明创建工作计划" in no_space(extracted.pages[0].text)


@pytest.mark.slow
def test_no_ocr_indexes_a_scan_with_its_pages_unread_and_a_later_run_reads_them(tmp_path):
    from indexer.run.batch import Options, run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    writer = PdfWriter()
    writer.add_page(PdfReader(PDFS / "003-scanned.pdf").pages[2])
    with (inbox / "scan.pdf").open("wb") as handle:
        writer.write(handle)
    index_dir = tmp_path / "index"
    first = run([str(inbox)], open_store(index_dir), Options(ocr=False))
    assert first.failed == [] and first.new == 1
    assert [item["pages"] for item in first.ocr_skipped] == [[1]]
    catalog = open_store(index_dir).catalog()
    try:
        (row,) = catalog.sources()
        assert row.status == "indexed" and row.ocr_skipped == [1] and row.article_ids == []
    finally:
        catalog.close()
    second = run([str(inbox)], open_store(index_dir), Options())
    assert second.failed == [] and second.updated == 1 and second.articles >= 1
    catalog = open_store(index_dir).catalog()
    try:
        (row,) = catalog.sources()
        assert row.status == "indexed" and row.ocr_skipped == [] and row.article_ids
        article_id = row.article_ids[0]
    finally:
        catalog.close()
    assert_page_shows_ocr(index_dir, article_id)


def assert_page_shows_ocr(index_dir: Path, article_id: str) -> None:
    """The article JSON and page say the text was OCR'd, and how sure the OCR was."""
    import json
    import urllib.request

    from tests.search_app.conftest import LiveServer

    server = LiveServer(index_dir)
    try:
        with urllib.request.urlopen(f"{server.url}/api/articles/{article_id}") as response:
            record = json.loads(response.read().decode("utf-8"))
        (read,) = record["source"]["read"]
        assert read["page"] == 1 and read["method"] == "ocr" and 0.5 < read["ocr_confidence"] <= 1
        with urllib.request.urlopen(f"{server.url}/article/{article_id}") as response:
            page = response.read().decode("utf-8")
        assert f"第 1 页 OCR 识别，置信度 {100 * read['ocr_confidence']:.0f}%" in page
    finally:
        server.close()


# --- columns, banners and orientation ------------------------------------------------------


def test_banner_then_each_column_top_to_bottom():
    """A banner across three columns, then a section heading across two of them."""
    boxes = [rotated_box("通栏大标题", 100, 50, 900, 60, 0)]
    for column, left in enumerate((100, 420, 740)):
        for row in range(4):
            boxes.append(rotated_box(f"栏{column + 1}行{row + 1}", left, 150 + row * 34, 260, 30, 0))
    boxes.append(rotated_box("第二部分标题", 100, 330, 580, 40, 0))
    for column, left in enumerate((100, 420)):
        for row in range(3):
            boxes.append(rotated_box(f"下{column + 1}行{row + 1}", left, 400 + row * 34, 260, 30, 0))
    lines = [line for line in lines_to_text(list(reversed(boxes))).split("\n") if line]
    assert lines == (
        ["通栏大标题"]
        + [f"栏{c}行{r}" for c in (1, 2, 3) for r in (1, 2, 3, 4)]
        + ["第二部分标题"]
        + [f"下{c}行{r}" for c in (1, 2) for r in (1, 2, 3)]
    )


def test_columns_with_wide_line_spacing_are_not_read_across():
    boxes = [
        rotated_box(f"栏{c}行{r}", left, 100 + (r - 1) * 60, 260, 30, 0)
        for c, left in ((1, 100), (2, 420))
        for r in (1, 2, 3)
    ]
    lines = [line for line in lines_to_text(boxes).split("\n") if line]
    assert lines == ["栏1行1", "栏1行2", "栏1行3", "栏2行1", "栏2行2", "栏2行3"]


@pytest.mark.slow
@pytest.mark.parametrize("angle", [90, 270])
def test_a_page_turned_sideways_is_read_upright(angle):
    import pypdfium2 as pdfium

    from indexer.extract.ocr import read_image

    page = pdfium.PdfDocument(SHARED / "corpus" / "real" / "docs" / "scan-chineseocr_lite-8.pdf")[0]
    image = page.render(scale=1240 / min(page.get_size())).to_pil().rotate(angle, expand=True)
    result = read_image(image)
    assert result.rotation in (90, 270) and result.confidence > 0.9
    assert "中央全面深化改革委员会第七次会议" in no_space(result.text)
