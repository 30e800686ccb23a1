"""Peak memory and wall time of ``merge``, ``stats`` and ``validate`` as the dataset grows.

Usage::

    .venv/bin/python bench/dataset_memory.py                  # 100,000 then 1,000,000 records
    .venv/bin/python bench/dataset_memory.py --sizes 20000    # a quick look

For each size it writes synthetic records (:mod:`tests.synthetic_records`: three sites, ~3 %
re-crawls of recent articles, id gaps, short bodies; all valid against the schema) to a temporary
``.jsonl.gz``, then runs each command in its own process (``python -m newscrawl.dataset …``) and
prints the wall time and the peak resident memory of that process (``ru_maxrss`` from ``wait4``,
the largest of the process and its workers: ``validate`` runs one worker per CPU). Memory is flat
when the figures for 1,000,000 records match those for 100,000. Takes ~6 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: tests.*

from newscrawl.dataset.records import open_output
from tests.synthetic_records import synthetic_records

COMMANDS = {
    "merge": ["merge", "{dir}/merged.jsonl.gz", "{input}"],
    "stats": ["stats", "--json", "{input}"],
    "validate": ["validate", "{input}"],
}


def write_synthetic(path: Path, count: int) -> float:
    """Write ``count`` synthetic records to ``path``; return the seconds it took."""
    started = time.monotonic()
    with open_output(path) as out:
        for record in synthetic_records(count):
            out.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    return time.monotonic() - started


def measure(arguments: list[str]) -> tuple[float, float]:
    """Run ``python -m newscrawl.dataset ARGUMENTS``; return (wall seconds, peak RSS in MiB)."""
    started = time.monotonic()
    command = [sys.executable, "-m", "newscrawl.dataset", *arguments]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return time.monotonic() - started, usage.ru_maxrss / 1024  # Linux reports KiB


def bench(count: int, scratch: Path) -> None:
    data = scratch / f"synthetic-{count}.jsonl.gz"
    seconds = write_synthetic(data, count)
    size = data.stat().st_size / 2**20
    print(f"{count:>9,} records  write      {seconds:7.1f} s   ({size:,.0f} MiB gzip)", flush=True)
    for name, template in COMMANDS.items():
        arguments = [arg.format(dir=scratch, input=data) for arg in template]
        wall, peak = measure(arguments)
        print(f"{count:>9,} records  {name:<9}  {wall:7.1f} s   {peak:7.0f} MiB peak", flush=True)
    for path in scratch.iterdir():
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as scratch:
        for count in args.sizes:
            bench(count, Path(scratch))


if __name__ == "__main__":
    main()
