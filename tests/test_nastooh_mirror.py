"""The synthetic Nastooh mirror: every page reads as its expected record, every route answers."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from urllib.request import urlopen

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from w3lib.url import safe_url_string

from newscrawl.cms.nastooh import CMS
from newscrawl.pages import PageKind
from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.sites import SITES
from newscrawl.text import dates
from tests.mirror.http_server import load_app, serve_in_thread
from tests.mirror.nastooh.app import NastoohApp
from tests.mirror.nastooh.build import build_mirror
from tests.mirror.nastooh.expected import EXPECTED_ORIGIN
from tests.mirror.nastooh.generate import generate
from tests.mirror.nastooh.listings import ARCHIVE_PAGE_SIZE, entry_path, kind_of
from tests.mirror.nastooh.slugs import short_code
from tests.mirror.site_dir import load_site_dir, read_expected

ORIGIN = "http://127.0.0.1:8080"
SEED = 4


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("nastooh")
    build_mirror(out, articles=150, seed=SEED)
    return out


@pytest.fixture(scope="module")
def app(site_dir) -> NastoohApp:
    made = load_app(site_dir)
    assert isinstance(made, NastoohApp)
    return made


def page_of(body: bytes, url: str):
    response = HtmlResponse(url, body=body, encoding="utf-8")
    return SITES["mehrnews"].page_class(response, site="mehrnews")


def test_the_mirror_holds_every_kind_and_gap(site_dir):
    entries = load_site_dir(site_dir).entries
    kinds = Counter(kind_of(e) if e.status == "ok" else e.status for e in entries)
    assert set(kinds) == {"news", "photo", "video", "soft404", "gone"}
    textless = [e.news_id for e in entries if e.status == "ok" and b"<p>" not in _body(e.html)]
    assert textless, "a video that is only a player"


def _body(html: bytes | None) -> bytes:
    assert html is not None
    return html.split(b'class="item-text">', 1)[-1].split(b"</div>", 1)[0]


def test_every_page_reads_as_its_expected_record(site_dir, crawler):
    normalize = build_from_crawler(NormalizePersianPipeline, crawler)
    expected = {record["news_id"]: record for record in read_expected(site_dir)}
    skipped = 0
    for entry in load_site_dir(site_dir).entries:
        if entry.status != "ok":
            continue
        assert entry.html is not None
        page = page_of(entry.html, safe_url_string(EXPECTED_ORIGIN + entry_path(entry)))
        if entry.news_id not in expected:
            assert (page.kind, page.kind_reason) == (PageKind.NOT_ARTICLE, "video")
            skipped += 1
            continue
        assert page.kind is PageKind.ARTICLE
        record = asdict(normalize.process_item(page.to_article()))
        del record["crawled_at"]
        assert record == expected[entry.news_id]
        assert page.anomalies == []
    assert skipped > 0
    assert any(record["authors"] for record in expected.values())


def test_a_bigger_build_starts_with_the_smaller_ones_items():
    assert list(generate(SEED, 40)) == list(generate(SEED, 80))[: len(list(generate(SEED, 40)))]


def ok_entries(app: NastoohApp, kind: str):
    return [e for e in app.data.entries if e.status == "ok" and kind_of(e) == kind]


def test_a_bare_or_wrong_item_url_redirects_to_the_items_own(app):
    photo = ok_entries(app, "photo")[0]
    own = ORIGIN + safe_url_string(entry_path(photo))
    for target in (
        f"/news/{photo.news_id}",
        f"/photo/{photo.news_id}/",
        f"/news/{photo.news_id}/x",
    ):
        answer = app.handle(target, ORIGIN)
        assert (answer.status, answer.location) == (301, own), target
    assert app.handle(safe_url_string(entry_path(photo)), ORIGIN).status == 200
    assert app.handle(f"/x{short_code(photo.news_id)}", ORIGIN).location == own


def test_gaps_answer_a_soft_404_or_a_hard_one(app):
    gaps = {e.status: e for e in app.data.entries if e.status != "ok"}
    soft = app.handle(f"/news/{gaps['soft404'].news_id}", ORIGIN)
    assert soft.status == 200
    assert page_of(soft.body, f"{ORIGIN}/news/{gaps['soft404'].news_id}").kind is PageKind.NOT_FOUND
    assert app.handle(f"/news/{gaps['gone'].news_id}", ORIGIN).status == 404
    assert app.handle("/news/99999999", ORIGIN).status == 404


def test_the_feed_lists_the_newest_feed_items(app):
    feed = app.handle("/rss", ORIGIN)
    entries = CMS.feed_entries(feed.body, f"{ORIGIN}/rss")
    wanted = [e for e in reversed(app.by_time) if e.in_feed][:30]
    assert [entry.news_id for entry in entries] == [e.news_id for e in wanted]
    assert entries[0].url == ORIGIN + safe_url_string(entry_path(wanted[0]))


def test_the_front_page_links_the_newest_items_and_an_old_one(app):
    front = HtmlResponse(f"{ORIGIN}/", body=app.handle("/", ORIGIN).body)
    linked = [entry.news_id for entry in CMS.linked_articles(front)]
    newest = [e.news_id for e in reversed(app.by_time)][:40]
    assert set(newest) <= set(linked)
    assert app.data.entries[0].news_id in linked  # the footer's «درباره ما»


def test_the_archive_lists_one_jalali_day_page_by_page(app):
    day = app.by_time[len(app.by_time) // 2].published_at
    wanted = [e.news_id for e in reversed(app.by_time) if e.published_at.date() == day.date()]
    assert len(wanted) > ARCHIVE_PAGE_SIZE, "the day needs two pages"
    url: str | None = CMS.archive_url(ORIGIN, day.date(), day.date(), 100)
    listed: list[int] = []
    while url is not None:
        target = url.removeprefix(ORIGIN)
        response = HtmlResponse(url, body=app.handle(target, ORIGIN).body)
        listed += [entry.news_id for entry in CMS.archive_entries(response)]
        url = CMS.next_archive_page(response)
    assert listed == wanted
    assert dates.gregorian_to_jalali(day.date())[1] == 11  # Bahman 1402


def test_the_server_serves_a_nastooh_site_directory_with_its_app(site_dir):
    with serve_in_thread(site_dir) as base_url, urlopen(f"{base_url}/rss") as feed:
        assert CMS.feed_entries(feed.read(), f"{base_url}/rss")
