"""Streaming access to JSON Lines datasets: plain ``.jsonl`` or gzip ``.jsonl.gz``.

One record is one JSON object on one line, UTF-8. A path ending in ``.gz`` is gzip, whatever its
other suffixes. Files are read and written one line at a time, as bytes, so memory never grows with
the file. Blank lines are skipped; line numbers still count them, so they match an editor's.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from tqdm import tqdm

Record = dict[str, Any]
"""One exported article as decoded from its line (see :class:`newscrawl.items.Article`)."""

SIDE_FILE_SUFFIXES = (".rejects.jsonl", ".failures.jsonl")
"""Files the crawler writes beside each feed that hold no articles: rejects and failed fetches."""

GZIP_LEVEL = 6  # zlib's own default: within a few % of level 9's size, several times faster
# lines between progress updates: a tell() per line would cost more than it shows
PROGRESS_EVERY = 4096


class RecordError(ValueError):
    """A line that is not a JSON object, or lacks what a command needs; names file and line."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def expand_inputs(patterns: Iterable[str]) -> list[Path]:
    """Paths named by ``patterns``, in order; each pattern is a glob (``**`` recursive).

    A glob's matches are sorted; files a glob matches whose name ends in ``.rejects.jsonl`` or
    ``.failures.jsonl`` (or ``….gz``) are skipped, since they hold no articles (name one
    without a glob to read it). Raises ``FileNotFoundError`` for a path that does not exist or a
    glob that matches nothing.
    """
    paths: list[Path] = []
    for pattern in patterns:
        if not glob.has_magic(pattern):
            if not Path(pattern).is_file():
                raise FileNotFoundError(f"no such file: {pattern}")
            paths.append(Path(pattern))
            continue
        matches = [
            Path(match)
            for match in sorted(glob.glob(pattern, recursive=True))
            if Path(match).is_file() and not match.removesuffix(".gz").endswith(SIDE_FILE_SUFFIXES)
        ]
        if not matches:
            raise FileNotFoundError(f"no file matches {pattern}")
        paths.extend(matches)
    return paths


def iter_lines(path: Path, bar: tqdm[Any] | None = None) -> Iterator[tuple[int, bytes]]:
    """``(line number, line)`` for every non-blank line of ``path``, line ending included.

    ``bar`` advances by the bytes read from disk (compressed bytes for a ``.gz``).
    """
    with path.open("rb") as raw, _decompressed(path, raw) as stream:
        reported = 0
        for number, line in enumerate(stream, 1):
            if bar is not None and number % PROGRESS_EVERY == 0:
                reported = _advance(bar, raw, reported)
            if not line.isspace():
                yield number, line
        if bar is not None:
            _advance(bar, raw, reported)


def parse_record(path: Path, number: int, line: bytes) -> Record:
    """The JSON object on ``line``; ``RecordError`` when it is not valid JSON or not an object."""
    try:
        record = json.loads(line)
    except ValueError as exc:  # JSONDecodeError, and UnicodeDecodeError for bytes not UTF-8
        raise RecordError(path, number, f"not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise RecordError(path, number, f"not a JSON object but {type(record).__name__}")
    return record


def iter_records(
    paths: Iterable[Path], bar: tqdm[Any] | None = None
) -> Iterator[tuple[Path, int, Record]]:
    """``(path, line number, record)`` for every record of every file, in order."""
    for path in paths:
        for number, line in iter_lines(path, bar):
            yield path, number, parse_record(path, number, line)


@contextmanager
def open_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream for ``path`` (gzip when it ends in ``.gz``), published only on success.

    Bytes go to ``<path>.part``, renamed to ``path`` when the block ends without an error (so a
    reader never sees half a dataset, and ``path`` may also be one of the inputs); on an error the
    part file is removed and ``path`` is left as it was.
    """
    part = path.with_name(path.name + ".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with part.open("wb") as raw, _compressed(path, raw) as stream:
            yield stream
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(path)


def _decompressed(path: Path, raw: IO[bytes]) -> gzip.GzipFile | nullcontext[IO[bytes]]:
    return gzip.GzipFile(fileobj=raw, mode="rb") if path.suffix == ".gz" else nullcontext(raw)


def _compressed(path: Path, raw: IO[bytes]) -> IO[bytes] | nullcontext[IO[bytes]]:
    if path.suffix != ".gz":
        return nullcontext(raw)
    # mtime=0: the same records give the same bytes. The buffer batches the many small line writes
    # that GzipFile (Python 3.11) would otherwise hand to zlib one by one.
    gz = gzip.GzipFile(
        filename=path.name, fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0
    )
    return io.BufferedWriter(gz, buffer_size=1 << 20)  # closing it closes gz, ending the member


def _advance(bar: tqdm[Any], raw: IO[bytes], reported: int) -> int:
    position = raw.tell()
    bar.update(position - reported)
    return position
