"""Pruning: ``newscrawl run`` removes its logs and run summaries once they are old.

Age is read from the UTC stamp that starts a file's name (``20261128T141542Z``), never from its
modification time; a file is old when its stamp is more than ``--keep-days`` (setting
``NEWSCRAWL_KEEP_DAYS``, default 30) days before the run's start. 0 keeps everything.

- Logs: ``<log dir>/<stamp>.log`` (and ``<stamp>-N.log``), the logs of ``newscrawl run``, whichever
  sites they crawled; and ``<log dir>/<site>/<stamp>.log``, as earlier versions named them, for the
  sites of the run.
- Side files, in the folder of each site of the run (``<data dir>/<key>/``):
  ``<stamp>.summary.json``, ``<stamp>.rejects.jsonl`` and ``<stamp>.failures.jsonl``. The newest
  summary is always kept: the site's health is carried forward from it.
- Never: feeds, day files, state, or any file whose name does not start with a stamp (such as the
  ``data/logs/cron.log`` a crontab appends to).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from newscrawl.runs.health import summaries

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_KEEP_DAYS = 30
STAMP = "%Y%m%dT%H%M%SZ"
LOG = re.compile(r"^(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?\.log$")
SIDE_FILE = re.compile(
    r"^(?P<stamp>\d{8}T\d{6}Z)\.(?:summary\.json|rejects\.jsonl|failures\.jsonl)$"
)


def cutoff(started: datetime, keep_days: int) -> datetime | None:
    """Files stamped before this are old; None when ``keep_days`` is 0 (keep everything)."""
    return started - timedelta(days=keep_days) if keep_days > 0 else None


def _old(path: Path, pattern: re.Pattern[str], before: datetime) -> bool:
    match = pattern.match(path.name)
    if match is None or not path.is_file():
        return False
    stamped = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
    return stamped < before


def prune_logs(log_dir: Path, sites: Iterable[str], before: datetime) -> list[Path]:
    """Remove the run logs stamped before ``before``; the paths removed."""
    folders = [log_dir, *(log_dir / site for site in sites)]
    old = [
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if _old(path, LOG, before)
    ]
    return _remove(old)


def prune_side_files(folder: Path, before: datetime) -> list[Path]:
    """Remove the side files stamped before ``before``, but the newest summary; those removed."""
    if not folder.is_dir():
        return []
    stamped = [path for path in summaries(folder) if SIDE_FILE.match(path.name)]
    old = [p for p in folder.iterdir() if p not in stamped[:1] and _old(p, SIDE_FILE, before)]
    return _remove(old)


def _remove(paths: list[Path]) -> list[Path]:
    for path in sorted(paths):
        path.unlink(missing_ok=True)
    if paths:
        logger.info("Pruned %d old files, e.g. %s", len(paths), min(paths))
    return sorted(paths)
