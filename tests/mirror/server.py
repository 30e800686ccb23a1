"""Serve a site directory on 127.0.0.1, by hand or from Python, with or without faults.

By hand (from the project root)::

    python -m tests.mirror.server --dir data/mirror/asrpress [--port 8080] [--faults transient]

prints ``serving http://HOST:PORT`` (flushed) once it listens, so a parent process can read the
port. A rebuild of the directory (``python -m tests.mirror.build`` into it) is picked up within a
second (``site directory rebuilt: reloaded N articles``); SIGHUP reloads at once (``reloaded N
articles``); SIGINT/SIGTERM stop it. ``--faults PROFILE`` and the other fault options
(:mod:`tests.mirror.faults`) make it misbehave, deterministically: this module gives the fault
handler to the HTTP server (:mod:`tests.mirror.http_server`), which knows nothing of faults.

From Python, :func:`serve_site_dir` runs it in a subprocess (so it never competes with a crawler
for the GIL) and stops it on exit::

    with serve_site_dir(site_dir) as base_url:      # "http://127.0.0.1:PORT"
        urllib.request.urlopen(base_url + "/fa/rss/allnews")

:class:`MirrorProcess` adds ``reload()``; :func:`serve_in_thread` is the in-process variant.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from tests.mirror import faults
from tests.mirror.build import DEFAULT_OUT
from tests.mirror.http_server import MirrorServer, check_loopback, serve_in_thread

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from types import FrameType, TracebackType

__all__ = ["MirrorProcess", "main", "serve", "serve_in_thread", "serve_site_dir"]

START_TIMEOUT = 60.0
WATCH_INTERVAL = 1.0
"""Seconds between two looks at the site directory for a finished rebuild."""


def serve(
    site_dir: Path, host: str = "127.0.0.1", port: int = 0, plan: faults.FaultPlan | None = None
) -> None:
    """Serve until SIGINT/SIGTERM; reload on SIGHUP and after a rebuild. Prints the ready line."""
    handlers = [faults.FaultInjector(plan)] if plan is not None else []
    with MirrorServer(site_dir, host, port, handlers=handlers) as server:
        for handler in handlers:
            handler.check(server.app)
        signals: list[int] = []

        def note(signum: int, frame: FrameType | None) -> None:
            signals.append(signum)

        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, note)
        suffix = f" with {faults.describe(plan)}" if plan is not None else ""
        _announce(f"serving {server.base_url}{suffix}")
        last_look = time.monotonic()
        while not {signal.SIGINT, signal.SIGTERM} & set(signals):
            time.sleep(0.1)
            if signal.SIGHUP in signals:
                signals.remove(signal.SIGHUP)
                _reload(server.reload, "reloaded {} articles")
            elif time.monotonic() - last_look >= WATCH_INTERVAL:
                last_look = time.monotonic()
                _reload(server.reload_if_rebuilt, "site directory rebuilt: reloaded {} articles")


def _reload(how: Callable[[], int | None], done: str) -> None:
    """Reload; say so, or why not (the old pages are served meanwhile)."""
    try:
        count = how()
    except (OSError, ValueError) as error:  # e.g. a build started again while this one read
        _announce(f"reload failed, still serving the old pages: {error}")
        return
    if count is not None:
        _announce(done.format(count))


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
        """Extra arguments of the command line, e.g. ``["--faults", "transient"]``."""
        self.base_url = ""
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str] = queue.Queue()

    def start(self) -> str:
        """Start the server and wait until it listens; return its base URL."""
        command = [sys.executable, "-m", "tests.mirror.server", "--dir", str(self.site_dir)]
        command += ["--host", self.host, "--port", str(self.port), *self.fault_args]
        self._proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_child_env())
        reader = threading.Thread(
            target=self._read_lines, args=(self._proc.stdout,), name="mirror-stdout", daemon=True
        )
        reader.start()
        line = self._next_line(START_TIMEOUT)
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
        deadline = time.monotonic() + timeout
        while True:  # skipping what the server said in between (a rebuild it noticed itself)
            line = self._next_line(deadline - time.monotonic())
            if line.startswith("reloaded "):
                return int(line.split()[1])
            if not line or line.startswith("reload failed"):
                raise RuntimeError(f"mirror server did not reload: {line or 'it stopped'}")

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

    def _read_lines(self, stdout: IO[str]) -> None:
        """Pass the child's output on, line by line; an empty line when it ends."""
        with stdout:
            for line in stdout:
                self._lines.put(line.strip())
        self._lines.put("")

    def _next_line(self, timeout: float) -> str:
        try:
            return self._lines.get(timeout=max(timeout, 0))
        except queue.Empty:
            raise TimeoutError("mirror server did not answer in time") from None

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


def _child_env() -> dict[str, str]:
    """The environment with this interpreter's import path, so the child finds ``tests.mirror``."""
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
        print(
            f"{args.dir} is not a site directory (build one: python -m tests.mirror.build)",
            file=sys.stderr,
        )
        return 2
    try:
        check_loopback(args.host)
        plan = faults.plan_from_args(args)
        serve(args.dir, args.host, args.port, plan)
    except (ValueError, argparse.ArgumentTypeError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.mirror.server``."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.mirror.server",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
