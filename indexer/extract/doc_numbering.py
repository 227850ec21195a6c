"""Word 97 automatic numbering (第一章, 第一条, 一、…) rendered as text.

Regulations number their chapters and articles with Word lists, which live in
paragraph formatting, not in the text stream: a text reader loses 第一条. This
module follows [MS-DOC]: each paragraph's properties (the PAPX in the FKP pages
named by PlcBtePapx, then its style's, along the istdBase chain) give a list
(ilfo) and a level (ilvl); the list's levels (PlfLst, overridden by PlfLfo) give
a start, a number format and a template such as "第\\x00条" whose placeholders
are the counters of levels 0…8. Counters run per list and restart below a level
that advances.

Numbering is an addition to the text: any structure this reader cannot follow
yields no numbers, never an error.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SPRM_ILVL = 0x260A
SPRM_ILFO = 0x460B
BULLET = 0x17
NO_NUMBER = 0xFF


@dataclass
class Level:
    start: int
    nfc: int
    template: str  # placeholders \x00…\x08 stand for the counters of those levels
    placeholders: bytes
    follow: int  # 0: a tab after the number, 1: a space, 2: nothing
    restart_limit: int = 0


@dataclass
class Lists:
    levels: dict[int, list[Level]] = field(default_factory=dict)  # lsid → levels
    lfo: list[tuple[int, dict[int, Level | int]]] = field(default_factory=list)  # (lsid, overrides)


def fc_lcb(word: bytes, fc_base: int, index: int) -> tuple[int, int]:
    return struct.unpack_from("<II", word, fc_base + index * 8)


def sprms(grpprl: bytes):
    """(sprm, operand) pairs of a property list."""
    at = 0
    while at + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, at)
        at += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        else:  # variable: a size byte (two for sprmTDefTable, whose size counts one byte less)
            if sprm == 0xD608:
                size = struct.unpack_from("<H", grpprl, at)[0] + 1
            else:
                size = grpprl[at] + 1 if at < len(grpprl) else 1
        yield sprm, grpprl[at : at + size]
        at += size


def list_props(grpprl: bytes) -> tuple[int | None, int | None]:
    ilfo = ilvl = None
    for sprm, operand in sprms(grpprl):
        if sprm == SPRM_ILFO and len(operand) >= 2:
            ilfo = struct.unpack_from("<h", operand)[0]
        elif sprm == SPRM_ILVL and operand:
            ilvl = operand[0]
    return ilfo, ilvl


# --- styles ----------------------------------------------------------------------------


def style_lists(table: bytes, fc: int, lcb: int) -> dict[int, tuple[int | None, int | None, int]]:
    """istd → (ilfo, ilvl, istdBase) of each paragraph style."""
    found: dict[int, tuple[int | None, int | None, int]] = {}
    if lcb < 4:
        return found
    (cb_stshi,) = struct.unpack_from("<H", table, fc)
    cstd, cb_base = struct.unpack_from("<HH", table, fc + 2)
    at = fc + 2 + cb_stshi
    end = fc + lcb
    for istd in range(cstd):
        if at + 2 > end:
            break
        (cb_std,) = struct.unpack_from("<H", table, at)
        std = table[at + 2 : at + 2 + cb_std]
        at += 2 + cb_std
        if cb_std < 10:
            continue
        (stk_base,) = struct.unpack_from("<H", std, 2)
        if stk_base & 0x0F != 1:  # paragraph styles only
            continue
        (cch,) = struct.unpack_from("<H", std, cb_base)
        upx = cb_base + 2 + (cch + 1) * 2
        upx += upx % 2
        if upx + 4 > len(std):
            continue
        (cb_upx,) = struct.unpack_from("<H", std, upx)
        papx = std[upx + 2 : upx + 2 + cb_upx]
        ilfo, ilvl = list_props(papx[2:])  # after its istd
        found[istd] = (ilfo, ilvl, stk_base >> 4)
    return found


def resolve_style(styles: dict, istd: int) -> tuple[int | None, int | None]:
    ilfo = ilvl = None
    for _ in range(16):  # istdBase chains are short; a loop ends here
        if istd not in styles:
            break
        s_ilfo, s_ilvl, base = styles[istd]
        ilfo = s_ilfo if ilfo is None else ilfo
        ilvl = s_ilvl if ilvl is None else ilvl
        if base == 0x0FFF or base == istd:
            break
        istd = base
    return ilfo, ilvl


# --- lists ------------------------------------------------------------------------------


def read_level(table: bytes, at: int) -> tuple[Level, int]:
    start, nfc, _flags = struct.unpack_from("<iBB", table, at)
    placeholders = table[at + 6 : at + 15]
    follow = table[at + 15]
    cb_chpx, cb_papx, restart_limit = table[at + 24], table[at + 25], table[at + 26]
    at += 28 + cb_papx + cb_chpx
    (cch,) = struct.unpack_from("<H", table, at)
    template = table[at + 2 : at + 2 + 2 * cch].decode("utf-16-le", errors="replace")
    return Level(start, nfc, template, placeholders, follow, restart_limit), at + 2 + 2 * cch


def read_lists(table: bytes, lst: tuple[int, int], lfo: tuple[int, int]) -> Lists:
    lists = Lists()
    fc, lcb = lst
    if lcb >= 2:
        (count,) = struct.unpack_from("<H", table, fc)
        headers = []
        for i in range(count):
            at = fc + 2 + 28 * i
            (lsid,) = struct.unpack_from("<i", table, at)
            simple = table[at + 26] & 0x01
            headers.append((lsid, 1 if simple else 9))
        at = fc + lcb
        for lsid, level_count in headers:
            levels = []
            for _ in range(level_count):
                level, at = read_level(table, at)
                levels.append(level)
            lists.levels[lsid] = levels
    fc, lcb = lfo
    if lcb >= 4:
        (count,) = struct.unpack_from("<I", table, fc)
        entries = []
        for i in range(count):
            at = fc + 4 + 16 * i
            (lsid,) = struct.unpack_from("<i", table, at)
            entries.append((lsid, table[at + 12]))
        at = fc + 4 + 16 * count
        for lsid, overrides in entries:
            changed: dict[int, Level | int] = {}
            at += 4  # cp
            for _ in range(overrides):
                start, flags = struct.unpack_from("<iI", table, at)
                at += 8
                ilvl = flags & 0x0F
                if flags & 0x20:  # fFormatting: a whole level follows
                    level, at = read_level(table, at)
                    changed[ilvl] = level
                elif flags & 0x10:  # fStartAt
                    changed[ilvl] = start
            lists.lfo.append((lsid, changed))
    return lists


# --- paragraphs -------------------------------------------------------------------------


def paragraph_props(word: bytes, table: bytes, fc: int, lcb: int):
    """(fc_start, fc_end, ilfo, ilvl, istd) of every paragraph run in the FKP pages."""
    count = (lcb - 4) // 8
    if count <= 0:
        return
    pages = struct.unpack_from(f"<{count}I", table, fc + 4 * (count + 1))
    for pn in pages:
        page = word[(pn & 0x3FFFFF) * 512 : (pn & 0x3FFFFF) * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for i in range(crun):
            offset = page[4 * (crun + 1) + 13 * i] * 2
            ilfo = ilvl = None
            istd = 0
            if offset:
                cb = page[offset]
                if cb == 0:
                    size, start = 2 * page[offset + 1], offset + 2
                else:
                    size, start = 2 * cb - 1, offset + 1
                grpprl = page[start : start + size]
                if len(grpprl) >= 2:
                    (istd,) = struct.unpack_from("<H", grpprl, 0)
                    ilfo, ilvl = list_props(grpprl[2:])
            yield fcs[i], fcs[i + 1], ilfo, ilvl, istd


# --- rendering --------------------------------------------------------------------------

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")]
ROMAN += [(40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def formatted(number: int, nfc: int) -> str:
    import cn2an

    if nfc in (0x25, 0x27, 0x21, 0x23, 0x0A, 0x1E):  # Chinese counting: 一 … 十一 … 一百
        return cn2an.an2cn(number)
    if nfc == 0x26:  # legal: 壹贰叁
        return cn2an.an2cn(number, "up")
    if nfc in (1, 2):
        value, out = number, ""
        for amount, letters in ROMAN:
            while value >= amount:
                out, value = out + letters, value - amount
        return out if nfc == 1 else out.lower()
    if nfc in (3, 4):
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if nfc == 3 else letter.lower()
    if nfc in (0x12, 0x1C) and 1 <= number <= len(CIRCLED):
        return CIRCLED[number - 1]
    if nfc == 0x0E:
        return "".join(chr(ord(d) + 0xFEE0) for d in str(number))
    if nfc == 0x16:
        return f"{number:02d}"
    return str(number)


class Counter:
    """Counters of each list (by lsid), advanced paragraph by paragraph."""

    def __init__(self, lists: Lists):
        self.lists = lists
        self.values: dict[int, list[int | None]] = {}

    def label(self, ilfo: int, ilvl: int) -> str:
        if not 1 <= ilfo <= len(self.lists.lfo) or not 0 <= ilvl <= 8:
            return ""
        lsid, overrides = self.lists.lfo[ilfo - 1]
        levels = self.lists.levels.get(lsid)
        if not levels:
            return ""
        levels = [
            replaced if isinstance(replaced := overrides.get(i), Level) else lv for i, lv in enumerate(levels)
        ]
        ilvl = min(ilvl, len(levels) - 1)
        level = levels[ilvl]
        values = self.values.setdefault(lsid, [None] * 9)
        override = overrides.get(ilvl)
        current = values[ilvl]
        if current is None:
            values[ilvl] = override if isinstance(override, int) else level.start
        else:
            values[ilvl] = current + 1
        for deeper in range(ilvl + 1, 9):
            values[deeper] = None
        if level.nfc in (BULLET, NO_NUMBER):
            return ""
        text = level.template
        for position in sorted({p for p in level.placeholders if p}, reverse=True):
            if position > len(text):
                continue
            which = ord(text[position - 1])
            if which > 8:
                continue
            shown = levels[which] if which < len(levels) else level
            value = values[which]
            text = (
                text[: position - 1]
                + formatted(shown.start if value is None else value, shown.nfc)
                + text[position:]
            )
        return text.strip() + (" " if level.follow in (0, 1) else "")


def numbering_labels(word: bytes, table: bytes, fc_base: int, paragraph_fcs: list[int]) -> dict[int, str]:
    """Label of each paragraph, keyed by the FC of its first character; {} where unreadable."""
    try:
        lists = read_lists(table, fc_lcb(word, fc_base, 73), fc_lcb(word, fc_base, 74))
        if not lists.lfo:
            return {}
        styles = style_lists(table, *fc_lcb(word, fc_base, 1))
        runs = list(paragraph_props(word, table, *fc_lcb(word, fc_base, 13)))
    except (struct.error, IndexError, ValueError):
        return {}
    runs.sort()
    counter = Counter(lists)
    labels: dict[int, str] = {}
    index = 0
    for fc in paragraph_fcs:
        while index < len(runs) and runs[index][1] <= fc:
            index += 1
        if index >= len(runs) or runs[index][0] > fc:
            continue
        _, _, ilfo, ilvl, istd = runs[index]
        style_ilfo, style_ilvl = resolve_style(styles, istd)
        ilfo = ilfo if ilfo is not None else style_ilfo
        ilvl = ilvl if ilvl is not None else (style_ilvl or 0)
        if ilfo and ilfo > 0:
            label = counter.label(ilfo, ilvl)
            if label:
                labels[fc] = label
    return labels
