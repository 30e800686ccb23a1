"""``scrapy crawl asriran``."""

from __future__ import annotations

from newscrawl.spiders.news import IranSamanehSpider


class AsriranSpider(IranSamanehSpider):
    """Asr Iran (asriran.com) on the IranSamaneh CMS."""

    name = "asriran"
    site_key = "asriran"
