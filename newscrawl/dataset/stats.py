"""``newscrawl stats FILE``: a dataset's stats as text (``stats_text``), or ``--json``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from newscrawl.dataset.records import RecordError, expand_inputs
from newscrawl.dataset.stats_text import format_stats
from newscrawl.dataset.tally import compute_stats, stats_json

if TYPE_CHECKING:
    import argparse

    from newscrawl.dataset.tally import DatasetStats


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL or JSONL.gz; globs work")
    parser.add_argument("--json", action="store_true", help="emit the stats as JSON")


def stats_of_files(files: list[str], command: str) -> DatasetStats | int:
    """The stats of ``files`` (paths or globs), or the exit code after saying why on stderr.

    2 when a file is missing, 1 on an unreadable record; ``command`` names the caller.
    """
    try:
        return compute_stats(expand_inputs(files))
    except FileNotFoundError as exc:
        print(f"newscrawl {command}: {exc}", file=sys.stderr)
        return 2
    except RecordError as exc:
        print(f"newscrawl {command}: {exc} (see `newscrawl validate`)", file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    """Print the stats of ``args.files``; 1 on an unreadable record, 2 on a missing file."""
    stats = stats_of_files(args.files, "stats")
    if isinstance(stats, int):
        return stats
    print(stats_json(stats) if args.json else format_stats(stats))
    return 0
