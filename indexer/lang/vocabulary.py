"""The unit vocabulary and the word lists editors extend: one reader for indexer/data/.

Everything that needs to know what a unit is called reads this module: parse
(mention rules), the index (ancestors for the hierarchical unit facet), the
segmenter (dictionary words), and the query, facets and unit pages (normalise a
name the user typed, walk the hierarchy). Nothing here finds mentions in running
text: that is parse's job (indexer/parse/units.py).

Data, all under indexer/data/ (users extend them, no code changes):
- units.tsv: normalized name, parent, aliases (| separated);
- parse_officials.tsv: officials added to the segmenter's dictionary;
- word lists (one entry a line, # comments): see ``word_list``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from indexer.lang.text import squash

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # indexer/data: every file users may extend
UNITS_FILE = DATA_DIR / "units.tsv"
OFFICIALS_FILE = DATA_DIR / "parse_officials.tsv"
UNIT_FREQ, NAME_FREQ = 50000, 20000


def read_rows(path: Path, columns: int = 3) -> list[list[str]]:
    """Tab-separated rows of a data file, comments and blank lines left out, padded to ``columns``."""
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            rows.append((raw.split("\t") + [""] * columns)[:columns])
    return rows


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of indexer/data/<name>.txt, in file order (one a line; spaces inside an
    entry are kept out; # starts a comment line)."""
    path = DATA_DIR / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(squash(x) for x in lines if squash(x) and not x.lstrip().startswith("#"))


@dataclass(frozen=True)
class UnitTable:
    parent: dict[str, str | None]
    alias: dict[str, str]  # squashed alias (and normalized name) → normalized
    city: str | None
    pattern: re.Pattern | None


@lru_cache(maxsize=1)
def table() -> UnitTable:
    parent: dict[str, str | None] = {}
    alias: dict[str, str] = {}
    for name, up, aliases in read_rows(UNITS_FILE):
        name = squash(name)
        parent[name] = squash(up) or None
        alias[name] = name
        for other in aliases.split("|"):
            if squash(other):
                alias.setdefault(squash(other), name)
    city = next((n for n, p in parent.items() if p is None and n.endswith("市")), None)
    names = sorted(alias, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, names))) if names else None
    return UnitTable(parent, alias, city, pattern)


def known_units() -> list[str]:
    return list(table().parent)


def _known_prefix(name: str) -> str | None:
    """Longest known alias that is a proper prefix of name."""
    for size in range(len(name) - 1, 1, -1):
        if name[:size] in table().alias:
            return name[:size]
    return None


def normalize_unit(name: str) -> str:
    """The one full name of a unit: alias table first, then the city and prefix rules."""
    flat = squash(name)
    units = table()
    if flat in units.alias:
        return units.alias[flat]
    if units.city and flat.startswith("市") and not flat.startswith(units.city):
        full = units.city + flat[1:]
        return units.alias.get(full, full)
    prefix = _known_prefix(flat)
    if prefix:
        rest = flat[len(prefix) :]
        if rest in units.alias:
            return units.alias[rest]
        return units.alias[prefix] + rest
    return flat


def unit_parent(normalized: str) -> str | None:
    units = table()
    flat = squash(normalized)
    if flat in units.parent:
        return units.parent[flat]
    prefix = _known_prefix(flat)
    if prefix:
        return units.alias[prefix]
    return None


def unit_ancestors(normalized: str) -> list[str]:
    """Root first, the unit itself last."""
    chain = [squash(normalized)]
    while len(chain) < 12:
        up = unit_parent(chain[-1])
        if not up or up in chain:
            break
        chain.append(up)
    return list(reversed(chain))


def dictionary_entries() -> list[str]:
    """Lines for the segmenter's user dictionary ("word freq tag"): every unit name and
    alias (nt) and every official in parse_officials.tsv (nr). Built at load time, so
    extending units.tsv needs no generated file."""
    words = sorted(set(table().alias) | set(table().parent), key=lambda w: (-len(w), w))
    lines = [f"{word} {UNIT_FREQ} nt" for word in words]
    for row in read_rows(OFFICIALS_FILE, 2):
        if squash(row[0]):
            lines.append(f"{squash(row[0])} {NAME_FREQ} nr")
    return lines


def is_district(name: str) -> bool:
    """A district, county, county-level city or zone directly under the default city."""
    units = table()
    flat = squash(name)
    return flat != units.city and flat.endswith(("区", "县", "市")) and unit_parent(flat) == units.city


def within_district(written: str, district: str | None) -> str | None:
    """The full name of a district's own office written without the district (区创城办,
    区综合行政执法局 inside an article of 东昌府区 → 东昌府区创城办), else None."""
    flat = squash(written)
    if not district or not flat.startswith(district[-1]) or len(flat) < 3 or flat.startswith(district):
        return None
    return normalize_unit(district + flat[1:])
