"""``scrapy crawl asriran``."""

from __future__ import annotations

from newscrawl.spiders.iransamaneh import IranSamanehSpider


class AsriranSpider(IranSamanehSpider):
    """Asr Iran (asriran.com) on the IranSamaneh CMS."""

    name = "asriran"
    site_key = "asriran"
