"""The CMS interface: everything the crawl machinery may ask of a content management system.

A CMS is one package under ``cms/`` holding an instance of :class:`Cms`: its URL grammar (which
URLs are articles, how an id is read from one, the bare URL of an id), its page object (which
recognises the CMS's page kinds and article layouts, then reads them), and how its listings (the
front page, the archive) and its feed are read. Spiders, discovery, state, pipelines, WARC,
distributed mode and the tools use only this interface: they reach a CMS through a site
declaration (``newscrawl.sites``), never by importing its package.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from newscrawl.pages import PageKind

if TYPE_CHECKING:
    from datetime import date

    from scrapy.http import TextResponse

    from newscrawl.pages import ArticlePage


@dataclass(frozen=True)
class ListedArticle:
    """A link to an article found on a listing page or in a feed."""

    news_id: int
    url: str
    """Absolute, percent-encoded, without fragment; on whatever host the listing named."""


class FeedError(ValueError):
    """A feed's body is not a feed the CMS's parser may read (not XML, not RSS, entities …)."""


class Cms(abc.ABC):
    """One CMS: URL grammar, page object, listings and feed. Subclasses set the class values."""

    name: ClassVar[str]
    """Lowercase ASCII key, e.g. ``"iransamaneh"``: also the name of its generic spider."""

    page_class: ClassVar[type[ArticlePage]]
    """The page object for this CMS's pages; a site's overrides make a subclass of it."""

    ids_sequential: ClassVar[bool] = True
    """Whether ids are allotted one after another, so a gap-free id walk finds every article
    (a site's declaration may say otherwise). Without it there is no ``ids`` mode and no id
    cursor: incremental runs fetch the listed articles not exported before."""

    archive_chunk_days: ClassVar[int] = 7
    """Days of one archive listing walk (``NEWSCRAWL_ARCHIVE_CHUNK_DAYS`` overrides it)."""

    # --- URL grammar ---

    @abc.abstractmethod
    def article_id(self, url: str) -> int | None:
        """The article id a URL (absolute or a path) names, or None when it is no article URL."""

    @abc.abstractmethod
    def article_url(self, base_url: str, news_id: int) -> str:
        """The URL that asks the site for article ``news_id`` (it may redirect to the slug)."""

    # --- discovery ---

    @abc.abstractmethod
    def front_url(self, base_url: str) -> str:
        """The page listing the newest articles."""

    @abc.abstractmethod
    def feed_url(self, base_url: str) -> str:
        """The feed of the newest articles."""

    @abc.abstractmethod
    def archive_url(self, base_url: str, first: date, last: date, per_page: int) -> str:
        """The first archive page listing articles published from ``first`` to ``last``."""

    @abc.abstractmethod
    def archive_entries(self, response: TextResponse) -> list[ListedArticle]:
        """The articles an archive page lists, in page order, each id once."""

    @abc.abstractmethod
    def next_archive_page(self, response: TextResponse) -> str | None:
        """The absolute URL of the archive page after this one, or None on the last."""

    def linked_articles(self, response: TextResponse) -> list[ListedArticle]:
        """Every article a page links to (the front page lists the newest), each id once."""
        found: dict[int, ListedArticle] = {}
        for href in response.css("a::attr(href)").getall():
            news_id = self.article_id(href)
            if news_id is not None and news_id not in found:
                try:
                    url = response.urljoin(href.strip()).split("#", 1)[0]
                except ValueError:
                    continue
                found[news_id] = ListedArticle(news_id, url)
        return list(found.values())

    @abc.abstractmethod
    def feed_entries(self, body: bytes, url: str) -> list[ListedArticle]:
        """The articles a feed lists, in feed order; raises :class:`FeedError` for a non-feed."""

    # --- pages ---

    def recognises(self, response: TextResponse) -> bool:
        """Whether a page from a host of no declared site was made by this CMS."""
        return self.page_class(response, site=self.name).kind is not PageKind.UNKNOWN
