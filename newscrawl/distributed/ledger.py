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
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from newscrawl.distributed.crawl import SharedCrawl
from newscrawl.distributed.keys import commit_key, seen_key
from newscrawl.distributed.state import RedisStateStore
from newscrawl.runs.failures import FailuresFile
from newscrawl.runs.ledger import Limits, RunLedger, limits_of
from newscrawl.runs.outputs import failures_path
from newscrawl.runs.state import DEFAULT_STATE_DIR, write_json

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ClusterLedger(RunLedger):
    """A ``RunLedger`` on Redis state whose outcomes and commit are the shared crawl's."""

    def __init__(
        self,
        shared: SharedCrawl,
        key: str,
        *,
        site: str | None = None,
        refresh: bool = False,
        id_ranges: list[tuple[int, int]] | None = None,
        failures: FailuresFile | None = None,
        sequential: bool = True,
        limits: Limits = Limits(),  # noqa: B008  # a frozen dataclass
        journal_dir: Path | None = None,
    ) -> None:
        super().__init__(
            RedisStateStore(shared.client),
            key,
            site=site,
            refresh=refresh,
            failures=failures,
            sequential=sequential,
            limits=limits,
            journal_dir=journal_dir,
        )
        self.journal = self.journal.with_name(f"{key}.worker-{shared.worker}.journal.json")
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
        root = Path(crawler.settings.get("NEWSCRAWL_STATE_DIR") or DEFAULT_STATE_DIR)
        ledger = cls(
            shared,
            spider.state_key,
            site=spider.site,
            refresh=spider.refresh,
            id_ranges=spider.id_ranges,
            failures=FailuresFile(failures_path(crawler.settings, spider)),
            sequential=spider.sequential,
            limits=limits_of(crawler),
            journal_dir=root,
        )
        for journal in sorted(root.glob(f"{spider.state_key}.worker-*.journal.json")):
            if time.time() - journal.stat().st_mtime > 2 * shared.lease:  # its worker is gone
                ledger.recover(journal)
        return ledger

    def claims_committed(self, journal: dict[str, Any]) -> bool:
        """The journal says so, or Redis holds the commit record of the journal's worker."""
        if journal.get("committed", True):
            return True
        return bool(self.shared.client.exists(commit_key(str(journal.get("worker")))))

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

    def mark_not_found(self, news_id: int) -> None:
        super().mark_not_found(news_id)
        self.shared.client.sadd(self.shared.keys.not_found, news_id)

    def mark_absent(self, news_id: int) -> None:
        super().mark_absent(news_id)
        self.shared.client.sadd(self.shared.keys.absent, news_id)

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

    def commit(self, incremental: bool) -> list[str]:
        """Commit this worker's claims in Redis, then publish its feeds (the last: the cursor).

        The journal is written before the Redis commit and marked ``committed`` after it, so a
        worker killed in between is finished by its next run on this machine (``recover``): its
        feeds are published if the claims were committed, dropped if not (then other workers
        exported those articles once the lease expired).
        """
        journal = self._journal(committed=False)
        outcome, ids = self.shared.commit(seen_key(self.key))
        if outcome == "evicted":
            logger.error(
                "Worker %s was evicted (its lease expired) before it committed: its %d articles"
                " were exported again by other workers; its feeds stay unpublished: %s",
                self.shared.worker,
                len(self.exported),
                ", ".join(str(part) for _, part in self.staged) or "none",
            )
            self.journal.unlink(missing_ok=True)
            return []
        if journal is not None:
            write_json(self.journal, {**journal, "committed": True})
        published = [self._publish(entry) for entry in journal["feeds"]] if journal else []
        self.journal.unlink(missing_ok=True)
        logger.info(
            "Worker %s committed %d exported ids to crawl %r (%s)",
            self.shared.worker,
            ids,
            self.shared.keys.name,
            outcome,
        )
        if outcome == "complete":
            if incremental:
                self._load_crawl_outcomes()
                state = self.next_state()
                self.store.save(state)
                self.state = state
            if self.shared.finish():
                logger.info("Crawl %r complete; its keys are deleted", self.shared.keys.name)
        return [path for path in published if path is not None]

    def _journal(self, committed: bool) -> dict[str, Any] | None:
        """Write the journal of the staged feeds (None when nothing was staged)."""
        if not self.staged:
            return None
        journal = {
            "key": self.key,
            "worker": self.shared.worker,
            "exported": sorted(self.exported),
            "state": None,
            "committed": committed,
            "feeds": self.staged_feeds(),
        }
        write_json(self.journal, journal)
        return journal

    def _load_crawl_outcomes(self) -> None:
        client, keys = self.shared.client, self.shared.keys
        walk = client.hgetall(keys.walk)
        if walk:
            self.walk_start, self.walk_end = int(walk["start"]), int(walk["end"])
        self.handled = {int(i) for i in client.smembers(keys.handled)}
        self.failed = {int(i): str(reason) for i, reason in client.hgetall(keys.failed).items()}
        self.not_found = {int(i) for i in client.smembers(keys.not_found)}
        self.absent = {int(i) for i in client.smembers(keys.absent)}


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
