"""An OFD letter (函) as 公文 systems write them: one line split into pieces by font and by glyph.

Producers place digits and CJK characters of one word in separate TextObjects or TextCodes
(a digit font beside a CJK font, a glyph at a time for justified lines), each at its glyph's
position. Those pieces are one word; only a gap wider than glyph spacing parts two pieces.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from indexer.clean import clean_pages
from indexer.extract import extract
from indexer.extract.ofd import Piece, deltas, lines_of
from indexer.parse import parse

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
SIZE = 5.6  # 三号, in mm
CJK, DIGIT = SIZE, SIZE / 2  # advances of the fonts used below


def text_object(x: float, y: float, text: str, steps: str | None = None, size: float = SIZE) -> str:
    delta = f' DeltaX="{steps}"' if steps else ""
    return (
        f'<ofd:TextObject ID="1" Boundary="{x} {y - size} 180 {size * 1.3}" Font="1" Size="{size}">'
        f'<ofd:TextCode X="0" Y="{size}"{delta}>{text}</ofd:TextCode></ofd:TextObject>'
    )


def run(x: float, y: float, parts: list[str]) -> str:
    """One line drawn as pieces placed end to end, each at the x where the glyph before it ends."""
    objects = []
    for part in parts:
        objects.append(text_object(x, y, part))
        x += sum(DIGIT if ch.isascii() else CJK for ch in part)
    return "".join(objects)


def letter_page() -> str:
    title = "关于商请支持开展城市体检工作的函"
    per_glyph = "".join(text_object(30 + i * 8.0, 62, ch, size=7.7) for i, ch in enumerate(title))
    return (
        text_object(60, 30, "聊城市人民政府办公室", size=10)
        # the number: code, brackets and year in pieces of two fonts, "202" and "3" apart
        + run(120, 45, ["聊政办函", "〔", "202", "3", "〕", "15", "号"])
        + per_glyph  # the title a glyph at a time
        + text_object(28, 80, "市住房和城乡建设局：")
        + run(
            39, 90, ["为做好", "202", "3", "年城市体检工作，请你局于", "3", "月", "31", "日前报送有关材料。"]
        )
        + text_object(
            28,
            100,
            "联系电话：0635 8888",
            steps=f"{CJK} {CJK} {CJK} {CJK} {CJK} {DIGIT} {DIGIT} {DIGIT} g 2 {DIGIT * 3}",
        )
        + text_object(120, 120, "聊城市人民政府办公室")
        + run(125, 130, ["202", "3", "年", "3", "月", "1", "日"])
    )


def built_letter(path: Path) -> Path:
    parts = {
        "OFD.xml": f'<ofd:OFD {NS} DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:CreationDate>2023-03-02'
        "</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<ofd:Document {NS}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        "</ofd:Pages></ofd:Document>",
        "Doc_0/Pages/Page_0/Content.xml": f"<ofd:Page {NS}><ofd:Content><ofd:Layer>{letter_page()}"
        "</ofd:Layer></ofd:Content></ofd:Page>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + xml)
    return path


def test_digits_and_characters_of_one_word_stay_one_word(tmp_path):
    extracted = extract(built_letter(tmp_path / "letter.ofd"))
    lines = extracted.pages[0].text.split("\n")
    assert lines[1] == "聊政办函〔2023〕15号"
    assert lines[2] == "关于商请支持开展城市体检工作的函"
    assert lines[4] == "为做好2023年城市体检工作，请你局于3月31日前报送有关材料。"
    assert lines[5] == "联系电话：0635 8888"  # a real gap between two numbers stays a space
    assert lines[-1] == "2023年3月1日"


def test_the_letter_reads_as_a_letter(tmp_path):
    extracted = extract(built_letter(tmp_path / "letter.ofd"))
    (doc,) = parse(clean_pages([p.text for p in extracted.pages]).text, extracted.meta)
    assert doc.kind == "letter"
    assert doc.headline == "关于商请支持开展城市体检工作的函"
    assert doc.doc_number == "聊政办函〔2023〕15号"
    assert doc.issuer == "聊城市人民政府办公室"
    assert doc.signed_date == doc.date == "2023-03-01"  # not the file's creation date
    assert doc.recipients.main == ["市住房和城乡建设局"]


def piece(text: str, x: float, end: float, y: float = 10.0) -> Piece:
    return Piece(text, x, y, SIZE, end)


@pytest.mark.parametrize(
    ("pieces", "line"),
    [
        ([piece("202", 0, 8.4), piece("3年", 8.4, 16.8)], "2023年"),  # touching: one word
        ([piece("202", 0, 8.4), piece("3", 8.9, 11.7)], "2023"),  # tracking: still one word
        ([piece("4101.0", 0, 16.8), piece("0", 40, 42.8)], "4101.0 0"),  # table cells apart
        ([piece("Hello", 0, 14), piece("OFD", 15.7, 24)], "Hello OFD"),  # a space's width apart
    ],
)
def test_pieces_join_by_the_gap_between_them(pieces, line):
    assert lines_of(pieces) == line


def test_delta_x_with_repeated_steps():
    assert deltas("5.6 g 3 2.8 1") == [5.6, 2.8, 2.8, 2.8, 1.0]
    assert deltas("x") == []
