"""Downloader middlewares that keep a crawl going through a misbehaving site, and keep garbage out.

- :mod:`~newscrawl.middlewares.retry`: retries spaced by backoff and ``Retry-After`` (bounded);
  truncated HTML is retried like a 5xx.
- :mod:`~newscrawl.middlewares.redirects`: redirect loops and off-site redirects fail the request
  (its errback records the id) instead of being dropped silently.
- :mod:`~newscrawl.middlewares.charset`: pages decoded by the charset that fits their bytes.
- :mod:`~newscrawl.middlewares.botcheck`: a bot-check page stops the crawl.
- :mod:`~newscrawl.middlewares.elsewhere`: an id redirected to another id's article is a gap.
- :mod:`~newscrawl.middlewares.robots`: every request waits for its host's robots.txt rules; an
  unreachable robots.txt stops the run.
"""
