"""Compaction: a site's finished run feeds become one file per day, ``<folder>/days/<day>.jsonl``.

``newscrawl run`` compacts the folder of every site it crawled, after that site's crawl and
while it still holds the site's lock. With 100 sites every 10 minutes, per-run feeds would be
14,000 files a day; day files are 100.

- **Which feeds**: files named ``<stamp>.jsonl`` (``20261128T141542Z.jsonl``: the run feeds of
  ``newscrawl run`` and of a plain ``scrapy crawl``), except the running run's. Other names
  (``-o`` files, distributed workers' feeds), ``.part`` files and side files are left alone.
- **Which day**: the UTC day of the stamp, i.e. of the run's start, not the articles'
  publication days. A day file holds its runs' records in run order, each run's in feed order.
- **How**, for each day: ``days/<day>.jsonl.part`` gets the day file's records so far, then each
  feed's, and is fsynced; it is read back and compared record for record with those sources
  (every line a JSON object, equal to its source line); a journal ``days/<day>.compact.json``
  (fsynced) names the feeds and the new file's SHA-256; the ``.part`` is renamed over the day file
  (and the directory fsynced); the feeds are removed; the journal is removed.
- **A kill** before the rename leaves the day file and the feeds as they were (the next
  compaction removes the stale ``.part`` and journal, and starts again); after it, the next
  compaction finds the day file matching the journal and finishes removing the feeds. Either way
  every record is in exactly one of the day files and the run feeds, never two.
- The state (cursor, seen-store) is never read or written: compaction moves records between
  files, it does not change what was exported.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from itertools import zip_longest
from typing import TYPE_CHECKING

from newscrawl.runs.state import write_json

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator
    from pathlib import Path

logger = logging.getLogger(__name__)

DAYS = "days"
"""The folder of the day files, inside a site's folder: ``data/<site>/days/``."""
RUN_FEED = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})T\d{6}Z\.jsonl$")


class CompactionError(Exception):
    """A day could not be compacted (a damaged feed, a failed check); its feeds are left alone."""


@dataclass(frozen=True)
class Compacted:
    """One day file written: the feeds it took in, and its records in all."""

    day_file: Path
    feeds: tuple[Path, ...]
    records: int


def run_feeds(folder: Path, running: Collection[str] = ()) -> dict[str, list[Path]]:
    """The finished run feeds of ``folder`` by UTC day (``2026-11-28``), each day's by stamp.

    ``running``: stamps of runs still going (``20261128T141542Z``), whose feeds are left alone.
    """
    days: dict[str, list[Path]] = {}
    if not folder.is_dir():
        return days
    for path in sorted(folder.iterdir()):
        match = RUN_FEED.match(path.name)
        if match and path.is_file() and path.name.removesuffix(".jsonl") not in running:
            days.setdefault(f"{match['y']}-{match['m']}-{match['d']}", []).append(path)
    return days


def compact(folder: Path, running: Collection[str] = ()) -> list[Compacted]:
    """Compact the finished run feeds of ``folder`` into its day files (see the module docs).

    Finishes or undoes a compaction killed earlier first. A day that fails its check raises
    :class:`CompactionError` after the days before it are done; its feeds are left in place.
    """
    days_dir = folder / DAYS
    recover(days_dir)
    done = []
    for day, feeds in sorted(run_feeds(folder, running).items()):
        done.append(compact_day(days_dir, day, feeds))
    return done


def compact_day(days_dir: Path, day: str, feeds: list[Path]) -> Compacted:
    """Append ``feeds`` (in order) to ``days_dir/<day>.jsonl``, atomically; then remove them."""
    days_dir.mkdir(parents=True, exist_ok=True)
    day_file = days_dir / f"{day}.jsonl"
    part = days_dir / f"{day}.jsonl.part"
    journal = days_dir / f"{day}.compact.json"
    sources = [day_file, *feeds] if day_file.exists() else list(feeds)
    try:
        with part.open("wb") as out:
            for line in _lines(sources):
                out.write(line)
            out.flush()
            os.fsync(out.fileno())
        records = check(part, sources)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    write_json(journal, {"day_file": str(day_file), "sha256": sha256(part), "feeds": _names(feeds)})
    os.replace(part, day_file)
    fsync_dir(days_dir)
    _remove(feeds)
    journal.unlink()
    logger.info("Compacted %d run feeds into %s (%d records)", len(feeds), day_file, records)
    return Compacted(day_file, tuple(feeds), records)


def check(written: Path, sources: list[Path]) -> int:
    """Compare ``written`` record for record with ``sources``; the count, or CompactionError."""
    count = 0
    with written.open("rb") as copy:
        for got, want in zip_longest(copy, _lines(sources)):
            count += 1
            if got != want:
                raise CompactionError(f"{written}: record {count} differs from its source")
            try:
                record = json.loads(got)
            except ValueError as error:
                raise CompactionError(f"{written}: record {count} is not JSON: {error}") from None
            if not isinstance(record, dict):
                raise CompactionError(f"{written}: record {count} is not a JSON object")
    return count


def recover(days_dir: Path) -> None:
    """Finish (or undo) a compaction killed part-way, from its journal; drop stale ``.part``."""
    if not days_dir.is_dir():
        return
    for journal in sorted(days_dir.glob("*.compact.json")):
        entry = json.loads(journal.read_text(encoding="utf-8"))
        day_file = days_dir / journal.name.replace(".compact.json", ".jsonl")
        if day_file.exists() and sha256(day_file) == entry["sha256"]:
            feeds = [days_dir.parent / name for name in entry["feeds"]]
            _remove([feed for feed in feeds if feed.exists()])
            logger.warning("Finished a compaction killed part-way: %s", day_file)
        journal.unlink()
    for part in days_dir.glob("*.jsonl.part"):
        logger.warning("Removing %s, left by a compaction killed part-way", part)
        part.unlink()


def _lines(sources: list[Path]) -> Iterator[bytes]:
    """Every non-blank line of ``sources``, in order, each ending with a newline."""
    for source in sources:
        with source.open("rb") as lines:
            for line in lines:
                if line.strip():
                    yield line if line.endswith(b"\n") else line + b"\n"


def _names(feeds: list[Path]) -> list[str]:
    return [feed.name for feed in feeds]


def _remove(feeds: list[Path]) -> None:
    for feed in feeds:
        feed.unlink(missing_ok=True)
    if feeds:
        fsync_dir(feeds[0].parent)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_dir(directory: Path) -> None:
    """Make a rename or an unlink in ``directory`` durable."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
