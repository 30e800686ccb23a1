"""Where a crawl's files go: the feed URI of a spider; the rejects and failures files beside it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.extensions.feedexport import apply_uri_params

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.settings import BaseSettings


class OutputError(Exception):
    """A directory the crawl must write to cannot be written; the message names it."""


def check_writable(directories: list[Path]) -> None:
    """Create ``directories`` and write a file in each, or raise :class:`OutputError`.

    Checked before the first request: a crawl must not discover at its end that it cannot
    publish what it fetched.
    """
    for directory in dict.fromkeys(directories):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            probe = directory / f".newscrawl-probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise OutputError(f"cannot write to {directory}: {error.strerror or error}") from None


class _SpiderParams(dict[str, Any]):
    """Feed URI parameters resolved from spider attributes, as Scrapy's feed exporter does."""

    def __init__(self, spider: Spider) -> None:
        super().__init__()
        self.spider = spider

    def __missing__(self, key: str) -> Any:
        return getattr(self.spider, key)


def local_feed_path(settings: BaseSettings, spider: Spider) -> Path | None:
    """The local file of the crawl's first feed (``%(…)s`` placeholders resolved), if it has one."""
    for uri in settings.getdict("FEEDS"):
        parts = urlsplit(str(uri))
        if parts.scheme in ("", "file") or len(parts.scheme) == 1:  # C: (Windows) is no scheme
            path = parts.path if parts.scheme == "file" else str(uri)
            return Path(apply_uri_params(path, _SpiderParams(spider)))
    return None


def rejects_path(settings: BaseSettings, spider: Spider) -> Path:
    """``NEWSCRAWL_REJECTS`` if set, else ``<feed stem>.rejects.jsonl`` beside the feed."""
    return _beside_feed(settings, spider, "NEWSCRAWL_REJECTS", "rejects")


def failures_path(settings: BaseSettings, spider: Spider) -> Path:
    """``NEWSCRAWL_FAILURES`` if set, else ``<feed stem>.failures.jsonl`` beside the feed."""
    return _beside_feed(settings, spider, "NEWSCRAWL_FAILURES", "failures")


def _beside_feed(settings: BaseSettings, spider: Spider, setting: str, kind: str) -> Path:
    explicit = settings.get(setting)
    if explicit:
        return Path(apply_uri_params(str(explicit), _SpiderParams(spider)))
    feed = local_feed_path(settings, spider)
    if feed is None:  # data/<site>/<run_id>.<kind>.jsonl
        site = getattr(spider, "site", spider.name)
        return Path("data") / site / f"{getattr(spider, 'run_id', 'run')}.{kind}.jsonl"
    stem = feed.name.split(".", 1)[0] if feed.name else "feed"
    return feed.with_name(f"{stem}.{kind}.jsonl")
