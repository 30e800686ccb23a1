"""The IranSamaneh CMS's RSS feeds (``/fa/rss/allnews``, ``/fa/rss/{service}``): news ids and times.

The feed is RSS 2.0 written by ``SepehrFeed V1.2`` (iransamaneh.md 3.3; real tabnak feed of
2018-07-21): items carry ``title``, ``link`` (a raw Unicode slug, ZWNJ kept), ``pubDate`` without a
weekday (``21 Jul 2018 08:39:54 +0430``), an optional ``description`` and ``enclosure``, and no
``guid``. Only what discovery needs is read, by :mod:`newscrawl.cms.rss` (strictly: no network, no
entity declarations): the news id and URL from ``link``, the title and the publication time.
"""

from __future__ import annotations

from newscrawl.cms import FeedError
from newscrawl.cms.iransamaneh.urls import article_id
from newscrawl.cms.rss import FeedEntry
from newscrawl.cms.rss import parse_feed as parse_rss_feed

__all__ = ["FeedEntry", "FeedError", "parse_feed"]


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """The article entries of an RSS feed, in feed order (newest first on this CMS, not by id).

    ``base_url`` is the feed's URL; relative links resolve against it. Items whose link is not a
    ``/fa/news/{id}`` article are skipped; duplicates are kept (de-duplication is the crawl's job).
    Raises :class:`FeedError` when ``body`` is not a feed.

    >>> feed = (b'<rss version="2.0"><channel><item><title> A </title>'
    ...         b'<link>/fa/news/7/a</link><pubDate>21 Jul 2018 08:39:54 +0430</pubDate></item>'
    ...         b'<item><link>/fa/photos</link></item></channel></rss>')
    >>> [(e.news_id, e.url, e.title, str(e.published_at))
    ...  for e in parse_feed(feed, "https://www.example.ir/fa/rss/allnews")]
    [(7, 'https://www.example.ir/fa/news/7/a', 'A', '2018-07-21 08:39:54+04:30')]
    """
    return parse_rss_feed(body, base_url, article_id)
