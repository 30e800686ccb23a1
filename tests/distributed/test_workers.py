"""Several ``scrapy crawl`` workers share one crawl through a real Redis, against the mirror.

Every worker runs the same command; the union of their published feeds must hold every article of
the id range exactly once — also when one worker is SIGKILLed mid-run and a fresh one joins.
"""

from __future__ import annotations

import json
import signal
import time

import pytest
import redis

from tests.crawling import mirror_state_key
from tests.distributed.workers import (
    TIMEOUT,
    assert_exactly_once,
    final_stats,
    finish,
    published_ids,
    start_worker,
)
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir

pytestmark = [pytest.mark.e2e, pytest.mark.requires_redis]

ARTICLES = 2000


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("mirror-distributed")
    build_mirror(site_dir, articles=ARTICLES, seed=7)
    entries = load_site_dir(site_dir).entries
    ok_ids = sorted(entry.news_id for entry in entries if entry.status == "ok")
    with serve_site_dir(site_dir) as base_url:
        yield base_url, f"{entries[0].news_id}-{entries[-1].news_id}", ok_ids


def assert_crawl_cleaned_up(redis_url: str, scraped: range, base_url: str) -> None:
    """Only the finished record (totals of all workers), the seen-set and the workers' commit
    records outlive the crawl."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    seen = f"newscrawl:seen:{mirror_state_key('asrpress', base_url)}"
    keys = [str(key) for key in client.keys("newscrawl:*")]
    kept = [key for key in keys if not key.startswith("newscrawl:commit:")]
    assert sorted(kept) == ["newscrawl:finished:asrpress", seen]
    finished = client.hgetall("newscrawl:finished:asrpress")
    assert int(finished["item_scraped_count"]) in scraped
    assert client.scard(seen) == ARTICLES


def test_three_workers_export_every_article_exactly_once(mirror, tmp_path, redis_url, started):
    base_url, ids, ok_ids = mirror
    workers = [start_worker(tmp_path, f"w{i}", base_url, ids, redis_url) for i in range(3)]
    started += workers
    finish(workers)
    logs = [(tmp_path / f"w{i}.log").read_text(encoding="utf-8") for i in range(3)]
    assert_exactly_once(published_ids(tmp_path), ok_ids)
    assert sum("Seeding crawl 'asrpress'" in log for log in logs) == 1, "one worker seeds"
    for i in range(3):
        summary = json.loads((tmp_path / f"w{i}.summary.json").read_text(encoding="utf-8"))
        assert summary["ok"], summary["problems"]
        assert summary["exported"] > ARTICLES // 10, "every worker took a share of the work"
    assert not any("evicted" in stats for stats in map(final_stats, logs))
    assert_crawl_cleaned_up(redis_url, range(ARTICLES, ARTICLES + 1), base_url)


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(mirror, tmp_path, redis_url, started):
    base_url, ids, ok_ids = mirror
    workers = [start_worker(tmp_path, f"w{i}", base_url, ids, redis_url) for i in range(3)]
    started += workers
    victim = workers[2]
    part = tmp_path / "w2.jsonl.part"
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and (not part.exists() or part.stat().st_size < 200_000):
        time.sleep(0.05)  # ~40 articles written, none published: all must be done again
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    fresh = start_worker(tmp_path, "w3", base_url, ids, redis_url)
    started.append(fresh)
    finish([workers[0], workers[1], fresh])

    assert part.exists(), "killed mid-crawl, while writing its feed"
    assert not (tmp_path / "w2.jsonl").exists(), "a killed worker publishes nothing"
    assert_exactly_once(published_ids(tmp_path), ok_ids)
    survivors = [final_stats((tmp_path / f"w{i}.log").read_text()) for i in (0, 1, 3)]
    assert sum(stats.get("evicted_workers", 0) for stats in survivors) == 1
    assert sum(stats.get("requeued_requests", 0) for stats in survivors) > 0, "its taken requests"
    assert sum(stats.get("released_claims", 0) for stats in survivors) > 0, "its unpublished ones"
    # The taken sets alone gave everything back: the final gap pass found no lost id.
    assert not any(stats.get("gap_pass_requeued") for stats in survivors)
    # The totals count what the victim scraped (up to its last flush, never published) as well.
    released = sum(stats.get("released_claims", 0) for stats in survivors)
    assert_crawl_cleaned_up(redis_url, range(ARTICLES, ARTICLES + released + 1), base_url)
