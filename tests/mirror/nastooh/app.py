"""The Nastooh mirror's URL space: which bytes, status and headers answer a request path.

Routes (all others are 404 with an error page):

* ``/`` — the home page (newest items); ``/robots.txt``; ``/rss`` — the newest ``in_feed`` items;
* ``/archive?pi=P&dy=D&mn=M&yr=Y`` (and ``/page/archive.xhtml?…``, where pagination links go) —
  one Jalali day (or month, or everything), newest first, 20 a page;
* ``/news/{id}/{slug}`` and ``/photo/{id}/{slug}`` — 200 on the item's own path; a bare id, a
  wrong slug or the other kind's prefix (``/news/{id}`` of a photo) answer 301 to it;
* a soft-404 id answers 200 with the home page at the asked URL (the assumed soft 404: a Nastooh
  page of another ``nastooh:pageType``); a gone id and ids outside the index 404;
* ``/x{code}`` — an item's short link, 301 to the item.

:class:`NastoohApp` is a :class:`~tests.mirror.app.MirrorApp` (the server, the faults and the
tests use one interface); it answers with this CMS's pages and URLs.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote

from w3lib.url import safe_url_string

from tests.mirror.app import HTML, RSS, TEXT, MirrorApp, Response
from tests.mirror.nastooh import listings
from tests.mirror.nastooh.slugs import decode_short_code

if TYPE_CHECKING:
    from tests.mirror.site_dir import SiteData, SiteEntry

_ITEM_PREFIXES = ("/news/", "/photo/")


class NastoohApp(MirrorApp):
    """Answers requests for one loaded Nastooh site directory."""

    def __init__(self, data: SiteData) -> None:
        super().__init__(data)
        newest = self.by_time[::-1]
        self.newest = newest
        self.front = Response(200, HTML, listings.front_page(newest))
        self.soft_404 = self.front
        self.not_found = Response(404, HTML, listings.not_found_page())
        self.robots = Response(200, TEXT, listings.ROBOTS_TXT.encode())
        self.feed_items = [e for e in newest if e.in_feed][: listings.FEED_SIZE]

    def handle(self, target: str, origin: str) -> Response:
        path, _, query = target.partition("?")
        if path.startswith(_ITEM_PREFIXES):
            return self._item(path, origin)
        if path == "/":
            return self.front
        if path in ("/archive", "/page/archive.xhtml"):
            return self._archive(query)
        if path == "/rss":
            return self._feed(origin)
        if path == "/robots.txt":
            return self.robots
        if path.startswith("/x"):
            news_id = decode_short_code(path[2:])
            entry = self.by_id.get(news_id) if news_id is not None else None
            if entry is not None and entry.status == "ok":
                return self.redirect(entry, origin)
        return self.not_found

    def _item(self, path: str, origin: str) -> Response:
        prefix, id_text, slug = [*path.split("/", 3)[1:], "", ""][:3]
        entry = self.by_id.get(int(id_text)) if id_text.isdigit() and id_text[0] != "0" else None
        if entry is None or entry.status == "gone":
            return self.not_found
        if entry.status == "soft404":
            return self.soft_404
        own = listings.entry_path(entry)
        if f"/{prefix}/{id_text}/{unquote(slug)}" == own:
            assert entry.html is not None
            return Response(200, HTML, entry.html)
        return self.redirect(entry, origin)

    def redirect(self, entry: SiteEntry, origin: str) -> Response:
        """A 301 to the slugged URL of ``entry`` on ``origin``."""
        path = self._locations.get(entry.news_id)
        if path is None:
            path = self._locations[entry.news_id] = safe_url_string(listings.entry_path(entry))
        return Response(301, HTML, b"", origin + path)

    def _feed(self, origin: str) -> Response:
        feed = self._feeds.get(origin)
        if feed is None:
            if len(self._feeds) >= 32:
                self._feeds.clear()
            feed = self._feeds[origin] = Response(
                200, RSS, listings.rss_feed(self.feed_items, origin)
            )
        return feed

    def _archive(self, query_string: str) -> Response:
        params = {k: v[-1] for k, v in parse_qs(query_string).items()}
        query = listings.ArchiveQuery(
            year=_int(params.get("yr")), month=_int(params.get("mn")), day=_int(params.get("dy"))
        )
        page_index = max(1, _int(params.get("pi")) or 1)
        low, high = _day_bounds(query)
        start = bisect.bisect_left(self.day_keys, low)
        stop = bisect.bisect_right(self.day_keys, high)
        total = max(0, stop - start)
        newest_first = stop - (page_index - 1) * listings.ARCHIVE_PAGE_SIZE
        first = max(start, newest_first - listings.ARCHIVE_PAGE_SIZE)
        entries = self.by_time[first:newest_first][::-1] if newest_first > start else []
        body = listings.archive_page(entries, self.newest, query, page_index, total)
        return Response(200, HTML, body)


def _day_bounds(query: listings.ArchiveQuery) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The first and last Jalali (y, m, d) a query lists (the whole index when it names none)."""
    if query.year is None or query.month is None:
        return (0, 0, 0), (9999, 99, 99)
    if query.day is None:
        return (query.year, query.month, 0), (query.year, query.month, 99)
    day = (query.year, query.month, query.day)
    return day, day


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
