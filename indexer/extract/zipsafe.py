"""Zip containers (docx, OFD) opened only after their central directory is checked.

A zip bomb is a small file whose entries inflate to gigabytes (deflate reaches
about 1000:1, and overlapping entries multiply that). Everything needed to
refuse one is in the directory, before a byte is inflated: the entry count
(read from the end record, before zipfile builds a ZipInfo per entry), each
entry's declared size and ratio, and whether entries share their data. zipfile
never yields more than an entry's declared size (a longer stream fails its CRC),
so once the declared sizes are bounded, so is the memory of reading them.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

from indexer.extract.errors import ExtractError

ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 10_000  # a long docx has a few dozen parts; an OFD a few per page
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all entries inflated, the same bound as a file's own size
MAX_PART_BYTES = 128 * 1024 * 1024  # one XML part we parse (a 1,000-page document.xml is ~30 MB)
# Text XML deflates 5–30:1, images and fonts about 1:1; a bomb's entries exceed 1000:1.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 4 * 1024 * 1024  # small entries may be as compressible as they like

EOCD = b"PK\x05\x06"
# What zipfile raises on damaged archives (a bad CRC, a broken deflate stream, a bad name encoding…).
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
)
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def open_checked(path, data: bytes, kind: str) -> zipfile.ZipFile:
    """A ZipFile over `data`, or ExtractError if the archive is damaged or a bomb."""
    count = declared_entry_count(data)
    if count is not None and count > MAX_ENTRIES:
        raise ExtractError(
            path, f"{kind}包含 {count} 个压缩条目，超过上限 {MAX_ENTRIES}，疑似压缩炸弹，已拒绝"
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except DAMAGED as error:
        raise ExtractError(path, f"无法读取{kind}：压缩包已损坏（{error}）") from None
    try:
        check_entries(path, archive.infolist(), kind)
    except ExtractError:
        archive.close()
        raise
    return archive


def entry_names(data: bytes) -> list[str] | None:
    """Names in a zip's directory, for telling formats apart; None if too many to list or unreadable."""
    count = declared_entry_count(data)
    if count is None or count > MAX_ENTRIES:
        return None
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return archive.namelist()
    except DAMAGED:
        return None


def declared_entry_count(data: bytes) -> int | None:
    """Entry count from the end-of-central-directory record (zip64 aware), or None if absent."""
    at = data.rfind(EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, at + 10)
    locator = at - 20
    if locator >= 0 and data[locator : locator + 4] == ZIP64_LOCATOR:
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 40 <= len(data) and data[record : record + 4] == ZIP64_EOCD:
            (count,) = struct.unpack_from("<Q", data, record + 32)
    return count


def check_entries(path, entries: list[zipfile.ZipInfo], kind: str) -> None:
    if len(entries) > MAX_ENTRIES:
        raise ExtractError(
            path, f"{kind}包含 {len(entries)} 个压缩条目，超过上限 {MAX_ENTRIES}，疑似压缩炸弹，已拒绝"
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
            raise ExtractError(
                path,
                f"{kind}中的 {entry.filename} 解压后 {entry.file_size} 字节，压缩比超过 {MAX_RATIO}:1，"
                "疑似压缩炸弹，已拒绝",
            )
    if total > MAX_TOTAL_BYTES:
        raise ExtractError(
            path, f"{kind}解压后共 {total} 字节，超过上限 {MAX_TOTAL_BYTES} 字节，疑似压缩炸弹，已拒绝"
        )
    check_no_overlap(path, entries, kind)


def check_no_overlap(path, entries: list[zipfile.ZipInfo], kind: str) -> None:
    """Entries that share compressed data inflate the same bytes many times over."""
    spans = sorted((e.header_offset, e.header_offset + 30 + e.compress_size, e.filename) for e in entries)
    for (_, end, name), (start, _, other) in zip(spans, spans[1:]):
        if start < end:
            raise ExtractError(path, f"{kind}中的条目 {name} 与 {other} 数据重叠，疑似压缩炸弹，已拒绝")


def read_part(path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str) -> bytes:
    """One entry's bytes, refused above MAX_PART_BYTES."""
    if info.file_size > MAX_PART_BYTES:
        raise ExtractError(
            path,
            f"{kind}中的 {info.filename} 解压后 {info.file_size} 字节，超过单个部件上限 {MAX_PART_BYTES} 字节",
        )
    try:
        return archive.read(info)
    except DAMAGED as error:
        raise ExtractError(path, f"无法读取{kind}中的 {info.filename}：文件已损坏（{error}）") from None
