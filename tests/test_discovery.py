"""Discovery against the generated mirror: archive backfill, incremental runs, kill and resume."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from datetime import datetime
from urllib.request import urlopen

import pytest

from newscrawl.cms.iransamaneh.feed import parse_feed
from newscrawl.runs.state import SiteState, StateDir
from newscrawl.text import dates
from tests.crawling import (
    PROJECT,
    crawl_command,
    crawl_env,
    linked_ids,
    mirror_state_key,
    read_jsonl,
    run_crawl,
)
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.server import MirrorProcess, serve_site_dir
from tests.mirror.site_dir import load_site_dir, read_expected

pytestmark = pytest.mark.e2e

SEED = 11


def ok_ids(site_dir) -> list[int]:
    return [entry.news_id for entry in load_site_dir(site_dir).entries if entry.status == "ok"]


def listed_ids(base_url: str) -> list[int]:
    """What a reader of the front page and the feed sees, read independently of the spider."""
    with urlopen(f"{base_url}/") as front, urlopen(f"{base_url}/fa/rss/allnews") as feed:
        front_ids = linked_ids(front.read().decode())
        return front_ids + [entry.news_id for entry in parse_feed(feed.read(), base_url)]


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("mirror")
    build_mirror(site_dir, articles=400, seed=SEED)
    with serve_site_dir(site_dir) as base_url:
        yield site_dir, base_url


def test_backfill_returns_exactly_the_articles_dated_in_the_range(mirror, tmp_path):
    site_dir, base_url = mirror
    expected = [rebase(record, base_url) for record in read_expected(site_dir)]
    tehran_day = [datetime.fromisoformat(r["published_at"]).date() for r in expected]
    # A range holding a good share of the mirror, split into several chunks and archive pages.
    first, last = sorted(tehran_day)[40], sorted(tehran_day)[200]
    wanted = {
        r["news_id"]: r for r, day in zip(expected, tehran_day, strict=True) if first <= day <= last
    }
    since = "{}-{:02d}-{:02d}".format(*dates.gregorian_to_jalali(first))
    until = "{}/{:02d}/{:02d}".format(*dates.gregorian_to_jalali(last))
    crawl = run_crawl(
        tmp_path,
        "asrpress",
        "-a", f"base_url={base_url}",
        "-a", f"since={since}",
        "-a", f"until={until}",
        "-s", "NEWSCRAWL_ARCHIVE_RPP=20",
        "-s", "NEWSCRAWL_ARCHIVE_CHUNK_DAYS=400",
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    got = {r["news_id"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in crawl.records}
    assert len(crawl.records) == len(got), "each article once"
    assert got == wanted
    assert "newscrawl/spider/listing/archive" in crawl.log
    pages = int(crawl.log.split("'newscrawl/spider/listing/archive': ")[1].split(",")[0])
    assert pages >= len(wanted) // 20


def test_gregorian_backfill_is_the_same_range(mirror, tmp_path):
    site_dir, base_url = mirror
    expected = read_expected(site_dir)
    day = datetime.fromisoformat(expected[100]["published_at"]).date()
    wanted = {
        r["news_id"] for r in expected if datetime.fromisoformat(r["published_at"]).date() == day
    }
    crawl = run_crawl(
        tmp_path,
        "asrpress",
        "-a", f"base_url={base_url}",
        "-a", f"since={day.isoformat()}",
        "-a", f"until={day.isoformat()}",
        "-a", "calendar=gregorian",
    )  # fmt: skip
    assert {r["news_id"] for r in crawl.records} == wanted


def test_incremental_runs_export_each_new_article_exactly_once(tmp_path):
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=120, seed=SEED)
    with MirrorProcess(site_dir) as mirror:
        base_url = mirror.base_url
        listed = listed_ids(base_url)
        first = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", name="run1")
        assert first.returncode == 0, first.log[-3000:]
        first_ids = {r["news_id"] for r in first.records}
        index = load_site_dir(site_dir).entries
        # First run without state: the listed articles and every id between them.
        assert first_ids == {i for i in ok_ids(site_dir) if min(listed) <= i <= max(listed)}
        key = mirror_state_key("asrpress", base_url)
        state = json.loads((tmp_path / "state" / f"{key}.json").read_text(encoding="utf-8"))
        assert state["last_id"] == max(e.news_id for e in index)

        build_mirror(site_dir, articles=160, seed=SEED)  # 40 new articles, same earlier ones
        mirror.reload()
        new_entries = [e for e in load_site_dir(site_dir).entries if e.news_id > state["last_id"]]
        assert any(not e.in_feed and e.status == "ok" for e in new_entries), "a feed-missed one"
        assert any(e.status != "ok" for e in new_entries), "a gap among the new ids"
        second = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", name="run2")
        assert second.returncode == 0, second.log[-3000:]
        assert sorted(r["news_id"] for r in second.records) == [
            e.news_id for e in new_entries if e.status == "ok"
        ]
        gaps = second.summary["gaps"]
        assert sum(gaps.values()) == sum(1 for e in new_entries if e.status != "ok")

        third = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", name="run3")
        listed = listed_ids(base_url)
        refresh = run_crawl(
            tmp_path, "asrpress", "-a", f"base_url={base_url}", "-a", "refresh=1", name="run4"
        )
    assert third.returncode == 0
    assert third.records == [], "nothing new: nothing exported"
    assert third.summary["skipped_seen"] > 0
    # refresh=1 exports the listed articles again although earlier runs exported them
    assert {r["news_id"] for r in refresh.records} == set(listed) & set(ok_ids(site_dir))


def test_killed_run_then_rerun_publishes_every_article_once(tmp_path):
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=300, seed=SEED)
    ids = ok_ids(site_dir)
    data = tmp_path / "data"
    state_dir = data / "state"  # where run_crawl(data, …) keeps it too
    with serve_site_dir(site_dir) as base_url:
        key = mirror_state_key("asrpress", base_url)
        StateDir(state_dir).save(SiteState(key, last_id=ids[0] - 1))
        killed = subprocess.Popen(
            crawl_command(
                "asrpress",
                "-a",
                f"base_url={base_url}",
                "-o",
                str(data / "killed.jsonl"),
                "-s",
                f"NEWSCRAWL_STATE_DIR={state_dir}",
                "-s",
                "CONCURRENT_REQUESTS=2",
                "-s",
                "DOWNLOAD_DELAY=0.02",
            ),
            cwd=PROJECT,
            env=crawl_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        part = data / "killed.jsonl.part"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 2000):
            time.sleep(0.05)
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        assert part.exists(), "killed mid-crawl, while writing"
        assert not (data / "killed.jsonl").exists(), "a killed crawl publishes nothing"
        rerun = run_crawl(data, "asrpress", "-a", f"base_url={base_url}", name="rerun")
    assert rerun.returncode == 0, rerun.log[-3000:]
    published = [r["news_id"] for path in data.glob("*.jsonl") for r in read_jsonl(path)]
    assert sorted(published) == ids
