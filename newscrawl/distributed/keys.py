"""Names of the Redis keys of one shared crawl and of a site's cross-run state.

The whole layout, and which keys outlive a crawl, is in docs/distributed.md ("Redis keys").
"""

from __future__ import annotations

import re

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


class CrawlKeys:
    """The Redis keys of the crawl ``name`` that Python uses (the Lua scripts build the rest)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.prefix = f"newscrawl:{name}:"
        self.requests = self.prefix + "requests"
        self.dupefilter = self.prefix + "dupefilter"
        self.stats = self.prefix + "stats"
        self.handled = self.prefix + "handled"
        self.failed = self.prefix + "failed"
        self.not_found = self.prefix + "not_found"
        self.absent = self.prefix + "absent"
        self.planned = self.prefix + "planned"
        self.walk = self.prefix + "walk"
        self.finished = f"newscrawl:finished:{name}"


def state_key(site: str) -> str:
    """The incremental cursor of ``site``: the JSON of ``SiteState``."""
    return f"newscrawl:state:{site}"


def commit_key(worker: str) -> str:
    """The record that ``worker`` committed its claims: the crawl's key prefix (a string).

    Written by the commit script in the same step as the claims, kept for
    :data:`COMMIT_RECORD_SECONDS`, so a worker killed before its journal said so still
    publishes its feeds when its next run finishes that journal (``recover``).
    """
    return f"newscrawl:commit:{worker}"


COMMIT_RECORD_SECONDS = 30 * 24 * 3600
"""How long a worker's commit record is kept: a machine down longer loses that worker's feeds."""


def seen_key(site: str) -> str:
    """Every news id of ``site`` exported by a committed worker of any crawl (set)."""
    return f"newscrawl:seen:{site}"
