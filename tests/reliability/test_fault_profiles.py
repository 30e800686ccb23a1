"""Each fault profile of the mirror, crawled: every servable article once, every other id explained.

The fault plan says beforehand what happens to each article (``tests/reliability/outcomes.py``); a
crawl must match it exactly: the exported records (field by field, so no mojibake and no garbage
gets through), the failures file (id and reason), the rejects file (id and reason) and the gaps.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.runs.state import SiteState, StateDir
from tests.crawling import (
    FAST,
    PROJECT,
    Crawl,
    crawl_env,
    mirror_state_key,
    read_jsonl,
    run_crawl,
    without_crawl_time,
)
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.faults import PROFILES, FaultPlan
from tests.mirror.server import serve_site_dir
from tests.reliability.outcomes import (
    CRAWL_SETTINGS,
    PLAN_OPTIONS,
    Mirror,
    fate,
    fault_counts,
    read_lines,
)

pytestmark = pytest.mark.e2e

SEED = 5
BLOCKED_SEED = 6  # puts the blocked profile's bot checks on two ids past the middle of the range
ARTICLES = 200


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Mirror:
    site_dir = tmp_path_factory.mktemp("faulty-mirror")
    build_mirror(site_dir, articles=ARTICLES, seed=SEED)
    return Mirror.load(site_dir)


def server_args(profile: str, plan: FaultPlan) -> list[str]:
    return ["--faults", profile, *plan.to_args(rates=False)]


def stat(log: str, key: str) -> int:
    found = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def crawl_ids(mirror: Mirror, tmp_path: Path, profile: str) -> tuple[FaultPlan, Crawl, str]:
    plan = FaultPlan.from_profile(profile, seed=SEED, **PLAN_OPTIONS)
    counts = fault_counts(plan, mirror.ok_ids)
    assert set(PROFILES[profile]) <= set(counts), f"every fault occurs: {counts}"
    with serve_site_dir(mirror.site_dir, fault_args=server_args(profile, plan)) as base_url:
        crawl = run_crawl(
            tmp_path, "asrpress", "-a", f"base_url={base_url}", "-a", f"ids={mirror.id_range}",
            *CRAWL_SETTINGS,
        )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    return plan, crawl, base_url


def assert_every_id_accounted_for(mirror: Mirror, plan: FaultPlan, crawl: Crawl, base: str, tmp):
    fates = {news_id: fate(plan, news_id) for news_id in mirror.ok_ids}
    exported = [record["news_id"] for record in crawl.records]
    assert len(exported) == len(set(exported)), "each article exported once"
    assert sorted(exported) == sorted(i for i, f in fates.items() if f.kind == "exported")
    got = without_crawl_time(crawl.records)
    assert got == {i: rebase(mirror.expected[i], base) for i in got}, "every field as expected"

    failures = read_lines(tmp / "out.failures.jsonl")
    assert {f["news_id"]: f["reason"] for f in failures} == {
        i: f.reason for i, f in fates.items() if f.kind == "failed"
    }
    assert len(failures) == crawl.summary["failed"], "one failure line per failed id"
    assert all(f["url"] and f["detail"] for f in failures)
    rejects = read_lines(tmp / "out.rejects.jsonl")
    assert {r["news_id"]: r["reason"] for r in rejects} == {
        i: f.reason for i, f in fates.items() if f.kind == "rejected"
    }
    assert sum(crawl.summary["gaps"].values()) == len(mirror.gap_ids)
    return fates


def test_transient_faults_are_retried_with_backoff_within_the_bound(mirror, tmp_path):
    plan, crawl, base_url = crawl_ids(mirror, tmp_path, "transient")
    fates = assert_every_id_accounted_for(mirror, plan, crawl, base_url, tmp_path)
    assert any(f.kind == "exported" and f.fault for f in fates.values()), "some recovered"
    assert any(f.kind == "failed" for f in fates.values()), "some outlasted the retries"
    counts = fault_counts(plan, mirror.ok_ids)
    # Retry-After honoured when within NEWSCRAWL_RETRY_AFTER_MAX, never retried sooner otherwise.
    assert stat(crawl.log, "newscrawl/retry/retry_after") > 0
    assert stat(crawl.log, "newscrawl/retry/retry_after_too_long") == counts["http_429_long"]
    assert stat(crawl.log, "newscrawl/retry/truncated") > 0
    assert crawl.summary["ok"], crawl.summary["problems"]


def test_content_faults_are_decoded_or_rejected_never_exported_as_garbage(mirror, tmp_path):
    plan, crawl, base_url = crawl_ids(mirror, tmp_path, "content")
    assert_every_id_accounted_for(mirror, plan, crawl, base_url, tmp_path)
    counts = fault_counts(plan, mirror.ok_ids)
    # Scrapy trusts a wrong header; those pages (only those) are re-decoded.
    assert stat(crawl.log, "newscrawl/charset/corrected") == counts["charset_wrong"]
    # Nothing a page says names a file: the crawl wrote only its own files, in its directories.
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {
        "out.jsonl",
        "out.summary.json",
        "out.failures.jsonl",
        "out.rejects.jsonl",
        "state",
    }
    assert not Path("/tmp/newscrawl-escaped.html").exists()


def test_hostile_pages_are_refused_and_redirects_never_leave_the_site(mirror, tmp_path):
    plan, crawl, base_url = crawl_ids(mirror, tmp_path, "hostile")
    assert_every_id_accounted_for(mirror, plan, crawl, base_url, tmp_path)
    counts = fault_counts(plan, mirror.ok_ids)
    assert stat(crawl.log, "newscrawl/download/oversized") == counts["oversized"]
    assert stat(crawl.log, "newscrawl/redirect/loop") == counts["redirect_loop"]
    assert stat(crawl.log, "newscrawl/redirect/offsite") == counts["redirect_offsite"]
    # The other host serves the page: had a redirect been followed, its record would be here.
    assert all(record["url"].startswith(base_url + "/") for record in crawl.records)


@pytest.mark.parametrize(
    ("profile", "complaint"),
    [
        ("feed-not-xml", "not well-formed XML"),
        # libxml2 stops the expansion itself; were it to parse, entity declarations are refused
        ("feed-entity-bomb", "(entity amplification|declares XML entities)"),
    ],
)
def test_a_broken_feed_is_refused_and_costs_no_article(mirror, tmp_path, profile, complaint):
    plan = FaultPlan.from_profile(profile, seed=SEED, **PLAN_OPTIONS)
    with serve_site_dir(mirror.site_dir, fault_args=server_args(profile, plan)) as base_url:
        start_at(tmp_path / "state", base_url, mirror.ok_ids[0] - 1)
        crawl = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", *CRAWL_SETTINGS)
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert re.search(rf"Feed \S+ unreadable: .*{complaint}", crawl.log)
    assert crawl.summary["ok"], crawl.summary["problems"]
    got = without_crawl_time(crawl.records)
    assert sorted(got) == mirror.ok_ids, "the front page's ids are enough to walk every id"
    assert got == {i: rebase(mirror.expected[i], base_url) for i in got}


def newscrawl_run(tmp_path: Path, *scrapy_args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscrawl", "run", "asrpress"]
    command += ["--state-dir", str(tmp_path / "state"), "--log-dir", str(tmp_path / "logs")]
    command += ["--data-dir", str(tmp_path / "data"), "--", *FAST, *scrapy_args]
    return subprocess.run(
        command, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=180
    )


def published_records(tmp_path: Path) -> list[dict]:
    feeds = [path for path in tmp_path.rglob("*.jsonl") if path.name.count(".") == 1]
    return [record for path in sorted(feeds) for record in read_jsonl(path)]


def test_a_bot_check_stops_the_crawl_and_later_runs_finish_the_job(mirror, tmp_path):
    plan = FaultPlan.from_profile("blocked", seed=BLOCKED_SEED, max_burst=1, **PLAN_OPTIONS)
    blocked = [i for i in mirror.ok_ids if plan.fault(f"news/{i}") == "bot_check"]
    assert len(blocked) == 2
    with serve_site_dir(mirror.site_dir, fault_args=server_args("blocked", plan)) as base_url:
        start_at(tmp_path / "state", base_url, mirror.ok_ids[0] - 1)
        first = newscrawl_run(tmp_path, "-a", f"base_url={base_url}", *CRAWL_SETTINGS)
        assert first.returncode == 1, first.stderr
        assert "finish_reason='blocked_by_bot_check'" in first.stderr
        # newscrawl run keeps a mirror's files apart from the live site's: data/<state key>/
        (summary_path,) = (tmp_path / "data").glob("asrpress@*/*.summary.json")
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        assert not summary["ok"]
        assert summary["exported"] < len(mirror.ok_ids), "stopped early"
        (failures,) = (tmp_path / "data").glob("asrpress@*/*.failures.jsonl")
        reasons = {f["news_id"]: f["reason"] for f in read_jsonl(failures)}
        assert set(reasons.values()) == {"bot_check"}
        assert set(reasons) <= set(blocked)
        runs: list[Crawl] = []
        while len(runs) < 6 and not (runs and runs[-1].summary["ok"]):
            runs.append(run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}",
                                  *CRAWL_SETTINGS, name=f"run{len(runs)}"))  # fmt: skip
    assert runs[-1].summary["ok"], runs[-1].summary
    records = published_records(tmp_path)
    assert sorted(r["news_id"] for r in records) == mirror.ok_ids, "every article, once"
    got = without_crawl_time(records)
    assert got == {i: rebase(mirror.expected[i], base_url) for i in got}, "no bot-check page"


def start_at(state_dir: Path, base_url: str, cursor: int) -> None:
    """Set the cursor of asrpress on ``base_url``'s host, as if a run had ended at ``cursor``."""
    StateDir(state_dir).save(SiteState(mirror_state_key("asrpress", base_url), last_id=cursor))
