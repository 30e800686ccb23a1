"""Rebuild the bundled offline samples in ``data/sample/`` and the manifest ``sample.json``.

Two WARC recordings of real crawls of synthetic mirrors served on 127.0.0.1, one per CMS:

- ``asrpress.warc.gz``: ``scrapy crawl asrpress -a ids=…`` of a small IranSamaneh mirror
  (:mod:`tests.mirror.build`) plus the hand-built Asr Press golden pages whose ids lie above it,
  the reference article 26684 among them;
- ``mehrnews.warc.gz``: ``scrapy crawl mehrnews -a ids=…`` of a small Nastooh mirror
  (:mod:`tests.mirror.nastooh.build`): news items, photo galleries and videos, with the CMS's soft
  and hard 404s between them. Mehr's ids are sequential (``Site.sequential``), so an id crawl
  fetches every item and replays without listing pages.

Run ``.venv/bin/python scripts/make_sample.py`` from the project directory. Everything in the
samples is synthetic except the text of Asr Press 26684. ``make demo`` replays every sample the
manifest lists (``newscrawl/ops/demo.py``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: tests.mirror

from tests.mirror import build as iransamaneh_mirror
from tests.mirror.nastooh import build as nastooh_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import SiteEntry, load_site_dir, write_site_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
GOLDEN = ROOT / "tests" / "golden" / "asrpress"
ASRPRESS_ITEMS, ASRPRESS_SEED = 180, 1
MEHRNEWS_ITEMS, MEHRNEWS_SEED = 52, 1  # items, not articles: a video that is only a player is none


def golden_entries(above: int) -> list[SiteEntry]:
    """The Asr Press golden pages whose ids lie above ``above``, as site-directory entries."""
    entries = []
    for html in sorted(GOLDEN.glob("*.html")):
        expected = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
        if expected["news_id"] <= above:
            continue
        entries.append(
            SiteEntry(
                news_id=expected["news_id"],
                status="ok",
                slug=unquote(urlsplit(expected["url"]).path.split("/", 4)[4]),
                title=expected["title"],
                published_at=datetime.fromisoformat(expected["published_at"]),
                in_feed=False,
                html=html.read_bytes(),
            )
        )
    return entries


def record(site_dir: Path, spider: str, arguments: dict[str, str], warc: Path, tmp: Path) -> int:
    """Serve ``site_dir``, crawl it with ``spider`` recording to ``warc``; return the articles.

    Raises ``SystemExit`` with scrapy's status when the crawl fails.
    """
    feed = tmp / f"{spider}.jsonl"
    command = [sys.executable, "-m", "scrapy.cmdline", "crawl", spider, "-O", str(feed)]
    for name, value in arguments.items():
        command += ["-a", f"{name}={value}"]
    with serve_site_dir(site_dir) as base_url:
        done = subprocess.run(
            [
                *command,
                "-a",
                f"base_url={base_url}",
                "-s",
                f"NEWSCRAWL_STATE_DIR={tmp / 'state'}",
                "-s",
                f"NEWSCRAWL_WARC={warc}",
                "-s",
                f"NEWSCRAWL_WARC_NOTE=newscrawl sample: synthetic {spider} mirror",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "LOG_LEVEL=WARNING",
            ],
            cwd=ROOT,
            check=False,
        )
    if done.returncode:
        raise SystemExit(f"make_sample: scrapy crawl {spider} failed (exit {done.returncode})")
    with feed.open(encoding="utf-8") as lines:
        return sum(1 for line in lines if line.strip())


def asrpress_sample(out: Path, tmp: Path) -> dict[str, Any]:
    mirror, site = tmp / "asrpress-mirror", tmp / "asrpress"
    iransamaneh_mirror.build_mirror(mirror, articles=ASRPRESS_ITEMS, seed=ASRPRESS_SEED)
    entries = list(load_site_dir(mirror).entries)
    last = entries[-1].news_id
    extra = golden_entries(above=last)
    write_site_dir(site, "asrpress", [*entries, *extra], meta={"seed": ASRPRESS_SEED})
    arguments = {"ids": f"{entries[0].news_id}-{last}," + ",".join(str(e.news_id) for e in extra)}
    warc = out / "asrpress.warc.gz"
    articles = record(site, "asrpress", arguments, warc, tmp)
    note = (
        f"Synthetic Asr Press mirror (IranSamaneh; seed {ASRPRESS_SEED}, {ASRPRESS_ITEMS}"
        " articles) plus the hand-built golden pages above it; only the text of 26684 is real."
        " Recorded from a local server, so URLs name 127.0.0.1."
    )
    mirror_of = {"builder": "tests.mirror.build", "seed": ASRPRESS_SEED, "items": ASRPRESS_ITEMS}
    return manifest_entry("asrpress", warc, arguments, articles, mirror_of, note)


def mehrnews_sample(out: Path, tmp: Path) -> dict[str, Any]:
    site = tmp / "mehrnews"
    nastooh_mirror.build_mirror(site, articles=MEHRNEWS_ITEMS, seed=MEHRNEWS_SEED)
    entries = load_site_dir(site).entries
    arguments = {"ids": f"{entries[0].news_id}-{entries[-1].news_id}"}
    warc = out / "mehrnews.warc.gz"
    articles = record(site, "mehrnews", arguments, warc, tmp)
    note = (
        f"Synthetic Mehr mirror (Nastooh; seed {MEHRNEWS_SEED}, {MEHRNEWS_ITEMS} items: news,"
        " photo galleries and videos, soft and hard 404s between them; a video that is only a"
        " player is no article). No real Mehr content. Recorded from a local server, so URLs"
        " name 127.0.0.1."
    )
    mirror_of = {
        "builder": "tests.mirror.nastooh.build",
        "seed": MEHRNEWS_SEED,
        "items": MEHRNEWS_ITEMS,
    }
    return manifest_entry("mehrnews", warc, arguments, articles, mirror_of, note)


def manifest_entry(
    spider: str,
    warc: Path,
    arguments: dict[str, str],
    articles: int,
    mirror: dict[str, Any],
    note: str,
) -> dict[str, Any]:
    """One sample as ``sample.json`` lists it.

    Replay it with ``scrapy crawl SPIDER -a replay=WARC -a NAME=VALUE…`` (``arguments``); it
    exports ``articles`` records. ``mirror`` names the builder, seed and item count of the
    synthetic mirror it was recorded from.
    """
    return {
        "spider": spider,
        "warc": warc.name,
        "arguments": arguments,
        "articles": articles,
        "synthetic": True,
        "mirror": mirror,
        "note": note,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=SAMPLE, help="directory to write the sample to")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        samples = [asrpress_sample(args.out, Path(tmp)), mehrnews_sample(args.out, Path(tmp))]
    manifest = json.dumps({"samples": samples}, ensure_ascii=False, indent=2)
    (args.out / "sample.json").write_text(manifest + "\n", encoding="utf-8")
    for sample in samples:
        warc = args.out / sample["warc"]
        print(f"{warc}: {warc.stat().st_size:,} bytes, {sample['articles']} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
