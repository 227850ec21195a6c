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
    home: dict[str, str | None]  # normalized → the city it lies in (its top ancestor named …市), if any
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
    home = {name: _top_city(name, parent) for name in parent}
    names = sorted(alias, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, names))) if names else None
    return UnitTable(parent, alias, home, pattern)


def _top_city(name: str, parent: dict[str, str | None]) -> str | None:
    chain = [name]
    while len(chain) < 12 and parent.get(chain[-1]) and parent[chain[-1]] not in chain:
        chain.append(parent[chain[-1]] or "")
    return next((n for n in reversed(chain) if n.endswith("市")), None)


def known_units() -> list[str]:
    return list(table().parent)


def home_city(written: str) -> str | None:
    """The city of the vocabulary's unit for a name (its alias table entry), if any."""
    units = table()
    target = units.alias.get(squash(written))
    return units.home.get(target) if target else None


def places_itself(written: str, home: str | None) -> bool:
    """A name that says which city it lies in: it carries the city's name (聊城市公安局,
    聊城高新区, 聊城大学) or one of the city's districts written in full (东昌府区文苑小学)."""
    if home is None:
        return True  # a unit of no city (a ministry, a province's office) is the same everywhere
    flat = squash(written)
    return (len(home) > 2 and home[:-1] in flat) or any(d in flat for d in districts(home))


@cache
def districts(city: str) -> tuple[str, ...]:
    """The districts, counties, county-level cities and zones the vocabulary puts directly under a city."""
    units = table()
    return tuple(n for n, up in units.parent.items() if up == city and n.endswith(("区", "县", "市")))


def _applies(written: str, city: str | None) -> bool:
    """The vocabulary's entry for a written name is the unit the document means: the name
    places itself, or the document is about the entry's own city."""
    home = home_city(written)
    return home == city or places_itself(written, home)


def _known_prefix(name: str, city: str | None) -> str | None:
    """Longest alias that is a proper prefix of name and names the unit the document means."""
    for size in range(len(name) - 1, 1, -1):
        if name[:size] in table().alias and _applies(name[:size], city):
            return name[:size]
    return None


def is_relative(name: str) -> bool:
    """市公安局, 市委宣传部: a city's unit written without the city, as a city's own texts write it."""
    flat = squash(name)
    return len(flat) > 2 and flat[0] == "市"


def normalize_unit(name: str, city: str | None = None) -> str:
    """The one full name of a unit, written in a document about ``city`` (the city the
    document names itself, ``indexer.parse.units.document_city``; None when it names none).

    A relative name (市X) is that city's X, and stays as written when the document names no
    city. A name of the vocabulary (units.tsv: its name, an alias, or a known name followed
    by a lower unit) is the vocabulary's unit when the written name places itself or the
    document is about the unit's city; else it stays as written: 文苑小学 is 东昌府区文苑小学
    only in a text about 聊城市."""
    flat = squash(name)
    units = table()
    if is_relative(flat):
        if not city:
            return flat
        if flat in units.alias and _applies(flat, city):
            return units.alias[flat]  # 市交警支队 in a text about 聊城市
        flat = city + flat[1:]
    if flat in units.alias and _applies(flat, city):
        return units.alias[flat]
    prefix = _known_prefix(flat, city)
    if prefix:
        head, rest = units.alias[prefix], flat[len(prefix) :]
        if rest in units.alias and units.home.get(units.alias[rest]) in (None, units.home.get(head)):
            return units.alias[rest]  # 古楼街道兴华社区: the community of its own name
        return head + rest
    return flat


def typed_units(name: str) -> tuple[str, ...]:
    """The units a name a user typed (a filter, a scorecard, a query's unit:) may mean: the
    vocabulary's unit when the vocabulary knows the name (市城管局 → 聊城市城市管理局: a user names
    the units of the archive the vocabulary describes), and the name normalized with no city,
    as a text naming none writes it (so every value the unit facet lists filters on itself)."""
    return tuple(dict.fromkeys((normalize_unit(name, home_city(name)), normalize_unit(name))))


def unit_parent(normalized: str) -> str | None:
    """The unit above a normalized name: its row's parent, else the longest unit name it
    starts with (聊城市档案馆 → 聊城市). Only normalized names count as such a prefix: an
    alias never gives a name a city (市公安局治安支队 written as it stands has none)."""
    units = table()
    flat = squash(normalized)
    if flat in units.parent:
        return units.parent[flat]
    for size in range(len(flat) - 1, 1, -1):
        if flat[:size] in units.parent:
            return flat[:size]
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
    """A district, county, county-level city or zone the vocabulary puts directly under a city."""
    flat = squash(name)
    up = table().parent.get(flat)
    return up is not None and up.endswith("市") and flat in districts(up)


def within_district(written: str, district: str | None, city: str | None = None) -> str | None:
    """The full name of a district's own office written without the district (区创城办,
    区综合行政执法局 inside an article of 东昌府区 → 东昌府区创城办), else None."""
    flat = squash(written)
    if not district or not flat.startswith(district[-1]) or len(flat) < 3 or flat.startswith(district):
        return None
    return normalize_unit(district + flat[1:], city)
