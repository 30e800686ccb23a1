"""Exactly once under a kill at publish time, the worst moment: between a run's last steps.

An incremental crawl is SIGKILLed right after one step of publishing (``killpoint``), then the
next run starts. Whatever the step, the feeds published together hold every article once, the
cursor stands after the newest, and no journal or ``.part`` file is left behind.
"""

from __future__ import annotations

import signal

import pytest

from newscrawl.runs.state import SiteState, StateDir
from tests.crawling import mirror_state_key, read_jsonl, run_crawl, without_crawl_time
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.server import serve_site_dir
from tests.reliability.outcomes import Mirror

pytestmark = pytest.mark.e2e

ARTICLES = 40

# What the killed run left, by the moment it died: (its feed published, its journal left).
LEFT_BEHIND = {
    "staged": (False, False),  # nothing committed: the next run fetches everything again
    "journal": (False, True),
    "applied": (False, True),  # seen-store and cursor saved, the feed not yet renamed
    "published": (True, True),  # the feed renamed, the journal not yet removed
}


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Mirror:
    site_dir = tmp_path_factory.mktemp("kill-mirror")
    build_mirror(site_dir, articles=ARTICLES, seed=31)
    return Mirror.load(site_dir)


@pytest.mark.parametrize("moment", list(LEFT_BEHIND))
def test_a_kill_at_publish_time_publishes_every_article_exactly_once(mirror, tmp_path, moment):
    data = tmp_path / "data"
    with serve_site_dir(mirror.site_dir) as base_url:
        key = mirror_state_key("asrpress", base_url)
        StateDir(data / "state").save(SiteState(key, last_id=mirror.ok_ids[0] - 1))
        args = ("-a", f"base_url={base_url}")
        killed = run_crawl(data, "asrpress", *args, name="killed", kill_at=moment)
        assert killed.returncode == -signal.SIGKILL, killed.log[-2000:]
        published, journaled = LEFT_BEHIND[moment]
        assert (data / "killed.jsonl").exists() is published
        assert any((data / "state").glob("*.journal.json")) is journaled
        assert (data / "killed.jsonl.part").exists() is not published

        rerun = run_crawl(data, "asrpress", *args, name="rerun")
    assert rerun.returncode == 0, rerun.log[-3000:]
    assert ("Finished the commit of a run killed while publishing" in rerun.log) is journaled
    feeds = [data / "killed.jsonl", data / "rerun.jsonl"]
    records = [record for feed in feeds if feed.exists() for record in read_jsonl(feed)]
    assert sorted(record["news_id"] for record in records) == mirror.ok_ids, "each article once"
    got = without_crawl_time(records)
    assert got == {i: rebase(mirror.expected[i], base_url) for i in got}
    assert StateDir(data / "state").load(key).last_id == mirror.ok_ids[-1]
    assert not list((data / "state").glob("*.journal.json"))
    assert not list(data.glob("*.part")), "the killed run's .part is removed once accounted for"
