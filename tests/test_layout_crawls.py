"""Every article layout of the CMS crawled end to end: by ids, by archive and incrementally.

One small mirror per layout (:data:`~tests.mirror.spec.LAYOUT_SITES`: the same synthetic articles
printed in that layout), crawled by the spider of a site of that layout, as users run it. Each mode
must export exactly the generator's expected records, field by field.
"""

from __future__ import annotations

from urllib.request import urlopen

import pytest

from newscrawl.cms.iransamaneh.feed import parse_feed
from newscrawl.sites import SITES
from tests.crawling import (
    assert_same_records,
    linked_ids,
    run_crawl,
    whole_archive_args,
    without_crawl_time,
)
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import read_expected
from tests.mirror.spec import LAYOUT_SITES

pytestmark = pytest.mark.e2e

ARTICLES = 120
SEED = 18


@pytest.fixture(scope="module", params=sorted(LAYOUT_SITES))
def mirror(request, tmp_path_factory):
    """(site key, base URL, expected records by id) of a mirror printed in one layout."""
    layout = request.param
    key = LAYOUT_SITES[layout]
    assert SITES[key].layout == layout, "the mirror is crawled by a site of its layout"
    site_dir = tmp_path_factory.mktemp(f"mirror-{layout}")
    build_mirror(site_dir, articles=ARTICLES, seed=SEED, layout=layout, workers=1)
    with serve_site_dir(site_dir) as base_url:
        expected = {r["news_id"]: rebase(r, base_url) for r in read_expected(site_dir)}
        yield key, base_url, expected


def assert_records(crawl, expected: dict) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert_same_records(without_crawl_time(crawl.records), expected)
    assert crawl.summary["rejected"] == {}


def test_ids(mirror, tmp_path):
    key, base_url, expected = mirror
    ids = f"{min(expected)}-{max(expected)}"
    crawl = run_crawl(tmp_path, key, "-a", f"base_url={base_url}", "-a", f"ids={ids}")
    assert_records(crawl, expected)
    assert len(crawl.records) == ARTICLES


def test_archive(mirror, tmp_path):
    key, base_url, expected = mirror
    crawl = run_crawl(
        tmp_path, key, "-a", f"base_url={base_url}", *whole_archive_args(expected.values())
    )
    assert_records(crawl, expected)


def test_incremental(mirror, tmp_path):
    """A first incremental run: the listed articles and every id between them."""
    key, base_url, expected = mirror
    with urlopen(f"{base_url}/") as front, urlopen(f"{base_url}/fa/rss/allnews") as feed:
        listed = linked_ids(front.read().decode())
        listed += [entry.news_id for entry in parse_feed(feed.read(), base_url)]
    crawl = run_crawl(tmp_path, key, "-a", f"base_url={base_url}")
    wanted = {i: r for i, r in expected.items() if min(listed) <= i <= max(listed)}
    assert len(wanted) > 30
    assert_records(crawl, wanted)
    assert crawl.summary["mode"] == "incremental"
