"""``make demo``: crawl the bundled sample archive offline with the real spider, then summarize.

The sample (``data/sample/asrpress.warc.gz``, described by ``data/sample/sample.json``) is a WARC
recording of a crawl of the synthetic mirror plus the hand-built Asr Press golden pages, among
them the reference article 26684. Replaying it runs the same spider, discovery and pipelines as a
live crawl, with no network. Output: ``data/demo/asrpress.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from newscrawl.text import dates

SAMPLE_DIR = Path("data/sample")
OUT = Path("data/demo/asrpress.jsonl")


def crawl_sample(sample_dir: Path = SAMPLE_DIR, out: Path = OUT) -> int:
    """Replay the sample through ``scrapy crawl asrpress``; return scrapy's exit status."""
    manifest = json.loads((sample_dir / "sample.json").read_text(encoding="utf-8"))
    command = [
        sys.executable,
        "-m",
        "scrapy.cmdline",
        "crawl",
        manifest["spider"],
        "-a",
        f"replay={sample_dir / manifest['warc']}",
        "-a",
        f"ids={manifest['ids']}",
        "-O",
        str(out),
        "-s",
        f"NEWSCRAWL_STATE_DIR={out.parent / 'state'}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",  # nothing to be polite to: the archive answers
        "-s",
        "LOG_LEVEL=WARNING",
    ]
    return subprocess.run(command, check=False).returncode


def jalali(iso: str) -> str:
    year, month, day = dates.gregorian_to_jalali(datetime.fromisoformat(iso).date())
    return f"{year}/{month:02d}/{day:02d}"


def summary(out: Path = OUT) -> str:
    """Articles, date range and sections of a feed file, as a few lines of text."""
    with out.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    if not records:
        return f"{out}: no articles"
    published = sorted(record["published_at"] for record in records)
    sections = Counter(record["section"] or "(none)" for record in records)
    top = "، ".join(f"{name} {count}" for name, count in sections.most_common(6))
    return "\n".join(
        [
            f"{len(records)} articles written to {out}",
            f"published {published[0][:10]} .. {published[-1][:10]}"
            f" ({jalali(published[0])} .. {jalali(published[-1])})",
            f"sections: {top}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.ops.demo", description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help=f"feed file (default {OUT})")
    args = parser.parse_args(argv)
    args.out.unlink(missing_ok=True)
    status = crawl_sample(out=args.out)
    if status != 0 or not args.out.exists():
        print(f"demo: the crawl failed (exit {status})", file=sys.stderr)
        return status or 1
    print(summary(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
