"""The Nastooh CMS's URL grammar: which URLs are articles, and how an id is read from one.

Items live at ``/{kind}/{id}/{slug}``: ``/news/`` for news, video and most other item types,
``/photo/`` for photo galleries (every site of cms-families.md A.1), ``/live/`` and ``/media/`` on
khabaronline (PWS normalises those too); ``/{kind}/{id}`` and ``/{kind}/{id}/`` answer without the
slug (PWS test URLs of hamshahrionline, irna, mashreghnews, imna). The AMP copy is ``/amp/{id}/``.
Every shape reduces to the id, so an AMP link and the slugged URL are one article.

Short links (``mehrnews.com/x349DP``, printed in ``input.clean`` and the print header) are not
article URLs: they redirect to the article, whose URL then names the id. Media files live under
``/d/`` (``media.mehrnews.com/d/2024/02/08/3/4849965.jpg``) and old uploads under ``/old/upload``;
the path is matched from its start, so neither can pass for an article. Ids are per-site integers
(six to eight digits), except on ISNA and chtn, which write the Jalali date into the id
(``/news/1402072315541``: 1402/07/23, item 15541).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newscrawl.pages import ID_DIGITS, path_id

ARTICLE_PATH = re.compile(rf"/(?:news|photo|live|media|amp)/([0-9]{{1,{ID_DIGITS}}})(?:/|$)")
"""An article path (not a whole URL); group 1 is the news id (``ID_DIGITS`` at most)."""

SHORT_LINK_PATH = re.compile(r"/x[0-9A-Za-z]{3,8}/?$")
"""A short link's path (``/x349DP``): it redirects to an article and names no id itself."""

FRONT_PATH = "/"
FEED_PATH = "/rss"
ARCHIVE_PATH = "/archive"
ID_PATH = "/news/{id}"
"""How the CMS is asked for an id: ``/news/{id}``, assumed to redirect to the item's slugged URL
whatever its kind (PWS normalises every item to ``/news/{id}``; no live answer was seen)."""


def article_id(url: str) -> int | None:
    """The news id of an article URL or path (slugged, bare, photo, live, media or AMP), else None.

    >>> article_id("https://www.mehrnews.com/news/6018415/slug"), article_id("/photo/6018504/")
    (6018415, 6018504)
    >>> article_id("https://www.mehrnews.com/amp/6018415/"), article_id("/news/796538")
    (6018415, 796538)
    >>> [article_id(u) for u in ("/x349DP", "/d/2024/02/08/3/4849965.jpg", "/archive?tp=384")]
    [None, None, None]
    """
    return path_id(url, ARTICLE_PATH)


def is_short_link(url: str) -> bool:
    """Whether ``url`` is the CMS's short link of an article (``/x`` and a few letters).

    >>> is_short_link("https://mehrnews.com/x349DP"), is_short_link("/xml")
    (True, False)
    """
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return False
    return bool(SHORT_LINK_PATH.match(path)) and any(c.isdigit() or c.isupper() for c in path[2:])


def article_url(base_url: str, news_id: int) -> str:
    """The bare id URL of ``news_id`` on ``base_url`` (scheme and host, no trailing slash).

    >>> article_url("https://www.mehrnews.com", 6018415)
    'https://www.mehrnews.com/news/6018415'
    """
    return base_url + ID_PATH.format(id=news_id)
