"""Cross-run state and the run ledger: the cursor, retries, soft 404s, the journal, migrations."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from newscrawl.runs.failures import FailuresFile
from newscrawl.runs.ledger import PENDING_AFTER, Limits, RunLedger
from newscrawl.runs.state import (
    STATE_VERSION,
    Pending,
    Retry,
    SiteState,
    StateDir,
    StateError,
)

if TYPE_CHECKING:
    from pathlib import Path

KEY = "asrpress"


def ledger_of(tmp_path, **options) -> RunLedger:
    return RunLedger(StateDir(tmp_path), KEY, journal_dir=tmp_path, **options)


def saved(tmp_path) -> dict:
    data: dict = json.loads((tmp_path / f"{KEY}.json").read_text(encoding="utf-8"))
    return data


# --- the state file ---


def test_state_round_trips_and_is_written_whole_and_readable_by_all(tmp_path):
    state_dir = StateDir(tmp_path)
    assert state_dir.load(KEY) == SiteState(key=KEY)
    retry = {26680: Retry(2, "timeout: x", "2026-11-28T14:15:42Z")}
    pending = {26690: Pending("2026-11-28T14:00:00Z", 1, "2026-11-28T14:00:00Z")}
    state_dir.save(SiteState(key=KEY, last_id=26684, retry=retry, pending=pending))
    data = saved(tmp_path)
    assert data["version"] == STATE_VERSION
    assert data["retry"] == {
        "26680": {"attempts": 2, "reason": "timeout: x", "since": "2026-11-28T14:15:42Z"}
    }
    assert data["updated_at"].endswith("Z")
    assert state_dir.load(KEY) == SiteState(KEY, 26684, retry, pending, data["updated_at"])
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"
    mode = stat.S_IMODE((tmp_path / f"{KEY}.json").stat().st_mode)
    assert mode & 0o044 == 0o044, "readable by others, as the feeds are"


def test_a_state_file_of_the_first_format_is_migrated_on_first_use(tmp_path):
    version_1 = {
        "site": KEY,
        "last_id": 105,
        "retry_ids": [99, 103],
        "updated_at": "2026-11-01T00:00:00Z",
        "feed": "data/asrpress/a.jsonl",
    }
    (tmp_path / f"{KEY}.json").write_text(json.dumps(version_1), encoding="utf-8")
    ledger = ledger_of(tmp_path)
    assert ledger.state.last_id == 105
    assert set(ledger.state.retry) == {99, 103}
    assert ledger.state.retry[99].attempts == 1
    assert ledger.plan_incremental([105]) == [99, 103, 105]
    ledger.mark_handled(99)
    ledger.mark_failed(103, "timeout: again")
    ledger.commit(incremental=True)
    data = saved(tmp_path)
    assert data["version"] == STATE_VERSION
    assert "retry_ids" not in data
    assert data["retry"]["103"]["attempts"] == 2
    assert set(data["retry"]) == {"103"}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "unreadable"),
        (json.dumps({"version": STATE_VERSION + 1, "last_id": 1}), "newer than this newscrawl"),
        (json.dumps({"version": 2, "last_id": "abc"}), "is not an id"),
    ],
)
def test_a_state_file_that_cannot_be_read_is_refused_in_one_line(tmp_path, content, problem):
    (tmp_path / f"{KEY}.json").write_text(content, encoding="utf-8")
    with pytest.raises(StateError, match=problem) as refused:
        StateDir(tmp_path).load(KEY)
    assert str(tmp_path / f"{KEY}.json") in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_truncated_seen_store_is_refused_not_read_as_empty(tmp_path):
    (tmp_path / "seen.sqlite3").write_bytes(b"")
    with pytest.raises(StateError, match="not a SQLite database"):
        StateDir(tmp_path).seen_store()
    (tmp_path / "seen.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    with pytest.raises(StateError, match="unreadable"):
        StateDir(tmp_path).seen_store()


def test_seen_store_is_keyed_on_state_key_and_id(tmp_path):
    store = StateDir(tmp_path).seen_store()
    store.add_all(KEY, [1, 2, 3])
    store.add_all(KEY, [3])  # already there: no change, no error
    store.add_all("asrpress@127.0.0.1_8080", [4])
    assert store.count(KEY) == 3
    assert (KEY, 4) not in store, "a mirror's articles are not the live site's"
    store.close()
    assert (KEY, 3) in StateDir(tmp_path).seen_store()


# --- planning ---


def test_first_run_walks_between_smallest_and_largest_listed_id(tmp_path):
    assert ledger_of(tmp_path).plan_incremental([105, 101, 103]) == [101, 102, 103, 104, 105]


def test_next_run_resumes_after_cursor_with_retries_and_new_listed_ids(tmp_path):
    state_dir = StateDir(tmp_path)
    state_dir.save(SiteState(KEY, 103, {99: Retry(1, "x", "2026-11-28T00:00:00Z")}))
    state_dir.seen_store().add_all(KEY, [90, 104])
    ledger = ledger_of(tmp_path)
    # 90 is listed but was exported before; 95 is listed and new; 104 was exported by a run
    # that died before it could advance the cursor.
    assert ledger.plan_incremental([106, 90, 95]) == [95, 99, 105, 106]
    assert ledger.skipped_seen == 2
    refresh = ledger_of(tmp_path, refresh=True)
    assert refresh.plan_incremental([106, 90]) == [90, 99, 104, 105, 106]


def test_a_plan_is_bounded_nearest_the_cursor_and_the_cursor_never_jumps(tmp_path):
    StateDir(tmp_path).save(SiteState(KEY, 1000))
    ledger = ledger_of(tmp_path, limits=Limits(max_plan=50))
    plan = ledger.plan_incremental([1010, 999_999_999])  # a link to a far id on the site
    assert plan == list(range(1001, 1051))
    assert ledger.outcome["plan_cut"] == 999_999_999 - 1000 - 50
    for news_id in plan:
        ledger.mark_handled(news_id)
        ledger.mark_exported(news_id)
    ledger.commit(incremental=True)
    assert StateDir(tmp_path).load(KEY).last_id == 1050
    again = ledger_of(tmp_path, limits=Limits(max_plan=50))
    assert again.plan_incremental([1010, 999_999_999])[:2] == [1051, 1052]


def test_ids_that_are_not_sequential_are_planned_from_the_listings_only(tmp_path):
    StateDir(tmp_path).seen_store().add_all(KEY, [1402072315541])
    ledger = ledger_of(tmp_path, sequential=False)
    plan = ledger.plan_incremental([1402072315541, 1402072315600, 1402072315999])
    assert plan == [1402072315600, 1402072315999]
    ledger.mark_handled(1402072315600)
    ledger.commit(incremental=True)
    assert StateDir(tmp_path).load(KEY).last_id is None, "no cursor without sequential ids"


# --- outcomes and the commit ---


def test_commit_advances_cursor_only_over_handled_ids_and_keeps_failures(tmp_path):
    StateDir(tmp_path).save(SiteState(KEY, 100))
    ledger = ledger_of(tmp_path)
    ledger.plan_incremental([110])
    for news_id in (101, 102, 104, 105):
        ledger.mark_handled(news_id)
    ledger.mark_exported(101)
    ledger.mark_failed(103, "timeout: TimeoutError")
    # 106..110 were never reached (the crawl was stopped): the cursor stops before 106.
    ledger.commit(incremental=True)
    state = StateDir(tmp_path).load(KEY)
    assert state.last_id == 105
    assert set(state.retry) == {103}
    assert state.retry[103].attempts == 1
    assert (KEY, 101) in StateDir(tmp_path).seen_store()


def test_a_failed_id_is_given_up_after_the_attempt_limit_with_its_reason(tmp_path):
    failures = tmp_path / "run.failures.jsonl"
    StateDir(tmp_path).save(SiteState(KEY, 102))
    for run in range(1, 4):
        ledger = ledger_of(tmp_path, limits=Limits(max_attempts=3), failures=FailuresFile(failures))
        assert 103 in ledger.plan_incremental([105])
        ledger.mark_failed(103, f"http_503: run {run}")
        ledger.commit(incremental=True)
        ledger.close()
        state = StateDir(tmp_path).load(KEY)
        if run < 3:
            assert state.retry[103].attempts == run
    assert 103 not in state.retry
    assert ledger.outcome["given_up"] == 1
    lines = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        {
            "detail": "given up after 3 failed runs; last: http_503: run 3",
            "news_id": 103,
            "reason": "given_up",
            "site": KEY,
            "url": "",
        }
    ]
    assert 103 not in ledger_of(tmp_path).plan_incremental([])


def test_a_retried_id_that_succeeds_leaves_the_retry_list(tmp_path):
    StateDir(tmp_path).save(SiteState(KEY, 105, {103: Retry(1, "x", "2026-11-28T00:00:00Z")}))
    ledger = ledger_of(tmp_path)
    assert ledger.plan_incremental([105]) == [103, 105]
    ledger.mark_handled(103)
    ledger.commit(incremental=True)
    assert StateDir(tmp_path).load(KEY).retry == {}


def test_deliberate_recrawl_records_seen_ids_but_not_the_cursor(tmp_path):
    ledger = ledger_of(tmp_path)
    ledger.mark_exported(7)
    ledger.mark_not_found(8)
    ledger.commit(incremental=False)
    assert (KEY, 7) in StateDir(tmp_path).seen_store()
    assert not (tmp_path / f"{KEY}.json").exists()


# --- soft 404s: late publication ---


def test_a_soft_404_is_asked_again_next_run_then_at_growing_intervals(tmp_path):
    ledger = ledger_of(tmp_path)
    ledger.plan_incremental([101])
    ledger.mark_handled(100)
    ledger.mark_not_found(101)
    ledger.commit(incremental=True)
    state = StateDir(tmp_path).load(KEY)
    assert state.last_id == 101, "a soft 404 does not hold the cursor"
    first = datetime.strptime(state.pending[101].first_seen, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=UTC
    )
    assert state.pending[101].next_at == state.pending[101].first_seen, "due at the next run"
    again = ledger_of(tmp_path)
    assert again.plan_incremental([]) == [101]
    again.mark_not_found(101)
    again.commit(incremental=True)
    pending = StateDir(tmp_path).load(KEY).pending[101]
    assert (pending.asked, pending.next_at) == (
        2,
        (first + timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    assert ledger_of(tmp_path).plan_incremental([]) == [], "not due yet"
    later = ledger_of(tmp_path)
    assert later.due_pending(now=first + timedelta(minutes=21)) == [101]


def test_a_soft_404_published_later_is_exported_once_and_counted(tmp_path):
    moment = "2026-11-28T00:00:00Z"
    StateDir(tmp_path).save(SiteState(KEY, 105, pending={101: Pending(moment, 1, moment)}))
    ledger = ledger_of(tmp_path)
    assert ledger.plan_incremental([]) == [101]
    ledger.mark_handled(101)
    ledger.mark_exported(101)
    ledger.commit(incremental=True)
    assert ledger.outcome["late_published"] == 1
    assert StateDir(tmp_path).load(KEY).pending == {}
    assert ledger_of(tmp_path).plan_incremental([]) == []


def test_a_soft_404_is_given_up_72_hours_after_it_was_first_met(tmp_path):
    first = datetime.now(UTC) - PENDING_AFTER[-1] - timedelta(minutes=1)
    moment = first.strftime("%Y-%m-%dT%H:%M:%SZ")
    StateDir(tmp_path).save(SiteState(KEY, 105, pending={101: Pending(moment, 8, moment)}))
    ledger = ledger_of(tmp_path)
    assert ledger.plan_incremental([]) == [101]
    ledger.mark_not_found(101)
    ledger.commit(incremental=True)
    assert ledger.outcome["pending_given_up"] == 1
    assert StateDir(tmp_path).load(KEY).pending == {}
    assert len(PENDING_AFTER) + 1 <= 10, "about ten requests per id at most"


# --- publishing a feed and committing as one step ---


def staged_run(tmp_path, exported: list[int]) -> tuple[RunLedger, Path, Path]:
    feed, part = tmp_path / "feeds" / "run.jsonl", tmp_path / "feeds" / "run.jsonl.part"
    part.parent.mkdir(exist_ok=True)
    part.write_text("".join(f'{{"news_id": {i}}}\n' for i in exported), encoding="utf-8")
    ledger = ledger_of(tmp_path)
    ledger.plan_incremental(exported)
    for news_id in exported:
        ledger.mark_handled(news_id)
        ledger.mark_exported(news_id)
    ledger.stage(feed, part)
    return ledger, feed, part


def test_a_commit_publishes_the_feed_and_records_it_in_one_step(tmp_path):
    ledger, feed, part = staged_run(tmp_path, [1, 2])
    assert ledger.commit(incremental=True) == [str(feed)]
    assert not part.exists()
    assert feed.read_text(encoding="utf-8").count("news_id") == 2
    assert not ledger.journal.exists()
    assert StateDir(tmp_path).load(KEY).last_id == 2


def test_a_run_killed_after_its_journal_is_finished_by_the_next_run(tmp_path, monkeypatch):
    ledger, feed, part = staged_run(tmp_path, [1, 2])

    def killed(*args, **kwargs):
        raise SystemExit("killed between the journal and the commit")

    monkeypatch.setattr(RunLedger, "apply", killed)
    with pytest.raises(SystemExit):
        ledger.commit(incremental=True)
    monkeypatch.undo()
    assert ledger.journal.exists()
    assert part.exists()
    assert not feed.exists()
    assert (KEY, 1) not in StateDir(tmp_path).seen_store()
    ledger_of(tmp_path).recover()
    assert feed.exists()
    assert not part.exists()
    assert not ledger.journal.exists()
    assert (KEY, 1) in StateDir(tmp_path).seen_store()
    assert StateDir(tmp_path).load(KEY).last_id == 2


def test_a_run_killed_after_renaming_only_finishes_its_commit(tmp_path):
    ledger, feed, part = staged_run(tmp_path, [1])
    journal = {"key": KEY, "exported": [1], "state": None, "feeds": ledger.staged_feeds()}
    ledger.journal.write_text(json.dumps(journal), encoding="utf-8")
    os.replace(part, feed)  # published, then killed before the journal was deleted
    content = feed.read_bytes()
    ledger_of(tmp_path).recover()
    assert feed.read_bytes() == content
    assert (KEY, 1) in StateDir(tmp_path).seen_store()
    assert not ledger.journal.exists()


def test_a_journal_of_a_worker_that_never_committed_drops_its_feed(tmp_path):
    ledger, feed, _ = staged_run(tmp_path, [1])
    journal = {"key": KEY, "worker": "w1", "committed": False, "exported": [1], "state": None,
               "feeds": ledger.staged_feeds()}  # fmt: skip
    ledger.journal.write_text(json.dumps(journal), encoding="utf-8")
    ledger_of(tmp_path).recover()
    assert not feed.exists(), "other workers exported these articles"
    assert (KEY, 1) not in StateDir(tmp_path).seen_store()


def test_a_far_link_is_fetched_alone_and_the_cursor_stays_below_ids_not_allotted(tmp_path):
    """A front-page link to /fa/news/999999999 on the site's own host: fetched, never walked to;
    hard 404s at the top of a walk are ids the site has not allotted, so the cursor stays below."""
    ledger = ledger_of(tmp_path, limits=Limits(max_plan=100))
    ledger.state.last_id = 95
    plan = ledger.plan_incremental([96, 98, 100, 999999999])
    assert plan == [96, 97, 98, 99, 100, 999999999]
    assert ledger.outcome == {"walk_outliers": 1}
    for news_id in (96, 97, 98):
        ledger.mark_handled(news_id)
    for news_id in (99, 100, 999999999):  # deleted at the top, or not allotted yet
        ledger.mark_absent(news_id)
    ledger.commit(incremental=True)
    assert ledger.state.last_id == 98, "99 and 100 are asked again by the next walk"


def test_a_given_up_id_is_never_planned_again_even_when_listed(tmp_path):
    ledger = ledger_of(tmp_path, limits=Limits(max_attempts=1))
    ledger.state.last_id = 9
    assert ledger.plan_incremental([10]) == [10]
    ledger.mark_failed(10, "unknown_layout: a maintenance page")
    ledger.commit(incremental=True)
    why = "given up after 1 failed runs; last: unknown_layout: a maintenance page"
    assert ledger.state.given_up == {10: why}
    again = ledger_of(tmp_path, limits=Limits(max_attempts=1))
    assert again.plan_incremental([10, 11]) == [11]


def test_an_old_link_on_the_front_page_neither_stretches_a_first_walk_nor_is_fetched_again(
    tmp_path,
):
    # Nastooh home pages link an old item in their footer (Mehr's "about us", /news/2408725)
    ledger = ledger_of(tmp_path, limits=Limits(max_plan=100))
    plan = ledger.plan_incremental([2408725, 6018450, 6018504])
    assert plan == list(range(6018450, 6018505)), "the listed group's span, not 3.6 million"
    for news_id in plan:
        ledger.mark_handled(news_id)
    ledger.commit(incremental=True)
    again = ledger_of(tmp_path, limits=Limits(max_plan=100))
    assert again.plan_incremental([2408725, 6018505]) == [6018505]
