"""What a sentence does: orders, pledges, assesses, narrates, permits, or heads a point.

Tests on one sentence (or one clause of it), without knowing who speaks:

- ``has_stance``: an order or pledge word (要, 应当, 必须, 不得, 将, 力争, 确保…); 要 inside
  another word (重要, 需要, 要求…) does not count;
- ``orders``: a stance word, a clause opening with an action verb (建立…, 认真制定…), a
  clause whose subject is an addressee (各地…, 有关部门要…), or a time limit;
- ``assesses`` / ``narrates`` / ``permits``: 是…/事关…/意义, 了/已经/参加…, 可…, each only
  where no stance word says more;
- ``point_marker`` / ``is_point_heading``: 一是…, 二、…, （三）…, 1.…; a short numbered
  sentence (or a short 要…。) is the heading of the point that follows it.
"""

from __future__ import annotations

import re

from indexer.lang.vocabulary import word_list
from indexer.parse.lines import HAN

# 要 and 应 are stance words unless part of another word: 重要, 需要, 要求…; 应急, 相应, 供应…
IN_WORDS = {
    "要": r"(?<![重主需只必首简纪摘概提])要(?![求点素害闻件])",
    "应": r"(?<![响适反供相对答回效])应(?![急用对届聘邀变])",
    "请": r"(?<![申提邀聘报呈敬])请(?![示求假教柬愿])",
}
MODAL_WORDS = [w for w in word_list("parse_directive_modals") if w not in IN_WORDS]
MODAL = re.compile(
    "|".join([*IN_WORDS.values(), *map(re.escape, sorted(MODAL_WORDS, key=len, reverse=True))])
)
PLEDGE = re.compile(r"(?<![是即])将|力争|确保|一定|争取|保证|立即|决心|努力")
ACTION = tuple(sorted(word_list("parse_action_verbs"), key=len, reverse=True))
HEADS = tuple(sorted(word_list("parse_addressee_heads"), key=len, reverse=True))
CLAUSE = re.compile(r"[，,；;：:]")
# Words before the verb of a clause that leave it imperative: 同时，要…; 并…; 特别要…
FILLER = re.compile(r"^(?:同时|并且|并|还要|还|也|要|特别是|特别|尤其是|尤其|切实|进一步|继续)")
ASSESS = re.compile(
    r"(?<![一二三四五六七八九十但特就凡还总要于也即或只])是(?!否)|事关|关系到|等于|具有[^，。；]{0,12}意义|意义(?:重大|深远)|不言而喻|相辅相成|殊途同归|之年"
)
NARRATE = re.compile(r"(?<![为除])了(?!解)|已经|已|^前期|^此前|参加|出席|陪同|一行|截至|截止|先后|^[（(]记者")
# A list quoted after "…要求：" is over where the report goes on with the event.
NARRATIVE_END = re.compile(r"^\d{1,2}\s*月\s*\d{1,2}\s*[日号]|参加|出席|陪同|一行|召开|举行|^[（(]记者")
# "对于已经建成…的，": a condition names the cases an order is about, it tells no event.
CONDITION = re.compile(r"(?:^|(?<=[，,；;]))[^，,；;。]{1,60}?的[，,]")
# "对…加强督导", "针对关键环节进行抽查": an order led by the thing it is about.
LED_ACTION = re.compile(r"^(?:对|针对)[^，,；;。]{1,30}?(?:加强|进行|实施|开展|给予|采取)")
# 试点地区政府办公厅对…负总责: a responsibility assigned is an order.
RESPONSIBLE = re.compile(r"负总责|牵头负责|具体负责")
PERMIT = re.compile(r"可(?!能|靠|行|持续|视)|可以")
LEAD_PHRASE = re.compile(r"^(?:具体来说|具体而言|总的来说|概括起来)[，,]")
POINT = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}(?:是|要|来|、|．|\.)"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:[、．]|\.(?!\d))|第[一二三四五六七八九十]{1,3}[，,、]"
    r"|首先[，,]|其次[，,]|最后[，,])"
)
HAN_RUN = re.compile(f"[{HAN}]")
HEADING_CHARS, SHORT_ORDER_CHARS, HEADING_ORDER_CHARS = 20, 8, 8


def has_stance(text: str) -> bool:
    return bool(MODAL.search(text) or PLEDGE.search(text))


def clauses(text: str) -> list[str]:
    return [c.strip() for c in CLAUSE.split(text) if c.strip()]


def _bare(clause: str) -> str:
    """A clause without its point marker and the words that leave it imperative."""
    clause = POINT.sub("", clause)
    while True:
        filler = FILLER.match(clause)
        if not filler or filler.end() == len(clause):
            return clause
        clause = clause[filler.end() :]


def opens_with_action(text: str) -> bool:
    for clause in clauses(text):
        bare = _bare(clause)
        if bare.startswith(ACTION) or LED_ACTION.match(bare) or RESPONSIBLE.search(bare):
            return True
    return False


def subject_addressee(clause: str) -> str | None:
    """The subject of a clause when it is whom an order addresses (有关部门要…, 各地以…为单位):
    the words before the stance word ending in an addressee word, or a leading 各X."""
    clause = ASKING.sub("", POINT.sub("", clause))  # 请各单位…: whom 请 asks
    stance = MODAL.search(clause)
    subject = clause[: stance.start()] if stance else ""
    if 2 <= len(subject) <= 60 and subject.endswith(HEADS) and not subject.endswith("工作"):
        return subject
    leading = LEADING_ADDRESSEE.match(clause)
    if leading:
        return leading.group(0)
    acting = ACTING_SUBJECT.match(clause)
    return acting.group(1) if acting else None


HEAD_WORDS = "|".join(map(re.escape, HEADS))
ASKING = re.compile(r"^(?:请|希望)")
# 各地…, 各分管县级领导…, 各省（自治区、直辖市）…: a leading 各 names whom an order addresses.
LEADING_ADDRESSEE = re.compile(
    rf"(?:市直|区直|县直|省直|全市|全区|全县|全省|地方|国务院|试点)?各(?:级|有关|相关)?(?:[{HAN}]{{0,10}}?(?:{HEAD_WORDS})|地区?|地方|省|市|县|区|乡镇|镇|校)"
    rf"(?:[（(][{HAN}、]{{1,12}}[)）])?"
)
# 机构编制部门按程序做好…: a subject ending in an addressee word, then the action it is to take.
ACTING_SUBJECT = re.compile(
    rf"([{HAN}、]{{2,20}}?(?:部门|单位|机构|政府|领导|干部|职工|人员))(?:[{HAN}]{{0,4}}?)(?:{'|'.join(a for a in ACTION if len(a) > 1)})"
)


def orders(text: str, limited: bool = False) -> bool:
    """An order: a stance word, an action verb opening a clause, an addressee as the subject,
    or a time limit (``limited``: the caller found one)."""
    if MODAL.search(text) or limited or opens_with_action(text):
        return True
    return any(subject_addressee(c) for c in clauses(text)[:2])


def assesses(text: str) -> bool:
    return not has_stance(text) and bool(ASSESS.search(text))


def narrates(text: str) -> bool:
    """An event told (了, 已经, 参加…), outside the conditions an order names (对于已经…的)."""
    return not MODAL.search(text) and bool(NARRATE.search(CONDITION.sub("", text)))


def ends_a_list(text: str) -> bool:
    return not MODAL.search(text) and bool(NARRATIVE_END.search(text))


def permits(text: str) -> bool:
    return not MODAL.search(text) and bool(PERMIT.search(text))


def point_marker(text: str) -> bool:
    return bool(POINT.match(text))


def is_point_heading(sentence: str) -> bool:
    """一是统一思想，提高认识。 / 1.建立治理工作协调机制。 / 要明确主体责任。: the short sentence
    that names the point the next sentences make (kept as the point's order only when it
    says something and its point says nothing else: see ``says_as_heading``)."""
    body = POINT.sub("", sentence)
    size = len(HAN_RUN.findall(body))
    if point_marker(sentence) or LEAD_PHRASE.match(sentence):
        return size <= HEADING_CHARS and sentence.rstrip("”’\"')）").endswith(("。", "."))
    return size <= SHORT_ORDER_CHARS and body.startswith("要") and not CLAUSE.search(body)


def says_as_heading(sentence: str) -> bool:
    """A heading long enough to be an order of its own (一是深刻理解岗位达标的内涵和意义), not a
    title (（一）指导思想, 3.监督评估)."""
    if not point_marker(sentence):
        return True  # 要严查食品质量。: an order by its form
    return len(HAN_RUN.findall(POINT.sub("", sentence))) >= HEADING_ORDER_CHARS
