"""The block of a web page that holds its article, found by text density alone.

Every text run of the page is weighed once: prose (a run of eight or more
characters with sentence or clause punctuation, a label's colon not counted) counts for its block, link text
and other short text (menus, labels, footers) against it. Each element's score
is the sum over the runs inside it — prose minus link text minus half the rest —
so the page body, holding the article AND the site's menus, related lists and
footer, scores below the element holding the article alone, and a single
paragraph scores below the block holding all of them. Class and id names are
not read: a body whose container is named like a comment box or a hidden panel
is found all the same.

One pass over the tree, bottom-up sums: linear in the page size.
"""

from __future__ import annotations

import re

SKIPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "select",
    "option",
    "button",
    "textarea",
    "iframe",
    "svg",
    "object",
}
INLINE = {
    "a",
    "span",
    "font",
    "b",
    "strong",
    "em",
    "i",
    "u",
    "small",
    "big",
    "sub",
    "sup",
    "label",
    "img",
    "br",
}
BLOCK = {
    "p",
    "div",
    "tr",
    "li",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "center",
    "form",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "hr",
}
CELLS = {"td", "th"}  # a row's cells stand side by side on its line
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
PROSE_RUN = re.compile(r"[，。；！？、,;!?]")  # a label's colon ("版权所有：") makes no prose
PROSE_MIN = 8
OTHER_WEIGHT = 0.5


def is_hidden(element) -> bool:
    return element.get("hidden") is not None or bool(HIDDEN_STYLE.search(element.get("style") or ""))


def skipped(element) -> bool:
    return not isinstance(element.tag, str) or element.tag in SKIPPED or is_hidden(element)


def run_weight(text: str, in_link: bool) -> float:
    """What one text run says about its block: prose for, links and labels against."""
    size = len("".join(text.split()))
    if not size:
        return 0.0
    if in_link:
        return -size
    if size >= PROSE_MIN and PROSE_RUN.search(text):
        return size
    return -OTHER_WEIGHT * size


def densest_block(tree):
    """The element whose text is most article and least chrome (None on an empty page)."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    scores: dict = {}
    best, best_score = None, 0.0
    # Iterative post-order walk: (element, in_link, children done?)
    stack = [(root, False, False)]
    while stack:
        element, in_link, done = stack.pop()
        if skipped(element):
            continue
        link = in_link or element.tag == "a"
        if not done:
            stack.append((element, in_link, True))
            stack.extend((child, link, False) for child in reversed(element))
            continue
        score = run_weight(element.text or "", link)
        for child in element:
            if not skipped(child):
                score += scores.pop(child, 0.0)
            score += run_weight(child.tail or "", link)
        scores[element] = score
        if element.tag not in INLINE and score > best_score:
            best, best_score = element, score
    return best


def block_lines(tree) -> list[str]:
    """The densest block's text, a line per paragraph (block elements and <br> break lines)."""
    block = densest_block(tree)
    if block is None:
        return []
    parts: list[str] = []
    stack: list = [block]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if skipped(item):
            if item.tail:
                parts.append(item.tail)
            continue
        mark = "\n" if item.tag in BLOCK or item.tag == "br" else (" " if item.tag in CELLS else "")
        stack.append(mark + (item.tail or "") if item is not block else "")
        stack.extend(reversed(list(item)))
        parts.append(mark + (item.text or ""))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]
