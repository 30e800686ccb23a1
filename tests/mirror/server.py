"""``newscrawl serve-mirror``: serve a site directory on 127.0.0.1, from the shell or from Python.

The command prints ``serving http://HOST:PORT`` (flushed) once it listens, so a parent process can
read the port; on SIGHUP it reloads the site directory (a rebuild added articles; same port) and
prints ``reloaded N articles``; SIGINT/SIGTERM stop it. ``--faults PROFILE`` (and the other fault
options, :mod:`tests.mirror.faults`) make it misbehave, deterministically.

From Python, :func:`serve_site_dir` runs it in a subprocess (so it never competes with a crawler
for the GIL) and stops it on exit::

    with serve_site_dir(site_dir) as base_url:      # "http://127.0.0.1:PORT"
        urllib.request.urlopen(base_url + "/fa/rss/allnews")

:class:`MirrorProcess` adds ``reload()``; :func:`serve_in_thread` is the in-process variant.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import selectors
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tests.mirror import faults
from tests.mirror.build import DEFAULT_OUT
from tests.mirror.protocol import MirrorServer, check_loopback

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from types import TracebackType

START_TIMEOUT = 60.0


async def serve(
    site_dir: Path, host: str = "127.0.0.1", port: int = 0, plan: faults.FaultPlan | None = None
) -> None:
    """Serve until SIGINT/SIGTERM; SIGHUP reloads. Prints the ready line."""
    injector = faults.FaultInjector(plan) if plan is not None else None
    server = MirrorServer(site_dir, host, port, faults=injector)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(
        signal.SIGHUP, lambda: _announce(f"reloaded {server.reload()} articles")
    )
    _announce(f"serving {server.base_url}" + (f" with {faults.describe(plan)}" if plan else ""))
    await stop.wait()
    await server.close()


def _announce(line: str) -> None:
    print(line, flush=True)


class MirrorProcess:
    """``python -m tests.mirror.server`` as a child process; use it as a context manager."""

    def __init__(
        self,
        site_dir: Path,
        port: int = 0,
        host: str = "127.0.0.1",
        fault_args: Sequence[str] = (),
    ) -> None:
        self.site_dir = site_dir
        self.port = port
        self.host = host
        self.fault_args = list(fault_args)
        """Extra ``serve-mirror`` arguments, e.g. ``["--faults", "transient"]``."""
        self.base_url = ""
        self._proc: subprocess.Popen[str] | None = None

    def start(self) -> str:
        """Start the server and wait until it listens; return its base URL."""
        command = [sys.executable, "-m", "tests.mirror.server", "--dir", str(self.site_dir)]
        command += ["--host", self.host, "--port", str(self.port), *self.fault_args]
        self._proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_child_env())
        line = self._read_line(START_TIMEOUT)
        if not line.startswith("serving "):
            self.stop()
            raise RuntimeError(f"mirror server did not start: {line!r}")
        self.base_url = line.split()[1]
        self.port = int(self.base_url.rsplit(":", 1)[1])
        return self.base_url

    def reload(self, timeout: float = START_TIMEOUT) -> int:
        """Make the server re-read its site directory; return the article count it now serves."""
        assert self._proc is not None
        self._proc.send_signal(signal.SIGHUP)
        line = self._read_line(timeout)
        if not line.startswith("reloaded "):
            raise RuntimeError(f"mirror server did not reload: {line!r}")
        return int(line.split()[1])

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def _read_line(self, timeout: float) -> str:
        assert self._proc is not None
        assert self._proc.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._proc.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                raise TimeoutError("mirror server did not answer in time")
        return self._proc.stdout.readline().strip()

    def __enter__(self) -> MirrorProcess:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def serve_site_dir(site_dir: Path, port: int = 0, fault_args: Sequence[str] = ()) -> Iterator[str]:
    """Serve ``site_dir`` from a subprocess for the ``with`` block; yield its base URL."""
    with MirrorProcess(site_dir, port, fault_args=fault_args) as process:
        yield process.base_url


@contextlib.contextmanager
def serve_in_thread(site_dir: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site_dir`` from a thread of this process (shares the GIL); yield its base URL."""
    loop = asyncio.new_event_loop()
    server = MirrorServer(site_dir, port=port)
    loop.run_until_complete(server.start())
    thread = threading.Thread(target=loop.run_forever, name="mirror-server", daemon=True)
    thread.start()
    try:
        yield server.base_url
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.run_until_complete(server.close())
        loop.close()


def _child_env() -> dict[str, str]:
    """The environment with this interpreter's import path, so the child finds ``newscrawl``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=Path, default=DEFAULT_OUT, help="site directory to serve")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="port (0: any free port)")
    faults.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if not (args.dir / "site.json").exists():
        print(f"{args.dir} is not a site directory (run `newscrawl mirror` first)", file=sys.stderr)
        return 2
    try:
        check_loopback(args.host)
        plan = faults.plan_from_args(args)
    except (ValueError, argparse.ArgumentTypeError) as error:
        print(error, file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.dir, args.host, args.port, plan))
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.mirror.server``: the same as ``newscrawl serve-mirror``."""
    parser = argparse.ArgumentParser(prog="newscrawl serve-mirror", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
