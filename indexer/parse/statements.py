"""Statements: directives (a leader 强调/指出/要求/提出) and commitments (a unit head
表态/表示 …; sentences with 将/力争/确保/到20XX年/年内/一定…).

A directive is the trigger sentence plus the sentences that follow it in the same
paragraph, up to the next trigger. A commitment is one sentence with a commitment
marker, said in a commitment context: after 表示/表态/承诺, or anywhere in a news
section that is one speaker's pledge (the section's speaker is the default).
"他/她" resolves to the official named last; "会议/工作组…" speak for the article's unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.parse.lines import ends_sentence, split_sentences
from indexer.parse.officials import name_mentions
from indexer.parse.targets import find_targets
from indexer.parse.units import find_units, first_unit
from indexer.records import Statement

DIRECTIVE_VERBS = ("强调", "指出", "要求", "提出")
COMMITMENT_VERBS = ("表示", "表态", "承诺", "说")
TRIGGER = re.compile(
    r"([^，。；：！？,;:]{0,24}?)(强调|指出|要求|提出|表示|表态|承诺|说|明确)[，：:,]"
    r"|(?:^|(?<=[，,]))()(要求|强调|指出)(?=[\u4e00-\u9fff]{2})"  # "…，要求瞄准短板": the last named speaks
)
# "按照…要求，" quotes a requirement, nobody speaks.
NOT_A_SPEAKER = re.compile(r"按照|根据|依照|对照|按|遵照|落实|贯彻")
BODIES = re.compile(r"(会议|会上|大会|工作组|督导组|检查组|调研组|考核组|领导小组|指挥部|党组|党委|党工委)$")
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
    reference_year: int | None
    default_speaker: str | None = None  # a news pledge section's speaker
    last_named: str | None = None
    mode: str | None = None  # "directive" | "commitment" | None
    speaker: str | None = None
    statements: list[Statement] = field(default_factory=list)
    continuable: bool = False  # the last commitment ended in "；" within this paragraph

    def __post_init__(self) -> None:
        if self.default_speaker:
            self.mode, self.speaker = "commitment", self.default_speaker


def unit_of(speaker: str | None, context: Context) -> str | None:
    if speaker is None:
        return None
    if speaker in context.officials:
        return first_unit(context.officials[speaker] or "")
    if BODIES.search(speaker):
        return context.body_unit
    return first_unit(speaker)


def resolve_speaker(subject: str, context: Context) -> str | None:
    named = [name for _, name in name_mentions(subject, list(context.officials))]
    if named:
        return named[-1]
    if PRONOUN.search(subject) or not subject.strip():
        return context.last_named
    body = BODIES.search(subject)
    if body:
        return body.group(1).replace("会上", "会议")
    units = find_units(subject)
    return units[-1].name if units else None


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
    speaker = units[-1].name if units else context.body_unit
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
    if verb in COMMITMENT_VERBS or "表态" in subject or context.default_speaker:
        return "commitment", speaker
    if verb == "明确" and BODIES.search(speaker):
        return "commitment", speaker  # 会议明确，…: the goals a meeting set
    if verb == "明确" and speaker not in context.officials:
        return None
    return "directive", speaker


def _emit(context: Context, kind: str, speaker: str | None, text: str) -> None:
    targets = find_targets(text, context.reference_year)
    if kind == "directive":
        targets = [t for t in targets if t.number is not None]
    context.statements.append(Statement(kind, speaker, unit_of(speaker, context), text, targets))
    context.continuable = kind == "commitment" and text.endswith(("；", ";"))


def _pledges(sentence: str, context: Context) -> bool:
    """In a commitment context: a marker (将/力争/确保/年内…), or a quantity that is not
    a report of what was done ("组建志愿服务队伍52支", but not "已清理3000处")."""
    if COMMITMENT_MARKER.search(sentence):
        return True
    if not ends_sentence(sentence):
        return False  # a heading ("…局长李保忠：开展五项专项治理活动") states no pledge
    return not PAST.search(sentence) and any(
        t.number is not None for t in find_targets(sentence, context.reference_year)
    )


def _continues(context: Context, sentence: str, found) -> bool:
    """A clause after "；" goes on with the commitment before it ("…18处；新建公厕52座。")."""
    return context.continuable and not found and context.statements[-1].speaker == context.speaker


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
    reference_year: int | None = None,
    default_speaker: str | None = None,
) -> list[Statement]:
    context = Context(officials, body_unit, reference_year, default_speaker)
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
