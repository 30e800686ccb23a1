"""``AtomicFileFeedStorage``: local feeds appear whole, by rename, with the run's state commit.

A reader listing ``data/<site>/`` (a cron-fed indexer) never sees a half-written file: items are
written to ``<path>.part`` beside the target, fsynced, and renamed into place by the run's ledger
in the same durable step that records them as exported (``runs.ledger``). A crawl killed mid-way
leaves only the ``.part`` file, which no reader takes for a dataset. With Scrapy's append mode
(``-o``) the existing file is copied into the ``.part`` first, so the append is atomic too. The
published path is recorded in the stats as ``newscrawl/feed/published``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

PART_SUFFIX = ".part"


class AtomicFileFeedStorage(FileFeedStorage):
    """A ``FileFeedStorage`` that writes to ``<path>.part`` and renames it into place on close."""

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler
        self.part_path = Path(self.path + PART_SUFFIX)

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.write_mode == "ab" and target.exists():
            shutil.copyfile(target, self.part_path)
        return self.part_path.open(self.write_mode)

    def store(self, file: IO[bytes]) -> None:
        """Fsync the complete ``.part``; the run's ledger publishes it with its commit.

        Without a ledger (another spider's feed), it is published now.
        """
        file.flush()
        os.fsync(file.fileno())
        file.close()
        ledger = getattr(self.crawler.spider, "ledger", None) if self.crawler else None
        if ledger is not None:
            ledger.stage(Path(self.path), self.part_path)
            return
        os.replace(self.part_path, self.path)
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.set_value("newscrawl/feed/published", str(self.path))
