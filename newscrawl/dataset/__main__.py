"""``python -m newscrawl.dataset COMMAND …``: the dataset commands, without the main CLI."""

from __future__ import annotations

import argparse
import sys

from newscrawl.dataset import COMMANDS


def build_parser() -> argparse.ArgumentParser:
    """A parser with one subcommand per entry of ``COMMANDS``."""
    parser = argparse.ArgumentParser(prog="python -m newscrawl.dataset")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (add_arguments, run, help_text) in COMMANDS.items():
        command = subparsers.add_parser(name, help=help_text, description=help_text)
        add_arguments(command)
        command.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
