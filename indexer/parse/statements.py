"""Statements: directives (a leader 强调/指出/要求/提出) and commitments (a unit head
表态/表示 …; sentences with 将/力争/确保/到20XX年/年内/一定…).

A directive is the trigger sentence plus the sentences that follow it in the same
paragraph, up to the next trigger. A commitment is one sentence with a commitment
marker, said in a commitment context: after 表示/表态/承诺, or anywhere in a news
section that is one speaker's pledge (the section's speaker is the default).
"他/她" resolves to the official named last. A meeting (会议/会上) or a work group never
speaks itself: a meeting's words belong to whoever held it (the official who 主持召开 it,
else the unit that 召开 it, else the article's unit), a work group's to the group the
text names (市创城第五网格工作组), else to the holder. Every speaker that is a unit is
written as its normalised name. Directives record whom they address (各区、市直各部门…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from indexer.lang.vocabulary import normalize_unit, table, word_list
from indexer.parse.lines import HAN, ends_sentence, split_sentences
from indexer.parse.officials import name_mentions
from indexer.parse.targets import find_targets
from indexer.parse.units import find_units
from indexer.records import Statement

DIRECTIVE_VERBS = word_list("parse_directive_verbs")
COMMITMENT_VERBS = word_list("parse_commitment_verbs")
_VERBS = "|".join(sorted(set(DIRECTIVE_VERBS + COMMITMENT_VERBS + ("明确",)), key=len, reverse=True))
TRIGGER = re.compile(
    rf"([^，。；：！？,;:]{{0,24}}?)({_VERBS})[，：:,]"
    rf"|(?:^|(?<=[，,]))()(要求|强调|指出)(?=[{HAN}]{{2}})"  # "…，要求瞄准短板": the last named speaks
)
# "按照…要求，" quotes a requirement, nobody speaks.
NOT_A_SPEAKER = re.compile(r"按照|根据|依照|对照|按|遵照|落实|贯彻|学习|传达|领会|执行")
BODIES = re.compile(r"(会议|会上|大会|工作组|督导组|检查组|调研组|考核组|领导小组|指挥部|党组|党委|党工委)$")
MEETINGS = ("会议", "会上", "大会")
GROUP = re.compile(r"(?:工作组|督导组|检查组|调研组|考核组|领导小组|指挥部)$")
# "<holder>（主持）召开…会议" / "会议由<holder>主持": who holds the article's meeting.
HOLDER = re.compile(r"([^，。；：！？]{2,40}?)(?:主持)?召开|会议由([^，。；：！？]{2,30}?)主持")
CITY_POSITION = re.compile(r"^(?:市委|市政府|市人大|市政协|市纪委|副?市长)")
ADDRESSEE = re.compile(
    rf"(?:市直|区直|县直|全市|全区|全县)?各[{HAN}]{{0,8}}?(?:部门|单位|区|县|县市区|街道|镇|乡|社区|学校|企业)"
    r"|(?:牵头|配合|责任|帮包|成员)单位"
    rf"|(?:全院|全局|全体|全区|全市|全县|全系统)[{HAN}]{{0,4}}?(?:干警|党员干部|干部职工|干部|职工|党员)"
)
PRONOUN = re.compile(r"(他|她)(还|又|也|再次|同时|进一步|最后|特别)?$")
COMMITMENT_MARKER = re.compile(r"将|力争|确保|到20\d\d年|年内|年底前|一定|争取|保证|立即")
PAST = re.compile(r"已|了|累计|共计|先后|截至|以来|现有")
# "下一步，湖西街道将…", "今后，我们要…": a unit's plan, said without a speech verb.
NEXT_STEP = re.compile(
    r"^(?:下一步|下步|今后|接下来|下一阶段)[，,]?([^，。；！？]{0,24}?)(?:将|要|力争|确保)"
)


@dataclass
class Context:
    """Who speaks in the running text, and whether it is a directive or a commitment."""

    officials: dict[str, str | None]  # name → position
    body_unit: str | None  # normalized unit the article is about
    said: date | None  # the statements' date, against which deadlines resolve
    default_speaker: str | None = None  # a news pledge section's speaker
    holder: str | None = None  # who held the article's meeting: an official's name or a unit
    group: str | None = None  # the work group the article names (normalized)
    last_named: str | None = None
    mode: str | None = None  # "directive" | "commitment" | None
    speaker: str | None = None
    statements: list[Statement] = field(default_factory=list)
    continuable: bool = False  # the last commitment ended in "；" within this paragraph

    def __post_init__(self) -> None:
        if self.default_speaker:
            self.mode, self.speaker = "commitment", self.default_speaker


def position_unit(position: str | None) -> str | None:
    """The unit an official's position names (东昌府区委书记 → 东昌府区); a city post
    without a unit (副市长, 市委书记) is the default city's."""
    units = find_units(position or "")
    if units:
        return units[0].normalized
    return table().city if CITY_POSITION.search(position or "") else None


def unit_of(speaker: str | None, context: Context) -> str | None:
    if speaker is None:
        return None
    if speaker in context.officials:
        return position_unit(context.officials[speaker]) or context.body_unit
    return normalize_unit(speaker)


def _holder(text: str, officials: dict[str, str | None]) -> str | None:
    """The official or unit that held the article's meeting, as a speaker."""
    for match in HOLDER.finditer(text):
        subject = match.group(1) or match.group(2) or ""
        named = name_mentions(subject, list(officials))
        if named:
            return named[-1][1]
        units = find_units(subject)
        if units:
            return units[-1].normalized
    return None


def _group(text: str) -> str | None:
    return next((u.normalized for u in find_units(text) if GROUP.search(u.normalized)), None)


def _body_speaker(subject: str, body: str, context: Context) -> str | None:
    """A meeting's or group's words: the group the subject names, else its holder."""
    units = [u.normalized for u in find_units(subject)]
    if GROUP.search(body):
        named = [u for u in units if GROUP.search(u)]
        return named[-1] if named else context.group or context.holder or context.body_unit
    if body in MEETINGS:
        return context.holder or context.body_unit
    return units[-1] if units else context.body_unit  # 区委/党组: its unit


def resolve_speaker(subject: str, context: Context) -> str | None:
    named = [name for _, name in name_mentions(subject, list(context.officials))]
    if named:
        return named[-1]
    if PRONOUN.search(subject) or not subject.strip():
        return context.last_named
    body = BODIES.search(subject)
    if body:
        return _body_speaker(subject, body.group(1), context)
    units = find_units(subject)
    return units[-1].normalized if units else None


def _note_names(sentence: str, context: Context) -> None:
    mentions = name_mentions(sentence, list(context.officials))
    if mentions:
        context.last_named = mentions[-1][1]


def _next_step(sentence: str, context: Context) -> tuple[str, str] | None:
    """("commitment", unit) for "下一步，<unit>将…" (the article's unit when none is named)."""
    match = NEXT_STEP.match(sentence)
    if not match or context.default_speaker:
        return None
    units = find_units(match.group(1))
    speaker = units[-1].normalized if units else context.body_unit
    return ("commitment", speaker) if speaker else None


def _trigger(sentence: str, context: Context) -> tuple[str, str] | None:
    """(mode, speaker) when the sentence opens a statement by a known speaker."""
    step = _next_step(sentence, context)
    if step:
        return step
    match = TRIGGER.search(sentence)
    if not match:
        return None
    subject = match.group(1) if match.group(2) else match.group(3)
    verb = match.group(2) or match.group(4)
    if NOT_A_SPEAKER.search(subject):
        return None
    speaker = resolve_speaker(subject, context)
    if context.default_speaker and speaker not in context.officials:
        return None  # in one speaker's pledge section only people take the floor
    if speaker is None:
        return None
    first = re.split(r"[，；。,;]", sentence[match.end() :])[0]
    orders = verb in DIRECTIVE_VERBS and "要" in first[:12] and not re.search("将|力争|争取", first)
    if verb in COMMITMENT_VERBS or "表态" in subject or (context.default_speaker and not orders):
        return "commitment", speaker  # a pledge section's "强调，要…" still gives an order
    if verb == "明确" and BODIES.search(subject):
        return "commitment", speaker  # 会议明确，…: the goals a meeting set
    if verb == "明确" and speaker not in context.officials:
        return None
    return "directive", speaker


def addressees(text: str) -> list[str]:
    """Whom a directive addresses, as written (各区、市直各部门, 牵头单位…), first mention first."""
    return list(dict.fromkeys(m.group(0) for m in ADDRESSEE.finditer(text)))


def _emit(context: Context, kind: str, speaker: str | None, text: str) -> None:
    targets = find_targets(text, context.said)
    addressed: list[str] = []
    if kind == "directive":
        targets = [t for t in targets if t.number is not None]
        addressed = addressees(text)
    unit = unit_of(speaker, context)
    context.statements.append(Statement(kind, speaker, unit, text, targets, addressed))
    context.continuable = kind == "commitment" and text.endswith(("；", ";"))


def _pledges(sentence: str, context: Context) -> bool:
    """In a commitment context: a marker (将/力争/确保/年内…), or a quantity that is not
    a report of what was done ("组建志愿服务队伍52支", but not "已清理3000处")."""
    if COMMITMENT_MARKER.search(sentence):
        return True
    if not ends_sentence(sentence):
        return False  # a heading ("…局长李保忠：开展五项专项治理活动") states no pledge
    return not PAST.search(sentence) and any(
        t.number is not None for t in find_targets(sentence, context.said)
    )


MAX_CONTINUED = 1000  # characters a commitment grows to over "；" clauses; a longer one starts anew


def _continues(context: Context, sentence: str, found) -> bool:
    """A clause after "；" goes on with the commitment before it ("…18处；新建公厕52座。")."""
    return (
        context.continuable
        and not found
        and context.statements[-1].speaker == context.speaker
        and len(context.statements[-1].text) < MAX_CONTINUED  # each extension re-reads the whole: bounded
    )


def _extend(context: Context, sentence: str) -> None:
    last = context.statements.pop()
    _emit(context, "commitment", last.speaker, last.text + sentence)


def _paragraph(paragraph: str, context: Context) -> None:
    directive: list[str] = []
    speaker = None
    for sentence in split_sentences(paragraph):
        found = _trigger(sentence, context)
        _note_names(sentence, context)
        if found or (directive and context.mode != "directive"):
            if directive:
                _emit(context, "directive", speaker, "".join(directive))
                directive = []
        if found:
            context.mode, context.speaker = found
            speaker = found[1]
        if context.mode == "directive" and (found or directive):
            directive.append(sentence)
        elif context.mode == "commitment" and _continues(context, sentence, found):
            _extend(context, sentence)
        elif context.mode == "commitment" and _pledges(sentence, context):
            _emit(context, "commitment", context.speaker, sentence)
    if directive:
        _emit(context, "directive", speaker, "".join(directive))
    if context.mode == "directive":
        context.mode = None  # a directive ends with its paragraph


def find_statements(
    text: str,
    officials: dict[str, str | None],
    body_unit: str | None = None,
    said: date | None = None,
    default_speaker: str | None = None,
) -> list[Statement]:
    context = Context(officials, body_unit, said, default_speaker, _holder(text, officials), _group(text))
    for paragraph in text.split("\n"):
        if paragraph.strip():
            context.continuable = False  # nothing continues over a paragraph break
            _paragraph(paragraph.strip(), context)
    return _without_repeats(context.statements)


def _without_repeats(statements: list[Statement]) -> list[Statement]:
    """A statement whose words stand inside another one of the same speaker (the same
    directive caught twice, once longer) is dropped; of two equal ones the first stays."""
    cores = [s.text.rstrip("。；;！!？?") for s in statements]
    kept = []
    for n, statement in enumerate(statements):
        repeated = any(
            m != n
            and other.speaker == statement.speaker
            and (cores[n] in cores[m] and (cores[n] != cores[m] or m < n))
            for m, other in enumerate(statements)
        )
        if not repeated:
            kept.append(statement)
    return kept
