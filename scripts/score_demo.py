#!/usr/bin/env python3
"""Score the parse stage on a synthetic demo archive (scripts/make_demo_archive.py).

    python scripts/score_demo.py GOLD ARCHIVE_DIR [--verbose] [--ocr]

Runs extract + clean + parse in-process on every file the gold describes and
prints, over the whole archive:

- title recall / precision: briefing article titles (whitespace removed) vs the
  gold contents titles. News is not scored by title: the gold has one article under
  the headline, the parser one article per speaker section.
- issue number and issue date exactness (briefings); news event date: the
  meeting date of the gold vs the date of our first section;
- article date exactness (briefings: per matched article; news: every section);
- unit recall (gold normalised units vs ours) and precision (our written or
  normalised name is one of the article's gold mentions or units, or the parent
  written inside one: 古楼街道 of 古楼街道兴华社区);
- officials recall (name + position as written) and precision (our name is a gold
  official of the article);
- directive and commitment recall and precision: a gold statement is found when one
  of ours of the same type contains its text; one of ours is right when it contains
  the text of a gold statement of its type;
- speaker recall: our statement that holds a gold statement has its speaker (a unit
  compared by normalised name); speaker precision: our statement's speaker is the
  speaker of a gold statement it holds; "speaker is person or unit": never 会议/工作组/none;
- target pairs recall and precision: (phrase, deadline as written, due date) of the
  gold commitments' targets against ours, exactly.
News articles are scored over the union of all sections.

Official documents (公文): the kind (gongwen kind), the 发文字号 (doc_number, in its one
form), the issuer, the 成文日期 (signed date), the 主送 list (recipients), the marks of
the header (密级, 保密期限, 紧急程度, 份号 and 签发人 together: marks), and the numbers the
document cites (cited number recall and precision), each exactly (whitespace aside).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from indexer.clean import clean_pages
from indexer.extract import extract
from indexer.kinds import DocumentKind, StatementType, is_gongwen
from indexer.lang.vocabulary import normalize_unit, unit_ancestors
from indexer.parse import parse

VOCABULARY = Path(__file__).with_name("demo_vocabulary.json")
# The gold names units as the archive's city does (市公安局 is its 公安局): they are
# normalized in that city, as the parser normalizes a text that names it.
CITY = json.loads(VOCABULARY.read_text(encoding="utf-8"))["city"]


def flat(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def vocabulary_names() -> set[str]:
    data = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    names = set()
    for unit in data["units"]:
        names.add(unit["name"])
        names.update(unit.get("aliases") or [])
    return names


class Score:
    """Hit/total counters per metric plus the misses of each file."""

    def __init__(self) -> None:
        self.hits: Counter = Counter()
        self.totals: Counter = Counter()
        self.misses: dict[str, list[str]] = defaultdict(list)

    def count(self, metric: str, ok: bool, file: str, miss: str = "") -> None:
        self.totals[metric] += 1
        self.hits[metric] += bool(ok)
        if not ok:
            self.misses[file].append(f"{metric}: {miss}")


def load_documents(path: Path, ocr: bool):
    extracted = extract(path, ocr=ocr)
    cleaned = clean_pages([page.text for page in extracted.pages])
    return parse(cleaned.text, {**extracted.meta, "format": extracted.format})


def _units(articles) -> tuple[set[str], set[str]]:
    written = {u.name for a in articles for u in a.units}
    normalized = {u.normalized for a in articles for u in a.units}
    return written, normalized


def score_units(score, name, gold_articles, ours, known) -> None:
    # The gold and our table may spell a unit's full name differently (高新区 vs
    # 聊城高新技术产业开发区): the gold name goes through our normaliser too.
    wanted = {normalize_unit(u, CITY) for g in gold_articles for u in g["units"]}
    _, normalized = _units(ours)
    for unit in sorted(wanted):
        score.count("unit recall", unit in normalized, name, unit)
    allowed = wanted | {
        m[k] for g in gold_articles for m in g["unit_mentions"] for k in ("name", "normalized")
    }
    written = {m["name"] for g in gold_articles for m in g["unit_mentions"]}
    for unit in sorted({(u.name, u.normalized) for a in ours for u in a.units}):
        inside = any(_parent_inside(unit[0], w) for w in written)  # 古楼街道 of "古楼街道兴华社区"
        score.count("unit precision", unit[0] in allowed or unit[1] in allowed or inside, name, unit[0])


def _parent_inside(found: str, mention: str) -> bool:
    """``found`` is written inside a gold mention and is that unit's ancestor."""
    return (
        found in mention and normalize_unit(found, CITY) in unit_ancestors(normalize_unit(mention, CITY))[:-1]
    )


NOT_SPEAKERS = {"会议", "会上", "大会", "工作组", "督导组", None, ""}


def score_people(score, name, gold_articles, ours) -> None:
    found = {(o.name, flat(o.position)) for a in ours for o in a.officials}
    for g in gold_articles:
        for official in g["officials"]:
            key = (official["name"], flat(official["position"]))
            score.count("officials recall", key in found, name, f"{key[0]}/{key[1]}")
    gold_names = {o["name"] for g in gold_articles for o in g["officials"]}
    for official in {o.name for a in ours for o in a.officials}:
        score.count("officials precision", official in gold_names, name, official)
    for kind, key in ((StatementType.DIRECTIVE, "directives"), (StatementType.COMMITMENT, "commitments")):
        gold = [s for g in gold_articles for s in g[key]]
        mine = [s for a in ours for s in a.statements if s.type == kind]
        score_statements(score, name, kind, gold, mine)
    for statement in (s for a in ours for s in a.statements):
        score.count(
            "speaker is person or unit", statement.speaker not in NOT_SPEAKERS, name, statement.text[:30]
        )
    score_targets(score, name, gold_articles, ours)


def _speaker_key(speaker: str | None) -> str:
    return normalize_unit(speaker, CITY) if speaker else ""


def score_statements(score, name, kind: str, gold: list[dict], mine) -> None:
    for wanted in gold:
        holders = [s for s in mine if flat(wanted["text"]) in flat(s.text)]
        score.count(f"{kind} recall", bool(holders), name, wanted["text"])
        if holders:
            ok = any(_speaker_key(s.speaker) == _speaker_key(wanted["speaker"]) for s in holders)
            score.count("speaker recall", ok, name, f"{wanted['speaker']} ≠ {holders[0].speaker}")
    for statement in mine:
        held = [g for g in gold if flat(g["text"]) in flat(statement.text)]
        score.count(f"{kind} precision", bool(held), name, statement.text)
        if held:
            ok = _speaker_key(statement.speaker) in {_speaker_key(g["speaker"]) for g in held}
            score.count("speaker precision", ok, name, f"{statement.speaker}: {statement.text[:30]}")


def score_targets(score, name, gold_articles, ours) -> None:
    """(phrase, deadline, due) pairs of the commitments, exact."""
    wanted = {
        (flat(t["text"]), t["deadline"], t["due"])
        for g in gold_articles
        for c in g["commitments"]
        for t in c["targets"]
    }
    mine = {
        (flat(t.text), t.deadline, t.due)
        for a in ours
        for s in a.statements
        if s.type == StatementType.COMMITMENT
        for t in s.targets
    }
    for pair in sorted(wanted, key=str):
        score.count("target pair recall", pair in mine, name, str(pair))
    for pair in sorted(mine, key=str):
        score.count("target pair precision", pair in wanted, name, str(pair))


def score_briefing(score, name, gold, doc) -> None:
    score.count(
        "issue number",
        doc.issue_number == gold["issue_number"],
        name,
        f"{doc.issue_number} != {gold['issue_number']}",
    )
    score.count("issue date", doc.date == gold["date"], name, f"{doc.date} != {gold['date']}")
    titles = {flat(a.title): a for a in doc.articles}
    wanted = {flat(g["title"]) for g in gold["articles"]}
    for g in gold["articles"]:
        article = titles.get(flat(g["title"]))
        score.count("title recall", article is not None, name, g["title"])
        if article is not None:
            score.count(
                "article date",
                article.date == g["date"],
                name,
                f"{g['title']}: {article.date} != {g['date']}",
            )
            score_people(score, name, [g], [article])
    for title in titles:
        score.count("title precision", title in wanted, name, title)


def score_news(score, name, gold, doc) -> None:
    # The gold date of a report is the meeting it reports on; our Document.date of a
    # report is its publication date (dateline or page meta, as the parser's spec says),
    # so the meeting date is scored on the report's first section.
    first = doc.articles[0].date if doc.articles else None
    score.count("news event date", first == gold["date"], name, f"{first} != {gold['date']}")
    for article in doc.articles:
        date = gold["articles"][0]["date"]
        score.count("article date", article.date == date, name, f"{article.title}: {article.date} != {date}")
    score_people(score, name, gold["articles"], doc.articles)


def score_gongwen(score, name, gold, doc) -> None:
    score.count("gongwen kind", doc.kind == gold["kind"], name, f"{doc.kind} != {gold['kind']}")
    main = [flat(x) for x in doc.recipients.main]
    marks = (doc.classification.level, doc.classification.period, doc.urgency, doc.copy_number, doc.signer)
    wanted = gold["classification"]
    checks = {
        "doc_number": (doc.doc_number, gold["doc_number"]),
        "issuer": (flat(doc.issuer), flat(gold["issuer"])),
        "signed date": (doc.signed_date, gold["signed_date"]),
        "recipients": (main, [flat(x) for x in gold["recipients"]["main"]]),
        "marks": (
            marks,
            (wanted["level"], wanted["period"], gold["urgency"], gold["copy_number"], gold["signer"]),
        ),
    }
    for metric, (ours, theirs) in checks.items():
        score.count(metric, ours == theirs, name, f"{ours} != {theirs}")
    cited = {c.doc_number for c in doc.cites if c.doc_number}
    for number in gold["cites"]:
        score.count("cited number recall", number in cited, name, number)
    for number in sorted(cited):
        score.count("cited number precision", number in gold["cites"], name, number)


def score_file(score, archive: Path, gold: dict, known: set[str], ocr: bool) -> None:
    name = gold["file"]
    try:
        documents = load_documents(archive / name, ocr)
    except Exception as error:  # a crash is a miss on every metric of the file
        score.count("parsed", False, name, repr(error))
        return
    score.count(
        "parsed",
        len(documents) == 1 and documents[0].kind == gold["kind"],
        name,
        f"{len(documents)} documents, kinds {[d.kind for d in documents]}",
    )
    if not documents:
        return
    doc = documents[0]
    if is_gongwen(gold["kind"]):
        score_gongwen(score, name, gold, doc)
    elif gold["kind"] == DocumentKind.BRIEFING:
        score_briefing(score, name, gold, doc)
        pairs = [
            (g, [a for a in doc.articles if flat(a.title) == flat(g["title"])]) for g in gold["articles"]
        ]
        for g, ours in pairs:
            score_units(score, name, [g], ours, known)
    else:
        score_news(score, name, gold, doc)
        score_units(score, name, gold["articles"], doc.articles, known)


def report(score: Score, verbose: bool) -> None:
    for metric in sorted(score.totals):
        hits, total = score.hits[metric], score.totals[metric]
        print(f"{metric:20s} {hits:5d}/{total:<5d} {100 * hits / total:6.1f}%")
    if verbose:
        for file, misses in sorted(score.misses.items()):
            print(f"\n{file}")
            for miss in misses:
                print(f"  {miss}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--ocr", action="store_true")
    args = parser.parse_args(argv)
    known = vocabulary_names()
    score = Score()
    for raw in args.gold.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            score_file(score, args.archive, json.loads(raw), known, args.ocr)
    report(score, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
