"""Snippets: the best passages of an article with the matched words marked.

We find the query's literal strings in the stored text ourselves instead of
re-analysing it with Whoosh's highlighter: it is bounded in cost (one jieba pass
over the passage only), and a mark is widened to whole jieba words, so 爱军 marks
<mark>孙爱军</mark>, never a sub-word.
"""

from __future__ import annotations

from bisect import bisect_right
from html import escape
from itertools import islice

from indexer.lang.text import FULL_STOPS, SEMICOLONS, is_word, layout_spans, word_spans

MAX_OCCURRENCES = 200
CONTEXT = 12  # characters around a passage that decide its word boundaries
SENTENCE_END = FULL_STOPS + SEMICOLONS  # a passage begins after one


class Words:
    """jieba word boundaries of text[left:right], asked by character offset.

    With ``tokens`` (the stored token spans of the whole text, see ``indexer.lang.text.layout``)
    nothing is segmented again; otherwise the window is."""

    def __init__(self, text: str, left: int, right: int, tokens: list[tuple[int, int]] | None = None):
        if tokens is None:
            self.spans = [(left + s, left + e) for _, s, e in word_spans(text[left:right])]
        else:
            first = max(bisect_right(tokens, (left, -1)) - 1, 0)
            self.spans = []
            for start, end in islice(tokens, first, None):  # no copy of the rest of a long article
                if start >= right:
                    break
                if end > left and is_word(text[start:end]):
                    self.spans.append((start, end))
        self.starts = [s for s, _ in self.spans]

    def word_at(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """Grow [start, end) to the whole words it overlaps."""
        first, last = self.word_at(start), self.word_at(end - 1)
        return (first[0] if first else start), (last[1] if last else end)

    def boundary_before(self, offset: int) -> int:
        word = self.word_at(offset)
        return word[0] if word else offset


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int, str]]:
    """Where each needle occurs, case-insensitively: (start, end, needle)."""
    folded = text.lower()
    spans: list[tuple[int, int, str]] = []
    for needle in {n.lower() for n in needles if n.strip()}:
        start = folded.find(needle)
        while start != -1 and len(spans) < MAX_OCCURRENCES:
            spans.append((start, start + len(needle), needle))
            start = folded.find(needle, start + 1)
    return sorted(spans)


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
        covered = []
        for span in islice(spans, i, None):
            if span[0] > start + width:
                break  # spans are sorted by start: none after this one can end inside the window
            if span[1] - start <= width:
                covered.append(span)
        score = (len({s[2] for s in covered}), len(covered))
        if score > best_score:
            best, best_score = (start, max(s[1] for s in covered)), score
    return best


def _passage_start(text: str, words: Words, match_start: int, wanted: int) -> int:
    """Begin after a sentence end if one is near, else at a word boundary."""
    if wanted <= CONTEXT:
        return 0
    for offset in range(match_start - 1, max(wanted - CONTEXT, 0) - 1, -1):
        if text[offset] in SENTENCE_END:
            return offset + 1
    return words.boundary_before(wanted)


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


def snippet(text: str, needles: list[str], width: int = 120, layout: str | None = None) -> str:
    """HTML: escaped text of the best passage, with <mark> around matched words.

    ``layout`` is the text's stored word layout (``indexer.lang.text.layout``): with it no jieba runs."""
    text = text.replace("\n", " ")
    tokens = layout_spans(layout, len(text)) if layout else None
    spans = find_spans(text, needles)
    if not spans:
        end = min(len(text), width)
        if end < len(text):
            end = Words(text, max(0, end - CONTEXT), end + CONTEXT, tokens).boundary_before(end)
        return _render(text, 0, end, [])
    match_start, match_end = _best_window(spans, width)
    wanted_start = max(0, match_start - max(0, width - (match_end - match_start)) // 3)
    window = (max(0, wanted_start - CONTEXT), min(len(text), wanted_start + width + 2 * CONTEXT))
    words = Words(text, *window, tokens)
    start = _passage_start(text, words, match_start, wanted_start)
    end = min(len(text), max(match_end, start + width))
    if end < len(text):
        end = words.boundary_before(end)
    marks = _merge([words.widen(s, e) for s, e, _ in spans if s < end and e > start])
    if marks:
        start, end = min(start, marks[0][0]), max(end, marks[-1][1])
    return _render(text, start, end, marks)


def highlight_all(text: str, needles: list[str]) -> str:
    """The whole text escaped, every match marked (the article page)."""
    words = Words(text, 0, len(text)) if needles else None
    marks = _merge([words.widen(s, e) for s, e, _ in find_spans(text, needles)]) if words else []
    return _render(text, 0, len(text), marks)
