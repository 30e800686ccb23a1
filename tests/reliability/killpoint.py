"""Run a Scrapy command that SIGKILLs itself at a chosen moment of publishing its run.

``python -m tests.reliability.killpoint MOMENT crawl SPIDER …`` runs ``scrapy crawl`` as usual,
but the process kills itself (``SIGKILL``: no handler, no cleanup, as the OOM killer or a power
cut would) right after the step ``MOMENT`` names has happened:

- ``staged``: the feed's ``.part`` is complete and fsynced, nothing is committed;
- ``journal``: the commit's journal is written (a shared crawl's worker: with ``committed`` false);
- ``applied``: the seen-store and the state are saved, the feed is not renamed yet;
- ``published``: the feed is renamed into place, the journal is not removed yet;
- ``redis-commit``: a shared crawl's worker committed its claims in Redis, its journal still says
  ``committed`` false;
- ``journal-committed``: that journal rewritten with ``committed`` true, nothing published yet.

The product code is not changed: the named functions are wrapped in this process only, so the
kill lands exactly between two steps, every time, instead of whenever a watcher happens to look.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

from scrapy.cmdline import execute

from newscrawl.distributed import crawl as shared_crawl
from newscrawl.distributed import ledger as shared_ledger
from newscrawl.runs import ledger

if TYPE_CHECKING:
    from pathlib import Path

MOMENTS = ("staged", "journal", "applied", "published", "redis-commit", "journal-committed")


def die() -> None:
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def kill_after(owner: Any, name: str, when: Any = None) -> None:
    """Wrap ``owner.name`` so that the process dies once a call returns (and ``when`` holds)."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if when is None or when(*args, **kwargs):
            die()
        return result

    setattr(owner, name, wrapper)


def journal_write(committed: bool | None) -> Any:
    """A ``write_json`` condition: the journal is written (with ``committed`` as given)."""

    def when(path: Path, payload: dict[str, Any]) -> bool:
        return path.name.endswith(".journal.json") and payload.get("committed") is committed

    return when


def arm(moment: str) -> None:
    if moment == "staged":
        kill_after(ledger.RunLedger, "stage")
    elif moment == "journal":
        kill_after(ledger, "write_json", journal_write(None))
        kill_after(shared_ledger, "write_json", journal_write(False))
    elif moment == "applied":
        kill_after(ledger.RunLedger, "apply")
    elif moment == "published":
        kill_after(ledger.RunLedger, "_publish", lambda *args: True)
    elif moment == "redis-commit":
        kill_after(shared_crawl.SharedCrawl, "commit")
    elif moment == "journal-committed":
        kill_after(shared_ledger, "write_json", journal_write(True))
    else:
        raise SystemExit(f"unknown moment {moment!r}; one of {', '.join(MOMENTS)}")


def main() -> None:
    moment, *command = sys.argv[1:]
    arm(moment)
    execute(["scrapy", *command])


if __name__ == "__main__":
    main()
