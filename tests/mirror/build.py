"""Build the synthetic Asr Press site directory of N articles from a seed.

By hand (from the project root)::

    python -m tests.mirror.build --articles 2000 --seed 1 --out data/mirror/asrpress
    python -m tests.mirror.build --articles 200 --layout yjc --out data/mirror/yjc

``--layout`` prints the article pages in another of the CMS's layouts
(:data:`~tests.mirror.spec.LAYOUT_SITES`): the same articles, crawled by that layout's site
(``scrapy crawl yjc -a base_url=…``), whose key the expected records and ``site.json`` carry.

A build into an existing site directory replaces it; a bigger one keeps every page of the smaller
(the same seed gives the same first articles), so a crawl of the old one stays valid. A smaller
one would delete pages, so it is refused unless asked for (``--force``, ``force=True``).

The build first draws every slot's head (cheap, sequential: times and titles that later slots
link to), then renders chunks of slots in worker processes, each writing its pages and returning
its index and expected lines, which the parent writes in id order. One process or several give the
same bytes.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from tests.mirror.compose import HISTORY_WINDOW
from tests.mirror.expected import expected_record
from tests.mirror.generate import Head, heads, iter_slots
from tests.mirror.markup import printed
from tests.mirror.render import render_article
from tests.mirror.site_dir import (
    SiteEntry,
    prepare_site_dir,
    remove_stale_pages,
    write_page,
    write_site_json,
)
from tests.mirror.spec import LAYOUT_SITES, ArticleSpec

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from tests.mirror.spec import Link, SlotSpec

DEFAULT_OUT = Path("data/mirror/asrpress")
DEFAULT_ARTICLES = 2000
DEFAULT_SEED = 1
CHUNK = 1000
"""Slots per worker job."""


class ShrinkRefused(ValueError):
    """A build would replace a site directory with a smaller one, and ``force`` was not given."""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote and how fast."""

    articles: int
    ids: int
    seconds: float
    workers: int

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else float("inf")


@dataclass(frozen=True)
class _Job:
    """Slots ``start .. stop - 1`` to render into ``pages``, and what they need of earlier ones."""

    seed: int
    start: int
    stop: int
    last: datetime | None
    history: tuple[Link, ...]
    pages: Path
    layout: str = "old"


def site_entry(spec: SlotSpec, layout: str = "old") -> SiteEntry:
    """The site-directory entry of a slot, its page rendered in ``layout``."""
    if not isinstance(spec, ArticleSpec):
        return SiteEntry(spec.news_id, spec.status, "", "", spec.published, in_feed=False)
    image = spec.lead_image
    return SiteEntry(
        news_id=spec.news_id,
        status="ok",
        slug=spec.slug,
        title=spec.printed_title,
        published_at=spec.published,
        in_feed=spec.in_feed,
        html=render_article(spec, layout),
        lead=printed(spec.lead, spec.dirt) if spec.lead else None,
        image=image.src if image else None,
    )


def build_mirror(
    out: Path,
    *,
    articles: int,
    seed: int,
    workers: int | None = None,
    chunk: int = CHUNK,
    force: bool = False,
    layout: str = "old",
) -> BuildReport:
    """Write the site directory of ``articles`` articles generated from ``seed`` into ``out``.

    ``workers``: processes rendering pages (default: one per CPU for big builds, else 1).
    ``force``: replace a site directory of more articles (else :class:`ShrinkRefused`).
    ``layout``: the CMS layout the article pages are printed in (a key of ``LAYOUT_SITES``).
    """
    site = LAYOUT_SITES[layout]
    if not force:
        refuse_to_shrink(out, articles)
    started = time.perf_counter()
    pages = prepare_site_dir(out)
    all_heads = list(heads(seed, articles))
    jobs = list(_jobs(seed, all_heads, pages, chunk, layout))
    if workers is None:
        workers = min(os.cpu_count() or 1, len(jobs))
    with (
        (out / "index.jsonl").open("w", encoding="utf-8") as index,
        (out / "expected.jsonl").open("w", encoding="utf-8") as expected,
    ):
        for index_lines, expected_lines in _run(jobs, workers):
            index.write(index_lines)
            expected.write(expected_lines)
    ok_ids = [head.link.news_id for head in all_heads if head.link is not None]
    remove_stale_pages(out, ok_ids)
    made = len(ok_ids)
    write_site_json(out, site, made, {"seed": seed, "generator": "newscrawl mirror"})
    return BuildReport(made, len(all_heads), time.perf_counter() - started, max(workers, 1))


def refuse_to_shrink(out: Path, articles: int) -> None:
    """Raise :class:`ShrinkRefused` if ``out`` holds a site directory of more than ``articles``."""
    try:
        info = json.loads((out / "site.json").read_text("utf-8"))
    except FileNotFoundError:
        return
    built = info.get("articles")
    if isinstance(built, int) and built > articles:
        raise ShrinkRefused(
            f"{out} holds {built} articles: refusing to shrink it to {articles}"
            " (--force to rebuild it smaller)"
        )


def _jobs(seed: int, all_heads: list[Head], pages: Path, chunk: int, layout: str) -> Iterator[_Job]:
    links: list[Link] = []
    for start in range(0, len(all_heads), chunk):
        last = all_heads[start - 1].published if start else None
        stop = min(start + chunk, len(all_heads))
        yield _Job(seed, start, stop, last, tuple(links[-HISTORY_WINDOW:]), pages, layout)
        links.extend(head.link for head in all_heads[start:stop] if head.link is not None)


def _run(jobs: list[_Job], workers: int) -> Iterable[tuple[str, str]]:
    if workers <= 1:
        yield from map(_render_job, jobs)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_render_job, jobs)


def _render_job(job: _Job) -> tuple[str, str]:
    """Render and write the pages of ``job``; return its index and expected JSON lines."""
    index: list[str] = []
    expected: list[str] = []
    slots = iter_slots(job.seed, job.start, job.last, job.history)
    for spec in islice(slots, job.stop - job.start):
        entry = site_entry(spec, job.layout)
        if isinstance(spec, ArticleSpec) and entry.html is not None:
            write_page(job.pages, entry.news_id, entry.html)
            record = expected_record(spec, LAYOUT_SITES[job.layout])
            expected.append(json.dumps(record, ensure_ascii=False) + "\n")
        index.append(json.dumps(entry.index_record(), ensure_ascii=False) + "\n")
    return "".join(index), "".join(expected)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--articles", type=int, default=DEFAULT_ARTICLES, help="number of articles (status ok)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="site directory to write")
    parser.add_argument(
        "--workers", type=int, default=None, help="render processes (default: CPUs)"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace a site directory of more articles"
    )
    parser.add_argument(
        "--layout",
        choices=sorted(LAYOUT_SITES),
        default="old",
        help="the CMS layout of the article pages (and the site whose spider crawls them)",
    )


def run(args: argparse.Namespace) -> int:
    if args.articles < 1:
        print("--articles must be at least 1", file=sys.stderr)
        return 2
    try:
        report = build_mirror(
            args.out,
            articles=args.articles,
            seed=args.seed,
            workers=args.workers,
            force=args.force,
            layout=args.layout,
        )
    except (ShrinkRefused, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"wrote {report.articles} synthetic articles ({report.ids} ids) to {args.out} "
        f"in {report.seconds:.2f} s ({report.rate:.0f} articles/s, {report.workers} processes)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.mirror.build``."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.mirror.build",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
