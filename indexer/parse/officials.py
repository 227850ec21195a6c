"""Officials named with their positions ("市委书记孙爱军" → 孙爱军, 市委书记).

A position is a chain of segments joined by 、, each ending in a title from
data/parse_positions.txt, written right before a 2–3 character name that starts
with a surname from data/parse_surnames.txt. The chain starts at a clause
boundary, so the position is kept exactly as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.parse.lines import HAN, tidy
from indexer.records import Official

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# After a two-character name these usually begin the predicate; a third
# character from this set means the name had only two.
PREDICATE_START = set("在带表指强要参主出说到一同深先对作讲率陪来调召听督就分介致宣等和与及是也又还亲再")
DATE_TAIL = "年月日号"
# Any non-Han character (punctuation, space, mark, digit) or a line start opens a clause.
CLAUSE_START = rf"(?:(?<=^)|(?<=[^{HAN}]))"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int  # end of the name
    name: str
    position: str | None


def _read_list(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith("#")]


@lru_cache(maxsize=1)
def surnames() -> str:
    return "".join(_read_list("parse_surnames.txt"))


@lru_cache(maxsize=1)
def positions() -> list[str]:
    return sorted(set(_read_list("parse_positions.txt")), key=len, reverse=True)


@lru_cache(maxsize=1)
def mention_pattern() -> re.Pattern:
    title = "|".join(map(re.escape, positions()))
    segment = rf"[{HAN}（）()]{{0,22}}?(?:{title})"
    name = rf"[{surnames()}][{HAN}]{{1,2}}"
    return re.compile(rf"{CLAUSE_START}((?:{segment}、)*{segment})({name})")


@lru_cache(maxsize=1)
def bracket_pattern() -> re.Pattern:
    """荣红智（东昌府区委书记）: the position in brackets after the name."""
    title = "|".join(map(re.escape, positions()))
    return re.compile(rf"{CLAUSE_START}([{surnames()}][{HAN}]{{1,2}})[（(]([{HAN}、]{{0,30}}?(?:{title}))[)）]")


def _trim_name(name: str) -> str:
    if len(name) == 3 and name[2] in PREDICATE_START:
        return name[:2]
    return name


def positioned_mentions(text: str) -> list[Mention]:
    mentions = []
    for match in mention_pattern().finditer(text):
        name = _trim_name(match.group(2))
        position = match.group(1).lstrip(DATE_TAIL)  # "2018年市委书记…": 年 ends the date
        mentions.append(Mention(match.start(2) - len(position), match.start(2) + len(name), name, position))
    for match in bracket_pattern().finditer(text):
        mentions.append(Mention(match.start(), match.end(), match.group(1), match.group(2)))
    return sorted(mentions, key=lambda m: m.start)


def name_mentions(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(offset, name) of every mention of the given names, in order."""
    if not names:
        return []
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    return [(m.start(), m.group(0)) for m in pattern.finditer(text)]


def find_officials(text: str) -> list[Official]:
    """One Official per name, with the first position written for it."""
    found: dict[str, Official] = {}
    for mention in positioned_mentions(tidy(text.replace("\n", "。"))):
        found.setdefault(mention.name, Official(mention.name, mention.position))
    return list(found.values())
