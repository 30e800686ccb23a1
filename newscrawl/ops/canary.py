"""``newscrawl canary SITE``: the daily layout-change alarm, field coverage of the newest articles.

It runs the site's real spider in this process, its incremental discovery cut to the
``--articles`` newest listed articles. Every pipeline runs, but nothing is exported: the crawl's
state dir, rejects and run summary go to a temporary directory. Report, baseline and exit status
(0 healthy, 1 failed, 2 bad usage) are described in docs/operations.md.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings, inside_project

from newscrawl.runs.coverage import (
    CoverageTally,
    FieldVerdict,
    baseline_path,
    judge,
    load_baseline,
    save_baseline,
)
from newscrawl.runs.state import DEFAULT_STATE_DIR
from newscrawl.runs.summary import summarize
from newscrawl.spiders.news import NewsSpider

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    import scrapy
    from scrapy.settings import Settings

DEFAULT_ARTICLES = 30
"""The feed lists the newest 30 articles; the front page usually a few more."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site", help="site key (spider name), e.g. asrpress")
    parser.add_argument(
        "--articles",
        type=int,
        default=DEFAULT_ARTICLES,
        metavar="N",
        help=f"check the N newest listed articles (default {DEFAULT_ARTICLES})",
    )
    parser.add_argument("--base-url", help="crawl this host instead of the site's, e.g. a mirror")
    parser.add_argument(
        "--state-dir", help="where the baseline is kept (default NEWSCRAWL_STATE_DIR or data/state)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting, as for scrapy crawl -s",
    )


class CanaryCrawlError(Exception):
    """The canary crawl could not run (e.g. a spider argument was refused)."""


class CanarySpiderMixin(NewsSpider):
    """Incremental discovery cut to the newest listed articles; no state committed."""

    canary_articles = DEFAULT_ARTICLES

    def incremental_requests(self) -> Iterator[scrapy.Request]:
        # _listed_ids holds the front page's and the feed's ids: take the newest, not the cursor's
        newest = sorted(set(self._listed_ids), reverse=True)[: self.canary_articles]
        self.planned = len(newest)
        self.logger.info("Canary: checking the %d newest listed articles", len(newest))
        for news_id in newest:
            yield self.article_request(news_id)


class ArticleCollector(dict[object, dict[str, Any]]):
    """Every article item that went through the pipelines, exported or dropped, once per id."""

    def item_seen(self, item: Any) -> None:
        record = ItemAdapter(item).asdict()
        self.setdefault(record.get("news_id") or record.get("url"), record)


@dataclass
class CanaryRun:
    """What the canary crawl saw: the host it crawled, its articles and its Scrapy stats."""

    base_url: str
    articles: list[dict[str, Any]]
    stats: dict[str, Any]


def project_settings(overrides: list[str]) -> Settings:
    """Project settings (scrapy.cfg, ``SCRAPY_SETTINGS_MODULE``, else newscrawl's), then ``-s``."""
    if not inside_project():
        os.environ["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    settings = get_project_settings()
    settings.set("LOG_LEVEL", "ERROR", priority="cmdline")  # not every dropped item
    for pair in overrides:
        name, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"-s {pair!r}: expected NAME=VALUE")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def crawl_newest(
    settings: Settings, spider_cls: type[NewsSpider], articles: int, workdir: Path, **kw: str
) -> CanaryRun:
    """Run the canary crawl; ``kw`` are spider arguments (``base_url``)."""
    canary_cls = type(
        f"Canary{spider_cls.__name__}",
        (CanarySpiderMixin, spider_cls),
        {"canary_articles": articles, "__doc__": f"{spider_cls.__doc__} (canary mode)"},
    )
    canary = {
        "FEEDS": {},  # nothing exported: the spider adds its default feed only when FEEDS is unset
        "NEWSCRAWL_COVERAGE_MAX_MISSING": 1,  # see every article: no early stop
        "NEWSCRAWL_REJECTS": str(workdir / "rejects.jsonl"),
        "NEWSCRAWL_STATE_DIR": str(workdir / "state"),
        "NEWSCRAWL_SUMMARY": str(workdir / "summary.json"),
    }
    settings.setdict(canary, priority="cmdline")
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(canary_cls)
    collector = ArticleCollector()
    crawler.signals.connect(collector.item_seen, signal=signals.item_scraped)
    crawler.signals.connect(collector.item_seen, signal=signals.item_dropped)
    crawl = process.crawl(crawler, **kw)
    process.start()
    if crawl.done() and not crawl.cancelled() and crawl.exception() is not None:
        raise CanaryCrawlError(str(crawl.exception())) from crawl.exception()
    assert crawler.stats is not None
    return CanaryRun(
        base_url=str(getattr(crawler.spider, "base_url", kw.get("base_url", ""))),
        articles=list(collector.values()),
        stats=dict(crawler.stats.get_stats()),
    )


@dataclass
class CanaryReport:
    """The verdict of one canary run."""

    site: str
    base_url: str
    asked: int
    tally: CoverageTally
    verdicts: list[FieldVerdict]
    problems: list[str]
    baseline: Path | None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "base_url": self.base_url,
            "checked_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "articles_asked": self.asked,
            "articles": self.tally.articles,
            "checked": [{"news_id": ref.news_id, "url": ref.url} for ref in self.tally.checked],
            "ok": self.ok,
            "problems": self.problems,
            "baseline": str(self.baseline) if self.baseline else None,
            "fields": {verdict.name: verdict.as_json() for verdict in self.verdicts},
        }

    def table(self) -> str:
        lines = [
            f"canary {self.site} ({self.base_url}): {self.tally.articles} of the {self.asked}"
            " newest articles checked",
            f"{'field':<17}{'required':<10}{'present':>8}{'share':>7}{'baseline':>10}  verdict",
        ]
        for v in self.verdicts:
            base = "-" if v.baseline is None else f"{v.baseline:.0%}"
            lines.append(
                f"{v.name:<17}{'yes' if v.required else '':<10}"
                f"{f'{v.present}/{v.articles}':>8}{v.share:>7.0%}{base:>10}  "
                + (f"FAIL: {v.problem}" if v.problem else "ok")
            )
        lost = self._lost_by_article()
        if lost:
            lines.append("articles lacking a failing field:")
            lines += [f"  {ref}: {', '.join(names)}" for ref, names in lost.items()]
        lines.append("OK" if self.ok else "FAILED: " + "; ".join(self.problems))
        return "\n".join(lines)

    def _lost_by_article(self) -> dict[str, list[str]]:
        lost: dict[str, list[str]] = {}
        for verdict in self.verdicts:
            if verdict.problem:
                for ref in verdict.missing:
                    lost.setdefault(str(ref), []).append(verdict.name)
        return lost


def assess(site: str, asked: int, run: CanaryRun, state_dir: Path) -> CanaryReport:
    """Judge a canary run against the baseline; crawl-level failures are problems too."""
    tally = CoverageTally()
    for article in sorted(run.articles, key=lambda a: -(a.get("news_id") or 0)):
        tally.add(article)
    baseline = load_baseline(state_dir, site)
    verdicts = judge(tally, baseline)
    problems = list(summarize(run.stats)["problems"])
    if not tally.articles:
        problems.append("no article was fetched (did the front page and the feed list any?)")
    problems += [verdict.problem for verdict in verdicts if verdict.problem]
    return CanaryReport(
        site=site,
        base_url=run.base_url,
        asked=asked,
        tally=tally,
        verdicts=verdicts,
        problems=problems,
        baseline=baseline_path(state_dir, site) if baseline is not None else None,
    )


def run(args: argparse.Namespace) -> int:
    if args.articles < 1:
        print("newscrawl canary: --articles must be at least 1", file=sys.stderr)
        return 2
    try:
        settings = project_settings(args.set)
    except ValueError as error:
        print(f"newscrawl canary: {error}", file=sys.stderr)
        return 2
    state_dir = Path(args.state_dir or settings.get("NEWSCRAWL_STATE_DIR") or DEFAULT_STATE_DIR)
    try:
        spider_cls = get_spider_loader(settings).load(args.site)
    except KeyError:
        print(f"newscrawl canary: no spider named {args.site!r}", file=sys.stderr)
        return 2
    if not issubclass(spider_cls, NewsSpider):
        print(f"newscrawl canary: {args.site!r} is not a newscrawl spider", file=sys.stderr)
        return 2
    spider_args = {"base_url": args.base_url} if args.base_url else {}
    with tempfile.TemporaryDirectory(prefix="newscrawl-canary-") as workdir:
        try:
            result = crawl_newest(settings, spider_cls, args.articles, Path(workdir), **spider_args)
        except CanaryCrawlError as error:
            print(f"newscrawl canary: the crawl could not run: {error}", file=sys.stderr)
            return 2
    report = assess(args.site, args.articles, result, state_dir)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(report.table())
    if not report.ok:
        return 1
    written = save_baseline(state_dir, args.site, report.tally, report.base_url)
    if not args.json:
        print(f"baseline written to {written}")
    return 0
