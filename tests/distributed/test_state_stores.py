"""Cross-run state behaves the same in files (``StateDir``) and in Redis (``RedisStateStore``)."""

from __future__ import annotations

import json

import pytest
import redis

from newscrawl.distributed.state import RedisStateStore
from newscrawl.runs.ledger import RunLedger
from newscrawl.runs.state import Retry, SiteState, StateDir

pytestmark = pytest.mark.requires_redis


@pytest.fixture(params=["files", "redis"])
def store(request, tmp_path):
    if request.param == "files":
        return StateDir(tmp_path)
    url = request.getfixturevalue("redis_url")
    return RedisStateStore(redis.Redis.from_url(url, decode_responses=True))


def test_cursor_round_trips(store):
    assert store.load("asrpress") == SiteState(key="asrpress")
    retry = {26680: Retry(1, "timeout: x", "2026-11-28T00:00:00Z")}
    store.save(SiteState(key="asrpress", last_id=26684, retry=retry, feed="a.jsonl"))
    loaded = store.load("asrpress")
    assert (loaded.last_id, loaded.retry, loaded.feed) == (26684, retry, "a.jsonl")
    assert loaded.updated_at is not None
    assert loaded.updated_at.endswith("Z")
    assert store.load("tabnak") == SiteState(key="tabnak")


def test_seen_set_is_keyed_on_site_and_id(store):
    seen = store.seen_store()
    seen.add_all("asrpress", [1, 2])
    seen.add_all("asrpress", [2, 3])
    seen.add_all("asrpress", [])
    assert ("asrpress", 2) in seen
    assert ("tabnak", 2) not in seen
    assert seen.count("asrpress") == 3
    seen.close()


def test_ledger_plans_and_commits_alike(store, tmp_path):
    store.save(SiteState("asrpress", 100, {99: Retry(1, "x", "2026-11-28T00:00:00Z")}))
    store.seen_store().add_all("asrpress", [104])
    ledger = RunLedger(store, "asrpress", journal_dir=tmp_path)
    assert ledger.plan_incremental([106, 95]) == [95, 99, 101, 102, 103, 105, 106]
    for news_id in (95, 99, 101, 102, 105):
        ledger.mark_handled(news_id)
    ledger.mark_exported(101)
    ledger.mark_failed(103, "TimeoutError")
    ledger.commit(incremental=True)
    state = store.load("asrpress")
    assert (state.last_id, list(state.retry)) == (105, [103])  # 106 was never reached
    assert ("asrpress", 101) in store.seen_store()


def test_redis_holds_the_same_document_as_the_state_file(redis_url, tmp_path):
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    state = SiteState("asrpress", 7, {3: Retry(1, "x", "2026-11-28T00:00:00Z")})
    RedisStateStore(client).save(state)
    StateDir(tmp_path).save(state)
    in_redis = json.loads(str(client.get("newscrawl:state:asrpress")))
    in_file = json.loads((tmp_path / "asrpress.json").read_text(encoding="utf-8"))
    assert in_redis.keys() == in_file.keys()
    assert in_redis.pop("updated_at").endswith("Z")
    assert in_redis == {key: value for key, value in in_file.items() if key != "updated_at"}
