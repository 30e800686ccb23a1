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
    # per-field coverage, before validation drops incomplete items; stops a crawl that lost a field
    "newscrawl.pipelines.coverage.CountFieldCoveragePipeline": 150,
    "newscrawl.pipelines.validate.ValidateArticlePipeline": 200,
    "newscrawl.pipelines.dedupe.DropDuplicatesPipeline": 300,
}

# --- Output: one JSON Lines file per run, Persian readable (no \u escapes), fixed key order ---
# FEEDS stays unset so -o/-O replace the default instead of adding to it (Scrapy merges dict
# settings); the spider applies this default only when no feed was given.
NEWSCRAWL_DEFAULT_FEEDS = {
    "data/%(site)s/%(run_id)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"}
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = [field.name for field in fields(Article)]
FEED_STORAGES = {  # publish local feeds by atomic rename: readers never see half a file
    "": "newscrawl.feedstorage.AtomicFileFeedStorage",
    "file": "newscrawl.feedstorage.AtomicFileFeedStorage",
}
FEED_STORE_EMPTY = False  # a cron run that found nothing new publishes no empty file

# --- Monitoring: a progress line every minute, a JSON summary beside every run's data ---
EXTENSIONS = {
    "newscrawl.extensions.progress.ProgressLog": 500,
    "newscrawl.extensions.summary.RunSummary": 510,
}
LOG_LEVEL = "INFO"

# --- WARC: record with -s NEWSCRAWL_WARC=x.warc.gz, replay offline with -a replay=x.warc.gz ---
# Both are inert unless asked for. Replay sits last before the downloader, so robots.txt, redirects,
# decompression and retries run on recorded responses exactly as they ran live.
DOWNLOADER_MIDDLEWARES = {"newscrawl.warc.replay.WarcReplayMiddleware": 950}
EXTENSIONS["newscrawl.warc.record.WarcRecorder"] = 100  # added to the group above, not replacing it
