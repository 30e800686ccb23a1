"""Pruning: old logs and summaries go; feeds, day files, the newest summary, cron.log stay."""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.ops.prune import cutoff, prune_logs, prune_side_files

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
BEFORE = datetime(2026, 10, 29, 12, 0, tzinfo=UTC)
"""30 days before NOW."""


def touch(path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x\n", "utf-8")


def names(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_cutoff_is_keep_days_before_the_start_and_zero_keeps_everything():
    assert cutoff(NOW, 30) == BEFORE
    assert cutoff(NOW, 0) is None


def test_old_side_files_go_but_the_newest_summary_feeds_and_day_files_stay(tmp_path):
    for name in (
        "20261001T000000Z.jsonl",  # a feed: never pruned
        "20261001T000000Z.summary.json",
        "20261001T000000Z.rejects.jsonl",
        "20261001T000000Z.failures.jsonl",
        "20261010T000000Z.summary.json",  # the newest summary: kept, however old
        "days/2026-10-01.jsonl",
        "notes.summary.json",  # not named by a stamp
    ):
        touch(tmp_path / name)
    removed = prune_side_files(tmp_path, BEFORE)
    assert [p.name for p in removed] == [
        "20261001T000000Z.failures.jsonl",
        "20261001T000000Z.rejects.jsonl",
        "20261001T000000Z.summary.json",
    ]
    assert names(tmp_path) == [
        "20261001T000000Z.jsonl",
        "20261010T000000Z.summary.json",
        "days/2026-10-01.jsonl",
        "notes.summary.json",
    ]


def test_recent_side_files_stay(tmp_path):
    touch(tmp_path / "20261120T000000Z.summary.json")
    touch(tmp_path / "20261121T000000Z.summary.json")
    assert prune_side_files(tmp_path, BEFORE) == []


def test_old_run_logs_go_whoever_wrote_them_but_not_cron_log(tmp_path):
    for name in (
        "20261001T000000Z.log",
        "20261001T000000Z-2.log",
        "20261127T000000Z.log",
        "cron.log",
        "canary-asrpress.txt",
        "asrpress/20261001T000000Z.log",  # the layout of earlier versions, per site
        "tabnak/20261001T000000Z.log",  # not a site of this run
    ):
        touch(tmp_path / name)
    prune_logs(tmp_path, ["asrpress"], BEFORE)
    assert names(tmp_path) == [
        "20261127T000000Z.log",
        "canary-asrpress.txt",
        "cron.log",
        "tabnak/20261001T000000Z.log",
    ]
