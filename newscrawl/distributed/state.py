"""Cross-run state in Redis: the cursor and seen-store of ``runs.state``, shared by workers.

Keys ``newscrawl:state:<site>`` and ``newscrawl:seen:<site>``; see docs/distributed.md.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newscrawl.distributed.keys import seen_key, state_key
from newscrawl.runs.state import SiteState

if TYPE_CHECKING:
    from collections.abc import Iterable

    import redis


class RedisStateStore:
    """A ``StateStore`` kept in Redis (``client`` must decode replies)."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def load(self, site: str) -> SiteState:
        text = self.client.get(state_key(site))
        if text is None:
            return SiteState(key=site)
        return SiteState.from_saved(site, json.loads(str(text)))

    def save(self, state: SiteState) -> None:
        self.client.set(state_key(state.key), json.dumps(state.to_saved(), sort_keys=True))

    def seen_store(self) -> RedisSeenSet:
        return RedisSeenSet(self.client)


class RedisSeenSet:
    """The seen-store as one Redis set of news ids per site."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def __contains__(self, key: tuple[str, int]) -> bool:
        return bool(self.client.sismember(seen_key(key[0]), str(key[1])))

    def add_all(self, site: str, news_ids: Iterable[int]) -> None:
        """Record ``news_ids`` as exported, in one command."""
        ids = [str(news_id) for news_id in news_ids]
        if ids:
            self.client.sadd(seen_key(site), *ids)

    def count(self, site: str) -> int:
        return int(self.client.scard(seen_key(site)))

    def close(self) -> None:
        """Nothing to release: the client belongs to the crawl."""
