"""Targets in a sentence: Target(number, measure, deadline, text, due).

Choices: the number is kept as written with its magnitude word in the measure
("新开工4.9万套" → 4.9, "万套"), so nothing is lost or rounded; the measure is the
classifier plus the thing counted ("104个老旧小区改造" → 104, "个老旧小区改造");
percentages have measure "%". ``text`` is the whole target phrase as written (its
clause, without the leading 将/力争/确保 and deadline words: "完成101个小区犬只登记全覆盖").

Each target is paired with its own clause's deadline ("年内对77家物业企业开展信用评价"
→ 年内); a clause that is nothing but a deadline ("2018年，要…"), or a lead-in with one
("2025年的努力目标为：…"), sets the deadline of the clauses after it. ``deadline`` keeps the words as written (年内, 到2020年底, 6月底前),
``due`` is the date they mean from the statement's date (indexer.parse.deadlines).
"""

from __future__ import annotations

import re
from datetime import date

from indexer.lang.vocabulary import word_list
from indexer.parse.dates import cn_small_int
from indexer.parse.deadlines import Deadline, find_deadlines
from indexer.parse.lines import HAN
from indexer.records import Target

CLASSIFIER = "|".join(map(re.escape, sorted(word_list("parse_classifiers"), key=len, reverse=True)))
ARABIC_QUANTITY = re.compile(
    rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(多|余)?\s*([万亿千百]?)\s*(多|余)?\s*({CLASSIFIER})"
)
CHINESE_QUANTITY = re.compile(
    r"(?<![第一二三四五六七八九十百千万])([两二三四五六七八九十百]{1,4})(个|项|条|处|支|家|所|名|类|批)"
)
TAIL_STOP = re.compile(
    r"全部|全面|基本|以上|以下|左右|进行|开展|实现|达到|完成|提高|提升|不低于|的|和|及|与|等|[^" + HAN + "]"
)
GOAL_WORDS = re.compile(r"力争|确保|争取|保证|完成|实现|消除|达到|建成|前|底|年内|立即")
BOOK_TITLE = re.compile(r"《[^》]*》")
CLAUSE_SPLIT = re.compile(r"[，；;,。！？!?：:]")
LEADS = tuple(sorted(word_list("parse_target_leads"), key=len, reverse=True))
# The subject before the stance word (聊城市住建局将…, 我们要…) is not part of the target.
STANCE = re.compile(r"(?:将|力争|争取|确保|(?<![主重需必只])要(?![求点害]))")


def _tail(text: str, start: int) -> str:
    window = text[start : start + 12]
    stop = TAIL_STOP.search(window)
    return window[: stop.start()] if stop else window


def _clauses(sentence: str) -> list[tuple[str, bool]]:
    """The clauses of a sentence, each with whether a colon follows it (a lead-in: …目标为：)."""
    parts = CLAUSE_SPLIT.split(BOOK_TITLE.sub("", sentence))
    found, at = [], 0
    text = BOOK_TITLE.sub("", sentence)
    for part in parts:
        at += len(part)
        lead_in = text[at : at + 1] in ("：", ":")
        at += 1
        if part.strip():
            found.append((part.strip(), lead_in))
    return found


def _quantities(clause: str) -> list[tuple[float, str]]:
    found = []
    for match in ARABIC_QUANTITY.finditer(clause):
        measure = match.group(3) + match.group(5)
        if match.group(5) not in ("%", "％"):
            measure += _tail(clause, match.end())
        found.append((match.start(), float(match.group(1)), measure.replace("％", "%")))
    for match in CHINESE_QUANTITY.finditer(clause):
        number = cn_small_int(match.group(1).replace("两", "二"))
        if number and number > 1:
            found.append((match.start(), float(number), match.group(2) + _tail(clause, match.end())))
    return [(number, measure) for _, number, measure in sorted(found)]


def _strip_leads(text: str) -> str:
    while True:
        lead = next((w for w in LEADS if text.startswith(w)), None)
        if lead is None:
            return text
        text = text[len(lead) :]


def target_phrase(clause: str, deadlines: list[Deadline]) -> str:
    """The clause without its subject, stance words and a leading deadline."""
    words = [clause[d.start : d.end] for d in deadlines]
    stance = STANCE.search(clause[:30])
    if stance and not re.search(r"\d", clause[: stance.start()]):
        clause = clause[stance.start() :]
    phrase = _strip_leads(clause)
    for written in words:
        if phrase.startswith(written):
            phrase = _strip_leads(phrase[len(written) :])
    return phrase


def find_targets(sentence: str, said: date | None = None) -> list[Target]:
    """Targets of one sentence; a clause with a deadline but no number gives a target of its words.
    ``said``: the statement's date, against which relative deadlines resolve."""
    targets: list[Target] = []
    carried: Deadline | None = None
    for clause, lead_in in _clauses(sentence):
        deadlines = find_deadlines(clause, said)
        phrase = target_phrase(clause, deadlines)
        if deadlines and (lead_in or not _strip_leads(phrase)):
            carried = deadlines[0]  # "2018年，…", "2025年的目标为：…": the deadline of what follows
            if not lead_in:
                continue
        own = deadlines[0] if deadlines else carried
        deadline, due = (own.written, own.due) if own else (None, None)
        quantities = _quantities(clause)
        for number, measure in quantities:
            targets.append(Target(number, measure, deadline, phrase, due))
        if not quantities and own and own in deadlines and GOAL_WORDS.search(clause):
            targets.append(Target(None, None, deadline, phrase, due))
    return targets
