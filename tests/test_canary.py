"""``newscrawl canary``: passes on a healthy mirror; on a redesign it names the lost fields."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.request import urlopen

import pytest

from newscrawl.cms.iransamaneh.feed import parse_feed
from newscrawl.runs.coverage import COVERED_FIELDS
from tests.changed_template import copy_with_changed_template
from tests.crawling import crawl_env, linked_ids
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import read_expected

pytestmark = pytest.mark.e2e

SEED = 5
ARTICLES = 30
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")


def listed_ids(base_url: str) -> set[int]:
    """The ids the front page and the feed link to, read independently of the spider."""
    with urlopen(f"{base_url}/") as front, urlopen(f"{base_url}/fa/rss/allnews") as feed:
        front_ids = linked_ids(front.read().decode())
        return set(front_ids) | {entry.news_id for entry in parse_feed(feed.read(), base_url)}


def canary(cwd, base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "newscrawl",
            "canary",
            "asrpress",
            "--base-url",
            base_url,
            "--articles",
            str(ARTICLES),
            "--state-dir",
            str(cwd / "state"),
            *FAST,
            *args,
        ],
        cwd=cwd,  # anything written relative to the working directory would show up here
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def mirrors(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("site") / "asrpress"
    build_mirror(site_dir, articles=100, seed=SEED)
    changed = copy_with_changed_template(site_dir, tmp_path_factory.mktemp("changed") / "asrpress")
    with serve_site_dir(site_dir) as healthy_url, serve_site_dir(changed) as changed_url:
        yield site_dir, healthy_url, changed_url


def test_canary_passes_on_the_healthy_site_and_records_the_baseline(mirrors, tmp_path):
    site_dir, base_url, _ = mirrors
    done = canary(tmp_path, base_url, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"], report["problems"]
    assert report["problems"] == []
    newest = sorted(listed_ids(base_url), reverse=True)[:ARTICLES]
    assert [ref["news_id"] for ref in report["checked"]] == newest
    # Coverage of exactly those articles, as the generator put them on the pages.
    expected = {r["news_id"]: r for r in read_expected(site_dir)}
    for name in COVERED_FIELDS:
        carrying = sum(1 for i in newest if expected[i][name] not in (None, "", []))
        assert report["fields"][name]["present"] == carrying, name
        assert report["fields"][name]["ok"], name
    assert report["fields"]["body"]["share"] == 1.0
    baseline = json.loads((tmp_path / "state" / "asrpress.coverage.json").read_text("utf-8"))
    assert baseline["articles"] == ARTICLES
    assert baseline["shares"] == {n: f["share"] for n, f in report["fields"].items()}
    # Nothing exported and no crawl state: the baseline is the only file the canary leaves.
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["state/asrpress.coverage.json"]


def test_canary_fails_on_a_changed_template_naming_fields_and_articles(mirrors, tmp_path):
    _, healthy_url, changed_url = mirrors
    assert canary(tmp_path, healthy_url).returncode == 0  # records the baseline
    baseline_file = tmp_path / "state" / "asrpress.coverage.json"
    baseline = baseline_file.read_text("utf-8")
    assert json.loads(baseline)["shares"]["kicker"] > 0.3  # so that losing it counts as sharp

    table = canary(tmp_path, changed_url)
    assert table.returncode == 1, table.stdout + table.stderr
    verdicts = {
        line.split()[0]: line for line in table.stdout.splitlines() if line.split()[:1] != []
    }
    assert "FAIL: required field body missing on 30 of 30" in verdicts["body"]
    assert "FAIL: kicker on 0% of articles, baseline" in verdicts["kicker"]
    assert verdicts["title"].endswith("ok")
    assert verdicts["lead"].endswith("ok")
    newest = sorted(listed_ids(changed_url), reverse=True)[:ARTICLES]
    for news_id in newest:
        line = verdicts[str(news_id)]  # "  ID URL: fields it lacks"
        assert line.startswith(f"  {news_id} {changed_url}/fa/news/{news_id}/")
        assert "body" in line.split(":", 2)[-1]
    assert table.stdout.splitlines()[-1].startswith("FAILED: ")

    done = canary(tmp_path, changed_url, "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert not report["ok"]
    failed = {name for name, field in report["fields"].items() if not field["ok"]}
    # The body carries the editor line and the images: they go with it.
    assert failed == {"body", "kicker", "editor", "images"}
    assert [ref["news_id"] for ref in report["fields"]["body"]["missing"]] == newest
    assert report["fields"]["kicker"]["present"] == 0
    assert baseline_file.read_text("utf-8") == baseline, "a failing run keeps the baseline"


def test_canary_reports_an_unreachable_site(tmp_path):
    done = canary(tmp_path, "http://127.0.0.1:9", "-s", "RETRY_TIMES=0")
    assert done.returncode == 1
    assert "no article was fetched" in done.stdout
    assert not (tmp_path / "state" / "asrpress.coverage.json").exists()


def test_canary_refuses_a_malformed_base_url(tmp_path):
    done = canary(tmp_path, "notaurl")
    assert done.returncode == 2
    assert "base_url: 'notaurl' is not an http(s) URL" in done.stderr
    assert "Traceback" not in done.stderr
