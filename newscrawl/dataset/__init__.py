"""Tools for the people who use the crawl output: validate, merge, stats, report, schema.

:data:`COMMANDS` lists them as ``newscrawl`` subcommands; ``python -m newscrawl.dataset`` runs them
without the main CLI. Every command streams its input, so memory does not grow with the dataset.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from newscrawl.dataset import merge, report, schema, stats, validate

Command = tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]
"""``(add_arguments, run, help)``: fill a subparser, run the parsed command (exit status), help."""

COMMANDS: dict[str, Command] = {
    "validate": (
        validate.add_arguments,
        validate.run,
        "check JSONL files against the record schema",
    ),
    "merge": (
        merge.add_arguments,
        merge.run,
        "merge run files into one dataset, one record per article, sorted by (site, news_id)",
    ),
    "stats": (stats.add_arguments, stats.run, "counts, date range, coverage and id gaps"),
    "report": (report.add_arguments, report.run, "a self-contained HTML report with charts"),
    "schema": (schema.add_arguments, schema.run, "print the JSON Schema of an exported record"),
}
"""The dataset subcommands, by name, in the order ``--help`` lists them."""
