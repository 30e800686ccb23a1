"""Across runs: an article hidden by a challenge page, or published after its id was a soft 404,
is exported exactly once by a later run.

One local site serves a 40-article synthetic Asr Press for two incremental runs; between them the
test changes how it answers one article. Both runs are the real ``scrapy crawl``.
"""

from __future__ import annotations

import urllib.request
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from newscrawl.cms.iransamaneh.urls import article_id
from newscrawl.runs.state import SiteState, StateDir
from tests.crawling import linked_ids, mirror_state_key, run_crawl, without_crawl_time
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.http_server import MirrorServer
from tests.reliability.outcomes import Mirror

if TYPE_CHECKING:
    from pathlib import Path

    from tests.mirror.app import Response
    from tests.mirror.http_server import Request

pytestmark = pytest.mark.e2e

ARTICLES = 80

ARVAN_CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>ArvanCloud</title></head><body>"
    b"<script>window.AR_SiteKey='0x4AAAA';var __arcsrc='/cdn-ar/challenge.js';</script>"
    b"</body></html>"
)
"""The shape of ArvanCloud's challenge (its site-key and source variables), served with 200."""

UNKNOWN_CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Please wait</title></head><body>"
    b"<p>Checking your browser before accessing the site.</p></body></html>"
)
"""A challenge no marker knows: no layout of the CMS, so a failed fetch, never a record."""

SOFT_404 = (
    "<!DOCTYPE html><html><head><title>صفحه درخواستی شما موجود نمی باشد</title></head><body>"
    '<div class="error_container">صفحه درخواستی شما موجود نمی باشد</div></body></html>'
).encode()


class OneArticle:
    """A handler answering one article's pages with ``body`` (HTTP 200) while it is set."""

    def __init__(self, news_id: int) -> None:
        self.news_id = news_id
        self.body: bytes | None = None
        self.asked = 0

    def __call__(self, request: Request, answer: Response) -> Response:
        if article_id(request.target.split("?")[0]) != self.news_id:
            return answer
        self.asked += 1
        if self.body is None:
            return answer
        return replace(answer, status=200, body=self.body, location=None,
                       content_type=b"text/html; charset=utf-8")  # fmt: skip


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Mirror:
    site_dir = tmp_path_factory.mktemp("hostile-runs")
    build_mirror(site_dir, articles=ARTICLES, seed=41)
    return Mirror.load(site_dir)


def unlisted(mirror: Mirror, base_url: str) -> int:
    """An article neither the front page nor the feed lists: only its id leads to it."""
    listed: set[int] = set()
    for path in ("/", "/fa/rss/allnews"):
        with urllib.request.urlopen(base_url + path) as page:
            listed |= set(linked_ids(page.read().decode()))
    return next(i for i in mirror.ok_ids[5:] if i not in listed)


def two_runs(mirror: Mirror, data: Path, server: MirrorServer, first_body: bytes):
    """Run 1 with the chosen article answered by ``first_body``, run 2 with it served as it is.

    Returns run 1, the state between the runs, run 2 and the state after it.
    """
    base_url = server.base_url
    key = mirror_state_key("asrpress", base_url)
    StateDir(data / "state").save(SiteState(key, last_id=mirror.ok_ids[0] - 1))
    handler: OneArticle = server.handlers[0]  # type: ignore[assignment]
    handler.body = first_body
    first = run_crawl(data, "asrpress", "-a", f"base_url={base_url}", name="first")
    between = StateDir(data / "state").load(key)
    handler.body = None
    second = run_crawl(data, "asrpress", "-a", f"base_url={base_url}", name="second")
    return first, between, second, StateDir(data / "state").load(key)


def assert_every_article_once(mirror: Mirror, base_url: str, *runs) -> None:
    records = [record for run in runs for record in run.records]
    assert sorted(record["news_id"] for record in records) == mirror.ok_ids
    got = without_crawl_time(records)
    assert got == {i: rebase(mirror.expected[i], base_url) for i in got}


@pytest.mark.parametrize(
    "challenge", [ARVAN_CHALLENGE, UNKNOWN_CHALLENGE], ids=["arvan", "unknown"]
)
def test_an_article_behind_a_challenge_page_is_exported_once_by_the_next_run(
    mirror, tmp_path, challenge
):
    hidden = mirror.ok_ids[len(mirror.ok_ids) // 2]
    handler = OneArticle(hidden)
    with MirrorServer(mirror.site_dir, handlers=[handler]) as server:
        first, between, second, state = two_runs(mirror, tmp_path, server, challenge)
    assert hidden not in {record["news_id"] for record in first.records}
    if challenge is ARVAN_CHALLENGE:  # a known challenge stops the site: reported, never solved
        assert first.returncode == 1
        assert first.summary["finish_reason"] == "blocked_by_bot_check"
    else:  # one page in no layout: a failed fetch, retried; many in a row would stop the run
        assert first.returncode == 0, first.log[-3000:]
        assert first.summary["failed_by_reason"] == {"unknown_layout": 1}
        assert hidden in between.retry
    assert between.last_id is not None
    assert hidden in between.retry or between.last_id < hidden, "asked again by the next run"
    assert second.returncode == 0, second.log[-3000:]
    assert hidden in {record["news_id"] for record in second.records}
    assert_every_article_once(mirror, server.base_url, first, second)
    assert state.last_id == mirror.ok_ids[-1]
    assert not state.retry


def test_an_article_published_after_its_id_was_a_soft_404_is_exported_once_later(mirror, tmp_path):
    with MirrorServer(mirror.site_dir, handlers=[OneArticle(0)]) as server:
        late = unlisted(mirror, server.base_url)
        server.handlers[0].news_id = late  # type: ignore[attr-defined]
        first, between, second, state = two_runs(mirror, tmp_path, server, SOFT_404)
        asked = server.handlers[0].asked  # type: ignore[attr-defined]
    assert first.returncode == 0, first.log[-3000:]
    assert late not in {record["news_id"] for record in first.records}
    assert first.summary["ledger"]["pending"] == 1, "met as a soft 404: allotted, not published"
    assert list(between.pending) == [late]
    assert between.last_id == mirror.ok_ids[-1], "a soft 404 is a gap: the cursor passes it"
    assert second.returncode == 0, second.log[-3000:]
    assert [r["news_id"] for r in second.records if r["news_id"] == late] == [late]
    assert second.summary["ledger"]["late_published"] == 1
    assert_every_article_once(mirror, server.base_url, first, second)
    assert not state.pending, "published: no longer asked"
    assert asked <= 2 * 3, "asked once per run (a redirect and the page at most)"
