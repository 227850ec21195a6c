"""Grid numbers of the city's creation campaign: 第五网格 → 5, 第二十三网格 → 23."""

from __future__ import annotations

import re

import cn2an

GRID = re.compile(r"第\s*([0-9０-９零〇一二三四五六七八九十百两]{1,6})\s*(?:号)?\s*网格")


def grid_number(written: str) -> int | None:
    try:
        value = cn2an.cn2an(written.replace("两", "二"), "smart")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return int(value) if float(value).is_integer() and value > 0 else None


def find_grids(text: str) -> list[int]:
    """Grid numbers in order of first mention."""
    grids: list[int] = []
    for match in GRID.finditer(text):
        number = grid_number(match.group(1))
        if number is not None and number not in grids:
            grids.append(number)
    return grids
