"""Hard to misuse, through the real commands: a typo or a wrong calendar is refused in one line
before any file is written, and a crawl of another host never touches the live site's state."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from newscrawl.runs.state import SiteState, StateDir
from tests.crawling import PROJECT, crawl_command, crawl_env, mirror_state_key, run_crawl
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.e2e


def scrapy_crawl(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = crawl_command(
        "asrpress", *args, "-O", str(tmp / "out.jsonl"), "-s", f"NEWSCRAWL_STATE_DIR={tmp / 'st'}"
    )
    return subprocess.run(
        command, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def newscrawl(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args], cwd=tmp, env=crawl_env(),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def refused(done: subprocess.CompletedProcess[str], prefix: str) -> str:
    """The one line a refused command printed (no traceback, nothing else on stderr)."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(prefix), line
    return line


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("-a", "sinse=1400-07-01"), "unknown argument 'sinse'; did you mean 'since'?"),
        (("-a", "id=26684"), "did you mean 'ids'?"),
        (("-a", "since=2021-09-23", "-a", "until=2021-10-22"), "calendar=gregorian"),
        (("-a", "since=1400-07-01", "-a", "calendar=gregorian"), "Jalali"),
        (("-a", "since=0001-01-01"), "1370"),
        (("-a", "ids=abc"), "ids"),
        (("-a", "ids=30-20"), "30-20"),
        (("-a", "base_url=http://asrpress.ir/fa/"), "scheme"),
        (("-a", "base_url=http://host/../../"), "scheme"),
        (("-a", "replay=/no/such.warc.gz"), "/no/such.warc.gz"),
    ],
)
def test_a_bad_argument_is_one_line_exit_2_and_writes_nothing(tmp_path, args, says):
    done = scrapy_crawl(tmp_path, *args)
    line = refused(done, "scrapy crawl asrpress: ")
    assert says in line
    assert list(tmp_path.iterdir()) == [], "no state, feed, summary or log written"


def test_an_unknown_spider_is_one_line_exit_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "crawl", "asrpres"], cwd=PROJECT,
        env=crawl_env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "no such spider" in refused(done, "scrapy crawl asrpres: ")


def test_unreadable_state_is_one_line_exit_2(tmp_path):
    (tmp_path / "st").mkdir()
    (tmp_path / "st" / "asrpress.json").write_text("{not json", encoding="utf-8")
    done = scrapy_crawl(tmp_path)
    assert "asrpress.json" in refused(done, "scrapy crawl asrpress: ")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("run", "asrpres"), "did you mean 'asrpress'?"),
        (("run", "../escape"), "escape"),
        (("canary", "asrpres"), "asrpres"),
        (("extract", "missing.html", "--url", "https://asrpress.ir/fa/news/1"), "missing.html"),
        (("validate", "missing.jsonl"), "missing.jsonl"),
        (("stats", "missing.jsonl"), "missing.jsonl"),
    ],
)
def test_newscrawl_commands_refuse_in_one_line_without_a_traceback(tmp_path, args, says):
    done = newscrawl(tmp_path, *args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert says in done.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "data").exists(), "no lock, log or state written"


def test_a_crawl_of_a_mirror_leaves_the_live_state_alone_and_each_host_has_its_own(tmp_path):
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=20, seed=3)
    ok = [e.news_id for e in load_site_dir(site_dir).entries if e.status == "ok"]
    data = tmp_path / "data"
    live = SiteState("asrpress", last_id=26684)
    StateDir(data / "state").save(live)
    live_file = data / "state" / "asrpress.json"
    before = live_file.read_bytes()
    runs = []
    for host in ("127.0.0.1", "localhost"):
        with serve_site_dir(site_dir) as base_url:
            mirror_url = base_url.replace("127.0.0.1", host)
            key = mirror_state_key("asrpress", mirror_url)
            StateDir(data / "state").save(SiteState(key, last_id=ok[0] - 1))
            crawl = run_crawl(data, "asrpress", "-a", f"base_url={mirror_url}", name=host)
            runs.append((key, crawl))
    for key, crawl in runs:
        assert crawl.returncode == 0, crawl.log[-3000:]
        assert sorted(record["news_id"] for record in crawl.records) == ok, "each host: all"
        assert StateDir(data / "state").load(key).last_id == ok[-1]
    assert runs[0][0] != runs[1][0]
    assert live_file.read_bytes() == before, "the live site's cursor is untouched"
    seen = StateDir(data / "state").seen_store()
    try:
        assert seen.count("asrpress") == 0, "no mirror id recorded as exported from the live site"
        assert all(seen.count(key) == len(ok) for key, _ in runs)
    finally:
        seen.close()
