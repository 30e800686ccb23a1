"""A shared crawl of a Nastooh site: two ``scrapy crawl mehrnews`` workers through a real Redis."""

from __future__ import annotations

import subprocess

import pytest

from tests.crawling import (
    PROJECT,
    assert_same_records,
    crawl_command,
    crawl_env,
    read_jsonl,
    without_crawl_time,
)
from tests.mirror.nastooh.build import build_mirror
from tests.mirror.nastooh.expected import rebase
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir, read_expected

pytestmark = [pytest.mark.e2e, pytest.mark.requires_redis]


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("nastooh_shared")
    build_mirror(site_dir, articles=120, seed=5)
    with serve_site_dir(site_dir) as base_url:
        expected = {r["news_id"]: rebase(r, base_url) for r in read_expected(site_dir)}
        yield site_dir, base_url, expected


def test_two_workers_of_a_shared_nastooh_crawl_export_every_item_once(mirror, tmp_path, redis_url):
    site_dir, base_url, expected = mirror
    entries = load_site_dir(site_dir).entries
    ids = f"ids={entries[0].news_id}-{entries[-1].news_id}"

    def worker(name: str) -> subprocess.Popen[bytes]:
        command = crawl_command(
            "mehrnews", "-a", f"base_url={base_url}", "-a", ids,
            "-O", str(tmp_path / f"{name}.jsonl"),
            "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}",
            "-s", f"NEWSCRAWL_REDIS_URL={redis_url}",
        )  # fmt: skip
        return subprocess.Popen(
            command, cwd=PROJECT, env=crawl_env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    workers = [worker("w0"), worker("w1")]
    assert [worker.wait(timeout=240) for worker in workers] == [0, 0]
    records = [r for i in range(2) for r in read_jsonl(tmp_path / f"w{i}.jsonl")]
    assert sorted(r["news_id"] for r in records) == sorted(expected), "every item, once"
    assert_same_records(without_crawl_time(records), expected)
