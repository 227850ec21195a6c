"""Plain text (.txt, .md): find the encoding, keep the text as it is.

Encodings met in practice: UTF-8 with or without BOM, UTF-16 (with a BOM, or
without one from Windows tools), GB18030/GBK/GB2312 from older Chinese office
software. A strict decode cascade settles almost every file; charset-normalizer
is the last resort for anything else.
"""

from __future__ import annotations

import codecs
import re

from indexer.extract.errors import ExtractError, FormatResult
from indexer.lang.text import HAN
from indexer.records import Page

NAME = "文本（txt）"
EXTENSIONS = (".txt", ".md", ".markdown", ".text")
MIME_TYPES = ("text/plain", "text/markdown")

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab/newline/CR/form feed mean binary data.
BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")


def sniff(head: bytes, data: bytes) -> bool:
    """Text is the fallback guess: anything that decodes as plausible text."""
    return decode_or_none(head if len(data) > len(head) else data, partial=len(data) > len(head)) is not None


def accepts(head: bytes, data: bytes) -> bool:
    return sniff(head, data)


def extract_bytes(path, data: bytes, **_options) -> FormatResult:
    text = decode(path, data)
    # A form feed is the page break of plain-text printouts.
    pages = [Page(number=i, text=t, method="text") for i, t in enumerate(text.split("\f"), start=1)]
    return FormatResult(format="txt", pages=pages)


def decode(path, data: bytes) -> str:
    text = decode_or_none(data)
    if text is None:
        raise ExtractError(path, "无法识别文本编码，或文件不是文本（binary data）")
    return text


def decode_or_none(data: bytes, partial: bool = False) -> str | None:
    """The text of `data` in the first encoding that decodes it plausibly."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return plausible(strict(data[len(bom) :], encoding, partial))
    for encoding in candidate_encodings(data):
        text = plausible(strict(data, encoding, partial))
        if text is not None:
            return text
    return plausible(normalizer_guess(data)) or mixed_decode(data)


MIXED_ENCODINGS = ("utf-8", "gb18030")
WINDOW = 65536


def mixed_decode(data: bytes) -> str | None:
    """Text pasted together from UTF-8 and GB18030 pieces, with a few stray bytes.

    Decode with one encoding until it fails, then continue with the other;
    a byte neither accepts becomes U+FFFD. Accepted only when such bytes are
    rare: a damaged text is still worth indexing, random bytes are not.
    """
    out, pos, current, bad = [], 0, 0, 0
    limit = max(3, len(data) // 100)
    while pos < len(data):
        window = data[pos : pos + WINDOW]
        text, used = valid_prefix(window, MIXED_ENCODINGS[current])
        if not used:
            current = 1 - current
            text, used = valid_prefix(window, MIXED_ENCODINGS[current])
        if not used:
            text, used, bad = "\ufffd", 1, bad + 1
            if bad > limit:
                return None
        out.append(text)
        pos += used
    return plausible("".join(out))


def valid_prefix(chunk: bytes, encoding: str) -> tuple[str, int]:
    """The longest strictly decodable start of chunk, and how many bytes it used.
    (A character cut at the window's end fails too, and is read with the next window.)"""
    try:
        return chunk.decode(encoding, errors="strict"), len(chunk)
    except UnicodeDecodeError as error:
        good = chunk[: error.start]
        return good.decode(encoding, errors="strict"), len(good)


def candidate_encodings(data: bytes) -> list[str]:
    encodings = ["utf-8"]
    utf16 = utf16_without_bom(data)
    if utf16:
        encodings.insert(0, utf16)
    return encodings + cjk_utf16_without_bom(data) + ["gb18030"]


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII and CJK text put NUL bytes in one byte column."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


CJK_TEXT = re.compile(f"[\u3000-\u303f{HAN}\uff00-\uffef\\s]")


def cjk_utf16_without_bom(data: bytes) -> list[str]:
    """Chinese-only UTF-16 has no NUL bytes; it shows as text that is almost all Han.

    (GBK bytes read as UTF-16 land in Hangul and private-use blocks, not Han.)
    """
    if len(data) % 2:
        return []
    found = []
    for encoding in ("utf-16-le", "utf-16-be"):
        text = strict(data[:4096], encoding, partial=True)
        if text and len(CJK_TEXT.findall(text)) >= 0.85 * len(text):
            found.append(encoding)
    return found


def strict(data: bytes, encoding: str, partial: bool) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return decoder.decode(data, final=not partial)
    except (UnicodeDecodeError, LookupError):
        return None


def plausible(text: str | None) -> str | None:
    """Reject decodes that are really binary data or mojibake."""
    if text is None:
        return None
    if not text:
        return text
    bad = len(BINARY_CHARS.findall(text))
    return text if bad <= max(2, len(text) // 200) else None


def normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    try:
        return str(best)
    except (UnicodeDecodeError, LookupError):
        return None
