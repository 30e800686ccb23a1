"""``newscrawl run``: the cron wrapper refuses overlapping runs and reports failures."""

from __future__ import annotations

import fcntl
import json
import socket
import subprocess
import sys

import pytest

from tests.crawling import FAST, PROJECT, crawl_env, read_jsonl
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir

pytestmark = pytest.mark.e2e


def newscrawl_run(tmp_path, *scrapy_args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "newscrawl",
            "run",
            "asrpress",
            "--state-dir",
            str(tmp_path / "state"),
            "--log-dir",
            str(tmp_path / "logs"),
            "--data-dir",
            str(tmp_path / "data"),
            "--",
            *FAST,
            *scrapy_args,
        ],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_a_good_run_exits_zero_with_log_feed_and_summary(tmp_path):
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=60, seed=3)
    with serve_site_dir(site_dir) as base_url:
        done = newscrawl_run(tmp_path, "-a", f"base_url={base_url}")
    assert done.returncode == 0, done.stderr
    (summary_path,) = (tmp_path / "data" / "asrpress").glob("*.summary.json")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    assert summary["ok"]
    assert summary["mode"] == "incremental"
    (feed,) = (tmp_path / "data" / "asrpress").glob("*.jsonl")
    assert len(read_jsonl(feed)) == summary["exported"] > 0
    assert summary["feed"] == str(feed)
    (log,) = (tmp_path / "logs" / "asrpress").glob("*.log")
    assert "Spider closed (finished)" in log.read_text(encoding="utf-8")


def test_an_overlapping_run_is_refused(tmp_path):
    (tmp_path / "state").mkdir()
    with (tmp_path / "state" / "asrpress.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a run in progress holds it
        done = newscrawl_run(tmp_path, "-a", "base_url=http://127.0.0.1:9")
    assert done.returncode == 75
    assert "another run of asrpress is in progress" in done.stderr
    assert not (tmp_path / "logs").exists(), "it did not start"


def test_an_unreachable_site_fails_the_run(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = newscrawl_run(tmp_path, "-a", f"base_url=http://127.0.0.1:{port}", "-s", "RETRY_TIMES=0")
    assert done.returncode == 1
    assert "no page was fetched" in done.stderr
