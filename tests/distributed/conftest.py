"""A real redis-server for the distributed tests: started once per session on a free loopback port.

Tests that need Redis fail (never skip) when ``redis-server`` is missing: ``make system-deps``
installs it (Debian package ``redis-server``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from typing import TYPE_CHECKING

import pytest
import redis

if TYPE_CHECKING:
    from collections.abc import Iterator

START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_redis(binary: str, workdir: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``redis-server`` on a free port (retrying if another process takes it first)."""
    for _ in range(3):
        port = free_port()
        command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", workdir]  # fmt: skip
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}"
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and server.poll() is None:
            try:
                client.ping()
                return server, url
            except redis.ConnectionError:
                time.sleep(0.05)
        server.kill()
        server.wait()
    pytest.fail("redis-server did not start on a free port in three attempts")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[str]:
    """``redis://127.0.0.1:PORT`` of a redis-server running for the whole test session."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            "redis-server is not installed; `make system-deps` installs it (apt: redis-server)"
        )
    server, url = start_redis(binary, str(tmp_path_factory.mktemp("redis")))
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server) -> str:
    """An empty database of the session's redis-server."""
    url = f"{redis_server}/0"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    """The workers a test starts; any still running when it ends (it failed) are killed."""
    workers: list[subprocess.Popen[bytes]] = []
    yield workers
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
