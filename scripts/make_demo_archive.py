#!/usr/bin/env python3
"""Generate a synthetic, deterministic demo archive for Jianbao.

Writes briefing issues (工作简报), newspaper reports and official documents (公文)
in several formats (UTF-8 / GB18030 text, digital PDF, scanned image-only PDF, HTML
news page, docx) plus OUT_DIR/gold.jsonl describing what each file contains, so
tests and benchmarks can score extraction, parsing and search.

    python scripts/make_demo_archive.py OUT_DIR [--issues N] [--news M] [--gongwen G]
        [--seed S] [--formats txt,gb18030,pdf,scanned,html,docx] [--scanned K]
        [--gold PATH]

公文 come in cases of eleven: a city notice and what follows it — a district's request and
the city's reply (收悉), a bureau's letter citing the reply, a circular, a district's report,
a decision, a bureau's plan and the city's minutes citing the notice, a district notice
forwarding (转发) it — with an opinion before it; every kind of indexer.kinds.GONGWEN_KINDS in
each case. Each is laid out as GB/T 9704-2012 prints it (份号, 秘密★1年 and 特急 on every other
case's request, the issuer's header, the number with 签发人 on upward documents, title, 主送,
body, 附件, signature and dating line, 抄送 and 印发; a 函 in letter format, a 纪要 under its
header with 第N期 and 分送); numbers are cited in the spellings documents use ([], （）, 【】,
full-width digits, 第N号).

Same arguments give byte-identical files. Content is invented from the
vocabularies in scripts/demo_vocabulary.json; no real text is copied.

gold.jsonl (OUT_DIR/gold.jsonl unless --gold says elsewhere; keep it out of
an archive that gets indexed) has one JSON object per file:
  file (relative path), format (txt|gb18030|pdf|scanned|html|docx), source_format
  (the Source.format the indexer should report: txt|pdf|pdf-scanned|html|docx),
  encoding (text formats), kind (briefing|news), date (issue date; for news the
  meeting date the text gives), pages (PDFs), and for briefings series,
  issue_number, office, contents, distribution {report_to, send_to}, print_count;
  for news newspaper, site, subheadline, byline, published, year_in_header.
  articles: [{title (as in the contents list; for news the headline), date (event
  date, else the issue date), units (normalised names, see the vocabulary),
  unit_mentions [{name as written, normalized}],
  officials [{name, position as written}], grids [int], directives [{speaker,
  text}], commitments [{speaker, text, targets [{text, deadline, due}]}] (speaker:
  an official's name or a unit's normalised name, never 会议/工作组; each target is
  its phrase as written with its own deadline words and the date they mean, or
  null), text (the body paragraphs after
  the headline joined by newlines: participant line and news speaker headers
  included), page (PDFs: the page its heading is on)}].
  layout (txt: page_breaks, converter_notice, markdown_headings, crlf;
  pdf: page_numbers, converter_notice).
  For a 公文 (files under gongwen/): kind (notice … letter), date (its 成文日期), title,
  doc_number (in its one form, indexer.parse.docnumbers; null for a 纪要), issuer, signed_date,
  recipients {main, cc}, signer, classification {level, period}, urgency, copy_number,
  attachments, cites (the numbers it cites, in their one form), issue_number (a 纪要's 第N期),
  and articles: one, the body paragraphs as text (its units, officials and statements are not
  gold).
Scanned PDFs need a CJK font on the machine (pdfium substitutes it for the
non-embedded STSong-Light), e.g. Debian's fonts-wqy-zenhei; without one none are made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import io
import json
import random
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

VOCABULARY_PATH = Path(__file__).with_name("demo_vocabulary.json")
ALL_FORMATS = ("txt", "gb18030", "pdf", "scanned", "html", "docx")
BRIEFING_FORMATS = ("txt", "gb18030", "pdf", "docx")
NEWS_FORMATS = ("html", "txt", "gb18030", "pdf", "docx")
SOURCE_FORMAT = {
    "txt": "txt",
    "gb18030": "txt",
    "pdf": "pdf",
    "scanned": "pdf-scanned",
    "html": "html",
    "docx": "docx",
}
EXTENSION = {"txt": "txt", "gb18030": "txt", "pdf": "pdf", "scanned": "pdf", "html": "html", "docx": "docx"}
FIRST_DATE = dt.date(2018, 1, 1)
LAST_DATE = dt.date(2025, 12, 31)
FIXED_DATETIME = dt.datetime(2025, 1, 1, 0, 0, 0)
WIN2PDF_NOTICE = [
    'This document was created with the Win2PDF "print to PDF" printer available at',
    "http://www.win2pdf.com",
    "This version of Win2PDF 10 is for evaluation and non-commercial use only.",
    "This page will not be added after purchasing Win2PDF.",
    "http://www.win2pdf.com/purchase/",
]
CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals (5 → 五, 23 → 二十三)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    prefix = "" if tens == 1 else CN_DIGITS[tens]
    return prefix + "十" + (CN_DIGITS[ones] if ones else "")


def stable_int(*parts) -> int:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def month_day(date: dt.date) -> str:
    return f"{date.month}月{date.day}日"


def full_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


# --------------------------------------------------------------------------
# Vocabulary and people
# --------------------------------------------------------------------------


class Vocabulary:
    def __init__(self, data: dict):
        self.data = data
        self.units = {u["name"]: u for u in data["units"]}
        self.children: dict[str, list[str]] = {}
        for unit in data["units"]:
            self.children.setdefault(unit["parent"], []).append(unit["name"])
        self.topics = data["topics"]

    @classmethod
    def load(cls, path: Path = VOCABULARY_PATH) -> Vocabulary:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def of_type(self, *types: str) -> list[str]:
        return [u["name"] for u in self.data["units"] if u["type"] in types]

    def descendants(self, name: str) -> list[str]:
        found = []
        for child in self.children.get(name, []):
            found.append(child)
            found.extend(self.descendants(child))
        return found

    def units_in_scope(self, scope: str, *types: str) -> list[str]:
        """Units of these types under scope; the whole city when scope has none."""
        pool = self.descendants(scope) if scope != self.data["city"] else list(self.units)
        found = [n for n in pool if self.units[n]["type"] in types]
        return found or self.of_type(*types)


class Roster:
    """Invented, stable names: one person per (post, term of three years)."""

    def __init__(self, vocabulary: Vocabulary, seed: int):
        self.vocabulary = vocabulary
        self.seed = seed

    def name_for(self, post: str, year: int) -> str:
        term = (year - FIRST_DATE.year) // 3
        rng = random.Random(stable_int(self.seed, "person", post, term))
        data = self.vocabulary.data
        given_length = 1 if rng.random() < 0.3 else 2
        given = "".join(rng.choice(data["given_chars"]) for _ in range(given_length))
        return rng.choice(data["surnames"]) + given


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------


@dataclass
class Article:
    title: str  # as in the contents list
    headline: str  # as printed above the body
    unit_line: str | None
    date: dt.date
    paragraphs: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    unit_mentions: list[dict] = field(default_factory=list)
    officials: list[dict] = field(default_factory=list)
    grids: list[int] = field(default_factory=list)
    directives: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)

    def gold(self) -> dict:
        return {
            "title": self.title,
            "date": self.date.isoformat(),
            "units": self.units,
            "unit_mentions": self.unit_mentions,
            "officials": self.officials,
            "grids": self.grids,
            "directives": self.directives,
            "commitments": self.commitments,
            "text": "\n".join(self.paragraphs),
        }


class ArticleWriter:
    """Builds one article's text while recording what it mentions."""

    def __init__(self, ctx: Context, rng: random.Random, date: dt.date):
        self.ctx, self.rng, self.date = ctx, rng, date
        self.article = Article(title="", headline="", unit_line=None, date=date)
        self.used_templates: set[str] = set()

    def unit(self, name: str, full_name_chance: float = 0.4) -> str:
        entry = self.ctx.vocabulary.units[name]
        aliases = entry["aliases"]
        written = self.rng.choice(aliases) if aliases and self.rng.random() > full_name_chance else name
        self.note_unit(written, name)
        return written

    def note_unit(self, written: str, name: str) -> None:
        if name not in self.article.units:
            self.article.units.append(name)
        mention = {"name": written, "normalized": name}
        if mention not in self.article.unit_mentions:
            self.article.unit_mentions.append(mention)

    def official(self, unit: str | None, position: str | None = None, role: str = "") -> tuple[str, str]:
        """Return (name, position as written, role appended); unit None means a city leader."""
        if unit is None:
            leaders = self.ctx.vocabulary.data["city_leaders"]
            position = position or self.rng.choice(leaders)["position"]
            written = position
            body = next((l.get("unit") for l in leaders if l["position"] == position), None)
            if body:  # 市人大常委会副主任 names 聊城市人大常委会
                self.note_unit(body["name"], body["normalized"])
        else:
            entry = self.ctx.vocabulary.units[unit]
            position = position or self.rng.choice(entry["head_positions"])
            written = self._unit_position(unit, entry, position)
        written += role
        name = self.ctx.roster.name_for(f"{unit}:{position}", self.date.year)
        record = {"name": name, "position": written}
        if record not in self.article.officials:
            self.article.officials.append(record)
        return name, written

    def _unit_position(self, unit: str, entry: dict, position: str) -> str:
        if entry.get("short") and position.startswith("区"):
            self.note_unit(unit, unit)  # 东昌府区委书记 names 东昌府区
            return entry["short"] + position
        return self.unit(unit) + position

    def grid(self, number: int) -> str:
        if number not in self.article.grids:
            self.article.grids.append(number)
        return f"第{chinese_number(number)}网格"

    def directive(self, speaker: str, clause: str) -> str:
        self.article.directives.append({"speaker": speaker, "text": clause})
        return clause

    def commitment(self, speaker: str, topic: dict) -> str:
        unused = [t for t in topic["commitments"] if t["text"] not in self.used_templates]
        template = self.rng.choice(unused or topic["commitments"])
        self.used_templates.add(template["text"])
        values = {"year": self.date.year + self.rng.randint(0, 2)}
        for key in ("n", "pct"):
            if key in template:
                values[key] = self.rng.randint(*template[key])
        text = template["text"].format(**values)
        values["this_year"] = self.date.year  # 年内: the year the commitment is made
        targets = [
            {key: (t[key].format(**values) if t[key] else None) for key in ("text", "deadline", "due")}
            for t in template["targets"]
        ]
        self.article.commitments.append({"speaker": speaker, "text": text, "targets": targets})
        return text

    def pledge(self, speaker: str, text: str) -> str:
        """A commitment without a target (generic_pledges)."""
        self.article.commitments.append({"speaker": speaker, "text": text, "targets": []})
        return text

    def say(self, paragraph: str) -> None:
        self.article.paragraphs.append(paragraph)

    def finish(self, title: str, unit_line: str | None = None, headline: str | None = None) -> Article:
        self.article.title = (unit_line or "") + title
        self.article.headline = headline or title
        self.article.unit_line = unit_line
        return self.article


@dataclass
class Context:
    vocabulary: Vocabulary
    roster: Roster

    def choice(self, rng: random.Random, key: str):
        return rng.choice(self.vocabulary.data[key])


def event_date(rng: random.Random, issue_date: dt.date) -> dt.date:
    date = issue_date - dt.timedelta(days=rng.randint(1, 8))
    return date if date.year == issue_date.year else issue_date


def pick_topics(ctx: Context, rng: random.Random, count: int) -> list[dict]:
    return rng.sample(ctx.vocabulary.topics, count)


def write_inspection(ctx: Context, rng: random.Random, issue_date: dt.date, scope: str) -> Article:
    date = event_date(rng, issue_date)
    w = ArticleWriter(ctx, rng, date)
    position = rng.choice(["市委书记", "市委副书记、市长", "市委常委、常务副市长", "副市长"])
    name, written = w.official(None, position)
    topics = pick_topics(ctx, rng, rng.randint(2, 3))
    opening = w.directive(name, rng.choice(ctx.vocabulary.data["generic_directives"]))
    he = next(l["pronoun"] for l in ctx.vocabulary.data["city_leaders"] if l["position"] == position)
    w.say(
        f"{month_day(date)}，{written}{name}深入城区调研文明城市创建工作。{he}强调，{opening}，以实打实的成效迎接测评。"
    )
    if rng.random() < 0.6:
        other, other_written = w.official(None, rng.choice(["市委常委、秘书长", "市委常委、宣传部部长"]))
        w.say(f"{other_written}{other}参加活动。")
    places = rng.sample(ctx.vocabulary.data["places"], len(topics))
    w.say(f"{name}一行先后来到{'、'.join(places)}，逐一察看创城任务落实情况。")
    for place, topic in zip(places, topics):
        verb = rng.choice(["强调", "指出", "要求"])
        clauses = [w.directive(name, d) for d in rng.sample(topic["directives"], 2)]
        w.say(f"在{place}，{name}{rng.choice(topic['facts'])}。{he}{verb}，{'；'.join(clauses)}。")
    unit = rng.choice(ctx.vocabulary.units_in_scope(scope, "bureau", "police", "county", "zone"))
    head, head_written = w.official(unit)
    w.say(f"{head_written}{head}表示，将{w.commitment(head, topics[0])}，{w.commitment(head, topics[-1])}。")
    title = f"{name}调研文明城市创建工作"
    headline = title.replace("文明城市", " 文明城市") if rng.random() < 0.4 else title
    return w.finish(title, headline=headline)


def write_grid_visit(ctx: Context, rng: random.Random, issue_date: dt.date, scope: str) -> Article:
    date = event_date(rng, issue_date)
    w = ArticleWriter(ctx, rng, date)
    number = rng.randint(1, 30)
    leader = rng.choice(ctx.vocabulary.data["city_leaders"])["position"]
    grid = w.grid(number)
    group = f"聊城市创城{grid}工作组"
    w.note_unit(f"市创城{grid}工作组", group)
    name, written = w.official(None, leader, role=f"、市创城{grid}工作组组长")
    w.say(f"{name}参加")
    approach = ctx.choice(rng, "event_openers")
    w.say(f"{month_day(date)}，{written}{name}带队{approach}到{grid}检查创城任务落实情况。")
    street = rng.choice(ctx.vocabulary.units_in_scope(scope, "street"))
    communities = ctx.vocabulary.children.get(street) or []
    visited = [w.unit(c) for c in rng.sample(communities, min(2, len(communities)))]
    where = w.unit(street) + "、".join(visited) if visited else w.unit(street)
    w.say(f"工作组一行先后走进{where}，边查看边交流，对发现的问题当场反馈。")
    for topic in pick_topics(ctx, rng, 2):
        clause = w.directive(group, rng.choice(topic["directives"]))
        w.say(f"针对{topic['title']}工作，工作组{rng.choice(['要求', '指出'])}，{clause}。")
    head, head_written = w.official(street)
    w.say(f"{head_written}{head}表示，将{w.commitment(head, rng.choice(ctx.vocabulary.topics))}。")
    return w.finish(f"市创城{grid}工作组督查创城任务落实")


def write_unit_meeting(ctx: Context, rng: random.Random, issue_date: dt.date, scope: str) -> Article:
    date = event_date(rng, issue_date)
    w = ArticleWriter(ctx, rng, date)
    unit = rng.choice(
        ctx.vocabulary.units_in_scope(scope, "bureau", "commission", "court", "center", "police", "college")
    )
    unit_written = w.unit(unit)
    topic = rng.choice(ctx.vocabulary.topics)
    meeting = ctx.choice(rng, "meetings")
    w.say(
        f"{month_day(date)}，{unit_written}召开{meeting}，学习全市创城会议要求，研究部署{topic['title']}工作。"
    )
    general = w.directive(unit, rng.choice(ctx.vocabulary.data["generic_directives"]))  # its meeting's words
    w.say(f"会议强调，{general}。")
    clauses = [w.directive(unit, d) for d in rng.sample(topic["directives"], 2)]
    w.say(f"会议要求，{'；'.join(clauses)}。")
    head, head_written = w.official(unit)
    w.say(f"{head_written}{head}表示，{w.commitment(head, topic)}，{w.commitment(head, topic)}。")
    title = rng.choice([f"召开会议研究{topic['title']}工作", f"召开{meeting}", "研究部署创城重点任务"])
    return w.finish(title, unit_line=unit_written)


def write_district_meeting(ctx: Context, rng: random.Random, issue_date: dt.date, scope: str) -> Article:
    date = event_date(rng, issue_date)
    w = ArticleWriter(ctx, rng, date)
    district = (
        scope
        if scope != ctx.vocabulary.data["city"]
        else rng.choice(ctx.vocabulary.of_type("county", "zone"))
    )
    name, written = w.official(district, ctx.vocabulary.units[district]["head_positions"][0])
    topics = pick_topics(ctx, rng, 2)
    w.say(
        f"{month_day(date)}，{written}{name}主持召开{ctx.choice(rng, 'meetings')}，专题研究{topics[0]['title']}等工作进展情况。"
    )
    streets = ctx.vocabulary.units_in_scope(district, "street", "bureau")
    reporters = [w.unit(s) for s in rng.sample(streets, min(3, len(streets)))]
    w.say(f"会上，{'、'.join(reporters)}汇报了创城专项整治行动工作进展情况。")
    clauses = [w.directive(name, d) for d in rng.sample(ctx.vocabulary.data["generic_directives"], 3)]
    w.say(f"{name}强调，{'；'.join(clauses)}。")
    w.say(f"会议明确，{w.commitment(name, topics[0])}；{w.commitment(name, topics[1])}。")
    slogan = " ".join(ctx.choice(rng, "slogans"))
    unit_line = w.unit(district, full_name_chance=0.2)
    return w.finish(slogan, unit_line=unit_line)


def write_initiative(ctx: Context, rng: random.Random, issue_date: dt.date, scope: str) -> Article:
    w = ArticleWriter(ctx, rng, issue_date)
    unit = rng.choice(ctx.vocabulary.units_in_scope(scope, "school", "street", "community", "police"))
    topic = rng.choice([t for t in ctx.vocabulary.topics if t["initiative_titles"]])
    unit_written = w.unit(unit, full_name_chance=0.7)
    partner = w.unit(rng.choice([u for u in ctx.vocabulary.of_type("police", "bureau") if u != unit]))
    w.say(
        f"为进一步做好{topic['title']}工作，{unit_written}与{partner}建立联动机制，探索共建共管的新做法。"
        f"前期，{unit_written}{rng.choice(topic['facts'])}。"
    )
    if rng.random() < 0.5:
        date = event_date(rng, issue_date)
        w.article.date = date
        w.say(f"{month_day(date)}，{unit_written}召开专题会议，对{topic['title']}工作进行再部署。")
    w.say(f"工作中，{unit_written}坚持问题导向，对标对表抓落实，不断提升群众满意度。")
    w.say(f"下一步，{unit_written}将{w.commitment(unit, topic)}，持续巩固创建成果。")
    return w.finish(rng.choice(topic["initiative_titles"]), unit_line=unit_written)


ARTICLE_WRITERS = (write_grid_visit, write_unit_meeting, write_district_meeting, write_initiative)


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------


@dataclass
class Document:
    index: int
    kind: str
    fmt: str
    date: dt.date
    articles: list[Article]
    blocks: list[tuple[str, str]]  # (style, text) in reading order
    meta: dict
    layout_seed: int
    layout: dict = field(default_factory=dict)  # what rendering did, reported in gold


def article_blocks(article: Article, same_line_unit: bool) -> list[tuple[str, str]]:
    blocks = []
    if article.unit_line and same_line_unit:
        blocks.append(("heading", f"{article.unit_line} {article.headline}"))
    elif article.unit_line:
        blocks += [("unit_line", article.unit_line), ("heading", article.headline)]
    else:
        blocks.append(("heading", article.headline))
    for paragraph in article.paragraphs:
        style = "participant" if paragraph.endswith("参加") else "body"
        blocks.append((style, paragraph))
    return blocks


def write_articles(ctx: Context, rng: random.Random, date: dt.date, scope: str, count: int) -> list[Article]:
    """count articles with distinct titles; half the issues open with a leader's inspection."""
    articles = [write_inspection(ctx, rng, date, scope)] if rng.random() < 0.5 else []
    titles = {a.title for a in articles}
    for _attempt in range(count * 4):
        if len(articles) >= count:
            break
        article = rng.choice(ARTICLE_WRITERS)(ctx, rng, date, scope)
        if article.title not in titles:
            articles.append(article)
            titles.add(article.title)
    return articles


def make_issue(
    ctx: Context,
    rng: random.Random,
    index: int,
    fmt: str,
    series: dict,
    number: int,
    date: dt.date,
    max_articles: int = 7,
) -> Document:
    scope = series["scope"]
    articles = write_articles(ctx, rng, date, scope, rng.randint(3, max_articles))
    spaced = rng.random() < 0.5
    distribution = issue_distribution(ctx, series)
    meta = {
        "series": series["name"],
        "issue_number": number,
        "office": series["office"],
        "contents": [a.title for a in articles],
        "distribution": distribution,
        "print_count": rng.choice([120, 150, 200, 260, 300]),
    }
    blocks = issue_header_blocks(series, number, date, spaced, rng.random() < 0.5)
    blocks += [("contents", f"- {a.title}") for a in articles]
    for article in articles:
        blocks += article_blocks(article, same_line_unit=not spaced)
    blocks += [
        ("distribution", "报：" + "，".join(distribution["report_to"])),
        ("distribution", "发：" + "，".join(distribution["send_to"])),
        ("print_count", f"共印 {meta['print_count']} 份" if spaced else f"共印{meta['print_count']}份"),
    ]
    return Document(index, "briefing", fmt, date, articles, blocks, meta, rng.getrandbits(32))


def issue_header_blocks(
    series: dict, number: int, date: dt.date, spaced: bool, one_line_office: bool
) -> list[tuple[str, str]]:
    number_text = f"第 {number} 期" if spaced else f"第{number}期"
    date_text = f"{date.year} 年 {date.month} 月 {date.day} 日" if spaced else full_date(date)
    blocks = [("series", series["title_line"]), ("number", number_text)]
    if one_line_office:
        return blocks + [("office", f"{series['office']} {date_text}")]
    return blocks + [("office", series["office"]), ("office", date_text)]


def issue_distribution(ctx: Context, series: dict) -> dict:
    table = ctx.vocabulary.data["distribution"]
    scope = series["scope"]
    if scope == ctx.vocabulary.data["city"]:
        return {k: list(v) for k, v in table["聊城市"].items()}
    short = ctx.vocabulary.units[scope]["aliases"][0] if ctx.vocabulary.units[scope]["aliases"] else scope
    return {k: [item.format(scope=short) for item in v] for k, v in table["district"].items()}


def write_news_section(ctx: Context, w: ArticleWriter, unit: str, topic: dict) -> list[tuple[str, str]]:
    rng = w.rng
    w.used_templates = set()
    name, written = w.official(unit, ctx.vocabulary.units[unit]["head_positions"][0])
    pledges = rng.sample(ctx.vocabulary.data["generic_pledges"], 2)
    header = f"{written}{name}： {rng.choice(topic['section_titles'])}"
    w.say(header)
    section = [("speaker", header)]
    paragraphs = [
        f"{written}{name}在发言中说，本单位将{w.pledge(name, pledges[0])}。",
        f"具体来说，就是{w.commitment(name, topic)}；{w.commitment(name, topic)}。",
        f"前期，{w.unit(unit)}{rng.choice(topic['facts'])}。{name}强调，{w.directive(name, rng.choice(topic['directives']))}。",
        f"{name}表示，将{w.pledge(name, pledges[1])}，确保各项任务按时完成。",
    ]
    for paragraph in paragraphs:
        w.say(paragraph)
        section.append(("body", paragraph))
    return section


def make_news(ctx: Context, rng: random.Random, index: int, fmt: str, date: dt.date) -> Document:
    w = ArticleWriter(ctx, rng, date)
    speakers = [rng.choice(ctx.vocabulary.of_type("county", "zone"))]
    speakers += rng.sample(ctx.vocabulary.of_type("bureau", "commission", "police"), rng.randint(3, 5))
    meeting = ctx.choice(rng, "news_meetings")
    paper = ctx.choice(rng, "newspapers")
    year_in_header = rng.random() < 0.5
    when = full_date(date) if year_in_header else month_day(date)
    names = "、".join(w.unit(u, full_name_chance=0.6) for u in speakers)
    lead = (
        f"在{when}召开的{meeting}上，{names}等单位主要负责人先后发言，围绕各自承担的创城任务亮目标、表决心。"
    )
    if not year_in_header:
        lead += f"这是{date.year}年全市召开的规模最大的一次创城工作会议。"
    w.say(lead)
    topics = pick_topics(ctx, rng, len(speakers))
    sections = [
        block for unit, topic in zip(speakers, topics) for block in write_news_section(ctx, w, unit, topic)
    ]
    head, sub = ctx.choice(rng, "news_headlines")
    head = head.format(meeting_short=meeting.replace("全市", "", 1), count=len(speakers))
    sub = sub.format(count=len(speakers))
    reporters = " ".join(ctx.roster.name_for(f"reporter{rng.randint(1, 6)}:{i}", 2018) for i in range(2))
    byline = f"{rng.choice(ctx.vocabulary.data['reporters'])} {reporters}"
    article = w.finish(head)
    article.headline = head
    blocks = [("series", head), ("number", sub), ("byline", byline), ("body", lead)] + sections
    published = date + dt.timedelta(days=1)
    meta = {
        "series": None,
        "issue_number": None,
        "newspaper": paper["name"],
        "site": paper["site"],
        "subheadline": sub,
        "byline": byline,
        "published": published.isoformat(),
        "year_in_header": year_in_header,
        "domain": paper["domain"],
    }
    return Document(index, "news", fmt, date, [article], blocks, meta, rng.getrandbits(32))


# --------------------------------------------------------------------------
# Official documents (公文, GB/T 9704-2012)
# --------------------------------------------------------------------------

GONGWEN_FORMATS = ("txt", "gb18030", "pdf", "docx")
# One case: a city notice and the documents that follow it, each kind once (a forwarding notice last).
CASE_KINDS = (
    "notice",
    "request",
    "reply",
    "circular",
    "report",
    "opinion",
    "decision",
    "plan",
    "minutes",
    "letter",
    "forward",
)
GONGWEN_KIND = {"forward": "notice"}  # a forwarding notice is a notice
CASE_DAYS = 130  # a case spans this many days from its notice (its opinion comes before)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
BRACKETS = (("〔", "〕"), ("〔", "〕"), ("〔", "〕"), ("[", "]"), ("（", "）"), ("【", "】"))


@dataclass
class Gongwen:
    """One official document as issued: its GB/T 9704 fields (the gold) and its text."""

    kind: str  # indexer.kinds value
    layout: str  # "file" (…文件), "letter" (信函格式), "minutes" (纪要格式), "upward" (上行文: 签发人)
    issuer: str
    header: str
    number: str | None  # 发文字号, in its one form
    title: str
    date: dt.date
    main: list[str]
    body: list[str]
    cc: list[str] = field(default_factory=list)
    signer: str | None = None
    secret: tuple[str, str] | None = None  # (密级, 保密期限)
    urgency: str | None = None
    copy_number: str | None = None
    attachments: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)  # the numbers its text cites, in their one form
    printed: dt.date | None = None
    issue_number: int | None = None  # 纪要 第N期

    def gold(self) -> dict:
        return {
            "title": self.title,
            "doc_number": self.number,
            "issuer": self.issuer,
            "signed_date": self.date.isoformat(),
            "recipients": {"main": self.main, "cc": self.cc},
            "signer": self.signer,
            "classification": {
                "level": self.secret[0] if self.secret else None,
                "period": self.secret[1] if self.secret else None,
            },
            "urgency": self.urgency,
            "copy_number": self.copy_number,
            "attachments": self.attachments,
            "cites": self.cites,
        }


class Numbering:
    """发文字号 in the order documents are issued: each code's sequence runs through a year."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.last: dict[tuple[str, int], int] = {}

    def next(self, code: str, year: int) -> str:
        start = self.last.get((code, year), self.rng.randint(0, 30))
        self.last[(code, year)] = start + self.rng.randint(1, 6)
        return f"{code}〔{year}〕{self.last[(code, year)]}号"


def as_typed(number: str, rng: random.Random) -> str:
    """A number as a typist or a converter leaves it: other brackets, full-width digits, 第N号."""
    code, rest = number.split("〔", 1)
    year, seq = rest.split("〕", 1)
    opening, closing = rng.choice(BRACKETS)
    if rng.random() < 0.15:
        year, seq = year.translate(FULLWIDTH), seq.translate(FULLWIDTH)
    if rng.random() < 0.1:
        seq = "第" + seq
    return f"{code}{opening}{year}{closing}{seq}"


def by_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月底前" if date.day > 20 else f"{full_date(date)}前"


class CaseWriter:
    """The documents of one case: a city notice on a topic, and what follows it."""

    def __init__(
        self, ctx: Context, rng: random.Random, numbering: Numbering, start: dt.date, classified: bool
    ):
        self.ctx, self.rng, self.numbering, self.start = ctx, rng, numbering, start
        self.classified = classified  # its request is 秘密★1年 and 特急 (every other case's)
        self.data = ctx.vocabulary.data["gongwen"]
        self.issuers = self.data["issuers"]
        self.topic = rng.choice(ctx.vocabulary.topics)["title"]
        self.action = rng.choice(self.data["actions"])
        self.bureau = rng.choice(self.issuers["bureau"])
        self.written: dict[str, Gongwen] = {}

    def day(self, low: int, high: int) -> dt.date:
        return self.start + dt.timedelta(days=self.rng.randint(low, high))

    def number(self, issuer: dict, sort: str, date: dt.date) -> str:
        return self.numbering.next(issuer["codes"][sort], date.year)

    def signer(self, issuer: dict, date: dt.date) -> str:
        return self.ctx.roster.name_for(f"{issuer['name']}:签发人", date.year)

    def cite(self, kind: str) -> tuple[str, str]:
        """(《title》（number） as the citing text writes it, the number) of a document of this case."""
        cited = self.written[kind]
        assert cited.number
        return f"《{cited.title}》（{as_typed(cited.number, self.rng)}）", cited.number

    def progress(self) -> str:
        n = self.rng.randint(120, 900)
        return self.rng.choice(self.data["progress"]).format(n=n, m=n - self.rng.randint(5, 100))

    def write(self, kind: str) -> Gongwen:
        document = getattr(self, f"write_{kind}")()
        self.written[kind] = document
        return document

    def write_notice(self) -> Gongwen:
        issuer, date = self.issuers["city_office"], self.start
        title = f"{issuer['name']}关于开展{self.topic}{self.action}的通知"
        due, last = self.day(40, 70), self.day(100, 125)
        body = [
            f"为深入推进全国文明城市创建，经市政府同意，决定在全市开展{self.topic}{self.action}。现将有关事项通知如下：",
            f"一、工作目标。到{last.year}年{last.month}月底，{self.rng.choice(self.data['goals'])}。",
            f"二、工作要求。{self.rng.choice(self.data['requirements'])}。各县（市、区）要于{by_date(due)}将工作进展情况报送市政府办公室。",
            "特此通知。",
        ]
        attachments = self.rng.sample(self.data["attachments"], self.rng.randint(0, 2))
        return Gongwen(
            "notice", "file", issuer["name"], issuer["header"], self.number(issuer, "发", date), title, date,
            list(self.data["recipients"]["city"]), body, cc=list(self.data["cc"]["city"]),
            attachments=attachments, printed=date + dt.timedelta(days=1),
        )  # fmt: skip

    def write_forward(self) -> Gongwen:
        issuer, date = self.issuers["county_office"], self.day(4, 10)
        cited, number = self.cite("notice")
        notice = self.written["notice"]
        title = f"关于转发{notice.title.replace('聊城市人民政府办公室', '市政府办公室')}的通知"
        body = [
            f"现将{cited}转发给你们，请结合实际认真贯彻落实。各镇街要于{by_date(self.day(25, 35))}完成辖区问题排查，建立整改台账。",
        ]
        return Gongwen(
            "notice", "file", issuer["name"], issuer["header"], self.number(issuer, "发", date), title, date,
            list(self.data["recipients"]["county"]), body, cc=list(self.data["cc"]["county"]), cites=[number],
            printed=date,
        )  # fmt: skip

    def write_request(self) -> Gongwen:
        issuer, date = self.issuers["county"], self.day(10, 20)
        cited, number = self.cite("notice")
        total = self.rng.randint(3, 12) * 100
        own = self.rng.randint(1, total // 100 - 1) * 100
        title = f"关于申请{self.topic}{self.action}专项经费的请示"
        body = [
            f"根据{cited}要求，我区拟于{by_date(self.day(60, 90))}完成{self.topic}{self.action}各项任务，"
            f"预算资金共计{total}万元，区级财政已安排{own}万元，尚有缺口{total - own}万元，恳请市政府予以支持。",
            "妥否，请批示。",
        ]
        secret = ("秘密", "1年") if self.classified else None
        return Gongwen(
            "request", "upward", issuer["name"], issuer["header"], self.number(issuer, "发", date), title, date,
            [self.issuers["city"]["name"]], body, signer=self.signer(issuer, date), secret=secret,
            urgency="特急" if self.classified else "加急",
            copy_number=f"{self.rng.randint(1, 200):06d}" if secret else None, cites=[number],
        )  # fmt: skip

    def write_reply(self) -> Gongwen:
        issuer, date = (
            self.issuers["city"],
            self.written["request"].date + dt.timedelta(days=self.rng.randint(8, 15)),
        )
        request = self.written["request"]
        assert request.number
        granted = self.rng.randint(1, 3) * 100
        title = f"{issuer['name']}关于东昌府区申请{self.topic}{self.action}专项经费的批复"
        body = [
            f"你区《{request.title}》（{as_typed(request.number, self.rng)}）收悉。经研究，同意安排专项经费{granted}万元，"
            f"专项用于{self.topic}{self.action}，请于{by_date(date + dt.timedelta(days=self.rng.randint(60, 90)))}完成。",
            "此复。",
        ]
        return Gongwen(
            "reply", "file", issuer["name"], issuer["header"], self.number(issuer, "字", date), title, date,
            [self.issuers["county"]["name"]], body, cites=[request.number],
        )  # fmt: skip

    def write_letter(self) -> Gongwen:
        issuer = self.bureau
        date = self.written["reply"].date + dt.timedelta(days=self.rng.randint(5, 10))
        cited, number = self.cite("reply")
        title = f"{issuer['name']}关于商请协助做好{self.topic}{self.action}有关工作的函"
        body = [
            f"根据{cited}，为做好{self.topic}{self.action}经费使用和项目实施工作，现就有关事项函商如下：",
            f"请你区明确一名联系人，于{by_date(date + dt.timedelta(days=self.rng.randint(10, 20)))}将项目清单和资金使用计划函复我局。",
        ]
        return Gongwen(
            "letter", "letter", issuer["name"], issuer["name"], self.number(issuer, "函", date), title, date,
            [self.issuers["county"]["name"]], body, cites=[number],
        )  # fmt: skip

    def write_circular(self) -> Gongwen:
        issuer, date = self.issuers["city_office"], self.day(60, 80)
        notice = self.written["notice"]
        assert notice.number
        title = f"{issuer['name']}关于{self.topic}{self.action}进展情况的通报"
        body = [
            f"按照{as_typed(notice.number, self.rng)}文件部署，各地积极推进{self.topic}{self.action}，{self.progress()}。现将有关情况通报如下：",
            f"东昌府区行动迅速、措施有力，{self.progress()}，进度较快；度假区进度滞后，须于{by_date(self.day(90, 110))}补齐短板。",
            f"各县（市、区）要对照通报问题逐项整改，{self.rng.choice(self.data['requirements'])}。",
        ]
        return Gongwen(
            "circular", "file", issuer["name"], issuer["header"], self.number(issuer, "字", date), title, date,
            list(self.data["recipients"]["city"]), body, cites=[notice.number], printed=date,
        )  # fmt: skip

    def write_report(self) -> Gongwen:
        issuer, date = self.issuers["county"], self.day(50, 70)
        notice = self.written["notice"]
        assert notice.number
        title = f"关于{self.topic}{self.action}进展情况的报告"
        body = [
            f"根据{as_typed(notice.number, self.rng)}文件要求，我区迅速行动，{self.progress()}。现将有关情况报告如下：",
            f"一、主要工作。{self.progress()}，群众反映的突出问题基本得到解决。",
            f"二、下步打算。我区将于{by_date(self.day(100, 125))}全面完成各项任务，建立长效管理机制。",
            "特此报告。",
        ]
        return Gongwen(
            "report", "upward", issuer["name"], issuer["header"], self.number(issuer, "发", date), title, date,
            [self.issuers["city"]["name"]], body, signer=self.signer(issuer, date),
            urgency="加急" if self.rng.random() < 0.3 else None, cites=[notice.number],
        )  # fmt: skip

    def write_opinion(self) -> Gongwen:
        issuer, date = self.issuers["city"], self.day(-60, -20)
        title = f"{issuer['name']}关于进一步加强{self.topic}工作的意见"
        body = [
            f"为进一步加强{self.topic}工作，巩固文明城市创建成果，现提出如下意见：",
            f"一、总体要求。坚持问题导向、标本兼治，到{date.year + 1}年底{self.rng.choice(self.data['goals'])}。",
            f"二、重点任务。{self.rng.choice(self.data['requirements'])}。",
            "三、保障措施。各县（市、区）人民政府要加强组织领导，将工作经费纳入财政预算。",
        ]
        return Gongwen(
            "opinion", "file", issuer["name"], issuer["header"], self.number(issuer, "发", date), title, date,
            list(self.data["recipients"]["city"]), body, cc=list(self.data["cc"]["city"]),
            printed=date + dt.timedelta(days=2),
        )  # fmt: skip

    def write_decision(self) -> Gongwen:
        issuer, date = self.issuers["city"], self.day(110, 125)
        cited, number = self.cite("notice")
        groups, people = self.rng.randint(8, 20), self.rng.randint(20, 60)
        title = f"{issuer['name']}关于表彰{self.topic}{self.action}先进集体和先进个人的决定"
        body = [
            f"按照{cited}部署，各地各部门扎实推进{self.topic}{self.action}，涌现出一批先进集体和先进个人。",
            f"为表彰先进、树立典型，市政府决定，对东昌府区古楼街道等{groups}个先进集体和{people}名先进个人予以通报表彰。",
            "希望受到表彰的集体和个人珍惜荣誉、再接再厉，为巩固文明城市创建成果作出新的更大贡献。",
        ]
        return Gongwen(
            "decision", "file", issuer["name"], issuer["header"], self.number(issuer, "发", date), title, date,
            list(self.data["recipients"]["city"]), body, cc=list(self.data["cc"]["city"]), cites=[number],
            printed=date,
        )  # fmt: skip

    def write_plan(self) -> Gongwen:
        issuer, date = self.bureau, self.day(3, 8)
        notice = self.written["notice"]
        assert notice.number
        title = f"聊城市{self.topic}{self.action}实施方案"
        body = [
            f"根据{as_typed(notice.number, self.rng)}文件要求，结合我市实际，制定本方案。",
            f"一、工作目标。{self.rng.choice(self.data['goals'])}。",
            f"二、实施步骤。{by_date(self.day(20, 30))}为动员部署阶段，{by_date(self.day(90, 110))}为集中整治阶段，此后转入长效管理阶段。",
            f"三、工作要求。{self.rng.choice(self.data['requirements'])}。",
        ]
        return Gongwen(
            "plan", "file", issuer["name"], issuer["header"], self.number(issuer, "发", date), title, date,
            list(issuer["recipients"]), body, cites=[notice.number], printed=date,
        )  # fmt: skip

    def write_minutes(self) -> Gongwen:
        office, date = self.issuers["city_office"], self.day(30, 45)
        notice = self.written["notice"]
        assert notice.number
        meeting = self.rng.randint(2, 30)
        held = date - dt.timedelta(days=self.rng.randint(1, 3))
        body = [
            f"{full_date(held)}，市长主持召开市政府第{meeting}次常务会议，听取{self.topic}{self.action}进展情况汇报。现纪要如下：",
            f"会议要求，各县（市、区）严格落实{as_typed(notice.number, self.rng)}文件部署，于{by_date(self.day(100, 125))}全面完成各项任务。",
            f"会议同意{self.bureau['name']}提出的工作安排，由{self.bureau['name']}牵头抓好落实。",
        ]
        return Gongwen(
            "minutes", "minutes", office["name"], self.issuers["city"]["name"], None, f"{self.issuers['city']['name']}常务会议纪要",
            date, list(self.data["recipients"]["city"]), body, cites=[notice.number], issue_number=meeting,
        )  # fmt: skip


def gongwen_blocks(g: Gongwen, rng: random.Random) -> list[tuple[str, str]]:
    """The document laid out as GB/T 9704 prints it, block by block."""
    blocks: list[tuple[str, str]] = []
    if g.layout == "minutes":
        blocks += [
            ("gw_header", g.header),
            ("gw_title", "常务会议纪要"),
            ("gw_number", f"第{g.issue_number}期"),
        ]
        blocks.append(("gw_office", f"{g.issuer}　　　　{full_date(g.date)}"))
        blocks += [("body", paragraph) for paragraph in g.body]
        blocks.append(("gw_footer", "分送：" + "，".join(g.main) + "。"))
        return blocks
    marks = [g.copy_number, f"{g.secret[0]}★{g.secret[1]}" if g.secret else None, g.urgency]
    blocks += [("gw_mark", mark) for mark in marks if mark]
    blocks.append(("gw_header", g.header))
    assert g.number
    number = as_typed(g.number, rng) if rng.random() < 0.2 else g.number
    if g.signer:
        blocks.append(("gw_number", f"{number}　　　　签发人：{g.signer}"))
    else:
        blocks.append(("gw_number", number))
    blocks.append(("gw_title", g.title))
    if g.main:
        blocks.append(("gw_to", "，".join(g.main) + "："))
    blocks += [("body", paragraph) for paragraph in g.body]
    for n, name in enumerate(g.attachments, start=1):
        numbered = f"{n}.{name}" if len(g.attachments) > 1 else name
        blocks.append(("gw_attach", ("附件：" if n == 1 else "") + numbered))
    blocks += [("gw_sign", g.issuer), ("gw_sign", full_date(g.date))]
    if g.layout == "file" and rng.random() < 0.3:
        blocks.append(("gw_note", "（此件公开发布）"))
    if g.cc:
        blocks.append(("gw_footer", "抄送：" + "，".join(g.cc) + "。"))
    if g.printed:
        blocks.append(("gw_footer", f"{g.issuer}　　　　{full_date(g.printed)}印发"))
    return blocks


def make_gongwen(g: Gongwen, index: int, fmt: str, rng: random.Random) -> Document:
    article = Article(title=g.title, headline=g.title, unit_line=None, date=g.date, paragraphs=list(g.body))
    meta = {"title": g.title, **g.gold()}
    if g.issue_number is not None:
        meta["issue_number"] = g.issue_number
    return Document(index, g.kind, fmt, g.date, [article], gongwen_blocks(g, rng), meta, rng.getrandbits(32))


def case_starts(seed: int, cases: int) -> list[dt.date]:
    """The notice dates of the cases, room left before (its opinion) and after (what follows)."""
    rng = random.Random(stable_int(seed, "gongwen-cases"))
    first, last = FIRST_DATE + dt.timedelta(days=60), LAST_DATE - dt.timedelta(days=CASE_DAYS)
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randrange(span)) for _ in range(cases))


def write_gongwen(ctx: Context, seed: int, count: int) -> list[Gongwen]:
    """``count`` documents: whole cases first (every kind in each), the last case cut short."""
    numbering = Numbering(random.Random(stable_int(seed, "gongwen-numbers")))
    written: list[Gongwen] = []
    cases = -(-count // len(CASE_KINDS))
    for case, start in enumerate(case_starts(seed, cases)):
        rng = random.Random(stable_int(seed, "gongwen-case", case))
        writer = CaseWriter(ctx, rng, numbering, start, classified=case % 2 == 0)
        for kind in CASE_KINDS:
            if len(written) < count:
                written.append(writer.write(kind))
    return written


# --------------------------------------------------------------------------
# Rendering: text
# --------------------------------------------------------------------------


def split_like_text_layer(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Insert page breaks (blank lines) inside paragraphs, as a PDF text layer shows."""
    chars_per_line, lines_per_page = 37, rng.randint(30, 38)
    out, used = [], 0
    for paragraph in paragraphs:
        rest = paragraph
        while True:
            lines = -(-len(rest) // chars_per_line) + 1
            if used + lines <= lines_per_page or len(rest) <= chars_per_line:
                out.append(rest)
                used += lines
                break
            cut = max(1, (lines_per_page - used)) * chars_per_line
            out.append(rest[:cut])
            rest, used = rest[cut:], 0
        if used >= lines_per_page:
            used = 0
    return out


MARKDOWN_PREFIX = {"series": "# ", "heading": "## ", "unit_line": "### "}


def render_text(doc: Document) -> str:
    """Plain text as a converter's text layer shows it (page breaks, notice, markdown headings)."""
    rng = random.Random(doc.layout_seed)
    markdown = rng.random() < 0.25
    paragraphs = [(MARKDOWN_PREFIX.get(style, "") if markdown else "") + text for style, text in doc.blocks]
    text_layer = rng.random() < 0.5
    if text_layer:
        paragraphs = split_like_text_layer(paragraphs, rng)
    text = "\n\n" + "\n\n".join(paragraphs) + "\n"
    notice = text_layer and rng.random() < 0.5
    if notice:
        text += "\n\n\n" + "\n\n".join(WIN2PDF_NOTICE) + "\n"
    crlf = doc.fmt == "gb18030" and rng.random() < 0.5
    doc.layout = {
        "page_breaks": text_layer,
        "converter_notice": notice,
        "markdown_headings": markdown,
        "crlf": crlf,
    }
    return text.replace("\n", "\r\n") if crlf else text


# --------------------------------------------------------------------------
# Rendering: PDF (reportlab, CID font STSong-Light, not embedded)
# --------------------------------------------------------------------------

PDF_STYLES = {  # style → (font size, leading, centered, first-line indent in chars)
    "series": (20, 34, True, 0),
    "number": (14, 26, True, 0),
    "office": (12, 22, True, 0),
    "contents": (12, 20, False, 0),
    "heading": (15, 26, True, 0),
    "unit_line": (14, 24, True, 0),
    "participant": (12, 22, True, 0),
    "body": (12, 20, False, 2),
    "distribution": (10, 17, False, 0),
    "print_count": (10, 17, False, 0),
    "byline": (12, 22, True, 0),
    "speaker": (13, 22, False, 0),
    "gw_mark": (12, 20, False, 0),
    "gw_header": (22, 40, True, 0),
    "gw_number": (14, 26, True, 0),
    "gw_title": (18, 32, True, 0),
    "gw_to": (14, 24, False, 0),
    "gw_attach": (13, 22, False, 2),
    "gw_sign": (14, 24, True, 0),
    "gw_note": (13, 22, False, 2),
    "gw_office": (12, 22, True, 0),
    "gw_footer": (11, 18, False, 0),
}
PDF_FONT = "STSong-Light"
NO_LINE_START = set("。，、；：？！）》”’」』%")  # may hang into the margin instead
CJK_FONT_HINTS = ("wqy", "noto", "cjk", "uming", "ukai", "droidsansfallback", "simsun", "simhei")


def find_cjk_font() -> Path | None:
    """A CJK font pdfium can substitute for the non-embedded STSong-Light, if any."""
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix.lower() in (".ttf", ".ttc", ".otf") and any(
                    hint in path.name.lower() for hint in CJK_FONT_HINTS
                ):
                    return path
    return None


def register_pdf_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))


def wrap_line(text: str, size: float, width: float, indent: int) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current, used = [], "", indent * size
    for char in text:
        char_width = stringWidth(char, PDF_FONT, size)
        if used + char_width > width and current and char not in NO_LINE_START:
            lines.append(current)
            current, used = "", 0.0
        current += char
        used += char_width
    return lines + [current] if current else lines


class PdfWriter:
    margin_x, margin_top, margin_bottom = 72, 76, 80

    def __init__(self, target, page_numbers: bool):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        register_pdf_font()
        self.width, self.height = A4
        self.canvas = canvas.Canvas(target, pagesize=A4, invariant=1, pageCompression=1)
        self.canvas.setAuthor("Jianbao demo")
        self.canvas.setCreator("make_demo_archive.py")
        self.page_numbers, self.page = page_numbers, 1
        self.y = self.height - self.margin_top

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - self.margin_top

    def _footer(self) -> None:
        if self.page_numbers:
            self.canvas.setFont(PDF_FONT, 10)
            self.canvas.drawCentredString(self.width / 2, 40, f"- {self.page} -")

    def block(self, style: str, text: str) -> int:
        """Draw one paragraph; return the page its first line is on."""
        size, leading, centered, indent = PDF_STYLES[style]
        text_width = self.width - 2 * self.margin_x
        self.y -= leading * 0.3
        first_page = None
        for i, line in enumerate(wrap_line(text, size, text_width, indent)):
            if self.y - leading < self.margin_bottom:
                self.new_page()
            first_page = first_page or self.page
            self.y -= leading
            self.canvas.setFont(PDF_FONT, size)
            if centered:
                self.canvas.drawCentredString(self.width / 2, self.y, line)
            else:
                x = self.margin_x + (indent * size if i == 0 else 0)
                self.canvas.drawString(x, self.y, line)
        return first_page or self.page

    def notice_page(self) -> None:
        self.new_page()
        self.canvas.setFont("Helvetica", 11)
        for i, line in enumerate(WIN2PDF_NOTICE):
            self.canvas.drawString(self.margin_x, self.height / 2 - i * 18, line)

    def close(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.canvas.save()


def render_pdf(doc: Document, allow_notice: bool = True) -> bytes:
    rng = random.Random(doc.layout_seed)
    buffer = io.BytesIO()
    writer = PdfWriter(buffer, page_numbers=rng.random() < 0.5)
    writer.canvas.setTitle(doc.meta.get("series") or doc.articles[0].title)
    article_pages, previous = [], None
    for style, text in doc.blocks:
        page = writer.block(style, text)
        if style == "unit_line" or (style == "heading" and previous != "unit_line"):
            article_pages.append(page)
        previous = style
    notice = allow_notice and rng.random() < 0.35
    if notice:
        writer.notice_page()
    writer.close()
    doc.layout = {
        "page_numbers": writer.page_numbers,
        "converter_notice": notice,
        "article_pages": article_pages if doc.kind == "briefing" else [1],
    }
    return buffer.getvalue()


def pdf_page_count(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


# --------------------------------------------------------------------------
# Rendering: scanned PDF (image only)
# --------------------------------------------------------------------------


def scan_page(image, seed: int):
    import numpy
    from PIL import Image, ImageFilter

    rng = numpy.random.default_rng(seed)
    angle = float(rng.uniform(-1.0, 1.0))
    page = image.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    pixels = numpy.asarray(page, dtype=numpy.float32)
    pixels = pixels * 0.92 + 10 + rng.normal(0, 12, pixels.shape)
    speckles = rng.random(pixels.shape) < 0.0015
    pixels[speckles] = 40
    page = Image.fromarray(numpy.clip(pixels, 0, 255).astype(numpy.uint8), "L")
    return page.filter(ImageFilter.GaussianBlur(0.7))


def render_scanned(pdf_bytes: bytes, seed: int, dpi: int = 150) -> bytes:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(pdf_bytes)
    try:
        pages = [
            scan_page(page.render(scale=dpi / 72, grayscale=True).to_pil(), seed + i)
            for i, page in enumerate(pdf)
        ]
    finally:
        pdf.close()
    buffer = io.BytesIO()
    fixed = time.strptime("2025-01-01", "%Y-%m-%d")
    pages[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        quality=70,
        creationDate=fixed,
        modDate=fixed,
        producer="scanner",
        title="scan",
    )
    return buffer.getvalue()


# --------------------------------------------------------------------------
# Rendering: docx and HTML
# --------------------------------------------------------------------------


def render_docx(doc: Document) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for style, text in doc.blocks:
        if style in ("series", "heading"):
            paragraph = document.add_heading(text, level=1 if style == "series" else 2)
        else:
            paragraph = document.add_paragraph(text)
        if PDF_STYLES[style][2]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fixed_core_properties(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def set_fixed_core_properties(document, doc: Document) -> None:
    props = document.core_properties
    props.author = props.last_modified_by = "Jianbao demo"
    props.title = doc.meta.get("series") or doc.articles[0].title
    props.created = props.modified = props.last_printed = FIXED_DATETIME
    props.revision = 1


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so saves are byte-identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


HTML_STYLE = """body{font-family:"Microsoft YaHei",sans-serif;margin:0;background:#f5f5f5}
nav ul{list-style:none;display:flex;gap:1em}.ad{background:#eee;text-align:center;padding:8px}
article{background:#fff;max-width:820px;margin:1em auto;padding:2em}footer{color:#666;font-size:12px}"""
HTML_NAV = ["首页", "时政", "民生", "文明创建", "区县", "视频", "专题", "图片"]
HTML_RELATED = [
    "我市召开创城工作推进会",
    "文明交通志愿者走上街头",
    "老旧小区改造提速增效",
    "垃圾分类示范小区名单公布",
    "创城专项整治行动取得阶段性成效",
    "市民点赞家门口的新变化",
]


def render_html(doc: Document) -> str:
    rng = random.Random(doc.layout_seed)
    meta, article = doc.meta, doc.articles[0]
    esc = html.escape
    published = f"{meta['published']}T07:{rng.randint(10, 59)}:00+08:00"
    body = []
    for style, text in doc.blocks[3:]:
        body.append(f"<p><strong>{esc(text)}</strong></p>" if style == "speaker" else f"<p>{esc(text)}</p>")
    related = "".join(
        f'<li><a href="/news/{rng.randint(10000, 99999)}.html">{esc(t)}</a></li>'
        for t in rng.sample(HTML_RELATED, 4)
    )
    nav = "".join(f'<li><a href="/{i}/">{esc(n)}</a></li>' for i, n in enumerate(HTML_NAV))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{esc(article.title)}_{esc(meta["site"])}</title>
<meta name="keywords" content="创城,文明城市,{esc(meta["newspaper"])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:site_name" content="{esc(meta["site"])}">
<meta property="article:published_time" content="{published}">
<style>{HTML_STYLE}</style>
<script>window.siteConfig={{"channel":"wenming","pv":true}};</script>
</head>
<body>
<header class="site-header"><div class="logo"><a href="/">{esc(meta["site"])}</a></div>
<nav><ul>{nav}</ul></nav></header>
<div class="ad ad-top">广告 · 聊城特产年货节火热进行中</div>
<main>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/3/">文明创建</a> &gt; 正文</div>
<article>
<h1>{esc(article.title)}</h1>
<h2 class="subtitle">{esc(meta["subheadline"])}</h2>
<div class="byline"><span class="author">{esc(meta["byline"])}</span>
<time datetime="{published}">{meta["published"]}</time> <span class="source">来源：{esc(meta["newspaper"])}</span></div>
<div class="content">
{chr(10).join(body)}
</div>
<div class="editor">责任编辑：{esc(doc.meta["byline"].split()[-1])}</div>
</article>
<aside class="related"><h3>相关阅读</h3><ul>{related}</ul></aside>
<div class="ad ad-side">扫码关注{esc(meta["site"])}微信公众号</div>
</main>
<footer><p>{esc(meta["site"])} 版权所有 未经授权禁止转载</p><p>鲁ICP备0000000{rng.randint(0, 9)}号</p></footer>
<script>(function(){{var s=document.createElement("script");s.src="/stat.js";document.body.appendChild(s);}})();</script>
</body>
</html>
"""


# --------------------------------------------------------------------------
# Archive assembly
# --------------------------------------------------------------------------


def issue_schedule(ctx: Context, rng: random.Random, count: int) -> list[tuple[dict, int, dt.date]]:
    """(series, issue number, date) for each issue, numbers increasing per series."""
    series_list = ctx.vocabulary.data["series"]
    chosen = rng.choices(series_list, weights=[s["weight"] for s in series_list], k=count)
    span = (LAST_DATE - FIRST_DATE).days
    schedule = []
    for series in series_list:
        positions = [i for i, s in enumerate(chosen) if s is series]
        days = (
            sorted(rng.sample(range(span + 1), len(positions)))
            if len(positions) <= span
            else sorted(rng.randrange(span + 1) for _ in positions)
        )
        start = rng.randint(1, 20)
        for offset, (position, day) in enumerate(zip(positions, days)):
            schedule.append((position, series, start + offset, FIRST_DATE + dt.timedelta(days=day)))
    return [entry[1:] for entry in sorted(schedule, key=lambda e: e[0])]


def assign_formats(count: int, formats: list[str], allowed: tuple[str, ...], scanned: int) -> list[str]:
    usable = [f for f in allowed if f in formats] or ["txt"]
    assigned = [usable[i % len(usable)] for i in range(count)]
    if "scanned" in formats and scanned:
        for j in range(min(scanned, count)):
            assigned[int((j + 0.5) * count / min(scanned, count))] = "scanned"
    return assigned


def build_briefing(
    ctx: Context, seed: int, index: int, fmt: str, series: dict, number: int, date: dt.date
) -> tuple[Document, bytes]:
    rng = random.Random(stable_int(seed, "issue", index))
    if fmt != "scanned":
        doc = make_issue(ctx, rng, index, fmt, series, number, date)
        return doc, encode(doc)
    for _attempt in range(5):  # a scanned issue stays within two pages: OCR is slow
        doc = make_issue(ctx, rng, index, fmt, series, number, date, max_articles=3)
        digital = render_pdf(doc, allow_notice=False)
        if pdf_page_count(digital) <= 2:
            break
    return doc, render_scanned(digital, stable_int(seed, "scan", index))


def encode(doc: Document) -> bytes:
    if doc.fmt == "txt":
        return render_text(doc).encode("utf-8")
    if doc.fmt == "gb18030":
        return render_text(doc).encode("gb18030")
    if doc.fmt == "pdf":
        return render_pdf(doc)
    if doc.fmt == "docx":
        return render_docx(doc)
    if doc.fmt == "html":
        return render_html(doc).encode("utf-8")
    raise ValueError(f"unknown format {doc.fmt}")


def gold_record(doc: Document, relative: str, data: bytes) -> dict:
    record = {
        "file": relative,
        "format": doc.fmt,
        "source_format": SOURCE_FORMAT[doc.fmt],
        "encoding": {"txt": "utf-8", "gb18030": "gb18030", "html": "utf-8"}.get(doc.fmt),
        "kind": doc.kind,
        "date": doc.date.isoformat(),
    }
    record.update(doc.meta)
    if doc.fmt in ("pdf", "scanned"):
        record["pages"] = pdf_page_count(data)
    record["articles"] = [a.gold() for a in doc.articles]
    pages = doc.layout.pop("article_pages", None)
    for article, page in zip(record["articles"], pages or []):
        article["page"] = page
    if doc.layout:
        record["layout"] = doc.layout
    return record


def news_dates(seed: int, count: int) -> list[dt.date]:
    rng = random.Random(stable_int(seed, "news-dates"))
    span = (LAST_DATE - FIRST_DATE).days
    return sorted(FIRST_DATE + dt.timedelta(days=rng.randrange(span)) for _ in range(count))


def generate(
    out_dir: Path,
    issues: int,
    news: int,
    seed: int,
    formats: list[str],
    scanned: int,
    gold_path: Path | None = None,
    gongwen: int = 0,
) -> list[dict]:
    vocabulary = Vocabulary.load()
    ctx = Context(vocabulary, Roster(vocabulary, seed))
    schedule = issue_schedule(ctx, random.Random(stable_int(seed, "schedule")), issues)
    golds = []
    for index, fmt in enumerate(assign_formats(issues, formats, BRIEFING_FORMATS, scanned)):
        doc, data = build_briefing(ctx, seed, index, fmt, *schedule[index])
        golds.append(write_document(out_dir, "briefing", f"{index + 1:05d}", doc, data))
    for index, (fmt, date) in enumerate(
        zip(assign_formats(news, formats, NEWS_FORMATS, 0), news_dates(seed, news))
    ):
        rng = random.Random(stable_int(seed, "news", index))
        doc = make_news(ctx, rng, index, fmt, date)
        golds.append(write_document(out_dir, "news", f"{index + 1:04d}", doc, encode(doc)))
    documents = write_gongwen(ctx, seed, gongwen)
    for index, (fmt, document) in enumerate(
        zip(assign_formats(gongwen, formats, GONGWEN_FORMATS, 0), documents)
    ):
        doc = make_gongwen(document, index, fmt, random.Random(stable_int(seed, "gongwen-layout", index)))
        golds.append(write_document(out_dir, "gongwen", f"{index + 1:04d}", doc, encode(doc)))
    gold_text = "".join(json.dumps(g, ensure_ascii=False, sort_keys=True) + "\n" for g in golds)
    gold_path = gold_path or out_dir / "gold.jsonl"
    gold_path.parent.mkdir(parents=True, exist_ok=True)
    gold_path.write_text(gold_text, encoding="utf-8")
    return golds


def write_document(out_dir: Path, folder: str, stem: str, doc: Document, data: bytes) -> dict:
    relative = f"{folder}/{stem}.{EXTENSION[doc.fmt]}"
    path = out_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return gold_record(doc, relative, data)


def parse_formats(value: str) -> list[str]:
    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"unknown format(s) {unknown}; choose from {','.join(ALL_FORMATS)}")
    return formats


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Generate a synthetic Jianbao demo archive with gold.jsonl.")
    parser.add_argument("out_dir", type=Path, help="output directory (created if missing)")
    parser.add_argument("--issues", type=int, default=40, help="briefing issues (default 40)")
    parser.add_argument("--news", type=int, default=12, help="news reports (default 12)")
    parser.add_argument(
        "--gongwen",
        type=int,
        default=22,
        help="official documents (公文) of every kind, citing one another (default 22: two cases)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--formats",
        type=parse_formats,
        default=list(ALL_FORMATS),
        help="comma-separated subset of " + ",".join(ALL_FORMATS),
    )
    parser.add_argument(
        "--scanned",
        type=int,
        default=2,
        help="briefings rendered as scanned image-only PDFs (default 2; OCR costs ~3 s/page)",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        default=None,
        help="where to write the gold file (default OUT_DIR/gold.jsonl); its paths stay relative to OUT_DIR",
    )
    args = parser.parse_args(argv)
    if args.issues < 0 or args.news < 0 or args.gongwen < 0 or args.scanned < 0:
        parser.error("counts must not be negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if "scanned" in args.formats and args.scanned and find_cjk_font() is None:
        print(
            "warning: no CJK font found (e.g. apt-get install fonts-wqy-zenhei); scanned pages "
            "would show no Chinese text, so none are made",
            file=sys.stderr,
        )
        args.scanned = 0
    started = time.monotonic()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    golds = generate(
        args.out_dir, args.issues, args.news, args.seed, args.formats, args.scanned, args.gold, args.gongwen
    )
    articles = sum(len(g["articles"]) for g in golds)
    print(
        f"wrote {len(golds)} documents ({articles} articles) to {args.out_dir} "
        f"in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
