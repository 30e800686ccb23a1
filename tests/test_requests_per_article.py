"""What an article costs in requests, per discovery mode, counted by real crawls of a mirror.

An id costs two requests: ``/fa/news/{id}``, then the CMS's redirect to the slugged URL (ids and
incremental runs); an archive entry is fetched at the slugged URL the archive lists: one request.
"""

from __future__ import annotations

import re
from urllib.request import urlopen

import pytest

from newscrawl.cms.iransamaneh.feed import parse_feed
from tests.crawling import linked_ids, run_crawl, whole_archive_args
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir, read_expected

pytestmark = pytest.mark.e2e

ARTICLES = 120


def stat(log: str, name: str) -> int:
    """A counter from the stats Scrapy dumps at the end of the crawl (0 when absent)."""
    match = re.search(rf"'{re.escape(name)}': (\d+),", log)
    return int(match.group(1)) if match else 0


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("mirror")
    build_mirror(site_dir, articles=ARTICLES, seed=7)
    with serve_site_dir(site_dir) as base_url:
        yield site_dir, base_url


def test_archive_fetches_each_listed_article_once_without_redirect(mirror, tmp_path):
    site_dir, base_url = mirror
    crawl = run_crawl(
        tmp_path,
        "asrpress",
        "-a", f"base_url={base_url}",
        *whole_archive_args(read_expected(site_dir)),
        "-s", "NEWSCRAWL_ARCHIVE_CHUNK_DAYS=3650",
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(crawl.records) == ARTICLES
    assert stat(crawl.log, "downloader/response_status_count/301") == 0
    listings = stat(crawl.log, "newscrawl/spider/listing/archive")
    robots = stat(crawl.log, "robotstxt/request_count")
    assert stat(crawl.log, "downloader/request_count") == ARTICLES + listings + robots


def test_ids_cost_one_redirect_per_article(mirror, tmp_path):
    site_dir, base_url = mirror
    entries = load_site_dir(site_dir).entries
    ids = f"{entries[0].news_id}-{entries[-1].news_id}"
    crawl = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", "-a", f"ids={ids}")
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(crawl.records) == ARTICLES
    assert stat(crawl.log, "downloader/response_status_count/301") == ARTICLES


def test_incremental_fetches_ids_listed_or_not(mirror, tmp_path):
    # One redirect per article even for listed ones: see the spider's docstring (cursor order).
    site_dir, base_url = mirror
    with urlopen(f"{base_url}/") as front, urlopen(f"{base_url}/fa/rss/allnews") as feed:
        listed = set(linked_ids(front.read().decode()))
        listed |= {entry.news_id for entry in parse_feed(feed.read(), base_url)}
    ok = {entry.news_id for entry in load_site_dir(site_dir).entries if entry.status == "ok"}
    walked = {news_id for news_id in ok if min(listed) <= news_id <= max(listed)}
    crawl = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}")  # first run: no cursor
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert {record["news_id"] for record in crawl.records} == walked
    assert stat(crawl.log, "downloader/response_status_count/301") == len(walked)
    assert stat(crawl.log, "newscrawl/spider/listing/front") == 1
    assert stat(crawl.log, "newscrawl/spider/listing/feed") == 1
