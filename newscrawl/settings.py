"""Scrapy settings: only what differs from Scrapy's defaults, one reason each."""

from __future__ import annotations

from dataclasses import fields

from newscrawl.items import Article

BOT_NAME = "newscrawl"
# A spider for every declared site (newscrawl.sites) and every CMS; no spider modules to walk.
SPIDER_LOADER_CLASS = "newscrawl.spiders.loader.SiteSpiderLoader"
SPIDER_MODULES: list[str] = []
# `scrapy crawl`: one-line errors, a quiet log, a non-zero exit when the run failed
COMMANDS_MODULE = "newscrawl.ops.commands"
# Many workers sharing one crawl: inert unless NEWSCRAWL_REDIS_URL is set (docs/distributed.md).
ADDONS = {"newscrawl.distributed.addon.SharedCrawlAddon": 0}

# --- Identity and politeness (for the live sites) ---
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# A page gives one item: Scrapy would start a task per slot of CONCURRENT_ITEMS (100) for it.
CONCURRENT_ITEMS = 1
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
    "": "newscrawl.runs.feedstorage.AtomicFileFeedStorage",
    "file": "newscrawl.runs.feedstorage.AtomicFileFeedStorage",
}
FEED_STORE_EMPTY = False  # a cron run that found nothing new publishes no empty file

# --- Run bookkeeping: the ledger committed once the feed is published; progress; a summary ---
EXTENSIONS = {
    "newscrawl.runs.commit.LedgerCommit": 400,
    "newscrawl.runs.progress.ProgressLog": 500,
    "newscrawl.runs.summary.RunSummary": 510,
}
LOG_LEVEL = "INFO"
LOG_VERSIONS: list[str] = []  # a quiet start: no versions dump (scrapy version shows them)
TELNETCONSOLE_ENABLED = False  # a debugging door into a running crawler: opened only on purpose
REMOTE_CONTROL_ENABLED = False  # likewise: an HTTP port that controls the crawl
LOGSTATS_INTERVAL = 0.0  # the progress line (runs.progress) says more, and in articles
# Scrapy re-reads and parses each callback's source for every response to warn about a `return`
# with a value in a generator (its cache misses bound methods): 6 % of a crawl's CPU in the
# benchmark's profile (bench/README.md). Our callbacks are covered by tests instead.
WARN_ON_GENERATOR_RETURN_VALUE = False

# --- WARC: record with -s NEWSCRAWL_WARC=x.warc.gz, replay offline with -a replay=x.warc.gz ---
# Both are inert unless asked for. Replay sits last before the downloader, so robots.txt, redirects,
# decompression and retries run on recorded responses exactly as they ran live.
DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {"newscrawl.warc.replay.WarcReplayMiddleware": 950}
EXTENSIONS["newscrawl.warc.record.WarcRecorder"] = 100  # added to the group above, not replacing it

# --- Faults: keep crawling through a misbehaving site, let no garbage and nothing off-site in ---
# Response order runs from high numbers to low: the redirect guards see a 3xx before Scrapy's
# RedirectMiddleware (600), loops and other hosts (610) before an id sent to another id's article
# (605); the charset fix and the bot check see decompressed pages (590) before retries (550), so a
# bot-check page is never retried and truncation is judged on real bytes.
DOWNLOADER_MIDDLEWARES.update(
    {
        "newscrawl.middlewares.redirects.RedirectGuardMiddleware": 610,
        "newscrawl.middlewares.elsewhere.RedirectElsewhereMiddleware": 605,
        "newscrawl.middlewares.charset.FittingCharsetMiddleware": 580,
        "newscrawl.middlewares.botcheck.BotCheckMiddleware": 570,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,  # ignores Retry-After
        "newscrawl.middlewares.retry.BackoffRetryMiddleware": 550,
        # Every request waits for its host's rules, and an unreachable robots.txt stops the run
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "newscrawl.middlewares.robots.RobotsTxtMiddleware": 100,
    }
)
DOWNLOAD_MAXSIZE = 4 * 1024 * 1024  # ~25x the biggest real article page (tabnak, 167 KB)
DOWNLOAD_WARNSIZE = 1024 * 1024
NEWSCRAWL_RETRY_AFTER_MAX = 120  # seconds; a site asking for longer is retried by the next run
REDIRECT_MAX_TIMES = 5  # the CMS redirects once (id -> slug); more is a loop the guard missed
