"""``ArticlePage``: a response in, an ``Article`` out; metadata helpers shared by every CMS.

Page objects recover structure (which text is the title, which blocks are body paragraphs, what is
boilerplate). They do not clean characters: ``NormalizePersianPipeline`` does that for every item.
A field that is absent on the page is ``None`` (or an empty list); what is *required* is the
validation pipeline's decision.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from w3lib.url import safe_url_string

from newscrawl.items import Article, Image

if TYPE_CHECKING:
    from parsel import Selector, SelectorList
    from scrapy.http import TextResponse

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def fold_html_space(text: str) -> str:
    r"""Fold runs of HTML white space (not NBSP, not ZWNJ) to one space, as a browser renders them.

    >>> fold_html_space("  a\n\t b ")
    ' a b '
    """
    return _HTML_SPACE.sub(" ", text)


def selector_text(selector: Selector | SelectorList[Selector]) -> str:
    """All text under ``selector``, HTML white space folded, stripped; ``""`` if none."""
    return fold_html_space(" ".join(selector.xpath(".//text()").getall())).strip()


class ArticlePage:
    """Base page object: builds the ``Article`` from field properties named like its keys."""

    site_key: ClassVar[str] = ""
    """Default ``Article.site`` for pages of this class; a spider may pass another key."""

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
            crawled_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )

    def is_not_found(self) -> bool:
        """Whether the page is the site's "no such article" page served with HTTP 200."""
        return False

    # --- metadata shared by every page ---

    @cached_property
    def meta(self) -> dict[str, str]:
        """``<meta>`` contents keyed by ``property`` or ``name`` (first occurrence wins)."""
        found: dict[str, str] = {}
        for tag in self.response.css("meta"):
            key = tag.attrib.get("property") or tag.attrib.get("name")
            if key and key not in found:
                found[key] = tag.attrib.get("content", "").strip()
        return found

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page (lists flattened); malformed blocks are skipped."""
        objects: list[dict[str, Any]] = []
        for raw in self.response.css('script[type="application/ld+json"]::text').getall():
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            for obj in data if isinstance(data, list) else [data]:
                if isinstance(obj, dict):
                    objects.append(obj)
        return objects

    def absolute_url(self, href: str) -> str:
        """``href`` resolved against the page URL and percent-encoded (UTF-8), fragment removed."""
        return safe_url_string(self.response.urljoin(href.strip())).split("#", 1)[0]

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
