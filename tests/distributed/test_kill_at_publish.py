"""A shared crawl's worker SIGKILLed at publish time: every article still exported exactly once.

The worker is killed right after one step of its commit (``killpoint``); the next worker run on
the same machine finishes or drops the killed one's journal (its age past two leases says the
worker is gone), and other workers redo whatever was not committed. The moment that matters most
is ``redis-commit``: the claims are final in Redis, the journal still says ``committed`` false,
and only the commit record in Redis tells the next run to publish the feed rather than drop it.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.distributed.workers import (
    LEASE,
    TIMEOUT,
    assert_exactly_once,
    published_ids,
    start_worker,
)
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir

pytestmark = [pytest.mark.e2e, pytest.mark.requires_redis]

ARTICLES = 60

# Whose feed holds the articles in the end, by the moment the first worker died.
PUBLISHER = {
    "journal": "w1",  # claims never committed: the second worker exports them again
    "redis-commit": "w0",  # committed in Redis: the killed worker's feed is published
    "journal-committed": "w0",
    "published": "w0",
}


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("mirror-kill-at-publish")
    build_mirror(site_dir, articles=ARTICLES, seed=11)
    entries = load_site_dir(site_dir).entries
    ok_ids = sorted(entry.news_id for entry in entries if entry.status == "ok")
    with serve_site_dir(site_dir) as base_url:
        yield base_url, f"{entries[0].news_id}-{entries[-1].news_id}", ok_ids


@pytest.mark.parametrize("moment", list(PUBLISHER))
def test_a_worker_killed_at_publish_time_loses_and_duplicates_nothing(
    mirror, tmp_path, redis_url, started, moment
):
    base_url, ids, ok_ids = mirror
    victim = start_worker(tmp_path, "w0", base_url, ids, redis_url, kill_at=moment)
    started.append(victim)
    assert victim.wait(timeout=TIMEOUT) == -signal.SIGKILL
    (journal,) = (tmp_path / "state").glob("*.worker-*.journal.json")
    gone = time.time() - 3 * LEASE  # as if the killed worker's machine had been down a while
    os.utime(journal, (gone, gone))
    time.sleep(LEASE + 1)  # its lease expires: the next worker evicts it at its first look

    fresh = start_worker(tmp_path, "w1", base_url, ids, redis_url)
    started.append(fresh)
    assert fresh.wait(timeout=TIMEOUT) == 0, (tmp_path / "w1.log").read_text()[-3000:]
    log = (tmp_path / "w1.log").read_text(encoding="utf-8")

    assert_exactly_once(published_ids(tmp_path), ok_ids)
    assert (tmp_path / f"{PUBLISHER[moment]}.jsonl").exists()
    assert not list((tmp_path / "state").glob("*.journal.json")), "the journal was finished"
    dropped = "was not committed: its feeds are dropped" in log
    assert dropped is (PUBLISHER[moment] == "w1")
