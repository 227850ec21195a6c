"""Web pages (.html): the article only — title, byline, date, body paragraphs.

The body is found by trafilatura (text density over nested blocks, link
density, its boilerplate rules): measured on real government and news pages
it recovered every gold sentence where a rule counting direct <p> children
lost a fifth of them (see README, design notes). What it leaves of page chrome
— link lists, toolbars, share widgets, editor credits — is dropped here by
link density and the patterns of data/html_chrome.txt.

Title and date are chosen here, from what the reader sees: the heading that
matches the page's <title> (the site name after "_" or " - " removed), the
date in the meta tags, a <time>, or on the line beside the title — never a
date from the body when the page shows its own.

Everything is linear in the page size: libxml2 parses (C), trafilatura works
on that tree. libxml2 stops at 256 levels of nesting; a page nested deeper is
read as flat text by a single regex pass, and one nested absurdly deep is
refused.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import cache

from indexer.extract import html_blocks
from indexer.extract.errors import ExtractError, FormatResult
from indexer.extract.html_chrome import without_chrome
from indexer.extract.text import decode_or_none
from indexer.records import Page

NAME = "网页（html）"
FORMATS = ("html",)  # the formats it records sources as
DATA_FILES = ("html_chrome.txt",)  # what it reads of indexer/data/: a change makes its stored pages stale
EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
MIME_TYPES = ("text/html", "application/xhtml+xml")

MAX_DEPTH = 20_000  # far deeper than any real page (20–60 levels): hostile, refused
TREE_DEPTH = 250  # libxml2 drops what lies below 256 levels: deeper pages are read flat
LINK_DENSITY = 0.6  # a block whose text is mostly link text is navigation

HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")


def sniff(head: bytes, data: bytes) -> bool:
    return bool(HTML_START.match(strip_bom(head)))


def accepts(head: bytes, data: bytes) -> bool:
    """With an .html name, any decodable text is taken (fragments have no <html>)."""
    return sniff(head, data) or decode_or_none(head, partial=len(data) > len(head)) is not None


def strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def extract_bytes(path, data: bytes, **_options) -> FormatResult:
    depth = nesting_depth(path, data)
    markup = decode_html(path, data)
    if depth > TREE_DEPTH:
        meta: dict = {}
        paragraphs = flat_lines(markup)
    else:
        meta, paragraphs = read_tree(markup)
    title = meta.get("title")
    if title:
        paragraphs = [title] + [p for p in paragraphs if p != title]
    if not any(paragraphs):
        raise ExtractError(path, "网页中没有正文（no article text）")
    return FormatResult(
        format="html", pages=[Page(number=1, text="\n".join(paragraphs), method="html")], meta=meta
    )


def nesting_depth(path, data: bytes) -> int:
    """How deep the tags nest, by a cheap linear scan; refuse absurd nesting before parsing."""
    depth = deepest = 0
    for closing, name, self_closing in TAG.findall(data):
        if name.lower().decode() in VOID_TAGS or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise ExtractError(path, f"网页结构嵌套过深（超过 {MAX_DEPTH} 层），无法解析")
    return deepest


def decode_html(path, data: bytes) -> str:
    declared = META_CHARSET.search(data[:4096])
    if declared:
        try:
            return strip_bom(data).decode(declared.group(1).decode("ascii"), errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    text = decode_or_none(data)
    if text is None:
        raise ExtractError(path, "无法识别网页编码（unknown encoding）")
    return text


# --- the tree -------------------------------------------------------------------


def read_tree(markup: str) -> tuple[dict, list[str]]:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return {}, []  # nothing parseable: no article
    from indexer.extract import html_meta

    meta = html_meta.page_meta(tree)
    return meta, without_menus(article_lines(markup, tree))


def article_lines(markup: str, tree=None) -> list[str]:
    """The article's blocks as lines, without the page's chrome: trafilatura's reading
    (links marked, so link lists can be told from prose), checked against the page's
    densest block.

    trafilatura judges an article under 250 characters a failure and falls back
    to all of the page's text; a short page is therefore read again with that
    floor removed, and that reading kept when it is the same text minus the
    chrome; where the first reading was the whole page as one run of text, the
    densest block takes its place when it holds as many sentences. A reading
    that lost much of the body (a container named like a comment box, a body of
    one block of legal text) gives way to the densest block too.
    """
    raw = trafilatura_lines(markup, None)
    block = without_chrome(html_blocks.block_lines(tree)) if tree is not None else []
    lines = raw
    if sum(len(line) for line in raw) < SHORT_ARTICLE:
        exact = trafilatura_lines(markup, short_page_config())
        if exact and same_prose(raw, exact):
            lines = exact  # the same text, without the chrome the fallback took along
        elif not raw or is_whole_page_blob(raw):
            if sentence_count(block) >= sentence_count(without_chrome(exact)):
                return block
            lines = raw or exact
    lines = without_chrome(lines)
    if sentence_count(block) >= LOST_BODY_RATIO * sentence_count(lines) + LOST_BODY_MIN:
        return block  # most of the body lost (a block with comments below holds only twice as many)
    if is_whole_page_blob(lines) and sentence_count(block) >= sentence_count(lines) > 0:
        return block  # trafilatura's fallback: the whole page as one run of text
    return lines


def is_whole_page_blob(lines: list[str]) -> bool:
    total = sum(len(line) for line in lines)
    return total > 0 and max(len(line) for line in lines) > BLOB_SHARE * total


BLOB_SHARE = 0.6


LOST_BODY_RATIO = 3
LOST_BODY_MIN = 2
SENTENCE_MARK = re.compile(r"[。！？!?；]")


def sentence_count(lines: list[str]) -> int:
    """Sentences of a reading (read without its chrome: a comment thread counts for nothing)."""
    return sum(len(SENTENCE_MARK.findall(line)) for line in lines)


def same_prose(lines: list[str], exact: list[str]) -> bool:
    """Every sentence-bearing line of one reading is in the other, or holds part of it."""
    kept = [re.sub(r"\s+", "", line) for line in exact]
    joined = "".join(kept)
    for line in lines:
        flat = re.sub(r"\s+", "", line)
        if "。" in flat and flat not in joined and not any(k in flat for k in kept):
            return False
    return True


SHORT_ARTICLE = 250  # trafilatura's MIN_EXTRACTED_SIZE


def trafilatura_lines(markup: str, config) -> list[str]:
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        markup,
        config=config or default_config(),
        output_format="xml",
        include_links=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    main = root.find("main")
    if main is None:
        return []
    lines: list[str] = []
    for block in main.iter("head", "p", "item", "quote", "row", "code"):
        if block.getparent() is not None and block.getparent().tag in ("p", "item", "quote", "cell"):
            continue  # nested: read with its parent
        lines.extend(block_text(block))
    return lines


@cache
def default_config():
    """No timeout: trafilatura's uses signals, which only the main thread has."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


@cache
def short_page_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return config


def block_text(block) -> list[str]:
    """One block's lines (<lb/> breaks them); none if it is mostly link text."""
    if mostly_links(block):
        return []
    if block.tag == "row":
        return row_lines(block)
    return broken_lines(block)


def mostly_links(block) -> bool:
    text = "".join(block.itertext()).strip()
    link_text = sum(len("".join(r.itertext()).strip()) for r in block.iter("ref"))
    return bool(text) and link_text > LINK_DENSITY * len(text)


def broken_lines(block) -> list[str]:
    """The block's text cut at <lb/> and at the blocks nested in it (a layout cell's <p>s)."""
    parts = [block.text or ""]
    for child in block:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in NESTED_BLOCKS:
            parts.append("\n" + "\n".join(broken_lines(child)) + "\n")
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


NESTED_BLOCKS = ("p", "head", "list", "item", "quote", "table", "row", "cell")


def row_lines(row) -> list[str]:
    """A data row is one line, its cells side by side; a layout row's cell holding
    paragraphs (a government page set in tables) gives a line per paragraph."""
    cells = [broken_lines(cell) for cell in row.iter("cell") if not mostly_links(cell)]
    cells = [c for c in cells if c]
    if len(cells) == 1 or any(len(c) > 1 for c in cells):
        return [line for cell in cells for line in cell]
    return [" ".join(c[0] for c in cells)] if cells else []


MENU_ITEM_MAX = 8  # characters of a menu entry ("推荐", "热点新闻", "免注册 快速登录")
MENU_RUN = 3


def without_menus(lines: list[str]) -> list[str]:
    """Drop runs of three or more very short lines without sentence punctuation:
    channel menus and login boxes the article block took along."""
    out: list[str] = []
    run: list[str] = []
    for line in [*lines, "。"]:  # the sentinel closes the last run
        if len(line) <= MENU_ITEM_MAX and not re.search(r"[。！？!?]", line):
            run.append(line)
            continue
        if len(run) < MENU_RUN:
            out.extend(run)
        run = []
        out.append(line)
    return out[:-1]


# --- pages nested too deep for a tree --------------------------------------------------

SKIPPED = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
BREAK = re.compile(
    r"<(?:br|/?(?:p|div|section|article|h[1-6]|li|tr|td|th|dd|dt|blockquote|pre|table|ul|ol))\b[^>]*>",
    re.I,
)
ANY_TAG = re.compile(r"<[^>]*>")


def flat_lines(markup: str) -> list[str]:
    """Text of a page by regex passes alone: each block tag breaks a line."""
    text = ANY_TAG.sub("", BREAK.sub("\n", SKIPPED.sub("", markup)))
    lines = (" ".join(html_lib.unescape(line).split()) for line in text.split("\n"))
    return without_chrome([line for line in lines if line])
