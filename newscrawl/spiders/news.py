"""``IranSamanehSpider``: discovery for any IranSamaneh site; site spiders only name the site.

Spider arguments (``-a name=value``) choose the discovery mode:

- ``ids``: fetch ``/fa/news/{id}`` for ranges and comma lists, e.g. ``26600-26700`` or ``1,5,10-20``
  (inclusive). A deliberate re-crawl: everything asked is exported.
- ``since`` / ``until``: archive backfill between two dates, inclusive: Jalali ``1400-07-01`` or
  ``1400/07/01``, or Gregorian with ``calendar=gregorian``. Either bound may be left out (until
  defaults to today, since to 1 Farvardin 1370). The range is walked in chunks of
  ``NEWSCRAWL_ARCHIVE_CHUNK_DAYS`` days so no listing gets deep. Also a deliberate re-crawl.
- neither: **incremental** (the default, for cron): read the front page and ``/fa/rss/allnews``
  to learn the newest id, then fetch every id after the last one a previous run covered, the
  ids that failed last time, and any listed id not exported before (see ``newscrawl.runs.ledger``).
  ``refresh=1`` exports articles again even if an earlier run exported them.
- ``base_url``: scheme and host to crawl instead of the site's live address, e.g.
  ``http://127.0.0.1:8080`` (mirrors, tests). Nothing else changes.
- ``replay``: crawl from WARC file(s) instead of the network (``newscrawl.warc.replay``); any mode
  above works, and ``base_url`` defaults to the host the archive recorded.

``newscrawl.spiders.arguments`` parses and validates them: a bad one stops the crawl at once.

Requests per article: an id costs two (``/fa/news/{id}``, then the CMS's redirect to the slugged
URL); an archive entry is fetched at the slugged URL the archive lists, one request, when that link
is on ``base_url``'s host. Incremental runs keep fetching ids (front page and feed links included):
redirects send an id to the back of the queue, so mixing one- and two-request articles would let
newer ids finish before older ones and hold the cursor back. Start requests are handed to the
engine only as it has room, so the scheduler never holds a whole id range.

Settings: ``NEWSCRAWL_STATE_DIR`` (default ``data/state``) holds the cross-run state;
``NEWSCRAWL_ARCHIVE_CHUNK_DAYS`` (default 7); ``NEWSCRAWL_ARCHIVE_RPP`` (default 100).

Stats (``newscrawl/spider/…``): ``article`` pages turned into items; ``gap/hard_404``,
``gap/soft_404`` and ``gap/not_article`` for ids with no article (gaps, not errors), and
``gap/redirected_elsewhere`` for ids the site redirects to another id's article (merged; that
article is fetched under its own id, ``newscrawl.middlewares.elsewhere``);
``failed`` (and ``failed/<reason>``) for ids whose fetch failed after retries, each also written
to ``<run>.failures.jsonl`` beside the feed (``runs.failures``); ``skipped_seen`` for ids an
earlier run exported; ``listing/archive``, ``listing/front``, ``listing/feed`` pages read,
``listing/failed`` archive pages that could not be fetched (also in the failures file);
``archive/out_of_range`` articles an archive listed outside the asked dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard

import scrapy
from scrapy import signals
from scrapy.http import TextResponse

from newscrawl.cms.iransamaneh import listings as listing
from newscrawl.cms.iransamaneh.feed import FeedError, parse_feed
from newscrawl.cms.iransamaneh.page import NEWS_PATH, IranSamanehArticlePage
from newscrawl.middlewares.elsewhere import RedirectedElsewhere
from newscrawl.runs.failures import FailureReason, FailuresFile, describe_failure
from newscrawl.runs.ledger import RunLedger
from newscrawl.runs.outputs import failures_path, local_feed_path
from newscrawl.runs.state import DEFAULT_STATE_DIR, StateDir
from newscrawl.sites import SITES
from newscrawl.spiders.arguments import CrawlArguments
from newscrawl.text import dates

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from newscrawl.distributed.crawl import SharedCrawl
    from newscrawl.items import Article


def date_chunks(first: date, last: date, days: int) -> Iterator[tuple[date, date]]:
    """Consecutive inclusive windows of at most ``days`` days covering ``first``..``last``."""
    start = first
    while start <= last:
        end = min(start + timedelta(days=days - 1), last)
        yield start, end
        start = end + timedelta(days=1)


class IranSamanehSpider(scrapy.Spider):
    """Discovers IranSamaneh article pages (ids, archive, incremental) and parses them."""

    name = "iransamaneh"
    site_key: ClassVar[str] = ""
    """Key of the configured site in ``SITES``; empty for the generic CMS spider."""

    handle_httpstatus_list: ClassVar[list[int]] = [404, 410]
    ledger: RunLedger
    failures: FailuresFile
    shared_crawl: SharedCrawl | None = None
    """The crawl this worker shares through Redis (``NEWSCRAWL_REDIS_URL``); None on one machine."""

    def __init__(
        self,
        ids: str | None = None,
        base_url: str | None = None,
        since: str | None = None,
        until: str | None = None,
        calendar: str = "jalali",
        refresh: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        site = SITES.get(self.site_key)
        arguments = CrawlArguments.parse(
            spider_name=self.name,
            site=site,
            ids=ids,
            base_url=base_url,
            since=since,
            until=until,
            calendar=calendar,
            refresh=refresh,
            replay=kwargs.get("replay"),
        )
        self.base_url = arguments.base_url
        self.site = arguments.site_key
        self.page_class = site.article_page if site else IranSamanehArticlePage
        self.allowed_domains = [arguments.host, *(site.domains if site else ())]
        self.id_ranges = list(arguments.id_ranges)
        self.date_range = arguments.date_range
        self.mode = arguments.mode
        self.refresh = arguments.refresh
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        """UTC start time of this run: names its feed and rejects files (``%(run_id)s``)."""
        self.planned = 0
        """Article ids planned so far (for progress reports)."""
        self._listed_ids: list[int] = []

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Without ``-o``/``-O``/``FEEDS``, write to ``NEWSCRAWL_DEFAULT_FEEDS``.

        With ``NEWSCRAWL_REDIS_URL``, switch to a crawl shared with other workers through Redis
        (``newscrawl.distributed``; needs the ``distributed`` extra).
        """
        super().update_settings(settings)
        if settings.get("NEWSCRAWL_REDIS_URL"):
            from newscrawl.distributed.settings import apply_distributed_settings

            apply_distributed_settings(settings, cls.name)
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", settings.getdict("NEWSCRAWL_DEFAULT_FEEDS"), priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> IranSamanehSpider:
        spider: IranSamanehSpider = super().from_crawler(crawler, *args, **kwargs)
        if crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            from newscrawl.distributed.worker import join_shared_crawl

            spider.shared_crawl = join_shared_crawl(crawler, spider)  # ledger and state in Redis
        else:
            state_dir = StateDir(crawler.settings.get("NEWSCRAWL_STATE_DIR") or DEFAULT_STATE_DIR)
            spider.ledger = RunLedger(state_dir, spider.site, refresh=spider.refresh)
        spider.failures = FailuresFile(failures_path(crawler.settings, spider))
        crawler.signals.connect(spider.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider.feed_exporter_closed, signal=signals.feed_exporter_closed)
        crawler.signals.connect(spider.engine_stopped, signal=signals.engine_stopped)
        return spider

    # --- discovery ---

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.shared_crawl is not None:  # the first worker pushes them to the shared queue
            await self.shared_crawl.seed(self.discover(), self.crawler.engine.crawl)
            return
        async for request in self.discover():
            if self.crawler.engine is not None and self.crawler.engine.needs_backout():
                # Lazy start requests (Scrapy's documented pattern): the engine takes every start
                # request it is offered, so without this a 20,000-id crawl holds 20,000 requests
                # in the scheduler and its memory grows with the crawl (README, Benchmark).
                await self.crawler.signals.wait_for(signals.scheduler_empty)
            yield request

    async def discover(self) -> AsyncIterator[scrapy.Request]:
        """The start requests of the discovery mode."""
        if self.mode == "ids":
            for first, last in self.id_ranges:
                self.planned += last - first + 1
            for request in self.id_requests():
                yield request
        elif self.mode == "archive":
            for request in self.archive_requests():
                yield request
        else:
            yield scrapy.Request(
                f"{self.base_url}/",
                callback=self.parse_front,
                errback=self.front_failed,
                dont_filter=True,
            )

    def id_requests(self) -> Iterator[scrapy.Request]:
        for first, last in self.id_ranges:
            for news_id in range(first, last + 1):
                yield self.article_request(news_id)

    def archive_requests(self) -> Iterator[scrapy.Request]:
        assert self.date_range is not None
        chunk_days = self.settings.getint("NEWSCRAWL_ARCHIVE_CHUNK_DAYS", 7)
        rpp = self.settings.getint("NEWSCRAWL_ARCHIVE_RPP", 100)
        for first, last in date_chunks(*self.date_range, days=chunk_days):
            url = listing.archive_url(
                self.base_url,
                dates.gregorian_to_jalali(first),
                dates.gregorian_to_jalali(last),
                rpp=rpp,
            )
            yield scrapy.Request(url, callback=self.parse_archive, errback=self.listing_failed)

    def article_request(self, news_id: int, listed_url: str | None = None) -> scrapy.Request:
        """The request for ``news_id``: its ``listed_url`` when a listing gave one on this host.

        A listing's link is already the slugged URL, which saves the CMS's redirect from
        ``/fa/news/{id}``: one request per article instead of two.
        """
        url = f"{self.base_url}/fa/news/{news_id}"
        if listed_url is not None and listed_url.startswith(f"{self.base_url}/"):
            url = listed_url  # never another host: base_url may point at a mirror
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"news_id": news_id},
        )

    def parse_archive(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._is_listing(response):
            return
        self._stat("listing/archive")
        for news_id, url in listing.archive_entry_links(response).items():
            self.planned += 1
            yield self.article_request(news_id, url)
        next_page = listing.next_archive_page(response)
        if next_page:
            yield scrapy.Request(
                next_page, callback=self.parse_archive, errback=self.listing_failed
            )

    def parse_front(self, response: Response) -> Iterator[scrapy.Request]:
        if self._is_listing(response):
            self._stat("listing/front")
            self._listed_ids += listing.linked_news_ids(response)
        yield self.feed_request()

    def front_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.logger.error("Front page failed (%s); going on with the feed", failure.value)
        yield self.feed_request()

    def feed_request(self) -> scrapy.Request:
        return scrapy.Request(
            f"{self.base_url}/fa/rss/allnews",
            callback=self.parse_feed,
            errback=self.feed_failed,
            dont_filter=True,
        )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self._stat("listing/feed")
        try:
            self._listed_ids += [entry.news_id for entry in parse_feed(response.body, response.url)]
        except FeedError as error:
            self.logger.error("Feed %s unreadable: %s", response.url, error)
        yield from self.incremental_requests()

    def feed_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.logger.error("Feed failed (%s); going on with the front page's ids", failure.value)
        yield from self.incremental_requests()

    def incremental_requests(self) -> Iterator[scrapy.Request]:
        if not self._listed_ids and self.ledger.state.last_id is None:
            self.logger.error("Neither the front page nor the feed listed any article")
        plan = self.ledger.plan_incremental(self._listed_ids)
        self.planned += len(plan)
        if self.ledger.skipped_seen:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/spider/skipped_seen", self.ledger.skipped_seen)
        self.logger.info(
            "Incremental: newest listed id %s, cursor %s, %d ids to fetch",
            max(self._listed_ids, default=None),
            self.ledger.state.last_id,
            len(plan),
        )
        for news_id in plan:
            yield self.article_request(news_id)

    # --- articles ---

    def parse_article(self, response: Response, news_id: int) -> Iterator[Article]:
        self.ledger.mark_handled(news_id)
        if response.status in self.handle_httpstatus_list:
            self._stat("gap/hard_404")
            return
        if not isinstance(response, TextResponse) and NEWS_PATH.search(response.url):
            content_type = (response.headers.get("Content-Type") or b"none").decode("latin-1")
            reason = FailureReason("not_html", f"the article URL is {content_type}, not a page")
            self.record_failure(news_id, response.url, reason)
            return
        if not isinstance(response, TextResponse) or not NEWS_PATH.search(response.url):
            self._stat("gap/not_article")
            self.logger.info(
                "No article at id %d: %s is not an article page", news_id, response.url
            )
            return
        page = self.page_class(response, site=self.site)
        try:
            if page.is_not_found():
                self._stat("gap/soft_404")
                return
            article = page.to_article()
        except Exception as error:  # a page-object bug: retry the id next run; Scrapy counts it
            self.record_failure(news_id, response.url, FailureReason("parse_error", repr(error)))
            raise
        if self.mode == "archive" and not self._in_date_range(article.published_at):
            self._stat("archive/out_of_range")
            self.logger.warning(
                "Archive listed %s published %s, outside the range asked; not exported",
                response.url,
                article.published_at,
            )
            return
        self._stat("article")
        yield article

    def article_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = getattr(failure, "request", None)
        news_id = request.cb_kwargs.get("news_id") if request is not None else None
        if request is None or news_id is None:
            return
        if isinstance(failure.value, RedirectedElsewhere):
            yield from self.redirected_elsewhere(news_id, failure.value)
        else:
            self.record_failure(news_id, request.url, describe_failure(failure))

    def redirected_elsewhere(
        self, news_id: int, redirect: RedirectedElsewhere
    ) -> Iterator[scrapy.Request]:
        """``news_id`` redirects to another id's article (a merged duplicate): a gap, handled.

        The other article is requested under its own id unless this run handled that id or an
        earlier run exported it; if its own request is on its way too, the duplicate filter keeps
        one of the two, and either one handles and exports it.
        """
        self.ledger.mark_handled(news_id)
        self._stat("gap/redirected_elsewhere")
        self.logger.info(
            "No article at id %d: it redirects to id %d (%s)",
            news_id,
            redirect.target_id,
            redirect.target_url,
        )
        target = redirect.target_id
        if target not in self.ledger.handled and not self.ledger.already_exported(target):
            yield self.article_request(target, redirect.target_url)

    def record_failure(self, news_id: int, url: str, reason: FailureReason) -> None:
        """Count, log and write a failed id; the ledger keeps it for the next run to retry."""
        self._stat("failed")
        self._stat(f"failed/{reason.code}")
        self.ledger.mark_failed(news_id, reason.detail)
        self.failures.write(reason, url, self.site, news_id)
        self.logger.error("Fetching id %d failed (%s): %s", news_id, reason.code, reason.detail)

    def listing_failed(self, failure: Failure) -> None:
        """An archive page could not be fetched: the articles it lists are not known, say so."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        reason = describe_failure(failure)
        self._stat("listing/failed")
        self.failures.write(reason, url, self.site, None)
        self.logger.error("Archive page %s failed (%s): %s", url, reason.code, reason.detail)

    def _in_date_range(self, published_at: str | None) -> bool:
        if self.date_range is None or published_at is None:
            return True
        day = datetime.fromisoformat(published_at).astimezone(dates.TEHRAN).date()
        return self.date_range[0] <= day <= self.date_range[1]

    # --- end of run ---

    def item_scraped(self, item: Article) -> None:
        if item.news_id is not None:
            self.ledger.mark_exported(item.news_id)

    def feed_exporter_closed(self) -> None:
        """The feeds are published: commit what this run exported (and the cursor)."""
        assert self.crawler.stats is not None
        published = self.crawler.stats.get_value("newscrawl/feed/published")
        local_feed = local_feed_path(self.settings, self)
        if self.ledger.exported and local_feed is not None and published is None:
            self.logger.error("Feed was not published; state not advanced, the next run redoes it")
            return
        self.ledger.commit(incremental=self.mode == "incremental", feed=published)

    def engine_stopped(self) -> None:
        # Not at spider_closed: the feed exporter publishes (and we commit) after that signal.
        self.ledger.close()
        self.failures.close()

    def _is_listing(self, response: Response) -> TypeGuard[TextResponse]:
        if isinstance(response, TextResponse) and response.status == 200:
            return True
        self._stat("listing/unusable")
        self.logger.error("Listing %s unusable (HTTP %d, not text?)", response.url, response.status)
        return False

    def _stat(self, event: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/spider/{event}")
