"""``NormalizePersianPipeline``: the one place every item's text is cleaned, and bounded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.items import TEXT_FIELDS
from newscrawl.text.normalize import collapse_whitespace, normalize

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Bounds:
    """How much of a field a record keeps; what lies beyond is cut, counted and logged.

    A hostile or broken page can print 10,000 tags or a body of megabytes: no real article does.
    """

    body_chars: int = 200_000
    """``NEWSCRAWL_MAX_BODY_CHARS``: the longest real bodies are a few tens of thousands."""
    field_chars: int = 2_000
    """``NEWSCRAWL_MAX_FIELD_CHARS``: any other text field (title, lead, a tag …)."""
    list_items: int = 100
    """``NEWSCRAWL_MAX_LIST_ITEMS``: tags, authors and images each."""


class NormalizePersianPipeline:
    """Apply ``text.normalize.normalize`` to every text field of every item, whatever produced it.

    Scalar text fields (``items.TEXT_FIELDS``), every entry of ``tags`` and ``authors`` and every
    image caption are normalized; a value that normalizes to ``""`` becomes ``None`` (and is dropped
    from lists). Every field but ``body`` stays on one line, as the page objects read it: a line
    break the normalization makes of a control character (NEL, VT, FF, U+2028) becomes a space,
    so a page cannot break a title in two. ``*_raw`` fields keep their characters as printed (so
    they can be re-parsed); only their white space is collapsed. Then each field is cut to its
    :class:`Bounds`.

    Stats: ``newscrawl/normalize/changed/<field>`` counts the items whose field the normalization
    changed, ``newscrawl/normalize/truncated/<field>`` those cut to their bounds.
    """

    def __init__(self, stats: StatsCollector, bounds: Bounds = Bounds()) -> None:
        self.stats = stats
        self.bounds = bounds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePersianPipeline:
        assert crawler.stats is not None
        settings = crawler.settings
        bounds = Bounds(
            body_chars=settings.getint("NEWSCRAWL_MAX_BODY_CHARS", Bounds.body_chars),
            field_chars=settings.getint("NEWSCRAWL_MAX_FIELD_CHARS", Bounds.field_chars),
            list_items=settings.getint("NEWSCRAWL_MAX_LIST_ITEMS", Bounds.list_items),
        )
        return cls(crawler.stats, bounds)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in TEXT_FIELDS:
            if (value := adapter.get(name)) is not None:
                limit = self.bounds.body_chars if name == "body" else self.bounds.field_chars
                adapter[name] = self._bound(adapter, name, self._clean(name, value), limit)
        for name in ("tags", "authors"):
            if values := adapter.get(name):
                cleaned = (self._clean(name, value) for value in values)
                kept = [
                    self._bound(adapter, name, value, self.bounds.field_chars)
                    for value in dict.fromkeys(value for value in cleaned if value)
                ]
                adapter[name] = self._bound_list(adapter, name, kept)
        if images := adapter.get("images"):
            adapter["images"] = self._bound_list(adapter, "images", images)
            for image in adapter["images"]:
                if image.get("caption") is not None:
                    caption = self._clean("images", image["caption"])
                    image["caption"] = self._bound(
                        adapter, "images", caption, self.bounds.field_chars
                    )
        for name in adapter.field_names():
            if name.endswith("_raw") and isinstance(value := adapter.get(name), str):
                raw = collapse_whitespace(value) or None
                adapter[name] = self._bound(adapter, name, raw, self.bounds.field_chars)
        return item

    def _clean(self, name: str, value: str) -> str | None:
        cleaned = normalize(value) if name == "body" else collapse_whitespace(normalize(value))
        if cleaned != value:
            self.stats.inc_value(f"newscrawl/normalize/changed/{name}")
        return cleaned or None

    def _bound(self, adapter: ItemAdapter, name: str, value: str | None, limit: int) -> str | None:
        if value is None or len(value) <= limit:
            return value
        self._truncated(adapter, name, f"{len(value)} characters, kept {limit}")
        return value[:limit]

    def _bound_list(self, adapter: ItemAdapter, name: str, values: list[Any]) -> list[Any]:
        limit = self.bounds.list_items
        if len(values) <= limit:
            return values
        self._truncated(adapter, name, f"{len(values)} entries, kept {limit}")
        return values[:limit]

    def _truncated(self, adapter: ItemAdapter, name: str, detail: str) -> None:
        self.stats.inc_value(f"newscrawl/normalize/truncated/{name}")
        logger.warning("%s of %s cut: %s", name, adapter.get("url"), detail)
