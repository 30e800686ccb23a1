"""Measure the mirror server: article pages per second over keep-alive connections.

``.venv/bin/python bench/mirror_bench.py [--dir DIR] [--seconds 5] [--connections 32]`` starts the
mirror server (``serve_site_dir``: ``python -m tests.mirror.server`` in a subprocess), building a
2,000-article mirror in a temporary directory when no ``--dir`` is given, and drives it with an
asyncio client (one HTTP/1.1 keep-alive connection per task, random article URLs, each response
read in full), then prints the rate. On the same machine the client shares the CPUs with the
server, as a crawler would, so the figure is a floor. ``make bench``'s crawl needs a few hundred
requests per second (about 2 per article at 150-180 articles/s, 32 connections).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: tests.mirror

from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir


async def _client(host: str, port: int, paths: list[str], deadline: float, seed: int) -> int:
    """Fetch random ``paths`` on one connection until ``deadline``; return the request count."""
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    done = 0
    try:
        while time.perf_counter() < deadline:
            path = paths[int(rng.random() * len(paths))]
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            body = await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200") or not body:
                raise RuntimeError(f"unexpected answer for {path}: {head[:40]!r}")
            done += 1
    finally:
        writer.close()
        await writer.wait_closed()
    return done


async def _drive(base_url: str, paths: list[str], seconds: float, connections: int) -> float:
    parts = urlsplit(base_url)
    assert parts.hostname is not None
    assert parts.port is not None
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    counts = await asyncio.gather(
        *(_client(parts.hostname, parts.port, paths, deadline, n) for n in range(connections))
    )
    return sum(counts) / (time.perf_counter() - started)


def measure(site_dir: Path, seconds: float = 5.0, connections: int = 32) -> float:
    """Article pages per second the server at ``site_dir`` delivers to this client."""
    entries = load_site_dir(site_dir).entries
    paths = [safe_url_string(f"/fa/news/{e.news_id}/{e.slug}") for e in entries if e.status == "ok"]
    with serve_site_dir(site_dir) as base_url:
        return asyncio.run(_drive(base_url, paths, seconds, connections))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--dir", type=Path, help="site directory (default: build a temporary one)")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure")
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        site_dir = args.dir
        if site_dir is None:
            site_dir = Path(scratch) / "asrpress"
            build_mirror(site_dir, articles=2000, seed=1)
        rate = measure(site_dir, args.seconds, args.connections)
    print(f"{rate:.0f} article pages/s ({args.connections} keep-alive connections)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
