"""A faulty crawl killed (SIGKILL) at three random moments, then rerun until done: all once.

The mirror serves the ``mixed`` profile (every article fault but the bot check). Killed runs
publish nothing and commit no state, recovering faults outlast some runs, and failed ids are
retried by the next; whatever the interleaving, the published feeds together hold every article
the site serves exactly once, and the state is left retrying only the ids that can never work.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time

import pytest

from newscrawl.runs.state import SiteState, StateDir
from tests.crawling import (
    PROJECT,
    crawl_command,
    crawl_env,
    mirror_state_key,
    read_jsonl,
    run_crawl,
    without_crawl_time,
)
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.faults import FaultPlan
from tests.mirror.server import serve_site_dir
from tests.reliability.outcomes import (
    CRAWL_SETTINGS,
    PLAN_OPTIONS,
    REJECTED,
    Mirror,
    eventually_exported,
)

pytestmark = pytest.mark.e2e

SEED = 23
KILLS = 3
MAX_RERUNS = 6


def start_crawl(base_url: str, data, name: str) -> subprocess.Popen[bytes]:
    command = crawl_command(
        "asrpress", "-a", f"base_url={base_url}", "-o", str(data / f"{name}.jsonl"),
        "-s", f"NEWSCRAWL_STATE_DIR={data / 'state'}", *CRAWL_SETTINGS,
    )  # fmt: skip
    return subprocess.Popen(
        command, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def kill_mid_crawl(process: subprocess.Popen[bytes], part, delay: float) -> None:
    """SIGKILL ``delay`` seconds after the crawl opened its feed (it is crawling by then)."""
    deadline = time.monotonic() + 60
    while not part.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()


def published(data) -> list[dict]:
    feeds = sorted(path for path in data.glob("*.jsonl") if path.name.count(".") == 1)
    return [record for path in feeds for record in read_jsonl(path)]


def test_killed_three_times_then_rerun_publishes_every_article_once(tmp_path):
    site_dir, data = tmp_path / "site", tmp_path / "data"
    build_mirror(site_dir, articles=200, seed=SEED)
    mirror = Mirror.load(site_dir)
    plan = FaultPlan.from_profile("mixed", seed=SEED, **PLAN_OPTIONS)
    servable = [i for i in mirror.ok_ids if eventually_exported(plan, i)]
    never = sorted(set(mirror.ok_ids) - set(servable))
    assert never, "some articles can never be exported (rejected or failing for good)"
    delays = random.Random(SEED)
    fault_args = ["--faults", "mixed", *plan.to_args(rates=False)]
    with serve_site_dir(site_dir, fault_args=fault_args) as base_url:
        key = mirror_state_key("asrpress", base_url)
        StateDir(data / "state").save(SiteState(key, last_id=mirror.ok_ids[0] - 1))
        for kill in range(KILLS):
            process = start_crawl(base_url, data, f"killed{kill}")
            kill_mid_crawl(process, data / f"killed{kill}.jsonl.part", delays.uniform(0.2, 2.5))
            assert process.returncode == -signal.SIGKILL
            assert not (data / f"killed{kill}.jsonl").exists(), "a killed run publishes nothing"
        reruns = 0
        while reruns < MAX_RERUNS and sorted(r["news_id"] for r in published(data)) != servable:
            crawl = run_crawl(data, "asrpress", "-a", f"base_url={base_url}", *CRAWL_SETTINGS,
                              name=f"rerun{reruns}")  # fmt: skip
            # a rerun that mostly retries failing ids fails by the share of failed ids, only
            problems = crawl.summary["problems"]
            assert crawl.returncode == (1 if problems else 0), crawl.log[-3000:]
            assert all(" ids failed (more than " in problem for problem in problems), problems
            reruns += 1
    records = published(data)
    assert sorted(r["news_id"] for r in records) == servable, "every servable article, once"
    got = without_crawl_time(records)
    assert got == {i: rebase(mirror.expected[i], base_url) for i in got}
    state = StateDir(data / "state").load(key)
    failing_for_good = [i for i in never if plan.fault(f"news/{i}") not in REJECTED]
    assert sorted(state.retry) == failing_for_good, "only ids that can never work are retried"
    assert not list(data.glob("*.part")), "the killed runs' .part files, accounted for, are gone"
