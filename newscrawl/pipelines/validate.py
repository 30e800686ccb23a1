"""``ValidateArticlePipeline``: required fields and sane values, or a counted, logged reject."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem

from newscrawl.runs.outputs import rejects_path
from newscrawl.runs.rejects import RejectsFile

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

REQUIRED_FIELDS = ("news_id", "url", "title", "body", "published_at")
EARLIEST = datetime(1991, 3, 21, tzinfo=UTC)  # 1 Farvardin 1370: no IranSamaneh page is older


class InvalidArticle(DropItem):
    """Base of the reasons an article is rejected; the subclass name is the reason."""


class IncompleteArticle(InvalidArticle):
    """A required field is missing or empty."""


class ImplausibleDate(InvalidArticle):
    """``published_at`` is in the future (beyond the clock-skew margin) or before 1370."""


class ShortBody(InvalidArticle):
    """The body is shorter than ``NEWSCRAWL_MIN_BODY_CHARS``."""


class ValidateArticlePipeline:
    """Reject articles that miss required fields or carry impossible values.

    Required: ``news_id``, ``url``, ``title``, ``body``, ``published_at``. A rejected item is
    never silently lost: it raises a ``DropItem`` subclass named after the reason (Scrapy logs it
    and counts ``item_dropped_reasons_count/<Reason>``), is counted under
    ``newscrawl/validate/rejected/<Reason>`` (and ``newscrawl/validate/missing/<field>``), and is
    written with its reason and URL to the rejects file (``newscrawl.runs.outputs.rejects_path``).

    Settings:

    - ``NEWSCRAWL_MIN_BODY_CHARS`` (default 50): shortest body accepted, in characters; short news
      items are real news, so keep it low.
    - ``NEWSCRAWL_CLOCK_SKEW_MINUTES`` (default 15): how far in the future ``published_at`` may be.
    - ``NEWSCRAWL_REJECTS``: path of the rejects JSONL (default: beside the feed).
    """

    def __init__(
        self,
        stats: StatsCollector,
        settings: BaseSettings,
        min_body_chars: int = 50,
        clock_skew_minutes: int = 15,
    ) -> None:
        self.stats = stats
        self.settings = settings
        self.min_body_chars = min_body_chars
        self.clock_skew = timedelta(minutes=clock_skew_minutes)
        self.rejects: RejectsFile | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidateArticlePipeline:
        assert crawler.stats is not None
        pipeline = cls(
            crawler.stats,
            crawler.settings,
            min_body_chars=crawler.settings.getint("NEWSCRAWL_MIN_BODY_CHARS", 50),
            clock_skew_minutes=crawler.settings.getint("NEWSCRAWL_CLOCK_SKEW_MINUTES", 15),
        )
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        return pipeline

    def spider_opened(self, spider: Spider) -> None:
        self.rejects = RejectsFile(rejects_path(self.settings, spider))

    def close_spider(self) -> None:
        if self.rejects is not None:
            self.rejects.close()

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        try:
            self.check(adapter)
        except InvalidArticle as reject:
            reason = type(reject).__name__
            self.stats.inc_value(f"newscrawl/validate/rejected/{reason}")
            if self.rejects is not None:
                self.rejects.write(reason, str(reject), adapter.asdict())
            raise
        return item

    def check(self, adapter: ItemAdapter) -> None:
        values: dict[str, Any] = {name: adapter.get(name) for name in REQUIRED_FIELDS}  # once each
        missing = [name for name, value in values.items() if value in (None, "")]
        for name in missing:
            self.stats.inc_value(f"newscrawl/validate/missing/{name}")
        if missing:
            detail = f"missing {', '.join(missing)}"
            raw = adapter.get("published_at_raw")
            if "published_at" in missing and raw:
                detail += f" (date line not understood: {raw!r})"
            raise IncompleteArticle(detail)
        published_at, body = values["published_at"], values["body"]
        published = datetime.fromisoformat(published_at)
        if published > datetime.now(UTC) + self.clock_skew:
            raise ImplausibleDate(f"published_at {published_at} is in the future")
        if published < EARLIEST:
            raise ImplausibleDate(f"published_at {published_at} is before 1370")
        if len(body) < self.min_body_chars:
            raise ShortBody(f"body has {len(body)} characters, fewer than {self.min_body_chars}")
