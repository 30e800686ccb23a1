"""``newscrawl run``'s report lines, and its run stamps (fast: no crawl)."""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.ops.crawls import SitePlan
from newscrawl.ops.cron import STAMP, report_line, unused_stamp


def plan(tmp_path, site: str = "asrpress", stamp: str = "20261128T141542Z") -> SitePlan:
    return SitePlan(site, site, tmp_path / site, stamp)


def test_an_ok_line_says_what_was_exported_the_health_and_where_the_summary_is(tmp_path):
    health = {"last_article": "2026-11-28T17:40:00+03:30", "articles_24h": 37, "quiet": None}
    summary = {"ok": True, "exported": 12, "pages_fetched": 30, "health": health}
    assert report_line(plan(tmp_path), summary, []) == (
        "asrpress: ok: 12 exported, 30 pages fetched; last article 2026-11-28T17:40:00+03:30,"
        f" 37 in 24 h; summary {tmp_path}/asrpress/20261128T141542Z.summary.json"
    )


def test_a_failed_line_gives_the_reasons_and_a_quiet_site_a_warning(tmp_path):
    health = {"last_article": None, "quiet": "nothing published for 14 h (…)"}
    summary = {"ok": False, "exported": 0, "pages_fetched": 0, "health": health}
    line = report_line(plan(tmp_path), summary, ["no page was fetched (site unreachable?)"])
    assert line.startswith(
        "asrpress: FAILED: no page was fetched (site unreachable?); 0 exported, 0 pages fetched;"
        " WARNING: nothing published for 14 h (…); summary "
    )


def test_a_second_run_in_the_same_second_gets_a_later_stamp(tmp_path):
    now = datetime.now(UTC).strftime(STAMP)
    plans = [plan(tmp_path, "asrpress", now), plan(tmp_path, "tabnak", now)]
    assert unused_stamp(plans) == plans, "nothing uses the stamp yet"
    (tmp_path / "tabnak").mkdir()
    (tmp_path / "tabnak" / f"{now}.summary.json").write_text("{}", "utf-8")
    later = unused_stamp(plans)
    assert [p.site for p in later] == ["asrpress", "tabnak"]
    assert later[0].stamp == later[1].stamp > now
