"""A full crawl of a 2,000-article mirror matches the generator's expected records, field by field.

The generator knows what it put on every page; the crawler reads the pages without knowing it.
Equality of the two on every field of every article is the strongest offline evidence that the
crawler gets pages it has never seen right.
"""

from __future__ import annotations

import pytest

from newscrawl.dataset.schema import validator
from tests.crawling import assert_same_records, run_crawl, whole_archive_args, without_crawl_time
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir, read_expected

pytestmark = pytest.mark.e2e

ARTICLES = 2000


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("mirror2000")
    build_mirror(site_dir, articles=ARTICLES, seed=2026)
    with serve_site_dir(site_dir) as base_url:
        expected = {r["news_id"]: rebase(r, base_url) for r in read_expected(site_dir)}
        yield site_dir, base_url, expected


def test_ids_crawl_matches_every_expected_record(mirror, tmp_path):
    site_dir, base_url, expected = mirror
    entries = load_site_dir(site_dir).entries
    ids = f"{entries[0].news_id}-{entries[-1].news_id}"
    crawl = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", "-a", f"ids={ids}")
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(expected) == ARTICLES
    assert len(crawl.records) == ARTICLES, "one record per article"
    assert_same_records(without_crawl_time(crawl.records), expected)
    schema = validator()
    assert [error.message for r in crawl.records for error in schema.iter_errors(r)] == []
    gaps = sum(1 for entry in entries if entry.status != "ok")
    assert sum(crawl.summary["gaps"].values()) == gaps
    assert crawl.summary["rejected"] == {}


def test_backfill_of_the_whole_archive_matches_every_expected_record(mirror, tmp_path):
    _, base_url, expected = mirror
    crawl = run_crawl(
        tmp_path,
        "asrpress",
        "-a", f"base_url={base_url}",
        *whole_archive_args(expected.values()),
        "-s", "NEWSCRAWL_ARCHIVE_CHUNK_DAYS=30",
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(crawl.records) == ARTICLES, "one record per article"
    assert_same_records(without_crawl_time(crawl.records), expected)


def test_generic_cms_spider_reads_the_mirror_with_no_site_config(mirror, tmp_path):
    """``scrapy crawl iransamaneh`` knows no site: it detects the layout and keys the host."""
    _, base_url, expected = mirror
    ids = sorted(expected)[:300]
    crawl = run_crawl(
        tmp_path,
        "iransamaneh",
        "-a", f"base_url={base_url}",
        "-a", f"ids={ids[0]}-{ids[-1]}",
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    got = without_crawl_time(crawl.records)
    assert {record["site"] for record in got.values()} == {"127-0-0-1"}
    assert_same_records(
        {news_id: {**record, "site": "asrpress"} for news_id, record in got.items()},
        {news_id: expected[news_id] for news_id in ids},
    )
