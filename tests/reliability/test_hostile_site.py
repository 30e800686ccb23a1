"""A hostile site, end to end (issue 16): listings, archive, redirects, pages, storms, outputs.

Each test serves the small synthetic site of :mod:`tests.reliability.hostile` with one hostile
answer, runs the real ``scrapy crawl asrpress`` (or ``newscrawl run``) against it and asserts what
the server was asked for, what was published and what the run summary, the failures file and the
stats say: counts, never timings.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from newscrawl.cms.iransamaneh.urls import ARCHIVE_PATH, FRONT_PATH, article_id
from newscrawl.runs.state import SiteState, StateDir
from newscrawl.runs.summary import summarize
from tests.crawling import (
    FAST,
    PROJECT,
    crawl_command,
    crawl_env,
    mirror_state_key,
    run_crawl,
    whole_archive_args,
)
from tests.mirror.app import HTML, Response
from tests.mirror.http_server import MirrorServer
from tests.reliability.hostile import (
    QUICK_RETRIES,
    RequestLog,
    build_site,
    on_archive,
    on_article,
    on_path,
    stat,
    sub_once,
)
from tests.reliability.outcomes import read_lines

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.crawling import Crawl
    from tests.mirror.http_server import Handler, Request
    from tests.reliability.hostile import Site

pytestmark = pytest.mark.e2e

TITLE_LINK = r'(<h1 class="title"><a href=")[^"]*(")'
PRINTED_ID = r'(<span class="news_nav_title">کد خبر: </span>)[۰-۹]+'
TAGS = r'(<div class="tags_title">برچسب ها: ).*?(</div>)'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return build_site(tmp_path_factory.mktemp("hostile-site"))


def crawl(tmp: Path, server: MirrorServer, *args: str, name: str = "out") -> Crawl:
    return run_crawl(tmp, "asrpress", "-a", f"base_url={server.base_url}", *args, name=name)


def start_at(tmp: Path, server: MirrorServer, last_id: int) -> str:
    """Give the site on ``server`` the state of an earlier run that stopped at ``last_id``."""
    key = mirror_state_key("asrpress", server.base_url)
    StateDir(tmp / "state").save(SiteState(key, last_id=last_id))
    return key


def cursor(tmp: Path, key: str) -> int | None:
    return StateDir(tmp / "state").load(key).last_id


def failures(tmp: Path, name: str = "out") -> list[dict]:
    return read_lines(tmp / f"{name}.failures.jsonl")


# --- listings: only the site's own ids, a bounded plan ---


def link_on_front_page(href: str) -> Handler:
    def answer(request: Request, normal: Response) -> Response:
        link = f'<div class="linear_news"><a class="title5" href="{href}">خبر</a></div>'
        return replace(normal, body=normal.body.replace(b"</body>", f"{link}</body>".encode()))

    return on_path(FRONT_PATH, answer)


def test_an_offsite_link_on_the_front_page_plans_no_id(site, tmp_path):
    """Another IranSamaneh site's ``/fa/news/1200000`` once planned 1,199,951 ids."""
    log = RequestLog()
    offsite = link_on_front_page("https://www.asriran.com/fa/news/1200000/خبر-دیگر")
    with MirrorServer(site.site_dir, handlers=[log, offsite]) as server:
        key = mirror_state_key("asrpress", server.base_url)
        first = crawl(tmp_path, server)
        asked_first = log.article_ids()
        log.targets.clear()
        second = crawl(tmp_path, server, name="again")
    listed = site.ids[10:]  # the front page lists the newest 40
    assert first.returncode == 0, first.log[-3000:]
    assert asked_first == set(listed), "the listed ids, none from the other site"
    assert sorted(r["news_id"] for r in first.records) == listed
    assert stat(first.log, "newscrawl/spider/listing/offsite_links") == 1
    assert f"newest listed id {listed[-1]}, cursor None, {len(listed)} ids to fetch" in first.log
    assert "plan_cut" not in first.summary["ledger"]
    assert cursor(tmp_path, key) == listed[-1], "the site's own newest id"
    assert second.returncode == 0, second.log[-3000:]
    assert (log.article_ids(), second.records) == (set(), [])
    assert cursor(tmp_path, key) == listed[-1]


def test_a_link_far_beyond_the_cursor_is_walked_a_bounded_plan_at_a_time(site, tmp_path):
    """A same-host ``/fa/news/999999999`` once raised MemoryError on every run."""
    log = RequestLog()
    far = link_on_front_page("/fa/news/999999999/خبر")
    with MirrorServer(site.site_dir, handlers=[log, far]) as server:
        key = start_at(tmp_path, server, site.ids[9])
        crawled = crawl(tmp_path, server, "-s", "NEWSCRAWL_MAX_PLAN=15")
    assert crawled.returncode == 0, crawled.log[-3000:]
    walk = site.ids[10:25]
    assert log.article_ids() == set(walk), "the 15 ids nearest the cursor"
    assert sorted(r["news_id"] for r in crawled.records) == walk
    assert crawled.summary["ledger"]["plan_cut"] == site.ids[-1] - site.ids[9] - 15
    assert crawled.summary["ledger"]["walk_outliers"] == 1, "999999999: not walked to"
    assert "this run walks the 15 nearest it (NEWSCRAWL_MAX_PLAN)" in crawled.log
    assert cursor(tmp_path, key) == walk[-1], "no id the run did not handle is passed"


def test_a_far_link_on_a_first_run_costs_no_article(site, tmp_path):
    log = RequestLog()
    far = link_on_front_page("/fa/news/999999999/خبر")
    with MirrorServer(site.site_dir, handlers=[log, far]) as server:
        key = mirror_state_key("asrpress", server.base_url)
        crawled = [
            crawl(tmp_path, server, "-s", "NEWSCRAWL_MAX_PLAN=15", name=f"run{run}")
            for run in range(3)
        ]
    exported = sorted(r["news_id"] for run in crawled for r in run.records)
    assert exported == site.ids[10:], "every article the front page lists, within a few runs"
    assert (cursor(tmp_path, key) or 0) <= site.ids[-1], "no cursor past the site's newest id"


def test_a_far_link_costs_no_article_published_later(tmp_path):
    """The cursor follows a far link into ids the site has not allotted yet."""
    site = build_site(tmp_path / "site")
    far = link_on_front_page("/fa/news/999999999/خبر")
    with MirrorServer(site.site_dir, handlers=[far]) as server:
        key = start_at(tmp_path, server, site.ids[-1])
        for run in range(4):  # a quiet site: nothing new for an hour
            crawl(tmp_path, server, "-s", "NEWSCRAWL_MAX_PLAN=15", name=f"quiet{run}")
        published = build_site(tmp_path / "site", articles=len(site.ids) + 10).ids[-10:]
        server.reload()
        crawled = crawl(tmp_path, server, "-s", "NEWSCRAWL_MAX_PLAN=15", name="published")
    assert sorted(r["news_id"] for r in crawled.records) == published
    assert cursor(tmp_path, key) == published[-1]


def test_a_link_with_a_5000_digit_id_costs_no_article(site, tmp_path):
    log = RequestLog()
    huge = link_on_front_page(f"/fa/news/{'9' * 5000}/خبر")
    with MirrorServer(site.site_dir, handlers=[log, huge]) as server:
        crawled = crawl(tmp_path, server)
    assert crawled.summary["spider_exceptions"] == 0
    assert sorted(r["news_id"] for r in crawled.records) == site.ids[10:]


# --- archive: a capped walk, off-site pages recorded ---


def archive_args(site: Site) -> list[str]:
    """The whole site in one archive chunk of 100 entries a page: one page lists every article."""
    return [
        *whole_archive_args(site.expected.values()),
        "-s", "NEWSCRAWL_ARCHIVE_CHUNK_DAYS=3650",
        "-s", "NEWSCRAWL_ARCHIVE_RPP=100",
    ]  # fmt: skip


def next_link(request: Request, href: str) -> bytes:
    return f'<div class="pagination"><a class="next" href="{href}">»</a></div></body>'.encode()


def endless(request: Request, body: bytes) -> bytes:
    """Every archive page, however far, links a next one."""
    query = parse_qs(urlsplit(request.target).query)
    page = int(query["p"][0])
    href = request.target.replace(f"&p={page}", f"&p={page + 1}")
    return body.replace(b"</body>", next_link(request, href))


def test_an_endless_next_link_stops_at_the_archive_page_cap(site, tmp_path):
    log = RequestLog()
    with MirrorServer(site.site_dir, handlers=[log, on_archive(endless)]) as server:
        crawled = crawl(
            tmp_path, server, *archive_args(site), "-s", "NEWSCRAWL_ARCHIVE_MAX_PAGES=3"
        )
    assert log.count(ARCHIVE_PATH) == 3
    assert sorted(r["news_id"] for r in crawled.records) == site.ids, "page 1 listed them all"
    (stop,) = failures(tmp_path)
    assert (stop["reason"], stop["news_id"]) == ("archive_cap", None)
    assert stop["url"].endswith("&p=3")
    assert stat(crawled.log, "newscrawl/spider/listing/failed") == 1


def offsite_next(request: Request, body: bytes) -> bytes:
    """The next page is on another host: the same server, called ``localhost``."""
    elsewhere = request.origin.replace("127.0.0.1", "localhost") + ARCHIVE_PATH + "?p=2"
    return body.replace(b"</body>", next_link(request, elsewhere))


def test_an_offsite_next_link_is_a_recorded_failure(site, tmp_path):
    log = RequestLog()
    with MirrorServer(site.site_dir, handlers=[log, on_archive(offsite_next)]) as server:
        crawled = crawl(tmp_path, server, *archive_args(site))
    assert log.count(ARCHIVE_PATH) == 1, "the other host's page is not fetched"
    (failure,) = failures(tmp_path)
    assert (failure["reason"], failure["news_id"]) == ("offsite_listing", None)
    assert (
        f"http://localhost:{urlsplit(failure['url']).port}{ARCHIVE_PATH}?p=2" in failure["detail"]
    )
    assert stat(crawled.log, "newscrawl/spider/listing/failed") == 1


# --- redirects: another port is another host ---


def test_a_redirect_to_the_same_host_on_another_port_is_not_followed(site, tmp_path):
    other_log, log = RequestLog(), RequestLog()
    moved = site.ids[0]

    def to_other_port(request: Request, normal: Response) -> Response:
        if normal.status != 301 or article_id(request.target) != moved:
            return normal
        assert normal.location is not None
        return replace(normal, location=normal.location.replace(request.origin, other.base_url))

    with (
        MirrorServer(site.site_dir, handlers=[other_log]) as other,
        MirrorServer(site.site_dir, handlers=[log, to_other_port]) as server,
    ):
        crawled = crawl(tmp_path, server, "-a", f"ids={site.ids[0]}-{site.ids[4]}")
    assert other_log.targets == [], "nothing asked on the other port"
    assert sorted(r["news_id"] for r in crawled.records) == site.ids[1:5]
    ((news_id, reason),) = [(f["news_id"], f["reason"]) for f in failures(tmp_path)]
    assert (news_id, reason) == (moved, "offsite_redirect")
    assert crawled.summary["failed_by_reason"] == {"offsite_redirect": 1}
    assert stat(crawled.log, "newscrawl/redirect/offsite") == 1


# --- pages: what a page says is checked against where it was fetched ---

ELSEWHERE = {
    "title_link_other_host": (TITLE_LINK, r"\g<1>https://evil.example/fa/news/{id}/x\g<2>"),
    "title_link_metadata_ip": (TITLE_LINK, r"\g<1>http://169.254.169.254/fa/news/{id}/x\g<2>"),
    "title_link_file": (TITLE_LINK, r"\g<1>file:///etc/passwd\g<2>"),
    "title_link_file_same_id": (TITLE_LINK, r"\g<1>file:///fa/news/{id}/x\g<2>"),
    "base_other_host": ("<head>", '<head><base href="https://evil.example/">'),
    "base_file": ("<head>", '<head><base href="file:///etc/">'),
}


def naming_elsewhere(news_id: int, pattern: str, replacement: str) -> Handler:
    return on_article(news_id, lambda body: sub_once(pattern, replacement.format(id=news_id), body))


def test_a_records_url_never_names_another_host(site, tmp_path):
    """Each page names another origin in its title link or ``<base>``: each record keeps its own."""
    pages = dict(zip(site.ids, ELSEWHERE.values(), strict=False))
    handlers = [naming_elsewhere(news_id, *change) for news_id, change in pages.items()]
    with MirrorServer(site.site_dir, handlers=handlers) as server:
        crawled = crawl(tmp_path, server, "-a", f"ids={min(pages)}-{max(pages)}")
        expected = site.expected_at(server.base_url)
    assert crawled.returncode == 0, crawled.log[-3000:]
    urls = {r["news_id"]: r["url"] for r in crawled.records}
    assert urls == {news_id: expected[news_id]["url"] for news_id in pages}
    assert all(url.startswith(f"{server.base_url}/fa/news/") for url in urls.values())


def test_a_printed_id_other_than_the_urls_is_logged_and_counted(site, tmp_path):
    news_id, printed = site.ids[0], site.ids[0] + 7
    persian = str(printed).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    lying = on_article(news_id, lambda body: sub_once(PRINTED_ID, rf"\g<1>{persian}", body))
    with MirrorServer(site.site_dir, handlers=[lying]) as server:
        crawled = crawl(tmp_path, server, "-a", f"ids={news_id}")
        expected = site.expected_at(server.base_url)[news_id]
    assert crawled.returncode == 0, crawled.log[-3000:]
    (record,) = crawled.records
    assert (record["news_id"], record["url"]) == (news_id, expected["url"])
    assert stat(crawled.log, "newscrawl/spider/page/printed_id_mismatch") == 1
    assert f"prints id {printed}" in crawled.log


# --- what a record holds: clean text, bounded lists ---

CONTROLS = {
    # BEL, ESC, DEL, a C1 control (CSI), RIGHT-TO-LEFT OVERRIDE and BEL as a character reference
    "removed": ("\x07\x1b\x7f\x9b\u202e&#7;", ""),
    # NEL, VT, FF, LINE SEPARATOR: line breaks to the normalization, a space in a one-line field
    "line_breaks": ("\x85\x0b\x0c\u2028", " "),
}


@pytest.mark.parametrize(("inserted", "becomes"), CONTROLS.values(), ids=list(CONTROLS))
def test_control_characters_in_a_title_are_removed(site, tmp_path, inserted, becomes):
    news_id = site.ids[0]
    title = site.expected[news_id]["title"]
    printed, dirty = f">{title}</a></h1>".encode(), f">{title[:3]}{inserted}{title[3:]}</a></h1>"
    hostile = on_article(news_id, lambda body: body.replace(printed, dirty.encode()))
    with MirrorServer(site.site_dir, handlers=[hostile]) as server:
        crawled = crawl(tmp_path, server, "-a", f"ids={news_id}")
    assert crawled.returncode == 0, crawled.log[-3000:]
    (record,) = crawled.records
    assert record["title"] == f"{title[:3]}{becomes}{title[3:]}"
    assert stat(crawled.log, "newscrawl/normalize/changed/title") == 1


def test_ten_thousand_tags_are_cut_to_the_bound_and_counted(site, tmp_path):
    news_id = next(news_id for news_id in site.ids if site.expected[news_id]["tags"])
    tags = [f"برچسب {number}" for number in range(10_000)]
    links = "، ".join(f'<a href="/fa/tags/{n}/1/x">{tag}</a>' for n, tag in enumerate(tags))
    many = on_article(news_id, lambda body: sub_once(TAGS, rf"\g<1>{links}\g<2>", body))
    with MirrorServer(site.site_dir, handlers=[many]) as server:
        crawled = crawl(
            tmp_path, server, "-a", f"ids={news_id}", "-s", "NEWSCRAWL_MAX_LIST_ITEMS=25"
        )
    assert crawled.returncode == 0, crawled.log[-3000:]
    (record,) = crawled.records
    assert record["tags"] == tags[:25]
    assert stat(crawled.log, "newscrawl/normalize/truncated/tags") == 1
    assert re.search(r"tags of \S+ cut: 10000 entries, kept 25", crawled.log)


# --- bodies that must not be read: bombs; pages that break the spider ---


def gzip_bomb(request: Request, normal: Response) -> Response:
    """8 MiB of HTML (twice DOWNLOAD_MAXSIZE) in an 8 KiB gzip body."""
    inflated = b"<html><body>" + b" " * (8 << 20) + b"</body></html>"
    return replace(normal, body=gzip.compress(inflated), headers=(b"Content-Encoding: gzip",))


def padded(request: Request, normal: Response) -> Response:
    """An honest page of 5 MiB, over DOWNLOAD_MAXSIZE by its Content-Length."""
    return replace(normal, body=normal.body + b" " * (5 << 20))


@pytest.mark.parametrize("answer", [gzip_bomb, padded], ids=["gzip_bomb", "oversized"])
def test_a_body_too_big_is_counted_as_oversized(site, tmp_path, answer: Handler):
    news_id = site.ids[0]

    def big(request: Request, normal: Response) -> Response:
        if normal.status != 200 or article_id(request.target) != news_id:
            return normal
        return answer(request, normal)

    with MirrorServer(site.site_dir, handlers=[big]) as server:
        crawled = crawl(tmp_path, server, "-a", f"ids={site.ids[0]}-{site.ids[4]}")
    assert sorted(r["news_id"] for r in crawled.records) == site.ids[1:5]
    (failure,) = failures(tmp_path)
    assert (failure["news_id"], failure["reason"]) == (news_id, "oversized")
    assert crawled.summary["failed_by_reason"] == {"oversized": 1}
    assert stat(crawled.log, "newscrawl/download/oversized") == 1, "a bomb as a big page"


def test_a_page_printing_a_5000_digit_id_is_read_with_its_urls_id(site, tmp_path):
    """Python refuses to read a number of thousands of digits: no id, the URL's stands."""
    news_id = site.ids[0]
    huge = on_article(news_id, lambda body: sub_once(PRINTED_ID, r"\g<1>" + "۹" * 5000, body))
    with MirrorServer(site.site_dir, handlers=[huge]) as server:
        crawled = crawl(tmp_path, server, "-a", f"ids={site.ids[0]}-{site.ids[4]}")
    assert crawled.returncode == 0, crawled.log[-3000:]
    assert sorted(r["news_id"] for r in crawled.records) == site.ids[0:5]
    assert crawled.summary["spider_exceptions"] == 0


def test_a_spider_exception_is_counted_once():
    """Scrapy counts each callback error twice (``…/count`` and ``…/<Exception>``); one error is
    one in the summary, and it fails the run. (No page breaks the spider any more: the last one
    that did, a 5,000-digit printed id, is read above.)"""
    stats = {
        "finish_reason": "finished",
        "downloader/request_count": 5,
        "response_received_count": 5,
        "spider_exceptions/count": 1,
        "spider_exceptions/ValueError": 1,
    }
    summary = summarize(stats)
    assert summary["spider_exceptions"] == 1
    assert summary["problems"] == ["1 spider errors"]
    assert not summary["ok"]


# --- storms: the whole site slows down, and a run that lost its ids says so ---


def storm(request: Request, normal: Response) -> Response:
    if article_id(request.target) is None:
        return normal
    return Response(503, HTML, b"<html><body>Service Unavailable</body></html>")


def test_a_503_storm_paces_the_site_and_fails_the_run(site, tmp_path):
    log = RequestLog()
    ids = site.ids[:10]
    with MirrorServer(site.site_dir, handlers=[log, storm]) as server:
        crawled = crawl(tmp_path, server, "-a", f"ids={ids[0]}-{ids[-1]}", *QUICK_RETRIES)
    assert crawled.returncode == 1
    assert sorted(log.article_ids()) == ids
    assert all(log.count(f"/fa/news/{news_id}") == 4 for news_id in ids), "1 + RETRY_TIMES each"
    assert stat(crawled.log, "newscrawl/retry/site_backoff") >= 1
    assert "The site answers with errors: one request every" in crawled.log
    assert crawled.records == []
    assert not crawled.summary["ok"]
    assert crawled.summary["failed_by_reason"] == {"http_503": 10}
    assert crawled.summary["problems"] == ["10 of 10 ids failed (more than 20%)"]


def newscrawl_run(tmp: Path, base_url: str, *scrapy_args: str) -> subprocess.CompletedProcess[str]:
    """``newscrawl run asrpress`` (the cron runner) against ``base_url``, as tests/test_cron.py."""
    return subprocess.run(
        [
            sys.executable, "-m", "newscrawl", "run", "asrpress", f"--base-url=asrpress={base_url}",
            "--state-dir", str(tmp / "state"),
            "--log-dir", str(tmp / "logs"),
            "--data-dir", str(tmp / "data"),
            "--", *FAST, *scrapy_args,
        ],
        cwd=PROJECT,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip


def test_newscrawl_run_exits_1_in_a_503_storm(site, tmp_path):
    with MirrorServer(site.site_dir, handlers=[storm]) as server:
        done = newscrawl_run(tmp_path, server.base_url, *QUICK_RETRIES)
    assert done.returncode == 1, done.stderr
    (line,) = done.stdout.splitlines()
    assert line.startswith("asrpress: FAILED: "), line
    assert "40 of 40 ids failed (more than 20%)" in line
    key = mirror_state_key("asrpress", server.base_url)
    (summary_path,) = (tmp_path / "data" / key).glob("*.summary.json")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    assert (summary["ok"], summary["failed_by_reason"]) == (False, {"http_503": 40})


# --- pages that cannot be read: never failing every later run ---


def deep_body(body: bytes) -> bytes:
    """The body's text nested 5,000 elements deep (deeper than Python's recursion limit)."""
    return body.replace(b'<div class="body">', b'<div class="body">' + b"<div>" * 5000, 1)


MAINTENANCE = "<html><head><title>در حال به‌روزرسانی</title></head><body><p>بزودی</p></body></html>"


def maintenance_page(body: bytes) -> bytes:
    """HTTP 200, but no layout of the CMS: a maintenance page in front of the article."""
    return MAINTENANCE.encode()


UNREADABLE = {
    # libxml2 stops reading a document nested past its depth limit: the body is left empty
    "deep_markup": (deep_body, "rejected", "missing body"),
    "no_known_layout": (maintenance_page, "given_up", "last: unknown_layout: "),
}
"""What each unreadable page serves, and what becomes of its id: the fate and a part of why."""
MAX_ATTEMPTS = 2


def runs_until_given_up(
    site: Site, tmp: Path, bad: int, change: Callable[[bytes], bytes]
) -> tuple[list[Crawl], list[bool], str]:
    """``MAX_ATTEMPTS + 1`` incremental runs; ``bad`` is the one id not exported before them.

    Returns the crawls, whether each asked for ``bad``, and the state key.
    """
    log = RequestLog()
    crawls, asked = [], []
    with MirrorServer(site.site_dir, handlers=[log, on_article(bad, change)]) as server:
        key = start_at(tmp, server, bad - 1)
        seen = StateDir(tmp / "state").seen_store()
        seen.add_all(key, [news_id for news_id in site.ids if news_id != bad])
        seen.close()
        for run in range(MAX_ATTEMPTS + 1):
            log.targets.clear()
            crawls.append(
                crawl(tmp, server, "-s", f"NEWSCRAWL_MAX_ATTEMPTS={MAX_ATTEMPTS}", name=f"run{run}")
            )
            asked.append(bad in log.article_ids())
    return crawls, asked, key


def fates(tmp: Path, crawls: list[Crawl]) -> list[tuple[str, int, str]]:
    """Every record, reject and give-up of the runs: ``(kind, id, why)``."""
    found = [("exported", r["news_id"], "") for crawled in crawls for r in crawled.records]
    for run in range(len(crawls)):
        rejects = read_lines(tmp / f"run{run}.rejects.jsonl")
        found += [("rejected", r["news_id"], f"{r['reason']}: {r['detail']}") for r in rejects]
        found += [
            ("given_up", f["news_id"], f["detail"])
            for f in failures(tmp, f"run{run}")
            if f["reason"] == "given_up"
        ]
    return found


@pytest.mark.parametrize(("change", "fate", "why"), UNREADABLE.values(), ids=list(UNREADABLE))
def test_a_page_that_cannot_be_read_fails_no_run_forever(site, tmp_path, change, fate, why):
    """An id no listing names any more serves an unreadable page, run after run.

    It is exported, rejected with a reason, or failed with one; a failing id is asked in
    ``NEWSCRAWL_MAX_ATTEMPTS`` runs at most, then given up with its reason. The run after that
    does not ask for it and succeeds.
    """
    bad = site.ids[5]  # the front page and the feed list the newest 40 and 30
    crawls, asked, key = runs_until_given_up(site, tmp_path, bad, change)
    ((kind, news_id, reason),) = fates(tmp_path, crawls)
    assert (kind, news_id) == (fate, bad)
    assert why in reason
    if kind == "given_up":
        assert reason.startswith(f"given up after {MAX_ATTEMPTS} failed runs; last: ")
    runs_asking = MAX_ATTEMPTS if kind == "given_up" else 1
    assert asked == [True] * runs_asking + [False] * (len(asked) - runs_asking)
    last = crawls[-1]
    assert last.returncode == 0, last.log[-3000:]
    assert last.summary["ok"]
    assert StateDir(tmp_path / "state").load(key).retry == {}


def test_a_given_up_id_still_listed_fails_no_more_runs(site, tmp_path):
    bad = site.ids[-1]  # the newest: on the front page and in the feed
    crawls, asked, _ = runs_until_given_up(site, tmp_path, bad, maintenance_page)
    assert [kind for kind, _, _ in fates(tmp_path, crawls)] == ["given_up"]
    assert asked == [True, True, False]
    assert crawls[-1].returncode == 0, crawls[-1].log[-3000:]


# --- outputs: refused before the first request ---


def refused_crawl(tmp: Path, server: MirrorServer, *args: str) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl`` with the feed and state where ``args`` say (no ``run_crawl`` defaults)."""
    command = crawl_command("asrpress", "-a", f"base_url={server.base_url}", *args)
    return subprocess.run(
        command, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    return line


def under_a_file(tmp: Path) -> Path:
    """A directory path under a regular file: unwritable even for root."""
    (tmp / "file.txt").write_text("not a directory\n", encoding="utf-8")
    return tmp / "file.txt"


def test_an_unwritable_output_directory_is_refused_before_the_first_request(site, tmp_path):
    """A directory path under a regular file: unwritable for every user, root included."""
    directory = under_a_file(tmp_path)
    log = RequestLog()
    with MirrorServer(site.site_dir, handlers=[log]) as server:
        done = refused_crawl(
            tmp_path, server, "-a", f"ids={site.id_range}",
            "-O", str(directory / "out.jsonl"),
            "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}",
        )  # fmt: skip
    assert one_line(done).startswith(f"scrapy crawl asrpress: cannot write to {directory}: ")
    assert log.targets == [], "not even robots.txt"


def test_a_zero_byte_seen_store_is_refused_before_the_first_request(site, tmp_path):
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "seen.sqlite3").write_bytes(b"")
    log = RequestLog()
    with MirrorServer(site.site_dir, handlers=[log]) as server:
        done = refused_crawl(
            tmp_path, server,
            "-O", str(tmp_path / "out.jsonl"),
            "-s", f"NEWSCRAWL_STATE_DIR={tmp_path / 'state'}",
        )  # fmt: skip
    line = one_line(done)
    assert line.startswith(
        f"scrapy crawl asrpress: seen-store {tmp_path / 'state' / 'seen.sqlite3'}"
    )
    assert "not a SQLite database" in line
    assert log.targets == []
    assert (tmp_path / "state" / "seen.sqlite3").read_bytes() == b"", "left as found"
    assert not (tmp_path / "out.jsonl").exists()
