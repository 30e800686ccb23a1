"""``newscrawl`` command line: a thin dispatcher; each subcommand lives in its own module.

A subcommand module provides ``add_arguments(parser)`` and ``run(args) -> int``; register it in
:data:`COMMANDS`. Modules are imported only when their command runs or help is printed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from collections.abc import Sequence


class Command(Protocol):
    """What a subcommand module provides."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: dict[str, tuple[str, str]] = {
    "canary": (
        "newscrawl.ops.canary",
        "layout-change alarm: per-field coverage of the newest articles against a baseline",
    ),
    "merge": (
        "newscrawl.dataset.merge",
        "merge run files into one dataset, one record per article, sorted by (site, news_id)",
    ),
    "mirror": ("tests.mirror.build", "build a synthetic Asr Press site directory (test data)"),
    "report": ("newscrawl.dataset.report", "a self-contained HTML report with charts"),
    "run": (
        "newscrawl.ops.cron",
        "one unattended crawl for cron: lock, log file, summary, exit status",
    ),
    "schema": ("newscrawl.dataset.schema", "print the JSON Schema of an exported record"),
    "serve-mirror": ("tests.mirror.server", "serve a mirror site directory on 127.0.0.1"),
    "stats": ("newscrawl.dataset.stats", "counts, date range, coverage and id gaps of a dataset"),
    "validate": ("newscrawl.dataset.validate", "check JSONL files against the record schema"),
}
"""Subcommand name → (module, one-line help)."""


def _load(module: str) -> Command:
    return cast("Command", importlib.import_module(module))


def build_parser(commands: Sequence[str] = tuple(COMMANDS)) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in commands:
        module, summary = COMMANDS[name]
        command_parser = sub.add_parser(name, help=summary, description=summary)
        _load(module).add_arguments(command_parser)
        command_parser.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; return its exit status.

    Arguments after a ``--`` are not parsed: they reach the command as ``args.extra`` (the ``run``
    command passes them on to ``scrapy crawl``).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = build_parser().parse_args(argv[:split])
    args.extra = argv[split + 1 :]
    try:
        return _load(args.module).run(args)
    except BrokenPipeError:  # `newscrawl stats … | head`: the reader left; that is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
