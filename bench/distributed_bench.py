"""Articles per second with 1, 2 and 4 workers sharing one crawl through Redis, on this machine.

Usage::

    .venv/bin/python bench/distributed_bench.py             # 3,000 articles; 1, 2, 4 workers
    .venv/bin/python bench/distributed_bench.py --articles 1000 --workers 1 2

Builds a synthetic mirror (:mod:`tests.mirror`) and serves it on 127.0.0.1, starts its own
``redis-server`` on a free port, then for each worker count runs that many ``scrapy crawl asrpress
-a ids=… -s NEWSCRAWL_REDIS_URL=…`` processes at once, exactly as on many machines, and prints:

- ``steady``: articles/s while all workers crawl, from the crawl's totals in Redis
  (``item_scraped_count`` of ``newscrawl:asrpress:stats``, sampled every 0.25 s) between 10 % and
  90 % of the articles;
- ``wall``: articles / seconds from the first start to the last exit (start-up, seeding, the last
  worker's drain check included);
- ``CPU ms/art``: the workers' own CPU time (user + system) per article, which other load on the
  machine does not change much: what the shared queue costs per article;
- a check that the published feeds hold every article exactly once.

A line for one process without Redis (the usual ``scrapy crawl``) gives the baseline. Every worker,
the mirror server and Redis share this machine's CPUs, so the figures measure how the workers share
them, not how the crawl scales across machines (see README, "Running on many machines"). Other load
on the machine slows a run down, never speeds it up: ``--repeat 3`` prints the fastest of three.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: tests.mirror

from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir

PROJECT = Path(__file__).resolve().parents[1]
CRAWL_SETTINGS = (  # a local server needs no politeness (see the README for the live site)
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS=16",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "NEWSCRAWL_PROGRESS_INTERVAL=0",
    "LOG_LEVEL=WARNING",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found: `make system-deps` installs it")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
               "no", "--dir", str(workdir)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(200):
        try:
            redis.Redis.from_url(url).ping()
            return server, url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def crawl_command(out: Path, base_url: str, ids: str, *settings: str) -> list[str]:
    command = [sys.executable, "-m", "scrapy.cmdline", "crawl", "asrpress"]
    command += ["-a", f"base_url={base_url}", "-a", f"ids={ids}", "-O", str(out)]
    for setting in (*CRAWL_SETTINGS, *settings):
        command += ["-s", setting]
    return command


@dataclass
class Run:
    """A run of workers: wall seconds, their CPU seconds, samples of the crawl's totals."""

    wall: float
    cpu: float
    samples: list[tuple[float, int]]


def run_workers(count: int, out: Path, base_url: str, ids: str, url: str | None) -> Run:
    """Run ``count`` workers (one plain process without ``url``) to the end."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(PROJECT)
    extra = (f"NEWSCRAWL_REDIS_URL={url}",) if url else (f"NEWSCRAWL_STATE_DIR={out / 'state'}",)
    client = redis.Redis.from_url(url, decode_responses=True) if url else None
    started = time.monotonic()
    running: dict[int, subprocess.Popen[bytes]] = {}
    for i in range(count):
        with (out / f"worker{i}.log").open("w") as log:
            command = crawl_command(out / f"worker{i}.jsonl", base_url, ids, *extra)
            worker = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=log)
            running[worker.pid] = worker
    samples: list[tuple[float, int]] = []
    cpu = 0.0
    while running:
        if client is not None:
            scraped = client.hget("newscrawl:asrpress:stats", "item_scraped_count")
            samples.append((time.monotonic(), int(scraped or 0)))
        for pid, worker in list(running.items()):
            done, status, usage = os.wait4(pid, os.WNOHANG)  # the worker's own CPU time
            if done:
                worker.returncode = os.waitstatus_to_exitcode(status)
                if worker.returncode:
                    raise SystemExit(f"a worker failed with exit code {worker.returncode}")
                cpu += usage.ru_utime + usage.ru_stime
                del running[pid]
        time.sleep(0.25)
    return Run(time.monotonic() - started, cpu, samples)


def steady_rate(samples: list[tuple[float, int]], total: int) -> float | None:
    """Articles/s between the samples at 10 % and 90 % of ``total``."""
    low = next(((t, n) for t, n in samples if n >= total * 0.1), None)
    high = next(((t, n) for t, n in samples if n >= total * 0.9), None)
    if low is None or high is None or high[0] <= low[0]:
        return None
    return (high[1] - low[1]) / (high[0] - low[0])


def exported_once(out: Path, expected: int) -> str:
    ids: Counter[int] = Counter()
    for path in out.glob("*.jsonl"):
        with path.open(encoding="utf-8") as lines:
            ids.update(json.loads(line)["news_id"] for line in lines)
    twice = sum(1 for count in ids.values() if count > 1)
    return "yes" if len(ids) == expected and not twice else f"NO ({len(ids)} ids, {twice} twice)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each line; the fastest is printed"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="distributed-bench-") as scratch:
        root = Path(scratch)
        build_mirror(root / "site", articles=args.articles, seed=2026)
        entries = load_site_dir(root / "site").entries
        ids = f"{entries[0].news_id}-{entries[-1].news_id}"
        redis_server, url = start_redis(root)
        try:
            with serve_site_dir(root / "site") as base_url:
                print(f"{args.articles} articles ({len(entries)} ids), {os.cpu_count()} CPUs")
                header = ("workers", "steady art/s", "wall s", "wall art/s", "CPU ms/art")
                print("{:>12} {:>13} {:>7} {:>11} {:>11}  exactly once".format(*header))
                for count in [0, *args.workers]:
                    runs = []
                    for attempt in range(args.repeat):
                        out = root / f"run{count}-{attempt}"
                        out.mkdir()
                        redis.Redis.from_url(url).flushdb()
                        run = run_workers(max(count, 1), out, base_url, ids, url if count else None)
                        runs.append((run, exported_once(out, args.articles)))
                    run, once = min(runs, key=lambda pair: pair[0].wall)
                    if any(check != "yes" for _, check in runs):
                        once = next(check for _, check in runs if check != "yes")
                    rate = steady_rate(run.samples, args.articles)
                    print(
                        "{:>12} {:>13} {:>7.1f} {:>11.0f} {:>11.1f}  {}".format(
                            f"{count} (Redis)" if count else "1, no Redis",
                            f"{rate:.0f}" if rate else "-",
                            run.wall,
                            args.articles / run.wall,
                            1000 * run.cpu / args.articles,
                            once,
                        ),
                        flush=True,
                    )
        finally:
            redis_server.terminate()
            redis_server.wait()


if __name__ == "__main__":
    main()
