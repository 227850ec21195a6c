"""Chinese text knowledge in one place: character classes, segmentation and tokenization.

Clean, index and query all read these, so that what the index holds and what a
query asks for are cut the same way.

- ``HAN``: every CJK ideograph block (Basic, Ext A–H, compatibility, the radicals
  used in names) plus 〇, the ideographic zero of dates such as 二〇一九年.
- Punctuation: the CJK punctuation sets and the sentence ends that clean, parse and
  snippets read; ``squash``, a text without whitespace, as names and titles are compared.
- Words: jieba's segmentation (through ``indexer.lang.segment``), punctuation dropped.
- Bigrams: overlapping CJK character pairs; a lone CJK character stays a unigram;
  Latin and digit runs stay whole. Any substring of two or more CJK characters is
  then a run of consecutive bigrams, which is what makes substring search exact.
- Characters: the distinct CJK characters of a text, so a one-character query is
  a single term lookup.

Tokens never contain whitespace: engines receive them as one space-joined string
and split it with a whitespace tokenizer.
"""

from __future__ import annotations

import re
from itertools import accumulate

# Han ideographs in every Unicode block, with 〇 (U+3007) and the iteration mark 々 (U+3005).
HAN = (
    "\u3005\u3007"
    "\u3400-\u4dbf"  # Ext A
    "\u4e00-\u9fff"  # Basic
    "\uf900-\ufaff"  # compatibility
    "\U00020000-\U0002a6df"  # Ext B
    "\U0002a700-\U0002ebef"  # Ext C–F, I
    "\U0002f800-\U0002fa1f"  # compatibility supplement
    "\U00030000-\U0003134f"  # Ext G
    "\U00031350-\U000323af"  # Ext H
)
FULLWIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
_WORDISH = re.compile(f"[{HAN}0-9A-Za-z{FULLWIDTH_ALNUM}]")
_RUNS = re.compile(f"([{HAN}]+)|([0-9A-Za-z]+(?:\\.[0-9]+)?)")

# CJK punctuation: the CJK symbols and punctuation block, full-width punctuation (not full-width
# letters and digits), and general punctuation's dashes, quotes, bullets and ellipsis (U+2014–2026)
# with the middle dot. Clean counts these as CJK neighbours of a space it drops.
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014-\u2026\u00b7"
# Beside these parse's tidy drops a space in a title or a name: the CJK symbols block, every full-width
# and half-width form (letters and digits too) and the quotes, dash, ellipsis and dot of prose; not the
# list bullet •, after which clean leaves one space on purpose.
CJK_PUNCT_AND_FORMS = "\u3000-\u303f\uff00-\uffef“”‘’—…·"

# Sentence ends. A full stop ends a sentence wherever it stands. A semicolon ends an item of a list of
# measures: a sentence to the parser and to snippets, but a line wrapped after one goes on (clean).
# An ellipsis ends a line's sentence (clean, parse); snippets begin a passage after a stop or semicolon.
FULL_STOPS = "。！？!?"
SEMICOLONS = "；;"
ELLIPSIS = "…"

# The brackets a document number's year stands in (国办发〔2019〕3号), as documents, typists and
# converters write them: clean rejoins a number a line break cut, parse reads it.
NUMBER_OPEN = "〔［\\[(（【﹝〖"
NUMBER_CLOSE = "〕］\\])）】﹞〗"

SPACE_RUN = re.compile(r"[\s\u3000]+")


def squash(text: str) -> str:
    """A text without any whitespace, the spelling names, headings and titles are compared in
    (converters put spaces between CJK characters)."""
    return SPACE_RUN.sub("", text or "")


# Lone UTF-16 halves: no UTF-8 text can hold them (a broken RTF \\u escape, a bad decoder make them).
_SURROGATE = re.compile("[\ud800-\udfff]")
# What XML 1.0 forbids: C0 controls but tab and line breaks, surrogates, the noncharacters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def storable(text: str) -> str:
    """Text every store can encode: surrogate pairs joined into their character, lone halves U+FFFD."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


# Characters that would start a new line or hide text in a log or terminal: controls, line and paragraph
# separators, bidirectional overrides.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """A name as one line of a log or a message: each control character written as its escape (\\n,
    \\u202e), so that a file called "a\\nb" can never forge a line of its own."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def xml_safe(text: str) -> str:
    """Text any XML document can hold (a feed's titles, query and snippets): forbidden characters dropped."""
    return _NOT_XML.sub("", text)


def is_han(char: str) -> bool:
    return bool(HAN_CHAR.fullmatch(char))


def is_cjk(text: str) -> bool:
    """True when every character of a non-empty text is a Han ideograph (or 〇)."""
    return bool(text) and HAN_RUN.fullmatch(text) is not None


def is_word(token: str) -> bool:
    """Whether a jieba token is a word (holds a Han character, a letter or a digit)."""
    return _WORDISH.search(token) is not None


def has_searchable(text: str) -> bool:
    """Whether a text yields any token at all (punctuation and spaces alone do not)."""
    return _RUNS.search(text) is not None


def segments(text: str) -> list[tuple[str, int, int]]:
    """Every jieba token of a text, punctuation and spaces included: they tile the text."""
    # imported here, not at the top: the segmenter reads the vocabulary, which reads squash from here
    from indexer.lang.segment import cut

    words = cut(text)
    ends = list(accumulate(map(len, words)))
    return list(zip(words, [0, *ends[:-1]], ends))


def searchable(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The tokens that are words (not punctuation or space), lower-cased."""
    return [(word.lower(), start, end) for word, start, end in tokens if _WORDISH.search(word)]


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """jieba words with their character spans, punctuation and spaces left out."""
    return searchable(segments(text))


_LAYOUT_BASE = 0x20  # one character per token: its length, offset by this (printable, never a surrogate)
_LAYOUT_MAX = 0xD7FF - _LAYOUT_BASE


def layout(tokens: list[tuple[str, int, int]]) -> str:
    """The token lengths of a segmented text, one character each: word boundaries kept with the
    stored text, so snippets need not segment it again (a very long token is cut in pieces)."""
    out = []
    for _, start, end in tokens:
        length = end - start
        while length > _LAYOUT_MAX:
            out.append(chr(_LAYOUT_BASE + _LAYOUT_MAX))
            length -= _LAYOUT_MAX
        out.append(chr(_LAYOUT_BASE + length))
    return "".join(out)


def layout_spans(encoded: str, text_length: int) -> list[tuple[int, int]] | None:
    """The (start, end) of every token of a ``layout``; None when it does not tile the text."""
    ends = list(accumulate(ord(char) - _LAYOUT_BASE for char in encoded))
    if (ends[-1] if ends else 0) != text_length:
        return None
    return list(zip([0, *ends[:-1]], ends))


def words(text: str) -> list[str]:
    return [w for w, _, _ in word_spans(text)]


def bigrams(text: str) -> list[str]:
    """Overlapping CJK bigrams; a lone CJK character stays a unigram; Latin and digit runs stay whole."""
    tokens: list[str] = []
    for match in _RUNS.finditer(text):
        cjk, other = match.groups()
        if other:
            tokens.append(other.lower())
        elif len(cjk) == 1:
            tokens.append(cjk)
        else:
            tokens.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
    return tokens


def characters(text: str) -> list[str]:
    """The distinct Han characters of a text, in order of first appearance."""
    return list(dict.fromkeys(HAN_CHAR.findall(text)))


def joined(tokens: list[str]) -> str:
    """Tokens as one string for a whitespace tokenizer (feeding strings, not tokens, is ~13× faster)."""
    return " ".join(tokens)
