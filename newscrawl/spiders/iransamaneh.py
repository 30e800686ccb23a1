"""``IranSamanehSpider``: discovery for any IranSamaneh site; site spiders only name the site.

Spider arguments (``-a name=value``):

- ``ids``: news ids to fetch as ``/fa/news/{id}``: ranges and comma lists, e.g. ``26600-26700`` or
  ``1,5,10-20`` (inclusive).
- ``base_url``: scheme and host to crawl instead of the site's live address, e.g.
  ``http://127.0.0.1:8080`` (mirrors, tests). Nothing else changes.

Stats (``newscrawl/spider/…``): ``article`` pages turned into items, ``gap/hard_404``,
``gap/soft_404`` and ``gap/not_article`` for ids with no article (gaps, not errors).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import scrapy

from newscrawl.cms.iransamaneh import NEWS_PATH, IranSamanehArticlePage
from newscrawl.sites import SITES

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.http import Response

    from newscrawl.items import Article

_ID_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
MAX_IDS = 10_000_000


def parse_id_ranges(spec: str) -> list[tuple[int, int]]:
    """Parse ``"26600-26700,26800"`` into inclusive ``(first, last)`` ranges, in the order given.

    >>> parse_id_ranges("26600-26602, 7")
    [(26600, 26602), (7, 7)]
    >>> parse_id_ranges("5-3")
    Traceback (most recent call last):
    ...
    ValueError: ids: range '5-3' ends before it starts
    """
    ranges: list[tuple[int, int]] = []
    for part in filter(str.strip, spec.split(",")):
        match = _ID_RANGE.match(part)
        if not match:
            raise ValueError(f"ids: {part.strip()!r} is not an id or a range like 26600-26700")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise ValueError(f"ids: range {part.strip()!r} ends before it starts")
        ranges.append((first, last))
    if not ranges:
        raise ValueError("ids: no ids given")
    if sum(last - first + 1 for first, last in ranges) > MAX_IDS:
        raise ValueError(f"ids: more than {MAX_IDS:,} ids in one crawl")
    return ranges


def site_key_for_host(host: str) -> str:
    """The site key of a host with no config of its own: its domain label.

    >>> site_key_for_host("www.example.ir")
    'example'
    """
    labels = [label for label in host.lower().split(".") if label and label != "www"]
    return labels[0] if labels else host


class IranSamanehSpider(scrapy.Spider):
    """Fetches IranSamaneh article pages by id and turns them into ``Article`` items."""

    name = "iransamaneh"
    site_key: ClassVar[str] = ""
    """Key of the configured site in ``SITES``; empty for the generic CMS spider."""

    handle_httpstatus_list: ClassVar[list[int]] = [404, 410]

    def __init__(self, ids: str | None = None, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        site = SITES.get(self.site_key)
        if base_url is None and site is None:
            raise ValueError(f"{self.name}: give -a base_url=https://host of the site to crawl")
        self.base_url = (base_url or (site.base_url if site else "")).rstrip("/")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url: {base_url!r} is not an http(s) URL like https://host")
        self.site = site.key if site else site_key_for_host(parts.hostname)
        self.page_class = site.article_page if site else IranSamanehArticlePage
        self.allowed_domains = [parts.hostname, *(site.domains if site else ())]
        self.id_ranges = parse_id_ranges(ids) if ids else []
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        """UTC start time of this run: names its feed and rejects files (``%(run_id)s``)."""

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.id_requests():
            yield request

    def id_requests(self) -> Iterator[scrapy.Request]:
        for first, last in self.id_ranges:
            for news_id in range(first, last + 1):
                yield self.article_request(news_id)

    def article_request(self, news_id: int) -> scrapy.Request:
        return scrapy.Request(
            f"{self.base_url}/fa/news/{news_id}",
            callback=self.parse_article,
            cb_kwargs={"news_id": news_id},
        )

    def parse_article(self, response: Response, news_id: int) -> Iterator[Article]:
        stats = self.crawler.stats
        assert stats is not None
        if response.status in self.handle_httpstatus_list:
            stats.inc_value("newscrawl/spider/gap/hard_404")
            return
        if not isinstance(response, scrapy.http.TextResponse) or not NEWS_PATH.search(response.url):
            stats.inc_value("newscrawl/spider/gap/not_article")
            self.logger.info(
                "No article at id %d: %s is not an article page", news_id, response.url
            )
            return
        page = self.page_class(response, site=self.site)
        if page.is_not_found():
            stats.inc_value("newscrawl/spider/gap/soft_404")
            return
        stats.inc_value("newscrawl/spider/article")
        yield page.to_article()
