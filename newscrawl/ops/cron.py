"""``newscrawl run SITE …`` / ``newscrawl run --all``: unattended crawls, safe to call from cron.

The incremental crawl of every named site runs concurrently in this one process, one Scrapy
crawler per site (``ops.crawls``), each with its own politeness, state, lock, feed, side files
and summary; one site failing never stops or spoils the others. In order:

1. **Checked before anything is written** (``ops.run_plan``): site keys against the declared
   sites (``--all``: every declared site not behind a challenge), ``--base-url KEY=URL``, the
   arguments after ``--`` (``-a NAME=VALUE``, ``-s NAME=VALUE``, ``-L LEVEL``) and the spider
   arguments of every site. A fault is one line on stderr and exit status 2; no file is created.
2. **Locks**: ``flock`` on ``<state dir>/<key>.lock`` for each site, ``key`` being its state key
   (the site key on the live site). A site whose lock another run holds is skipped and reported.
3. **Crawls**: feed ``<data dir>/<key>/<stamp>.jsonl``, summary ``<stamp>.summary.json`` (with the
   site's ``health``) and rejects and failures beside them; one log ``<log dir>/<stamp>.log``.
4. As each site's crawl ends, still under its lock: its earlier run feeds are compacted into day
   files (``ops.compact``; ``--no-compact`` to keep them), its old side files pruned
   (``ops.prune``), and its lock released. Old run logs are pruned at the end.
5. **Report**: one line per site on stdout (``<site>: ok: …``, ``FAILED``, ``skipped``); on
   stderr, a line per failed site (and per quiet-site warning) and a last line when any failed.
   Exit status 0 when every site crawled succeeded (skipped ones do not count), 1 when any failed
   (the others still published), 75 (EX_TEMPFAIL) when every site was locked, 2 for bad usage.
"""

from __future__ import annotations

import fcntl
import json
import resource
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newscrawl.ops import prune
from newscrawl.ops.cli import CommandError
from newscrawl.ops.compact import CompactionError, compact
from newscrawl.ops.crawls import crawl_sites
from newscrawl.ops.run_plan import plan_sites, run_settings
from newscrawl.runs.health import PublishedTally, QuietRule
from newscrawl.runs.summary import add_health, unstarted_summary, write_summary

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import Settings

    from newscrawl.ops.crawls import SitePlan

EX_TEMPFAIL = 75
STAMP = "%Y%m%dT%H%M%SZ"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sites", nargs="*", metavar="SITE", help="site keys, e.g. asrpress tabnak")
    parser.add_argument(
        "--all", action="store_true", help="every declared site (but those behind a challenge)"
    )
    parser.add_argument(
        "--base-url",
        action="append",
        default=[],
        metavar="KEY=URL",
        help="crawl this host for site KEY instead of the live site (a mirror); repeatable",
    )
    parser.add_argument("--state-dir", help="NEWSCRAWL_STATE_DIR (default data/state)")
    parser.add_argument("--log-dir", default="data/logs", help="one log file per run goes here")
    parser.add_argument("--data-dir", default="data", help="feeds go to DATA_DIR/KEY/")
    parser.add_argument(
        "--keep-days",
        type=int,
        metavar="N",
        help="prune logs and run summaries older than N days (NEWSCRAWL_KEEP_DAYS, 30; 0: never)",
    )
    parser.add_argument(
        "--no-compact", action="store_true", help="keep the run feeds; no day files"
    )
    parser.epilog = (
        "Arguments after -- go to every crawl: -a NAME=VALUE (spider arguments), -s NAME=VALUE"
        " (settings), -L LEVEL. Exit status: 0 all ok, 1 a site failed, 75 every site locked,"
        " 2 bad usage."
    )


def run(args: argparse.Namespace) -> int:
    started = datetime.now(UTC)
    plans, crawl = plan_sites(args, started.strftime(STAMP))
    settings = run_settings(crawl, args.state_dir)
    keep_days = args.keep_days
    if keep_days is None:
        keep_days = settings.getint("NEWSCRAWL_KEEP_DAYS", 30)
    if keep_days < 0:
        raise CommandError("--keep-days must be 0 (keep everything) or more")
    job = Run(
        plans,
        settings,
        state_dir=Path(settings["NEWSCRAWL_STATE_DIR"]),
        log_dir=Path(args.log_dir),
        started=started,
        keep_days=keep_days,
        compact=not args.no_compact,
    )
    return job.execute()


@dataclass
class SiteResult:
    """How one site of the run went: ``ok``, ``failed`` or ``skipped``, and its report line."""

    status: str
    line: str
    alarm: str | None = None
    """What goes to stderr besides: why it failed, or its quiet warning."""


class Run:
    """Steps 2 to 5 for the checked plans (see the module docstring)."""

    def __init__(
        self,
        plans: list[SitePlan],
        settings: Settings,
        *,
        state_dir: Path,
        log_dir: Path,
        started: datetime,
        keep_days: int,
        compact: bool,
    ) -> None:
        self.plans = plans
        self.settings = settings
        self.state_dir = state_dir
        self.log_dir = log_dir
        self.started = started
        self.keep_days = keep_days
        self.compact = compact
        self.locks: dict[str, IO[str]] = {}
        self.results: dict[str, SiteResult] = {}
        self.log: Path | None = None

    def execute(self) -> int:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        for plan in self.plans:
            self._lock(plan)
        held = unused_stamp([plan for plan in self.plans if plan.site in self.locks])
        if held:
            _raise_open_files_limit(len(held))
            self.log = new_log(self.log_dir, held[0].stamp)
            try:
                crawl_sites(self.settings, held, self.log, self.finished)
            finally:
                for plan in held:  # a site whose crawl never ended (an interrupted run)
                    self._unlock(plan)
                    line = f"{plan.site}: FAILED: the crawl did not end; see {self.log}"
                    self.results.setdefault(plan.site, SiteResult("failed", line))
            self._prune_logs()
        return self.report()

    def _lock(self, plan: SitePlan) -> None:
        path = self.state_dir / f"{plan.key}.lock"
        handle = path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            line = (
                f"{plan.site}: skipped: another run of {plan.key} is in progress (lock {path} held)"
            )
            self.results[plan.site] = SiteResult("skipped", line)
            return
        self.locks[plan.site] = handle

    def _unlock(self, plan: SitePlan) -> None:
        handle = self.locks.pop(plan.site, None)
        if handle is not None:
            handle.close()  # closing the file releases the flock

    def finished(self, plan: SitePlan, error: BaseException | None) -> None:
        """A site's crawl ended: its verdict, then its housekeeping; then its lock goes."""
        try:
            summary = self._summary(plan, error)
            problems = list(summary.get("problems") or []) if not summary.get("ok") else []
            problems += self._housekeeping(plan)
            quiet = (summary.get("health") or {}).get("quiet")
            alarm = f"failed: {'; '.join(problems)}" if problems else quiet and f"warning: {quiet}"
            self.results[plan.site] = SiteResult(
                "failed" if problems else "ok", report_line(plan, summary, problems), alarm
            )
        except Exception as problem:
            why = f"finishing the run failed: {problem!r}"
            line = f"{plan.site}: FAILED: {why}; see {self.log}"
            self.results[plan.site] = SiteResult("failed", line, f"failed: {why}")
            raise
        finally:
            self._unlock(plan)

    def _summary(self, plan: SitePlan, error: BaseException | None) -> dict[str, Any]:
        """The site's run summary; written here when the crawl wrote none (it could not start)."""
        if plan.summary.exists():
            summary: dict[str, Any] = json.loads(plan.summary.read_text(encoding="utf-8"))
            if error is not None:
                summary["ok"] = False
                summary.setdefault("problems", []).append(f"the crawl raised {error!r}")
            return summary
        problem = f"the crawl could not start: {error}" if error else "the crawl wrote no summary"
        summary = unstarted_summary(plan.site, plan.stamp, problem)
        rule = QuietRule.from_settings(self.settings)
        add_health(summary, plan.summary, plan.key, PublishedTally(), rule, datetime.now(UTC))
        write_summary(plan.summary, summary)
        return summary

    def _housekeeping(self, plan: SitePlan) -> list[str]:
        """Compaction and pruning of the site's folder; the problems met."""
        problems = []
        journal = self.state_dir / f"{plan.key}.journal.json"
        if self.compact and journal.exists():
            problems.append(f"not compacted: {journal} holds a commit to finish first")
        elif self.compact:
            try:
                compact(plan.folder, running={plan.stamp})
            except (CompactionError, OSError, ValueError) as error:
                problems.append(f"compaction failed, run feeds left in place: {error}")
        before = prune.cutoff(self.started, self.keep_days)
        if before is not None:
            prune.prune_side_files(plan.folder, before)
        return problems

    def _prune_logs(self) -> None:
        before = prune.cutoff(self.started, self.keep_days)
        if before is not None:
            prune.prune_logs(self.log_dir, [plan.site for plan in self.plans], before)

    def report(self) -> int:
        """One line per site on stdout; failures and warnings on stderr too; the exit status."""
        for plan in sorted(self.plans, key=lambda plan: plan.site):
            print(self.results[plan.site].line)
        for plan in sorted(self.plans, key=lambda plan: plan.site):
            if self.results[plan.site].alarm:
                print(
                    f"newscrawl run: {plan.site} {self.results[plan.site].alarm}", file=sys.stderr
                )
        failed = sorted(s for s, r in self.results.items() if r.status == "failed")
        skipped = [s for s, r in self.results.items() if r.status == "skipped"]
        see = f"; log {self.log}" if self.log else ""
        if len(skipped) == len(self.plans):
            print(
                "newscrawl run: every site is locked by another run; none started", file=sys.stderr
            )
            return EX_TEMPFAIL
        if failed:
            crawled = len(self.plans) - len(skipped)
            names = ", ".join(failed)
            print(
                f"newscrawl run: {len(failed)} of {crawled} sites failed ({names}){see}",
                file=sys.stderr,
            )
            return 1
        return 0


def report_line(plan: SitePlan, summary: dict[str, Any], problems: list[str]) -> str:
    """``<site>: ok: …`` or ``<site>: FAILED: …``, with the health and the summary's path."""
    health = summary.get("health") or {}
    counts = (
        f"{summary.get('exported', 0)} exported, {summary.get('pages_fetched', 0)} pages fetched"
    )
    last = health.get("last_article")
    seen = f"; last article {last}, {health.get('articles_24h', 0)} in 24 h" if last else ""
    quiet = f"; WARNING: {health['quiet']}" if health.get("quiet") else ""
    verdict = f"FAILED: {'; '.join(problems)}; " if problems else "ok: "
    return f"{plan.site}: {verdict}{counts}{seen}{quiet}; summary {plan.summary}"


def unused_stamp(plans: list[SitePlan]) -> list[SitePlan]:
    """``plans``, their stamp moved to a later second if an earlier run of a site used it.

    Two runs of a site started in the same second would share a feed's name: the second's would
    replace the first's. Called under the sites' locks, so no other run takes the new one.
    """
    while any(next(plan.folder.glob(f"{plan.stamp}.*"), None) for plan in plans):
        time.sleep(1 - datetime.now(UTC).microsecond / 1e6)
        stamp = datetime.now(UTC).strftime(STAMP)
        plans = [replace(plan, stamp=stamp) for plan in plans]
    return plans


def new_log(log_dir: Path, stamp: str) -> Path:
    """A new log file ``<log dir>/<stamp>.log`` (``<stamp>-2.log`` … if a run took that name)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    for number in range(1, 1000):
        path = log_dir / (f"{stamp}.log" if number == 1 else f"{stamp}-{number}.log")
        try:
            path.open("x").close()
        except FileExistsError:
            continue
        return path
    raise CommandError(f"{log_dir}: a thousand runs started at {stamp}?")


def _raise_open_files_limit(sites: int) -> None:
    """Each crawler holds a dozen files (connections, the seen-store, feed, lock): make room."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 256 + 16 * sites
    if soft != resource.RLIM_INFINITY and soft < wanted:
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
