"""A web page's title, date, byline and description, as its reader sees them.

- Title: the heading (<h1>–<h3>, or an element whose class or id says title)
  that matches the page's <title> or og:title; else og:title or the <title>
  with the site name cut off ("标题_网站名", "标题 - 网站名", "标题-频道-某某网").
  A section name or a photo caption is no title: it does not match <title>.
- Date: the publication date in the meta tags, a <time datetime>, or the
  date on the line beside the title ("时间：2019年10月31日", "发布时间",
  a <span> under the heading); htmldate's reading of the page structure
  last. A date inside the body is never taken when the page shows its own.
"""

from __future__ import annotations

import re

TITLE_MAX = 120
BESIDE_TITLE_CHARS = 300  # how much text after the title heading is its date line
DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:release_date",
    "PubDate",
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "firstpublishedtime",
    "date",
    "dc.date",
    "DC.date.issued",
)
TITLE_META = ("og:title", "twitter:title", "ArticleTitle", "title")
SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–—－]+\s+")
SITE_WORD = re.compile(r"(网|网站|频道|新闻|门户|平台|在线|报|官网|中心|政府)$|[A-Za-z]$")
DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
)
TITLE_CLASS = re.compile(r"title|headline|biaoti|bt\b", re.IGNORECASE)
INVISIBLE = ("script", "style", "noscript", "template", "head", "title")


def page_meta(tree) -> dict:
    meta: dict = {}
    title, heading = choose_title(tree)
    if title:
        meta["title"] = title
    date = meta_date(tree) or (heading is not None and date_beside(heading)) or structural_date(tree)
    if date:
        meta["date"] = date
    byline = first_meta(tree, "author", "article:author", "byline", "dc.creator")
    if byline:
        meta["byline"] = byline
    description = first_meta(tree, "og:description", "description")
    if description:
        meta["description"] = description
    return meta


def first_meta(tree, *names: str) -> str | None:
    wanted = {n.lower() for n in names}
    found: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = " ".join((tag.get("content") or "").split())
        if key in wanted and content and key not in found:
            found[key] = content
    return next((found[n.lower()] for n in names if n.lower() in found), None)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


# --- title -------------------------------------------------------------------------


def choose_title(tree) -> tuple[str | None, object | None]:
    """The title and the element showing it on the page (None if none does)."""
    page_title = " ".join((tree.findtext(".//title") or "").split())
    meta_title = first_meta(tree, *TITLE_META)
    references = [flat(t) for t in (page_title, meta_title) if t]
    best = None
    for element, text in headings(tree):
        key = flat(text)
        if len(key) >= 4 and any(key == r or key in r for r in references):
            if best is None or len(key) > len(flat(best[1])):
                best = (element, text)
    if best is not None:
        return best[1], best[0]
    if meta_title:
        title = without_site(meta_title)
    elif page_title:
        title = without_site(page_title)
    else:
        first = next(iter(headings(tree)), None)
        return (first[1], first[0]) if first else (None, None)
    return title, find_heading(tree, title)


def headings(tree):
    """Candidate title elements in document order, with their visible text."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in INVISIBLE:
            continue
        is_heading = element.tag in ("h1", "h2", "h3")
        if not is_heading:
            marks = f"{element.get('class') or ''} {element.get('id') or ''}"
            is_heading = bool(TITLE_CLASS.search(marks)) and element.tag not in ("html", "body")
        if is_heading:
            text = " ".join(element.text_content().split())
            if 0 < len(text) <= TITLE_MAX:
                yield element, text


def find_heading(tree, title: str):
    key = flat(title)
    return next((e for e, text in headings(tree) if flat(text) == key), None)


def without_site(title: str) -> str:
    """ "标题_网站名" → "标题": the first part of a <title> split at its separators,
    and "标题-频道-某某网" cut where the trailing parts name a site."""
    parts = [p for p in SEPARATORS.split(title) if p]
    head = parts[0] if parts and len(flat(parts[0])) >= 4 else title
    pieces = head.split("-")
    while len(pieces) > 1 and SITE_WORD.search(pieces[-1].strip()) and len(pieces[-1]) <= 12:
        pieces.pop()
    return "-".join(pieces).strip()


# --- date --------------------------------------------------------------------------


def iso_date(value: str) -> str | None:
    match = DATE.search(value or "")
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or match.group(4))
    day = int(match.group(3) or match.group(5))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def meta_date(tree) -> str | None:
    value = first_meta(tree, *DATE_META)
    if value and iso_date(value):
        return iso_date(value)
    for tag in tree.iter("time"):
        value = iso_date(tag.get("datetime") or "") or iso_date(tag.text_content())
        if value:
            return value
    return None


def date_beside(heading) -> str | None:
    """The first date in the text that follows the title heading on the page."""
    texts = heading.getroottree().xpath(
        "//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::title)]"
    )
    inside = [i for i, t in enumerate(texts) if within(t, heading)]
    if not inside:
        return None
    following, size = [], 0
    for text in texts[inside[-1] + 1 :]:
        following.append(str(text))
        size += len(text.strip())
        if size >= BESIDE_TITLE_CHARS:
            break
    return iso_date(" ".join(following)[: BESIDE_TITLE_CHARS + 40])


def within(text, element) -> bool:
    """Is this text node part of `element` (its text, or a descendant's text or tail)?"""
    owner = text.getparent()
    if text.is_tail:
        if owner is element:
            return False
        owner = owner.getparent()
    while owner is not None:
        if owner is element:
            return True
        owner = owner.getparent()
    return False


def structural_date(tree) -> str | None:
    """htmldate's reading of the page (URL, structure), without its body-wide search."""
    try:
        from htmldate import find_date

        found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is the last opinion; its failure is no error
        return None
    return found or None
