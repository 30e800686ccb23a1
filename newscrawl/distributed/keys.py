"""Names of the Redis keys of one shared crawl and of a site's cross-run state.

The whole layout, and which keys outlive a crawl, is in docs/distributed.md ("Redis keys").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CRAWL_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def check_crawl_name(name: str) -> str:
    """Return ``name`` if it can name a crawl (letters, digits, ``_.-``); else raise ValueError.

    >>> check_crawl_name("asrpress-backfill")
    'asrpress-backfill'
    >>> check_crawl_name("a b")
    Traceback (most recent call last):
    ...
    ValueError: NEWSCRAWL_CRAWL: 'a b' may hold only letters, digits, '_', '.' and '-'
    """
    if not _CRAWL_NAME.match(name):
        raise ValueError(
            f"NEWSCRAWL_CRAWL: {name!r} may hold only letters, digits, '_', '.' and '-'"
        )
    return name


@dataclass(frozen=True)
class CrawlKeys:
    """The Redis keys of the crawl ``name`` that Python uses (the Lua scripts build the rest)."""

    name: str

    @property
    def prefix(self) -> str:
        return f"newscrawl:{self.name}:"

    @property
    def requests(self) -> str:
        """scrapy-redis's request queue (sorted set, score = -priority)."""
        return self.prefix + "requests"

    @property
    def dupefilter(self) -> str:
        """scrapy-redis's request fingerprints (set)."""
        return self.prefix + "dupefilter"

    @property
    def stats(self) -> str:
        """Totals of every worker's numeric stats (hash)."""
        return self.prefix + "stats"

    @property
    def finished(self) -> str:
        """The last completed crawl of this name: its totals and ``completed_at`` (kept 7 days)."""
        return f"newscrawl:finished:{self.name}"

    @property
    def handled(self) -> str:
        """News ids that reached a callback or errback on any worker (set)."""
        return self.prefix + "handled"

    @property
    def failed(self) -> str:
        """News ids whose fetch failed, with the reason (hash)."""
        return self.prefix + "failed"

    @property
    def planned(self) -> str:
        """News ids an incremental crawl planned (set): what the gap pass checks."""
        return self.prefix + "planned"

    @property
    def walk(self) -> str:
        """The incremental walk's first and last id (hash ``start``, ``end``)."""
        return self.prefix + "walk"


def state_key(site: str) -> str:
    """The incremental cursor of ``site``: the JSON of ``SiteState``."""
    return f"newscrawl:state:{site}"


def seen_key(site: str) -> str:
    """Every news id of ``site`` exported by a committed worker of any crawl (set)."""
    return f"newscrawl:seen:{site}"
