"""``newscrawl sites --health``: each declared site's health, read from its last run summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from newscrawl.ops.cli import main
from newscrawl.runs.health import PublishedTally, QuietRule, next_health
from newscrawl.sites import SITES


def write_summary(folder, stamp: str, health: dict, ok: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    summary = {"ok": ok, "finished_at": "2026-11-28T12:00:00Z", "health": health}
    (folder / f"{stamp}.summary.json").write_text(json.dumps(summary), "utf-8")


def row(text: str, key: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| `{key}` |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_health_columns_come_from_the_last_summary_of_the_live_site(tmp_path, capsys):
    now = datetime.now(UTC)
    published = PublishedTally()
    for hours in (1, 2, 30):
        published.add((now - timedelta(hours=hours)).isoformat())
    ok = {"ok": True, "failed": 0, "finish_reason": "finished"}
    health = next_health(
        None, key="asrpress", run=ok, published=published, finished=now, rule=QuietRule()
    )
    write_summary(tmp_path / "asrpress", "20261128T110000Z", health)
    failed = {"ok": False, "failed": 3, "finish_reason": "layout_changed"}
    broken = next_health(
        None, key="tabnak", run=failed, published=PublishedTally(), finished=now, rule=QuietRule()
    )
    write_summary(tmp_path / "tabnak", "20261128T110000Z", broken, ok=False)
    mirror = {**health, "key": "yjc@127.0.0.1_8080"}  # a mirror's run is not the live site's
    write_summary(tmp_path / "yjc", "20261128T110000Z", mirror)

    assert main(["sites", "--health", "--data-dir", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert f"2 of {len(SITES)} declared sites have a run summary under {tmp_path}/" in text
    header = row(text.replace("| key |", "| `key` |", 1), "key")
    assert header == [
        "`key`",
        "name",
        "last run",
        "last article",
        "24 h",
        "failed ids",
        "failed runs",
        "layout alarm",
        "warning",
    ]
    asrpress = dict(zip(header, row(text, "asrpress"), strict=True))
    assert asrpress["last article"] == health["last_article"]
    assert asrpress["24 h"] == "2"
    assert asrpress["last run"] == "2026-11-28T12:00:00Z ok"
    tabnak = dict(zip(header, row(text, "tabnak"), strict=True))
    assert (tabnak["failed ids"], tabnak["failed runs"]) == ("3", "1")
    assert tabnak["layout alarm"] == "layout_changed"
    assert tabnak["last run"].endswith("FAILED")
    yjc = dict(zip(header, row(text, "yjc"), strict=True))
    assert set(yjc.values()) - {"`yjc`", yjc["name"]} == {"—"}
