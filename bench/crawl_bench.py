"""How close the crawler comes to Scrapy's own ceiling, and how far ahead of a generic extractor.

Usage::

    make bench                                         # installs the bench extra, then runs this
    .venv/bin/python bench/crawl_bench.py --work /tmp/nb   # keep (and reuse) the mirror there

Everything is measured side by side in one run, because absolute times on a shared machine mean
little; the machine, its load average before and after, and the versions go into the results.

1. **Mirror.** ``build_mirror`` writes a synthetic Asr Press of ``--articles`` (20,000) articles
   (seed 1), served by ``serve_site_dir`` in a process of its own.
2. **Engine ceiling.** ``scrapy bench`` as Scrapy ships it (run outside the project, so Scrapy's
   default settings and its own bench server): pages/s = ``response_received_count`` /
   ``elapsed_time_seconds`` from its final stats.
3. **Crawls.** ``scrapy crawl asrpress -a base_url=MIRROR -a ids=FIRST-LAST -O feed.jsonl`` over the
   id range of the first 5,000 (``--small``) and of the first 20,000 articles: the project's
   settings (every pipeline, the feed export, progress and summary extensions) with politeness off
   for a local server (``AUTOTHROTTLE_ENABLED=False``, ``CONCURRENT_REQUESTS(_PER_DOMAIN)=
   --concurrency``) and the state in a temporary directory of its own for every run.
   articles/s = ``item_scraped_count`` / ``elapsed_time_seconds`` of the crawl's own stats (the
   same clock as ``scrapy bench``'s figure); CPU ms per article = user + sys time of the crawler
   process (``os.wait4`` of that process: ``getrusage(RUSAGE_CHILDREN)`` deltas cannot give one
   child's peak memory) / exported articles; peak RSS = that process's ``ru_maxrss`` (KiB, so the
   ``*_mb`` keys are MiB; the 150 MB floor is checked in MB). Requests per exported article =
   ``downloader/request_count`` / exported, robots.txt included.

   **Crawl against ``scrapy bench``.** One ``scrapy bench`` run moves by a third with the
   machine's load (64-95 pages/s on 2 cores), so the two alternate three times: bench, 5k crawl,
   bench, 5k crawl, bench, 5k crawl, and the medians are compared:
   ``ratio_vs_scrapy_bench`` = median(5k crawl articles/s) / median(``scrapy bench`` pages/s).
   The 5,000-article crawl is the one alternated (about 25 s against ``scrapy bench``'s 10 s,
   so both sides of a pair see nearly the same load, and ``make bench`` stays near 5 minutes on
   2 cores); the 20,000-article crawl runs once, after them, for its peak RSS (and its own
   articles/s and CPU per article, reported beside). ``peak_rss_mb_5k`` is the median of the
   three 5k runs; growth = ``peak_rss_mb_20k`` / ``peak_rss_mb_5k`` - 1.
4. **Requests per mode.** Two small crawls of the same mirror show what discovery costs: an archive
   backfill of the dates holding ``--mode-articles`` (1,000) articles, and an incremental run whose
   cursor (written with ``StateDir``) sits that many ids below the newest.
5. **Extraction.** On ``--extract-pages`` (2,000) saved mirror pages, evenly spread over the
   mirror: our cost per page (the site's page object on the ``HtmlResponse`` Scrapy would hand the
   spider — ``kind`` and ``to_article()`` as the spider calls them, parsing included —
   then ``NormalizePersianPipeline`` and ``ValidateArticlePipeline``) and ``trafilatura.extract``
   on the same page's text with its defaults. Each side starts from what a crawler holds (the
   response with its encoding settled by the charset middleware, the decoded text), built outside
   the timing. Both are timed in CPU time of this process, alternating in blocks of 50 pages, so
   that load from other processes hits both alike; 2,000 distinct pages (each read once, as in a
   crawl) keep the run-to-run spread of the ratio within a few percent. A second pass, over
   2,000 other pages (the next page of each step), alternates page by page: each side then starts
   every page in caches the other has just filled, as our extraction does in a crawl between
   Scrapy's own work. Ours loses about 15 % to that; trafilatura, whose page takes ten times as
   long, hardly anything (``page_by_page`` in the results, a line of the table).
   **Body F1** against the generator's expected body (``expected.jsonl``): both texts are passed
   through ``normalize`` (so that Arabic/Persian letter variants are not counted as
   extraction errors; it is idempotent on our output), split on white space (``str.split()``), and
   compared as bags of tokens: overlap = sum over tokens of the smaller count, precision = overlap /
   predicted tokens, recall = overlap / expected tokens, F1 = 2PR / (P + R) (1 when both are empty,
   0 when only one is). The figure is the mean of the per-page F1.
6. **A real page.** The same comparison, 20 runs each, on the saved tabnak page 818242 (167 KB
   as served, the golden pair in ``tests/golden/tabnak``) with the tabnak page object, F1 against
   its golden record: the mirror's pages are small, so per-article costs weigh more there than on
   a page with a real site's menus and sidebars (``real_page`` in the results; a table line).

7. **Many sites in one process** (``bench/multisite.py``): 120 declared sites, each against a
   mirror of its layout on a port of its own (50 new ids each, the live politeness defaults),
   crawled by ONE ``newscrawl run``, against each mirror kind's one-site round
   (``multisite_*`` keys; ``--multisite-sites``, 0 skips it).

**Floors** (the issue's; floors, not figures to chase), each printed PASS or FAIL with its figure
and kept under ``floors`` in the results: ``extract_speedup`` (blocks of 50) >= 6 with ``body_f1``
>= 0.995; ``ratio_vs_scrapy_bench`` >= 1.2; ``peak_rss_mb_20k`` <= 150 MB; and
``peak_rss_mb_20k`` <= 1.15 x ``peak_rss_mb_5k``; for the multi-site round, peak RSS <= 300 MB and
<= 1.5 MB per extra site, and its wall time <= 2x the slowest one-site round.

Writes ``bench/results.json`` (``--out``) and prints the same figures as a table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: tests.mirror

from multisite import MIB_IN_MB, multisite_floors, multisite_round

from newscrawl.runs.state import SiteState, StateDir, state_key
from newscrawl.sites import SITES
from newscrawl.text.normalize import normalize
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from scrapy import Spider
    from scrapy.http import HtmlResponse

PROJECT = Path(__file__).resolve().parents[1]
SEED = 1
SITE = "asrpress"
TARGETS = (
    "extract_speedup >= 6 (blocks of 50) with body_f1 >= 0.995; ratio_vs_scrapy_bench >= 1.2"
    " (medians of 3 alternated runs each); peak_rss_mb_20k <= 150 MB and"
    " <= 1.15 * peak_rss_mb_5k (+15 %); multi-site round (120 sites, one newscrawl run):"
    " peak RSS <= 300 MB and <= 1.5 MB per extra site, wall time <= 2x the slowest one-site round"
)
ALTERNATIONS = 3
_STAT_LINE = re.compile(r"^\s*[{ ]'(?P<key>[^']+)': (?P<value>-?\d+(?:\.\d+)?),?}?$")
_BLOCK = 50


# --- the mirror ---


def mirror(work: Path, articles: int) -> Path:
    """The site directory of ``articles`` articles under ``work``: reused if built before."""
    site_dir = work / f"mirror-{articles}-seed{SEED}"
    info = site_dir / "site.json"
    if info.exists() and json.loads(info.read_text("utf-8")).get("articles") == articles:
        print(f"reusing the mirror in {site_dir}", flush=True)
        return site_dir
    print(f"building a mirror of {articles:,} articles in {site_dir} ...", flush=True)
    report = build_mirror(site_dir, articles=articles, seed=SEED)
    print(f"  built in {report.seconds:.0f} s", flush=True)
    return site_dir


def index_lines(site_dir: Path) -> list[dict[str, Any]]:
    """The site directory's ``index.jsonl`` (every id, with status, slug, date), pages not read."""
    with (site_dir / "index.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def first_articles_range(index: list[dict[str, Any]], count: int) -> str:
    """The ``ids`` argument covering the first ``count`` articles (and the gaps between them)."""
    ok = [entry["news_id"] for entry in index if entry["status"] == "ok"][:count]
    return f"{ok[0]}-{ok[-1]}"


# --- processes ---


def run_measured(command: list[str], log: Path, cwd: Path) -> dict[str, float]:
    """Run ``command`` (output to ``log``); its exit code, wall and CPU seconds and peak RSS."""
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=_env(), stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "returncode": process.returncode,
        "wall_s": time.monotonic() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
    }


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    env["PYTHONPATH"] = str(PROJECT)
    return env


def final_stats(log: Path) -> dict[str, float]:
    """The numeric entries of the stats Scrapy dumps when a crawl ends."""
    text = log.read_text(encoding="utf-8", errors="replace")
    start = text.rfind("Dumping Scrapy stats:")
    if start < 0:
        raise RuntimeError(f"no stats in {log}; its end:\n{text[-3000:]}")
    stats: dict[str, float] = {}
    for line in text[start:].splitlines()[1:]:
        match = _STAT_LINE.match(line)
        if match:
            stats[match["key"]] = float(match["value"])
        if line.rstrip().endswith("}"):
            break
    return stats


# --- Scrapy's ceiling ---


def scrapy_bench(work: Path, name: str) -> dict[str, float]:
    """``scrapy bench`` with Scrapy's defaults: pages/s over its run (10 s by default)."""
    outside = work / "scrapy-bench"  # no scrapy.cfg here: the project's settings stay out
    outside.mkdir(exist_ok=True)
    log = work / f"{name}.log"
    process = run_measured([sys.executable, "-m", "scrapy.cmdline", "bench"], log, outside)
    if process["returncode"] != 0:
        raise RuntimeError(f"scrapy bench failed; see {log}")
    stats = final_stats(log)
    pages = stats["response_received_count"]
    seconds = stats["elapsed_time_seconds"]
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds} | process


# --- crawls ---


def crawl(
    base_url: str, work: Path, name: str, args: Sequence[str], concurrency: int
) -> dict[str, float]:
    """``scrapy crawl asrpress`` against the mirror; the figures of that crawl."""
    feed = work / f"{name}.jsonl"
    log = work / f"{name}.log"
    state = work / f"{name}-state"
    command = [
        sys.executable, "-m", "scrapy.cmdline", "crawl", SITE,
        "-a", f"base_url={base_url}", *args,
        "-O", str(feed),
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"CONCURRENT_REQUESTS={concurrency}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        "-s", f"NEWSCRAWL_STATE_DIR={state}",
        "-s", f"NEWSCRAWL_SUMMARY={work / f'{name}.summary.json'}",
    ]  # fmt: skip
    process = run_measured(command, log, PROJECT)
    if process["returncode"] != 0:
        raise RuntimeError(f"crawl {name} failed; see {log}")
    stats = final_stats(log)
    exported = stats.get("item_scraped_count", 0)
    requests = stats.get("downloader/request_count", 0)
    return {
        "exported": exported,
        "seconds": stats["elapsed_time_seconds"],
        "articles_per_s": exported / stats["elapsed_time_seconds"],
        "cpu_ms_per_article": 1000 * process["cpu_s"] / max(exported, 1),
        "requests": requests,
        "requests_per_article": requests / max(exported, 1),
        "redirects": stats.get("downloader/response_status_count/301", 0),
        "listing_pages": sum(
            stats.get(f"newscrawl/spider/listing/{kind}", 0)
            for kind in ("archive", "front", "feed")
        ),
        "gaps": sum(v for k, v in stats.items() if k.startswith("newscrawl/spider/gap/")),
    } | process


def archive_args(index: list[dict[str, Any]], count: int) -> list[str]:
    """``since``/``until`` (Gregorian) of whole days holding about the newest ``count`` articles."""
    stamps = sorted(entry["published_at"] for entry in index if entry["status"] == "ok")
    since = stamps[-count][:10]
    until = stamps[-1][:10]
    return ["-a", f"since={since}", "-a", f"until={until}", "-a", "calendar=gregorian"]


def incremental_args(
    work: Path, index: list[dict[str, Any]], count: int, base_url: str
) -> list[str]:
    """Seed an incremental cursor ``count`` ids below the newest id; no spider arguments.

    The cursor is the state of the site on the mirror's host (``runs.state.state_key``).
    """
    state = work / "incremental-state"
    newest = index[-1]["news_id"]
    parts = urlsplit(base_url)
    assert parts.hostname is not None
    key = state_key(SITE, SITES[SITE], parts.hostname, parts.port)
    StateDir(state).save(SiteState(key, last_id=newest - count))
    return []


# --- extraction ---


def token_f1(predicted: str | None, expected: str | None) -> float:
    """F1 of white-space tokens (bags), both sides normalized; see the module docstring.

    >>> token_f1("a b b c", "a b c")
    0.8571428571428571
    >>> token_f1(None, "")
    1.0
    """
    got = Counter(normalize(predicted or "").split())
    want = Counter(normalize(expected or "").split())
    if not got or not want:
        return float(got == want)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def our_extraction(spider_class: type[Spider], site: str) -> Callable[[HtmlResponse], str | None]:
    """What the spider and its pipelines do with one article response of ``site``; the body.

    The site's page object (``kind``, then ``to_article()`` for an article), then
    ``NormalizePersianPipeline`` and ``ValidateArticlePipeline`` built from the project's settings
    as a crawl has them. ``None`` for a soft 404.
    """
    from scrapy.crawler import Crawler
    from scrapy.utils.misc import load_object
    from scrapy.utils.project import get_project_settings

    from newscrawl.pages import PageKind
    from newscrawl.pipelines.normalize import NormalizePersianPipeline
    from newscrawl.pipelines.validate import ValidateArticlePipeline
    from newscrawl.sites import SITES

    with contextlib.chdir(PROJECT):  # the project's settings, as a crawl has them
        crawler = Crawler(spider_class, get_project_settings())
    collector = load_object(crawler.settings["STATS_CLASS"])(crawler)
    clean = NormalizePersianPipeline(collector)
    validate = ValidateArticlePipeline(collector, crawler.settings)
    declared = SITES[site]

    def ours(response: HtmlResponse) -> str | None:
        page = declared.page(response)
        if page.kind is not PageKind.ARTICLE:
            return None
        article = clean.process_item(page.to_article())
        validate.process_item(article)
        body: str | None = article.body
        return body

    return ours


def extraction(
    site_dir: Path, pages: int, block: int = _BLOCK, offset: int = 0
) -> dict[str, float]:
    """Our page object + pipelines against ``trafilatura.extract`` on the same saved pages.

    ``pages`` pages evenly spread over the mirror, starting ``offset`` pages in; the two sides
    alternate every ``block`` pages (1: page by page).
    """
    import trafilatura  # the bench extra
    from scrapy.http import HtmlResponse

    from newscrawl.spiders.loader import SPIDERS
    from tests.mirror.expected import rebase
    from tests.mirror.site_dir import read_expected

    expected = read_expected(site_dir)
    step = max(len(expected) // pages, 1)
    sample = expected[offset::step][:pages]
    saved = [(site_dir / "pages" / f"{r['news_id']}.html").read_bytes() for r in sample]
    urls = [rebase(r, "http://127.0.0.1:8080")["url"] for r in sample]
    ours = our_extraction(SPIDERS[SITE], SITE)
    headers = {"Content-Type": "text/html; charset=utf-8"}

    def theirs(text: str) -> str | None:
        extracted: str | None = trafilatura.extract(text)
        return extracted

    def inputs(indices: range) -> tuple[list[HtmlResponse], list[str]]:
        """What each side starts from in a crawl: Scrapy's response; the page's text.

        Both already decoded, as the spider gets them: the charset middleware has settled the
        response's encoding (``FittingCharsetMiddleware`` reads it for every page), just as the
        text handed to trafilatura was decoded outside its timing.
        """
        responses = [HtmlResponse(urls[i], body=saved[i], headers=headers) for i in indices]
        for response in responses:
            response.encoding  # noqa: B018 -- settled (and memoized) outside the timing
        return responses, [saved[i].decode("utf-8") for i in indices]

    for response, text in zip(*inputs(range(min(20, len(saved)))), strict=True):
        ours(response), theirs(text)  # warm up: imports, compiled selectors, caches
    our_bodies: list[str | None] = []
    their_bodies: list[str | None] = []
    our_cpu = their_cpu = 0.0
    for pages_now in _blocks(len(saved), block):
        responses, texts = inputs(pages_now)
        started = time.process_time()
        our_bodies += [ours(response) for response in responses]
        our_cpu += time.process_time() - started
        started = time.process_time()
        their_bodies += [theirs(text) for text in texts]
        their_cpu += time.process_time() - started
    gold = [r["body"] for r in sample]
    return {
        "pages": len(saved),
        "extract_ms_per_page": 1000 * our_cpu / len(saved),
        "trafilatura_ms_per_page": 1000 * their_cpu / len(saved),
        "body_f1": _mean(token_f1(b, g) for b, g in zip(our_bodies, gold, strict=True)),
        "trafilatura_body_f1": _mean(
            token_f1(b, g) for b, g in zip(their_bodies, gold, strict=True)
        ),
        "body_exact": sum(b == g for b, g in zip(our_bodies, gold, strict=True)) / len(saved),
    }


REAL_PAGE = PROJECT / "tests" / "golden" / "tabnak" / "818242.html"  # the page as served
REAL_GOLDEN = REAL_PAGE.with_suffix(".json")
REAL_RUNS = 20


def real_page_extraction(page: Path = REAL_PAGE) -> dict[str, Any]:
    """Both extractors on one real page (tabnak 818242, 167 KB as served): ms per run, body F1.

    Ours is what ``extraction`` times (page object, normalization, validation).

    The mirror's pages are small (8-14 KB: a header, the article, a footer); a real page carries
    menus, sidebars and scripts, which both sides parse but only a generic extractor must weigh.
    """
    import trafilatura
    from scrapy.http import HtmlResponse

    from newscrawl.spiders.loader import SPIDERS

    body = page.read_bytes()
    golden = json.loads(REAL_GOLDEN.read_text("utf-8"))
    extract = our_extraction(SPIDERS["tabnak"], "tabnak")
    headers = {"Content-Type": "text/html; charset=utf-8"}

    def ours() -> str | None:
        response = HtmlResponse(golden["url"], body=body, headers=headers)
        response.encoding  # noqa: B018 -- settled outside the timing, as in ``extraction``
        started = time.process_time()
        text = extract(response)
        timings["ours"] += time.process_time() - started
        return text

    def theirs() -> str | None:
        text = body.decode("utf-8")
        started = time.process_time()
        extracted: str | None = trafilatura.extract(text)
        timings["theirs"] += time.process_time() - started
        return extracted

    timings = {"ours": 0.0, "theirs": 0.0}
    our_body, their_body = ours(), theirs()  # warm up
    timings = {"ours": 0.0, "theirs": 0.0}
    for _ in range(REAL_RUNS):
        ours(), theirs()
    return {
        "page": page.name,
        "bytes": len(body),
        "extract_ms": 1000 * timings["ours"] / REAL_RUNS,
        "trafilatura_ms": 1000 * timings["theirs"] / REAL_RUNS,
        "speedup": timings["theirs"] / timings["ours"],
        "body_f1": token_f1(our_body, golden["body"]),
        "trafilatura_body_f1": token_f1(their_body, golden["body"]),
    }


def _blocks(count: int, size: int) -> Iterator[range]:
    for start in range(0, count, size):
        yield range(start, min(start + size, count))


def _mean(values: Iterator[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


# --- the machine ---


def machine() -> dict[str, Any]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "scrapy": version("scrapy"),
        "lxml": version("lxml"),
        "parsel": version("parsel"),
        "trafilatura": version("trafilatura"),
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# --- report ---


ROWS = (
    ("scrapy_bench_pages_per_s", "scrapy bench (median of 3)", "{:.1f} pages/s"),
    ("articles_per_s", "5k crawl, end to end (median of 3)", "{:.1f} articles/s"),
    ("ratio_vs_scrapy_bench", "  ratio of the medians (>= 1.2)", "{:.2f}"),
    ("articles_per_s_20k", "20k crawl, end to end (once)", "{:.1f} articles/s"),
    ("cpu_ms_per_article", "  CPU per article (user+sys), 20k crawl", "{:.2f} ms"),
    ("peak_rss_mb_5k", "peak RSS, 5k crawl (median of 3)", "{:.0f} MiB"),
    ("peak_rss_mb_20k", "peak RSS, 20k crawl (<= 150 MB, <= +15 %)", "{:.0f} MiB"),
    ("extract_ms_per_page", "extraction, ours (page+normalize+validate)", "{:.2f} ms/page"),
    ("trafilatura_ms_per_page", "extraction, trafilatura.extract", "{:.2f} ms/page"),
    ("extract_speedup", "  trafilatura / ours (>= 6)", "{:.1f}x"),
    ("body_f1", "body F1, ours (>= 0.995)", "{:.4f}"),
    ("trafilatura_body_f1", "body F1, trafilatura", "{:.4f}"),
)


def floors(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each floor of the issue: its figure, the floor, and whether the figure keeps it."""
    rss_20k_mb = results["peak_rss_mb_20k"] * MIB_IN_MB
    growth = results["peak_rss_mb_20k"] / results["peak_rss_mb_5k"] - 1
    checks = {
        "extract_speedup": (results["extract_speedup"], ">=", 6.0),
        "body_f1": (results["body_f1"], ">=", 0.995),
        "ratio_vs_scrapy_bench": (results["ratio_vs_scrapy_bench"], ">=", 1.2),
        "peak_rss_20k_mb_decimal": (rss_20k_mb, "<=", 150.0),
        "peak_rss_growth_5k_to_20k": (growth, "<=", 0.15),
    }
    if "multisite_sites" in results:
        checks.update(multisite_floors(results["details"]["multisite"]))
    return {
        name: {
            "figure": figure,
            "floor": f"{op} {floor}",
            "pass": figure >= floor if op == ">=" else figure <= floor,
        }
        for name, (figure, op, floor) in checks.items()
    }


FLOOR_FORMS = {
    "extract_speedup": "{:.2f}x",
    "body_f1": "{:.4f}",
    "ratio_vs_scrapy_bench": "{:.3f}",
    "peak_rss_20k_mb_decimal": "{:.1f} MB",
    "peak_rss_growth_5k_to_20k": "{:+.1%}",
    "multisite_peak_rss_mb_decimal": "{:.1f} MB",
    "multisite_rss_per_extra_site_mb": "{:.2f} MB",
    "multisite_wall_vs_slowest_single": "{:.1f}x",
}


def floor_lines(checked: dict[str, dict[str, Any]]) -> list[str]:
    return [
        f"{'PASS' if check['pass'] else 'FAIL'}  {name:28}"
        f" {FLOOR_FORMS[name].format(check['figure']):>10}  (floor {check['floor']})"
        for name, check in checked.items()
    ]


def table(results: dict[str, Any]) -> str:
    lines = [f"{'figure':48} value", f"{'-' * 48} {'-' * 18}"]
    for key, label, form in ROWS:
        lines.append(f"{label:48} {form.format(results[key])}")
    lines.append(
        f"  alternated runs: scrapy bench {_rates(results['scrapy_bench_runs_pages_per_s'])}"
        f" pages/s; 5k crawl {_rates(results['crawl_runs_articles_per_s'])} articles/s"
    )
    lines.append("")
    lines.append(f"{'requests per exported article':48} requests  redirects  listings")
    for mode, figures in results["requests_per_article"].items():
        lines.append(
            f"  {mode:46} {figures['requests_per_article']:8.3f}  "
            f"{figures['redirects_per_article']:9.3f}  {figures['listing_pages']:8.0f}"
        )
    cold = results["page_by_page"]
    lines.append("")
    lines.append(
        f"page by page (each side's caches cold): ours {cold['extract_ms_per_page']:.2f} ms,"
        f" trafilatura {cold['trafilatura_ms_per_page']:.2f} ms ({cold['extract_speedup']:.1f}x)"
    )
    real = results["real_page"]
    lines.append("")
    lines.append(
        f"real page {real['page']} ({real['bytes'] / 1024:.0f} KiB): ours"
        f" {real['extract_ms']:.2f} ms, trafilatura {real['trafilatura_ms']:.2f} ms"
        f" ({real['speedup']:.1f}x); body F1 {real['body_f1']:.4f} vs"
        f" {real['trafilatura_body_f1']:.4f}"
    )
    if "multisite_sites" in results:
        multi = results["details"]["multisite"]
        lines.append("")
        lines.append(
            f"multi-site round: {results['multisite_sites']} sites in one newscrawl run,"
            f" {multi['together']['exported']} articles in {results['multisite_wall_s']:.1f} s"
            f" (CPU {multi['together']['cpu_s']:.1f} s), peak RSS"
            f" {results['multisite_peak_rss_mb']:.0f} MiB; slowest one-site round"
            f" {results['multisite_slowest_single_s']:.1f} s"
        )
    info = results["machine"]
    lines.append("")
    lines.append(
        f"{info['cores']} cores, {info['cpu']}; Python {info['python']}, Scrapy {info['scrapy']},"
        f" lxml {info['lxml']}, trafilatura {info['trafilatura']};"
        f" load average {results['load_average']['start']} at start,"
        f" {results['load_average']['end']} at the end"
    )
    lines.append("")
    lines.append("floors:")
    lines += [f"  {line}" for line in floor_lines(results["floors"])]
    return "\n".join(lines)


def _rates(values: list[float]) -> str:
    return ", ".join(f"{value:.1f}" for value in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="big crawl (and mirror) size")
    parser.add_argument("--small", type=int, default=5_000, help="small crawl size")
    parser.add_argument("--mode-articles", type=int, default=1_000, help="archive/incremental")
    parser.add_argument(
        "--extract-pages", type=int, default=2_000, help="saved mirror pages to extract"
    )
    parser.add_argument("--concurrency", type=int, default=32, help="crawl requests at once")
    parser.add_argument(
        "--multisite-sites", type=int, default=120, help="sites of the multi-site round (0: none)"
    )
    parser.add_argument("--work", type=Path, help="keep the mirror and logs here (reused)")
    parser.add_argument(
        "--out", type=Path, default=PROJECT / "bench" / "results.json", help="results file"
    )
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        work = args.work or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        work.mkdir(parents=True, exist_ok=True)
        results = run(args, work)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print(f"\nwritten to {args.out}")
    return 0


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    load_start = load_average()
    site_dir = mirror(work, args.articles)
    index = index_lines(site_dir)
    for old_state in work.glob("*-state"):  # a reused --work directory: start every crawl afresh
        shutil.rmtree(old_state)
    small, big = f"ids_{args.small}", f"ids_{args.articles}"
    with serve_site_dir(site_dir) as base_url:
        ceilings, small_runs = alternate(args, work, base_url, index)
        plans = {
            big: ["-a", f"ids={first_articles_range(index, args.articles)}"],
            "archive": archive_args(index, args.mode_articles),
            "incremental": incremental_args(work, index, args.mode_articles, base_url),
        }
        crawls = {small: _median_run(small_runs, "articles_per_s")}
        for name, plan in plans.items():
            print(f"crawl {name} ...", flush=True)
            crawls[name] = crawl(base_url, work, name, plan, args.concurrency)
            print(f"  {_crawl_line(crawls[name])}", flush=True)
    print(f"extraction on {args.extract_pages} pages ...", flush=True)
    extract = extraction(site_dir, args.extract_pages)
    print(f"extraction page by page on {args.extract_pages} other pages ...", flush=True)
    alternating = extraction(site_dir, args.extract_pages, block=1, offset=1)
    real = real_page_extraction()
    multi: dict[str, Any] = {}
    if args.multisite_sites:
        print(f"multi-site round: {args.multisite_sites} mirror sites ...", flush=True)
        multi = multisite_round(work / "multisite", args.multisite_sites)
    bench_rates = [measured["pages_per_s"] for measured in ceilings]
    crawl_rates = [measured["articles_per_s"] for measured in small_runs]
    results: dict[str, Any] = {
        "scrapy_bench_pages_per_s": statistics.median(bench_rates),
        "articles_per_s": statistics.median(crawl_rates),
        "ratio_vs_scrapy_bench": statistics.median(crawl_rates) / statistics.median(bench_rates),
        "scrapy_bench_runs_pages_per_s": bench_rates,
        "crawl_runs_articles_per_s": crawl_rates,
        "alternated_crawl": small,
        "articles_per_s_20k": crawls[big]["articles_per_s"],
        "cpu_ms_per_article": crawls[big]["cpu_ms_per_article"],
        "peak_rss_mb_5k": statistics.median(measured["peak_rss_mb"] for measured in small_runs),
        "peak_rss_mb_5k_runs": [measured["peak_rss_mb"] for measured in small_runs],
        "peak_rss_mb_20k": crawls[big]["peak_rss_mb"],
        "extract_ms_per_page": extract["extract_ms_per_page"],
        "trafilatura_ms_per_page": extract["trafilatura_ms_per_page"],
        "extract_speedup": extract["trafilatura_ms_per_page"] / extract["extract_ms_per_page"],
        "body_f1": extract["body_f1"],
        "trafilatura_body_f1": extract["trafilatura_body_f1"],
        "page_by_page": {
            "extract_ms_per_page": alternating["extract_ms_per_page"],
            "trafilatura_ms_per_page": alternating["trafilatura_ms_per_page"],
            "extract_speedup": (
                alternating["trafilatura_ms_per_page"] / alternating["extract_ms_per_page"]
            ),
        },
        "requests_per_article": {
            name: {
                "exported": figures["exported"],
                "requests_per_article": figures["requests_per_article"],
                "redirects_per_article": figures["redirects"] / max(figures["exported"], 1),
                "listing_pages": figures["listing_pages"],
            }
            for name, figures in crawls.items()
        },
        "targets": TARGETS,
        "real_page": real,
        "details": {
            "scrapy_bench": _median_run(ceilings, "pages_per_s"),
            "scrapy_bench_runs": ceilings,
            "crawl_runs": small_runs,
            "crawls": crawls,
            "extraction": extract,
            "extraction_page_by_page": alternating,
            **({"multisite": multi.pop("multisite")} if multi else {}),
        },
        **multi,
        "machine": machine(),
        "load_average": {"start": load_start, "end": load_average()},
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    results["floors"] = floors(results)
    return results


def alternate(
    args: argparse.Namespace, work: Path, base_url: str, index: list[dict[str, Any]]
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """``scrapy bench`` and the small crawl, alternated ``ALTERNATIONS`` times; both run lists.

    Each run records the one-minute load average at its start (``load_1min``).
    """
    plan = ["-a", f"ids={first_articles_range(index, args.small)}"]
    ceilings: list[dict[str, float]] = []
    crawls: list[dict[str, float]] = []
    for turn in range(1, ALTERNATIONS + 1):
        print(f"scrapy bench {turn}/{ALTERNATIONS} ...", flush=True)
        load = load_average()
        ceilings.append(scrapy_bench(work, f"scrapy-bench-{turn}") | {"load_1min": load})
        print(f"  {ceilings[-1]['pages_per_s']:.1f} pages/s (load {load})", flush=True)
        name = f"ids_{args.small}_run{turn}"
        print(f"crawl {name} ...", flush=True)
        load = load_average()
        crawls.append(crawl(base_url, work, name, plan, args.concurrency) | {"load_1min": load})
        print(f"  {_crawl_line(crawls[-1])} (load {load})", flush=True)
    return ceilings, crawls


def _median_run(runs: list[dict[str, float]], key: str) -> dict[str, float]:
    """The run whose ``key`` is the median (runs are an odd number)."""
    return sorted(runs, key=lambda measured: measured[key])[len(runs) // 2]


def _crawl_line(figures: dict[str, float]) -> str:
    return (
        f"{figures['exported']:.0f} articles in {figures['seconds']:.1f} s"
        f" ({figures['articles_per_s']:.1f}/s), {figures['cpu_ms_per_article']:.2f} ms CPU each,"
        f" peak RSS {figures['peak_rss_mb']:.0f} MiB,"
        f" {figures['requests_per_article']:.3f} requests per article"
    )


if __name__ == "__main__":
    raise SystemExit(main())
