"""``RunLedger``: what one crawl did with each id, and the cross-run state it commits at the end.

The spider asks the ledger which ids to fetch (skipping articles earlier runs exported) and tells
it what became of each id; a failed fetch is also written to the run's failures file. When the
feed exporter has closed — the articles are published — ``runs.commit`` has the ledger record the
exported ids in the seen-store and, in incremental mode, advance the site's cursor to the highest
id below which every id was handled. Ids whose fetch failed stay in
``retry_ids`` and are fetched again by the next run: a failure never silently becomes a gap.
A crawl killed before that point commits nothing, so the next run repeats its work and, because
the killed run's feed was never published, nothing is exported twice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from newscrawl.runs.failures import FailuresFile
from newscrawl.runs.outputs import failures_path
from newscrawl.runs.state import DEFAULT_STATE_DIR, StateDir

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler

    from newscrawl.runs.failures import FailureReason
    from newscrawl.runs.state import SiteState, StateStore

logger = logging.getLogger(__name__)


class RunLedger:
    """Per-run bookkeeping of ids for one site, backed by a ``StateStore`` (``StateDir``, Redis)."""

    def __init__(
        self,
        state_dir: StateStore,
        site: str,
        refresh: bool = False,
        failures: FailuresFile | None = None,
    ) -> None:
        self.state_dir = state_dir
        self.site = site
        self.refresh = refresh
        self.failures = failures
        self.state: SiteState = state_dir.load(site)
        self.seen = state_dir.seen_store()
        self.exported: set[int] = set()
        self.handled: set[int] = set()
        self.failed: dict[int, str] = {}
        self.walk_start: int | None = None
        self.walk_end: int | None = None
        self.skipped_seen = 0
        """Ids the last plan left out because an earlier run exported them."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The ledger of the crawler's spider: its site, on ``NEWSCRAWL_STATE_DIR``."""
        spider = crawler.spider
        assert spider is not None
        state_dir = StateDir(crawler.settings.get("NEWSCRAWL_STATE_DIR") or DEFAULT_STATE_DIR)
        failures = FailuresFile(failures_path(crawler.settings, spider))
        site = str(getattr(spider, "site", spider.name))
        return cls(
            state_dir, site, refresh=bool(getattr(spider, "refresh", False)), failures=failures
        )

    def already_exported(self, news_id: int) -> bool:
        """True when an earlier run exported the article (and ``refresh`` was not asked)."""
        return not self.refresh and (self.site, news_id) in self.seen

    def plan_incremental(self, listed_ids: Iterable[int]) -> list[int]:
        """Ids to fetch: from the cursor up to the newest listed id, retries, and new listed ids.

        Without a cursor (first run): every id between the smallest and largest listed id.
        """
        listed = sorted(set(listed_ids))
        if not listed:
            return sorted(set(self.state.retry_ids))
        newest = listed[-1]
        start = listed[0] if self.state.last_id is None else self.state.last_id + 1
        self.walk_start, self.walk_end = start, max(newest, start - 1)
        wanted = set(range(start, newest + 1)) | set(self.state.retry_ids) | set(listed)
        plan = sorted(news_id for news_id in wanted if not self.already_exported(news_id))
        self.skipped_seen = len(wanted) - len(plan)
        return plan

    def mark_exported(self, news_id: int) -> None:
        self.exported.add(news_id)

    def mark_handled(self, news_id: int) -> None:
        self.handled.add(news_id)
        self.failed.pop(news_id, None)

    def mark_failed(self, news_id: int, reason: str) -> None:
        self.failed[news_id] = reason
        self.handled.add(news_id)

    def record_failure(self, news_id: int | None, url: str, reason: FailureReason) -> None:
        """A fetch failed: write it to the failures file; a failed id is retried next run."""
        if news_id is not None:
            self.mark_failed(news_id, reason.detail)
        if self.failures is not None:
            self.failures.write(reason, url, self.site, news_id)

    def new_cursor(self) -> int | None:
        """Highest id such that every id of the walk up to it was handled (or exported before)."""
        if self.walk_start is None or self.walk_end is None:
            return self.state.last_id
        cursor = self.walk_start - 1
        while cursor < self.walk_end and (
            cursor + 1 in self.handled or (self.site, cursor + 1) in self.seen
        ):
            cursor += 1
        return max(cursor, self.state.last_id or cursor)

    def commit(self, incremental: bool, feed: str | None) -> None:
        """Record exported ids as seen and, in incremental mode, advance the cursor; atomic."""
        self.seen.add_all(self.site, sorted(self.exported))
        if incremental:
            cursor = self.new_cursor()
            retry = set(self.state.retry_ids) - self.handled | set(self.failed)
            self.state.retry_ids = sorted(news_id for news_id in retry if news_id <= (cursor or 0))
            self.state.last_id = cursor
            self.state.feed = feed or self.state.feed
            self.state_dir.save(self.state)
        logger.info(
            "State committed for %s: %d exported ids recorded, cursor %s, %d ids to retry",
            self.site,
            len(self.exported),
            self.state.last_id,
            len(self.state.retry_ids),
        )

    def close(self) -> None:
        self.seen.close()  # idempotent: sqlite3 allows closing twice
        if self.failures is not None:
            self.failures.close()
