"""``ArticlePage``: a response in, an ``Article`` out; what every CMS's page object shares.

Page objects recover structure (which text is the title, which blocks are body paragraphs, what is
boilerplate); they do not clean characters, ``NormalizePersianPipeline`` does that for every item.
A field absent on the page is ``None`` (or an empty list); what is *required* is the validation
pipeline's decision. Before any field is read, a page says what kind of page it is
(:class:`PageKind`): only an ``ARTICLE`` is turned into a record.

The page is the tree Scrapy's ``response.selector`` holds (parsel's lxml tree); selectors are CSS
strings, translated by parsel's HTML translator and compiled by lxml once per process.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast
from urllib.parse import urldefrag, urlsplit

from cssselect import SelectorSyntaxError
from lxml import etree
from parsel.csstranslator import HTMLTranslator
from w3lib.url import safe_url_string

from newscrawl.items import Article, Image
from newscrawl.text.blocks import element_text

if TYPE_CHECKING:
    from lxml.etree import _Element
    from scrapy.http import TextResponse

_TRANSLATOR = HTMLTranslator()


class PageKind(enum.Enum):
    """What a fetched page is, as its CMS recognises it."""

    ARTICLE = "article"
    """A page in one of the CMS's article layouts: read into a record."""

    NOT_FOUND = "not_found"
    """The CMS's "no such article" page served with HTTP 200 (a soft 404): a gap, or an id
    allotted to a draft that may be published later."""

    NOT_ARTICLE = "not_article"
    """A page the CMS serves that holds no article text (a listing, a gallery index …)."""

    UNKNOWN = "unknown"
    """No layout the CMS is known to serve: a challenge or maintenance page, a login wall, an
    empty shell, or a changed template. Never read as an article."""


ID_DIGITS = 18
"""A news id has at most this many digits (the longest ids, ISNA's date-coded ones, have 13); a
longer number is no id, and Python refuses to read one of thousands of digits."""

_ID = re.compile(rf"(?<![0-9])[0-9]{{1,{ID_DIGITS}}}(?![0-9])")


def read_id(text: str) -> int | None:
    """The first number of at most :data:`ID_DIGITS` ASCII digits standing alone in ``text``.

    >>> read_id("کد خبر: 26684"), read_id("9" * 5000), read_id("no id")
    (26684, None, None)
    """
    found = _ID.search(text)
    return int(found.group()) if found else None


def path_id(url: str, pattern: re.Pattern[str]) -> int | None:
    """The id in group 1 of ``pattern`` matched at the start of ``url``'s path (a URL or a path).

    None when the path does not match, or when ``url`` is no URL at all (``http://[``).

    >>> path_id("https://x.ir/news/7/slug", re.compile(r"/news/([0-9]+)")), path_id("http://[", _ID)
    (7, None)
    """
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    match = pattern.match(path)
    return int(match.group(1)) if match else None


def same_origin(url: str, other: str) -> bool:
    """Whether two absolute URLs name the same host and port (http and https alike).

    >>> same_origin("https://h.ir/fa/news/1/x", "http://H.ir/fa/news/1")
    True
    >>> same_origin("https://h.ir/a", "https://evil.example/a"), same_origin("https://h.ir/a", "https://h.ir:8443/a")
    (False, False)
    >>> same_origin("file:///etc/passwd", "https://h.ir/a")
    False
    """
    mine, theirs = urlsplit(url), urlsplit(other)
    if not {mine.scheme, theirs.scheme} <= {"http", "https"}:
        return False
    try:
        return (mine.hostname, mine.port) == (theirs.hostname, theirs.port)
    except ValueError:  # an invalid port
        return False


@cache
def compiled(css: str) -> etree.XPath:
    """``css`` as XPath, translated by parsel's HTML translator and compiled once per process.

    Class tests match tokens. A plain ``etree.XPath``: lxml's ``CSSSelector`` is the same XPath
    with the EXSLT regular expression functions registered, which no translated selector uses
    and which every call would set up again.
    """
    return etree.XPath(_TRANSLATOR.css_to_xpath(css))


@cache
def any_of(selectors: tuple[str, ...]) -> str | None:
    """One selector matching what any of ``selectors`` matches, in one walk: ``:is(a, b)``.

    None when a selector is not a compound one (``h1 a``), which ``:is()`` cannot hold.

    >>> any_of((".a", "div[style*='x']")), any_of((".a", "h1 a"))
    (":is(.a, div[style*='x'])", None)
    """
    union = f":is({', '.join(selectors)})"
    try:
        compiled(union)
    except SelectorSyntaxError:
        return None
    return union


class ArticlePage:
    """Base page object: builds the ``Article`` from field properties named like its keys."""

    layouts: ClassVar[tuple[Any, ...]] = ()
    """The CMS's article layouts, in the order they are recognised: frozen dataclasses with a
    ``name`` and one field per selector list (``cms/<name>/page.py``)."""

    @classmethod
    def with_overrides(cls, layout: str, **selectors: Any) -> type[Self]:
        """A subclass whose layout ``layout`` reads with ``selectors`` (its fields' values)."""
        if layout not in {known.name for known in cls.layouts}:
            raise ValueError(f"no layout {layout!r} in {cls.__name__}")
        changed = tuple(
            replace(known, **selectors) if known.name == layout else known for known in cls.layouts
        )
        return type(f"{cls.__name__}For{layout.title()}", (cls,), {"layouts": changed})

    def __init__(self, response: TextResponse, site: str, layout: str | None = None) -> None:
        self.response = response
        self.site = site
        self.declared_layout = layout
        """The layout the site's declaration names (``Site.layout``), tried first; None: any."""
        self._found: dict[tuple[str, _Element | None], list[_Element]] = {}
        self.anomalies: list[str] = []
        """Codes of what looked wrong while reading (``printed_id_mismatch``, ``date_mismatch``
        …): the page still reads, and the crawl counts each (``newscrawl/page/<code>``)."""

    @property
    def kind(self) -> PageKind:
        """What the page is; the CMS's page object decides (the base knows no layout)."""
        return PageKind.UNKNOWN

    @property
    def kind_reason(self) -> str:
        """Why a page that is no article is skipped, e.g. ``"gallery"`` (a short code)."""
        return self.kind.value

    def to_article(self) -> Article:
        return Article(
            site=self.site,
            news_id=self.news_id,
            url=self.url,
            title=self.title,
            kicker=self.kicker,
            lead=self.lead,
            body=self.body,
            published_at=self.published_at,
            published_at_raw=self.published_at_raw,
            section=self.section,
            category=self.category,
            tags=self.tags,
            editor=self.editor,
            authors=self.authors,
            images=self.images,
            language=self.language,
            crawled_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )

    # --- the page and what every page carries ---

    @property
    def document(self) -> _Element:
        """The parsed page: the lxml tree of ``response.selector``."""
        root: _Element = self.response.selector.root
        return root

    def css(self, css: str, scope: _Element | None = None) -> list[_Element]:
        """Elements matching ``css`` in ``scope`` (default: the page), in document order.

        Each selector walks the tree (XPath): a page's answers are kept for the page.
        """
        key = (css, scope)
        found = self._found.get(key)
        if found is None:
            # an element selector gives elements
            found = cast("list[_Element]", compiled(css)(self.document if scope is None else scope))
            self._found[key] = found
        return found

    def first(self, selectors: tuple[str, ...], scope: _Element | None = None) -> list[_Element]:
        """Matches of the first of ``selectors`` that matches anything in ``scope``.

        When the first misses, one walk (:func:`any_of`) tells whether any other matches before
        they are tried one by one, in order.
        """
        for index, css in enumerate(selectors):
            rest = selectors[index:]
            union = any_of(rest) if index and len(rest) > 1 else None
            if union is not None and not self.css(union, scope):
                return []
            found = self.css(css, scope)
            if found:
                return found
        return []

    def meta_content(self, key: str) -> str | None:
        """``content`` of the first ``<meta>`` whose ``property`` (else ``name``) is ``key``."""
        for tag in self.document.iter("meta"):
            if (tag.get("property") or tag.get("name")) == key:
                return (tag.get("content") or "").strip()
        return None

    @cached_property
    def page_title(self) -> str:
        """Text of the page's first ``<title>``, white space folded (``""`` without one)."""
        first = next(self.document.iter("title"), None)
        return element_text([first]) if first is not None else ""

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page (lists flattened); malformed blocks are skipped."""
        objects: list[dict[str, Any]] = []
        for script in self.css('script[type="application/ld+json"]'):
            try:
                data = json.loads(script.text or "")
            except (ValueError, RecursionError):  # malformed, or nested deeper than Python goes
                continue
            for obj in data if isinstance(data, list) else [data]:
                if isinstance(obj, dict):
                    objects.append(obj)
        return objects

    def absolute_url(self, href: str) -> str:
        """``href`` resolved as the page resolves it (``<base href>`` included).

        Percent-encoded (UTF-8), without its fragment; ``ValueError`` for what is no URL at all.
        """
        return urldefrag(safe_url_string(self.response.urljoin(href.strip())))[0]

    # --- fields: subclasses override ---

    language = "fa"

    @property
    def news_id(self) -> int | None:
        return None

    @property
    def url(self) -> str | None:
        return self.response.url

    @property
    def title(self) -> str | None:
        return None

    @property
    def kicker(self) -> str | None:
        return None

    @property
    def lead(self) -> str | None:
        return None

    @property
    def body(self) -> str | None:
        return None

    @property
    def published_at(self) -> str | None:
        return None

    @property
    def published_at_raw(self) -> str | None:
        return None

    @property
    def section(self) -> str | None:
        return None

    @property
    def category(self) -> str | None:
        return None

    @property
    def tags(self) -> list[str]:
        return []

    @property
    def editor(self) -> str | None:
        return None

    @property
    def authors(self) -> list[str]:
        return []

    @property
    def images(self) -> list[Image]:
        return []
