"""Cross-run state: the cursor file, the seen-store and the ledger's plan and commit rules."""

from __future__ import annotations

import json

from newscrawl.runs.ledger import RunLedger
from newscrawl.runs.state import SiteState, StateDir


def test_state_round_trips_and_is_written_whole(tmp_path):
    state_dir = StateDir(tmp_path)
    assert state_dir.load("asrpress") == SiteState(site="asrpress")
    state_dir.save(SiteState(site="asrpress", last_id=26684, retry_ids=[26680]))
    data = json.loads((tmp_path / "asrpress.json").read_text(encoding="utf-8"))
    assert data["last_id"] == 26684
    assert data["retry_ids"] == [26680]
    assert data["updated_at"].endswith("Z")
    assert [path.name for path in tmp_path.iterdir()] == ["asrpress.json"]  # no temporary left
    assert state_dir.load("asrpress").last_id == 26684


def test_seen_store_is_keyed_on_site_and_id(tmp_path):
    store = StateDir(tmp_path).seen_store()
    store.add_all("asrpress", [1, 2])
    store.add_all("asrpress", [2, 3])
    assert ("asrpress", 2) in store
    assert ("tabnak", 2) not in store
    assert store.count("asrpress") == 3
    store.close()
    assert ("asrpress", 3) in StateDir(tmp_path).seen_store()


def test_first_run_walks_between_smallest_and_largest_listed_id(tmp_path):
    ledger = RunLedger(StateDir(tmp_path), "asrpress")
    assert ledger.plan_incremental([105, 101, 103]) == [101, 102, 103, 104, 105]


def test_next_run_resumes_after_cursor_with_retries_and_new_listed_ids(tmp_path):
    state_dir = StateDir(tmp_path)
    state_dir.save(SiteState(site="asrpress", last_id=103, retry_ids=[99]))
    state_dir.seen_store().add_all("asrpress", [90, 104])
    ledger = RunLedger(state_dir, "asrpress")
    # 90 is listed but was exported before; 95 is listed and new; 104 was exported by a run
    # that died before it could advance the cursor.
    assert ledger.plan_incremental([106, 90, 95]) == [95, 99, 105, 106]
    assert ledger.skipped_seen == 2
    refresh = RunLedger(state_dir, "asrpress", refresh=True)
    assert refresh.plan_incremental([106, 90]) == [90, 99, 104, 105, 106]


def test_commit_advances_cursor_only_over_handled_ids_and_keeps_failures(tmp_path):
    state_dir = StateDir(tmp_path)
    state_dir.save(SiteState(site="asrpress", last_id=100))
    ledger = RunLedger(state_dir, "asrpress")
    ledger.plan_incremental([110])
    for news_id in (101, 102, 104, 105):
        ledger.mark_handled(news_id)
    ledger.mark_exported(101)
    ledger.mark_failed(103, "TimeoutError")
    # 106..110 were never reached (the crawl was stopped): the cursor stops before 106.
    ledger.commit(incremental=True, feed="data/asrpress/x.jsonl")
    state = state_dir.load("asrpress")
    assert state.last_id == 105
    assert state.retry_ids == [103]
    assert ("asrpress", 101) in state_dir.seen_store()


def test_a_retried_id_that_succeeds_leaves_the_retry_list(tmp_path):
    state_dir = StateDir(tmp_path)
    state_dir.save(SiteState(site="asrpress", last_id=105, retry_ids=[103]))
    ledger = RunLedger(state_dir, "asrpress")
    # A listed id at or below the cursor that no run exported is fetched again: the CMS gives
    # an id when an article is created, so an id walked as a gap can be published later.
    assert ledger.plan_incremental([105]) == [103, 105]
    ledger.mark_handled(103)
    ledger.commit(incremental=True, feed=None)
    assert state_dir.load("asrpress").retry_ids == []


def test_deliberate_recrawl_records_seen_ids_but_not_the_cursor(tmp_path):
    state_dir = StateDir(tmp_path)
    ledger = RunLedger(state_dir, "asrpress")
    ledger.mark_exported(7)
    ledger.commit(incremental=False, feed=None)
    assert ("asrpress", 7) in state_dir.seen_store()
    assert not state_dir.site_path("asrpress").exists()
