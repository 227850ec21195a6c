"""OFD (GB/T 33190), the national layout format of 公文 systems: a zip of XML parts.

The reader follows the package as the standard lays it out: OFD.xml names each
document's Document.xml (DocRoot); a Document lists its pages, page templates
and resource files (PublicRes, DocumentRes); a page draws its template(s) and
its own layers, whose TextObjects hold TextCodes. Text is taken in drawing
order, templates first (some producers keep all fixed wording there, one
character per object), composite objects resolved through the resources. Lines
are rebuilt from the positions: a TextCode on the same baseline to the right of
the last one continues its line. A page with no text but a picture is a scan and
goes to OCR.

Paths in the package are relative to the file that holds them, a leading "/"
meaning the package root; names are matched case-insensitively, as readers of
real files must. XML is parsed without entity expansion or network access, and
the zip is checked for bombs before anything is inflated.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from indexer.extract import bounds, zipsafe
from indexer.extract.errors import ExtractError, FormatResult
from indexer.records import Page

NAME = "OFD 版式文档"
EXTENSIONS = (".ofd",)
MIME_TYPES = ("application/ofd",)
KIND = "OFD 文件"
FAMILY = "layout"  # a PDF named .ofd is read as the PDF it is

MAX_DEPTH = 32  # nested blocks and composite objects; real files nest a few levels
MAX_PAGES = 10_000
SCAN_TEXT_LIMIT = 20  # a page picture with fewer characters than this drawn over it is a scan


def score(suffix: str, head: bytes, data: bytes) -> int:
    if not zipsafe.is_zip(head):
        return 0
    names = zipsafe.entry_names(data)
    if names is None:  # too many entries to list: let the extension decide, the bomb check refuses it
        return 50 if suffix in EXTENSIONS else 0
    return 100 if "ofd.xml" in {n.lower() for n in names} else 0


def extract_bytes(
    path, data: bytes, *, ocr: bool = True, ocr_cache: Path | None = None, **_options
) -> FormatResult:
    with zipsafe.open_checked(path, data, KIND) as archive:
        package = Package(path, archive)
        documents = package.documents()
        pages: list[Page] = []
        skipped: list[int] = []
        unreadable: list[str] = []
        sha = hashlib.sha256(data).hexdigest()
        meta: dict = {}
        scans = 0
        for info, document in documents:
            meta = meta or info
            for page_file, annotation_files in document.page_files():
                number = len(pages) + 1
                bounds.check_pages(path, number)
                drawn = document.read_page(page_file, annotation_files)
                if not drawn.is_scan():
                    pages.append(Page(number, drawn.text, "ofd"))
                elif not ocr:
                    pages.append(Page(number, "", "skipped"))
                    skipped.append(number)
                else:
                    scans += 1
                    bounds.check_ocr_pages(path, scans)
                    pages.append(ocr_page(path, package, drawn, number, sha, ocr_cache, unreadable))
    if not pages:
        raise ExtractError(path, "OFD 文件中没有页面（0 pages）")
    if unreadable and not any(page.text.strip() for page in pages):
        raise ExtractError(path, f"OFD 文件只有图片页，且图片无法识别：{unreadable[0]}")
    return FormatResult(format="ofd", pages=pages, ocr_skipped_pages=skipped, meta=meta)


def ocr_page(
    path, package: Package, drawn: Drawn, number: int, sha: str, cache: Path | None, unreadable: list[str]
) -> Page:
    from indexer.extract.image import ocr_image_bytes

    _, media = max(drawn.images)  # the largest picture on a scanned page is the scan
    try:
        result = ocr_image_bytes(path, package.read(media), number, sha, cache)
    except ExtractError as error:  # one undecodable picture (JBIG2, say) costs its page, not the file
        unreadable.append(error.reason)
        return Page(number, "", "ocr-failed")
    return Page(number, result.text, "ocr", result.confidence)


# --- the package ------------------------------------------------------------------------


def local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element, name: str):
    return [c for c in element if local(c) == name]


def child(element, name: str):
    return next((c for c in element if local(c) == name), None)


def child_text(element, name: str) -> str:
    found = child(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


class Package:
    def __init__(self, path, archive):
        self.path = path
        self.archive = archive
        self.entries = {i.filename.lower(): i for i in archive.infolist() if not i.is_dir()}
        self.parsed: dict[str, object] = {}

    def resolve(self, base_file: str, reference: str) -> str | None:
        """The entry a reference in base_file names: relative to its folder, "/" = package root."""
        reference = reference.strip().replace("\\", "/")
        if not reference:
            return None
        if reference.startswith("/"):
            candidates = [reference.lstrip("/")]
        else:  # relative as the standard says; some producers write root paths without the "/"
            candidates = [posixpath.join(posixpath.dirname(base_file), reference), reference]
        for candidate in candidates:
            name = posixpath.normpath(candidate).lstrip("/").lower()
            if name in self.entries:
                return self.entries[name].filename
        return None

    def read(self, name: str) -> bytes:
        return zipsafe.read_part(self.path, self.archive, self.entries[name.lower()], KIND)

    def xml(self, name: str):
        if name not in self.parsed:
            self.parsed[name] = parse_xml(self.path, name, self.read(name))
        return self.parsed[name]

    def documents(self) -> list[tuple[dict, Document]]:
        root_name = self.resolve("", "OFD.xml")
        if root_name is None:
            raise ExtractError(self.path, "OFD 文件缺少入口文件 OFD.xml，文件已损坏")
        root = self.xml(root_name)
        found = []
        for body in children(root, "DocBody"):
            target = self.resolve(root_name, child_text(body, "DocRoot"))
            if target is None:
                continue
            found.append((doc_info(child(body, "DocInfo")), Document(self, target)))
        if not found:
            raise ExtractError(self.path, "OFD.xml 中没有可读取的文档（DocRoot 缺失或指向不存在的文件）")
        return found


def parse_xml(path, name: str, data: bytes):
    from lxml import etree

    # No entity expansion, no DTD loading, no network: untrusted XML cannot grow or reach out.
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ExtractError(path, f"OFD 文件中的 {name} 不是有效的 XML（{error}）") from None
    if root is None:
        raise ExtractError(path, f"OFD 文件中的 {name} 为空")
    return root


def doc_info(info) -> dict:
    meta: dict[str, str] = {}
    if info is None:
        return meta
    title = child_text(info, "Title")
    if title:
        meta["title"] = title
    date = child_text(info, "CreationDate") or child_text(info, "ModDate")
    if date:
        meta["date"] = date[:10]
    return meta


# --- one document: pages, templates, resources -------------------------------------------


@dataclass
class Piece:
    text: str
    x: float
    y: float  # baseline, page units (mm), growing downwards
    size: float
    end: float = 0.0  # x where its last glyph's advance ends: where the next glyph of the same word starts


@dataclass
class Drawn:
    pieces: list[Piece] = field(default_factory=list)
    images: list[tuple[float, str]] = field(default_factory=list)  # (area, media entry)

    area: float = 0.0  # of the page, from its PhysicalBox (or the document's)

    @property
    def text(self) -> str:
        return lines_of(self.pieces)

    def is_scan(self) -> bool:
        """Little or no text over a picture that covers most of the page, as pdf.is_scan judges."""
        if not self.images or len(re.sub(r"\s+", "", self.text)) >= SCAN_TEXT_LIMIT:
            return False
        largest, _ = max(self.images)
        return not self.text.strip() or largest > 0.5 * self.area


class Document:
    def __init__(self, package: Package, name: str):
        self.package = package
        self.name = name
        self.root = package.xml(name)
        common = child(self.root, "CommonData")
        self.templates: dict[str, str] = {}
        self.resources: dict[str, tuple[object, str]] = {}  # ID → (element, the res file's base folder)
        if common is not None:
            for template in children(common, "TemplatePage"):
                target = package.resolve(name, template.get("BaseLoc", ""))
                if target:
                    self.templates[template.get("ID", "")] = target
            for kind in ("PublicRes", "DocumentRes"):
                for res in children(common, kind):
                    self.load_resources(name, res.text or "")
        self.template_cache: dict[str, Drawn] = {}
        self.default_area = box_area(child(common, "PageArea")) if common is not None else 0.0

    def page_annotations(self) -> dict[str, list[str]]:
        """Page ID → its annotation files (stamps, filled-in form values draw text there)."""
        found: dict[str, list[str]] = {}
        index = self.package.resolve(self.name, child_text(self.root, "Annotations"))
        if index is None:
            return found
        root = self.package.xml(index)
        for page in children(root, "Page"):
            target = self.package.resolve(index, child_text(page, "FileLoc"))
            if target:
                found.setdefault(page.get("PageID", ""), []).append(target)
        return found

    def page_files(self) -> list[tuple[str | None, list[str]]]:
        pages = child(self.root, "Pages")
        annotations = self.page_annotations()
        files = []
        for page in children(pages, "Page") if pages is not None else []:
            # A page whose file is missing stays an empty page, so later pages keep their numbers.
            target = self.package.resolve(self.name, page.get("BaseLoc", ""))
            files.append((target, annotations.get(page.get("ID", ""), [])))
        if len(files) > MAX_PAGES:
            raise ExtractError(self.package.path, f"OFD 文件共 {len(files)} 页，超过上限 {MAX_PAGES}")
        return files

    def load_resources(self, base_file: str, reference: str) -> None:
        target = self.package.resolve(base_file, reference)
        if target is None:
            return
        root = self.package.xml(target)
        base = root.get("BaseLoc", "")
        folder = posixpath.join(posixpath.dirname(target), base) if not base.startswith("/") else base
        for element in root.iter():
            if (
                isinstance(element.tag, str)
                and element.get("ID")
                and local(element)
                in (
                    "MultiMedia",
                    "CompositeGraphicUnit",
                )
            ):
                self.resources[element.get("ID")] = (element, folder + "/")

    def read_page(self, page_file: str | None, annotation_files: tuple[str, ...] | list[str] = ()) -> Drawn:
        if page_file is None:
            return Drawn()
        root = self.package.xml(page_file)
        for res in children(root, "PageRes"):
            self.load_resources(page_file, res.text or "")
        drawn = Drawn(area=box_area(child(root, "Area")) or self.default_area)
        templates = children(root, "Template")
        behind = [t for t in templates if t.get("ZOrder", "Background") != "Foreground"]
        for template in behind:
            self.add_template(drawn, template.get("TemplateID", ""))
        content = child(root, "Content")
        if content is not None:
            self.walk(content, drawn, depth=0)
        for template in templates:
            if template not in behind:
                self.add_template(drawn, template.get("TemplateID", ""))
        for name in annotation_files:
            for annot in self.package.xml(name).iter():
                if isinstance(annot.tag, str) and local(annot) == "Appearance":
                    self.walk(annot, drawn, depth=1)
        return drawn

    def add_template(self, drawn: Drawn, template_id: str) -> None:
        target = self.templates.get(template_id)
        if target is None:
            return
        if target not in self.template_cache:
            self.template_cache[target] = Drawn()  # placed first: a template naming itself adds nothing
            self.template_cache[target] = self.read_page(target)
        cached = self.template_cache[target]
        drawn.pieces.extend(cached.pieces)
        drawn.images.extend(cached.images)

    def walk(self, element, drawn: Drawn, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ExtractError(self.package.path, "OFD 页面内容嵌套过深，无法解析")
        for item in element:
            name = local(item)
            if name == "TextObject":
                drawn.pieces.extend(text_pieces(item))
            elif name == "ImageObject":
                self.add_image(item, drawn)
            elif name == "CompositeObject":
                unit = self.resources.get(item.get("ResourceID", ""))
                if unit is not None and local(unit[0]) == "CompositeGraphicUnit":
                    body = child(unit[0], "Content")
                    if body is not None:
                        self.walk(body, drawn, depth + 1)
            elif name in ("Layer", "PageBlock"):
                self.walk(item, drawn, depth + 1)

    def add_image(self, item, drawn: Drawn) -> None:
        resource = self.resources.get(item.get("ResourceID", ""))
        if resource is None:
            return
        element, folder = resource
        media = self.package.resolve(folder, child_text(element, "MediaFile"))
        if media is None:
            return
        box = numbers(item.get("Boundary", ""))
        area = box[2] * box[3] if len(box) == 4 else 0.0
        drawn.images.append((area, media))


# --- text objects and lines -----------------------------------------------------------------


def numbers(value: str) -> list[float]:
    try:
        return [float(v) for v in value.split()]
    except ValueError:
        return []


def text_pieces(item) -> list[Piece]:
    box = numbers(item.get("Boundary", "")) or [0.0, 0.0, 0.0, 0.0]
    ctm = numbers(item.get("CTM", ""))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    font_size = (numbers(item.get("Size", "")) or [3.5])[0]
    size = font_size * (abs(d) or 1.0)
    scale = (numbers(item.get("HScale", "")) or [1.0])[0]
    pieces = []
    for code in children(item, "TextCode"):
        text = code_text(code)
        if not text:
            continue
        x, y = (numbers(code.get("X", "0")) or [0.0])[0], (numbers(code.get("Y", "0")) or [0.0])[0]
        width = advance(text, deltas(code.get("DeltaX", "")), font_size * scale)
        left = box[0] + a * x + c * y + e
        pieces.append(Piece(text, left, box[1] + b * x + d * y + f, size, left + a * width))
    return pieces


def deltas(value: str) -> list[float]:
    """A TextCode's DeltaX: the step from each glyph to the next, "g N step" standing for N equal steps."""
    tokens = value.split()
    steps: list[float] = []
    i = 0
    try:
        while i < len(tokens):
            if tokens[i] == "g" and i + 2 < len(tokens):
                steps.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), MAX_GLYPHS))
                i += 3
            else:
                steps.append(float(tokens[i]))
                i += 1
    except ValueError:
        return []
    return steps


MAX_GLYPHS = 100_000


def advance(text: str, steps: list[float], size: float) -> float:
    """How far a TextCode's glyphs reach from its X: its steps where given, else each glyph's usual
    width (a CJK glyph is square, Latin letters and digits about half as wide)."""
    width = 0.0
    for n, char in enumerate(text):
        width += steps[n] if n < len(steps) else (size if wide(char) else 0.5 * size)
    return width


def box_area(area) -> float:
    box = numbers(child_text(area, "PhysicalBox")) if area is not None else []
    return box[2] * box[3] if len(box) == 4 else 0.0


def code_text(code) -> str:
    """A TextCode's characters; entity references, left unexpanded by the parser, are dropped."""
    from lxml import etree

    parts = [code.text or ""]
    for node in code:
        if not isinstance(node, etree._Entity):
            parts.append("".join(node.itertext()))
        parts.append(node.tail or "")
    return "".join(parts)


WORD_GAP = 0.2  # of the type size: a narrower gap between two pieces is glyph spacing inside a word


def wide(char: str) -> bool:
    """A CJK character or full-width sign: no space is written next to one (letter-spaced headers
    stay "聊城市文明办")."""
    return ord(char) > 0x2E7F


def lines_of(pieces: list[Piece]) -> str:
    """Join pieces that sit on one baseline left to right; start a new line otherwise. Producers
    split a line into pieces anywhere (per glyph, per font: "202" + "3年"), so two pieces are
    one word unless the space between them is wider than glyph spacing; then a space parts
    Latin letters and digits (table cells, words), never a CJK character (clean would drop it)."""
    lines: list[str] = []
    previous: Piece | None = None
    for piece in pieces:
        same_line = (
            previous is not None
            and abs(piece.y - previous.y) < 0.5 * max(piece.size, previous.size, 0.1)
            and piece.x >= previous.x
        )
        if same_line and lines and previous is not None:
            gap = piece.x - max(previous.end, previous.x)
            apart = gap > WORD_GAP * max(piece.size, previous.size) and not (
                wide(lines[-1][-1]) or wide(piece.text[0])
            )
            lines[-1] += (" " if apart else "") + piece.text
        else:
            lines.append(piece.text)
        previous = piece
    return "\n".join(line for line in lines if line.strip())
