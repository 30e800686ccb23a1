"""``ArticlePage``'s fast paths answer exactly as parsel and Scrapy do on the same page.

``ArticlePage.css`` answers whole-page class selectors from an index of class tokens and
``.class rest`` under the one element of that class; ``ArticlePage.absolute_url`` reads ``<base>``
from the parsed page instead of ``response.urljoin``. Each must give what the slow path gives.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse
from w3lib.url import safe_url_string

from newscrawl.pages import ArticlePage, cached_property, utc_now_to_the_second

PAGE = """<html><head><title>t</title></head><body>
<div class="a\tb" id="one"><p class="x">1 <a href="/1">one</a></p></div>
<div class=" a  a "><span class="x"><a>two</a><div class="x"><a>three</a></div></span></div>
<div class="ab"><a>not a</a></div>
<div class="news_path"><a href="/h">صفحه نخست</a> » <a href="/s">سیاسی</a></div>
<div class="tags_container"><div class="tags_title"><a>برچسب</a></div></div>
<div class="a-b_c"><b class="x">x</b></div>
</body></html>"""

SELECTORS = [
    ".a",
    ".b",
    ".x",
    ".ab",
    ".a-b_c",
    ".missing",
    ".x a",  # several .x, nested: the general path
    ".news_path a",  # one container: the shortcut
    ".tags_container .tags_title > a",
    ".a .x > a",
    ".missing a",
    ".news_path > a",  # a child combinator: the general path
    "div.a",
    "a",
    ".a, .x",
    "#one",  # the page is parsed without libxml2's id table: XPath compares @id instead
    "div#one p",
]


def _paths(elements, root) -> list[str]:
    tree = root.getroottree()
    return [tree.getpath(element) for element in elements]


@pytest.mark.parametrize("css", SELECTORS)
def test_css_matches_parsel_on_the_whole_page(css):
    response = HtmlResponse("https://h.ir/fa/news/1/x", body=PAGE.encode(), encoding="utf-8")
    page = ArticlePage(response)
    expected = _paths([found.root for found in response.css(css)], response.selector.root)
    assert _paths(page.css(css), page.document) == expected
    assert _paths(page.css(css), page.document) == expected, "remembered answer"


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<base href="https://cdn.example.ir/a/b/">',
        '<base href="  "><base href="/later/">',
        '<base target="_blank"><base href="../up/">',
        '<base href="/fa/ی/">',
    ],
)
@pytest.mark.parametrize("href", ["img/1.jpg", "/x/ی.jpg#top", "?q=ی", "//other.ir/p", " a b "])
def test_absolute_url_resolves_like_response_urljoin(head, href):
    html = f"<html><head>{head}</head><body><p>x</p></body></html>"
    response = HtmlResponse("https://h.ir/fa/news/1/سلام", body=html.encode(), encoding="utf-8")
    expected = safe_url_string(response.urljoin(href.strip())).split("#", 1)[0]
    assert ArticlePage(response).absolute_url(href) == expected


META_PAGE = """<html><head><title> صفحه  اول </title><title>دوم</title>
<meta name="x" content=" first "><meta property="x" content="second">
<meta property="og:title" name="ignored" content="og"><meta name="ignored" content="named">
<meta content="no key"><meta property="" name="empty-property" content="by name">
</head><body><svg><title>not the page title</title></svg></body></html>"""


def test_meta_content_is_the_first_meta_with_that_property_or_name():
    response = HtmlResponse("https://h.ir/fa/news/1/x", body=META_PAGE.encode(), encoding="utf-8")
    first_wins: dict[str, str] = {}
    for meta in response.css("meta"):
        key = meta.attrib.get("property") or meta.attrib.get("name")
        if key and key not in first_wins:
            first_wins[key] = meta.attrib.get("content", "").strip()
    page = ArticlePage(response)
    for key in ["x", "og:title", "ignored", "empty-property", "missing"]:
        assert page.meta_content(key) == first_wins.get(key), key
    assert page.page_title == "صفحه اول"


def test_crawl_time_stamp_is_utc_now_to_the_second():
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = utc_now_to_the_second()
    after = datetime.now(UTC)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp)
    assert before <= datetime.fromisoformat(stamp) <= after


def test_cached_property_computes_once_and_keeps_the_value_on_the_instance():
    calls: list[int] = []

    class Thing:
        @cached_property
        def value(self) -> int:
            calls.append(1)
            return 42

    thing = Thing()
    assert (thing.value, thing.value, calls) == (42, 42, [1])
    assert thing.__dict__["value"] == 42
    assert isinstance(Thing.__dict__["value"], cached_property)
    assert Thing.value is Thing.__dict__["value"]
