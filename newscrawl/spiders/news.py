"""``NewsSpider``: discovery for any site of any CMS, and the route each fetched page takes.

The spider only routes. Its CMS (``newscrawl.cms``) says which URLs are articles, where the
listings and the feed are and what kind of page came back; the run's ledger (``runs.ledger``,
built from settings by ``runs.commit``) decides which ids to fetch, learns what became of each,
and is committed once the feed is published. ``newscrawl.spiders.loader`` makes one spider class
per declared site (``scrapy crawl asrpress``) and one generic spider per CMS
(``scrapy crawl iransamaneh -a base_url=…``).

Discovery modes (``-a``; ``spiders.arguments`` declares and checks them):

- ``ids``: fetch the CMS's article URL of each id, e.g. ``26600-26700`` or ``1,5,10-20``. A
  deliberate re-crawl: everything asked is exported.
- ``since`` / ``until``: archive backfill between two days, walked in chunks of
  ``NEWSCRAWL_ARCHIVE_CHUNK_DAYS`` (default 7) days of ``NEWSCRAWL_ARCHIVE_RPP`` (default 100)
  entries a page, so no listing gets deep. Also a deliberate re-crawl.
- neither: **incremental** (the default, for cron): the front page and the feed tell the newest
  id; the ledger plans the ids after its cursor, the ids to retry and the listed ids not exported
  before.

Requests per article: an id costs two (the id URL, then the CMS's redirect to the slugged URL);
an archive entry is fetched at the URL the archive lists, on ``base_url``'s host, one request.
Incremental runs fetch ids (listed links included): mixing one- and two-request articles would
let newer ids finish first and hold the cursor back. Start requests are handed to the engine as it
has room, so the scheduler never holds a whole id range.

Stats (``newscrawl/spider/…``): ``article`` pages turned into items; ``gap/hard_404``,
``gap/soft_404`` and ``gap/not_article`` for ids with no article (gaps, not errors);
``gap/not_article/<reason>`` for a kind of page the CMS knows holds no article text (a gallery);
``gap/redirected_elsewhere`` for ids the site redirects to another id's article; ``page/<code>``
for what a page object found wrong while reading (``page.anomalies``); ``failed`` (and
``failed/<reason>``) for ids whose fetch failed; ``skipped_seen``; ``listing/archive``,
``listing/front``, ``listing/feed`` pages read, ``listing/failed`` and ``listing/unusable``;
``archive/out_of_range`` articles an archive listed outside the asked days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import TextResponse
from scrapy.utils.defer import deferred_from_coro

from newscrawl.cms import FeedError
from newscrawl.middlewares.elsewhere import RedirectedElsewhere
from newscrawl.pages import PageKind
from newscrawl.runs.failures import FailureReason, describe_failure
from newscrawl.spiders.arguments import CrawlArguments
from newscrawl.text import dates

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from newscrawl.cms import Cms, ListedArticle
    from newscrawl.items import Article
    from newscrawl.pages import ArticlePage
    from newscrawl.runs.ledger import RunLedger
    from newscrawl.site import Site


def date_chunks(first: date, last: date, days: int) -> Iterator[tuple[date, date]]:
    """Consecutive inclusive windows of at most ``days`` days covering ``first``..``last``."""
    start = first
    while start <= last:
        end = min(start + timedelta(days=days - 1), last)
        yield start, end
        start = end + timedelta(days=1)


class NewsSpider(scrapy.Spider):
    """Discovers a site's article pages (ids, archive, incremental) and routes them by kind."""

    cms: ClassVar[Cms]
    declared_site: ClassVar[Site | None] = None
    """The site's declaration; None for a CMS's generic spider, which needs ``base_url``."""

    handle_httpstatus_list: ClassVar[list[int]] = [404, 410]
    ledger: RunLedger
    """What this run did with each id; set by ``runs.commit.LedgerCommit`` before discovery."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        arguments = CrawlArguments.parse(spider_name=self.name, site=self.declared_site, **kwargs)
        super().__init__(*args, **{k: v for k, v in kwargs.items() if k.startswith("_")})
        self.replay = kwargs.get("replay")
        self.base_url = arguments.base_url
        self.host, self.port = arguments.host, arguments.port
        self.site = arguments.site_key
        """The site key: the records' ``site`` and the feed folder (``%(site)s``)."""
        self.state_key = arguments.state_key
        """The key of the cross-run state: the site on this host (``runs.state.state_key``)."""
        site = self.declared_site
        self.sequential = site.sequential if site else self.cms.ids_sequential
        self.allowed_domains = [arguments.host, *(site.domains if site else ())]
        self.id_ranges = list(arguments.id_ranges)
        self.date_range = arguments.date_range
        self.mode = arguments.mode
        self.refresh = arguments.refresh
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        """UTC start time of this run: names its feed and side files (``%(run_id)s``)."""
        self.planned = 0
        """Article ids planned so far (for progress reports)."""
        self._listed_ids: list[int] = []
        self._unknown_in_a_row = 0

    def is_own(self, url: str) -> bool:
        """Whether ``url`` is on the crawled host.

        That is ``base_url``'s host and port, or, crawling the live site, any of its declared
        domains. Subdomains and other ports are other hosts.
        """
        parts = urlsplit(url)
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or host is None:
            return False
        if (host, port) == (self.host, self.port):
            return True
        site = self.declared_site
        live = site is not None and site.serves(self.host) and self.port is None
        return live and port is None and site is not None and site.serves(host)

    @property
    def page_class(self) -> type[ArticlePage]:
        return self.declared_site.page_class if self.declared_site else self.cms.page_class

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Without ``-o``/``-O``/``FEEDS``, write to ``NEWSCRAWL_DEFAULT_FEEDS``."""
        super().update_settings(settings)
        if not settings.getdict("FEEDS"):
            settings.set("FEEDS", settings.getdict("NEWSCRAWL_DEFAULT_FEEDS"), priority="spider")

    # --- discovery ---

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The discovery requests, handed over as the engine has room (``NEWSCRAWL_LAZY_START``).

        Lazy start requests are Scrapy's documented pattern: the engine takes every start request
        it is offered, so a 20,000-id crawl would hold 20,000 requests in the scheduler and its
        memory would grow with the crawl.
        """
        lazy = self.settings.getbool("NEWSCRAWL_LAZY_START", True)
        async for request in self.discover():
            if lazy and self.crawler.engine is not None and self.crawler.engine.needs_backout():
                await self.crawler.signals.wait_for(signals.scheduler_empty)
            yield request

    async def discover(self) -> AsyncIterator[scrapy.Request]:
        """The start requests of the discovery mode."""
        if self.date_range is not None:
            since, until = self.date_range
            self.logger.info(
                "Archive from %s to %s (Jalali %s to %s)",
                since.isoformat(),
                until.isoformat(),
                "-".join(f"{part:02d}" for part in dates.gregorian_to_jalali(since)),
                "-".join(f"{part:02d}" for part in dates.gregorian_to_jalali(until)),
            )
        if self.mode == "ids":
            self.planned += sum(last - first + 1 for first, last in self.id_ranges)
            for first, last in self.id_ranges:
                for news_id in range(first, last + 1):
                    yield self.article_request(news_id)
        elif self.mode == "archive":
            for request in self.archive_requests():
                yield request
        else:
            yield scrapy.Request(
                self.cms.front_url(self.base_url),
                callback=self.parse_front,
                errback=self.front_failed,
                dont_filter=True,
            )

    def archive_requests(self) -> Iterator[scrapy.Request]:
        assert self.date_range is not None
        chunk_days = self.settings.getint(
            "NEWSCRAWL_ARCHIVE_CHUNK_DAYS", self.cms.archive_chunk_days
        )
        per_page = self.settings.getint("NEWSCRAWL_ARCHIVE_RPP", 100)
        for first, last in date_chunks(*self.date_range, days=chunk_days):
            url = self.cms.archive_url(self.base_url, first, last, per_page)
            yield scrapy.Request(url, callback=self.parse_archive, errback=self.listing_failed)

    def article_request(self, news_id: int, listed_url: str | None = None) -> scrapy.Request:
        """The request for ``news_id``: its ``listed_url`` when a listing gave one on this host.

        A listing's link is already the slugged URL, which saves the CMS's redirect from the id
        URL: one request per article instead of two.
        """
        site = self.declared_site
        url = (
            site.article_url(self.base_url, news_id)
            if site
            else self.cms.article_url(self.base_url, news_id)
        )
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
        for entry in self._own(self.cms.archive_entries(response), response.url):
            self.planned += 1
            yield self.article_request(entry.news_id, entry.url)
        next_page = self.cms.next_archive_page(response)
        if not next_page:
            return
        page = int(response.meta.get("archive_page", 1)) + 1
        limit = self.settings.getint("NEWSCRAWL_ARCHIVE_MAX_PAGES", 200)
        if not self.is_own(next_page):
            reason = FailureReason(
                "offsite_listing", f"the next page is on another host: {next_page}"
            )
            self.record_failure(None, response.url, reason)
        elif page > limit:
            detail = f"more than {limit} pages for one chunk (NEWSCRAWL_ARCHIVE_MAX_PAGES)"
            self.record_failure(None, response.url, FailureReason("archive_cap", detail))
        else:
            yield scrapy.Request(
                next_page,
                callback=self.parse_archive,
                errback=self.listing_failed,
                meta={"archive_page": page},
            )

    def parse_front(self, response: Response) -> Iterator[scrapy.Request]:
        if self._is_listing(response):
            self._stat("listing/front")
            linked = self._own(self.cms.linked_articles(response), response.url)
            self._listed_ids += [entry.news_id for entry in linked]
        yield self.feed_request()

    def _own(self, listed: list[ListedArticle], listing: str) -> list[ListedArticle]:
        """The listed articles on the crawled host; the others are counted and left out."""
        own = [entry for entry in listed if self.is_own(entry.url)]
        if len(own) < len(listed):
            self._stat("listing/offsite_links", len(listed) - len(own))
            self.logger.info(
                "%s links %d articles of other hosts; left out", listing, len(listed) - len(own)
            )
        return own

    def front_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.logger.error("Front page failed (%s); going on with the feed", failure.value)
        yield self.feed_request()

    def feed_request(self) -> scrapy.Request:
        return scrapy.Request(
            self.cms.feed_url(self.base_url),
            callback=self.parse_feed,
            errback=self.feed_failed,
            dont_filter=True,
        )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self._stat("listing/feed")
        try:
            entries = self.cms.feed_entries(response.body, response.url)
        except FeedError as error:
            self.logger.error("Feed %s unreadable: %s", response.url, error)
        else:
            self._listed_ids += [entry.news_id for entry in self._own(entries, response.url)]
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
            self._stat("skipped_seen", self.ledger.skipped_seen)
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
            self.ledger.mark_absent(news_id)
            self._stat("gap/hard_404")
            return
        on_article_url = self.cms.article_id(response.url) is not None
        if not isinstance(response, TextResponse):
            if on_article_url:
                content_type = (response.headers.get("Content-Type") or b"none").decode("latin-1")
                reason = FailureReason("not_html", f"the article URL is {content_type}, not a page")
                self.record_failure(news_id, response.url, reason)
            else:
                self._not_article(news_id, response.url)
            return
        if not on_article_url:
            self._not_article(news_id, response.url)
            return
        if self.declared_site is not None:
            page = self.declared_site.page(response)
        else:
            page = self.page_class(response, site=self.site)
        try:
            kind = page.kind
            self._watch_layout(kind, response.url)
            if kind is PageKind.UNKNOWN:
                detail = "none of the CMS's layouts (challenge, maintenance, changed template?)"
                self.record_failure(news_id, response.url, FailureReason("unknown_layout", detail))
                return
            if kind is PageKind.NOT_FOUND:
                self._stat("gap/soft_404")
                self.ledger.mark_not_found(news_id)
                return
            if kind is PageKind.NOT_ARTICLE:
                self._not_article(news_id, response.url, page.kind_reason)
                return
            article = page.to_article()
            for anomaly in page.anomalies:
                self._stat(f"page/{anomaly}")
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

    def _watch_layout(self, kind: PageKind, url: str) -> None:
        """Stop the run when ``NEWSCRAWL_UNKNOWN_LAYOUT_MAX`` (20) pages in a row show no layout.

        The site changed its template, or serves a challenge page to every request.
        """
        if kind is not PageKind.UNKNOWN:
            self._unknown_in_a_row = 0
            return
        self._unknown_in_a_row += 1
        limit = self.settings.getint("NEWSCRAWL_UNKNOWN_LAYOUT_MAX", 20)
        if self._unknown_in_a_row == limit:
            self.logger.error(
                "%d article pages in a row show no known layout (the last: %s): the site's"
                " template has probably changed; stopping the crawl (layout_changed)",
                limit,
                url,
            )
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("newscrawl/spider/layout_changed", url)
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="layout_changed"))

    def _not_article(self, news_id: int, url: str, reason: str = "not_article") -> None:
        self._stat("gap/not_article")
        if reason != "not_article":
            self._stat(f"gap/not_article/{reason}")
        self.logger.info(
            "No article at id %d: %s is not an article page (%s)", news_id, url, reason
        )

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

    def record_failure(self, news_id: int | None, url: str, reason: FailureReason) -> None:
        """Count, log and record a failed fetch; the ledger keeps a failed id for the next run.

        A page too big (over ``DOWNLOAD_MAXSIZE``, or a compressed body that decompresses past
        it) is also counted as ``newscrawl/download/oversized``, page or listing alike.
        """
        if reason.code == "oversized":
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/download/oversized")
        if news_id is None:
            self._stat("listing/failed")
            self.logger.error("Listing %s failed (%s): %s", url, reason.code, reason.detail)
        else:
            self._stat("failed")
            self._stat(f"failed/{reason.code}")
            self.logger.error("Fetching id %d failed (%s): %s", news_id, reason.code, reason.detail)
        self.ledger.record_failure(news_id, url, reason)

    def listing_failed(self, failure: Failure) -> None:
        """An archive page could not be fetched: the articles it lists are not known, say so."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        self.record_failure(None, url, describe_failure(failure))

    def _in_date_range(self, published_at: str | None) -> bool:
        if self.date_range is None or published_at is None:
            return True
        day = datetime.fromisoformat(published_at).astimezone(dates.TEHRAN).date()
        return self.date_range[0] <= day <= self.date_range[1]

    def _is_listing(self, response: Response) -> TypeGuard[TextResponse]:
        if isinstance(response, TextResponse) and response.status == 200:
            return True
        self._stat("listing/unusable")
        self.logger.error("Listing %s unusable (HTTP %d, not text?)", response.url, response.status)
        return False

    def _stat(self, event: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/spider/{event}", count)
