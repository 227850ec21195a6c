"""Rich Text Format (.rtf), and the RTF files Word and WPS save under a .doc name.

striprtf turns RTF into text: it follows the code page (\\ansicpg936, font
charsets such as GB2312's 134), \\uN escapes, and skips pictures and other
destinations. RTF keeps no pages; a \\page break starts none either.
"""

from __future__ import annotations

from indexer.extract.errors import ExtractError, FormatResult
from indexer.records import Page

NAME = "RTF 文档"
EXTENSIONS = (".rtf",)
MIME_TYPES = ("application/rtf", "text/rtf")
FAMILY = "word"

RTF_MAGIC = b"{\\rtf"


def score(suffix: str, head: bytes, data: bytes) -> int:
    return 100 if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(RTF_MAGIC) else 0


def extract_bytes(path, data: bytes, **_options) -> FormatResult:
    from striprtf.striprtf import rtf_to_text

    # RTF is 7-bit text with escapes; latin-1 keeps any stray 8-bit byte as it is.
    try:
        text = rtf_to_text(data.decode("latin-1"), errors="replace")
    except (ValueError, LookupError, IndexError) as error:
        raise ExtractError(path, f"无法读取 RTF 文档：文件已损坏（{error}）") from None
    return FormatResult(format="rtf", pages=[Page(number=1, text=text.strip(), method="rtf")])
