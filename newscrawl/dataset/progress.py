"""Progress bars (tqdm) for the dataset commands: on stderr, and only when it is worth showing.

A bar appears only when stderr is a terminal (never in logs, pipes or cron mail) and the input is
at least :data:`LARGE_INPUT_BYTES`; otherwise the bar is created disabled, so callers never branch.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

LARGE_INPUT_BYTES = 16 * 2**20
"""Bytes on disk (compressed, for ``.gz``) below which a command ends too soon to need a bar."""


def input_size(paths: Sequence[Path]) -> int:
    """Total bytes of ``paths`` on disk."""
    return sum(path.stat().st_size for path in paths)


def bytes_bar(paths: Sequence[Path], desc: str) -> tqdm[Any]:
    """A bar over the bytes of ``paths`` on disk, advanced by ``records.iter_lines``."""
    total = input_size(paths)
    return tqdm(
        total=total,
        desc=desc,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        file=sys.stderr,
        disable=total < LARGE_INPUT_BYTES or not sys.stderr.isatty(),
    )


def records_bar(total: int, desc: str, *, enabled: bool) -> tqdm[Any]:
    """A bar over ``total`` records (e.g. the records a merge writes)."""
    return tqdm(total=total, desc=desc, unit=" records", file=sys.stderr, disable=not enabled)
