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

from indexer.parse.lines import HAN, tidy
from indexer.records import Official
from indexer.vocabulary import word_list

DATE_TAIL = "年月日号"
# After a two-character name a predicate begins: a one-character one (在, 说…) or a
# word (强调, 表示…). A third character that starts one means the name had only two.
SINGLE_PREDICATE = set("在说到对就等和与及是也又还")
PREDICATE_WORDS = set(word_list("parse_predicates"))
# Any non-Han character (punctuation, space, mark, digit) or a line start opens a clause.
CLAUSE_START = rf"(?:(?<=^)|(?<=[^{HAN}]))"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int  # end of the name
    name: str
    position: str | None


@lru_cache(maxsize=1)
def surnames() -> str:
    return "".join(word_list("parse_surnames"))


@lru_cache(maxsize=1)
def positions() -> list[str]:
    return sorted(set(word_list("parse_positions")), key=len, reverse=True)


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
    return re.compile(
        rf"{CLAUSE_START}([{surnames()}][{HAN}]{{1,2}})[（(]([{HAN}、]{{0,30}}?(?:{title}))[)）]"
    )


def _trim_name(name: str, following: str = "") -> str:
    """A third character that starts the predicate (孙爱军 vs 王强表示, 李明在) is not part of
    the name; a third character followed by the end of the clause is (徐宏强：…)."""
    if len(name) == 3 and (name[2] in SINGLE_PREDICATE or (name[2] + following[:1]) in PREDICATE_WORDS):
        return name[:2]
    return name


def positioned_mentions(text: str) -> list[Mention]:
    mentions = []
    for match in mention_pattern().finditer(text):
        name = _trim_name(match.group(2), text[match.end(2) : match.end(2) + 1])
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
