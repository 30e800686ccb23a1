"""``make demo``: the bundled sample replays offline, with no network at all."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.crawling import PROJECT, crawl_env, read_jsonl, without_crawl_time
from tests.golden_pairs import GOLDEN, load_expected

pytestmark = pytest.mark.e2e


def test_demo_replays_the_sample_with_networking_unavailable(tmp_path):
    unshare = shutil.which("unshare")
    assert unshare, "util-linux unshare is needed to cut the network off"
    out = tmp_path / "asrpress.jsonl"
    done = subprocess.run(
        # A new network namespace: only a downed loopback, no route anywhere.
        [unshare, "--net", sys.executable, "-m", "newscrawl.ops.demo", "--out", str(out)],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    manifest = json.loads((PROJECT / "data/sample/sample.json").read_text(encoding="utf-8"))
    records = without_crawl_time(read_jsonl(out))
    assert len(records) == manifest["articles"]
    assert f"{manifest['articles']} articles written" in done.stdout
    reference = load_expected(GOLDEN / "asrpress" / "26684.html")
    got = records[26684]
    host = got["url"].split("/fa/news/")[0]
    reference["url"] = reference["url"].replace("https://asrpress.ir", host)
    reference["images"][0]["url"] = reference["images"][0]["url"].replace(
        "https://asrpress.ir", host
    )
    assert got == reference
