"""Incremental crawling from several workers: the cursor and seen-store live in Redis."""

from __future__ import annotations

import pytest
import redis

from newscrawl.distributed.state import RedisStateStore
from tests.crawling import mirror_state_key
from tests.distributed.workers import assert_exactly_once, finish, published_ids, start_worker
from tests.mirror.build import build_mirror
from tests.mirror.server import MirrorProcess
from tests.mirror.site_dir import load_site_dir
from tests.test_discovery import listed_ids, ok_ids

pytestmark = [pytest.mark.e2e, pytest.mark.requires_redis]


def incremental_run(tmp, name, base_url, redis_url, started, workers=2) -> list[int]:
    """Run ``workers`` incremental workers to the end; the news ids they published."""
    run_dir = tmp / name
    run_dir.mkdir()
    started += [start_worker(run_dir, f"w{i}", base_url, None, redis_url) for i in range(workers)]
    finish(started[-workers:])
    return published_ids(run_dir)


def test_incremental_runs_share_cursor_and_seen_store_in_redis(tmp_path, redis_url, started):
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=120, seed=11)
    with MirrorProcess(site_dir) as mirror:
        base_url = mirror.base_url
        key = mirror_state_key("asrpress", base_url)
        listed = listed_ids(base_url)
        first = incremental_run(tmp_path, "run1", base_url, redis_url, started)
        assert_exactly_once(first, [i for i in ok_ids(site_dir) if min(listed) <= i <= max(listed)])
        state = RedisStateStore(redis.Redis.from_url(redis_url, decode_responses=True))
        newest = max(entry.news_id for entry in load_site_dir(site_dir).entries)
        assert state.load(key).last_id == newest, "the cursor moved once, over every worker"
        assert state.seen_store().count(key) == len(first)

        build_mirror(site_dir, articles=160, seed=11)  # 40 new articles, the earlier unchanged
        mirror.reload()
        new_ids = [i for i in ok_ids(site_dir) if i > newest]
        second = incremental_run(tmp_path, "run2", base_url, redis_url, started)
    assert_exactly_once(second, new_ids)
    assert state.load(key).last_id == max(e.news_id for e in load_site_dir(site_dir).entries)
