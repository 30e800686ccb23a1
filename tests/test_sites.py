"""Every golden pair: page object plus cleaning pipeline give exactly the expected record."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from scrapy import Spider
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.pages import PageKind, compiled
from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.sites import SITES
from tests.golden_pairs import (
    GOLDEN,
    extract,
    golden_id,
    golden_pages,
    load_expected,
    own_goldens,
    page,
    record,
    variant_goldens,
)

if TYPE_CHECKING:
    from pathlib import Path

    from newscrawl.pages import ArticlePage
    from newscrawl.site import Site

ZWNJ = "\u200c"


@pytest.fixture
def normalize(crawler) -> NormalizePersianPipeline:
    return build_from_crawler(NormalizePersianPipeline, crawler)


@pytest.mark.parametrize("html", golden_pages(), ids=golden_id)
def test_golden_record(html, normalize):
    expected = load_expected(html)
    record = extract(html, expected["url"], normalize)
    crawled_at = record.pop("crawled_at")
    assert record == expected
    fetched = datetime.strptime(crawled_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - fetched) < timedelta(minutes=5)


@pytest.mark.parametrize("html", golden_pages(), ids=golden_id)
def test_golden_json_is_reviewable_text(html):
    """Golden JSON is sorted, indented, UTF-8 Persian (never \\u escapes), newline-terminated."""
    text = html.with_suffix(".json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert re.search(r"[\u0600-\u06ff]", text)


# A byte copy of shared/reference/asrpress-26684.txt (tests/golden/asrpress/README.md).
REFERENCE = GOLDEN / "asrpress" / "26684-reader.txt"


def test_reference_article_is_what_a_reader_saw_without_the_scraper_damage(normalize):
    """26684 holds exactly the reader's text: no tagline, no title glued on, ZWNJ restored."""
    html = GOLDEN / "asrpress" / "26684.html"
    record = extract(html, load_expected(html)["url"], normalize)
    reader = [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines()]
    reader = [line for line in reader if line]
    tagline, news_code, date_line, kicker, title, lead, *body, editor = reader
    assert news_code == f"کد خبر: {'۲۶۶۸۴'}"
    assert date_line.startswith(f"تاریخ انتشار: {record['published_at_raw']} - 19 October 2021")
    assert record["published_at"] == "2021-10-19T20:04:00+03:30"
    # The reader's copy lost every ZWNJ (an artifact of that text); compare without them.
    unzwnj = {
        key: value.replace(ZWNJ, "") for key, value in record.items() if isinstance(value, str)
    }
    assert (unzwnj["kicker"], unzwnj["title"], unzwnj["lead"]) == (kicker, title, lead)
    assert body[0].startswith(title), "the reference shows the image alt glued onto paragraph 1"
    assert unzwnj["body"].split("\n\n") == [body[0].removeprefix(title), *body[1:]]
    assert editor == f"دبیر:{record['editor']}"
    assert all(tagline.strip() not in str(value) for value in record.values())
    for word in ("سه‌شنبه", "زارع‌پور", "شرکت‌ها", "سازمان‌های", "دستگاه‌های"):
        assert word in record["body"]


def test_every_golden_folder_is_a_declared_site():
    assert {path.name for path in GOLDEN.iterdir() if path.is_dir()} <= set(SITES)


# --- declarations: one test per declared site, whatever its CMS ---

SITE_KEY = re.compile(r"[a-z][a-z0-9-]*")
"""A key starts with a letter: it names files and spiders, and never reads as an id."""


Reading = tuple[str | None, PageKind, str]
_READINGS: dict[tuple[type[ArticlePage], Path], Reading] = {}


def _reading(page_class: type[ArticlePage], html: Path) -> Reading:
    """(layout name, kind, record as JSON) of ``page_class`` on a golden page (read once)."""
    key = (page_class, html)
    if key not in _READINGS:
        page_object = page(page_class, html, "golden")
        layout = getattr(page_object, "layout", None)
        pipeline = NormalizePersianPipeline(StatsCollector(get_crawler(Spider)))
        exported = json.dumps(record(page_object, pipeline), sort_keys=True)
        _READINGS[key] = (getattr(layout, "name", None), page_object.kind, exported)
    return _READINGS[key]


def _reader(html: Path) -> type[ArticlePage]:
    """The page object of the site a golden page belongs to."""
    return SITES[html.parent.name].page_class


def _layout_goldens(site: Site) -> list[Path]:
    """The variant goldens their own site's page object reads as ``site``'s layout."""
    return [
        html
        for html in variant_goldens(site)
        if _reading(_reader(html), html)[0] in (site.layout, None)
    ]


@pytest.mark.parametrize("key", sorted(SITES))
def test_site_declaration(key):
    """Key, base URL and domains agree; the site has goldens (its own folder, else its layout's);
    its URL grammar names each golden's id; the selectors read each golden exactly: the site's own
    on its own pages, its variant's (the layout's, or the same overrides) on its layout's pages."""
    site = SITES[key]
    assert SITE_KEY.fullmatch(key), f"{key}: a key is [a-z][a-z0-9-]*"
    base = urlsplit(site.base_url)
    assert base.scheme in ("http", "https"), site.base_url
    assert base.path == "", site.base_url
    assert base.hostname, site.base_url
    assert site.serves(base.hostname), site.base_url
    assert site.page_class is not None  # its overrides make a page class
    for value in site.overrides.values():
        for css in (value,) if isinstance(value, str) else value:
            compiled(css)  # raises on a selector lxml cannot compile
    own = own_goldens(key)
    goldens = own or _layout_goldens(site)
    assert goldens, f"{key}: no golden folder and no golden of its layout {site.layout!r}"
    for html in goldens:
        expected = load_expected(html)
        news_id = expected["news_id"]
        assert site.cms.article_id(expected["url"]) == news_id
        assert site.cms.article_id(site.article_url(site.base_url, news_id)) == news_id
        _, kind, exported = _reading(_reader(html), html)
        assert kind is PageKind.ARTICLE, golden_id(html)
        del expected["site"]
        assert json.loads(exported) == expected, golden_id(html)


IRANSAMANEH_OVERRIDDEN = sorted(
    key for key, site in SITES.items() if site.cms.name == "iransamaneh" and site.overrides
)


@pytest.mark.parametrize("key", IRANSAMANEH_OVERRIDDEN)
def test_iransamaneh_overrides_fall_back_on_the_layouts_golden(key):
    """IranSamaneh overrides try the site's selectors first and keep the layout's behind them,
    so the site's page object still reads its layout's golden pages exactly."""
    site = SITES[key]
    goldens = _layout_goldens(site)
    assert goldens
    for html in goldens:
        layout, kind, exported = _reading(site.page_class, html)
        expected = load_expected(html)
        del expected["site"]
        assert (layout, kind) == (site.layout, PageKind.ARTICLE), golden_id(html)
        assert json.loads(exported) == expected, golden_id(html)
