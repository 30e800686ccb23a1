"""A site's health, carried from run summary to run summary; the quiet-site warning."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from newscrawl.runs.health import (
    PublishedTally,
    QuietRule,
    as_of,
    last_summary,
    next_health,
    previous_health,
)

FINISHED = datetime(2026, 11, 28, 12, 30, tzinfo=UTC)
OK = {"ok": True, "failed": 0, "finish_reason": "finished"}


def tally(*times: str | None) -> PublishedTally:
    published = PublishedTally()
    for moment in times:
        published.add(moment)
    return published


def test_a_first_run_counts_what_it_exported():
    published = tally(
        "2026-11-28T15:10:00+03:30",  # 11:40 UTC
        "2026-11-27T14:00:00+03:30",  # 10:30 UTC the day before: more than 24 h
        "2026-11-20T10:00:00+03:30",  # older than 7 days
        None,
        "not a time",
    )
    health = next_health(
        None, key="asrpress", run=OK, published=published, finished=FINISHED, rule=QuietRule()
    )
    assert health == {
        "key": "asrpress",
        "last_article": "2026-11-28T15:10:00+03:30",
        "articles_24h": 1,
        "articles_7d": 2,
        "failed_ids": 0,
        "failed_runs": 0,
        "last_ok_at": "2026-11-28T12:30:00Z",
        "layout_alarm": None,
        "quiet": None,
        "published_by_hour": {"2026-11-27T10": 1, "2026-11-28T11": 1},
    }


def test_health_is_carried_from_the_previous_run():
    first = next_health(
        None,
        key="k",
        run=OK,
        published=tally("2026-11-28T11:00:00+00:00"),
        finished=FINISHED,
        rule=QuietRule(),
    )
    later = FINISHED + timedelta(hours=2)
    failed = {"ok": False, "failed": 4, "finish_reason": "layout_changed"}
    second = next_health(
        first, key="k", run=failed, published=tally(), finished=later, rule=QuietRule()
    )
    assert second["last_article"] == "2026-11-28T11:00:00+00:00"
    assert second["articles_24h"] == 1
    assert second["failed_ids"] == 4
    assert second["failed_runs"] == 1
    assert second["last_ok_at"] == "2026-11-28T12:30:00Z"
    assert second["layout_alarm"] == "layout_changed"
    third = next_health(
        second,
        key="k",
        run={**failed, "finish_reason": "coverage_collapsed"},
        published=tally(),
        finished=later,
        rule=QuietRule(),
    )
    assert (third["failed_runs"], third["layout_alarm"]) == (2, "coverage_collapsed")
    fourth = next_health(
        third, key="k", run=OK, published=tally(), finished=later, rule=QuietRule()
    )
    assert (fourth["failed_runs"], fourth["layout_alarm"]) == (0, None)


def test_a_site_that_usually_publishes_and_went_quiet_gets_a_warning():
    hours = [FINISHED - timedelta(hours=14 + h) for h in range(100)]  # 100 articles, then none
    published = tally(*(moment.isoformat() for moment in hours))
    rule = QuietRule(hours=12, min_weekly=70)
    health = next_health(None, key="k", run=OK, published=published, finished=FINISHED, rule=rule)
    assert health["quiet"].startswith("nothing published for 14 h (last article")
    assert health["quiet"].endswith("100 in the last 7 days)")
    sparse = tally(*(moment.isoformat() for moment in hours[:10]))  # a site that rarely publishes
    assert (
        next_health(None, key="k", run=OK, published=sparse, finished=FINISHED, rule=rule)["quiet"]
        is None
    )


def test_counts_are_made_again_for_a_later_reader():
    health = next_health(
        None,
        key="k",
        run=OK,
        published=tally("2026-11-28T11:00:00+00:00"),
        finished=FINISHED,
        rule=QuietRule(),
    )
    assert as_of(health, FINISHED + timedelta(hours=30), QuietRule())["articles_24h"] == 0
    assert as_of(health, FINISHED + timedelta(hours=30), QuietRule())["articles_7d"] == 1


def test_the_previous_summary_is_the_newest_of_the_same_key(tmp_path):
    def summary(name: str, key: str, last: str) -> None:
        data = {"health": {"key": key, "last_article": last}}
        (tmp_path / f"{name}.summary.json").write_text(json.dumps(data), "utf-8")

    summary("20261128T100000Z", "asrpress", "a")
    summary("20261128T110000Z", "asrpress", "b")
    summary("20261128T120000Z", "asrpress@127.0.0.1_8080", "mirror")
    (tmp_path / "20261128T130000Z.summary.json").write_text("{not json", "utf-8")
    assert (previous_health(tmp_path, "asrpress") or {}).get("last_article") == "b"
    own = tmp_path / "20261128T110000Z.summary.json"
    assert (previous_health(tmp_path, "asrpress", other_than=own) or {}).get("last_article") == "a"
    assert last_summary(tmp_path / "missing", "asrpress") is None
