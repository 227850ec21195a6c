#!/usr/bin/env python3
"""Count the units the pipeline names in a city the document never mentions.

    python scripts/score_unit_places.py --jianbao J [--save DIR] [--baseline DIR] FILE...

Runs ``J extract FILE --json`` on every file. The units a document names are its articles'
units (normalised, with the ancestors the unit facet adds), its statements' units, and the
speakers that are no official of the article. A unit carries a city when its name starts
with one (济宁市局, 山东省聊城市公安局) or holds the name of a city of the unit vocabulary
(聊城高新区); the city is foreign when the document's text never writes it (济宁 for 济宁市).

--save DIR keeps each file's units (DIR/<file>.json); --baseline DIR compares with units
saved before: a written unit name of the baseline that no article of the file has any more
is lost.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from indexer.lang.text import HAN
from indexer.lang.vocabulary import known_units, unit_ancestors, unit_parent

CITY_AT_START = re.compile(rf"^(?:[{HAN}]{{2,7}}?省)?([{HAN}]{{2,3}}?)市")
NOT_CITIES = ("城", "全", "本", "我", "该", "各", "超", "县")


def vocabulary_cities() -> list[str]:
    """The cities of the unit vocabulary: its top rows whose names end in 市."""
    return [n for n in known_units() if n.endswith("市") and unit_parent(n) is None]


def cities_in(name: str) -> set[str]:
    """The cities a unit name carries, by the stem written in it (济宁 of 济宁市局)."""
    found = {city[:-1] for city in vocabulary_cities() if city[:-1] in name}
    match = CITY_AT_START.match(name)
    if match and not match.group(1).endswith(NOT_CITIES):
        found.add(match.group(1))
    return found


def named_units(extracted: dict) -> dict[str, list[str]]:
    """Written name → every name the pipeline gives it in the facet and the ledger."""
    named: dict[str, list[str]] = {}
    for document in extracted["documents"]:
        for article in document["articles"]:
            for unit in article["units"]:
                names = named.setdefault(unit["name"], [])
                names += [n for n in unit_ancestors(unit["normalized"]) if n not in names]
            officials = {o["name"] for o in article["officials"]}
            for statement in article["statements"]:
                for name in (statement.get("unit"), statement.get("speaker")):
                    if name and name not in officials:
                        named.setdefault(f"({name})", [name])
    return named


def document_text(extracted: dict) -> str:
    parts = []
    for document in extracted["documents"]:
        parts += [document.get(k) or "" for k in ("series", "office", "headline", "subheadline", "paper")]
        parts += [a["title"] + "\n" + a["text"] for a in document["articles"]]
    return re.sub(r"\s+", "", "\n".join(parts))


def foreign(named: dict[str, list[str]], text: str) -> list[str]:
    """'written → name' for every name that carries a city the text never writes."""
    return [
        f"{written} → {name}"
        for written, names in named.items()
        for name in names
        if any(stem not in text for stem in cities_in(name))
    ]


def extract(jianbao: str, path: Path) -> dict:
    run = subprocess.run(
        [jianbao, "extract", str(path), "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout)


def score_file(jianbao: str, path: Path, save: Path | None, baseline: Path | None) -> tuple[int, list, list]:
    extracted = extract(jianbao, path)
    named = named_units(extracted)
    wrong = foreign(named, document_text(extracted))
    if save:
        save.mkdir(parents=True, exist_ok=True)
        (save / f"{path.name}.json").write_text(json.dumps(named, ensure_ascii=False, indent=1), "utf-8")
    lost: list[str] = []
    if baseline and (baseline / f"{path.name}.json").exists():
        before = json.loads((baseline / f"{path.name}.json").read_text("utf-8"))
        lost = [w for w in before if not w.startswith("(") and w not in named]
    return len([w for w in named if not w.startswith("(")]), wrong, lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jianbao", required=True)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    totals = [0, 0, 0, 0]
    for path in args.files:
        count, wrong, lost = score_file(args.jianbao, path, args.save, args.baseline)
        print(f"{path.name}: {count} units, {len(wrong)} in a foreign city, {len(lost)} lost")
        for line in wrong:
            print(f"  foreign: {line}")
        for name in lost:
            print(f"  lost: {name}")
        totals = [totals[0] + 1, totals[1] + count, totals[2] + len(wrong), totals[3] + len(lost)]
    files, units, wrong_total, lost_total = totals
    print(f"SUMMARY files={files} units={units} foreign={wrong_total} lost={lost_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
