"""Word 97–2003 (.doc) and WPS Office (.wps) documents: the text stream of the OLE file.

Both are the same Word-97 binary format in an OLE2 container (WPS Office writes
.wps, and .doc too, in that format), so one reader serves both. The text is read
from the piece table (the Clx in the table stream), which also covers fast-saved
files: main text first, then footnotes, headers/footers, endnotes and text
boxes. Field codes are dropped and their results kept; table cell marks become
line ends; a page or section break starts a new page.

Files older than Word 97 (Word 6/95, whose FIB is different) go to antiword, a
Debian package, run as a child process that is killed with its whole process
group when the per-file time bound (or our own) ends.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from io import BytesIO

from indexer.extract.doc_numbering import numbering_labels
from indexer.extract.errors import ExtractError, FormatResult
from indexer.records import Page

NAME = "Word 97-2003 / WPS 文档（doc/wps）"
EXTENSIONS = (".doc", ".wps", ".dot", ".wpt")
MIME_TYPES = ("application/msword", "application/vnd.ms-works", "application/kswps")
FAMILY = "word"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_IDENT = 0xA5EC
NFIB_WORD97 = 0x00C1  # Word 97 and later; below: Word 6/95
F_ENCRYPTED = 0x0100
F_WHICH_TABLE = 0x0200
F_COMPRESSED = 0x40000000
CONVERTER_SECONDS = 600.0  # our own bound when no per-file alarm is set (`jianbao extract`)
ANTIWORD = os.environ.get("JIANBAO_ANTIWORD", "antiword")

# What the control characters of the text stream mean for plain text.
CHAR_MAP = {"\r": "\n", "\x07": "\n", "\x0b": "\n", "\x0e": "\n", "\x0c": "\f", "\x1e": "-", "\xa0": " "}
DROPPED = re.compile(r"[\x00-\x08\x0f-\x1f\uf000-\uf0ff]")  # pictures, note marks, symbol-font glyphs


class OlderFormat(Exception):
    """A Word file this reader does not parse (pre-97 FIB, no piece table)."""


def score(suffix: str, head: bytes, data: bytes) -> int:
    return 100 if head.startswith(OLE_MAGIC) and ole_streams(data) & {"worddocument"} else 0


def ole_streams(data: bytes) -> set[str]:
    """Lower-cased top-level stream names of an OLE file (empty if it is none)."""
    import olefile

    try:
        with olefile.OleFileIO(BytesIO(data)) as ole:
            return {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # not OLE, or damaged: it scores nothing
        return set()


def extract_bytes(path, data: bytes, **_options) -> FormatResult:
    import olefile

    try:
        ole = olefile.OleFileIO(BytesIO(data))
    except Exception as error:
        raise ExtractError(path, f"无法读取 Word 文档：OLE 容器已损坏（{error}）") from None
    try:
        meta, saved_pages, application = summary(ole)
        try:
            text = read_text(path, ole)
            method = "doc"
        except (struct.error, IndexError, OSError) as error:  # offsets pointing past the streams
            raise ExtractError(
                path, f"无法读取 Word 文档：文件已损坏（{type(error).__name__}: {error}）"
            ) from None
        except OlderFormat:
            text = antiword_text(path, data)
            method = "antiword"
    finally:
        ole.close()
    pages = [Page(number=i, text=t, method=method) for i, t in enumerate(split_pages(text), start=1)]
    if saved_pages:
        meta["pages_saved"] = str(saved_pages)
    kind = "wps" if str(path).lower().endswith((".wps", ".wpt")) or "wps" in application.lower() else "doc"
    return FormatResult(format=kind, pages=pages, meta=meta)


def split_pages(text: str) -> list[str]:
    pages = [p.strip("\n") for p in text.split("\f")]
    kept = [p for p in pages if p.strip()]
    return kept or [""]


# --- the Word 97 binary text stream -------------------------------------------------------


@dataclass
class Fib:
    table_stream: str
    story_lengths: list[int]  # CP counts: main, footnotes, headers, macro, annotations, endnotes, boxes…
    fc_clx: int
    lcb_clx: int
    fc_base: int  # where FibRgFcLcb starts in the WordDocument stream


def read_fib(path, word: bytes) -> Fib:
    if len(word) < 0x200:
        raise ExtractError(path, "无法读取 Word 文档：WordDocument 流过短，文件已损坏")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != WORD_IDENT:
        raise ExtractError(path, "无法读取 Word 文档：文件头标识不符，文件已损坏")
    (flags,) = struct.unpack_from("<H", word, 0x0A)
    if flags & F_ENCRYPTED:
        raise ExtractError(path, "Word 文档已加密，需要密码才能打开（encrypted）")
    if nfib < NFIB_WORD97:
        raise OlderFormat
    (csw,) = struct.unpack_from("<H", word, 32)
    lw_at = 34 + csw * 2 + 2
    (cslw,) = struct.unpack_from("<H", word, lw_at - 2)
    lengths = list(struct.unpack_from("<8I", word, lw_at + 12))
    fc_at = lw_at + cslw * 4 + 2
    fc_clx, lcb_clx = struct.unpack_from("<II", word, fc_at + 33 * 8)
    return Fib("1Table" if flags & F_WHICH_TABLE else "0Table", lengths, fc_clx, lcb_clx, fc_at)


def read_text(path, ole) -> str:
    word = ole.openstream("WordDocument").read()
    fib = read_fib(path, word)
    if not ole.exists(fib.table_stream):
        raise OlderFormat
    table = ole.openstream(fib.table_stream).read()
    stream, pieces = piece_text(path, word, table[fib.fc_clx : fib.fc_clx + fib.lcb_clx])
    main_length = fib.story_lengths[0]
    main = with_numbering(stream[:main_length], pieces, word, table, fib.fc_base)
    stories = [main, stream[main_length : sum(fib.story_lengths)]]
    return "\n".join(plain(story) for story in stories).strip()


def with_numbering(
    main: str, pieces: list[tuple[int, int, int, int]], word: bytes, table: bytes, fc_base: int
) -> str:
    """The main text with each automatically numbered paragraph's label (第一条 …) before it."""
    starts = [0] + [i + 1 for i, ch in enumerate(main) if ch in "\r\x07" and i + 1 < len(main)]
    fcs = {}
    for cp in starts:
        for cp_start, cp_end, fc, width in pieces:
            if cp_start <= cp < cp_end:
                fcs[fc + (cp - cp_start) * width] = cp
                break
    labels = numbering_labels(word, table, fc_base, sorted(fcs))
    if not labels:
        return main
    at_cp = {fcs[fc]: label for fc, label in labels.items()}
    return "".join(at_cp.get(i, "") + ch for i, ch in enumerate(main))


def piece_text(path, word: bytes, clx: bytes) -> tuple[str, list[tuple[int, int, int, int]]]:
    """All text in CP order, one char per CP (surrogates kept apart until the end), and the
    pieces as (first CP, end CP, FC of the first, bytes per character)."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: formatting, skipped
        (size,) = struct.unpack_from("<H", clx, at + 1)
        at += 3 + size
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise ExtractError(path, "无法读取 Word 文档：找不到文本片段表（piece table），文件已损坏")
    (size,) = struct.unpack_from("<I", clx, at + 1)
    plc = clx[at + 5 : at + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    parts, pieces = [], []
    for i in range(count):
        length = max(0, cps[i + 1] - cps[i])
        (fc,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)
        if fc & F_COMPRESSED:
            start = (fc & ~F_COMPRESSED) // 2
            pieces.append((cps[i], cps[i + 1], start, 1))
            parts.append(word[start : start + length].decode("cp1252", errors="replace"))
        else:
            pieces.append((cps[i], cps[i + 1], fc, 2))
            chunk = word[fc : fc + 2 * length]  # a damaged table may point past the stream's end
            parts.append(chunk[: len(chunk) // 2 * 2].decode("utf-16-le", errors="surrogatepass"))
    return "".join(parts), pieces


def plain(story: str) -> str:
    """Drop field codes (keep results), map control characters, join surrogate pairs."""
    out, fields = [], []  # fields: one flag per open field, True while in its code part
    for ch in story:
        if ch == "\x13":
            fields.append(True)
        elif ch == "\x14":
            if fields:
                fields[-1] = False
        elif ch == "\x15":
            if fields:
                fields.pop()
        elif not any(fields):
            out.append(CHAR_MAP.get(ch, ch))
    text = DROPPED.sub("", "".join(out))
    text = text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le", errors="replace")
    return re.sub(r"\n{3,}", "\n\n", text)


def summary(ole) -> tuple[dict, int, str]:
    """The page count the authoring program saved, and who wrote the file.

    Title and dates are left out: a .doc begun from an older one keeps that one's
    summary (a sample says 北京师范大学 over a 华东理工大学 form), and the text's
    own title and dates are better.
    """
    try:
        info = ole.get_metadata()
    except Exception:  # damaged property sets cost the metadata only
        return {}, 0, ""
    return {}, int(info.num_pages or 0), decoded(info.creating_application)


def decoded(value) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-8", "gb18030", "cp1252"):
            try:
                return value.decode(encoding).strip("\x00 \r\n")
            except UnicodeDecodeError:
                continue
    return (value or "").strip() if isinstance(value, str) else ""


# --- antiword, for the formats before Word 97 ---------------------------------------------


def antiword_text(path, data: bytes) -> str:
    program = shutil.which(ANTIWORD)
    if program is None:
        raise ExtractError(
            path,
            "该 Word 文档是 Word 97 以前的格式，需要 antiword 读取，但未安装（apt-get install antiword）",
        )
    with tempfile.NamedTemporaryFile(suffix=".doc") as copy:
        copy.write(data)
        copy.flush()
        output = run_converter(path, [program, "-m", "UTF-8.txt", "-w", "0", copy.name])
    return output.decode("utf-8", errors="replace")


def run_converter(path, command: list[str], seconds: float = CONVERTER_SECONDS) -> bytes:
    """Run an external converter that cannot outlive the file's time bound.

    Whatever stops us while it runs (its own time, a per-file alarm) kills its process
    group; and if our process is killed instead (a worker stopped at the per-file bound),
    the kernel kills the converter with it (setpriv's parent-death signal, util-linux).
    """
    name = os.path.basename(command[0])
    launcher = shutil.which("setpriv")
    if launcher:
        command = [launcher, "--pdeathsig", "KILL", "--", *command]
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        raise ExtractError(path, f"处理超时：转换程序 {name} 超过 {seconds:g} 秒未完成，已终止") from None
    finally:
        if child.poll() is None:
            kill_group(child)
    if child.returncode != 0:
        message = err.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [
            f"退出码 {child.returncode}"
        ]
        raise ExtractError(path, f"无法读取 Word 文档：{name} 失败（{message[0]}）")
    return out


def kill_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.wait()
