"""Several sites crawled in one process: one Scrapy crawler per site, each with its own settings.

``newscrawl run`` (``ops.cron``) hands :func:`crawl_sites` a :class:`SitePlan` per site. Every
crawler is built from its own copy of the settings, with the site's own feed and summary paths,
so each keeps what Scrapy gives a crawler: its robots.txt rules, its AutoThrottle and its download
slots (politeness per site), its ledger and state, its feed, rejects, failures and summary. They
run concurrently in one ``AsyncCrawlerProcess``. A crawler that cannot start, or that fails while
crawling, ends only its own task; the others go on. When a crawler's task ends, ``on_finished``
is called with its plan and the exception that ended it, if any, while the other crawls go on.

Logging: one file for the run. Every line names the spider it came from (``[asrpress]``) when
Scrapy or the spider tells (``extra={"spider": …}``, ``spider.logger``), ``[-]`` otherwise. With
several sites, each crawler's ``log_count/*`` stats (the summary's ``errors_logged``) count only
the lines naming its spider, and the progress line is off unless ``NEWSCRAWL_PROGRESS_INTERVAL``
is given: its lines name no spider.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.extensions.logcount import LogCount
from scrapy.utils.log import LogCounterHandler

from newscrawl.ops.commands.crawl import QUIET_LOGGERS

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from scrapy import Spider
    from scrapy.settings import Settings

logger = logging.getLogger(__name__)

LOG_FORMAT = "%(asctime)s [%(site)s] [%(name)s] %(levelname)s: %(message)s"


@dataclass(frozen=True)
class SitePlan:
    """One site of a run: what to crawl and where its files go."""

    site: str
    """The site key: the spider's name."""
    key: str
    """The key of its cross-run state: the site on the host crawled (``runs.state.state_key``)."""
    folder: Path
    """Where its feed, side files and day files go: ``<data dir>/<key>``."""
    stamp: str
    """The run's UTC start time, ``20261128T141542Z``: names the feed and the side files."""
    spider_args: dict[str, str] = field(default_factory=dict)

    @property
    def feed(self) -> Path:
        return self.folder / f"{self.stamp}.jsonl"

    @property
    def summary(self) -> Path:
        return self.folder / f"{self.stamp}.summary.json"


class _SiteField(logging.Filter):
    """Give every record a ``site``: the name of the spider it names, else ``-``."""

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        record.site = getattr(spider, "name", None) or "-"
        return True


class _OwnSpider(logging.Filter):
    """Let through only the records that name ``crawler``'s spider."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__()
        self.crawler = crawler

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        return spider is not None and spider is self.crawler.spider


class SiteLogCount(LogCount):
    """Scrapy's ``LogCount``, counting only the log lines of its own crawler's spider.

    Several crawlers share one process and its root logger; Scrapy's counter would count every
    crawler's lines in every crawler's stats.
    """

    def spider_opened(self, spider: Spider) -> None:
        self.handler = LogCounterHandler(self.crawler, level=self.crawler.settings.get("LOG_LEVEL"))
        self.handler.addFilter(_OwnSpider(self.crawler))
        logging.root.addHandler(self.handler)


def site_settings(base: Settings, plan: SitePlan, several: bool) -> Settings:
    """The settings of ``plan``'s crawler: ``base`` with the site's own feed and summary."""
    settings = base.copy()
    feed = {str(plan.feed): {"format": "jsonlines", "encoding": "utf-8"}}
    settings.setdict({"FEEDS": feed, "NEWSCRAWL_SUMMARY": str(plan.summary)}, priority="cmdline")
    if several:
        settings.set("NEWSCRAWL_PROGRESS_INTERVAL", 0, priority="command")
        extensions = settings.getdict("EXTENSIONS")  # by path, as EXTENSIONS_BASE names it
        extensions[f"{LogCount.__module__}.{LogCount.__name__}"] = None
        extensions[f"{__name__}.{SiteLogCount.__name__}"] = 0
        # above the process's own settings, which it lays over each crawler's when it starts it
        settings.set("EXTENSIONS", extensions, priority="cmdline")
    return settings


def open_run_log(path: Path, settings: Settings) -> logging.Handler:
    """Send every log line of the process to ``path``, each naming its spider (see above)."""
    handler = logging.FileHandler(path, encoding=settings.get("LOG_ENCODING") or "utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT, settings.get("LOG_DATEFORMAT")))
    handler.setLevel(settings.get("LOG_LEVEL") or "INFO")
    handler.addFilter(_SiteField())
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
    full = settings.get("LOG_LEVEL") == "DEBUG" or settings.getbool("NEWSCRAWL_FULL_LOG")
    if not full:  # Scrapy's start-up dump, once per crawler, as `scrapy crawl` keeps it out
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def crawl_sites(
    settings: Settings,
    plans: Sequence[SitePlan],
    log: Path,
    on_finished: Callable[[SitePlan, BaseException | None], None],
) -> None:
    """Crawl every plan concurrently in this process, logging to ``log``; return when all end.

    ``settings`` are the run's (project settings and ``-s``), with ``LOG_INSTALL_ROOT_HANDLER``
    off: this module installs the one log handler.
    """
    process = AsyncCrawlerProcess(settings)
    handler = open_run_log(log, settings)  # after the process: its dictConfig closes handlers
    try:
        several = len(plans) > 1
        for plan in plans:
            spider_class = process.spider_loader.load(plan.site)
            crawler = Crawler(spider_class, site_settings(settings, plan, several))
            task = process.crawl(crawler, **plan.spider_args)
            task.add_done_callback(partial(_ended, plan=plan, on_finished=on_finished))
        process.start()
    finally:
        logging.root.removeHandler(handler)
        handler.close()


def _ended(
    task: asyncio.Task[Any],
    *,
    plan: SitePlan,
    on_finished: Callable[[SitePlan, BaseException | None], None],
) -> None:
    error = None if task.cancelled() else task.exception()
    if error is not None:
        logger.error("%s: the crawl stopped on an error: %s", plan.site, error, exc_info=error)
    try:
        on_finished(plan, error)
    except Exception:  # one site's housekeeping must not stop the other sites' crawls
        logger.exception("%s: finishing the run failed", plan.site)
