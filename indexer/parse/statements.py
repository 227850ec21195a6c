"""Statements: directives (指示/要求) and commitments (表态/承诺), one for each clause that
carries one (``indexer.parse.clauses``), each with the sentence it stands in.

Who speaks, by the shape of the text:

- A leader or a body with a speech verb: "<speaker>强调/指出/要求/提出/倡议，…" opens
  directives, "<speaker>表示/表态/承诺，…" commitments; the paragraph's later sentences go
  on in that voice. After "…要求：" and numbered points (一是…, 1、, （一）) the voice goes
  on over the next paragraphs, each point a directive of that speaker, until narrative
  or another speaker. "他/她" is the official named last.
- An official document (通知, 通报, 函, 方案…) with no named speaker: its issuing office
  (``DocumentFacts.issued``, from ``indexer.parse.issuer``: the one seam to the 公文 fields)
  gives the orders of its body, from its lead-in (…通知如下：) or first numbered section
  on. Whom they address: the sentence's own subject (各地…, 有关部门要…, 由…), else the
  sentence before it in the paragraph, else the recipient line (the line ending in "："
  under the title). A pledge of its own (…将…) in its body is a commitment of the office.
- First-person pledges (我们将…, 我会…, 本单位将…, 大家纷纷表示要…) are commitments of
  whoever pledges: the person quoted, the unit, else the pronoun as written (a report).
- A meeting (会议/会上) or a work group never speaks itself: its words belong to whoever
  held it (the official who 主持召开 it, else the unit that 召开/组织开展 it, else the
  article's unit); 会议指出 followed by an assessment (…是…的重要…) records nothing.
- Tasks quoted in a 督查通报 ("县发改局负责的“…”") are directives to the unit named, of the
  meeting whose decisions the text follows (县政府常务会议确定事项 → 县政府), else of the issuer.

A sentence records a statement only when it says one: an order needs an order word, an
action verb opening a clause, an addressee as subject or a time limit
(``indexer.parse.moods``); assessments, narrative and permissions record nothing; a short
numbered sentence heading a point records nothing when its point records something.

The unit of a statement comes from the text: an official's position (东昌府区委书记 →
东昌府区), a city post (市委书记) in the city the document names, a unit as the
vocabulary normalises it when the document names its place, else as written.
Deadlines resolve against the document's own date where it has one (its dating line,
else its number's year), else the article's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from indexer.lang.vocabulary import normalize_unit, word_list
from indexer.parse import clauses, moods
from indexer.parse.deadlines import find_deadlines
from indexer.parse.issuer import Issued
from indexer.parse.lines import HAN, ends_sentence, squash
from indexer.parse.officials import name_mentions, surnames
from indexer.parse.targets import find_targets
from indexer.parse.units import find_units
from indexer.records import Statement, Target

DIRECTIVE_VERBS = word_list("parse_directive_verbs")
COMMITMENT_VERBS = word_list("parse_commitment_verbs")
POSITION_TITLES = tuple(
    sorted({*word_list("parse_positions"), "领导", "负责人", "负责同志"}, key=len, reverse=True)
)
_VERBS = "|".join(sorted(set(DIRECTIVE_VERBS + COMMITMENT_VERBS + ("明确",)), key=len, reverse=True))
TRIGGER = re.compile(
    rf"([^，。；：！？,;:]{{0,24}}?)({_VERBS})[，：:,]"
    rf"|(?<=[，,])()(要求|强调|指出)(?=[{HAN}]{{2}})"  # "孙爱军…，要求瞄准短板": the one named speaks
    r"|([^，。；：！？,;:]{1,24}?)((?:纷纷|一致|均|都)表示)(?=要|将|一定|会)"
)
# "按照…要求，" quotes a requirement, nobody speaks.
NOT_A_SPEAKER = re.compile(r"按照|根据|依照|对照|按|遵照|落实|贯彻|学习|传达|领会|执行")
BODIES = re.compile(
    r"(会议|会上|大会|倡议书|工作组|督导组|检查组|调研组|考核组|领导小组|指挥部|党组|党委|党工委)$"
)
MEETINGS = ("会议", "会上", "大会", "倡议书")
GROUP = re.compile(r"(?:工作组|督导组|检查组|调研组|考核组|领导小组|指挥部)$")
# "<holder>（主持）召开…会议" / "会议由<holder>主持" / "<unit>向…发出倡议": who holds the article's meeting.
# Found from its verb backwards, so that the text is scanned once for the verbs only.
HOLDS = re.compile(
    r"(?:主持|组织)?(?:召开|举行|举办|组织开展)|会议由([^，。；：！？]{2,30}?)主持|发出(?:了)?倡议"
)
CLAUSE_BEFORE = re.compile(r"[^，。；：！？,;:\n]{0,40}$")
APPEAL = re.compile(r"^(.{2,30}?)向(.{2,30})$")
GROUP_WORD = re.compile(r"工作组|督导组|检查组|调研组|考核组|领导小组|指挥部")
LEADING_TIME = re.compile(r"^(?:\d{1,2}\s*月\s*\d{1,2}\s*[日号])?(?:上午|下午|晚上|晚|中午)?[，,]?")
RAW_HOLDER_END = re.compile(r"(?:局|委|办|司|院|会|部|厅|府|组|队|中心|[）)])$")
ADDRESSEE = re.compile(
    rf"(?:市直|区直|县直|全市|全区|全县)?各[{HAN}]{{0,8}}?(?:部门|单位|区|县|县市区|街道|镇|乡|社区|学校|企业|省|市|州|地区|地|校)"
    rf"(?:[（(][{HAN}、]{{1,12}}[)）])?"
    r"|(?:牵头|配合|责任|帮包|成员)(?:单位|部门)"
    rf"|(?:全院|全局|全体|全区|全市|全县|全系统)[{HAN}]{{0,4}}?(?:干警|党员干部|干部职工|干部|职工|党员)"
)
GIVEN_TO = re.compile(
    rf"(?:由|希望|请)([{HAN}、]{{2,20}}?)(?:朋友)?(?=不要|要|能|积极|在|负责|牵头|办成|依法|[，,])"
)
PRONOUN = re.compile(r"(他|她)(还|又|也|再次|同时|进一步|最后|特别)?$")
COMMITMENT_MARKER = re.compile(r"将|力争|确保|到20\d\d年|年内|年底前|一定|争取|保证|立即")
PAST = re.compile(r"已|了|累计|共计|先后|截至|以来|现有")
# "下一步，湖西街道将…", "今后，我们要…": a unit's plan, said without a speech verb.
NEXT_STEP = re.compile(
    r"^(?:下一步|下步|今后|接下来|下一阶段)[，,]?([^，。；！？]{0,24}?)(?:将|要|力争|确保)"
)
FIRST_PERSON = re.compile(
    r"(?:^|[，,：:“\"])(?:今后|下一步|同时)?[，,]?(我们|我|本人|本单位|本部门|我局|我委|我办|我院|我校)"
    r"(?:一定|也|还|都|必将|将|会|要|愿|保证|承诺|决心|宣誓)"
)
SAYS_AFTER = r"(?:郑重|动情地|坚定地|激动地)?(?:表示|说|道出|坦言|说道)"
SELF_PLEDGE = re.compile(r"^(?:我们|我办|我委|我局|我部|我厅|本部门|本单位)(?:将|会)")
# 财政部将会同…, 督查室将…: a unit named as the subject of 将 in a document's body pledges.
# A unit named as a clause's subject (发展改革委正…, 农业部也表示…): who a body's pledge is of.
SUBJECT_UNIT = re.compile(
    rf"^(?:并|同时|还|目前|今后|此外)?[，,]?([{HAN}]{{2,14}}?{clauses.ORG_END})"
    r"(?=会同|研究|已|正|也|还|亦|将|拟|在|对|与|表示|负责|争取|[，,])"
)
BODY_PLEDGE = re.compile(r"(?<![是即已])将(?!你)|拟|争取")
# 你省请求，…: the recipient's own request or work reported back, no statement of the writer.
SECOND_PERSON = re.compile(r"^(?:目前|同时|此外|近日)?[，,]?(?:你|贵)[省市县区州部委局办厅院校们]")
# The lead-in of an official document's body: 现就…通知如下： / 特提出如下要求： / 现将…印发给你们
LEAD_IN = re.compile(r"(?:如下|以下)[^，。；：,;:]{0,6}[：:。]?$|(?:要求|意见)[：:]$|印发给你们|转发给你们")
SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d))"
)
GUIDING = re.compile(r"^(?:坚持)?以[^，。]{2,60}?为(?:指导|目标|主线|引领|统领)")
RECIPIENT = re.compile(rf"^[{HAN}、，,（）()]{{4,120}}[：:]$")
QUOTED_TASK = re.compile(r"([^，。；“”,;]{2,60}?)负责(?:的|落实的|推进的)?“([^”]{4,300})”")
QUOTE_LEAD = re.compile(r"^.*?(?:如|例如|比如|其中|包括)")
DECIDED_BY = re.compile(
    rf"(?:^|[次届年\d])((?:(?![年次届第])[{HAN}]){{1,12}}?(?:政府|党委|党组|委员会|局|委|办))"
    r"(?:常务会议|办公会议|全体会议|党组会议|常委会议|会议)(?:确定|研究|议定|决定)"
)
HEADING_LINE_CHARS = 60
MAJOR_SECTION = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）])")
# The sections of a plan that state its aims and principles, not orders.
PRINCIPLES = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）])(?:指导思想|基本原则|工作原则|总体思路)[。.]?$"
)


@dataclass(frozen=True)
class DocumentFacts:
    """What the whole document tells the statements of each of its articles."""

    issued: Issued = field(default_factory=Issued)  # its issuing office and date (a 公文's)
    city: str | None = None  # the city the document names (itself or through its units)


@dataclass
class Candidate:
    type: str
    speaker: str | None
    text: str
    sentence: str
    addressees: list[str]
    point: int
    heading: bool = False


@dataclass
class Context:
    """Who speaks in the running text, and whether it is a directive or a commitment."""

    officials: dict[str, str | None]  # name → position
    body_unit: str | None  # normalized unit the article is about
    said: date | None  # the statements' date, against which deadlines resolve
    default_speaker: str | None = None  # a news pledge section's speaker
    holder: str | None = None  # who held the article's meeting: an official's name or a unit
    group: str | None = None  # the work group the article names (normalized)
    facts: DocumentFacts = field(default_factory=DocumentFacts)
    appeal_to: str | None = None  # whom the article's 倡议 addresses
    decided_by: str | None = None  # the body whose decisions a 督查通报 follows up
    last_named: str | None = None
    mode: str | None = None  # "directive" | "commitment" | None
    speaker: str | None = None
    carry: bool = False  # the voice goes on over paragraphs (a list after "：", a report)
    zone: bool = False  # inside an official document's body: the issuer orders
    subject: str | None = None  # the unit a body's paragraph speaks of (发展改革委研究提出了…)
    paragraph: str = ""  # the paragraph being read
    skipping: bool = False  # in a plan's 指导思想 or 基本原则 section: aims, no orders
    recipients: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.default_speaker:
            self.mode, self.speaker = "commitment", self.default_speaker

    @property
    def issuer(self) -> str | None:
        return self.facts.issued.office


CITY_POST = re.compile(r"^(?:市委|市政府|市人大|市政协|市纪委|副?市长)")


@lru_cache(maxsize=4096)
def position_unit(position: str | None, city: str | None) -> str | None:
    """The unit an official's position names (东昌府区委书记 → 东昌府区); a city post
    without a unit (副市长, 市委书记) is the city the document names, if it names one."""
    units = find_units(position or "", city)
    if units:
        return units[0].normalized
    return city if CITY_POST.search(position or "") else None


def unit_of(speaker: str | None, context: Context) -> str | None:
    if speaker is None:
        return None
    if speaker in context.officials:
        position = context.officials[speaker]
        if CITY_POST.search(position or "") and not find_units(position or ""):
            return context.facts.city  # 市委书记 of a text that names no city: no unit
        return position_unit(position, context.facts.city) or context.body_unit
    if speaker.endswith(POSITION_TITLES) or speaker in ("我们", "我", "本人"):
        return context.body_unit
    return normalize_unit(speaker, context.facts.city)


def _holder(text: str, officials: dict[str, str | None], city: str | None) -> tuple[str | None, str | None]:
    """The official or unit that held the article's meeting (or made its 倡议), and whom
    the 倡议 addresses."""
    for match in HOLDS.finditer(text):
        before = CLAUSE_BEFORE.search(text, max(0, match.start() - 40), match.start())
        subject, appeal_to = match.group(1) or (before.group(0) if before else ""), None
        if match.group(0).endswith("倡议"):
            appeal = APPEAL.match(subject)
            subject, appeal_to = (appeal.group(1), appeal.group(2)) if appeal else (subject, None)
        if len(subject.strip()) < 2:
            continue
        named = name_mentions(subject, list(officials))
        if named:
            return named[-1][1], appeal_to
        raw = LEADING_TIME.sub("", re.split(r"[，,]", squash(subject))[-1])
        units = find_units(raw, city)
        if units and units[-1].name == raw:
            return units[-1].normalized, appeal_to
        if 2 <= len(raw) <= 15 and RAW_HOLDER_END.search(raw):
            return raw, appeal_to  # 济宁市局（公司）: a unit the vocabulary does not know
        if units:
            return units[-1].normalized, appeal_to
    return None, None


def _group(text: str, city: str | None) -> str | None:
    if not GROUP_WORD.search(text):
        return None
    return next((u.normalized for u in find_units(text, city) if GROUP.search(u.normalized)), None)


def _body_speaker(subject: str, body: str, context: Context) -> str | None:
    """A meeting's or group's words: the group the subject names, else its holder."""
    units = [u.normalized for u in find_units(subject, context.facts.city)]
    if GROUP.search(body):
        named = [u for u in units if GROUP.search(u)]
        return named[-1] if named else context.group or context.holder or context.body_unit
    if body in MEETINGS:
        return context.holder or context.issuer or context.body_unit
    return units[-1] if units else context.body_unit  # 区委/党组: its unit


def _titled_speaker(subject: str) -> str | None:
    """分管领导强调: a post named without a name speaks as written."""
    last = re.split(r"[，,、]", subject)[-1].strip()
    if 2 <= len(last) <= 16 and last.endswith(POSITION_TITLES) and moods.MODAL.search(last) is None:
        return last
    return None


def resolve_speaker(subject: str, context: Context) -> str | None:
    named = [name for _, name in name_mentions(subject, list(context.officials))]
    if named:
        return named[-1]
    flat = squash(subject)
    broken = [name for name in context.officials if flat and name.endswith(flat) and name != flat]
    if len(broken) == 1:
        return broken[0]  # "黄宏\n洪强调": a name a line break cut
    if PRONOUN.search(subject) or not subject.strip():
        return context.last_named
    body = BODIES.search(subject)
    if body:
        return _body_speaker(subject, body.group(1), context)
    units = find_units(subject, context.facts.city)
    return units[-1].normalized if units else _titled_speaker(subject)


def _note_names(sentence: str, context: Context) -> None:
    mentions = name_mentions(sentence, list(context.officials))
    if mentions:
        context.last_named = mentions[-1][1]


def _next_step(sentence: str, context: Context) -> tuple[str, str] | None:
    """("commitment", unit) for "下一步，<unit>将…" (the article's unit when none is named)."""
    match = NEXT_STEP.match(sentence)
    if not match or context.default_speaker:
        return None
    units = find_units(match.group(1), context.facts.city)
    speaker = units[-1].normalized if units else context.body_unit
    return ("commitment", speaker) if speaker else None


def _first_person(sentence: str, context: Context) -> tuple[str, str] | None:
    """("commitment", speaker) for 我们将… / 本单位将…: the person the paragraph quotes, the
    unit, else the pronoun as written."""
    match = FIRST_PERSON.search(sentence)
    if not match or context.zone:
        return None
    who = match.group(1)
    if who in ("我们", "我", "本人"):
        quoted = _attributed(sentence, context)
        if quoted:
            return "commitment", quoted
        if context.mode == "commitment" and context.speaker:
            return "commitment", context.speaker
        return "commitment", context.last_named or who
    return "commitment", context.body_unit or who


def _attributed(sentence: str, context: Context) -> str | None:
    """“…我一定…”新任命的刘东征道出了…: a quote's words belong to the person named right
    after it, with a verb of saying."""
    at = context.paragraph.find(sentence)
    close = context.paragraph.find("”", at) if at >= 0 else -1
    if close < 0:
        return None
    after = context.paragraph[close + 1 : close + 40]
    match = re.search(rf"([{surnames()}][{HAN}]{{1,2}}?){SAYS_AFTER}", after)
    if not match or re.search(r"[。！？]", after[: match.start()]):
        return None
    named = [name for _, name in name_mentions(after[: match.end()], list(context.officials))]
    return named[-1] if named else match.group(1)


def _trigger(sentence: str, context: Context) -> tuple[str, str] | None:
    """(mode, speaker) when the sentence opens a statement by a known speaker."""
    step = _next_step(sentence, context)
    if step:
        return step
    match = TRIGGER.search(sentence)
    if not match:
        return _first_person(sentence, context)
    subject = match.group(1) if match.group(2) else (match.group(5) if match.group(6) else match.group(3))
    verb = match.group(2) or match.group(4) or "表示"
    if match.group(4) and not name_mentions(sentence[: match.start()], list(context.officials)):
        return _first_person(sentence, context)  # "…，强调真正明确…": a verb of the sentence, no speaker
    if NOT_A_SPEAKER.search(subject):
        return None
    speaker = resolve_speaker(subject, context)
    if speaker is None and match.group(6):
        speaker = squash(subject.split("，")[-1]) or None
    if context.default_speaker and speaker not in context.officials:
        return None  # in one speaker's pledge section only people take the floor
    if speaker is None:
        return _first_person(sentence, context)
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
    """Whom a directive addresses, as written (各区、市直各部门, 有关部门…), first mention first."""
    subjects = [s for s in map(moods.subject_addressee, moods.clauses(text)[:3]) if s]
    found = subjects + [m.group(0) for m in ADDRESSEE.finditer(text)]
    found += [m.group(1) for m in GIVEN_TO.finditer(text) if m.group(1).endswith(moods.HEADS)]
    found = list(dict.fromkeys(found))
    return [a for a in found if not any(a != b and a in b for b in found)]


@lru_cache(maxsize=256)
def _limit_starts(sentence: str, said: date | None) -> tuple[int, ...]:
    """Where the sentence's time limits start (立即 is no limit of a clause of its own); asked
    for by the sentence test and by the clause split, found once."""
    return tuple(d.start for d in find_deadlines(sentence, said) if d.limit and d.written != "立即")


def _statement(context: Context, candidate: Candidate) -> Statement:
    targets = find_targets(candidate.text, context.said)
    if candidate.type == "directive":
        targets = [t for t in targets if t.number is not None or t.deadline]
    if not any(t.deadline for t in targets):
        targets += _deadline_targets(candidate.text, context.said)
    unit = unit_of(candidate.speaker, context)
    return Statement(
        candidate.type,
        candidate.speaker,
        unit,
        candidate.text,
        targets,
        candidate.addressees if candidate.type == "directive" else [],
        candidate.sentence,
    )


def _deadline_targets(text: str, said: date | None) -> list[Target]:
    """A time limit the target finder left (要于每次调度会议前…, 该项工作于…前完成): kept
    as a target of the clause's words, so that the statement carries its deadline."""
    limits = [d for d in find_deadlines(text, said) if d.limit and d.written != "立即"]
    if not limits:
        return []
    phrase = moods.POINT.sub("", text.strip("，,；;。 "))
    return [Target(None, None, limits[0].written, phrase, limits[0].due)]


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


def _says_something(sentence: str, context: Context, opened: bool) -> bool:
    """Whether the sentence records a statement in the voice the context is in."""
    if context.mode is None or moods.assesses(sentence) or moods.narrates(sentence):
        return False
    if re.search(r"[：:]\s*$", sentence) and len(moods.clauses(sentence)) <= 2:
        return False  # "具体工作中，要把握好3方面：" announces the points that follow
    if context.zone and (context.skipping or SECOND_PERSON.match(moods.POINT.sub("", sentence))):
        return False  # a plan's guiding line and principles; the recipient's request reported
    if GUIDING.match(moods.POINT.sub("", sentence)):
        return False  # 以…为指导，…: the guiding line of a plan, no order
    if context.mode == "directive":
        limited = bool(_limit_starts(sentence, context.said))
        return not moods.permits(sentence) and moods.orders(sentence, limited)
    if context.default_speaker or context.carry or opened:
        return True
    return _pledges(sentence, context)


def _enter_zone(sentence: str, context: Context) -> bool:
    """An official document's body starts after its lead-in or at its first section;
    True for the lead-in sentence itself."""
    lead_in = bool(context.issuer and LEAD_IN.search(sentence))
    if context.issuer and not context.zone and (lead_in or SECTION.match(sentence)):
        context.zone, context.carry = True, True
        context.mode, context.speaker = "directive", context.issuer
    return lead_in


def _candidates(sentence: str, context: Context, found, point: int, previous: list[str]) -> list[Candidate]:
    kind = context.mode or "directive"
    result = []
    subject = _sentence_subject(sentence) if context.zone else None
    heading = moods.is_point_heading(sentence)  # once a sentence: it reads the whole of it
    for piece in clauses.pieces(sentence, _limit_starts(sentence, context.said)):
        text = sentence[piece.start : piece.end].strip()
        if not text.strip("，,；;。：: ") or SECOND_PERSON.match(text):
            continue
        if not moods.clauses(text) or (piece.start == 0 and found and not _content_after_trigger(text)):
            continue
        own_kind = piece.own_kind or (
            "commitment" if context.zone and SELF_PLEDGE.match(text.lstrip("，,；; ")) else None
        )
        pledger = _unit_pledge(text, context, subject)
        given = addressees(text) or previous or _default_addressees(context)
        result.append(
            Candidate(
                "commitment" if pledger else own_kind or kind,
                pledger or context.speaker,
                text,
                sentence,
                given,
                point,
                heading,
            )
        )
        previous = given
    return result


def _unit_pledge(text: str, context: Context, subject: str | None = None) -> str | None:
    """In a document's body, a pledge (将/拟/争取…, no order word) of the unit that is its
    subject: named at its start (财政部将…, 水利部也表示将…), else the subject of its
    sentence or paragraph (该委将…, 该问题将…统筹考虑, 还将…)."""
    if not context.zone or not BODY_PLEDGE.search(text) or moods.MODAL.search(text):
        return None
    body = moods.POINT.sub("", text.strip("，,；; "))
    if SECOND_PERSON.match(body):
        return None
    named = SUBJECT_UNIT.match(body)
    if named:
        return named.group(1)
    return subject or context.subject


def _sentence_subject(sentence: str) -> str | None:
    """The first unit that is the subject of one of the sentence's clauses."""
    for clause in moods.clauses(moods.POINT.sub("", sentence)):
        named = SUBJECT_UNIT.match(clause + "，")
        if named:
            return named.group(1)
    return None


def _content_after_trigger(text: str) -> bool:
    """ "任勇要求：" alone is a lead-in, no statement."""
    match = TRIGGER.search(text)
    return not match or bool(text[match.end() :].strip("，,：: "))


def _default_addressees(context: Context) -> list[str]:
    if context.appeal_to and context.mode == "directive":
        return [context.appeal_to]
    return list(context.recipients) if context.zone else []


def _quoted_tasks(paragraph: str, context: Context) -> list[Candidate]:
    """县发改局负责的“严格落实…” in a 督查通报: directives to the unit named."""
    found = []
    speaker = context.decided_by or context.issuer or context.holder
    if not speaker or "负责" not in paragraph or "“" not in paragraph:
        return []
    for match in QUOTED_TASK.finditer(paragraph):
        who = QUOTE_LEAD.sub("", match.group(1)).strip("，,；; ")
        task = match.group(2)
        for piece in clauses.pieces(task, _limit_starts(task, context.said)):
            text = task[piece.start : piece.end].strip()
            if text.strip("，,；;。 "):
                found.append(Candidate("directive", speaker, text, task, [who], 0))
    return found


def _paragraph(paragraph: str, context: Context) -> None:
    quoted = _quoted_tasks(paragraph, context)
    if quoted:
        context.statements += [_statement(context, c) for c in quoted]
        return
    candidates: list[Candidate] = []
    point = 0
    context.subject, context.paragraph = None, paragraph
    reported = False  # 你省请求…：一是…；二是…: the points of the recipient's request
    for sentence in clauses.sentences(paragraph):
        if context.zone and SECOND_PERSON.match(moods.POINT.sub("", sentence)):
            reported = bool(re.search(r"[：:]\s*$", sentence))
            continue
        if reported and moods.point_marker(sentence):
            continue
        found = None if context.zone else _trigger(sentence, context)
        _note_names(sentence, context)
        if moods.point_marker(sentence) or moods.is_point_heading(sentence):
            point += 1
        if found:
            context.mode, context.speaker = found
            context.carry = bool(re.search(r"[：:]\s*$", sentence)) or context.speaker in ("我们", "我")
        elif context.carry and not context.zone and moods.ends_a_list(sentence):
            context.mode, context.carry = None, False  # the quoted list is over
        lead_in = _enter_zone(sentence, context)
        if context.zone:
            context.subject = _sentence_subject(sentence) or context.subject
        if lead_in and not moods.MODAL.search(sentence):
            continue  # 现就…通知如下： / …制定以下方案。: the body starts after it
        previous = candidates[-1].addressees if candidates else []
        if _says_something(sentence, context, bool(found)):
            candidates += _candidates(sentence, context, found, point, previous)
        elif context.zone and not SECOND_PERSON.match(moods.POINT.sub("", sentence)):
            pledges = _candidates(sentence, context, None, point, previous)
            candidates += [c for c in pledges if c.type == "commitment"]
    for candidate in _without_answered_headings(candidates):
        context.statements.append(_statement(context, candidate))
    if context.mode == "directive" and not context.carry:
        context.mode = None  # an order without a list ends with its paragraph; a pledge goes on


def _without_answered_headings(candidates: list[Candidate]) -> list[Candidate]:
    """A point's heading (一是统一思想，提高认识。) is no statement when its point holds one."""
    answered = {c.point for c in candidates if not c.heading}
    return [
        c
        for c in candidates
        if not c.heading or (c.point not in answered and moods.says_as_heading(c.sentence))
    ]


def _heading_line(paragraph: str) -> bool:
    """A title, a field or a section heading: short and not ending a sentence."""
    flat = squash(paragraph)
    return len(flat) <= HEADING_LINE_CHARS and not ends_sentence(flat) and not flat.endswith(("：", ":"))


def _recipients(line: str) -> list[str]:
    """The recipient line (各省、自治区、直辖市人民政府，国务院各部委：) as its parts."""
    return [p for p in re.split(r"[，,]", line.rstrip("：:")) if p.strip()]


def find_statements(
    text: str,
    officials: dict[str, str | None],
    body_unit: str | None = None,
    said: date | None = None,
    default_speaker: str | None = None,
    facts: DocumentFacts | None = None,
) -> list[Statement]:
    facts = facts or DocumentFacts()
    holder, appeal_to = _holder(text, officials, facts.city)
    group = _group(text, facts.city)
    context = Context(officials, body_unit, said, default_speaker, holder, group, facts, appeal_to)
    decided = DECIDED_BY.search(squash(text))
    context.decided_by = decided.group(1) if decided else None
    for paragraph in text.split("\n"):
        flat = squash(paragraph)
        if not flat:
            continue
        if context.issuer and not context.zone and RECIPIENT.match(flat):
            context.recipients = _recipients(flat)
            continue
        if MAJOR_SECTION.match(flat):
            context.skipping = bool(PRINCIPLES.match(flat))
        if _heading_line(paragraph) or PRINCIPLES.match(flat):
            if context.issuer and not context.zone and SECTION.match(flat):
                _enter_zone(flat, context)
            if context.carry and not context.zone and not context.default_speaker:
                context.mode, context.carry = None, False  # a new section: the quoted list is over
            continue
        _paragraph(paragraph.strip(), context)
    return _without_repeats(context.statements)


REPEAT_WINDOW = 12  # statements either side a repeat is looked for in: linear in the text


def _without_repeats(statements: list[Statement]) -> list[Statement]:
    """A statement said again by the same speaker is kept once (the first); one whose words
    stand inside a nearby longer one of the same speaker (the same order caught twice, once
    longer) is dropped."""
    cores = [s.text.rstrip("。；;！!？?") for s in statements]
    first: dict[tuple[str | None, str], int] = {}
    kept = []
    for n, statement in enumerate(statements):
        if first.setdefault((statement.speaker, cores[n]), n) != n:
            continue
        near = range(max(0, n - REPEAT_WINDOW), min(len(statements), n + REPEAT_WINDOW + 1))
        inside = any(
            m != n
            and statements[m].speaker == statement.speaker
            and cores[n] in cores[m]
            and cores[n] != cores[m]
            for m in near
        )
        if not inside:
            kept.append(statement)
    return kept
