"""``scrapy crawl asrpress``."""

from __future__ import annotations

from newscrawl.spiders.news import IranSamanehSpider


class AsrpressSpider(IranSamanehSpider):
    """Asr Press (asrpress.ir) on the IranSamaneh CMS."""

    name = "asrpress"
    site_key = "asrpress"
