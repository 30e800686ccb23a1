"""Run ``scrapy crawl`` workers of a shared crawl in subprocesses and read what they published."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from typing import TYPE_CHECKING

from tests.crawling import PROJECT, crawl_command, crawl_env, read_jsonl

if TYPE_CHECKING:
    from pathlib import Path

LEASE = 3  # seconds: a killed worker is noticed quickly, a live one renews every second
TIMEOUT = 240


def start_worker(
    tmp: Path,
    name: str,
    base_url: str,
    ids: str | None,
    redis_url: str,
    kill_at: str | None = None,
) -> subprocess.Popen[bytes]:
    """``scrapy crawl asrpress`` as one worker: feed ``<name>.jsonl``, log ``<name>.log``.

    Workers started with the same ``tmp`` run on one machine: they share ``tmp/state`` (journals,
    the failures file). ``kill_at``: SIGKILLed at that moment of publishing (``killpoint``).
    """
    command = crawl_command(
        "asrpress",
        "-a", f"base_url={base_url}",
        *(("-a", f"ids={ids}") if ids else ()),
        "-O", str(tmp / f"{name}.jsonl"),
        "-s", f"NEWSCRAWL_SUMMARY={tmp / f'{name}.summary.json'}",
        "-s", f"NEWSCRAWL_STATE_DIR={tmp / 'state'}",
        "-s", f"NEWSCRAWL_REDIS_URL={redis_url}",
        "-s", f"NEWSCRAWL_REDIS_LEASE={LEASE}",
        "-s", "CONCURRENT_REQUESTS=16",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        kill_at=kill_at,
    )  # fmt: skip
    with (tmp / f"{name}.log").open("w") as log:
        return subprocess.Popen(command, cwd=PROJECT, env=crawl_env(), stdout=log, stderr=log)


def finish(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        assert worker.wait(timeout=TIMEOUT) == 0


def published_ids(tmp: Path) -> list[int]:
    """News ids of every feed published in ``tmp`` (``.part`` files are not published)."""
    return [record["news_id"] for path in tmp.glob("*.jsonl") for record in read_jsonl(path)]


def final_stats(log: str) -> dict[str, int]:
    """The ``newscrawl/distributed/…`` counters of a worker's closing stats dump."""
    return {k: int(v) for k, v in re.findall(r"'newscrawl/distributed/([\w/]+)': (\d+)", log)}


def assert_exactly_once(got: list[int], expected: list[int]) -> None:
    twice = sorted(news_id for news_id, count in Counter(got).items() if count > 1)
    assert not twice, f"{len(twice)} articles exported by more than one worker, e.g. {twice[:10]}"
    missing = sorted(set(expected) - set(got))
    assert not missing, f"{len(missing)} articles exported by no worker, e.g. {missing[:10]}"
    assert sorted(got) == sorted(expected)
