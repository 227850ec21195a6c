"""Page chrome in a web page's extracted article lines, recognised by class and position.

A Chinese news or government site frames every article with the same family of
things: breadcrumbs (当前位置：首页 > …), toolbars (字号 大 中 小, 打印, 关闭,
分享到), editor credits (责任编辑：…, 【编辑：…】), the host's footer (主办单位,
ICP 备案号, 公网安备, 网站标识码, 版权所有, 地址/电话), disclaimers, related lists,
pagers, comment threads and feedback dialogs. Each class is a few patterns in
data/html_chrome.txt; the mode of the class says where a match counts (see
that file). Position matters for the weak classes: a contact line or a
timestamped headline is chrome before the article's first sentence or after its
last one, and text where it stands between two sentences.

Pure functions of the lines; the patterns are read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indexer.lang.vocabulary import DATA_DIR

CHROME_FILE = DATA_DIR / "html_chrome.txt"
LINE_MAX = 60  # a chrome line is short; longer lines are prose, save for "long" classes
EDGE_LINE_MAX = 100
MODES = ("line", "frame", "long", "edge", "ends", "glued", "segment")
SENTENCE_END = re.compile(r"[。！？!?]")
CLASS_HEADER = re.compile(r"^\[([\w-]+)\s*:\s*(\w+)\]$")
SEGMENT_SPLIT = re.compile(r"\s*[|｜丨]\s*")
SENTENCE = re.compile(r"[。！？!?]|[，；].{20}")
ENDS_AFTER_SHARE = 0.5  # a related list or comment thread stands in the article's second half


@dataclass(frozen=True)
class ChromeClass:
    name: str
    mode: str
    patterns: tuple[re.Pattern, ...]

    def matches(self, line: str) -> bool:
        return any(p.search(line) for p in self.patterns)


@dataclass(frozen=True)
class ModeMatcher:
    """All patterns of one mode as one alternation (one search a line); the group that
    matched names the class."""

    pattern: re.Pattern | None
    names: dict[str, str]

    def search(self, line: str) -> str | None:
        found = self.pattern.search(line) if self.pattern else None
        return self.names[found.lastgroup] if found and found.lastgroup else None


@cache
def mode_matcher(mode: str) -> ModeMatcher:
    groups, names = [], {}
    for n, kind in enumerate(c for c in chrome_classes() if c.mode == mode):
        group = f"c{n}"
        names[group] = kind.name
        groups.append(f"(?P<{group}>" + "|".join(f"(?:{p.pattern})" for p in kind.patterns) + ")")
    return ModeMatcher(re.compile("|".join(groups), re.IGNORECASE) if groups else None, names)


@cache
def chrome_classes(path: Path = CHROME_FILE) -> tuple[ChromeClass, ...]:
    classes: list[ChromeClass] = []
    name, mode = "", "line"
    patterns: list[re.Pattern] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = CLASS_HEADER.match(line)
        if header:
            if patterns:
                classes.append(ChromeClass(name, mode, tuple(patterns)))
            name, mode, patterns = header.group(1), header.group(2), []
            if mode not in MODES:
                raise ValueError(f"{path}: unknown chrome mode {mode!r} of class {name}")
            continue
        patterns.append(re.compile(line, re.IGNORECASE))
    if patterns:
        classes.append(ChromeClass(name, mode, tuple(patterns)))
    return tuple(classes)


def of_mode(mode: str) -> tuple[ChromeClass, ...]:
    return tuple(c for c in chrome_classes() if c.mode == mode)


def chrome_class(line: str) -> str | None:
    """The chrome class a line belongs to wherever it stands (None: not chrome by itself)."""
    if len(line) <= LINE_MAX:
        found = mode_matcher("line").search(line)
        if found:
            return found
    if not SENTENCE_END.search(line):
        found = mode_matcher("frame").search(line)
        if found:
            return found
    return mode_matcher("long").search(line)


def is_sentence(line: str) -> bool:
    """Prose: a line that ends or holds a sentence, as chrome lines (a headline with its
    date among them) never do."""
    return (
        bool(SENTENCE.search(line)) and chrome_class(line) is None and not mode_matcher("edge").search(line)
    )


def without_chrome(lines: list[str]) -> list[str]:
    """The article's lines without the page's chrome."""
    lines = [tidied for line in lines if (tidied := without_glued(without_parts(line)))]
    lines = [line for line in lines if chrome_class(line) is None]
    lines = before_trailing_lists(lines)
    return without_edge_chrome(lines)


def without_parts(line: str) -> str:
    """ "发布时间：2024年05月05日 | 字体放大 | 字体缩小" → "发布时间：2024年05月05日"."""
    parts = SEGMENT_SPLIT.split(line)
    if len(parts) < 2:
        return line
    segments = mode_matcher("segment")
    kept = [p for p in parts if p and not segments.search(p)]
    return line if len(kept) == len(parts) else " | ".join(kept)


def without_glued(line: str) -> str:
    for kind in of_mode("glued"):
        for pattern in kind.patterns:
            line = pattern.sub("", line).rstrip()
    return line


def before_trailing_lists(lines: list[str]) -> list[str]:
    """Cut the article at a related list's or a comment thread's header that stands in its
    second half, or after which no line holds a full stop (headlines never do); a related
    box between two paragraphs of the article is passed over."""
    total = sum(len(line) for line in lines)
    ends = mode_matcher("ends")
    seen = 0
    for index, line in enumerate(lines):
        if index and len(line) <= LINE_MAX and ends.search(line):
            rest = lines[index + 1 :]
            if seen >= ENDS_AFTER_SHARE * total or not any("。" in later for later in rest):
                return lines[:index]
        seen += len(line)
    return lines


def without_edge_chrome(lines: list[str]) -> list[str]:
    """Weak classes (contact lines, timestamped headlines) dropped before the first
    sentence and after the last one; between sentences they are the article's."""
    prose = [i for i, line in enumerate(lines) if is_sentence(line)]
    if not prose:
        return lines
    first, last = prose[0], prose[-1]
    edge = mode_matcher("edge")
    return [
        line
        for i, line in enumerate(lines)
        if first <= i <= last or len(line) > EDGE_LINE_MAX or not edge.search(line)
    ]
