"""Tokenization shared by the index and the query: jieba words and CJK bigrams.

Tokens are computed once, in the worker that parsed the file, and travel to the
single index writer as pre-tokenized text: the writer then only splits, so the
expensive jieba pass runs in parallel under ``--jobs``.

Positions are ordinals (0, 1, 2…), so phrase queries work on both fields.
"""

from __future__ import annotations

import re

from whoosh.analysis import Token, Tokenizer

from indexer.segment import segmenter

TOKEN_SEPARATOR = "\x1f"
SAME_POSITION = "\x1e"  # tokens joined by it share one position

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDISH = re.compile(rf"[{_CJK}0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_RUNS = re.compile(rf"([{_CJK}]+)|([0-9A-Za-z]+(?:\.[0-9]+)?)")


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """jieba words with their character spans, punctuation and spaces left out."""
    spans = []
    for word, start, end in segmenter().tokenize(text):
        if _WORDISH.search(word):
            spans.append((word.lower(), start, end))
    return spans


def words(text: str) -> list[str]:
    return [w for w, _, _ in word_spans(text)]


def bigrams(text: str) -> list[str]:
    """Overlapping CJK bigrams; a lone CJK character stays a unigram; Latin and digit runs stay whole.

    Any substring of two or more CJK characters of ``text`` is then a phrase of
    consecutive tokens, which is what makes substring search exact.
    """
    return _bigram_tokens(text, run_ends=False)


def indexed_bigrams(text: str) -> list[str]:
    """``bigrams`` for the index: each run's last character also stands alone, at the last
    bigram's position, so a one-character query finds it as a term (or as a bigram's prefix
    everywhere else) instead of scanning the whole lexicon for bigrams that end with it."""
    return _bigram_tokens(text, run_ends=True)


def _bigram_tokens(text: str, run_ends: bool) -> list[str]:
    tokens = []
    for match in _RUNS.finditer(text):
        cjk, other = match.groups()
        if other:
            tokens.append(other.lower())
        elif len(cjk) == 1:
            tokens.append(cjk)
        else:
            tokens.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
            if run_ends:
                tokens[-1] += SAME_POSITION + cjk[-1]
    return tokens


def pretokenized(tokens: list[str]) -> str:
    return TOKEN_SEPARATOR.join(tokens)


class PretokenizedTokenizer(Tokenizer):
    """Splits text made by ``pretokenized``; positions are ordinals."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        items = value.split(TOKEN_SEPARATOR) if tokenize else [value]
        char = start_char
        for pos, item in enumerate(items):
            for text in item.split(SAME_POSITION):
                if not text:
                    continue
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar = char
                    token.endchar = char + len(text)
                yield token
            char += len(item) + 1


def pretokenized_analyzer():
    return PretokenizedTokenizer()


def is_cjk(text: str) -> bool:
    return bool(text) and all(re.match(rf"[{_CJK}]", ch) for ch in text)
