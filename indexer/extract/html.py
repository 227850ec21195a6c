"""Web pages (.html): the article only — title, byline, date, body paragraphs.

Navigation, ads, related links, scripts, styles and footers are dropped. The
article is the <article>/<main> element when the page has one, otherwise the
container holding the most paragraph text (a small readability heuristic).
"""

from __future__ import annotations

import re

from indexer.extract.errors import ExtractError, FormatResult
from indexer.extract.text import decode_or_none
from indexer.records import Page

NAME = "网页（html）"
EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
MIME_TYPES = ("text/html", "application/xhtml+xml")

MAX_DEPTH = 20_000  # real pages nest ~20–60 levels; far deeper is hostile (parsing cost grows)
HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "svg",
    "canvas",
    "object",
    "embed",
    "link",
    "meta",
    "input",
)
# Class/id words that mark page chrome rather than the article.
CHROME = re.compile(
    r"(^|[\s_\-])(nav|navbar|menu|breadcrumbs?|crumb|sidebar|side|footer|foot|header-nav|topbar|"
    r"ad|ads|advert|advertisement|banner|sponsor|promo|related|recommend|share|social|comment|"
    r"comments|copyright|login|search|pager|pagination|toolbar|hot|rank|tags?)([\s_\-]|$)",
    re.IGNORECASE,
)
BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "header",
    "table",
    "ul",
    "ol",
    "center",
)
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
    from bs4 import BeautifulSoup

    check_depth(path, data)
    markup = decode_html(path, data)
    soup = BeautifulSoup(markup, "html.parser")
    meta = page_meta(soup)
    body = article_element(soup)
    if body is None:
        raise ExtractError(path, "网页中没有正文（no article text）")
    paragraphs = block_lines(body)
    title = meta.get("title")
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs = [title] + [p for p in paragraphs if p != title]
    if not any(paragraphs):
        raise ExtractError(path, "网页中没有正文（no article text）")
    return FormatResult(
        format="html", pages=[Page(number=1, text="\n".join(paragraphs), method="html")], meta=meta
    )


def check_depth(path, data: bytes) -> None:
    """Refuse absurd nesting before parsing: a cheap tag scan, no recursion."""
    depth = deepest = 0
    for closing, name, self_closing in TAG.findall(data):
        if name.lower().decode() in VOID_TAGS or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise ExtractError(path, f"网页结构嵌套过深（超过 {MAX_DEPTH} 层），无法解析")


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


# --- metadata -----------------------------------------------------------------


def page_meta(soup) -> dict:
    meta = {}
    title = first_meta(soup, "og:title", "twitter:title", "ArticleTitle", "title") or heading_title(soup)
    if title:
        meta["title"] = title
    date = first_meta(
        soup,
        "article:published_time",
        "og:published_time",
        "PubDate",
        "pubdate",
        "publishdate",
        "publish_date",
        "date",
        "dc.date",
        "DC.date.issued",
    )
    time_tag = soup.find("time", attrs={"datetime": True})
    date = date or (time_tag["datetime"].strip() if time_tag else None)
    if date:
        meta["date"] = iso_date(date)
    byline = first_meta(soup, "author", "article:author", "byline", "dc.creator")
    if byline:
        meta["byline"] = byline
    description = first_meta(soup, "og:description", "description")
    if description:
        meta["description"] = description
    return meta


def first_meta(soup, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            tag = soup.find("meta", attrs={attr: re.compile(rf"^{re.escape(name)}$", re.IGNORECASE)})
            if tag and tag.get("content", "").strip():
                return " ".join(tag["content"].split())
    return None


def heading_title(soup) -> str | None:
    for tag in (soup.find("h1"), soup.title):
        if tag and tag.get_text(strip=True):
            return " ".join(tag.get_text(" ", strip=True).split())
    return None


def iso_date(value: str) -> str:
    match = re.search(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", value)
    if not match:
        return value
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- the article --------------------------------------------------------------


def article_element(soup):
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(is_chrome):
        if not tag.decomposed:
            tag.decompose()
    for header in soup.find_all("header"):
        if not header.decomposed and header.find_parent(["article", "main"]) is None:
            header.decompose()  # the site's banner; an article's own <header> holds its title
    for candidate in (soup.find("article"), soup.find(attrs={"role": "main"}), soup.find("main")):
        if candidate is not None and len(candidate.get_text(strip=True)) >= 20:
            return candidate
    return densest_container(soup)


def is_chrome(tag) -> bool:
    if tag.name in ("html", "body", "article", "main") or tag.attrs is None:
        return False
    words = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    if not words.strip() or not CHROME.search(words):
        return False
    return tag.find(["article", "main"]) is None  # never drop a wrapper of the article


def densest_container(soup):
    """The element whose own <p> children hold the most text."""
    best, best_score = None, 0
    for container in soup.find_all(["div", "section", "td", "body", "center"]):
        score = sum(len(p.get_text(strip=True)) for p in container.find_all("p", recursive=False))
        if score > best_score:
            best, best_score = container, score
    if best is not None:
        return best
    body = soup.body or soup
    return body if body.get_text(strip=True) else None


def block_lines(element) -> list[str]:
    """Text of the element, one line per block element and <br>."""
    for br in element.find_all("br"):
        br.replace_with("\n")
    for block in element.find_all(BLOCK_TAGS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in element.get_text().split("\n"))
    return [line for line in lines if line]
