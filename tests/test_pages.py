"""``ArticlePage``, the base every CMS's page object builds on: selectors, URLs, metadata."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newscrawl.pages import ArticlePage, PageKind
from newscrawl.text.blocks import element_text

PAGE = """<html><head><title>t</title></head><body>
<div class="a\tb" id="one"><p class="x">1 <a href="/1">one</a></p></div>
<div class=" a  a "><span class="x"><a>two</a><div class="x"><a>three</a></div></span></div>
<div class="ab"><a>not a</a></div>
<div class="news_path"><a href="/h">صفحه نخست</a> » <a href="/s">سیاسی</a></div>
<div class="tags_container"><div class="tags_title"><a>برچسب</a></div></div>
<div class="a-b_c"><b class="x">x</b></div>
</body></html>"""


@pytest.mark.parametrize(
    ("css", "texts"),
    [
        (".a p a", ["one"]),  # class tokens split on any white space
        (".x > a", ["one", "two", "three"]),
        (".ab a", ["not a"]),  # "ab" is not the token "a"
        (".news_path a", ["صفحه نخست", "سیاسی"]),
        ("#one a", ["one"]),
        (".missing", []),
    ],
)
def test_css_matches_class_tokens_in_document_order(css, texts):
    response = HtmlResponse("https://h.ir/fa/news/1/x", body=PAGE.encode(), encoding="utf-8")
    page = ArticlePage(response, site="h")
    assert [element_text([element]) for element in page.css(css)] == texts
    scope = page.css("#one")[0]
    assert len(page.css("a", scope)) == 1, "a scope limits the search to its descendants"


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
def test_absolute_url_is_percent_encoded_without_fragment(head, href):
    html = f"<html><head>{head}</head><body><p>x</p></body></html>"
    response = HtmlResponse("https://h.ir/fa/news/1/سلام", body=html.encode(), encoding="utf-8")
    absolute = ArticlePage(response, site="h").absolute_url(href)
    assert "#" not in absolute
    assert absolute.isascii()
    assert absolute.startswith(("https://cdn.example.ir/", "https://h.ir/", "https://other.ir/"))


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
    page = ArticlePage(response, site="h")
    for key in ["x", "og:title", "ignored", "empty-property", "missing"]:
        assert page.meta_content(key) == first_wins.get(key), key
    assert page.page_title == "صفحه اول"


def test_the_base_page_knows_no_layout_so_no_page_is_an_article():
    response = HtmlResponse("https://h.ir/fa/news/1/x", body=PAGE.encode(), encoding="utf-8")
    assert ArticlePage(response, site="h").kind is PageKind.UNKNOWN
