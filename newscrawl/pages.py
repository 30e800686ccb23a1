"""``ArticlePage``: a response in, an ``Article`` out; metadata helpers shared by every CMS.

Page objects recover structure (which text is the title, which blocks are body paragraphs, what is
boilerplate). They do not clean characters: ``NormalizePersianPipeline`` does that for every item.
A field that is absent on the page is ``None`` (or an empty list); what is *required* is the
validation pipeline's decision.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar, cast, overload
from urllib.parse import urljoin

from lxml import etree
from parsel.selector import create_root_node
from w3lib.url import safe_url_string

from newscrawl.element_index import ElementIndex, class_tokens, css_query
from newscrawl.items import Article, Image
from newscrawl.text.blocks import element_text
from newscrawl.urls import absolute_url

if TYPE_CHECKING:
    from lxml.etree import _Element
    from scrapy.http import TextResponse

_HTML5_WHITESPACE = " \t\n\r\f"
_PARSERS = threading.local()
_T = TypeVar("_T")


class cached_property(functools.cached_property[_T]):
    """``functools.cached_property`` as Python 3.12 has it: without Python 3.11's lock.

    3.11 takes one lock per property, shared by all instances, on every first access; 3.12 removed
    it as a bottleneck. A page object lives in one callback of one thread, and the lock cost 2 %
    of a page's extraction. The value is computed on first access and stored in the instance.
    """

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type[Any] | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type[Any] | None = None) -> _T | Self:
        if instance is None:
            return self
        if self.attrname is None:  # as the stdlib's: only usable as a class attribute
            raise TypeError("cached_property used without __set_name__ (not a class attribute)")
        value: _T = self.func(instance)
        instance.__dict__[self.attrname] = value
        return value


def utc_now_to_the_second() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``, formatted once per second.

    ``datetime.now(UTC).strftime(...)`` for every article was 2 % of a page's extraction; the
    articles crawled within one second share one string.
    """
    second = int(time.time())
    last_second, text = _LAST_STAMP[0]
    if last_second != second:
        text = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))
        _LAST_STAMP[0] = (second, text)  # one store: a thread sees the old pair or the new
    return text


_LAST_STAMP: list[tuple[int, str]] = [(-1, "")]


def select(css: str, scope: _Element) -> list[_Element]:
    """Elements matching ``css`` in ``scope`` (itself included), in document order."""
    return cast("list[_Element]", css_query(css)(scope))


def html_parser(**options: bool | str) -> etree.HTMLParser:
    """An ``etree.HTMLParser`` with ``options``, made once per thread and reused.

    parsel builds a parser for every page; setting up libxml2's parser context cost half as much
    as parsing a mirror page (README, Benchmark). A parser clears its error log at every parse and
    is not shared between threads, so reusing it within a thread changes no result.
    """
    key = tuple(sorted(options.items()))
    parsers: dict[tuple[tuple[str, bool | str], ...], etree.HTMLParser]
    parsers = _PARSERS.__dict__.setdefault("by_options", {})
    parser = parsers.get(key)
    if parser is None:
        parser = parsers[key] = etree.HTMLParser(**options)  # type: ignore[arg-type]
    return parser


class ArticlePage:
    """Base page object: builds the ``Article`` from field properties named like its keys."""

    site_key: ClassVar[str] = ""
    """Default ``Article.site`` for pages of this class; a spider may pass another key."""
    indexed_classes: ClassVar[frozenset[str]] = frozenset()
    """The class tokens named by the class's ``*_css`` attributes (set for every subclass).

    :attr:`index` files the elements carrying them in its one walk of the page; a selector
    naming another token still works, at the cost of an XPath walk.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        selectors = (getattr(cls, name) for name in dir(cls) if name.endswith("_css"))
        cls.indexed_classes = class_tokens(selectors)

    def __init__(self, response: TextResponse, site: str | None = None) -> None:
        self.response = response
        self.site = site or self.site_key

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
            crawled_at=utc_now_to_the_second(),
        )

    def is_not_found(self) -> bool:
        """Whether the page is the site's "no such article" page served with HTTP 200."""
        return False

    # --- metadata shared by every page ---

    @cached_property
    def document(self) -> _Element:
        """The parsed page: the tree ``response.selector`` would hold, with plain lxml elements.

        Parsed as parsel parses (same libxml2 parser options; UTF-8 pages from their bytes, as
        ``Selector(body=…)`` does, which saves decoding and re-encoding them), but without
        ``lxml.html``'s element classes, whose Python lookup runs for every element touched, and
        without the table of ``id`` attributes (``collect_ids``): it serves only XPath's ``id()``,
        which no CSS selector translates to, and cost 4 % of a parse.
        """
        utf8 = self.response.encoding == "utf-8"
        text, body = ("", self.response.body) if utf8 else (self.response.text, b"")
        # Called as parsel calls the parser class, with its options.
        parser = cast("type[etree.HTMLParser]", partial(html_parser, collect_ids=False))
        root: _Element = create_root_node(text, parser, huge_tree=True, body=body)
        return root

    def css(self, css: str, scope: _Element | None = None) -> list[_Element]:
        """Elements matching ``css`` in ``scope`` (default: the page), in document order.

        Results are remembered for the page. Simple selectors (``.body``, ``meta``,
        ``.news_path a``) are answered from :attr:`index`, one walk over the page instead of an
        XPath walk per selector; any other selector runs as XPath.
        """
        key = (css, scope)
        found = self._matches.get(key)
        if found is None:
            found = self.index.match(css, scope)
            if found is None:
                found = select(css, self.document if scope is None else scope)
            self._matches[key] = found
        return found

    @cached_property
    def _matches(self) -> dict[tuple[str, _Element | None], list[_Element]]:
        return {}

    @cached_property
    def index(self) -> ElementIndex:
        """The page's elements by class token (one walk over :attr:`document`)."""
        return ElementIndex(self.document, self.indexed_classes)

    def meta_content(self, key: str) -> str | None:
        """``content`` of the first ``<meta>`` whose ``property`` (else ``name``) is ``key``.

        Stripped; ``None`` when there is none. Pages ask for one or two keys: reading up to the
        match costs less than a dictionary of every meta tag.
        """
        for tag in self.document.iter("meta"):
            if (tag.get("property") or tag.get("name")) == key:
                return (tag.get("content") or "").strip()
        return None

    @cached_property
    def page_title(self) -> str:
        """Text of the page's first ``<title>``, white space folded (``""`` without one)."""
        first = next(self.document.iter("title"), None)  # stops there: no walk of the whole page
        return element_text([first]) if first is not None else ""

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page (lists flattened); malformed blocks are skipped."""
        objects: list[dict[str, Any]] = []
        for script in self.css('script[type="application/ld+json"]'):
            raw = script.text or ""  # a script's content is one text node
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            for obj in data if isinstance(data, list) else [data]:
                if isinstance(obj, dict):
                    objects.append(obj)
        return objects

    @cached_property
    def link_base(self) -> str:
        """What relative links resolve against: the first ``<base href>``, else the page URL.

        HTML's rule, read from the parsed page (the first ``<base>`` with an ``href`` decides;
        an empty one means the page URL), as ``response.urljoin`` would apply it, without the
        scan of the page's text that it repeats for every response.
        """
        for base in self.css("base[href]"):
            href = (base.get("href") or "").strip(_HTML5_WHITESPACE)
            if href:
                return urljoin(self.response.url, safe_url_string(href, self.response.encoding))
            break
        return self.response.url

    def absolute_url(self, href: str) -> str:
        """``href`` resolved against :attr:`link_base`, percent-encoded (UTF-8), no fragment."""
        return absolute_url(self.link_base, href)

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
