"""The IranSamaneh CMS's URL grammar: which URLs are articles, and how an id is read from one.

Articles live at ``/fa/news/{id}/{slug}``; ``/fa/news/{id}`` answers with a redirect to the slugged
URL, and the AMP copy is ``/fa/amp/news/{id}`` (docs/reference/iransamaneh.md 2.2, 2.3). Short
links (``/{6 base-62 characters}``, ``asriran.com/0031Ge``) redirect to the article and are left to
the redirect. The path is matched from its start: images live under ``/files/fa/news/…``, which
also contains ``/fa/news/<digits>/``. Ids are the CMS's sequential integers per site.
"""

from __future__ import annotations

import re

from newscrawl.pages import ID_DIGITS, path_id

ARTICLE_PATH = re.compile(rf"/fa/(?:amp/)?news/([0-9]{{1,{ID_DIGITS}}})(?:/|$)")
"""An article path (not a whole URL); group 1 is the news id (``ID_DIGITS`` at most)."""

FRONT_PATH = "/"
FEED_PATH = "/fa/rss/allnews"
ARCHIVE_PATH = "/fa/archive"


def article_id(url: str) -> int | None:
    """The news id of an article URL or path (slugged, bare or AMP), else None.

    >>> article_id("https://asrpress.ir/fa/news/104/slug"), article_id("/fa/amp/news/7")
    (104, 7)
    >>> article_id("https://cdn.tabnak.ir/files/fa/news/1397/4/30/910557_154.jpg") is None
    True
    """
    return path_id(url, ARTICLE_PATH)


def article_url(base_url: str, news_id: int) -> str:
    """The bare id URL of ``news_id`` on ``base_url`` (scheme and host, no trailing slash).

    >>> article_url("https://asrpress.ir", 26684)
    'https://asrpress.ir/fa/news/26684'
    """
    return f"{base_url}/fa/news/{news_id}"
