"""Unit mentions in running text (departments, districts, street offices, schools…).

The vocabulary (names, aliases, parents, normalisation) lives in indexer.lang.vocabulary;
this module holds the mention rules only: known names from the table, and suffixes
(局/委/办/支队/街道/镇/社区/小学…) marking unknown unit names in running text.
"""

from __future__ import annotations

import re
from collections import deque
from functools import cache
from itertools import repeat

from indexer.lang.vocabulary import home_city, is_relative, normalize_unit, places_itself, table, word_list
from indexer.parse.lines import HAN, squash
from indexer.records import Unit

ORG_SUFFIX = (
    "委员会|办公室|工作组|指挥部|检察院|法院|研究院|学院|小学|中学|学校|幼儿园|医院|"
    "中心|支队|大队|中队|分局|公司|集团|协会|联合会|总工会|宣传部|组织部|统战部|武装部|局|委|办|院|馆|站|所|队"
)
ORG_END = re.compile("(?:局|委员会|厅|部)$")
PLACE_SUFFIX = "街道办事处|街道|镇|乡|社区|村|县|区|市"
BOUNDARY_CHARS = "在到由与和及对向了是经据从赴"
# Characters that start a clause rather than a name: a rule match beginning with
# one of them is a sentence fragment ("确保无盲区"), not a unit.
NON_NAME_START = set(
    "确保无加强开展推进提实落抓做建创对在到为以把将要是有和与及等各全每该本我其这那此"
    "并也还都就不没已正再又更最很向由从经据让使给被召举发督视深组主带听查"
)
BOUNDARY = rf"(?:(?<=^)|(?<=[^{HAN}])|(?<=[{BOUNDARY_CHARS}]))"
RULE_BODIES = (
    rf"((?:市|县|区)[{HAN}]{{1,10}}?(?:{ORG_SUFFIX}))",  # 市X局: the X of the city the text is about
    rf"([{HAN}]{{2,4}}?(?:省|市|县|(?<!社)区)[{HAN}]{{1,10}}?(?:{ORG_SUFFIX}))",  # another city's X局
    rf"([{HAN}]{{2,5}}?(?:{PLACE_SUFFIX}))(?![域内外间长委村])",  # 湖西街道, 花园社区
    rf"([{HAN}]{{2,6}}?(?:小学|中学|幼儿园))",  # a school named without its district (文苑小学)
)
# Each rule where a name can begin: after a non-Han char or a boundary char…
RULES = tuple(re.compile(BOUNDARY + body) for body in RULE_BODIES)
# …and, anchored, right after a known unit (湖西街道花园社区) or a verb (走进蒋官屯街道).
RULES_AT = tuple(re.compile(body) for body in RULE_BODIES)
# 小区, 城区, 棚户区…: common nouns ending in 区, never a district's name.
NOT_DISTRICT_BEFORE = set("小城社园景片辖市校街划盲户厂营库矿地菜宅业活能产")
NOT_CITY_BEFORE = set("城全本我超集夜股闹都门")
# (实 is not among them: 实验小学 is a name, and 切实 is caught by 切.)
FUNCTION_CHARS = set("个万年对在的了和与及等各全围绕切解决是有为以把将要按照根据")
LOWER_COMPONENT = re.compile(
    rf"[{HAN}\d]{{1,6}}?(?:大队|中队|小学|中学|学校|幼儿园|社区|村|医院|中心|站|所|专业队|科|股)"
)
# Under a place (city, district, county, town, street) any organisation can stand:
# 东昌府区公安分局, 聊城市消防救援支队. Single-character suffixes are left out:
# after a place name they are too often the start of a word.
PLACE_CHILD = re.compile(
    rf"[{HAN}]{{1,8}}?(?:分局|支队|大队|委员会|办公室|管理局|检察院|法院|学院|小学|中学|学校|幼儿园|医院|中心|[^分]局)"
)
# A community or village after its street or town is a unit of its own (兴华社区 under
# 古楼街道): it is found as a separate name, not glued to the street's.
OWN_NAME_SUFFIX = ("社区", "村")
# Words a rule match may run into from the sentence before the name ("代表市卫计委",
# "立即成立市…", "引导市民"): a name never begins with a verb or adverb.
VERB_WORDS = tuple(sorted(word_list("parse_unit_verbs"), key=len, reverse=True))
VERB_PREFIX = re.compile("^(?:" + "|".join(VERB_WORDS) + ")")
VERB_AT = re.compile("|".join(VERB_WORDS))
# A lower unit after a known one (…区实验中学) may start with 实/建/组…, but not with these.
LOWER_BAD_START = set("在到为以把将要是和与及等各全每该对向由从经据让使给被召举发开并也还都就不已正")
# 市 followed by these is a word (市场, 市民, 市容, 市区…), not the 市 of a unit name.
CITY_WORD_AFTER = set("场民容区貌面值井政郊县镇")
CITY_WORD_START = set("场民容区貌面值井郊")
MOTION = re.compile("|".join(word_list("parse_unit_contact_verbs")))
# A count before a one-character place suffix (三县, 两区, 各市) is a number of places, not a name.
COUNTED_PLACE = re.compile("[一二两三四五六七八九十几多各数]+[县区市镇乡]$")
TIME_WORDS = re.compile("上午|下午|晚上|中午|今天|昨天|明天|当天|凌晨")
DATE_CHARS = "年月日号时"
NOT_UNIT_END = ("网站", "官网", "平台", "热线", "公众号", "城乡")  # 城乡: "town and country", no place
NUMERALS = "0123456789〇一二三四五六七八九十"
PLACE_PLACES = ("市", "区", "县", "镇", "乡", "街道", "街道办事处")
BOOK_TITLE = re.compile(r"《[^》]{0,60}》")
HAN_CHAR = re.compile(f"[{HAN}]")
POSITION_INSIDE = re.compile(r"书记|主任|市长|主席|局长|常委|部长|组长|院长|秘书长|队长|委员(?!会)")


@cache
def stopwords() -> frozenset[str]:
    return frozenset(word_list("parse_unit_stopwords"))


def _function_char(name: str, i: int) -> bool:
    """和 is a name's own in 泰和社区 and in 市教育和体育局 (X和Y局 is how bureaus are named)."""
    if name[i] == "和" and (i == 1 or ORG_END.search(name)):
        return False
    return name[i] in FUNCTION_CHARS


def _plausible(name: str, lower: bool = False) -> bool:
    if len(name) < (2 if lower else 3) or name in stopwords() or (name[0] in NON_NAME_START and not lower):
        return False
    if any(_function_char(name, i) or ch.isdigit() for i, ch in enumerate(name)):
        return False  # phrases, not names
    if name.startswith("市") and len(name) > 1 and name[1] in CITY_WORD_START:
        return False  # 市场开办方, 市民服务…: a word, not 市 + a unit
    if name.endswith(NOT_UNIT_END):
        return False  # 山西省人民政府网站: a web site, not an organisation
    if MOTION.search(name[1:]) or COUNTED_PLACE.search(name) or TIME_WORDS.search(name):
        return False  # 活动走进社区, 位列三县, 上午开市: the sentence runs into the name
    if VERB_PREFIX.match(name):
        return False
    if name.endswith("区") and not name.endswith("社区") and name[-2] in NOT_DISTRICT_BEFORE:
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
    if text.endswith(VERB_WORDS, 0, start):
        return False  # 代表市卫计委: the verb ends where the name begins
    return bool(HAN_CHAR.match(before)) and before not in BOUNDARY_CHARS + "全各本我"


def _extend_lower(text: str, end: int, unit: str = "") -> int:
    """A known unit directly followed by a lower unit (…支队执勤二大队) is that lower unit."""
    matches = [LOWER_COMPONENT.match(text, end)]
    if unit.endswith(PLACE_PLACES):
        matches.append(PLACE_CHILD.match(text, end))
    for match in filter(None, matches):
        lower = match.group(0)
        if (
            lower.endswith(OWN_NAME_SUFFIX)
            or lower[0] in LOWER_BAD_START
            or not _plausible(lower, lower=True)
        ):
            continue
        if squash(lower) not in table().alias:
            return match.end()
    return end


def _starts_word(text: str, end: int, name: str, known: bool = False) -> bool:
    """A name ending in 市 right before 场/民/容… is the start of 市场/市民/市容. (A known
    city stays itself before 政/区/县: 聊城市政府, 聊城市区.)"""
    after = CITY_WORD_START if known else CITY_WORD_AFTER
    return name.endswith("市") and end < len(text) and text[end] in after


# A name followed by these is a street or a site (市中心医院路口, 柳园路): not the unit.
SITE_AFTER = re.compile(r"路口|路段|[路街](?!道)|大街|广场|公交站")


def _site(text: str, end: int) -> bool:
    return bool(SITE_AFTER.match(text, end))


def unit_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name as written) of the units in text, left to right, no overlaps."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for quoted in BOOK_TITLE.finditer(text):
        taken[quoted.start() : quoted.end()] = [True] * (quoted.end() - quoted.start())
    pattern = table().pattern
    after_verbs = {m.end() for m in VERB_AT.finditer(text)}
    for match in pattern.finditer(text) if pattern else []:
        end = _extend_lower(text, match.end(), match.group(0))
        if any(taken[match.start() : end]) or _inside_longer_name(text, match.start(), match.group(0)):
            continue
        if _starts_word(text, end, match.group(0), known=True) or _site(text, end):
            continue
        spans.append((match.start(), end, text[match.start() : end]))
        taken[match.start() : end] = [True] * (end - match.start())
    for rule, anchored in zip(RULES, RULES_AT):
        starts = {end for _, end, _ in spans} | after_verbs
        matches = deque(rule.finditer(text))
        matches.extend(m for m in map(anchored.match, repeat(text), starts) if m)
        while matches:
            match = matches.popleft()
            start, end = match.span(1)
            if text[start] in DATE_CHARS and start and text[start - 1] in NUMERALS:
                start += 1  # 5月德清县: the date ends where the name begins
            name = text[start:end]
            if (
                any(taken[start:end])
                or not _plausible(name)
                or _starts_word(text, end, name)
                or _site(text, end)
            ):
                continue
            spans.append((start, end, name))
            taken[start:end] = [True] * (end - start)
            follow = anchored.match(text, end)  # a name right after this one (…街道松桂社区)
            if follow:
                matches.append(follow)
    return sorted(spans)


def find_units(text: str, city: str | None = None) -> list[Unit]:
    """Units named in text, first mention first, one per normalized name: each normalized
    in the city the document names (``document_city``), a relative name as written without one."""
    seen: dict[str, Unit] = {}
    for _, _, written in unit_spans(text):
        normalized = normalize_unit(written, city)
        if normalized not in seen:
            seen[normalized] = Unit(name=squash(written), normalized=normalized)
    return list(seen.values())


CITY_WRITTEN = re.compile(
    rf"(?:(?<=^)|(?<=[^{HAN}])|(?<=[省共的{BOUNDARY_CHARS}]))([{HAN}]{{2,3}}?市)(?=[委政人局中公（(])"
)
# A header line (series title, issuing office) that starts with its city: 济南市创建…工作简报,
# 中共济南市委办公室; a unit name that does (济宁市商务局).
HEADER_CITY = re.compile(rf"^(?:中共)?(?:[{HAN}]{{2,7}}?省)?([{HAN}]{{2,3}}?市)")
NOT_CITY_NAMES = ("城市", "全市", "本市", "该市", "我市", "各市", "超市", "县市", "城区市", "辖市", "级市")


def _city_name(name: str) -> bool:
    """市委市 (of 市委市政府), 直辖市, 县级市: words, not the name of a city."""
    return not name.endswith(NOT_CITY_NAMES) and "市" not in name[:-1] and _plausible(name)


def _written_cities(text: str) -> list[str]:
    """The cities a text writes before an organ (济宁市局, 聊城市委) or at the head of a unit's
    name (济宁市商务局), each time it does."""
    found = {m.start(1): m.group(1) for m in CITY_WRITTEN.finditer(text)}
    for match in RULES[1].finditer(text):
        city = HEADER_CITY.match(match.group(1))
        if city and match.start(1) not in found:
            found[match.start(1)] = city.group(1)
    return [city for _, city in sorted(found.items()) if _city_name(city)]


def _vocabulary_city(text: str) -> str | None:
    """The city of the first unit of the vocabulary that the text names in a form that says
    its city (聊城市住建局, 东昌府区, 聊城高新区): relative and generic names do not count."""
    units = table()
    for match in units.pattern.finditer(text) if units.pattern else []:
        written = match.group(0)
        home = home_city(written)
        if home and len(written) >= 3 and not is_relative(written) and places_itself(written, home):
            return home
    return None


def _header_city(header: str) -> str | None:
    for line in header.splitlines():
        match = HEADER_CITY.match(squash(line))
        if match and _city_name(match.group(1)):
            return match.group(1)
    return _vocabulary_city(header)


def document_city(text: str, header: str = "") -> str | None:
    """The city a document is about, from its own words: the city its header (series title,
    issuing office) names, else the city it names most often before an organ (济宁市局,
    聊城市委), else the city of the units it names in a form that says their city (东昌府区,
    聊城高新区 → 聊城市, through the unit vocabulary). None when it names none."""
    own = _header_city(header) if header else None
    if own:
        return own
    written = _written_cities(text)
    if written:
        return max(dict.fromkeys(written), key=written.count)
    return _vocabulary_city(text)


def article_city(text: str, city: str | None) -> str | None:
    """The city an article is about: the document's, unless the article names another city
    and never the document's own (a report from 济宁市 inside a 聊城 briefing)."""
    written = _written_cities(text) or [c for c in [_vocabulary_city(text)] if c]
    if not written or city in written or (city and city[:-1] in text):
        return city
    return max(dict.fromkeys(written), key=written.count)
