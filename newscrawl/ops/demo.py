"""``make demo``: crawl every bundled sample archive offline with the real spiders, then summarize.

The samples (``data/sample/*.warc.gz``, listed by ``data/sample/sample.json``) are WARC recordings
of crawls of synthetic mirrors: Asr Press (IranSamaneh) with the hand-built golden pages, among
them the reference article 26684, and Mehr (Nastooh). Replaying one runs the same spider,
discovery and pipelines as a live crawl, with no network. Output: one feed per site in
``data/demo/feeds/<site>.jsonl``, two levels down so that the glob over real feeds,
``data/*/*.jsonl``, never picks it up; crawl state in ``data/demo/state``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawl.text import dates

SAMPLE_DIR = Path("data/sample")
FEEDS = Path("data/demo/feeds")

Sample = dict[str, Any]
"""One entry of ``sample.json``: spider, warc, arguments, articles, synthetic, note."""


def load_samples(sample_dir: Path = SAMPLE_DIR) -> list[Sample]:
    """The samples ``sample_dir/sample.json`` lists, in order."""
    manifest = json.loads((sample_dir / "sample.json").read_text(encoding="utf-8"))
    samples: list[Sample] = manifest["samples"]
    return samples


def crawl_command(sample: Sample, sample_dir: Path, out: Path, state: Path) -> list[str]:
    """``scrapy crawl`` replaying ``sample`` into the feed ``out``."""
    command = [sys.executable, "-m", "scrapy.cmdline", "crawl", sample["spider"]]
    command += ["-a", f"replay={sample_dir / sample['warc']}"]
    for name, value in sample["arguments"].items():
        command += ["-a", f"{name}={value}"]
    return [
        *command,
        "-O",
        str(out),
        "-s",
        f"NEWSCRAWL_STATE_DIR={state}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",  # nothing to be polite to: the archive answers
        "-s",
        "LOG_LEVEL=WARNING",
    ]


def crawl_sample(sample: Sample, sample_dir: Path, out: Path, state: Path) -> int:
    """Replay one sample through its site's spider; return scrapy's exit status."""
    return subprocess.run(crawl_command(sample, sample_dir, out, state), check=False).returncode


def jalali(iso: str) -> str:
    year, month, day = dates.gregorian_to_jalali(datetime.fromisoformat(iso).date())
    return f"{year}/{month:02d}/{day:02d}"


def read_records(out: Path) -> list[dict[str, Any]]:
    with out.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def summary(site: str, records: list[dict[str, Any]], out: Path) -> str:
    """Articles, date range and sections of one site's feed, as a few lines of text."""
    if not records:
        return f"{site}: no articles in {out}"
    published = sorted(record["published_at"] for record in records)
    sections = Counter(record["section"] or "(none)" for record in records)
    top = "، ".join(f"{name} {count}" for name, count in sections.most_common(6))
    return "\n".join(
        [
            f"{site}: {len(records)} articles written to {out}",
            f"  published {published[0][:10]} .. {published[-1][:10]}"
            f" ({jalali(published[0])} .. {jalali(published[-1])})",
            f"  sections: {top}",
        ]
    )


def replay(sample: Sample, sample_dir: Path, feeds: Path) -> bool:
    """Replay ``sample`` into ``feeds/<site>.jsonl`` and print its summary; whether it went well.

    A replay must export what the recorded crawl exported: as many articles as the manifest says.
    """
    site = sample["spider"]
    out = feeds / f"{site}.jsonl"
    out.unlink(missing_ok=True)
    status = crawl_sample(sample, sample_dir, out, state=feeds.parent / "state")
    if status != 0 or not out.exists():
        print(f"demo: {site}: the crawl failed (exit {status})", file=sys.stderr)
        return False
    records = read_records(out)
    print(summary(site, records, out))
    if len(records) != sample["articles"]:
        print(
            f"demo: {site}: {len(records)} articles, but {sample_dir / 'sample.json'}"
            f" says {sample['articles']}",
            file=sys.stderr,
        )
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.ops.demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sample", type=Path, default=SAMPLE_DIR, help=f"sample directory (default {SAMPLE_DIR})"
    )
    parser.add_argument(
        "--feeds",
        type=Path,
        default=FEEDS,
        help=f"directory of the feeds, one per site; state goes beside it (default {FEEDS})",
    )
    args = parser.parse_args(argv)
    args.feeds.mkdir(parents=True, exist_ok=True)
    results = [replay(sample, args.sample, args.feeds) for sample in load_samples(args.sample)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
