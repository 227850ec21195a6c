"""Follow-ups of the ledger's commitments: later articles that report on what a commitment promised.

A follow-up of a commitment is an article dated after the commitment's article, filed under the
commitment's unit or one below it (the unit facet's meaning: ``typed_units`` of the unit among the
article's ``unit_tree``), whose title or text holds every object word of one of its targets: the
target phrase without numbers, measures and generic verbs, its ``FOLLOW_UP_WORDS`` longest words.
A word matches where its exact characters stand, as a search for it does (``search_app.query``).

They are found when statements are indexed (``indexer.run.follow_up_links``) and stored in the
catalog; the ledger only reads them. This module is pure: keys from statements, follow-ups of one
article against many keys.

    matcher = Matcher(keys_of_statement(row) for row in commitments)
    matcher.follow_ups(record, source_path)   # [FollowUpRow, …]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from indexer.facet_registry import unit_tree
from indexer.lang import text as cjk_text
from indexer.lang.vocabulary import typed_units, word_list
from indexer.records import ArticleRecord, FollowUpRow

# What a follow-up is: bump when it changes, and the next ``jianbao index`` finds them all anew.
FOLLOW_UPS_VERSION = "1"
FOLLOW_UP_WORDS = 2  # the longest object words: specific enough to tell the object
EVIDENCE_BEFORE, EVIDENCE_CHARS = 30, 120  # the passage kept as evidence, around the first match
# Kept per commitment and per access token of the later article: the earliest follow-ups and the earliest
# reports of progress. The earliest a viewer may see decides the status as of any date; the ledger shows
# five, reports of progress first. A commitment whose object a generated archive repeats in every later
# issue would otherwise store a follow-up per later article: quadratic in the archive.
KEPT = 5
# A report of what was done (已完成, 累计, 建成…) ranks before a later article that only mentions the object.
PROGRESS = re.compile(r"已|累计|完成了|建成|实现了|共计|截至|全面完成|顺利完成")
_SENTENCE_END = "。！？；\n"


@lru_cache(maxsize=65536)
def object_words(phrase: str) -> tuple[str, ...]:
    """The words a follow-up must report on: the phrase without numbers, measures and generic verbs."""
    generic = set(word_list("ledger_generic_words"))
    words = [w for w in cjk_text.words(phrase) if len(w) > 1 and not re.search(r"\d", w) and w not in generic]
    return tuple(dict.fromkeys(words))


@dataclass(frozen=True)
class Key:
    """One target of one commitment, as a follow-up must match it."""

    article_id: str
    seq: int
    source_path: str
    date: str  # YYYY-MM-DD: a follow-up is dated after it
    units: frozenset[str]  # the commitment's unit as the unit facet reads it
    target: str
    words: tuple[str, ...]  # longest first: the first is what articles are scanned for


def keys_of_statement(row: dict[str, Any]) -> list[Key]:
    """The keys of a commitment row (article_id, source_path, seq, unit, date, text, targets as a list);
    none without a unit or a date: no article could be told to follow it."""
    unit, date = row.get("unit"), (row.get("date") or "")[:10]
    if not unit or len(date) < 10:
        return []
    phrases = [t.get("text") or "" for t in row.get("targets") or []] or [row["text"]]
    keys = []
    for phrase in phrases:
        words = tuple(sorted(object_words(phrase), key=len, reverse=True)[:FOLLOW_UP_WORDS])
        if words:
            keys.append(
                Key(
                    row["article_id"],
                    row["seq"],
                    row["source_path"],
                    date,
                    frozenset(typed_units(unit)),
                    phrase,
                    words,
                )
            )
    return keys


class Kept:
    """Follow-ups as they are found, each commitment's cut to ``KEPT`` per access token (``kept``)."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, int, str | None], dict[str, FollowUpRow]] = {}

    def add(self, rows: Iterable[FollowUpRow]) -> None:
        for row in rows:
            group = self.groups.setdefault((row["article_id"], row["seq"], row["access"]), {})
            group[row["follow_id"]] = row
            if len(group) > 4 * KEPT:
                kept_rows = kept(list(group.values()))
                group.clear()
                group.update((r["follow_id"], r) for r in kept_rows)

    def rows(self) -> list[FollowUpRow]:
        return [row for group in self.groups.values() for row in kept(list(group.values()))]

    def commitments(self) -> set[tuple[str, int]]:
        return {(article_id, seq) for article_id, seq, _ in self.groups}


def kept(rows: list[FollowUpRow]) -> list[FollowUpRow]:
    """Of one commitment's follow-ups of one access token: the KEPT earliest, and the KEPT earliest reports."""
    ordered = sorted(rows, key=lambda r: (r["follow_date"], r["follow_id"]))
    first = ordered[:KEPT]
    taken = {r["follow_id"] for r in first}
    reports = [r for r in ordered if r["progress"]][:KEPT]
    return first + [r for r in reports if r["follow_id"] not in taken]


class Matcher:
    """Many keys, indexed by their first word and unit (each in date order), and the first words by their
    first two characters: one pass over an article's characters finds the first words it holds, and only
    the keys of the article's units dated before it are looked at."""

    def __init__(self, keys: Iterable[Key]):
        self.count = 0
        self.by_word_unit: dict[tuple[str, str], list[Key]] = {}
        for key in keys:
            self.count += 1
            for unit in key.units:
                self.by_word_unit.setdefault((key.words[0], unit), []).append(key)
        for group in self.by_word_unit.values():
            group.sort(key=lambda k: k.date)
        self.by_start: dict[str, set[str]] = {}
        for word, _ in self.by_word_unit:
            self.by_start.setdefault(word[:2], set()).add(word)

    def __len__(self) -> int:
        return self.count

    def follow_ups(self, record: ArticleRecord, source_path: str) -> list[FollowUpRow]:
        """The commitments ``record`` follows up, one row per commitment (a target reporting progress
        preferred, else the first that matches)."""
        date = (record.get("date") or "")[:10]
        if len(date) < 10 or not self.count:
            return []
        body = f"{record.get('title') or ''}\n{record.get('text') or ''}"
        tree = set(unit_tree(record.get("units") or []))
        best: dict[tuple[str, int], FollowUpRow] = {}
        seen: set[int] = set()
        for word in self._first_words_in(body):
            for unit in tree:
                for key in self.by_word_unit.get((word, unit), ()):
                    if key.date >= date:
                        break  # in date order: the rest are no earlier
                    if id(key) in seen or key.article_id == record["id"]:
                        continue
                    seen.add(id(key))
                    if not all(w in body for w in key.words[1:]):
                        continue
                    found = _row(key, record, source_path, body)
                    held = best.get((key.article_id, key.seq))
                    if held is None or (found["progress"] and not held["progress"]):
                        best[(key.article_id, key.seq)] = found
        return list(best.values())

    def _first_words_in(self, body: str) -> set[str]:
        found: set[str] = set()
        by_start = self.by_start
        for i in range(len(body) - 1):
            words = by_start.get(body[i : i + 2])
            if words:
                found.update(w for w in words if body.startswith(w, i))
        return found


def _row(key: Key, record: ArticleRecord, source_path: str, body: str) -> FollowUpRow:
    evidence = evidence_passage(body, key.words)
    return {
        "article_id": key.article_id,
        "seq": key.seq,
        "source_path": key.source_path,
        "follow_id": record["id"],
        "follow_path": source_path,
        "follow_date": (record.get("date") or "")[:10],
        "follow_title": record.get("title") or "",
        "access": record.get("access"),
        "target": key.target,
        "matched": list(key.words),
        "evidence": evidence,
        "progress": bool(PROGRESS.search(evidence)),
    }


def evidence_passage(body: str, words: tuple[str, ...]) -> str:
    """The passage around the first match in the text (the title's when only the title holds it), from
    the start of its sentence when that is near, to its paragraph's end: what a search's snippet shows."""
    title, _, text = body.partition("\n")
    within = text if words[0] in text else title
    at = within.find(words[0])
    start = max(0, at - EVIDENCE_BEFORE)
    sentence = max(within.rfind(c, start, at) for c in _SENTENCE_END)
    if sentence >= 0:
        start = sentence + 1
    end = within.find("\n", at)  # the paragraph's end: a signature or the next heading is not evidence
    end = start + EVIDENCE_CHARS if end < 0 else min(end, start + EVIDENCE_CHARS)
    return within[start:end].strip()
