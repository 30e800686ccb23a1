"""``newscrawl run SITE``: one unattended crawl, safe to call from cron every few minutes.

- Refuses to start while another run of the same site holds its lock (``flock`` on
  ``<state dir>/<site>.lock``): exit status 75 (EX_TEMPFAIL) and a message on stderr.
- Runs ``scrapy crawl SITE`` (extra arguments are passed on) with its log in
  ``<log dir>/<site>/<stamp>.log`` and its run summary in ``data/<site>/<stamp>.summary.json``.
- Exits 0 when the summary says the run was ok; 1 when it failed (site unreachable, nothing
  fetched, spider errors, crawl not finished) or wrote no summary; the reasons go to stderr.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.runs.state import DEFAULT_STATE_DIR

if TYPE_CHECKING:
    import argparse

EX_TEMPFAIL = 75


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site", help="site key, e.g. asrpress")
    parser.add_argument("--state-dir", default=DEFAULT_STATE_DIR, help="NEWSCRAWL_STATE_DIR")
    parser.add_argument("--log-dir", default="data/logs", help="one log file per run goes here")
    parser.add_argument("--data-dir", default="data", help="feeds go to DATA_DIR/SITE/")
    parser.epilog = "Arguments after -- go to scrapy crawl, e.g. -- -a base_url=http://host"


def run(args: argparse.Namespace) -> int:
    state_dir = Path(args.state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    with (state_dir / f"{args.site}.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"newscrawl run: another run of {args.site} is in progress "
                f"(lock {state_dir / args.site}.lock held); not starting",
                file=sys.stderr,
            )
            return EX_TEMPFAIL
        return _crawl(args, state_dir)


def _crawl(args: argparse.Namespace, state_dir: Path) -> int:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log = Path(args.log_dir) / args.site / f"{stamp}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    summary = Path(args.data_dir) / args.site / f"{stamp}.summary.json"
    extra = list(getattr(args, "extra", []))
    command = [
        sys.executable,
        "-m",
        "scrapy.cmdline",
        "crawl",
        args.site,
        "-s",
        f"LOG_FILE={log}",
        "-s",
        f"NEWSCRAWL_STATE_DIR={state_dir}",
        "-s",
        f"NEWSCRAWL_SUMMARY={summary}",
        "-o",
        f"{args.data_dir}/{args.site}/{stamp}.jsonl",
        *extra,
    ]
    status = subprocess.run(command, check=False).returncode
    return _verdict(status, summary, log)


def _verdict(status: int, summary: Path, log: Path) -> int:
    if not summary.exists():
        print(f"newscrawl run: crawl wrote no summary (exit {status}); see {log}", file=sys.stderr)
        return 1
    report = json.loads(summary.read_text(encoding="utf-8"))
    if status != 0 or not report.get("ok"):
        problems = "; ".join(report.get("problems") or [f"scrapy exited {status}"])
        print(f"newscrawl run: crawl failed: {problems}; see {log}", file=sys.stderr)
        return 1
    print(
        f"newscrawl run: {report['exported']} exported, {report['pages_fetched']} pages fetched;"
        f" summary {summary}"
    )
    return 0
