"""``make demo``: every bundled sample replays offline, with no network at all, into feeds that a
glob over real feeds does not pick up and that ``newscrawl merge`` refuses as local records."""

from __future__ import annotations

import glob
import importlib
import json
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from newscrawl.ops import demo
from newscrawl.ops.cli import main as newscrawl_main
from tests.crawling import PROJECT, crawl_env, read_jsonl, without_crawl_time
from tests.golden_pairs import GOLDEN, load_expected
from tests.mirror import expected as iransamaneh_expected
from tests.mirror.nastooh import expected as nastooh_expected
from tests.mirror.site_dir import read_expected

SAMPLE = PROJECT / "data" / "sample"
MANIFEST = json.loads((SAMPLE / "sample.json").read_text(encoding="utf-8"))
SAMPLES = {sample["spider"]: sample for sample in MANIFEST["samples"]}
REBASE = {"asrpress": iransamaneh_expected.rebase, "mehrnews": nastooh_expected.rebase}


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    """The demo run once, network cut off, its feeds where the default puts them under a root."""
    unshare = shutil.which("unshare")
    assert unshare, "util-linux unshare is needed to cut the network off"
    root = tmp_path_factory.mktemp("demo")
    feeds = root / demo.FEEDS
    done = subprocess.run(
        # A new network namespace: only a downed loopback, no route anywhere.
        [unshare, "--net", sys.executable, "-m", "newscrawl.ops.demo", "--feeds", str(feeds)],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return root, feeds, done.stdout


def golden_ids(site: str) -> list[int]:
    """The Asr Press golden pages added above the mirror: the ids after its range."""
    if site != "asrpress":
        return []
    return [int(news_id) for news_id in SAMPLES[site]["arguments"]["ids"].split(",")[1:]]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def mirror_records(sample: dict, base_url: str, tmp_path) -> dict[int, dict]:
    """The records a correct crawl exports from the mirror the sample was recorded from."""
    mirror = sample["mirror"]
    builder = importlib.import_module(mirror["builder"])
    builder.build_mirror(tmp_path / "mirror", articles=mirror["items"], seed=mirror["seed"])
    rebase = REBASE[sample["spider"]]
    return {r["news_id"]: rebase(r, base_url) for r in read_expected(tmp_path / "mirror")}


def test_the_manifest_lists_an_iransamaneh_and_a_nastooh_sample():
    assert sorted(SAMPLES) == ["asrpress", "mehrnews"]
    for sample in SAMPLES.values():
        assert (SAMPLE / sample["warc"]).stat().st_size < 1_100_000
        assert sample["synthetic"] is True
        assert set(sample["arguments"]) == {"ids"}, "an id crawl: no listing pages to replay"
    assert 40 <= SAMPLES["mehrnews"]["articles"] <= 60
    assert (SAMPLE / SAMPLES["mehrnews"]["warc"]).stat().st_size < 500_000


@pytest.mark.e2e
@pytest.mark.parametrize("site", sorted(SAMPLES))
def test_demo_replays_each_sample_into_the_records_of_its_mirror(replayed, site, tmp_path):
    _, feeds, stdout = replayed
    sample = SAMPLES[site]
    records = without_crawl_time(read_jsonl(feeds / f"{site}.jsonl"))
    assert len(records) == sample["articles"]
    assert f"{site}: {sample['articles']} articles written to {feeds / site}.jsonl" in stdout
    base_url = origin(next(iter(records.values()))["url"])
    assert base_url.startswith("http://127.0.0.1:"), "recorded from a local mirror"
    expected = mirror_records(sample, base_url, tmp_path)
    assert {news_id: records.get(news_id) for news_id in expected} == expected
    assert set(records) - set(expected) == set(golden_ids(site)), "nothing else"


@pytest.mark.e2e
def test_demo_exports_every_asrpress_golden_page_above_the_mirror(replayed):
    _, feeds, _ = replayed
    records = without_crawl_time(read_jsonl(feeds / "asrpress.jsonl"))
    base_url = origin(records[26684]["url"])
    assert 26684 in golden_ids("asrpress")
    for news_id in golden_ids("asrpress"):
        reference = load_expected(GOLDEN / "asrpress" / f"{news_id}.html")
        assert records[news_id] == iransamaneh_expected.rebase(reference, base_url), news_id


@pytest.mark.e2e
def test_demo_feeds_escape_the_glob_over_real_feeds_and_merge_refuses_them(replayed, capsys):
    root, feeds, _ = replayed
    assert sorted(path.name for path in feeds.glob("*.jsonl")) == [
        "asrpress.jsonl",
        "mehrnews.jsonl",
    ]
    assert glob.glob("data/*/*.jsonl", root_dir=root) == []
    everything = str(root / "data" / "**" / "*.jsonl")  # a recursive glob does find them
    out = root / "merged.jsonl"

    assert newscrawl_main(["merge", str(out), everything]) == 2
    assert "url host 127.0.0.1 is local" in capsys.readouterr().err
    assert not out.exists()
    assert newscrawl_main(["merge", "--allow-local", str(out), everything]) == 0
    assert len(read_jsonl(out)) == sum(sample["articles"] for sample in SAMPLES.values())


def test_make_sample_help_only_prints_help(tmp_path):
    done = subprocess.run(
        [sys.executable, "scripts/make_sample.py", "--help", "--out", str(tmp_path / "sample")],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: make_sample.py")
    assert done.stderr == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_demo_fails_when_a_replay_exports_other_than_the_manifest_says(tmp_path):
    sample = {**SAMPLES["mehrnews"], "articles": SAMPLES["mehrnews"]["articles"] + 1}
    (tmp_path / "sample").mkdir()
    shutil.copy(SAMPLE / sample["warc"], tmp_path / "sample")
    manifest = json.dumps({"samples": [sample]}, ensure_ascii=False)
    (tmp_path / "sample" / "sample.json").write_text(manifest, encoding="utf-8")
    argv = ["--sample", str(tmp_path / "sample"), "--feeds", str(tmp_path / "feeds")]
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.ops.demo", *argv],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert f"mehrnews: {sample['articles'] - 1} articles, but " in done.stderr
    assert f"says {sample['articles']}" in done.stderr
