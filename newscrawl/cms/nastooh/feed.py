"""The Nastooh CMS's RSS feed (``/rss``): news ids and times, read with :mod:`newscrawl.cms.rss`.

Mehr, IRNA and ISNA write one item shape (a public RSS client of all three, checked against their
live feeds): ``title``, ``link`` (the slugged item URL), a ~150-character ``description``, an RFC
822 ``pubDate`` with weekday and zone (a Scrapy spider parses Mehr's with
``%a, %d %b %Y %H:%M:%S %Z``), an image ``enclosure`` and ``<category domain="gilan">استانها >
گیلان</category>``. Only what discovery needs is read: the id and URL from ``link``, the title and
the time. Items whose link names no article (a short link, a service page) are skipped.
"""

from __future__ import annotations

from newscrawl.cms.nastooh.urls import article_id
from newscrawl.cms.rss import FeedEntry
from newscrawl.cms.rss import parse_feed as parse_rss_feed

__all__ = ["FeedEntry", "parse_feed"]


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """The article entries of a Nastooh feed, in feed order (newest first on the live sites).

    >>> feed = ('<rss version="2.0"><channel><item><title>عنوان</title>'
    ...         '<link>https://www.mehrnews.com/news/6018415/عنوان</link>'
    ...         '<pubDate>Thu, 08 Feb 2024 08:38:00 GMT</pubDate></item></channel></rss>')
    >>> [(e.news_id, e.published_at.isoformat()) for e in parse_feed(feed.encode(), "https://www.mehrnews.com/rss")]
    [(6018415, '2024-02-08T12:08:00+03:30')]
    """
    return parse_rss_feed(body, base_url, article_id)
