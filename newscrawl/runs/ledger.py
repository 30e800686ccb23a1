"""``RunLedger``: what one crawl did with each id, and the cross-run state it commits with its feed.

The spider asks the ledger which ids to fetch and tells it what became of each; a failed fetch is
also written to the run's failures file. At the end (``runs.commit``) the ledger publishes the
run's local feeds and commits the state **as one durable step**:

1. the feed storage has written and fsynced ``<feed>.part`` and *staged* it here;
2. a journal (``<key>.journal.json`` in the state dir, fsynced) records the staged feeds with
   their SHA-256, the exported ids and the state to commit;
3. the exported ids join the seen-store and the state is saved;
4. each staged ``.part`` is renamed into place; 5. the journal is deleted.

A run killed before 2 published and committed nothing (its ``.part`` is stale: the next
incremental run fetches those articles again, and removes it once it has committed). Killed
after 2, the next run of the site (:meth:`RunLedger.recover`) finishes 3 to 5 from the journal.
Either way, every exported article is published once.

Incremental runs: with sequential ids the plan walks from the cursor up to the newest listed
id, at most ``NEWSCRAWL_MAX_PLAN`` (10,000) ids a run, nearest the cursor first; the cursor then
moves to the highest id below which every id was handled. Without sequential ids the plan is the
listed ids not exported before. Either way it adds the ids to retry and the soft 404s due again:

- a failed id is retried by the next runs, and given up after ``NEWSCRAWL_MAX_ATTEMPTS`` (5)
  runs failed it, with its reason in the failures file;
- an id met as the CMS's soft 404 may be a draft published later: it is asked again by the next
  run, then :data:`PENDING_AFTER` its first sighting, and given up after the last of those
  (72 hours).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from newscrawl.runs.failures import FailureReason, FailuresFile
from newscrawl.runs.outputs import failures_path
from newscrawl.runs.state import (
    DEFAULT_STATE_DIR,
    Pending,
    Retry,
    SiteState,
    StateDir,
    utc_now,
    write_json,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler

    from newscrawl.runs.state import StateStore

logger = logging.getLogger(__name__)

PENDING_AFTER = tuple(timedelta(hours=hours) for hours in (0, 1 / 3, 1, 3, 6, 12, 24, 48, 72))
"""When a soft-404 id is asked again, counted from its first sighting: at the next run, then
20 minutes, 1 hour, 3 hours … after; a soft 404 at the last (72 hours) gives it up. Ten requests
at most."""


@dataclass(frozen=True)
class Limits:
    """The bounds a ledger keeps (settings ``NEWSCRAWL_MAX_PLAN``, ``NEWSCRAWL_MAX_ATTEMPTS``)."""

    max_plan: int = 10_000
    """Ids an incremental plan walks beyond the cursor, at most."""
    max_attempts: int = 5
    """Runs that may fail an id before it is given up."""


def _parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _format_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class RunLedger:
    """Per-run bookkeeping of ids for one site on one host, backed by a ``StateStore``."""

    def __init__(
        self,
        store: StateStore,
        key: str,
        *,
        site: str | None = None,
        refresh: bool = False,
        failures: FailuresFile | None = None,
        sequential: bool = True,
        limits: Limits = Limits(),  # a frozen dataclass
        journal_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.key = key
        self.site = site or key
        """The site key the run's records and failures name (``key`` adds the host)."""
        self.refresh = refresh
        self.failures = failures
        self.sequential = sequential
        self.limits = limits
        self.journal = (journal_dir or Path(DEFAULT_STATE_DIR)) / f"{key}.journal.json"
        self.state: SiteState = store.load(key)
        self.seen = store.seen_store()
        self.exported: set[int] = set()
        self.handled: set[int] = set()
        self.failed: dict[int, str] = {}
        self.not_found: set[int] = set()
        self.absent: set[int] = set()
        """Ids the site answered with a hard 404: perhaps a gap, perhaps not allotted yet."""
        self.walk_start: int | None = None
        self.walk_end: int | None = None
        self.skipped_seen = 0
        """Ids the last plan left out because an earlier run exported them."""
        self.outcome: dict[str, int] = {}
        """What the commit decided: ``given_up``, ``pending``, ``pending_given_up``,
        ``late_published``, ``plan_cut``, ``walk_outliers`` (for the run summary)."""
        self.staged: list[tuple[Path, Path]] = []
        """``(feed, its .part)`` written and fsynced, to publish at the commit."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The ledger of the crawler's spider: its state key, on ``NEWSCRAWL_STATE_DIR``."""
        spider: Any = crawler.spider
        settings = crawler.settings
        root = Path(settings.get("NEWSCRAWL_STATE_DIR") or DEFAULT_STATE_DIR)
        ledger = cls(
            StateDir(root),
            spider.state_key,
            site=spider.site,
            refresh=spider.refresh,
            failures=FailuresFile(failures_path(settings, spider)),
            sequential=spider.sequential,
            limits=limits_of(crawler),
            journal_dir=root,
        )
        ledger.recover()
        return ledger

    # --- planning ---

    def already_exported(self, news_id: int) -> bool:
        """True when an earlier run exported the article (and ``refresh`` was not asked)."""
        return not self.refresh and (self.key, news_id) in self.seen

    def plan_incremental(self, listed_ids: Iterable[int]) -> list[int]:
        """Ids to fetch: the walk from the cursor (or the listed ids), retries, due soft 404s.

        The walk ends at the newest id of the largest group of listed ids (neighbours at most
        ``max_plan`` apart): one link far beyond the others (a typo, another site's id on this
        host) is fetched alone, never walked to. Ids given up are not asked again.
        """
        listed = sorted(set(listed_ids) - set(self.state.given_up))
        cursor = self.state.last_id
        if self.sequential and listed and cursor is not None:
            # A link far below the cursor (a page's "about us" item) was walked long ago.
            listed = [news_id for news_id in listed if news_id > cursor - self.limits.max_plan]
        wanted = set(listed) | set(self.state.retry) | set(self.due_pending())
        if self.sequential and listed:
            low, high = largest_group(listed, self.limits.max_plan)
            outliers = [news_id for news_id in listed if news_id > high]
            if outliers:
                self.outcome["walk_outliers"] = len(outliers)
                logger.warning(
                    "Listed ids far beyond the others are fetched alone, not walked to: %s",
                    ", ".join(map(str, outliers[:5])) + (" …" if len(outliers) > 5 else ""),
                )
            # The first run (no cursor) walks the group's span, at most the newest max_plan; the
            # group's listed ids below that are fetched alone, those below the group not at all.
            first = max(low, high - self.limits.max_plan + 1)
            start = first if cursor is None else cursor + 1
            end = max(high, start - 1)
            if end - start + 1 > self.limits.max_plan:
                cut = end - start + 1 - self.limits.max_plan
                end = start + self.limits.max_plan - 1
                self.outcome["plan_cut"] = cut
                logger.warning(
                    "The listings name ids up to %d, %d beyond the cursor %s: this run walks the"
                    " %d nearest it (NEWSCRAWL_MAX_PLAN); the rest wait for the next runs",
                    high,
                    high - start + 1,
                    self.state.last_id,
                    self.limits.max_plan,
                )
                wanted = {news_id for news_id in wanted if news_id <= end} | set(self.state.retry)
            elif cursor is None:
                wanted = {news_id for news_id in wanted if news_id >= low}
            self.walk_start, self.walk_end = start, end
            wanted |= set(range(start, end + 1))
        plan = sorted(news_id for news_id in wanted if not self.already_exported(news_id))
        self.skipped_seen = len(wanted) - len(plan)
        return plan

    def due_pending(self, now: datetime | None = None) -> list[int]:
        """Soft-404 ids whose next ask is due."""
        moment = now or datetime.now(UTC)
        return [i for i, p in self.state.pending.items() if _parse_time(p.next_at) <= moment]

    # --- outcomes ---

    def mark_exported(self, news_id: int) -> None:
        self.exported.add(news_id)

    def mark_handled(self, news_id: int) -> None:
        self.handled.add(news_id)
        self.failed.pop(news_id, None)

    def mark_absent(self, news_id: int) -> None:
        """The id answered with a hard 404: a gap below the site's newest id, else not allotted."""
        self.mark_handled(news_id)
        self.absent.add(news_id)

    def mark_not_found(self, news_id: int) -> None:
        """The id answered with the CMS's soft 404: maybe a draft, asked again later."""
        self.mark_handled(news_id)
        self.not_found.add(news_id)

    def mark_failed(self, news_id: int, reason: str) -> None:
        self.failed[news_id] = reason
        self.handled.add(news_id)

    def record_failure(self, news_id: int | None, url: str, reason: FailureReason) -> None:
        """A fetch failed: write it to the failures file; a failed id is retried next run."""
        if news_id is not None:
            self.mark_failed(news_id, f"{reason.code}: {reason.detail}")
        if self.failures is not None:
            self.failures.write(reason, url, self.site, news_id)

    def new_cursor(self) -> int | None:
        """The new cursor: the highest id up to which the walk was handled, and which exists.

        Every id of the walk up to it was handled (or exported before). Hard 404s at the top of
        the walk are ids the site has not allotted yet (the walk may have gone beyond its
        newest), so the cursor stays below them.
        """
        if self.walk_start is None or self.walk_end is None:
            return self.state.last_id
        cursor = self.walk_start - 1
        while cursor < self.walk_end and (
            cursor + 1 in self.handled or (self.key, cursor + 1) in self.seen
        ):
            cursor += 1
        while cursor >= self.walk_start and cursor in self.absent:
            cursor -= 1
        return max(cursor, self.state.last_id or cursor)

    # --- the commit ---

    def stage(self, feed: Path, part: Path) -> None:
        """The feed storage wrote ``part`` (fsynced): publish it as ``feed`` at the commit."""
        self.staged.append((feed, part))

    def commit(self, incremental: bool) -> list[str]:
        """Publish the staged feeds and commit the state as one durable step; the feeds."""
        state = self.next_state() if incremental else None
        if state is not None and self.staged:
            state.feed = str(self.staged[0][0])
        feeds = self.staged_feeds()
        if feeds:
            write_json(
                self.journal,
                {
                    "key": self.key,
                    "exported": sorted(self.exported),
                    "state": state.to_saved() if state is not None else None,
                    "feeds": feeds,
                },
            )
        self.apply(sorted(self.exported), state)
        published = [self._publish(entry) for entry in feeds]
        self.journal.unlink(missing_ok=True)
        logger.info(
            "State committed for %s: %d exported ids recorded, cursor %s, %d ids to retry,"
            " %d soft 404s pending",
            self.key,
            len(self.exported),
            self.state.last_id,
            len(self.state.retry),
            len(self.state.pending),
        )
        return [path for path in published if path is not None]

    def staged_feeds(self) -> list[dict[str, str]]:
        """The staged feeds as a journal records them: feed, part and the part's SHA-256."""
        return [
            {"path": str(feed), "part": str(part), "sha256": _sha256(part)}
            for feed, part in self.staged
        ]

    def apply(self, exported: list[int], state: SiteState | None) -> None:
        """Record ``exported`` as seen and save ``state``: safe to do twice."""
        self.seen.add_all(self.key, exported)
        if state is not None:
            self.store.save(state)
            self.state = state

    def next_state(self) -> SiteState:
        """The state after this run: cursor, retries (attempts counted), soft 404s pending."""
        now = datetime.now(UTC)
        cursor = self.new_cursor()
        state = SiteState(self.key, cursor, dict(self.state.retry), dict(self.state.pending))
        state.feed = self.state.feed
        forget_below = (cursor or 0) - self.limits.max_plan  # no plan reaches these any more
        state.given_up = {i: why for i, why in self.state.given_up.items() if i > forget_below}
        for news_id in self.handled - set(self.failed):
            state.retry.pop(news_id, None)
        for news_id, reason in self.failed.items():
            before = state.retry.get(news_id)
            attempts = (before.attempts if before else 0) + 1
            if attempts >= self.limits.max_attempts:
                state.retry.pop(news_id, None)
                detail = f"given up after {attempts} failed runs; last: {reason}"
                state.given_up[news_id] = detail
                self._give_up(news_id, detail)
            else:
                since = before.since if before else utc_now()
                state.retry[news_id] = Retry(attempts, reason, since)
        self._update_pending(state, now)
        return state

    def _update_pending(self, state: SiteState, now: datetime) -> None:
        for news_id in list(state.pending):
            if news_id in self.exported:
                self._count("late_published")
            if news_id in self.exported or (self.key, news_id) in self.seen:
                del state.pending[news_id]
        for news_id in self.not_found:
            known = state.pending.get(news_id)
            first = _parse_time(known.first_seen) if known else now
            asked = (known.asked if known else 0) + 1
            if asked > len(PENDING_AFTER) or now - first >= PENDING_AFTER[-1]:
                state.pending.pop(news_id, None)
                self._count("pending_given_up")
                continue
            next_at = _format_time(first + PENDING_AFTER[asked - 1])
            state.pending[news_id] = Pending(_format_time(first), asked, next_at)
        self.outcome["pending"] = len(state.pending)

    def _give_up(self, news_id: int, detail: str) -> None:
        self._count("given_up")
        logger.warning("Id %d given up: %s", news_id, detail)
        if self.failures is not None:
            self.failures.write(FailureReason("given_up", detail), "", self.site, news_id)

    def _count(self, outcome: str) -> None:
        self.outcome[outcome] = self.outcome.get(outcome, 0) + 1

    def _publish(self, entry: dict[str, str]) -> str | None:
        feed, part = Path(entry["path"]), Path(entry["part"])
        if part.exists() and _sha256(part) == entry["sha256"]:
            os.replace(part, feed)
            return str(feed)
        if feed.exists() and _sha256(feed) == entry["sha256"]:
            return str(feed)  # published before a kill
        logger.error("Feed %s is lost: neither it nor its .part holds what was staged", feed)
        return None

    def recover(self, path: Path | None = None) -> None:
        """Finish the commit of a run killed while it published (its journal says what).

        A journal whose ``committed`` is false (a shared crawl's worker killed before its
        claims were committed in Redis) is dropped with its feeds: other workers export those.
        """
        path = path or self.journal
        if not path.exists():
            return
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # written atomically: a damaged journal was never complete
            logger.error("Journal %s is damaged; discarded", path)
            path.unlink()
            return
        if not self.claims_committed(journal):
            logger.warning("Journal %s was not committed: its feeds are dropped", path)
            path.unlink()
            return
        saved = journal.get("state")
        state = SiteState.from_saved(self.key, saved) if saved is not None else None
        if journal.get("worker") is None:  # a shared crawl's worker committed in Redis already
            self.apply(journal["exported"], state)
        published = [self._publish(entry) for entry in journal["feeds"]]
        path.unlink()
        logger.warning(
            "Finished the commit of a run killed while publishing: %d articles, feeds %s",
            len(journal["exported"]),
            ", ".join(p for p in published if p) or "none",
        )

    def claims_committed(self, journal: dict[str, Any]) -> bool:
        """Whether the run that wrote ``journal`` made its exports final before it was killed.

        On one machine the journal is only written once they are; a shared crawl's worker
        writes it before its Redis commit (``committed``: false) and asks Redis.
        """
        return bool(journal.get("committed", True))

    def close(self) -> None:
        self.seen.close()  # idempotent: sqlite3 allows closing twice
        if self.failures is not None:
            self.failures.close()


def largest_group(ids: list[int], max_gap: int) -> tuple[int, int]:
    """(lowest, highest) of the largest group of sorted ``ids`` with neighbours ``max_gap`` apart.

    Neighbours in a group are at most ``max_gap`` apart; of equal groups, the newest is taken.

    >>> largest_group([5, 20000, 20003, 20010, 999999999], 10000)
    (20000, 20010)
    >>> largest_group([7], 10000)
    (7, 7)
    """
    groups: list[list[int]] = [[ids[0]]]
    for news_id in ids[1:]:
        if news_id - groups[-1][-1] <= max_gap:
            groups[-1].append(news_id)
        else:
            groups.append([news_id])
    largest = max(reversed(groups), key=len)  # max keeps the first of equals: the newest
    return largest[0], largest[-1]


def limits_of(crawler: Crawler) -> Limits:
    settings = crawler.settings
    return Limits(
        max_plan=settings.getint("NEWSCRAWL_MAX_PLAN", Limits.max_plan),
        max_attempts=settings.getint("NEWSCRAWL_MAX_ATTEMPTS", Limits.max_attempts),
    )
