"""``scrapy crawl``, made hard to misuse: one-line errors, a quiet log, an exit status that tells.

Scrapy's own command prints a traceback around a bad argument and exits 0 after a crawl that
fetched nothing. This one (the project's ``COMMANDS_MODULE``):

- refuses an unknown spider, a bad ``-a`` argument, unreadable state or an unwritable output
  directory with one line on stderr (``scrapy crawl SITE: …``) and exit status 2, before any
  request (the traceback with ``-L DEBUG``);
- exits 1 when the run failed, by the rule ``newscrawl run`` uses (``runs.summary.summarize``:
  finish reason, nothing fetched, spider errors, coverage, failed ids), naming the problems;
- writes an explicit ``-o``/``-O`` file even when the run exported nothing (an empty file says
  "nothing", a missing one "not run"), while the default per-run feed publishes nothing empty;
- keeps Scrapy's start-up dump (versions, overridden settings, enabled components) out of the
  log unless ``-L DEBUG`` or ``-s NEWSCRAWL_FULL_LOG=1`` asks for Scrapy's full log.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl

from newscrawl.runs.summary import summarize

if TYPE_CHECKING:
    import argparse

QUIET_LOGGERS = ("scrapy.utils.log", "scrapy.crawler", "scrapy.middleware", "scrapy.addons")
"""Scrapy's start-up lines: its version, the overridden settings, the enabled components."""

USAGE_EXIT = 2


def _warnings_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


class Command(ScrapyCrawl):
    """Scrapy's ``crawl`` with one-line errors and an exit status that says whether it worked."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self._quiet()  # before the crawler process exists: it logs its start at once
        if opts.output or opts.overwrite_output:  # the feeds the user named: written when empty
            feeds = self.settings.getdict("FEEDS")
            for options in feeds.values():
                options.setdefault("store_empty", True)
            self.settings.set("FEEDS", feeds, priority="cmdline")

    def _debug(self) -> bool:
        return self.settings is not None and self.settings.get("LOG_LEVEL") == "DEBUG"

    def _quiet(self) -> None:
        """Scrapy's start-up lines only with ``-L DEBUG`` or ``NEWSCRAWL_FULL_LOG``.

        A filter, not a level: Scrapy's logging set-up resets the levels of its loggers.
        """
        assert self.settings is not None
        if not (self._debug() or self.settings.getbool("NEWSCRAWL_FULL_LOG")):
            for logger_name in QUIET_LOGGERS:
                logger = logging.getLogger(logger_name)
                if _warnings_only not in logger.filters:
                    logger.addFilter(_warnings_only)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.crawler_process is not None
        assert self.settings is not None
        debug = self._debug()
        name = args[0]
        try:
            crawler = self._create_crawler(name)
        except KeyError:
            print(f"scrapy crawl {name}: no such spider (scrapy list names them)", file=sys.stderr)
            self.exitcode = USAGE_EXIT
            return
        crawl = self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        error = None
        if isinstance(crawl, asyncio.Future) and crawl.done() and not crawl.cancelled():
            error = crawl.exception()
        if error is not None:
            if debug:
                raise error
            print(f"scrapy crawl {name}: {error}", file=sys.stderr)
            self.exitcode = USAGE_EXIT
            return
        if crawler.stats is None:
            self.exitcode = 1
            return
        verdict = summarize(
            crawler.stats.get_stats(), crawler.settings.getfloat("NEWSCRAWL_MAX_FAILED_SHARE", 0.2)
        )
        if not verdict["ok"]:
            print(f"scrapy crawl {name}: failed: {'; '.join(verdict['problems'])}", file=sys.stderr)
            self.exitcode = 1
