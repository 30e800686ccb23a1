"""Run the real ``scrapy crawl`` in a subprocess, as users do, and read what it published."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newscrawl.cms.iransamaneh.urls import article_id
from newscrawl.runs.state import state_key
from newscrawl.sites import SITES
from newscrawl.text import dates

if TYPE_CHECKING:
    from collections.abc import Iterable

PROJECT = Path(__file__).resolve().parents[1]
FAST = (  # a local server needs no politeness; the live defaults stay in settings.py
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=32",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=32",
    "-s",
    "NEWSCRAWL_PROGRESS_INTERVAL=0",
)


@dataclass
class Crawl:
    """A finished crawl: its exit status, log, run summary and published records."""

    returncode: int
    log: str
    summary: dict[str, Any]
    records: list[dict[str, Any]]


def crawl_command(spider: str, *args: str, kill_at: str | None = None) -> list[str]:
    """``scrapy crawl``; with ``kill_at``, SIGKILLed at that moment of publishing (killpoint)."""
    launcher = ["tests.reliability.killpoint", kill_at] if kill_at else ["scrapy.cmdline"]
    return [sys.executable, "-m", *launcher, "crawl", spider, *FAST, *args]


def crawl_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(PROJECT)
    return env


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def run_crawl(
    tmp: Path,
    spider: str,
    *args: str,
    name: str = "out",
    timeout: float = 240,
    kill_at: str | None = None,
) -> Crawl:
    """``scrapy crawl`` into ``tmp/<name>.jsonl``, state in ``tmp/state``; waits for it."""
    out = tmp / f"{name}.jsonl"
    summary = tmp / f"{name}.summary.json"
    command = crawl_command(
        spider,
        "-O",
        str(out),
        "-s",
        f"NEWSCRAWL_STATE_DIR={tmp / 'state'}",
        "-s",
        f"NEWSCRAWL_SUMMARY={summary}",
        *args,
        kill_at=kill_at,
    )
    done = subprocess.run(
        command,
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Crawl(
        returncode=done.returncode,
        log=done.stderr,
        summary=json.loads(summary.read_text(encoding="utf-8")) if summary.exists() else {},
        records=read_jsonl(out) if out.exists() else [],
    )


Records = dict[int, dict[str, Any]]
"""Records by news id."""


def assert_same_records(got: Records, expected: Records) -> None:
    """The same ids, and every expected field of each record equal; names what differs."""
    assert sorted(got) == sorted(expected)
    wrong = {
        (news_id, field)
        for news_id, record in expected.items()
        for field, value in record.items()
        if got[news_id].get(field) != value
    }
    assert not wrong, f"{len(wrong)} fields differ, e.g. {sorted(wrong)[:10]}"


def without_crawl_time(records: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Records by news id, ``crawled_at`` removed (it is the only field that changes per run)."""
    return {r["news_id"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in records}


def whole_archive_args(records: Iterable[dict[str, Any]]) -> list[str]:
    """``-a since/until`` (Gregorian) spanning the publication days of ``records``."""
    days = [dates.parse_iso_datetime(record["published_at"]).date() for record in records]
    first, last = min(days), max(days)
    return [
        "-a", f"since={first.isoformat()}",
        "-a", f"until={last.isoformat()}",
        "-a", "calendar=gregorian",
    ]  # fmt: skip


def linked_ids(html: str) -> list[int]:
    """Ids of a page's article links, first occurrence order, read with a regex (not the spider)."""
    ids = (article_id(href) for href in re.findall(r'href="([^"]+)"', html))
    return list(dict.fromkeys(news_id for news_id in ids if news_id is not None))


def mirror_state_key(site: str, base_url: str) -> str:
    """The key of ``site``'s cross-run state when crawled at ``base_url`` (a mirror's host)."""
    parts = urlsplit(base_url)
    assert parts.hostname is not None
    return state_key(site, SITES.get(site), parts.hostname, parts.port)
