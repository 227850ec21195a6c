"""Links that change one thing of the current query string (add or drop a filter, change page or sort)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import bottle

from search_app.facets import FACETS
from search_app.web.params import MAX_VALUE_CHARS

PUBLIC_URL_VARIABLE = "JIANBAO_PUBLIC_URL"

# Parameters of the original page itself, never carried further.
ORIGINAL_PARAMS = {"p", "s", "jump"}
# Changing what is searched for starts again at page 1.
RESETS_PAGE = {"q", *FACETS, "from", "to", "sort", "size"}


class QueryString:
    """An ordered multi-valued copy of the request's parameters, for building links."""

    def __init__(self, pairs: list[tuple[str, str]], path: str = "/"):
        self.pairs = [(k, v) for k, v in pairs if v != "" and k != "format"]
        self.path = path

    @classmethod
    def of(cls, query, path: str = "/") -> QueryString:
        return cls([(k, v) for k, v in query.allitems()], path)

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.pairs if k == name]

    def has(self, name: str, value: str) -> bool:
        return (name, value) in self.pairs

    def _url(self, pairs: list[tuple[str, str]]) -> str:
        return self.path + ("?" + urlencode(pairs) if pairs else "")

    def _changed(self, pairs, names) -> list[tuple[str, str]]:
        if names & RESETS_PAGE:
            pairs = [(k, v) for k, v in pairs if k != "page"]
        return pairs

    def adding(self, name: str, value: str) -> str:
        if self.has(name, value):
            return self.url()
        return self._url(self._changed(self.pairs + [(name, value)], {name}))

    def dropping(self, name: str, value: str | None = None) -> str:
        kept = [(k, v) for k, v in self.pairs if not (k == name and (value is None or v == value))]
        return self._url(self._changed(kept, {name}))

    def dropping_all(self, names) -> str:
        kept = [(k, v) for k, v in self.pairs if k not in names]
        return self._url(self._changed(kept, set(names)))

    def setting(self, name: str, value) -> str:
        kept = [(k, v) for k, v in self.pairs if k != name]
        if value not in (None, ""):
            kept.append((name, str(value)))
        return self._url(self._changed(kept, {name}))

    def toggling(self, name: str, value: str) -> str:
        return self.dropping(name, value) if self.has(name, value) else self.adding(name, value)

    def as_file(self, format: str) -> str:
        """This list as a file (csv, xlsx, docx): every row under these parameters, not only this page."""
        return self._url(self.pairs + [("format", format)])

    def at(self, path: str, *drop: str) -> str:
        """The same parameters on another path (the API twin of a page, a feed, an article)."""
        return QueryString([(k, v) for k, v in self.pairs if k not in drop], path).url()

    def article(self, article_id: str) -> str:
        """An article link that carries the whole search, so that its back link returns to it."""
        return QueryString(self._carried(), "/article/" + quote(article_id, safe="")).url()

    def original(self, article_id: str, page=None, sentence: str | None = None) -> str:
        """The original page (p=) of an article's source, carrying the search like article() does. A
        sentence longer than a parameter may be is cut: its start is what the page marks (and finds)."""
        pairs = [(k, v) for k, v in self._carried() if k not in ORIGINAL_PARAMS]
        sentence = sentence.strip()[:MAX_VALUE_CHARS] if sentence else sentence
        pairs += [(k, str(v)) for k, v in (("p", page), ("s", sentence)) if v not in (None, "")]
        return QueryString(pairs, "/original/" + quote(article_id, safe="")).url()

    def _carried(self) -> list[tuple[str, str]]:
        """These parameters plus where they came from (back=), unless that is the search page."""
        pairs = [(k, v) for k, v in self.pairs if k != "back" or self.path in ("/", "")]
        if self.path not in ("/", ""):
            pairs.append(("back", self.path))
        return pairs

    def url(self) -> str:
        return self._url(self.pairs)


def article_url(article_id: str, query: str = "") -> str:
    base = "/article/" + quote(article_id, safe="")
    return base + ("?" + urlencode({"q": query}) if query else "")


def source_url(article_id: str) -> str:
    return "/source/" + quote(article_id, safe="")


def unit_url(name: str) -> str:
    return "/units/" + quote(name, safe="")


def search_url(path: str = "/", **params) -> str:
    """A link with the given parameters (empty ones left out): search_url(q="创城"), search_url("/statements", unit=…)."""
    pairs = [(k, v) for k, v in params.items() if v not in (None, "")]
    return path + ("?" + urlencode(pairs) if pairs else "")


def configured_base() -> str:
    """JIANBAO_PUBLIC_URL without its last slash; empty when it is not set."""
    return os.environ.get(PUBLIC_URL_VARIABLE, "").strip().rstrip("/")


def public_base(environ: dict) -> str:
    """Where absolute links (feeds, exports) point: JIANBAO_PUBLIC_URL when set (the name users reach, behind
    nginx), else the address this server listens on. Never the request's Host or X-Forwarded-Host, which
    any client writes."""
    configured = configured_base()
    if configured:
        return configured
    scheme = "https" if environ.get("wsgi.url_scheme") == "https" else "http"
    host = environ.get("SERVER_NAME") or "localhost"
    port = str(environ.get("SERVER_PORT") or "")
    host = f"[{host}]" if ":" in host else host
    default = {"http": "80", "https": "443"}[scheme]
    return f"{scheme}://{host}" + ("" if port in ("", default) else f":{port}")


@dataclass(frozen=True)
class ExportLinks:
    """The links an exported list holds (search_app.exports.Links): the article, and its original page with
    the statement's sentence, else the search's words, marked; each on ``base`` (public_base, or empty for
    links relative to the site)."""

    base: str = ""

    def article(self, article_id: str) -> str:
        return self.base + article_url(article_id)

    def original(self, article_id: str, page=None, sentence: str | None = None, query: str = "") -> str:
        searched = [("q", query.strip())] if query.strip() and not sentence else []
        return self.base + QueryString(searched).original(article_id, page, sentence)


def viewer_links() -> ExportLinks:
    """The links of a list the current request exports: on the site's public address (public_base)."""
    return ExportLinks(public_base(bottle.request.environ))
