"""``ClusterLedger``: the ``RunLedger`` of one worker of a shared crawl.

It records what became of each id crawl-wide (``handled``, ``failed``; the incremental walk and
plan) so that the gap pass and the cursor see every worker's work, and replaces the per-run commit
with the crawl's: the worker's claims become final and its ids join the seen-set in one step
(:meth:`SharedCrawl.commit`). The incremental cursor moves once per crawl, when the last worker
commits, computed from every worker's outcomes exactly as ``RunLedger`` computes it for one run;
that worker then deletes the crawl's keys.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Self

from newscrawl.distributed.crawl import SharedCrawl
from newscrawl.distributed.keys import seen_key
from newscrawl.distributed.state import RedisStateStore
from newscrawl.runs.failures import FailuresFile
from newscrawl.runs.ledger import RunLedger
from newscrawl.runs.outputs import failures_path

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ClusterLedger(RunLedger):
    """A ``RunLedger`` on Redis state whose outcomes and commit are the shared crawl's."""

    def __init__(
        self,
        shared: SharedCrawl,
        site: str,
        refresh: bool = False,
        id_ranges: list[tuple[int, int]] | None = None,
        failures: FailuresFile | None = None,
    ) -> None:
        super().__init__(RedisStateStore(shared.client), site, refresh=refresh, failures=failures)
        self.shared = shared
        self.id_ranges = id_ranges or []
        """The ranges of an ``ids`` crawl: what the gap pass checks."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Join the shared crawl: the spider's run id (so its default feed) gets the worker's."""
        spider: Any = crawler.spider
        shared = SharedCrawl.of(crawler)
        shared.plan = crawl_plan(spider)
        spider.run_id = f"{spider.run_id}-{shared.worker}"
        logger.info("Worker %s joining crawl %r", shared.worker, shared.keys.name)
        failures = FailuresFile(failures_path(crawler.settings, spider))
        return cls(shared, spider.site, spider.refresh, spider.id_ranges, failures)

    # --- outcomes, crawl-wide ---

    def plan_incremental(self, listed_ids: Iterable[int]) -> list[int]:
        plan = super().plan_incremental(listed_ids)
        keys = self.shared.keys
        pipe = self.shared.client.pipeline()
        if self.walk_start is not None and self.walk_end is not None:
            pipe.hset(keys.walk, mapping={"start": self.walk_start, "end": self.walk_end})
        if plan:
            pipe.sadd(keys.planned, *plan)
        pipe.execute()
        return plan

    def mark_handled(self, news_id: int) -> None:
        super().mark_handled(news_id)
        self.shared.client.sadd(self.shared.keys.handled, news_id)

    def mark_failed(self, news_id: int, reason: str) -> None:
        super().mark_failed(news_id, reason)
        pipe = self.shared.client.pipeline()
        pipe.sadd(self.shared.keys.handled, news_id)
        pipe.hset(self.shared.keys.failed, str(news_id), reason)
        pipe.execute()

    def planned_ids(self) -> set[int]:
        """Ids the crawl set out to fetch, if known before it started (ids and incremental)."""
        planned = {i for first, last in self.id_ranges for i in range(first, last + 1)}
        planned.update(int(i) for i in self.shared.client.smembers(self.shared.keys.planned))
        return planned

    def unhandled_ids(self) -> list[int]:
        """Planned ids that reached no callback or errback on any worker."""
        handled = {int(i) for i in self.shared.client.smembers(self.shared.keys.handled)}
        return sorted(self.planned_ids() - handled)

    # --- commit ---

    def commit(self, incremental: bool, feed: str | None) -> None:
        """Commit this worker's exports; the last worker also moves the cursor and cleans up."""
        outcome, ids = self.shared.commit(seen_key(self.site))
        if outcome == "evicted":
            logger.error(
                "Worker %s was evicted (its lease expired) before it committed: its %d articles"
                " were exported again by other workers; its feed %s duplicates them",
                self.shared.worker,
                len(self.exported),
                feed,
            )
            return
        logger.info(
            "Worker %s committed %d exported ids to crawl %r (%s)",
            self.shared.worker,
            ids,
            self.shared.keys.name,
            outcome,
        )
        if outcome != "complete":
            return
        if incremental:
            self._load_crawl_outcomes()
            super().commit(incremental=True, feed=feed)
        if self.shared.finish():
            logger.info("Crawl %r complete; its keys are deleted", self.shared.keys.name)

    def _load_crawl_outcomes(self) -> None:
        client, keys = self.shared.client, self.shared.keys
        walk = client.hgetall(keys.walk)
        if walk:
            self.walk_start, self.walk_end = int(walk["start"]), int(walk["end"])
        self.handled = {int(i) for i in client.smembers(keys.handled)}
        self.failed = {int(i): str(reason) for i, reason in client.hgetall(keys.failed).items()}


def crawl_plan(spider: Any) -> str:
    """What the crawl fetches, as workers compare it: site, host, mode and its arguments."""
    dates = [day.isoformat() for day in spider.date_range] if spider.date_range else None
    return json.dumps(
        {
            "site": spider.site,
            "base_url": spider.base_url,
            "mode": spider.mode,
            "ids": spider.id_ranges,
            "dates": dates,
            "refresh": spider.refresh,
        },
        sort_keys=True,
    )
