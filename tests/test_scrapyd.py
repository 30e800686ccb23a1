"""scrapyd round trip: start a real scrapyd, deploy with scrapyd-deploy, schedule, find the items.

Exactly what the README's "Running under scrapyd" section tells an operator to do, against the
offline mirror: the project is deployed from a copy of its files (``scrapyd-deploy`` builds the egg
in the project directory), scheduled through ``schedule.json`` and polled with ``listjobs.json``.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from newscrawl.spiders.loader import SPIDERS
from tests.crawling import PROJECT, read_jsonl, without_crawl_time
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir, read_expected

pytestmark = [pytest.mark.e2e, pytest.mark.requires_scrapyd]

PROJECT_FILES = ("pyproject.toml", "setup.py", "scrapy.cfg", "README.md")
TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None, **query: str) -> dict:
    url = f"{base}/{endpoint}" + (f"?{urlencode(query)}" if query else "")
    body = urlencode(data).encode() if data is not None else None
    with urlopen(url, data=body, timeout=10) as response:
        answer: dict = json.loads(response.read())
    assert answer["status"] == "ok", answer
    return answer


def clean_env(home) -> dict[str, str]:
    """No proxies, no PYTHONPATH to the source tree (jobs run the deployed egg), a fresh HOME."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "PYTHONPATH"}
    env["HOME"] = str(home)  # scrapyd also reads ~/.scrapyd.conf: keep the operator's out
    return env


@contextmanager
def running_scrapyd(workdir):
    """A scrapyd on a free loopback port, everything it keeps under ``workdir``."""
    port = free_port()
    (workdir / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {workdir / 'eggs'}\n"
        f"logs_dir = {workdir / 'logs'}\n"
        f"items_dir = {workdir / 'items'}\n"
        f"dbs_dir = {workdir / 'dbs'}\n"
        "poll_interval = 0.2\n"
        "max_proc = 1\n",
        encoding="utf-8",
    )
    log = (workdir / "scrapyd.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"],
        cwd=workdir,
        env=clean_env(workdir),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                api(base, "daemonstatus.json")
                break
            except OSError:
                assert server.poll() is None, (workdir / "scrapyd.log").read_text()
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def deploy(project_copy, base: str, home) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy`` to a target added to the copy's scrapy.cfg (the real one names :6800)."""
    with (project_copy / "scrapy.cfg").open("a", encoding="utf-8") as cfg:
        cfg.write(f"\n[deploy:test]\nurl = {base}/\nproject = newscrawl\n")
    return subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "test", "--version", "1"],
        cwd=project_copy,
        env=clean_env(home),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def wait_finished(base: str, job: str) -> dict:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        jobs = api(base, "listjobs.json", project="newscrawl")
        for done in jobs["finished"]:
            if done["id"] == job:
                return dict(done)
        time.sleep(0.2)
    pytest.fail(f"job {job} not finished after {TIMEOUT}s: {jobs}")


def test_scrapyd_runs_the_deployed_spider_and_keeps_its_items(tmp_path):
    cfg = configparser.ConfigParser()
    cfg.read(PROJECT / "scrapy.cfg")
    assert cfg["deploy"]["project"] == "newscrawl"
    assert cfg["deploy"]["url"].startswith("http://")
    settings_module = cfg["settings"]["default"]

    project_copy = tmp_path / "project"
    project_copy.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT / name, project_copy / name)
    shutil.copytree(
        PROJECT / "newscrawl",
        project_copy / "newscrawl",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=40, seed=4)
    entries = load_site_dir(site_dir).entries
    ids = f"{entries[0].news_id}-{entries[-1].news_id}"
    scrapyd_dir = tmp_path / "scrapyd"
    scrapyd_dir.mkdir()

    with serve_site_dir(site_dir) as mirror_url, running_scrapyd(scrapyd_dir) as base:
        deployed = deploy(project_copy, base, tmp_path)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        assert json.loads(deployed.stdout)["spiders"] == len(SPIDERS)
        spiders = api(base, "listspiders.json", project="newscrawl")["spiders"]
        assert spiders == sorted(SPIDERS), "a spider for every declared site and every CMS"
        job = api(
            base,
            "schedule.json",
            [
                ("project", "newscrawl"),
                ("spider", "asrpress"),
                ("setting", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
                ("base_url", mirror_url),
                ("ids", ids),
            ],
        )["jobid"]
        finished = wait_finished(base, job)
        with urlopen(f"{base}{finished['items_url']}", timeout=10) as served:
            served_items = served.read()

    # The egg carries scrapy.cfg's settings module as the entry point scrapyd's runner reads.
    with zipfile.ZipFile(scrapyd_dir / "eggs" / "newscrawl" / "1.egg") as egg:
        entry_points = configparser.ConfigParser()
        entry_points.read_string(egg.read("EGG-INFO/entry_points.txt").decode())
    assert entry_points["scrapy"]["settings"] == settings_module

    # Items where the README says: <items_dir>/<project>/<spider>/<job>.jl, summary beside them.
    job_dir = scrapyd_dir / "items" / "newscrawl" / "asrpress"
    items = job_dir / f"{job}.jl"
    assert finished["items_url"] == f"/items/newscrawl/asrpress/{job}.jl"
    assert items.read_bytes() == served_items
    expected = {r["news_id"]: rebase(r, mirror_url) for r in read_expected(site_dir)}
    assert without_crawl_time(read_jsonl(items)) == expected
    summary = json.loads((job_dir / f"{job}.summary.json").read_text("utf-8"))
    assert summary["ok"], summary["problems"]
    assert summary["exported"] == len(expected) == summary["coverage"]["articles"]
    assert summary["feed"] == str(items)
    log = (scrapyd_dir / "logs" / "newscrawl" / "asrpress" / f"{job}.log").read_text("utf-8")
    assert "Spider closed (finished)" in log
    assert (tmp_path / "state" / "seen.sqlite3").exists(), "state where the setting put it"
