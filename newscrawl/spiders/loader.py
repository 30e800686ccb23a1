"""``SiteSpiderLoader``: a spider for every declared site and a generic one for every CMS.

Scrapy finds spiders through ``SPIDER_LOADER_CLASS``. This loader adds, to whatever
``SPIDER_MODULES`` hold, one ``NewsSpider`` subclass per site of ``newscrawl.sites.SITES``
(``scrapy crawl asrpress``), named by the site's key, and one per CMS of ``CMSES``
(``scrapy crawl iransamaneh -a base_url=…``). There are no per-site spider modules: a site's
spider exists because the site is declared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.spiderloader import SpiderLoader

from newscrawl.sites import CMSES, SITES
from newscrawl.spiders.news import NewsSpider

if TYPE_CHECKING:
    from newscrawl.cms import Cms
    from newscrawl.site import Site


def spider_class(cms: Cms, site: Site | None = None) -> type[NewsSpider]:
    """The spider of ``site`` (named by its key), or the generic spider of ``cms``."""
    name = site.key if site is not None else cms.name
    attributes = {
        "name": name,
        "cms": cms,
        "declared_site": site,
        "__doc__": f"{site.name}, {site.base_url}" if site else f"Any site of {cms.name}",
        "__module__": __name__,
    }
    return type(f"{name.title().replace('-', '')}Spider", (NewsSpider,), attributes)


SPIDERS: dict[str, type[NewsSpider]] = {
    **{name: spider_class(cms) for name, cms in CMSES.items()},
    **{key: spider_class(site.cms, site) for key, site in SITES.items()},
}
"""Every spider this project declares, by name."""


class SiteSpiderLoader(SpiderLoader):
    """Scrapy's loader, plus the spiders of :data:`SPIDERS`."""

    def _load_all_spiders(self) -> None:
        super()._load_all_spiders()
        for name, spider in SPIDERS.items():
            if name in self._spiders:
                raise ValueError(f"spider name {name!r} is declared twice")
            self._spiders[name] = spider
