"""``newscrawl`` command line: the one registry of subcommands; each lives in its own module.

A subcommand module provides ``add_arguments(parser)`` and ``run(args) -> int``; :data:`COMMANDS`
names it with its one-line help. Modules are imported only when their command runs or help is
printed. An error ends a command with one line on stderr (``newscrawl CMD: …``) and a non-zero
exit status; ``--debug`` shows the traceback instead.
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


class CommandError(Exception):
    """A command cannot do what it was asked (bad input, a missing file).

    Its message is the one line the user sees; the exit status is :attr:`status`: 2 for bad
    usage, and what a subclass says otherwise.
    """

    status = 2


COMMANDS: dict[str, tuple[str, str]] = {
    "run": (
        "newscrawl.ops.cron",
        "unattended crawls for cron, many sites in one process: locks, log, summaries, exit status",
    ),
    "canary": (
        "newscrawl.ops.canary",
        "layout-change alarm: per-field coverage of the newest articles against a baseline",
    ),
    "extract": (
        "newscrawl.ops.extract",
        "one page (a saved file or a URL) read into its record, printed as JSON",
    ),
    "sites": ("newscrawl.ops.sites", "the table of declared sites and of the sites left out"),
    "validate": ("newscrawl.dataset.validate", "check JSONL files against the record schema"),
    "merge": (
        "newscrawl.dataset.merge",
        "merge run files into one dataset, one record per article, sorted by (site, news_id)",
    ),
    "stats": ("newscrawl.dataset.stats", "counts, date range, coverage and id gaps of a dataset"),
    "report": ("newscrawl.dataset.report", "a self-contained HTML report with charts"),
    "schema": ("newscrawl.dataset.schema", "print the JSON Schema of an exported record"),
}
"""Subcommand name → (module, one-line help), in the order ``--help`` lists them."""


def _load(module: str) -> Command:
    return cast("Command", importlib.import_module(module))


def build_parser(commands: Sequence[str] = tuple(COMMANDS)) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
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
    except Exception as error:
        if args.debug:
            raise
        status = error.status if isinstance(error, CommandError) else 1
        detail = str(error) if isinstance(error, CommandError) else f"{error!r}"
        print(f"newscrawl {args.command}: {detail}", file=sys.stderr)
        return status
