"""The multi-site round of ``make bench``: 120 mirror sites on loopback, one ``newscrawl run``.

Usage::

    .venv/bin/python bench/multisite.py --work /tmp/ms      # this round alone, figures as JSON
    make bench                                              # bench/crawl_bench.py runs it too

1. **Mirrors.** One synthetic site directory per kind of page the declared sites serve: the four
   IranSamaneh layouts (``old``, ``bootstrap``, ``yjc``, ``iribnews``; ``tests.mirror.build``) and
   Nastooh (``tests.mirror.nastooh.build``), ``ARTICLES`` (80) articles each.
2. **Sites.** ``--sites`` (120) declared sites, each crawled by its own spider against the mirror of
   its layout: every IranSamaneh site, then Nastooh sites of the item layout not behind a
   challenge. Every site has its own server on 127.0.0.1, its own port, so its own host to the
   crawler (own robots.txt, own download slot, own state key); ``SERVER_PROCESSES`` (4) processes
   serve them, each a thread per site (``tests.mirror.http_server.MirrorServer``).
3. **State.** Each site's cursor sits ``NEW_IDS`` (50) ids below its mirror's newest id, and every
   article up to the cursor is in the seen-store: the steady state of a cron run, 50 new ids.
4. **Politeness as live.** No setting is changed: robots.txt, AutoThrottle (start delay 1 s,
   target concurrency 2), 4 requests per site at once, the retry policy.
5. **Rounds.** The round of one site alone (``newscrawl run KEY --base-url KEY=URL``), for the
   first site of each mirror kind, each with fresh state; then all sites in ONE
   ``newscrawl run KEY … --base-url …``. For each: wall time from start to exit and peak RSS
   (``ru_maxrss`` by ``os.wait4``, KiB: the ``*_mb`` figures are MiB, the targets are checked
   in MB) of the ``newscrawl run`` process, whose own line per site tells what it exported.

**Targets** (issue 18): peak RSS ≤ 300 MB for 120 sites and ≤ 1.5 MB per extra site, i.e.
(RSS of the 120-site round − RSS of the smallest one-site round) / 119; the 120-site round within
2× the slowest one-site round.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))  # tests.mirror

from newscrawl.runs.state import SiteState, StateDir, state_key  # noqa: E402
from newscrawl.sites import SITES  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Sequence

SEED = 7
ARTICLES = 80
NEW_IDS = 50
SERVER_PROCESSES = 4
KINDS = ("old", "bootstrap", "yjc", "iribnews", "nastooh")
MIB_IN_MB = 1024 * 1024 / 1e6


# --- mirrors and sites ---


def build_mirrors(work: Path) -> dict[str, Path]:
    """A site directory per kind under ``work`` (reused when already built)."""
    from tests.mirror.build import build_mirror
    from tests.mirror.nastooh.build import build_mirror as build_nastooh

    built = {}
    for kind in KINDS:
        site_dir = work / f"mirror-{kind}-{ARTICLES}-seed{SEED}"
        if not (site_dir / "site.json").exists():
            if kind == "nastooh":
                build_nastooh(site_dir, articles=ARTICLES, seed=SEED)
            else:
                build_mirror(site_dir, articles=ARTICLES, seed=SEED, layout=kind, workers=1)
        built[kind] = site_dir
    return built


def chosen_sites(count: int) -> list[tuple[str, str]]:
    """``count`` declared sites as ``(key, mirror kind)``: IranSamaneh first, then Nastooh."""
    iransamaneh = [(k, s.layout) for k, s in SITES.items() if s.cms.name == "iransamaneh"]
    nastooh = [
        (k, "nastooh")
        for k, s in SITES.items()
        if s.cms.name == "nastooh" and s.layout == "item" and not s.challenge and s.sequential
    ]
    chosen = [(key, str(kind)) for key, kind in (*iransamaneh, *nastooh)][:count]
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} declared sites fit a mirror; asked for {count}")
    return chosen


def newest_articles(site_dir: Path) -> tuple[list[int], int]:
    """The ids of the mirror's articles, and its newest id (article or gap)."""
    with (site_dir / "index.jsonl").open(encoding="utf-8") as lines:
        index = [json.loads(line) for line in lines]
    return [e["news_id"] for e in index if e["status"] == "ok"], index[-1]["news_id"]


def seed_state(state_dir: Path, sites: Sequence[tuple[str, str]], urls: dict[str, str],
               mirrors: dict[str, Path]) -> None:  # fmt: skip
    """Each site's cursor ``NEW_IDS`` below its mirror's newest id, the articles before it seen."""
    store = StateDir(state_dir)
    seen = store.seen_store()
    try:
        for site, kind in sites:
            parts = urlsplit(urls[site])
            assert parts.hostname is not None
            key = state_key(site, SITES[site], parts.hostname, parts.port)
            articles, newest = newest_articles(mirrors[kind])
            cursor = newest - NEW_IDS
            store.save(SiteState(key, last_id=cursor))
            seen.add_all(key, [news_id for news_id in articles if news_id <= cursor])
    finally:
        seen.close()


# --- servers ---


def serve(site_dirs: list[Path]) -> None:
    """Serve every directory on its own loopback port from this process until SIGTERM/SIGINT."""
    from tests.mirror.http_server import MirrorServer

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    with ExitStack() as stack:
        for site_dir in site_dirs:
            server = stack.enter_context(MirrorServer(site_dir))
            print(f"serving {server.base_url}", flush=True)
        stop.wait()


class Servers:
    """``SERVER_PROCESSES`` processes serving ``site_dirs``, one port each; ``urls`` in order."""

    def __init__(self, site_dirs: list[Path], processes: int = SERVER_PROCESSES) -> None:
        self.groups = [site_dirs[i::processes] for i in range(processes)]
        self.procs: list[subprocess.Popen[str]] = []
        self.urls: list[str] = []

    def __enter__(self) -> Servers:
        by_dir_order: list[list[str]] = []
        for group in self.groups:
            command = [sys.executable, __file__, "serve", *map(str, group)]
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_env())
            self.procs.append(proc)
            by_dir_order.append([_ready(proc.stdout) for _ in group])
        # interleaved back into the order of site_dirs
        count = sum(len(group) for group in self.groups)
        self.urls = [
            by_dir_order[i % len(self.groups)][i // len(self.groups)] for i in range(count)
        ]
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _ready(stdout: IO[str] | None, timeout: float = 60.0) -> str:
    assert stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    line = lines.get(timeout=timeout)
    if not line.startswith("serving "):
        raise RuntimeError(f"a mirror server did not start: {line!r}")
    return line.split()[1]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    env["PYTHONPATH"] = str(PROJECT)
    return env


# --- rounds ---


def newscrawl_run(
    work: Path, name: str, sites: Sequence[str], urls: dict[str, str]
) -> dict[str, Any]:
    """One ``newscrawl run`` of ``sites`` (state seeded in ``work/<name>/state``): its figures."""
    run_dir = work / name
    command = [
        sys.executable, "-m", "newscrawl", "run", *sites,
        *(f"--base-url={site}={urls[site]}" for site in sites),
        "--state-dir", str(run_dir / "state"),
        "--data-dir", str(run_dir / "data"),
        "--log-dir", str(run_dir / "logs"),
    ]  # fmt: skip
    load = round(os.getloadavg()[0], 2)
    figures = measured(command, run_dir)
    lines = (run_dir / "stdout.txt").read_text(encoding="utf-8").splitlines()
    ok = [line for line in lines if ": ok: " in line]
    exported = sum(int(line.split(": ok: ", 1)[1].split()[0]) for line in ok)
    if figures["returncode"] != 0 or len(ok) != len(sites):
        raise RuntimeError(f"newscrawl run {name} failed; see {run_dir}")
    return {"sites": len(sites), **figures, "exported": exported, "load_1min": load}


def measured(command: list[str], run_dir: Path) -> dict[str, float]:
    """Run ``command`` (output to ``run_dir``) through a small launcher; its figures.

    Linux hands a child the peak RSS of the process it was forked from (``ru_maxrss`` is kept
    across ``exec``): started from this process, which may hold a big mirror index or the
    extraction pages, every crawler would report at least this process's peak. The launcher is
    a fresh, small interpreter; the crawler it forks reports its own peak.
    """
    figures = run_dir / "figures.json"
    launcher = [sys.executable, __file__, "measure", str(figures), "--", *command]
    with (run_dir / "stdout.txt").open("w") as out, (run_dir / "stderr.txt").open("w") as err:
        subprocess.run(launcher, cwd=PROJECT, env=_env(), stdout=out, stderr=err, check=True)
    result: dict[str, float] = json.loads(figures.read_text(encoding="utf-8"))
    return result


def measure(figures: Path, command: list[str]) -> None:
    """(The launcher) run ``command``; write its exit status, wall and CPU time, peak RSS."""
    started = time.monotonic()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    result = {
        "returncode": os.waitstatus_to_exitcode(status),
        "wall_s": time.monotonic() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
    }
    figures.write_text(json.dumps(result), encoding="utf-8")


def multisite_round(work: Path, count: int = 120) -> dict[str, Any]:
    """Singles (one per mirror kind), then all ``count`` sites in one process: the figures."""
    mirrors = build_mirrors(work)
    sites = chosen_sites(count)
    with Servers([mirrors[kind] for _, kind in sites]) as servers:
        urls = {site: url for (site, _), url in zip(sites, servers.urls, strict=True)}
        singles = {}
        for kind in dict.fromkeys(kind for _, kind in sites):
            site = next(key for key, of in sites if of == kind)
            name = f"single-{site}"
            _fresh(work / name)
            seed_state(work / name / "state", [(site, kind)], urls, mirrors)
            print(f"one site alone: {site} ({kind}) ...", flush=True)
            singles[site] = newscrawl_run(work, name, [site], urls) | {"kind": kind}
            print(f"  {_line(singles[site])}", flush=True)
        name = f"all-{count}"
        _fresh(work / name)
        seed_state(work / name / "state", sites, urls, mirrors)
        print(f"{count} sites in one newscrawl run ...", flush=True)
        together = newscrawl_run(work, name, [site for site, _ in sites], urls)
        print(f"  {_line(together)}", flush=True)
    slowest = max(singles.values(), key=lambda figures: figures["wall_s"])
    smallest = min(figures["peak_rss_mb"] for figures in singles.values())
    per_site = (together["peak_rss_mb"] - smallest) * MIB_IN_MB / (count - 1)
    return {
        "multisite_sites": count,
        "multisite_wall_s": together["wall_s"],
        "multisite_slowest_single_s": slowest["wall_s"],
        "multisite_peak_rss_mb": together["peak_rss_mb"],
        "multisite": {
            "together": together,
            "singles": singles,
            "new_ids_per_site": NEW_IDS,
            "mirror_articles": ARTICLES,
            "server_processes": SERVER_PROCESSES,
            "rss_per_extra_site_mb_decimal": per_site,
            "wall_vs_slowest_single": together["wall_s"] / slowest["wall_s"],
        },
    }


def _fresh(directory: Path) -> None:
    """An empty ``directory``: a reused ``--work`` must not carry an earlier round's state."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)


def multisite_floors(details: dict[str, Any]) -> dict[str, tuple[float, str, float]]:
    """The round's targets as ``name: (figure, op, target)``, from its ``details``."""
    return {
        "multisite_peak_rss_mb_decimal": (
            details["together"]["peak_rss_mb"] * MIB_IN_MB,
            "<=",
            300.0,
        ),
        "multisite_rss_per_extra_site_mb": (details["rss_per_extra_site_mb_decimal"], "<=", 1.5),
        "multisite_wall_vs_slowest_single": (details["wall_vs_slowest_single"], "<=", 2.0),
    }


def _line(figures: dict[str, Any]) -> str:
    return (
        f"{figures['sites']} sites, {figures['exported']} articles in {figures['wall_s']:.1f} s,"
        f" CPU {figures['cpu_s']:.1f} s, peak RSS {figures['peak_rss_mb']:.0f} MiB"
        f" (load {figures['load_1min']})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    serving = sub.add_parser("serve", help="(internal) serve site directories, one port each")
    serving.add_argument("dirs", nargs="+", type=Path)
    launching = sub.add_parser("measure", help="(internal) run a command, write its figures")
    launching.add_argument("figures", type=Path)
    launching.add_argument("launched", nargs=argparse.REMAINDER)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newscrawl-multisite"))
    parser.add_argument("--sites", type=int, default=120)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.dirs)
        return 0
    if args.command == "measure":
        measure(args.figures, args.launched[1:] if args.launched[:1] == ["--"] else args.launched)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(multisite_round(args.work, args.sites), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
