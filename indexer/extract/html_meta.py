"""A web page's title, date, byline and description, as its reader sees them.

- Title: the heading (<h1>–<h3>, or an element whose class or id says title)
  that the page's own metadata names (ArticleTitle, og:title, <title>),
  compared without spaces and punctuation ("——" in the heading, "-" in the
  <title>). Without such a heading: the ArticleTitle or og:title, else the
  <title> less its site and channel names — the trailing parts that name a
  site ("…网", "…频道") or that the page shows elsewhere as a link, a
  breadcrumb or its footer ("标题-纪检" where 纪检 is a menu entry). A
  section name, a breadcrumb or a photo caption is no title: none matches the
  page's metadata, and a caption (in a figure, beside a picture) is never
  taken even when nothing else is found.
- Date: what the page shows as its own first — a labelled publication line
  (发布日期 / 发稿时间 / 发文日期 / 生成日期 / 时间：…) nearest the title, then
  the date on the line beside the title; then the meta tags and <time>;
  htmldate's reading of the page structure last. Today's date in a header
  ("今天是2023年10月20日 星期五") is nobody's publication date, and a date
  inside the body is never taken when the page shows its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

TITLE_MAX = 120
BESIDE_TITLE_CHARS = 300  # how much text after the title heading is its date line
LABEL_BEFORE_TITLE_CHARS = 2000  # a 政务公开 table of 索引号/发文日期 stands above the title
LABEL_AFTER_TITLE_CHARS = 600
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
TITLE_META = ("ArticleTitle", "og:title", "twitter:title", "title")
STRONG_SEPARATORS = re.compile(r"\s*[_|｜]\s*")
SEPARATORS = re.compile(r"\s*[-–—－]+\s+|\s+[-–—－]+\s*|[-－]+")
SITE_WORD = re.compile(r"(网|网站|频道|新闻|门户|平台|在线|报|官网|中心|政府|首页)$|[A-Za-z.]$")
SITE_PART_MAX = 16  # characters of a site or channel name after the title
DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
)
# A labelled publication line: "发布日期：2019-09-23", "发稿时间：…", "[时间：…]". The document's
# own date (成文/发文/印发) ranks before the page's (发布/发稿/…), which ranks before the day the
# page was made or changed (生成/更新/录入).
# A label stands on its own: "会议时间：" in a notice's body names no publication.
DATE_LABEL = re.compile(
    r"(?:^|[^\u4e00-\u9fff])(?:(成文|发文|印发|签发)|(生成|更新|修改|上传|录入)|发布|发稿|公开|公布|发表|信息|稿件)?"
    r"(?:日期|时间)\s*[：:]\s*[\[【（(]?\s*$"
)
TODAY = re.compile(r"^\s*(?:[（(]?\s*)?(?:星期|周|礼拜)[一二三四五六日天]|今天|今日")
TODAY_BEFORE = re.compile(r"(?:今天是|今日是|今天|当前日期|当前时间)\s*[：:]?\s*$")
TITLE_CLASS = re.compile(
    r"title|headline|biaoti|\bbt\b|\bbt[_-]|\btit\b|\btit[_-]|[_-]tit\b|\bh1\b", re.IGNORECASE
)
CAPTION_MARK = re.compile(r"pic|img|image|photo|caption|figure|slide|focus|tupian|video", re.IGNORECASE)
CAPTION_BOX_TEXT = 20  # characters beside a caption in its picture box
INVISIBLE = ("script", "style", "noscript", "template", "head", "title")
PUNCT = re.compile(r"[\W_]+")


def page_meta(tree) -> dict:
    meta: dict = {}
    text = VisibleText.of(tree)
    title, heading = choose_title(tree, text)
    if title:
        meta["title"] = title
    date = shown_date(text, heading) or meta_date(tree) or structural_date(tree)
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


def bare(text: str) -> str:
    """The spelling titles are compared in: no spaces, no punctuation, NFKC."""
    return PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


# --- the visible text ------------------------------------------------------------------


@dataclass
class VisibleText:
    """The page's visible text nodes in order, each with its offset in their concatenation."""

    nodes: list
    starts: list[int]
    joined: str

    @classmethod
    def of(cls, tree) -> VisibleText:
        nodes = tree.xpath(
            "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
            " and not(ancestor::template)]"
        )
        starts, parts, offset = [], [], 0
        for node in nodes:
            starts.append(offset)
            parts.append(str(node))
            offset += len(node) + 1
        return cls(nodes, starts, "\n".join(parts))

    def span_of(self, element) -> tuple[int, int] | None:
        """Where an element's text lies in the joined text."""
        family = set(element.iter())
        inside = [i for i, node in enumerate(self.nodes) if text_owner(node) in family]
        if not inside:
            return None
        last = inside[-1]
        return self.starts[inside[0]], self.starts[last] + len(self.nodes[last])

    @cached_property
    def shown_lines(self) -> set[str]:
        """Every line of the page's text, compared as titles are."""
        return {bare(line) for line in self.joined.split("\n") if len(line.strip()) >= 4}

    def outside(self, span: tuple[int, int] | None) -> str:
        if span is None:
            return self.joined
        return self.joined[: span[0]] + "\n" + self.joined[span[1] :]


# --- title -------------------------------------------------------------------------


def choose_title(tree, text: VisibleText | None = None) -> tuple[str | None, object | None]:
    """The title and the element showing it on the page (None if none does)."""
    text = text or VisibleText.of(tree)
    page_title = " ".join((tree.findtext(".//title") or "").split())
    meta_title = first_meta(tree, *TITLE_META)
    named = named_heading(tree, [t for t in (meta_title, page_title) if t], text)
    if named is not None:
        return named[1], named[0]
    declared = first_meta(tree, "ArticleTitle", "og:title", "twitter:title")
    title = without_site(declared or page_title, text) if (declared or page_title) else None
    if title and not is_site_name(title):
        return title, find_heading(tree, title)
    shown = structural_heading(tree)
    if shown is not None:
        return shown[1], shown[0]
    return title, None


def named_heading(tree, references: list[str], text: VisibleText):
    """The longest heading that the page's metadata names: it equals the title, or is
    most of it (a section heading inside "标题_新闻中心_某某网" is no title)."""
    wanted = [(bare(r), bare(without_site(r, text))) for r in references]
    best = None
    for element, shown in headings(tree):
        key = bare(shown)
        if len(key) < 4 or is_caption(element) or is_site_name(shown):
            continue
        if any(
            key == whole or (key in whole and len(key) >= NAMED_SHARE * len(main)) for whole, main in wanted
        ):
            if best is None or len(key) > len(bare(best[1])):
                best = (element, shown)
    return best


NAMED_SHARE = 0.6
HEADING_RANK = {"h1": 0, "h2": 1, "h3": 2}


def structural_heading(tree):
    """No usable metadata: the page's highest heading that is neither a caption, a link,
    nor a site's name (an <h1> before an <h2>, the first of a rank)."""
    candidates = [
        (HEADING_RANK.get(element.tag, 3), n, element, shown)
        for n, (element, shown) in enumerate(headings(tree))
        if len(bare(shown)) >= 4
        and not is_caption(element)
        and not is_site_name(shown)
        and element.getparent() is not None
        and not any(a.tag == "a" for a in element.iterancestors())
        and element.find(".//a") is None
    ]
    if not candidates:
        return None
    _, _, element, shown = min(candidates, key=lambda c: (c[0], c[1]))
    return element, shown


def is_site_name(title: str) -> bool:
    """ "某某市人民政府门户网站", "某某新闻网": a <title> or heading that names only the site."""
    key = flat(title)
    return len(key) <= SITE_NAME_MAX and bool(SITE_NAME.search(key))


SITE_NAME = re.compile(r"(?:网|网站|官网|频道|在线|之窗|门户)$|[A-Za-z]{2,}$")
SITE_NAME_MAX = 14


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


def is_caption(element) -> bool:
    """A photo's caption: in a figure, marked as a picture's, or beside a picture."""
    node = element
    for _ in range(4):
        if node is None:
            break
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag in ("figure", "figcaption") or CAPTION_MARK.search(marks):
            return True
        node = node.getparent()
    parent = element.getparent()
    if parent is None or parent.find(".//img") is None:
        return False
    # a picture box holds the picture and its caption, not an article's paragraphs
    around = len(flat(parent.text_content())) - len(flat(element.text_content()))
    return around < CAPTION_BOX_TEXT


def find_heading(tree, title: str):
    key = bare(title)
    return next((e for e, text in headings(tree) if bare(text) == key), None)


def without_site(title: str, page: VisibleText | str = "") -> str:
    """ "标题_网站名" → "标题": the first part of a <title> split at "_" or "|", then
    its trailing "-" parts dropped while they name a site or a channel — by their
    words, or because the page shows them elsewhere (a menu entry, a breadcrumb, the
    footer): "标题-纪检" where 纪检 is a menu entry."""
    strong = [p for p in STRONG_SEPARATORS.split(title) if p.strip()]
    head = strong[0].strip() if strong and len(flat(strong[0])) >= 4 else title.strip()
    parts = [p.strip() for p in SEPARATORS.split(head) if p.strip()]
    page_text = page if isinstance(page, str) else page.joined
    shown = set() if isinstance(page, str) else page.shown_lines
    for end in range(len(parts) - 1, 0, -1):
        kept = title_from_parts(head, parts[:end])
        if bare(kept) in shown:
            return kept  # the page shows this much of the <title> on a line of its own
    elsewhere = flat(page_text)
    while len(parts) > 1 and is_site_part(parts[-1], elsewhere) and len(flat(" ".join(parts[:-1]))) >= 4:
        parts.pop()
    return title_from_parts(head, parts) if parts else head


def is_site_part(part: str, elsewhere: str) -> bool:
    key = flat(part)
    if not key or len(key) > SITE_PART_MAX:
        return False
    return bool(SITE_WORD.search(key)) or key in elsewhere


def title_from_parts(title: str, parts: list[str]) -> str:
    """The kept parts as the <title> wrote them (its own separators between them)."""
    end = title.find(parts[-1]) + len(parts[-1])
    start = title.find(parts[0])
    return title[start:end].strip() if 0 <= start < end else parts[0]


# --- date --------------------------------------------------------------------------


def iso_date(value: str) -> str | None:
    match = DATE.search(value or "")
    return iso_of(match) if match else None


def iso_of(match: re.Match) -> str | None:
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


def shown_date(text: VisibleText, heading) -> str | None:
    """The date the page shows as its own: a labelled publication line nearest the
    title, else the first date on the lines after the title."""
    span = text.span_of(heading) if heading is not None else None
    labelled = labelled_dates(text.joined)
    if span is not None:
        near = [
            (rank, abs(offset - span[0]), value)
            for rank, offset, value in labelled
            if span[0] - LABEL_BEFORE_TITLE_CHARS <= offset <= span[1] + LABEL_AFTER_TITLE_CHARS
        ]
        if near:
            return min(near)[2]
        beside = date_beside(text, span)
        if beside:
            return beside
    return min(labelled)[2] if labelled and span is None else None


def labelled_dates(joined: str) -> list[tuple[int, int, str]]:
    """(rank, offset, ISO date) of each labelled date: rank 0 the document's own, 1 the
    page's publication, 2 the day the page was made or changed."""
    found = []
    for match in DATE.finditer(joined):
        value = iso_of(match)
        before = " ".join(joined[max(0, match.start() - 60) : match.start()].split())
        label = DATE_LABEL.search(before[-20:])  # table cells and lines stay apart by a space
        if value and label:
            rank = 0 if label.group(1) else (2 if label.group(2) else 1)
            found.append((rank, match.start(), value))
    return found


def date_beside(text: VisibleText, span: tuple[int, int]) -> str | None:
    """The first date in the text that follows the title heading, unless it is today's."""
    following = text.joined[span[1] : span[1] + BESIDE_TITLE_CHARS + 40]
    for match in DATE.finditer(following):
        before = following[max(0, match.start() - 8) : match.start()]
        if TODAY.match(following[match.end() :]) or TODAY_BEFORE.search(before):
            continue
        return iso_of(match)
    return None


def text_owner(text):
    """The element a text node is inside of (a tail lies in its element's parent)."""
    owner = text.getparent()
    return owner.getparent() if text.is_tail and owner is not None else owner


def structural_date(tree) -> str | None:
    """htmldate's reading of the page (URL, structure), without its body-wide search."""
    try:
        from htmldate import find_date

        found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is the last opinion; its failure is no error
        return None
    return found or None
