"""``newscrawl validate FILE…``: check every record against the committed JSON Schema.

Each problem is printed as ``FILE:LINE: FIELD: message`` (``FIELD`` is a JSON path such as
``images[0].url``; a missing or unexpected key is named in the message), then one summary line per
file. ``jsonschema`` needs ~0.2 ms per record, so large inputs are checked in chunks by one worker
process per CPU, a bounded number of chunks in flight (memory stays flat).
"""

from __future__ import annotations

import os
import sys
from array import array
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from newscrawl.dataset.progress import bytes_bar, input_size
from newscrawl.dataset.records import RecordError, expand_inputs, iter_lines, parse_record
from newscrawl.dataset.schema import validator

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from jsonschema.exceptions import ValidationError
    from tqdm import tqdm

MAX_PROBLEMS = 20
"""Problems printed per file by default; the rest are only counted."""

CHUNK_LINES = 1000
"""Lines a worker checks per task."""

PARALLEL_BYTES = 8 * 2**20
"""Inputs at least this large (on disk) are checked by worker processes; smaller ones in-process."""


@dataclass(frozen=True)
class Problem:
    """Why one line is invalid."""

    line: int
    field: str
    """JSON path of the offending value, e.g. ``published_at`` or ``images[0].url``; ``""`` for
    the record itself (a missing or unexpected key, or a line that is not a JSON object)."""
    message: str

    def describe(self, path: Path) -> str:
        where = f"{path}:{self.line}: "
        return where + (f"{self.field}: {self.message}" if self.field else self.message)


@dataclass(frozen=True)
class Chunk:
    """Consecutive lines of one file: their numbers, and the lines joined, each ending in LF.

    Two flat objects cross to a worker process as two copies. A list of a thousand
    ``(number, line)`` tuples made the pool's feeder thread allocate a thousand small objects per
    chunk, and the main process's memory crept up by ~3 MB per 100,000 records (measured).
    """

    numbers: array[int]
    lines: bytes

    @classmethod
    def pack(cls, pairs: list[tuple[int, bytes]]) -> Chunk:
        lines = (line if line.endswith(b"\n") else line + b"\n" for _, line in pairs)
        return cls(array("q", (number for number, _ in pairs)), b"".join(lines))

    def unpack(self) -> Iterator[tuple[int, bytes]]:
        return zip(self.numbers, self.lines.split(b"\n"), strict=False)  # split leaves a last b""


@dataclass(frozen=True)
class ChunkResult:
    """The outcome of checking consecutive lines: how many records, and their problems in order."""

    records: int
    problems: list[Problem]


def line_problems(path: Path, number: int, line: bytes) -> list[Problem]:
    """The problems of one line (none when its record is valid)."""
    try:
        record = parse_record(path, number, line)
    except RecordError as exc:
        return [Problem(number, "", exc.message)]
    errors = sorted(validator().iter_errors(record), key=lambda error: error.json_path)
    return [Problem(number, _field(error), error.message) for error in errors]


def check_chunk(path: Path, chunk: Chunk) -> ChunkResult:
    """Check the lines of ``chunk``, read from ``path`` (runs in a worker process)."""
    problems = [p for number, line in chunk.unpack() for p in line_problems(path, number, line)]
    return ChunkResult(len(chunk.numbers), problems)


def check_file(
    path: Path, pool: Executor | None, in_flight: int, bar: tqdm[object]
) -> Iterator[ChunkResult]:
    """The results for ``path`` chunk by chunk, in file order, checked on ``pool`` if there is one.

    At most ``in_flight`` chunks are submitted and not yet collected, so reading never runs ahead
    of the workers by more than that.
    """
    lines = iter_lines(path, bar)
    chunks = map(Chunk.pack, iter(lambda: list(islice(lines, CHUNK_LINES)), []))
    if pool is None:
        yield from (check_chunk(path, chunk) for chunk in chunks)
        return
    pending: deque[Future[ChunkResult]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(check_chunk, path, chunk))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _field(error: ValidationError) -> str:
    return error.json_path.removeprefix("$").removeprefix(".")


def validate_file(
    path: Path, results: Iterable[ChunkResult], max_problems: int, bar: tqdm[object]
) -> bool:
    """Print the problems in ``results`` (at most ``max_problems``), a summary; True if valid."""
    records = invalid = printed = 0
    for result in results:
        records += result.records
        invalid += len({problem.line for problem in result.problems})  # a line is in one chunk
        for problem in result.problems[: max_problems - printed]:
            bar.write(problem.describe(path), file=sys.stdout)
            printed += 1
    print(f"{path}: {records:,} records, {f'{invalid:,} invalid' if invalid else 'all valid'}")
    return not invalid


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL or JSONL.gz; globs work")
    parser.add_argument(
        "--max-problems",
        type=int,
        default=MAX_PROBLEMS,
        help="problems printed per file (default %(default)s); all are counted",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=0,
        help="worker processes (default: one per CPU for inputs over 8 MiB, else none)",
    )


def run(args: argparse.Namespace) -> int:
    """Validate ``args.files``: 0 all valid, 1 an invalid record, 2 a missing file."""
    try:
        paths = expand_inputs(args.files)
    except FileNotFoundError as exc:
        print(f"newscrawl validate: {exc}", file=sys.stderr)
        return 2
    jobs = args.jobs or (os.cpu_count() or 1)
    if not args.jobs and input_size(paths) < PARALLEL_BYTES:
        jobs = 1  # starting workers would take longer than checking
    validator()  # built once here, inherited by forked workers
    with (
        ProcessPoolExecutor(jobs) if jobs > 1 else nullcontext() as pool,
        bytes_bar(paths, "validate") as bar,
    ):
        in_flight = 4 * jobs  # enough queued to keep every worker busy
        valid = [
            validate_file(path, check_file(path, pool, in_flight, bar), args.max_problems, bar)
            for path in paths
        ]
    return 0 if all(valid) else 1
