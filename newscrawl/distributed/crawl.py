"""``SharedCrawl``: one worker's membership of a crawl shared through Redis.

The protocol (lease, seeding, taking, claims, gap pass, commit) is in docs/distributed.md; each
step is one Lua script of :mod:`newscrawl.distributed.scripts`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import redis
from scrapy.exceptions import CloseSpider

from newscrawl.distributed import scripts
from newscrawl.distributed.keys import (
    COMMIT_RECORD_SECONDS,
    CrawlKeys,
    check_crawl_name,
    commit_key,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from scrapy import Request
    from scrapy.crawler import Crawler

    from newscrawl.distributed.stats import ClusterStatsCollector

logger = logging.getLogger(__name__)

DEFAULT_LEASE = 30.0
SEED_POLL = 1.0
"""Seconds a joining worker waits between looks at the seeding."""
SEED_YIELD_EVERY = 200
"""Start requests pushed between two returns to the event loop."""
FINISHED_TTL = 7 * 24 * 3600
_STEPS = ("RENEW", "SEED", "SEEDED", "CLAIM", "TICK", "GAP_PASS_DONE", "COMMIT", "FINISH")


def new_worker_id() -> str:
    """``<host>-<pid>-<4 hex>``: unique even for two workers started the same second on one host."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}"


@dataclass(frozen=True)
class Tick:
    """What a look at the shared crawl found (see ``scripts.TICK``)."""

    state: str
    evicted: int
    requeued: int
    released: int


class SharedCrawl:
    """This worker's view of the crawl ``NEWSCRAWL_CRAWL`` in ``NEWSCRAWL_REDIS_URL``.

    Settings: ``NEWSCRAWL_REDIS_URL`` (``redis://host:port/db``, one server, not a cluster);
    ``NEWSCRAWL_CRAWL`` (default: the spider name): workers with the same name share one crawl;
    ``NEWSCRAWL_REDIS_LEASE`` (seconds, default 30): a worker silent that long is taken for dead
    and its work is done again by others.
    """

    _by_crawler: ClassVar[weakref.WeakKeyDictionary[Crawler, SharedCrawl]] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(
        self, client: redis.Redis, keys: CrawlKeys, worker: str, lease: float = DEFAULT_LEASE
    ) -> None:
        self.client = client
        self.keys = keys
        self.worker = worker
        self.lease = lease
        self.drained = False
        """The crawl drained while this worker was in it: what it took is all processed."""
        self.complete = False
        """This worker's commit was the last one: the crawl is complete."""
        self.plan = "{}"
        """What the crawl fetches (mode and arguments, JSON); workers of one crawl agree on it."""
        self.stats_mirror: ClusterStatsCollector | None = None
        """The stats collector adding to the crawl's totals: stopped when this worker commits."""
        self._scripts = {name: client.register_script(getattr(scripts, name)) for name in _STEPS}

    @classmethod
    def of(cls, crawler: Crawler) -> SharedCrawl:
        """The shared crawl of ``crawler`` (one per crawler, made on first use)."""
        shared = cls._by_crawler.get(crawler)
        if shared is None:
            settings = crawler.settings
            assert crawler.spidercls.name is not None
            name = check_crawl_name(settings.get("NEWSCRAWL_CRAWL") or crawler.spidercls.name)
            client = redis.Redis.from_url(settings["NEWSCRAWL_REDIS_URL"], decode_responses=True)
            lease = settings.getfloat("NEWSCRAWL_REDIS_LEASE", DEFAULT_LEASE)
            shared = cls(client, CrawlKeys(name), new_worker_id(), lease)
            cls._by_crawler[crawler] = shared
        return shared

    def _run(self, script: str, *args: Any) -> Any:
        return self._scripts[script](keys=[], args=[self.keys.prefix, *args])

    # --- membership ---

    def renew(self) -> str:
        """Join or renew the lease: ``'alive'``, ``'committed'`` or ``'evicted'``."""
        return str(self._run("RENEW", self.worker, int(self.lease * 1000)))

    def tick(self, idle: bool) -> Tick:
        """Evict dead workers; when ``idle``, leave the busy set; say how the crawl stands."""
        state, evicted, requeued, released = self._run("TICK", self.worker, int(idle))
        return Tick(str(state), int(evicted), int(requeued), int(released))

    def is_evicted(self) -> bool:
        return bool(self.client.sismember(self.keys.prefix + "evicted", self.worker))

    # --- seeding ---

    async def seed(
        self, requests: AsyncIterator[Request], schedule: Callable[[Request], object]
    ) -> None:
        """Push ``requests`` through ``schedule`` if this worker seeds the crawl, else wait.

        A worker given another ``plan`` than the crawl's stops: ``CloseSpider('plan_mismatch')``.
        """
        plan = self.plan
        while True:
            outcome, detail = self._run("SEED", self.worker, plan)
            if outcome == "seed":
                break
            if outcome in ("seeded", "evicted"):
                return
            if outcome == "mismatch":
                logger.error(
                    "Crawl %r in Redis fetches %s; this worker was asked for %s. Run the same"
                    " arguments, or another crawl with -s NEWSCRAWL_CRAWL=<name>",
                    self.keys.name,
                    detail,
                    plan,
                )
                raise CloseSpider("plan_mismatch")
            await asyncio.sleep(SEED_POLL)
        logger.info("Seeding crawl %r (%s) as worker %s", self.keys.name, plan, self.worker)
        pushed = 0
        async for request in requests:
            schedule(request)
            pushed += 1
            if pushed % SEED_YIELD_EVERY == 0:
                await asyncio.sleep(0)  # let the reactor renew the lease and crawl meanwhile
        if self._run("SEEDED", self.worker):
            logger.info("Crawl %r seeded: %d start requests", self.keys.name, pushed)

    # --- work ---

    def claim(self, news_id: int) -> tuple[int, str]:
        """Claim ``news_id`` for export: ``(1, me)``, ``(0, owner)`` or ``(-1, '')`` if evicted."""
        won, owner = self._run("CLAIM", self.worker, news_id)
        return int(won), str(owner)

    def gap_pass_done(self) -> None:
        self._run("GAP_PASS_DONE", self.worker)

    # --- end ---

    def commit(self, seen_key: str) -> tuple[str, int]:
        """Make this worker's claims final: ``('complete' | 'committed' | 'evicted', ids)``."""
        if self.stats_mirror is not None:  # the last commit archives the totals: add ours first
            self.stats_mirror.flush(stop=True)
        outcome, ids = self._run(
            "COMMIT",
            self.worker,
            seen_key,
            int(not self.drained),
            commit_key(self.worker),
            COMMIT_RECORD_SECONDS,
        )
        self.complete = outcome == "complete"
        return str(outcome), int(ids)

    def finish(self) -> bool:
        """Delete the keys of the completed crawl, keeping its totals; False if not complete."""
        completed_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return bool(self._run("FINISH", self.keys.finished, FINISHED_TTL, completed_at))
