"""``scrapy crawl mehrnews`` against the synthetic Nastooh mirror: by ids, by days, incrementally.

Each crawl must export exactly the mirror's expected records, field by field: news items, photo
galleries (their photographer an author, never a kicker) and videos with text; not the videos
that are only a player, nor the soft or hard 404s.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from urllib.request import urlopen

import pytest
from scrapy.http import HtmlResponse

from newscrawl.cms.nastooh import CMS
from newscrawl.text import dates
from tests.crawling import assert_same_records, crawl_env, run_crawl, without_crawl_time
from tests.mirror.nastooh.build import build_mirror
from tests.mirror.nastooh.expected import rebase
from tests.mirror.nastooh.listings import kind_of
from tests.mirror.server import MirrorProcess, serve_site_dir
from tests.mirror.site_dir import load_site_dir, read_expected

pytestmark = pytest.mark.e2e

SEED = 7
ITEMS = 240


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("nastooh_mirror")
    build_mirror(site_dir, articles=ITEMS, seed=SEED)
    with serve_site_dir(site_dir) as base_url:
        expected = {r["news_id"]: rebase(r, base_url) for r in read_expected(site_dir)}
        yield site_dir, base_url, expected


def skipped_videos(site_dir, expected) -> int:
    entries = load_site_dir(site_dir).entries
    return sum(1 for e in entries if e.status == "ok" and e.news_id not in expected)


def test_ids_crawl_exports_every_expected_record(mirror, tmp_path):
    site_dir, base_url, expected = mirror
    entries = load_site_dir(site_dir).entries
    ids = f"{entries[0].news_id}-{entries[-1].news_id}"
    crawl = run_crawl(tmp_path, "mehrnews", "-a", f"base_url={base_url}", "-a", f"ids={ids}")
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(crawl.records) == len(expected), "one record per article"
    assert_same_records(without_crawl_time(crawl.records), expected)
    assert {kind_of(e) for e in entries if e.news_id in expected} == {"news", "photo", "video"}
    assert any(r["authors"] and r["kicker"] is None for r in expected.values()), "a photographer"
    gaps = {key: count for key, count in crawl.summary["gaps"].items() if "/" not in key}
    assert gaps.pop("not_article") == skipped_videos(site_dir, expected)
    assert crawl.summary["gaps"]["not_article/video"] == skipped_videos(site_dir, expected)
    assert sum(gaps.values()) == sum(1 for e in entries if e.status != "ok")
    assert crawl.summary["rejected"] == {}


def test_date_range_crawl_exports_exactly_the_articles_of_those_days(mirror, tmp_path):
    _, base_url, expected = mirror
    days = sorted({datetime.fromisoformat(r["published_at"]).date() for r in expected.values()})
    first, last = days[1], days[3]
    wanted = {
        news_id: record
        for news_id, record in expected.items()
        if first <= datetime.fromisoformat(record["published_at"]).date() <= last
    }
    since = "{}-{:02d}-{:02d}".format(*dates.gregorian_to_jalali(first))
    until = "{}/{:02d}/{:02d}".format(*dates.gregorian_to_jalali(last))
    crawl = run_crawl(
        tmp_path,
        "mehrnews",
        "-a", f"base_url={base_url}",
        "-a", f"since={since}",
        "-a", f"until={until}",
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    got = without_crawl_time(crawl.records)
    assert len(crawl.records) == len(got), "each article once"
    assert_same_records(got, wanted)
    # one day a listing, and days longer than a listing page take several pages
    pages = int(crawl.log.split("'newscrawl/spider/listing/archive': ")[1].split(",")[0])
    assert pages > (last - first).days + 1


def listed_ids(base_url: str) -> list[int]:
    """What a reader of the home page and the feed sees, read independently of the spider."""
    with urlopen(f"{base_url}/") as front, urlopen(f"{base_url}/rss") as feed:
        page = HtmlResponse(f"{base_url}/", body=front.read())
        ids = [entry.news_id for entry in CMS.linked_articles(page)]
        return ids + [entry.news_id for entry in CMS.feed_entries(feed.read(), f"{base_url}/rss")]


def test_incremental_runs_export_each_new_article_exactly_once(tmp_path):
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=120, seed=SEED)
    with MirrorProcess(site_dir) as mirror:  # one address: the state is kept per host and port
        base_url = mirror.base_url
        listed = listed_ids(base_url)
        first = run_crawl(tmp_path, "mehrnews", "-a", f"base_url={base_url}", name="run1")
        expected = {r["news_id"]: rebase(r, base_url) for r in read_expected(site_dir)}
        assert first.returncode == 0, first.log[-3000:]
        # No state yet: the listed items and every id between them (the footer links the oldest).
        assert min(listed) == load_site_dir(site_dir).entries[0].news_id
        assert_same_records(without_crawl_time(first.records), expected)

        last_id = load_site_dir(site_dir).entries[-1].news_id
        build_mirror(site_dir, articles=160, seed=SEED)  # 40 new items, the earlier ones unchanged
        mirror.reload()
        second = run_crawl(tmp_path, "mehrnews", "-a", f"base_url={base_url}", name="run2")
        third = run_crawl(tmp_path, "mehrnews", "-a", f"base_url={base_url}", name="run3")
        all_expected = {r["news_id"]: rebase(r, base_url) for r in read_expected(site_dir)}
    assert second.returncode == 0, second.log[-3000:]
    new = {i: r for i, r in all_expected.items() if i > last_id}
    assert len(new) > 30
    assert_same_records(without_crawl_time(second.records), new)
    assert third.returncode == 0, third.log[-3000:]
    assert third.records == [], "nothing new: nothing exported"


def as_site(records: dict, key: str) -> dict:
    return {news_id: {**record, "site": key} for news_id, record in records.items()}


def test_a_site_of_unsequential_ids_fetches_what_its_listings_name_and_no_id_walk(mirror, tmp_path):
    """salameno declares its ids not sequential: incremental runs fetch the listed items only."""
    _, base_url, expected = mirror
    listed = set(listed_ids(base_url))
    crawl = run_crawl(tmp_path, "salameno", "-a", f"base_url={base_url}", name="run1")
    assert crawl.returncode == 0, crawl.log[-3000:]
    wanted = {news_id: record for news_id, record in expected.items() if news_id in listed}
    assert len(wanted) < len(expected) / 2, "the listings name the newest items only"
    assert_same_records(without_crawl_time(crawl.records), as_site(wanted, "salameno"))
    again = run_crawl(tmp_path, "salameno", "-a", f"base_url={base_url}", name="run2")
    assert again.returncode == 0, again.log[-3000:]
    assert again.records == []


def test_ids_are_refused_for_a_site_of_unsequential_ids(mirror, tmp_path):
    _, base_url, _ = mirror
    crawl = run_crawl(tmp_path, "isna", "-a", f"base_url={base_url}", "-a", "ids=1-5")
    assert crawl.returncode != 0
    assert "does not number its articles one after another" in crawl.log


# --- the rest of the toolchain, unchanged for the second CMS ---


def test_a_recorded_crawl_replays_to_the_same_records_without_the_site(mirror, tmp_path):
    site_dir, base_url, _ = mirror
    entries = load_site_dir(site_dir).entries
    ids = f"ids={entries[0].news_id}-{entries[40].news_id}"
    warc = tmp_path / "mehrnews.warc.gz"
    live = run_crawl(tmp_path, "mehrnews", "-a", f"base_url={base_url}", "-a", ids,
                     "-s", f"NEWSCRAWL_WARC={warc}", name="live")  # fmt: skip
    replayed = run_crawl(tmp_path / "replay", "mehrnews", "-a", f"replay={warc}", "-a", ids,
                         name="replayed")  # fmt: skip
    assert live.returncode == replayed.returncode == 0, replayed.log[-3000:]
    assert live.records, "the range holds items"
    assert without_crawl_time(replayed.records) == without_crawl_time(live.records)


def test_the_canary_passes_on_the_healthy_nastooh_site(mirror, tmp_path):
    _, base_url, _ = mirror
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl", "canary", "mehrnews", "--base-url", base_url,
         "--articles", "20", "--state-dir", str(tmp_path / "state"), "--json",
         "-s", "AUTOTHROTTLE_ENABLED=False"],
        cwd=tmp_path, env=crawl_env(), capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"], report["problems"]
    assert len(report["checked"]) == 20
    assert report["fields"]["body"]["share"] == 1.0
