"""``newscrawl run``: many sites in one process, each on its own; locks, failures, housekeeping.

Small mirrors of three layouts and of the second CMS, served on 127.0.0.1, stand in for the live
sites: ``--base-url KEY=URL`` points each site at its mirror (its state, lock and folder are then
keyed ``<site>@127.0.0.1_<port>``).
"""

from __future__ import annotations

import fcntl
import json
import socket
import subprocess
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from newscrawl.ops.compact import DAYS
from newscrawl.runs.health import newest
from tests.changed_template import copy_with_changed_template
from tests.crawling import (
    FAST,
    PROJECT,
    crawl_env,
    mirror_state_key,
    read_jsonl,
    without_crawl_time,
)
from tests.mirror import expected as iransamaneh_expected
from tests.mirror.build import build_mirror
from tests.mirror.nastooh import expected as nastooh_expected
from tests.mirror.nastooh.build import build_mirror as build_nastooh_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import read_expected

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

pytestmark = pytest.mark.e2e

ARTICLES = 40
SEED = 3
# The changed template's pages lack a body: 10 of them are enough to call it a collapse here.
COLLAPSE_SOON = ("-s", "NEWSCRAWL_COVERAGE_MIN_PAGES=10")


def free_port() -> int:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def mirrors(tmp_path_factory):
    """Site key -> (base URL, expected records by id): four mirrors and one unreachable host."""
    root = tmp_path_factory.mktemp("mirrors")
    build_mirror(root / "old", articles=ARTICLES, seed=SEED, workers=1)
    build_mirror(root / "bootstrap", articles=ARTICLES, seed=SEED, layout="bootstrap", workers=1)
    build_nastooh_mirror(root / "nastooh", articles=ARTICLES, seed=SEED)
    copy_with_changed_template(root / "old", root / "changed")
    served = {
        "asrpress": "old",
        "tabnak": "bootstrap",
        "mehrnews": "nastooh",
        "entekhab": "changed",
    }
    with ExitStack() as stack:
        found = {}
        for site, name in served.items():
            base_url = stack.enter_context(serve_site_dir(root / name))
            rebase = (nastooh_expected if name == "nastooh" else iransamaneh_expected).rebase
            expected = {r["news_id"]: rebase(r, base_url) for r in read_expected(root / name)}
            found[site] = (base_url, expected)
        found["yjc"] = (f"http://127.0.0.1:{free_port()}", {})
        yield found


def newscrawl_run(
    tmp_path, sites, mirrors, *scrapy_args: str, options=()
) -> subprocess.CompletedProcess[str]:
    urls = [f"--base-url={site}={mirrors[site][0]}" for site in sites]
    return subprocess.run(
        [
            sys.executable, "-m", "newscrawl", "run", *sites, *urls, *options,
            "--state-dir", str(tmp_path / "state"),
            "--log-dir", str(tmp_path / "logs"),
            "--data-dir", str(tmp_path / "data"),
            "--", *FAST, "-s", "RETRY_TIMES=0", *scrapy_args,
        ],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip


def lines_by_site(stdout: str) -> dict[str, str]:
    return {line.split(":", 1)[0]: line for line in stdout.splitlines()}


def folder(tmp_path: Path, site: str, mirrors: dict[str, Any]) -> Path:
    return tmp_path / "data" / mirror_state_key(site, mirrors[site][0])


def only(paths: Iterable[Path]) -> Path:
    (path,) = paths
    return path


def summary_of(tmp_path: Path, site: str, mirrors: dict[str, Any]) -> dict[str, Any]:
    path = only(folder(tmp_path, site, mirrors).glob("*.summary.json"))
    summary: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return summary


def test_one_site_exits_zero_with_log_feed_summary_and_health(tmp_path, mirrors):
    done = newscrawl_run(tmp_path, ["asrpress"], mirrors)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    summary = summary_of(tmp_path, "asrpress", mirrors)
    assert summary["ok"]
    assert summary["mode"] == "incremental"
    feed = only(folder(tmp_path, "asrpress", mirrors).glob("*.jsonl"))
    records = read_jsonl(feed)
    assert len(records) == summary["exported"] > 0
    assert summary["feed"] == str(feed)
    health = summary["health"]
    assert health["key"] == mirror_state_key("asrpress", mirrors["asrpress"][0])
    assert health["last_article"] == newest(*(r["published_at"] for r in records))
    assert (health["failed_runs"], health["layout_alarm"], health["quiet"]) == (0, None, None)
    assert done.stdout.startswith(f"asrpress: ok: {len(records)} exported")
    assert f"last article {health['last_article']}" in done.stdout
    log = only((tmp_path / "logs").glob("*.log"))
    assert "[asrpress] [scrapy.core.engine] INFO: Spider closed (finished)" in log.read_text(
        "utf-8"
    )


def test_sites_run_together_and_a_failing_site_spoils_no_other(tmp_path, mirrors):
    """One site down, one serving a changed layout: the others publish feed and state; exit 1."""
    sites = ["asrpress", "tabnak", "mehrnews", "yjc", "entekhab"]
    done = newscrawl_run(tmp_path, sites, mirrors, *COLLAPSE_SOON)
    assert done.returncode == 1, done.stderr
    lines = lines_by_site(done.stdout)
    assert sorted(lines) == sorted(sites), "one line per site"
    for site in ("asrpress", "tabnak", "mehrnews"):
        assert lines[site].startswith(f"{site}: ok: "), lines[site]
        records = read_jsonl(only(folder(tmp_path, site, mirrors).glob("*.jsonl")))
        expected = mirrors[site][1]
        assert records, f"{site} published its feed"
        assert {r["site"] for r in records} == {site}
        got = without_crawl_time(records)
        assert all(got[news_id] == expected[news_id] for news_id in got), site
        key = mirror_state_key(site, mirrors[site][0])
        state = json.loads((tmp_path / "state" / f"{key}.json").read_text("utf-8"))
        assert state["last_id"] == max(got)
    assert "yjc: FAILED: crawl ended with finish_reason='robots_unavailable'" in lines["yjc"]
    assert (
        "entekhab: FAILED: crawl ended with finish_reason='coverage_collapsed'"
        in (lines["entekhab"])
    )
    assert summary_of(tmp_path, "entekhab", mirrors)["health"]["layout_alarm"] == (
        "coverage_collapsed"
    )
    assert summary_of(tmp_path, "yjc", mirrors)["health"]["failed_runs"] == 1
    errors = done.stderr.splitlines()
    assert [line.split(":")[:2] for line in errors[:2]] == [
        ["newscrawl run", " entekhab failed"],
        ["newscrawl run", " yjc failed"],
    ]
    assert "finish_reason='robots_unavailable'" in errors[1]
    assert errors[2].startswith("newscrawl run: 2 of 5 sites failed (entekhab, yjc); log ")
    assert len(errors) == 3
    log = only((tmp_path / "logs").glob("*.log")).read_text("utf-8")
    for site in sites:
        assert f"[{site}] [scrapy.core.engine] INFO: Spider opened" in log


def test_a_site_that_cannot_start_fails_alone(tmp_path, mirrors):
    key = mirror_state_key("tabnak", mirrors["tabnak"][0])
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / f"{key}.json").write_text("garbage", "utf-8")
    done = newscrawl_run(tmp_path, ["asrpress", "tabnak"], mirrors)
    assert done.returncode == 1
    lines = lines_by_site(done.stdout)
    assert lines["asrpress"].startswith("asrpress: ok: ")
    assert lines["tabnak"].startswith("tabnak: FAILED: the crawl could not start: state file")
    summary = summary_of(tmp_path, "tabnak", mirrors)  # written for it, so the health counts it
    assert (summary["ok"], summary["health"]["failed_runs"]) == (False, 1)


def hold_lock(stack: ExitStack, tmp_path, site: str, mirrors) -> None:
    (tmp_path / "state").mkdir(exist_ok=True)
    key = mirror_state_key(site, mirrors[site][0])
    lock = stack.enter_context((tmp_path / "state" / f"{key}.lock").open("a"))
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a run in progress holds it


def test_a_locked_site_is_skipped_and_old_logs_and_summaries_are_pruned(tmp_path, mirrors):
    site_dir = folder(tmp_path, "asrpress", mirrors)
    site_dir.mkdir(parents=True)
    old = [site_dir / "20200101T000000Z.summary.json", site_dir / "20200101T000000Z.rejects.jsonl"]
    old.append(tmp_path / "logs" / "20200101T000000Z.log")
    kept = [site_dir / "20200101T000000Z.jsonl", tmp_path / "logs" / "cron.log"]
    for path in (*old, *kept):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n", "utf-8")
    with ExitStack() as stack:
        hold_lock(stack, tmp_path, "tabnak", mirrors)
        done = newscrawl_run(tmp_path, ["asrpress", "tabnak"], mirrors, options=["--no-compact"])
    assert done.returncode == 0, done.stderr
    lines = lines_by_site(done.stdout)
    assert lines["asrpress"].startswith("asrpress: ok: ")
    key = mirror_state_key("tabnak", mirrors["tabnak"][0])
    assert lines["tabnak"] == (
        f"tabnak: skipped: another run of {key} is in progress"
        f" (lock {tmp_path / 'state' / key}.lock held)"
    )
    assert not folder(tmp_path, "tabnak", mirrors).exists()
    assert not [path for path in old if path.exists()], "older than 30 days: pruned"
    assert all(path.exists() for path in kept), "feeds and cron.log are never pruned"


def test_every_site_locked_exits_75_and_starts_nothing(tmp_path, mirrors):
    with ExitStack() as stack:
        for site in ("asrpress", "tabnak"):
            hold_lock(stack, tmp_path, site, mirrors)
        done = newscrawl_run(tmp_path, ["asrpress", "tabnak"], mirrors)
    assert done.returncode == 75
    assert sorted(lines_by_site(done.stdout)) == ["asrpress", "tabnak"]
    assert "skipped: another run of" in done.stdout
    assert done.stderr == "newscrawl run: every site is locked by another run; none started\n"
    assert not (tmp_path / "logs").exists()
    assert not (tmp_path / "data").exists()


def test_the_next_run_compacts_the_last_runs_feed_into_its_day_file(tmp_path, mirrors):
    first = newscrawl_run(tmp_path, ["asrpress"], mirrors)
    assert first.returncode == 0, first.stderr
    site_dir = folder(tmp_path, "asrpress", mirrors)
    feed = only(site_dir.glob("*.jsonl"))
    records = feed.read_text("utf-8").splitlines()
    key = mirror_state_key("asrpress", mirrors["asrpress"][0])
    state = json.loads((tmp_path / "state" / f"{key}.json").read_text("utf-8"))
    second = newscrawl_run(tmp_path, ["asrpress"], mirrors)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("asrpress: ok: 0 exported")
    assert not feed.exists()
    day = feed.name[:4] + "-" + feed.name[4:6] + "-" + feed.name[6:8]
    assert (site_dir / DAYS / f"{day}.jsonl").read_text("utf-8").splitlines() == records
    assert list(site_dir.glob("*.jsonl")) == [], "every record in exactly one file"
    after = json.loads((tmp_path / "state" / f"{key}.json").read_text("utf-8"))
    assert (after["last_id"], after["retry"]) == (state["last_id"], state["retry"])
    assert len(list(site_dir.glob("*.summary.json"))) == 2
    health = summary_of_newest(site_dir)["health"]
    assert health["last_article"] == newest(*(json.loads(r)["published_at"] for r in records))


def summary_of_newest(site_dir: Path) -> dict[str, Any]:
    path = max(site_dir.glob("*.summary.json"))
    summary: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return summary


def test_an_unreachable_site_fails_the_run(tmp_path, mirrors):
    done = newscrawl_run(tmp_path, ["yjc"], mirrors)
    assert done.returncode == 1
    assert "no page was fetched" in done.stdout
    assert done.stderr.startswith("newscrawl run: yjc failed: crawl ended with finish_reason=")
    assert "newscrawl run: 1 of 1 sites failed (yjc)" in done.stderr
    assert urlsplit(mirrors["yjc"][0]).port is not None
