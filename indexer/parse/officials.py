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

from indexer.lang.vocabulary import word_list
from indexer.parse.lines import HAN, tidy
from indexer.records import Official

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
    # at most four posts before the name (市委副书记、市长、…): an unbounded list backtracks over "局长、" × n
    return re.compile(rf"{CLAUSE_START}((?:{segment}、){{0,3}}{segment})({name})")


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


NOT_GIVEN_CHARS = SINGLE_PREDICATE | set("的了是为把将要被")


def _plausible_name(name: str) -> bool:
    """A surname and one or two given characters that do not start a predicate."""
    return (
        name[:2] not in PREDICATE_WORDS
        and name[1] not in NOT_GIVEN_CHARS
        and not (set(name) & NOT_NAME_CHARS)
    )


def positioned_mentions(text: str) -> list[Mention]:
    mentions = []
    for match in mention_pattern().finditer(text):
        name = _trim_name(match.group(2), text[match.end(2) : match.end(2) + 1])
        if not _plausible_name(name):
            continue  # 王强书记强调: 强调 is the predicate, not a name after the title
        position = match.group(1).lstrip(DATE_TAIL)  # "2018年市委书记…": 年 ends the date
        mentions.append(Mention(match.start(2) - len(position), match.start(2) + len(name), name, position))
    for match in bracket_pattern().finditer(text):
        mentions.append(Mention(match.start(), match.end(), match.group(1), match.group(2)))
    return sorted(mentions, key=lambda m: m.start)


def name_mentions(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(offset, name) of every mention of the given names, in order."""
    if not names:
        return []
    return [(m.start(), m.group(0)) for m in _names_pattern(tuple(names)).finditer(text)]


@lru_cache(maxsize=256)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


# Characters of organs and posts: "市委书记", "区委书记", "党组书记" are no name + title.
NOT_NAME_CHARS = set("委党部局办会组市区县镇乡街社村省厅处科队站所院校副务各该全")
BEFORE_NAME = "在由和与及对向经据陪同请"


@lru_cache(maxsize=1)
def name_title_pattern() -> re.Pattern:
    titles = "|".join(map(re.escape, sorted(word_list("parse_name_titles"), key=len, reverse=True)))
    following = "|".join(sorted(PREDICATE_WORDS | SINGLE_PREDICATE | {"的"}, key=len, reverse=True))
    return re.compile(
        rf"(?:(?<=^)|(?<=[^{HAN}])|(?<=[{BEFORE_NAME}]))([{surnames()}][{HAN}]{{0,2}}?)({titles})"
        rf"(?=$|[^{HAN}]|{following})"
    )


def titled_mentions(text: str, known: dict[str, str | None]) -> list[Mention]:
    """王强书记, 刘敏市长: a name and the title after it; 张主任: the known official of that
    surname whose position ends in that title (no such official, no mention)."""
    mentions = []
    for match in name_title_pattern().finditer(text):
        name, title = match.group(1), match.group(2)
        if (len(name) > 1 and not _plausible_name(name)) or name[0] in NOT_NAME_CHARS:
            continue
        if len(name) == 1:
            same = [n for n, p in known.items() if n.startswith(name) and (p or "").endswith(title)]
            if len(same) != 1:
                continue
            name = same[0]
        position = None if title == "同志" else title
        mentions.append(Mention(match.start(1), match.end(1), name, known.get(name, position)))
    return mentions


def find_officials(text: str, known: dict[str, str | None] | None = None) -> list[Official]:
    """One Official per name, with the first position written for it: "<position><name>",
    "<name>（<position>）", "<name><title>" (王强书记), and the officials named earlier in the
    issue (``known``, name → position) where the text names them again."""
    known = known or {}
    flat = tidy(text.replace("\n", "。"))
    found: dict[str, Official] = {}
    mentions = positioned_mentions(flat)
    inside = [(m.start, m.end) for m in mentions]
    mentions += [t for t in titled_mentions(flat, known) if not any(a <= t.start < b for a, b in inside)]
    mentions += [
        Mention(at, at + len(name), name, known[name]) for at, name in name_mentions(flat, list(known))
    ]
    for mention in sorted(mentions, key=lambda m: m.start):
        found.setdefault(mention.name, Official(mention.name, mention.position))
    return list(found.values())
