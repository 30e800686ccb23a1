"""A small site made hostile one answer at a time, and a log of what the crawler asked it for.

The end-to-end tests of issue 16 ("a hostile world") serve a 50-article synthetic Asr Press
(:func:`build_site`) from :class:`~tests.mirror.http_server.MirrorServer` in a thread of the test
process, with handlers from this module: :class:`RequestLog` records every request target in the
order it arrived (the server-side count the tests assert on), :func:`on_path` and
:func:`on_article` answer one path or one article page their own way. The crawl itself is the real
``scrapy crawl`` in a subprocess (:func:`tests.crawling.run_crawl`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newscrawl.cms.iransamaneh.urls import ARCHIVE_PATH, article_id
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.site_dir import load_site_dir, read_expected

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from tests.mirror.app import Response
    from tests.mirror.http_server import Handler, Request

ARTICLES = 50
SEED = 1
QUICK_RETRIES = (  # retries still happen (RETRY_TIMES=3), only the waits between them are short
    "-s", "NEWSCRAWL_RETRY_BACKOFF=0.01",
    "-s", "NEWSCRAWL_RETRY_BACKOFF_MAX=0.05",
    "-s", "NEWSCRAWL_SITE_BACKOFF_MAX=0.05",
)  # fmt: skip


@dataclass(frozen=True)
class Site:
    """A built site directory: its article ids (all of them articles) and expected records."""

    site_dir: Path
    ids: list[int]
    expected: dict[int, dict[str, Any]]
    """Expected records by id, URLs against ``https://asrpress.ir`` (see :meth:`expected_at`)."""

    @property
    def id_range(self) -> str:
        return f"{self.ids[0]}-{self.ids[-1]}"

    def expected_at(self, base_url: str) -> dict[int, dict[str, Any]]:
        return {news_id: rebase(record, base_url) for news_id, record in self.expected.items()}


def build_site(site_dir: Path, articles: int = ARTICLES) -> Site:
    """The synthetic site of ``articles`` articles, consecutive ids, no gaps.

    Built again with more articles, it keeps the pages it had: the site published new ones.
    """
    build_mirror(site_dir, articles=articles, seed=SEED, workers=1)
    entries = load_site_dir(site_dir).entries
    assert all(entry.status == "ok" for entry in entries), "every id an article"
    return Site(
        site_dir=site_dir,
        ids=[entry.news_id for entry in entries],
        expected={record["news_id"]: record for record in read_expected(site_dir)},
    )


class RequestLog:
    """A server handler that records every request target, in order, and changes no answer."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, request: Request, answer: Response) -> Response:
        with self._lock:
            self.targets.append(request.target)
        return answer

    @property
    def paths(self) -> list[str]:
        """The targets without their query."""
        return [target.partition("?")[0] for target in self.targets]

    def article_ids(self) -> set[int]:
        """The ids of every article URL asked for (bare, slugged or AMP)."""
        return {news_id for path in self.paths if (news_id := article_id(path)) is not None}

    def count(self, path: str) -> int:
        return self.paths.count(path)


def on_path(path: str, answer: Callable[[Request, Response], Response]) -> Handler:
    """A handler answering requests for ``path`` (any query) with ``answer(request, normal)``."""

    def handler(request: Request, normal: Response) -> Response:
        if request.target.partition("?")[0] != path:
            return normal
        return answer(request, normal)

    return handler


def on_article(news_id: int, change: Callable[[bytes], bytes]) -> Handler:
    """A handler serving ``news_id``'s article page (its 200 answer) with ``change(body)``."""

    def handler(request: Request, normal: Response) -> Response:
        if normal.status != 200 or article_id(request.target) != news_id:
            return normal
        return replace(normal, body=change(normal.body))

    return handler


def on_archive(change: Callable[[Request, bytes], bytes]) -> Handler:
    """A handler serving every archive page with ``change(request, body)``."""

    def answer(request: Request, normal: Response) -> Response:
        return replace(normal, body=change(request, normal.body))

    return on_path(ARCHIVE_PATH, answer)


def sub_once(pattern: str, replacement: str, body: bytes) -> bytes:
    """``body`` (UTF-8) with the one match of ``pattern`` replaced; fails if it does not match."""
    text, count = re.subn(pattern, replacement, body.decode("utf-8"), count=1)
    assert count == 1, f"{pattern!r} not on the page (the mirror's markup changed?)"
    return text.encode("utf-8")


def stat(log: str, name: str) -> int:
    """A counter from the stats Scrapy dumps at the end of the crawl (0 when absent)."""
    found = re.search(rf"'{re.escape(name)}': (\d+)[,}}]", log)
    return int(found.group(1)) if found else 0
