"""Distributed crawling: many ``scrapy crawl`` workers sharing one crawl through Redis.

``-s NEWSCRAWL_REDIS_URL=redis://host:port/db`` switches a crawl to scrapy-redis's shared request
queue and duplicate filter (:mod:`newscrawl.distributed.settings`); every worker runs the same
command, the first seeds the queue, the rest join. On top of scrapy-redis, this package closes the
hole where a killed worker loses the requests it had taken (:mod:`~newscrawl.distributed.crawl`:
leases, per-worker "taken" sets given back on eviction, first-claim-wins exports, a commit per
published feed) and keeps the cross-run state in Redis (:mod:`~newscrawl.distributed.state`).
Needs the ``distributed`` extra: ``pip install newscrawl[distributed]``.
"""
