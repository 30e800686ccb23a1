"""The fault middlewares on real responses: what Scrapy does alone, and what they add."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.botcheck import bot_check_marker
from newscrawl.middlewares.charset import FittingCharsetMiddleware
from newscrawl.middlewares.elsewhere import RedirectedElsewhere, RedirectElsewhereMiddleware
from newscrawl.middlewares.retry import BackoffRetryMiddleware, retry_after_seconds
from newscrawl.spiders.loader import SPIDERS

PAGE = "<html><head>{meta}<title>همکاری مجلس</title></head><body><p>خبر</p></body></html>"
TITLE = "همکاری مجلس"


def response(body: bytes, content_type: str) -> HtmlResponse:
    return HtmlResponse(
        "https://asrpress.ir/fa/news/1/x", body=body, headers={"Content-Type": content_type}
    )


def title(page: HtmlResponse) -> str | None:
    return page.css("title::text").get()


@pytest.fixture
def charset_fix() -> FittingCharsetMiddleware:
    return build_from_crawler(FittingCharsetMiddleware, get_crawler(Spider))


LEGACY = PAGE.replace("ی", "ي")  # windows-1256 has only the Arabic yeh: legacy pages print ي
LEGACY_TITLE = TITLE.replace("ی", "ي")
MOJIBAKE = "ظ‡ظ…ع©ط§ط±غŒ ظ…ط¬ظ„ط³"  # the UTF-8 bytes of TITLE read as windows-1256

# (body, Content-Type, what Scrapy alone reads, what it reads with the middleware)
CASES = {
    "utf8_declared": (PAGE.format(meta="").encode(), "text/html; charset=utf-8", TITLE, TITLE),
    "utf8_undeclared": (PAGE.format(meta="").encode(), "text/html", TITLE, TITLE),
    "cp1256_declared": (
        LEGACY.format(meta='<meta charset="windows-1256">').encode("cp1256"),
        "text/html; charset=windows-1256",
        LEGACY_TITLE,
        LEGACY_TITLE,
    ),
    "utf8_served_as_cp1256": (
        PAGE.format(meta="").encode(),
        "text/html; charset=windows-1256",
        MOJIBAKE,
        TITLE,
    ),
}


@pytest.mark.parametrize(
    ("body", "content_type", "scrapy_reads", "we_read"), CASES.values(), ids=list(CASES)
)
def test_scrapy_trusts_a_wrong_header_and_the_middleware_does_not(
    charset_fix, body, content_type, scrapy_reads, we_read
):
    alone = response(body, content_type)
    assert title(alone) == scrapy_reads
    assert title(charset_fix.process_response(None, alone)) == we_read


def test_an_undeclared_legacy_page_is_read_with_the_sites_legacy_encoding(charset_fix):
    body = PAGE.format(meta="").encode("cp1256", "xmlcharrefreplace")
    fixed = charset_fix.process_response(None, response(body, "text/html"))
    assert codecs.lookup(fixed.encoding).name == "cp1256"
    assert title(fixed) == TITLE


def test_a_utf8_page_cut_inside_a_letter_stays_utf8(charset_fix):
    body = PAGE.format(meta="").encode()
    cut = body[: body.index("خبر".encode()) + 1]
    fixed = charset_fix.process_response(None, response(cut, "text/html; charset=utf-8"))
    assert fixed.encoding == "utf-8"
    assert title(fixed) == TITLE


def test_backoff_doubles_up_to_its_bound():
    crawler = get_crawler(
        Spider, {"NEWSCRAWL_RETRY_BACKOFF": 0.5, "NEWSCRAWL_RETRY_BACKOFF_MAX": 3}
    )
    retry = build_from_crawler(BackoffRetryMiddleware, crawler)
    assert [retry.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


SITE = "https://asrpress.ir"


@pytest.mark.parametrize(
    ("chain", "location", "target_id"),
    [
        (["/fa/news/105"], "/fa/news/105/%D8%B3%D9%84%D8%A7%D9%85", None),  # the CMS's own slug
        (["/fa/news/105"], "/fa/news/104/%D8%B3%D9%84%D8%A7%D9%85", 104),  # merged into 104
        (["/fa/news/105", "/fa/news/105/old"], f"{SITE}/fa/news/104/new", 104),  # second hop
        (["/Ab3dE9"], "/fa/news/104/slug", None),  # a short link names no id to compare
        (["/fa/news/105"], "/fa/archive", None),  # not another article
    ],
    ids=["own_slug", "other_id", "other_id_second_hop", "short_link", "not_an_article"],
)
def test_a_redirect_to_another_articles_url_is_raised_not_followed(chain, location, target_id):
    urls = [SITE + path for path in chain]
    request = Request(urls[-1], meta={"redirect_urls": urls[:-1]} if urls[:-1] else {})
    redirect = HtmlResponse(urls[-1], status=301, headers={"Location": location}, request=request)
    crawler = get_crawler(SPIDERS["asrpress"])
    crawler.spider = crawler._create_spider()  # the middleware reads ids with the spider's CMS
    middleware = build_from_crawler(RedirectElsewhereMiddleware, crawler)
    if target_id is None:
        assert middleware.process_response(request, redirect) is redirect
        return
    with pytest.raises(RedirectedElsewhere) as raised:
        middleware.process_response(request, redirect)
    assert (raised.value.news_id, raised.value.target_id) == (105, target_id)
    assert raised.value.target_url == urljoin(SITE, location)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"120", 120.0),
        (b" 7 ", 7.0),
        (b"Wed, 21 Oct 2015 07:28:00 GMT", 60.0),  # an HTTP date, a minute after "now"
        (b"Wed, 21 Oct 2015 07:26:00 GMT", 0.0),  # already past: no wait, not a negative one
        (None, None),
        (b"", None),
        (b"soon", None),
        (b"-5", None),
        (b"Wed, 21 Oct 2015 07:28:00", None),  # a date without a zone is not an HTTP date
    ],
)
def test_retry_after_is_seconds_or_an_http_date(header, seconds):
    now = datetime(2015, 10, 21, 7, 27, tzinfo=UTC)
    assert retry_after_seconds(header, now=now) == seconds


@pytest.mark.parametrize(
    ("body", "headers", "marker"),
    [
        (b"<html><title>Just a moment...</title></html>", {}, "challenge_title"),
        (
            b"<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/jsch'>",
            {},
            "challenge_platform",
        ),
        (b"<title>Attention Required! | Cloudflare</title>", {}, "attention_required"),
        (b"<html>ok</html>", {"cf-mitigated": "challenge"}, "cf_mitigated"),
        (b"<title>Just a moment</title>", {}, None),  # no ellipsis: a headline could say it
        (b"<p>Just a moment... please</p>", {}, None),  # only the page title counts
        ("<title>خبر</title><p>Attention Required!</p>".encode(), {}, None),
    ],
)
def test_a_bot_check_page_is_known_by_its_markers_only(body, headers, marker):
    page = HtmlResponse("https://asrpress.ir/fa/news/1", body=body, headers=headers)
    assert bot_check_marker(page) == marker
