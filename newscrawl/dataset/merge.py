"""``newscrawl merge OUT IN…``: run files into one dataset, one record per article, sorted.

An external merge sort (docs/dataset.md), so memory is bounded by the run size. Of each article's
records the last in ``(site, news_id, crawled_at)`` order is kept: the latest ``crawled_at`` (ISO
UTC strings sort by time), and on equal ``crawled_at`` the copy read last (both sorts are stable:
the later file in argument order, or the later line in one file). Records are copied byte for byte,
only the line ending becomes LF.

A record whose ``url`` names a local host (a loopback address, ``0.0.0.0`` or ``localhost``) comes
from the demo, the test mirror or a test server, never from a news site: it stops the merge
(:class:`LocalRecordError`) unless ``allow_local`` (``--allow-local``) is given.
"""

from __future__ import annotations

import heapq
import ipaddress
import pickle
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newscrawl.dataset.progress import bytes_bar, records_bar
from newscrawl.dataset.records import (
    RecordError,
    expand_inputs,
    iter_lines,
    open_output,
    parse_record,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator, Sequence

    from tqdm import tqdm

Entry = tuple[str, int, str, bytes]
"""A record as sorted: ``(site, news_id, crawled_at or "", the line)``."""

DEFAULT_RUN_BYTES = 64 * 2**20
"""Memory a run's buffer may fill before it is sorted and spilled (line bytes plus overhead)."""

ENTRY_OVERHEAD = 250  # bytes of Python objects around each line: the tuple, site, id, crawled_at
MAX_OPEN_RUNS = 128  # runs merged at once: stays far below the usual limit of 1024 open files
PICKLE_BATCH = 1024  # entries per pickle in a run file: one per entry would cost a call each

sort_key = itemgetter(0, 1, 2)
article_key = itemgetter(0, 1)


class LocalRecordError(RecordError):
    """A record fetched from a local host: demo, mirror or test data, not a news site's."""


@lru_cache(maxsize=1024)
def is_local_host(host: str) -> bool:
    """Whether ``host`` (as ``urlsplit`` gives it: lowercase, no brackets) is this machine.

    >>> [is_local_host(h) for h in ("127.0.0.1", "::1", "localhost", "demo.localhost")]
    [True, True, True, True]
    >>> [is_local_host(h) for h in ("0.0.0.0", "::ffff:127.0.0.2", "asrpress.ir", "10.0.0.1")]
    [True, True, False, False]
    """
    host = host.rstrip(".")  # "localhost." is localhost
    if host == "localhost" or host.endswith(".localhost"):  # RFC 6761: always loopback
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def local_host(url: object) -> str | None:
    """The host of ``url`` when it is local (:func:`is_local_host`), else None."""
    if not isinstance(url, str):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unbalanced "[" in the netloc: not ours to judge here
        return None
    return host if host and is_local_host(host) else None


@dataclass
class MergeResult:
    """What a merge did."""

    inputs: int
    records: int
    articles: int
    runs: int
    """Sorted runs spilled to disk (1 when everything fit in one buffer)."""

    @property
    def duplicates(self) -> int:
        """Records collapsed into another record of the same article."""
        return self.records - self.articles


def merge_files(
    inputs: Sequence[Path],
    output: Path,
    *,
    run_bytes: int = DEFAULT_RUN_BYTES,
    tmp_dir: Path | None = None,
    allow_local: bool = False,
) -> MergeResult:
    """Merge the records of ``inputs`` into ``output`` (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="newscrawl-merge-", dir=tmp_dir) as scratch:
        with bytes_bar(inputs, "merge: read") as bar:
            entries = read_entries(inputs, bar, allow_local=allow_local)
            runs, records = spill_runs(entries, run_bytes, Path(scratch))
            show = not bar.disable
        paths = reduce_runs(runs, Path(scratch))
        articles = 0
        with open_output(output) as out, records_bar(records, "merge: write", enabled=show) as bar:
            for entry in latest_per_article(merge_runs(paths), bar):
                out.write(entry[3])
                articles += 1
    return MergeResult(len(inputs), records, articles, len(runs))


def read_entries(
    paths: Iterable[Path], bar: tqdm[object] | None = None, *, allow_local: bool = False
) -> Iterator[Entry]:
    """Every record of ``paths`` as an :data:`Entry`.

    ``RecordError`` when one lacks its key; ``LocalRecordError`` when its ``url`` names a local
    host, unless ``allow_local``.
    """
    for path in paths:
        for number, line in iter_lines(path, bar):
            record = parse_record(path, number, line)
            site, news_id, crawled_at = (record.get(k) for k in ("site", "news_id", "crawled_at"))
            if not isinstance(site, str) or type(news_id) is not int:
                raise RecordError(path, number, "needs a string site and an integer news_id")
            if not allow_local and (host := local_host(record.get("url"))):
                raise LocalRecordError(
                    path,
                    number,
                    f"url host {host} is local: a demo, mirror or test record, not a news"
                    " site's (--allow-local merges it)",
                )
            # a record without crawled_at (e.g. a golden file) loses to any crawled copy
            crawled = crawled_at if isinstance(crawled_at, str) else ""
            yield site, news_id, crawled, line.rstrip(b"\r\n") + b"\n"


def spill_runs(entries: Iterable[Entry], run_bytes: int, scratch: Path) -> tuple[list[Path], int]:
    """Sort ``entries`` in buffers of about ``run_bytes``, each written to a run file.

    Returns the run files and the number of entries. An empty input still makes one (empty) run.
    """
    paths: list[Path] = []
    buffer: list[Entry] = []
    records = size = 0
    for entry in entries:
        buffer.append(entry)
        size += len(entry[3]) + ENTRY_OVERHEAD
        if size >= run_bytes:
            paths.append(write_run(sorted(buffer, key=sort_key), scratch / f"run-{len(paths):05}"))
            records += len(buffer)
            buffer, size = [], 0
    if buffer or not paths:
        paths.append(write_run(sorted(buffer, key=sort_key), scratch / f"run-{len(paths):05}"))
        records += len(buffer)
    return paths, records


def write_run(entries: Iterable[Entry], path: Path) -> Path:
    """Write ``entries``, in sort order, to ``path``."""
    iterator = iter(entries)
    with path.open("wb") as run:
        while batch := list(islice(iterator, PICKLE_BATCH)):
            pickle.dump(batch, run, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def read_run(path: Path) -> Iterator[Entry]:
    """The entries of a run file, in order."""
    with path.open("rb") as run:
        while True:
            try:
                batch: list[Entry] = pickle.load(run)  # our own temporary file: trusted
            except EOFError:
                return
            yield from batch


def merge_runs(paths: Sequence[Path]) -> Iterator[Entry]:
    """The entries of all runs in sort order; equal keys keep the order of ``paths``."""
    return heapq.merge(*(read_run(path) for path in paths), key=sort_key)


def reduce_runs(paths: list[Path], scratch: Path) -> list[Path]:
    """Merge consecutive groups of runs until at most :data:`MAX_OPEN_RUNS` are left."""
    generation = 0
    while len(paths) > MAX_OPEN_RUNS:
        generation += 1
        groups = [paths[i : i + MAX_OPEN_RUNS] for i in range(0, len(paths), MAX_OPEN_RUNS)]
        paths = [
            write_run(merge_runs(group), scratch / f"pass-{generation}-{index:05}")
            for index, group in enumerate(groups)
        ]
    return paths


def latest_per_article(
    entries: Iterable[Entry], bar: tqdm[object] | None = None
) -> Iterator[Entry]:
    """The last entry of each run of equal ``(site, news_id)`` in sorted ``entries``."""
    for _, group in groupby(entries, key=article_key):
        *earlier, last = group
        if bar is not None:
            bar.update(len(earlier) + 1)
        yield last


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output", metavar="OUT", help="the dataset to write (.gz: gzip)")
    parser.add_argument(
        "inputs", nargs="+", metavar="IN", help="run files, JSONL or JSONL.gz; globs work"
    )
    parser.add_argument(
        "--run-mb",
        type=float,
        default=DEFAULT_RUN_BYTES / 2**20,
        help="memory for each sorted run, in MiB (default %(default)s)",
    )
    parser.add_argument(
        "--tmp-dir", type=Path, help="where runs are spilled (default: system temp)"
    )
    parser.add_argument(
        "--allow-local",
        action="store_true",
        help="merge records whose url names a local host (127.0.0.1, localhost: demo and test"
        " output), refused by default",
    )


def run(args: argparse.Namespace) -> int:
    """Merge; 0 on success, 1 on an unreadable record, 2 on a missing input or a local record."""
    try:
        inputs = expand_inputs(args.inputs)
        result = merge_files(
            inputs,
            Path(args.output),
            run_bytes=int(args.run_mb * 2**20),
            tmp_dir=args.tmp_dir,
            allow_local=args.allow_local,
        )
    except (FileNotFoundError, RecordError) as exc:
        print(f"newscrawl merge: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, FileNotFoundError | LocalRecordError) else 1
    print(
        f"{args.output}: {result.articles:,} articles from {result.records:,} records in "
        f"{result.inputs:,} files ({result.duplicates:,} duplicates collapsed, "
        f"{result.runs:,} sorted runs)"
    )
    return 0
