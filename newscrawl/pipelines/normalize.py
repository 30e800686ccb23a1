"""``NormalizePersianPipeline``: the one place every item's text is cleaned."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.items import TEXT_FIELDS
from newscrawl.text.normalize import collapse_whitespace, normalize

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class NormalizePersianPipeline:
    """Apply ``text.normalize.normalize`` to every text field of every item, whatever produced it.

    Scalar text fields (``items.TEXT_FIELDS``), every entry of ``tags`` and ``authors`` and every
    image caption are normalized; a value that normalizes to ``""`` becomes ``None`` (and is dropped
    from lists). ``*_raw`` fields keep their characters as printed (so they can be re-parsed);
    only their white space is collapsed. Stats: ``newscrawl/normalize/changed/<field>`` counts the
    items whose field the normalization changed.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePersianPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in TEXT_FIELDS:
            if (value := adapter.get(name)) is not None:
                adapter[name] = self._clean(name, value)
        for name in ("tags", "authors"):
            if values := adapter.get(name):
                cleaned = (self._clean(name, value) for value in values)
                adapter[name] = list(dict.fromkeys(value for value in cleaned if value))
        for image in adapter.get("images") or []:
            if image.get("caption") is not None:
                image["caption"] = self._clean("images", image["caption"])
        for name in adapter.field_names():
            if name.endswith("_raw") and isinstance(value := adapter.get(name), str):
                adapter[name] = collapse_whitespace(value) or None
        return item

    def _clean(self, name: str, value: str) -> str | None:
        cleaned = normalize(value)
        if cleaned != value:
            self.stats.inc_value(f"newscrawl/normalize/changed/{name}")
        return cleaned or None
