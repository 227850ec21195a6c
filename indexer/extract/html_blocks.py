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
    from lxml import etree

    body = tree.find(".//body")
    root = body if body is not None else tree
    best, best_score = None, 0.0
    # One post-order walk (libxml2's): a running sum per open element, the link state beside it.
    sums: list[float] = []
    links: list[bool] = []
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        if event == "start":
            if skipped(element):
                walk.skip_subtree()
                sums.append(SKIPPED_SUM)
                links.append(links[-1] if links else False)
                continue
            link = (links[-1] if links else False) or element.tag == "a"
            links.append(link)
            sums.append(run_weight(element.text or "", link))
            continue
        score = sums.pop()
        links.pop()
        if sums:
            outer_link = links[-1] if links else False
            sums[-1] += run_weight(element.tail or "", outer_link) + (
                score if score is not SKIPPED_SUM else 0.0
            )
        if score is not SKIPPED_SUM and element.tag not in INLINE and score > best_score:
            best, best_score = element, score
    return best


SKIPPED_SUM = float("nan")  # marks a skipped element's slot: its text counts for nothing, its tail does


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
