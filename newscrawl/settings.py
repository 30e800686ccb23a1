"""Scrapy settings: only what differs from Scrapy's defaults, one reason each."""

from __future__ import annotations

from dataclasses import fields

from newscrawl.items import Article

BOT_NAME = "newscrawl"
NEWSPIDER_MODULE = "newscrawl.spiders"
SPIDER_MODULES = ["newscrawl.spiders"]

# --- Identity and politeness (for the live sites) ---
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
RETRY_TIMES = 3
ROBOTSTXT_OBEY = True
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl; Persian news dataset crawler)"

# --- Pipelines: clean every text field, then validate, then drop in-run duplicates ---
ITEM_PIPELINES = {
    "newscrawl.pipelines.normalize.NormalizePersianPipeline": 100,
    "newscrawl.pipelines.validate.ValidateArticlePipeline": 200,
    "newscrawl.pipelines.dedupe.DropDuplicatesPipeline": 300,
}

# --- Output: one JSON Lines file per run, Persian readable (no \u escapes), fixed key order ---
FEEDS = {"data/%(site)s/%(run_id)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"}}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = [field.name for field in fields(Article)]

LOG_LEVEL = "INFO"
