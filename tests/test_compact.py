"""Compaction of run feeds into day files: record for record, atomic, idempotent; no state."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import pytest

from newscrawl.ops import compact as compaction
from newscrawl.ops.compact import DAYS, CompactionError, compact, run_feeds

if TYPE_CHECKING:
    from pathlib import Path


def write_feed(folder, stamp: str, ids: range) -> list[str]:
    lines = [
        json.dumps({"site": "asrpress", "news_id": i, "title": f"خبر {i}"}, ensure_ascii=False)
        for i in ids
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stamp}.jsonl").write_text("".join(f"{line}\n" for line in lines), "utf-8")
    return lines


def read_lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path):
    """A site folder with three finished runs over two days, the running run, and side files."""
    folder = tmp_path / "data" / "asrpress"
    feeds = {
        "20261127T235000Z": write_feed(folder, "20261127T235000Z", range(1, 4)),
        "20261128T000000Z": write_feed(folder, "20261128T000000Z", range(4, 6)),
        "20261128T001000Z": write_feed(folder, "20261128T001000Z", range(6, 9)),
        "20261128T002000Z": write_feed(folder, "20261128T002000Z", range(9, 10)),  # running
    }
    (folder / "20261128T000000Z.summary.json").write_text("{}\n", "utf-8")
    (folder / "20261128T000000Z.rejects.jsonl").write_text('{"reason": "x"}\n', "utf-8")
    (folder / "20261128T003000Z.jsonl.part").write_text('{"news_id": 99}\n', "utf-8")
    (folder / "mine.jsonl").write_text('{"news_id": 100}\n', "utf-8")  # an -o file
    return folder, feeds


def test_finished_run_feeds_become_one_file_per_day_record_for_record(site):
    folder, feeds = site
    done = compact(folder, running={"20261128T002000Z"})
    days = folder / DAYS
    assert sorted(p.name for p in days.iterdir()) == ["2026-11-27.jsonl", "2026-11-28.jsonl"]
    assert read_lines(days / "2026-11-27.jsonl") == feeds["20261127T235000Z"]
    assert read_lines(days / "2026-11-28.jsonl") == (
        feeds["20261128T000000Z"] + feeds["20261128T001000Z"]
    )
    assert [c.records for c in done] == [3, 5]
    left = sorted(p.name for p in folder.iterdir())
    assert left == [
        "20261128T000000Z.rejects.jsonl",
        "20261128T000000Z.summary.json",
        "20261128T002000Z.jsonl",  # the running run's feed is never compacted
        "20261128T003000Z.jsonl.part",
        "days",
        "mine.jsonl",
    ]
    assert oct((days / "2026-11-28.jsonl").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_a_glob_over_the_folder_never_sees_a_record_twice(site):
    folder, feeds = site
    compact(folder, running={"20261128T002000Z"})
    everything = [
        line
        for pattern in ("*.jsonl", f"{DAYS}/*.jsonl")
        for path in folder.glob(pattern)
        if ".rejects." not in path.name and path.name != "mine.jsonl"
        for line in read_lines(path)
    ]
    assert sorted(everything) == sorted(line for lines in feeds.values() for line in lines)


def test_a_later_run_appends_to_its_day_file_and_a_second_compaction_changes_nothing(site):
    folder, feeds = site
    compact(folder, running={"20261128T002000Z"})
    compact(folder)  # the running run is finished now
    once = snapshot(folder)
    assert read_lines(folder / DAYS / "2026-11-28.jsonl") == (
        feeds["20261128T000000Z"] + feeds["20261128T001000Z"] + feeds["20261128T002000Z"]
    )
    assert compact(folder) == []
    assert snapshot(folder) == once


def test_the_state_is_untouched(site, tmp_path):
    folder, _ = site
    state = tmp_path / "data" / "state"
    state.mkdir()
    (state / "asrpress.json").write_text('{"last_id": 9, "feed": "x"}\n', "utf-8")
    before = snapshot(state)
    compact(folder)
    assert snapshot(state) == before


def test_a_failed_write_leaves_the_day_file_and_the_feeds_as_they_were(site, monkeypatch):
    folder, _ = site
    compact(folder, running={"20261128T001000Z", "20261128T002000Z"})
    before = snapshot(folder)

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("newscrawl.ops.compact.os.fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        compact(folder)
    assert snapshot(folder) == before, "no .part, no journal, nothing removed"


def test_a_record_that_does_not_match_its_source_stops_the_day(site, monkeypatch):
    folder, feeds = site
    real = compaction._lines

    calls = []

    def garbling(sources):  # the copy gets one byte wrong; the check reads the sources again
        lines = list(real(sources))
        calls.append(sources)
        if len(calls) == 1:
            lines[1] = lines[1].replace(b"2", b"7")
        return iter(lines)

    monkeypatch.setattr(compaction, "_lines", garbling)
    with pytest.raises(CompactionError, match="record 2 differs"):
        compact(folder, running={"20261128T002000Z"})
    assert not (folder / DAYS / "2026-11-27.jsonl").exists()
    assert read_lines(folder / "20261127T235000Z.jsonl") == feeds["20261127T235000Z"]
    assert list((folder / DAYS).iterdir()) == []


def test_a_damaged_feed_is_not_compacted(site):
    folder, _ = site
    with (folder / "20261127T235000Z.jsonl").open("a", encoding="utf-8") as feed:
        feed.write('{"news_id": 4, "title": "cut\n')
    with pytest.raises(CompactionError, match="record 4 is not JSON"):
        compact(folder, running={"20261128T002000Z"})
    assert (folder / "20261127T235000Z.jsonl").exists()


class Killed(BaseException):
    """The process dies here (nothing after this line runs, nothing is cleaned up)."""


def kill(*args):
    raise Killed


def test_a_compaction_killed_after_the_rename_is_finished_by_the_next(site, monkeypatch):
    folder, feeds = site
    monkeypatch.setattr(compaction, "_remove", kill)
    with pytest.raises(Killed):
        compact(folder, running={"20261128T002000Z"})
    monkeypatch.undo()
    assert (folder / "20261127T235000Z.jsonl").exists(), "killed before the feeds were removed"
    assert read_lines(folder / DAYS / "2026-11-27.jsonl") == feeds["20261127T235000Z"]
    compact(folder, running={"20261128T002000Z"})
    assert read_lines(folder / DAYS / "2026-11-27.jsonl") == feeds["20261127T235000Z"]
    assert not (folder / "20261127T235000Z.jsonl").exists()
    assert not list((folder / DAYS).glob("*.compact.json"))


def test_a_compaction_killed_before_the_rename_is_started_again(site, monkeypatch):
    folder, feeds = site
    monkeypatch.setattr("newscrawl.ops.compact.os.replace", kill)
    with pytest.raises(Killed):
        compact(folder, running={"20261128T002000Z"})
    monkeypatch.undo()
    assert list((folder / DAYS).glob("*.part")), "the kill left its .part and journal"
    assert not (folder / DAYS / "2026-11-27.jsonl").exists()
    compact(folder, running={"20261128T002000Z"})
    assert read_lines(folder / DAYS / "2026-11-27.jsonl") == feeds["20261127T235000Z"]
    assert not (folder / "20261127T235000Z.jsonl").exists()
    assert not list((folder / DAYS).glob("*.part"))
    assert not list((folder / DAYS).glob("*.compact.json"))


def test_run_feeds_are_named_by_stamp_only(tmp_path):
    for name in ("20261128T000000Z.jsonl", "20261128T000000Z-host-1-ab12.jsonl", "x.jsonl"):
        (tmp_path / name).write_text("{}\n", "utf-8")
    assert run_feeds(tmp_path) == {"2026-11-28": [tmp_path / "20261128T000000Z.jsonl"]}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
