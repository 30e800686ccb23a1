"""``Site``: a frozen declaration of how to crawl one news site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawl.pages import ArticlePage


@dataclass(frozen=True, kw_only=True)
class Site:
    """One news site: its key, where it lives, and the page object that reads its articles."""

    key: str
    """Lowercase ASCII key (the domain label): spider name, feed folder, golden folder."""

    name: str
    """The site's own name, in Persian, e.g. ``"عصر پرس"``."""

    domains: tuple[str, ...]
    """Host names the site serves articles from (``www.`` and scheme variants are the same site)."""

    base_url: str
    """Scheme and host of the live site, no trailing slash, e.g. ``"https://asrpress.ir"``."""

    article_page: type[ArticlePage]
    """Page object class that turns an article response into an ``Article``."""
