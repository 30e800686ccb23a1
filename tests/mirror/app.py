"""The mirror's URL space: which bytes, status and headers answer a request path.

Routes (all others are 404 with an HTML error page):

* ``/``, ``/fa``, ``/fa/`` — front page (newest 40 articles);
* ``/robots.txt``; ``/fa/rss/allnews`` — RSS of the newest 30 ``in_feed`` articles, by date;
* ``/fa/archive?…&from_date=Y/M/D&to_date=Y/M/D&rpp=N&p=P`` — any Jalali range, newest first;
* ``/fa/news/{id}/{slug}`` — 200 for the right slug; 301 to it for no slug or a wrong one;
  200 error page for soft-404 ids; 404 for gone ids and ids outside the index;
* ``/{6 base-62 chars}`` — an article's short link, 301 to the article.

Everything is computed once at load (per ``Host`` for the feed, whose links are absolute), so a
request costs a dictionary lookup.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote

from w3lib.url import safe_url_string

from newscrawl.cms.iransamaneh.urls import ARCHIVE_PATH, FEED_PATH
from tests.mirror import listings
from tests.mirror.jalali import jalali_ymd
from tests.mirror.markup import decode_short_code

if TYPE_CHECKING:
    import socket
    from collections.abc import Callable
    from typing import TypeAlias

    from tests.mirror.site_dir import SiteData, SiteEntry

    Takeover: TypeAlias = Callable[[socket.socket, bytes], None]
    """Sends an answer its own way, given the connection's socket and the head to send."""

HTML = b"text/html; charset=utf-8"
RSS = b"application/rss+xml; charset=utf-8"
TEXT = b"text/plain; charset=utf-8"
_FEED_CACHE_HOSTS = 32
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@dataclass(frozen=True, slots=True)
class Response:
    """What the server sends: status, content type, body and, for redirects, a URL."""

    status: int
    content_type: bytes
    body: bytes
    location: str | None = None
    headers: tuple[bytes, ...] = ()
    """Extra header lines (``b"Retry-After: 5"``); only fault handlers send any."""

    takeover: Takeover | None = None
    """Sends the answer wrongly instead of the server: called with the connection's socket and
    the head the server would have sent (for this status, headers and body); the server closes
    the connection when it returns. Only fault handlers use it (a stall, a reset part-way)."""


class MirrorApp:
    """Answers requests for one loaded site directory."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.by_id: dict[int, SiteEntry] = {e.news_id: e for e in data.entries}
        ok = [e for e in data.entries if e.status == "ok"]
        self.by_time = sorted(ok, key=lambda e: (e.published_at, e.news_id))
        self.day_keys = [jalali_ymd(e.published_at) for e in self.by_time]
        newest = self.by_time[::-1]
        self.front = Response(200, HTML, listings.front_page(newest))
        self.feed_items = [e for e in newest if e.in_feed][: listings.FEED_SIZE]
        self.robots = Response(200, TEXT, listings.ROBOTS_TXT.encode())
        self.soft_404 = Response(200, HTML, listings.soft_404_page())
        self.not_found = Response(404, HTML, listings.not_found_page())
        self._feeds: dict[str, Response] = {}
        self._locations: dict[int, str] = {}

    @cached_property
    def ok_count(self) -> int:
        return len(self.by_time)

    def handle(self, target: str, origin: str) -> Response:
        """Answer a request target (path and query) sent to ``origin`` (``http://host:port``)."""
        path, _, query = target.partition("?")
        if path.startswith("/fa/news/"):
            return self._article(path[len("/fa/news/") :], origin)
        if path in ("/", "/fa", "/fa/"):
            return self.front
        if path == ARCHIVE_PATH:
            return self._archive(query)
        if path == FEED_PATH:
            return self._feed(origin)
        if path == "/robots.txt":
            return self.robots
        news_id = decode_short_code(path[1:])
        if news_id is not None and news_id in self.by_id:
            return self.redirect(self.by_id[news_id], origin)
        return self.not_found

    def _article(self, rest: str, origin: str) -> Response:
        id_text, _, slug = rest.partition("/")
        entry = self.by_id.get(int(id_text)) if id_text.isdigit() and id_text[0] != "0" else None
        if entry is None or entry.status == "gone":
            return self.not_found
        if entry.status == "soft404":
            return self.soft_404
        if slug and (slug == entry.slug or unquote(slug) == entry.slug):
            assert entry.html is not None
            return Response(200, HTML, entry.html)
        return self.redirect(entry, origin)

    def redirect(self, entry: SiteEntry, origin: str) -> Response:
        """A 301 to the slugged URL of ``entry`` on ``origin``."""
        path = self._locations.get(entry.news_id)
        if path is None:
            path = self._locations[entry.news_id] = safe_url_string(
                f"/fa/news/{entry.news_id}/{entry.slug}"
            )
        return Response(301, HTML, b"", origin + path)

    def _feed(self, origin: str) -> Response:
        feed = self._feeds.get(origin)
        if feed is None:
            if len(self._feeds) >= _FEED_CACHE_HOSTS:
                self._feeds.clear()
            newest = self.by_time[-1] if self.by_time else None
            body = listings.rss_feed(self.feed_items, newest, origin)
            feed = self._feeds[origin] = Response(200, RSS, body)
        return feed

    def _archive(self, query_string: str) -> Response:
        query, page, low, high = _archive_query(query_string)
        start = bisect.bisect_left(self.day_keys, low) if low else 0
        stop = bisect.bisect_right(self.day_keys, high) if high else len(self.day_keys)
        total = max(0, stop - start)
        newest_first = stop - (page - 1) * query.rpp
        first = max(start, newest_first - query.rpp)
        entries = self.by_time[first:newest_first][::-1] if newest_first > start else []
        return Response(200, HTML, listings.archive_page(entries, query, page, total))


def _archive_query(
    query_string: str,
) -> tuple[listings.ArchiveQuery, int, tuple[int, int, int] | None, tuple[int, int, int] | None]:
    """Parse archive parameters leniently: bad values fall back to the CMS's defaults."""
    params = {k: v[-1] for k, v in parse_qs(query_string, keep_blank_values=True).items()}
    rpp = _int(params.get("rpp"), 20)
    query = listings.ArchiveQuery(
        service_id=params.get("service_id", "-1"),
        sec_id=params.get("sec_id", "-1"),
        cat_id=params.get("cat_id", "-1"),
        rpp=rpp if rpp in listings.RPP_CHOICES else 20,
        from_date=params.get("from_date", ""),
        to_date=params.get("to_date", ""),
    )
    page = max(1, _int(params.get("p"), 1))
    return query, page, _jalali_date(query.from_date), _jalali_date(query.to_date)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _jalali_date(text: str) -> tuple[int, int, int] | None:
    """``1400/07/01`` or ``1400/7/1`` (Latin or Persian digits) as a tuple; None if malformed.

    >>> _jalali_date("1400/7/5")
    (1400, 7, 5)
    """
    parts = text.translate(_ASCII_DIGITS).strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in parts)
    return year, month, day
