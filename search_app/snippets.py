"""Snippets: the best passages of an article with the matched words marked.

We find the query's literal strings in the stored text ourselves instead of
re-analysing it with Whoosh's highlighter: it is bounded in cost, and a mark is
widened to whole jieba words, so 爱军 marks <mark>孙爱军</mark>, never a sub-word.
"""
from __future__ import annotations

from html import escape

from indexer.analysis import word_spans

MAX_OCCURRENCES = 200
CONTEXT = 12  # characters around a match that decide its word boundaries


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int, str]]:
    """Where each needle occurs, case-insensitively: (start, end, needle)."""
    folded = text.lower()
    spans = []
    for needle in {n.lower() for n in needles if n.strip()}:
        start = folded.find(needle)
        while start != -1 and len(spans) < MAX_OCCURRENCES:
            spans.append((start, start + len(needle), needle))
            start = folded.find(needle, start + 1)
    return sorted(spans)


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow [start, end) to the whole jieba words it overlaps."""
    left = max(0, start - CONTEXT)
    window = text[left : min(len(text), end + CONTEXT)]
    new_start, new_end = start, end
    for _, word_start, word_end in word_spans(window):
        word_start, word_end = word_start + left, word_end + left
        if word_start < end and word_end > start:
            new_start, new_end = min(new_start, word_start), max(new_end, word_end)
    return new_start, new_end


SENTENCE_END = "。！？；!?;"


def passage_start(text: str, match_start: int, wanted: int) -> int:
    """Where a passage leading to ``match_start`` should begin: after a sentence end if one is near, else at a word."""
    if wanted <= CONTEXT:
        return 0
    for offset in range(match_start - 1, max(wanted - CONTEXT, 0) - 1, -1):
        if text[offset] in SENTENCE_END:
            return offset + 1
    return word_boundary_before(text, wanted)


def word_boundary_before(text: str, offset: int) -> int:
    """The start of the word at ``offset``, so a snippet never begins inside a CJK word."""
    if offset <= 0:
        return 0
    left = max(0, offset - CONTEXT)
    best = offset
    for _, word_start, word_end in word_spans(text[left : offset + CONTEXT]):
        if left + word_start <= offset < left + word_end:
            return left + word_start
    return best


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _best_window(spans: list[tuple[int, int, str]], width: int) -> tuple[int, int]:
    best, best_score = (spans[0][0], spans[0][1]), (-1, -1)
    for i, (start, _, _) in enumerate(spans):
        covered = [s for s in spans[i:] if s[1] - start <= width]
        score = (len({s[2] for s in covered}), len(covered))
        if score > best_score:
            best, best_score = (start, max(s[1] for s in covered)), score
    return best


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    out, cursor = [], start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        out.append(escape(text[cursor:mark_start]))
        out.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    out.append(escape(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def snippet(text: str, needles: list[str], width: int = 120) -> str:
    """HTML: escaped text of the best passage, with <mark> around matched words."""
    text = text.replace("\n", " ")
    spans = find_spans(text, needles)
    if not spans:
        end = min(len(text), width)
        return _render(text, 0, word_boundary_before(text, end) if end < len(text) else end, [])
    match_start, match_end = _best_window(spans, width)
    slack = max(0, width - (match_end - match_start))
    start = passage_start(text, match_start, max(0, match_start - slack // 3))
    end = min(len(text), max(match_end, start + width))
    end = word_boundary_before(text, end) if end < len(text) else end
    marks = _merge([widen_to_words(text, s, e) for s, e, _ in spans if s < end and e > start])
    if marks:
        start, end = min(start, marks[0][0]), max(end, marks[-1][1])
    return _render(text, start, end, marks)


def highlight_all(text: str, needles: list[str]) -> str:
    """The whole text escaped, every match marked (the article page)."""
    marks = _merge([widen_to_words(text, s, e) for s, e, _ in find_spans(text, needles)])
    return _render(text, 0, len(text), marks)
