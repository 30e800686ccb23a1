"""``RunSummary``: one JSON file per run, beside its data, for monitoring and the cron wrapper.

Besides the run's counts (:func:`summarize`), a summary carries the site's ``health``
(``runs.health``), carried forward from the previous summary of the same state key in its folder.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.runs.coverage import COLLAPSED_STAT, coverage_from_stats
from newscrawl.runs.health import PublishedTally, QuietRule, next_health, previous_health
from newscrawl.runs.outputs import local_feed_path, rejects_path
from newscrawl.runs.state import write_atomically

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def summarize(stats: dict[str, Any], max_failed_share: float = 0.2) -> dict[str, Any]:
    """The counts a person monitoring the crawl needs, from Scrapy's stats; and whether it failed.

    A run failed when it did not finish normally, sent requests but fetched no page (a shared
    crawl's worker that found nothing left to do sends none), a callback raised, the
    coverage collapsed, or more than ``max_failed_share`` of the ids it handled failed.
    ``coverage`` holds the per-field counts of ``CountFieldCoveragePipeline``; ``ledger`` what
    the state commit decided (ids given up, soft 404s pending, published late, a cut plan).
    """

    def prefixed(prefix: str) -> dict[str, int]:
        return {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}

    fetched = int(stats.get("response_received_count", 0))
    spider_errors = int(stats.get("spider_exceptions/count", 0))
    failed = int(stats.get("newscrawl/spider/failed", 0))
    gaps = {k: v for k, v in prefixed("newscrawl/spider/gap/").items() if "/" not in k}
    handled = int(stats.get("newscrawl/spider/article", 0)) + sum(gaps.values()) + failed
    problems = []
    if stats.get("finish_reason") != "finished":
        problems.append(f"crawl ended with finish_reason={stats.get('finish_reason')!r}")
    if fetched == 0 and int(stats.get("downloader/request_count", 0)) > 0:
        problems.append("no page was fetched (site unreachable?)")
    if spider_errors:
        problems.append(f"{spider_errors} spider errors")
    if stats.get(COLLAPSED_STAT):
        problems.append(f"coverage collapsed: {stats[COLLAPSED_STAT]}")
    if handled and failed > max_failed_share * handled:
        problems.append(f"{failed} of {handled} ids failed (more than {max_failed_share:.0%})")
    return {
        "ok": not problems,
        "problems": problems,
        "finish_reason": stats.get("finish_reason"),
        "pages_fetched": fetched,
        "exported": int(stats.get("item_scraped_count", 0)),
        "rejected": prefixed("newscrawl/validate/rejected/"),
        "duplicates": int(stats.get("newscrawl/dedupe/duplicate", 0)),
        "gaps": prefixed("newscrawl/spider/gap/"),
        "failed": failed,
        "failed_by_reason": prefixed("newscrawl/spider/failed/"),
        "ledger": prefixed("newscrawl/ledger/"),
        "skipped_seen": int(stats.get("newscrawl/spider/skipped_seen", 0)),
        "errors_logged": int(stats.get("log_count/ERROR", 0)),
        "spider_exceptions": spider_errors,
        "feed": stats.get("newscrawl/feed/published"),
        "coverage": coverage_from_stats(stats),
    }


def add_health(
    summary: dict[str, Any],
    path: Path,
    key: str,
    published: PublishedTally,
    rule: QuietRule,
    finished: datetime,
) -> dict[str, Any]:
    """``summary`` with its ``health``: the last summary of ``key`` beside ``path``, carried on."""
    previous = previous_health(path.parent, key, other_than=path)
    summary["health"] = next_health(
        previous, key=key, run=summary, published=published, finished=finished, rule=rule
    )
    return summary


def unstarted_summary(site: str, run_id: str, problem: str) -> dict[str, Any]:
    """The summary of a run that could not start (``newscrawl run`` writes it): not ok, why."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    counts = {**summarize({}), "problems": [problem]}
    header = {"site": site, "run_id": run_id, "mode": None, "started_at": now, "finished_at": now}
    return {**header, **counts}


def write_summary(path: Path, summary: dict[str, Any]) -> None:
    write_atomically(path, json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


class RunSummary:
    """Write ``<feed stem>.summary.json`` beside the feed when the engine stops.

    Or at ``NEWSCRAWL_SUMMARY`` when set. The file holds ``site``, ``run_id``, ``mode``,
    ``started_at``/``finished_at`` (UTC ISO 8601), the counts of :func:`summarize` and the site's
    ``health`` (``runs.health``). ``NEWSCRAWL_MAX_FAILED_SHARE`` (0.2): the share of handled ids
    that may fail before the run counts as failed. ``NEWSCRAWL_QUIET_HOURS`` (12) and
    ``NEWSCRAWL_QUIET_MIN_WEEKLY`` (70): a site with at least that many records published in the
    last 7 days and none in that many hours gets a ``health.quiet`` warning, also logged.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path: Path | None = None
        self.started_at = datetime.now(UTC)
        self.published = PublishedTally()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def item_scraped(self, item: Any) -> None:
        self.published.add(ItemAdapter(item).get("published_at"))

    def spider_opened(self, spider: Spider) -> None:
        explicit = self.crawler.settings.get("NEWSCRAWL_SUMMARY")
        if explicit:
            self.path = Path(explicit)
            return
        feed = local_feed_path(self.crawler.settings, spider) or rejects_path(
            self.crawler.settings, spider
        )
        self.path = feed.with_name(f"{feed.name.split('.', 1)[0]}.summary.json")

    def engine_stopped(self) -> None:
        if self.path is None or self.crawler.stats is None:
            return
        spider = self.crawler.spider
        site = getattr(spider, "site", getattr(spider, "name", None))
        finished = datetime.now(UTC)
        summary = {
            "site": site,
            "run_id": getattr(spider, "run_id", None),
            "mode": getattr(spider, "mode", None),
            "started_at": self.started_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finished_at": finished.strftime("%Y-%m-%dT%H:%M:%SZ"),
            **summarize(
                self.crawler.stats.get_stats(),
                self.crawler.settings.getfloat("NEWSCRAWL_MAX_FAILED_SHARE", 0.2),
            ),
        }
        key = str(getattr(spider, "state_key", site))
        rule = QuietRule.from_settings(self.crawler.settings)
        add_health(summary, self.path, key, self.published, rule, finished)
        if summary["health"]["quiet"]:
            logger.warning("%s: %s", key, summary["health"]["quiet"])
        write_summary(self.path, summary)
        logger.info("Run summary written to %s", self.path)
