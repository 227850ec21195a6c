"""Units (departments, districts, street offices, schools…): find, normalise, nest.

Data: indexer/data/units.tsv (normalized name, parent, aliases) — users extend it.
Rules cover units missing from the table: a bare 市X is the default city's X,
a name that starts with a known unit is that unit's child, and suffixes
(局/委/办/支队/街道/镇/社区/小学…) mark unknown unit names in running text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.parse.lines import HAN, squash
from indexer.records import Unit

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UNITS_FILE = DATA_DIR / "units.tsv"
USERDICT_FILE = DATA_DIR / "userdict.txt"
STOPWORDS_FILE = DATA_DIR / "parse_unit_stopwords.txt"

ORG_SUFFIX = ("委员会|办公室|工作组|指挥部|检察院|法院|研究院|学院|小学|中学|学校|幼儿园|医院|"
              "中心|支队|大队|中队|分局|公司|集团|协会|联合会|总工会|宣传部|组织部|统战部|武装部|局|委|办|院|馆|站|所|队")
PLACE_SUFFIX = "街道办事处|街道|镇|乡|社区|村|县|区|市"
BOUNDARY_CHARS = "在到由与和及对向了是经据从赴"
# Characters that start a clause rather than a name: a rule match beginning with
# one of them is a sentence fragment ("确保无盲区"), not a unit.
NON_NAME_START = set("确保无加强开展推进提实落抓做建创对在到为以把将要是有和与及等各全每该本我其这那此"
                     "并也还都就不没已正再又更最很向由从经据让使给被召举发督视深组主带听查")
BOUNDARY = rf"(?:(?<=^)|(?<=[^{HAN}])|(?<=[{BOUNDARY_CHARS}]))"
CITY_ORG = re.compile(rf"{BOUNDARY}((?:市|县|区)[{HAN}]{{1,10}}?(?:{ORG_SUFFIX}))")
OTHER_CITY_ORG = re.compile(rf"{BOUNDARY}([{HAN}]{{2,4}}?(?:省|市|县|区)[{HAN}]{{1,10}}?(?:{ORG_SUFFIX}))")
PLACE = re.compile(rf"{BOUNDARY}([{HAN}]{{2,5}}?(?:{PLACE_SUFFIX}))(?![域内外间长委村])")
# 小区, 城区, 棚户区…: common nouns ending in 区, never a district's name.
NOT_DISTRICT_BEFORE = set("小城社园景片辖市校街划盲户厂营库矿")
NOT_CITY_BEFORE = set("城全本我超集夜股闹都门")
FUNCTION_CHARS = set("个万年对在的了和与及等各全围绕切实解决是有为以把将要按照根据")
LOWER_COMPONENT = re.compile(
    rf"[{HAN}\d]{{1,6}}?(?:大队|中队|小学|中学|学校|幼儿园|社区|村|医院|中心|站|所|专业队|科|股)"
)
BOOK_TITLE = re.compile(r"《[^》]{0,60}》")
POSITION_INSIDE = re.compile(r"书记|主任|市长|主席|局长|常委|部长|组长|院长|秘书长|队长|委员(?!会)")


@dataclass(frozen=True)
class UnitTable:
    parent: dict[str, str | None]
    alias: dict[str, str]  # squashed alias (and normalized name) → normalized
    city: str | None
    pattern: re.Pattern | None


def _read_rows(path: Path) -> list[list[str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.lstrip().startswith("#"):
            rows.append((raw.split("\t") + ["", ""])[:3])
    return rows


@lru_cache(maxsize=1)
def table() -> UnitTable:
    parent: dict[str, str | None] = {}
    alias: dict[str, str] = {}
    for name, up, aliases in _read_rows(UNITS_FILE):
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


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    if not STOPWORDS_FILE.exists():
        return frozenset()
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(squash(x) for x in lines if squash(x) and not x.startswith("#"))


def known_units() -> list[str]:
    return list(table().parent)


def userdict_path() -> Path:
    return USERDICT_FILE


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
        rest = flat[len(prefix):]
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


def _plausible(name: str) -> bool:
    if len(name) < 3 or name in stopwords() or name[0] in NON_NAME_START:
        return False
    if any(ch in FUNCTION_CHARS or ch.isdigit() for ch in name):  # phrases, not names
        return False
    if name.endswith("区") and name[-2] in NOT_DISTRICT_BEFORE:
        return False
    if name.endswith("市") and name[-2] in NOT_CITY_BEFORE:
        return False
    return not POSITION_INSIDE.search(name)


def _inside_longer_name(text: str, start: int, alias: str) -> bool:
    """市商务局 inside 济南市商务局 is another city's bureau: a relative alias
    (市…/县…/区…) counts only where a name cannot continue before it."""
    if not alias.startswith(("市", "县", "区")) or start == 0:
        return False
    before = text[start - 1]
    return bool(re.match(f"[{HAN}]", before)) and before not in BOUNDARY_CHARS + "全各本我"


def _extend_lower(text: str, end: int) -> int:
    """A known unit directly followed by a lower unit (…支队执勤二大队) is that lower unit."""
    match = LOWER_COMPONENT.match(text, end)
    if match and match.group(0)[0] not in NON_NAME_START and _plausible(match.group(0)):
        if squash(match.group(0)) not in table().alias:
            return match.end()
    return end


def unit_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name as written) of the units in text, left to right, no overlaps."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for quoted in BOOK_TITLE.finditer(text):
        taken[quoted.start():quoted.end()] = [True] * (quoted.end() - quoted.start())
    pattern = table().pattern
    for match in pattern.finditer(text) if pattern else []:
        end = _extend_lower(text, match.end())
        if any(taken[match.start():end]) or _inside_longer_name(text, match.start(), match.group(0)):
            continue
        spans.append((match.start(), end, text[match.start():end]))
        taken[match.start():end] = [True] * (end - match.start())
    for rule in (CITY_ORG, OTHER_CITY_ORG, PLACE):
        for match in rule.finditer(text):
            start, end = match.span(1)
            if any(taken[start:end]) or not _plausible(match.group(1)):
                continue
            spans.append((start, end, match.group(1)))
            taken[start:end] = [True] * (end - start)
    return sorted(spans)


def find_units(text: str) -> list[Unit]:
    """Units named in text, first mention first, one per normalized name."""
    seen: dict[str, Unit] = {}
    for _, _, written in unit_spans(text):
        normalized = normalize_unit(written)
        if normalized not in seen:
            seen[normalized] = Unit(name=squash(written), normalized=normalized)
    return list(seen.values())


def first_unit(text: str) -> str | None:
    units = find_units(text)
    return units[0].normalized if units else None


OFFICIALS_FILE = DATA_DIR / "parse_officials.tsv"
UNIT_FREQ, NAME_FREQ = 50000, 20000


def userdict_entries() -> list[str]:
    """Lines of the jieba user dictionary ("word freq tag"): every unit name and alias
    (nt) and every official in parse_officials.tsv (nr). data/userdict.txt is these
    lines; regenerate it after extending units.tsv:
    python -c "from indexer.parse.units import userdict_entries as u; print('\\n'.join(u()))" > indexer/data/userdict.txt
    """
    words = sorted(set(table().alias) | set(table().parent), key=lambda w: (-len(w), w))
    lines = [f"{word} {UNIT_FREQ} nt" for word in words]
    for row in _read_rows(OFFICIALS_FILE):
        if squash(row[0]):
            lines.append(f"{squash(row[0])} {NAME_FREQ} nr")
    return lines
