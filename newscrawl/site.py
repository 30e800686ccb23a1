"""``Site``: a frozen declaration of one news site, data only (Fundus's ``Publisher(...)``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.http import TextResponse

    from newscrawl.cms import Cms
    from newscrawl.pages import ArticlePage


@dataclass(frozen=True, kw_only=True)
class Site:
    """One news site: its key, where it lives, its CMS, and what differs from the CMS's defaults.

    Declaring a site is what makes ``scrapy crawl <key>`` exist (``newscrawl.spiders``).
    """

    key: str
    """Lowercase ASCII key, the domain's label: spider name, feed folder, golden folder."""

    name: str
    """The site's own name, in Persian, e.g. ``"عصر پرس"``."""

    domains: tuple[str, ...]
    """Host names the site serves articles from; ``www.`` and the scheme do not matter."""

    base_url: str
    """Scheme and host of the live site, no trailing slash, e.g. ``"https://asrpress.ir"``."""

    cms: Cms
    """The CMS the site runs."""

    layout: str | None = None
    """The CMS layout the evidence shows the site uses (the page object still recognises any)."""

    overrides: Mapping[str, Any] = field(default_factory=dict)
    """Selector values of ``layout`` that differ from the CMS's (a ``Layout`` field -> value)."""

    evidence: str = ""
    """Why the site is declared so: the reference entry, a real page, or the CMS default."""

    ids_sequential: bool | None = None
    """Whether the site allots ids one after another; None: what its CMS does."""

    id_path: str | None = None
    """The path that asks for an id, e.g. ``"/news/{id}"``, where the site differs from its CMS
    (an assumption where no live page showed it); None: the CMS's ``article_url``."""

    challenge: str | None = None
    """Why the site cannot be crawled without solving a challenge (e.g. ArvanCloud's), if so."""

    def __post_init__(self) -> None:
        if self.overrides and self.layout is None:
            raise ValueError(f"{self.key}: overrides need the layout they apply to")

    @cached_property
    def page_class(self) -> type[ArticlePage]:
        """The CMS's page object, or, with overrides, its subclass reading them."""
        if not self.overrides:
            return self.cms.page_class
        assert self.layout is not None  # __post_init__ refuses overrides without their layout
        return self.cms.page_class.with_overrides(self.layout, **self.overrides)

    def page(self, response: TextResponse) -> ArticlePage:
        """The site's page object on ``response``, trying the declared layout first."""
        return self.page_class(response, site=self.key, layout=self.layout)

    @property
    def sequential(self) -> bool:
        return self.cms.ids_sequential if self.ids_sequential is None else self.ids_sequential

    def article_url(self, base_url: str, news_id: int) -> str:
        """The URL that asks ``base_url`` for ``news_id``: ``id_path``, else the CMS's."""
        if self.id_path is not None:
            return base_url + self.id_path.format(id=news_id)
        return self.cms.article_url(base_url, news_id)

    def serves(self, host: str) -> bool:
        """Whether ``host`` is one of the site's domains (with or without ``www.``).

        >>> from newscrawl.sites import SITES
        >>> SITES["tabnak"].serves("TABNAK.ir"), SITES["tabnak"].serves("cdn.tabnak.ir")
        (True, False)
        """
        bare = host.lower().removeprefix("www.")
        return any(bare == domain.removeprefix("www.") for domain in self.domains)
