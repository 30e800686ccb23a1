"""``newscrawl extract FILE_OR_URL``: one page's record, printed as one JSON object.

A file (``-``: standard input) is read as saved; its address is ``--url``, else the page's own
``<link rel="canonical">`` or ``og:url``. A URL is fetched through Scrapy with the project's
settings: robots.txt is obeyed, the project's User-Agent sent, redirects guarded, retries and the
charset rule applied as in a crawl; nothing is exported and no state is read or written. The record
is :func:`newscrawl.extract`'s. Exit status: 0 printed, 1 no record (no article, rejected, the
fetch failed or was refused), 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.spidermiddlewares.httperror import HttpError

from newscrawl.extraction import ExtractionError, extract, project_settings
from newscrawl.ops.cli import CommandError

if TYPE_CHECKING:
    import argparse
    from collections.abc import AsyncIterator

    from scrapy.http import Response
    from twisted.python.failure import Failure

# Parts of a crawl that a one-page fetch leaves out: the run's bookkeeping and exports.
_RUN_EXTENSIONS = (
    "newscrawl.runs.commit.LedgerCommit",
    "newscrawl.runs.progress.ProgressLog",
    "newscrawl.runs.summary.RunSummary",
    "newscrawl.warc.record.WarcRecorder",
)


class ExtractFailed(CommandError):
    """No record: the page is no article, its record was rejected, or the fetch failed."""

    status = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", metavar="FILE_OR_URL", help="a saved page (- for stdin) or a URL")
    parser.add_argument("--url", help="the address a saved page was served at")
    parser.add_argument("--site", help="the declared site whose page it is (default: by host)")


def run(args: argparse.Namespace) -> int:
    if _is_url(args.page):
        if args.url is not None:
            raise CommandError("--url names a saved page's address; a URL is its own address")
        url, body = fetch(args.page)
    else:
        body = _read(args.page)
        url = args.url or _own_address(body)
    try:
        record = extract(body, url, site=args.site)
    except ExtractionError as error:
        if error.reason in ("bad_url", "unknown_site"):
            raise CommandError(str(error)) from None
        raise ExtractFailed(str(error)) from None
    print(json.dumps(record, ensure_ascii=False))
    return 0


def _is_url(page: str) -> bool:
    return urlsplit(page).scheme in ("http", "https")


def _read(page: str) -> bytes:
    if page == "-":
        return sys.stdin.buffer.read()
    path = Path(page)
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {page}: {error.strerror}") from None


def _own_address(body: bytes) -> str:
    """The address a saved page names for itself: its canonical link, else ``og:url``."""
    page = Selector(text=body.decode("utf-8", "replace"))
    for query in ('link[rel="canonical"]::attr(href)', 'meta[property="og:url"]::attr(content)'):
        address = (page.css(query).get() or "").strip()
        if _is_url(address):
            return address
    raise CommandError("the page names no address of its own; give it the one it had: --url")


class PageFetch(scrapy.Spider):
    """Fetches one URL through the project's downloader middlewares; keeps the response."""

    name = "extract"

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.allowed_domains = [urlsplit(url).hostname or ""]
        self.response: Response | None = None
        self.failure: Failure | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.url, callback=self.keep, errback=self.failed, dont_filter=True)

    def keep(self, response: Response) -> None:
        self.response = response

    def failed(self, failure: Failure) -> None:
        self.failure = failure


def fetch(url: str) -> tuple[str, bytes]:
    """(final URL, body) of ``url`` fetched as a crawl fetches it; ``ExtractFailed`` otherwise."""
    settings = project_settings()  # the project's own, from any working directory
    settings.set("ADDONS", {}, priority="cmdline")  # one page: never the shared (Redis) crawl
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the one-line errors
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions.update(dict.fromkeys(_RUN_EXTENSIONS))
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(PageFetch)
    process.crawl(crawler, url=url)
    process.start()
    spider = crawler.spider
    assert isinstance(spider, PageFetch)
    if spider.response is not None and spider.response.status == 200:
        return spider.response.url, spider.response.body
    if spider.response is not None:
        raise ExtractFailed(f"{url} answered HTTP {spider.response.status}")
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    error = spider.failure.value if spider.failure is not None else None
    if isinstance(error, HttpError):
        raise ExtractFailed(f"{url} answered HTTP {error.response.status}")
    if spider.failure is not None:
        raise ExtractFailed(f"cannot fetch {url}: {spider.failure.getErrorMessage()}")
    raise ExtractFailed(f"cannot fetch {url}: the crawl closed ({reason})")
