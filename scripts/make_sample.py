"""Rebuild the bundled offline sample: ``data/sample/asrpress.warc.gz`` and ``sample.json``.

Builds a small synthetic mirror (:mod:`tests.mirror.build`), adds the hand-built Asr Press golden
pages whose ids lie above it (the reference article 26684 among them), serves it on 127.0.0.1 and
records a real ``scrapy crawl asrpress -a ids=…`` of it to WARC: ``.venv/bin/python
scripts/make_sample.py``. Everything in it is labelled synthetic except the text of 26684.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: tests.mirror

from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import SiteEntry, load_site_dir, write_site_dir

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 180
SEED = 1
SAMPLE = ROOT / "data" / "sample"
GOLDEN = ROOT / "tests" / "golden" / "asrpress"


def golden_entries(above: int) -> list[SiteEntry]:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=SAMPLE, help="directory to write the sample to")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        mirror, site = Path(tmp) / "mirror", Path(tmp) / "site"
        build_mirror(mirror, articles=ARTICLES, seed=SEED)
        entries = list(load_site_dir(mirror).entries)
        last = entries[-1].news_id
        extra = golden_entries(above=last)
        write_site_dir(site, "asrpress", [*entries, *extra], meta={"seed": SEED})
        ids = f"{entries[0].news_id}-{last}," + ",".join(str(e.news_id) for e in extra)
        args.out.mkdir(parents=True, exist_ok=True)
        warc = args.out / "asrpress.warc.gz"
        with serve_site_dir(site) as base_url:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "scrapy.cmdline",
                    "crawl",
                    "asrpress",
                    "-a",
                    f"base_url={base_url}",
                    "-a",
                    f"ids={ids}",
                    "-O",
                    str(Path(tmp) / "recorded.jsonl"),
                    "-s",
                    f"NEWSCRAWL_STATE_DIR={Path(tmp) / 'state'}",
                    "-s",
                    f"NEWSCRAWL_WARC={warc}",
                    "-s",
                    "NEWSCRAWL_WARC_NOTE=newscrawl sample: synthetic Asr Press mirror",
                    "-s",
                    "AUTOTHROTTLE_ENABLED=False",
                    "-s",
                    "LOG_LEVEL=WARNING",
                ],
                cwd=ROOT,
                check=False,
            )
        if done.returncode:
            return done.returncode
        recorded = sum(1 for _ in (Path(tmp) / "recorded.jsonl").open(encoding="utf-8"))
    manifest = {
        "spider": "asrpress",
        "warc": warc.name,
        "ids": ids,
        "articles": recorded,
        "synthetic": True,
        "note": (
            f"Synthetic Asr Press mirror (seed {SEED}, {ARTICLES} articles) plus the hand-built"
            " golden pages above it; only the text of 26684 is real. Recorded from a local"
            " server, so URLs name 127.0.0.1."
        ),
    }
    (args.out / "sample.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    print(f"{warc}: {warc.stat().st_size:,} bytes, {recorded} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
