"""``scrapy crawl tabnak``."""

from __future__ import annotations

from newscrawl.spiders.news import IranSamanehSpider


class TabnakSpider(IranSamanehSpider):
    """Tabnak (tabnak.ir) on the IranSamaneh CMS."""

    name = "tabnak"
    site_key = "tabnak"
