"""The plain IranSamaneh page object (``scrapy crawl iransamaneh``: no site config); its layouts."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler

from newscrawl.cms.iransamaneh.page import IranSamanehArticlePage
from newscrawl.pages import PageKind
from newscrawl.pipelines.validate import IncompleteArticle, ValidateArticlePipeline
from newscrawl.sites import SITES
from tests.golden_pairs import golden_id, golden_pages, load_expected

if TYPE_CHECKING:
    from newscrawl.pages import ArticlePage

IRANSAMANEH_GOLDENS = [
    html for html in golden_pages() if SITES[html.parent.name].cms.name == "iransamaneh"
]

UNRELATED_PAGE = """<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8">
<meta property="og:title" content="فروشگاه اینترنتی">
<title>فروشگاه اینترنتی</title></head>
<body><div class="header"><h1><a href="/fa/news/42/x">فروشگاه اینترنتی</a></h1></div>
<div class="rutitr">پیشنهاد ویژه</div><div class="subtitle">ارسال رایگان</div>
<div class="body"><p>کفش ورزشی با تخفیف ویژه برای همه سایزها و رنگ‌ها.</p><p>تماس با ما</p></div>
</body></html>"""


def _response(url: str, body: bytes) -> HtmlResponse:
    return HtmlResponse(url, body=body, encoding="utf-8")


def _fields(page: ArticlePage) -> dict[str, object]:
    record = asdict(page.to_article())
    del record["crawled_at"], record["site"]
    return record


@pytest.mark.parametrize("html", IRANSAMANEH_GOLDENS, ids=golden_id)
def test_generic_page_reads_every_golden_like_its_site(html):
    site = SITES[html.parent.name]
    response = _response(load_expected(html)["url"], html.read_bytes())
    site_page = site.page_class(response, site=site.key)
    generic = IranSamanehArticlePage(response, site=site.key)
    assert _fields(generic) == _fields(site_page)
    assert generic.layout is not None
    assert generic.layout.name == site.layout


def test_unrelated_page_has_no_layout_and_no_article_text():
    page = IranSamanehArticlePage(
        _response("https://www.example.ir/fa/news/42", UNRELATED_PAGE.encode()), site="test"
    )
    assert page.layout is None
    article = page.to_article()
    assert (article.title, article.kicker, article.lead, article.body) == (None,) * 4
    assert article.images == []
    assert article.news_id == 42


def test_unrelated_page_is_rejected_naming_the_missing_fields(crawler):
    response = _response("https://www.example.ir/fa/news/42", UNRELATED_PAGE.encode())
    article = IranSamanehArticlePage(response, site="example").to_article()
    validate = build_from_crawler(ValidateArticlePipeline, crawler)
    with pytest.raises(IncompleteArticle, match=r"missing title, body, published_at"):
        validate.process_item(article)


def test_bootstrap_page_without_a_known_container_is_read_page_wide():
    # bartarinha 2018 (iransamaneh.md 2.1): div.panel > div.sar_news_body > div.padd_news_gutter
    body = """<html><body><div class="panel"><div class="sar_news_body">
    <div class="row padd_news_gutter"><div class="news_nav news_id_c">۷۹۴۹۲۸</div></div>
    <div class="rutitr">گزارش تصویری؛</div>
    <div class="title"><h1 class="title Htag"><a href="/fa/news/794928/x">عنوان خبر</a></h1></div>
    <div class="body body_media_content_show"><p>متن خبر.</p></div></div></div></body></html>"""
    page = IranSamanehArticlePage(
        _response("https://www.bartarinha.ir/fa/news/794928", body.encode()), site="test"
    )
    assert page.layout is not None
    assert page.layout.name == "bootstrap"
    assert (page.kicker, page.title, page.body) == ("گزارش تصویری؛", "عنوان خبر", "متن خبر.")


def test_a_link_no_url_can_be_made_of_costs_that_link_not_the_article(caplog):
    # urljoin raises ValueError for a netloc with an unbalanced "[": before, the whole page failed
    html = (Path(__file__).parent / "golden" / "asrpress" / "26684.html").read_text("utf-8")
    broken = re.sub(r'(<div class="body"[^>]*>)', r'\1<img src="//[" alt="x">', html, count=1)
    broken = re.sub(r'(<h1 class="title"[^>]*><a href=")', r"\1//[", broken, count=1)
    assert broken.count("//[") == 2
    url = "https://asrpress.ir/fa/news/26684/x"
    page_class = SITES["asrpress"].page_class
    clean = page_class(_response(url, html.encode()), site="test").to_article()
    article = page_class(_response(url, broken.encode()), site="test").to_article()
    assert clean.url != url
    assert article.url == url, "the response URL stands in for the title link"
    assert article.images == clean.images, "the bad image is skipped, the others kept"
    assert article.body == clean.body
    assert "Image '//[' skipped" in caplog.text


@pytest.mark.parametrize(
    "english", ["<span>11 October 2021</span>", "11 October 2021", " 11  October\n2021 "]
)
def test_the_english_date_leaves_the_date_line_in_a_span_or_not(english):
    html = (Path(__file__).parent / "golden" / "asrpress" / "26590.html").read_text("utf-8")
    html = html.replace("<span>11 October 2021</span>", english, 1)
    page = SITES["asrpress"].page_class(
        _response("https://asrpress.ir/fa/news/26590", html.encode()), site="test"
    )
    assert page.published_at_raw == "۱۱:۳۰ - ۱۹ مهر ۱۴۰۰"
    assert page.published_at == "2021-10-11T11:30:00+03:30"


def test_title_kicker_and_lead_read_as_a_browser_renders_them():
    """Inline markup inside a word adds no space; block children and <br> separate; no script.

    Joining every text node with a space made «عصر<b>پرس</b>» two words and moved the ZWNJ of
    «<a>سازمان</a>‌ها» to after a space, where normalization drops it. A class the body skips
    (``wrapper``) does not empty a lead.
    """
    body = """<html><body><div style="direction: right;"><div class="rutitr">روز<i>نامه</i>‌ها؛</div>
    <div class="title"><h1 class="title"><a href="/fa/news/42/x">عصر<b>پرس</b></a></h1></div>
    <div class="subtitle"><div class="subtitle_img"></div>
    <a href="/fa/tag/1"><span class="wrapper">سازمان</span></a>‌ها
    <script>var ad = 1;</script>گفتند<br>ادامه<div>بند دوم</div></div>
    <div class="body"><p>متن خبر.</p></div></div></body></html>"""
    page = SITES["asrpress"].page_class(
        _response("https://asrpress.ir/fa/news/42", body.encode()), site="test"
    )
    assert page.title == "عصرپرس"
    assert page.kicker == "روزنامه\u200cها؛"
    assert page.lead == "سازمان\u200cها گفتند ادامه بند دوم"


def test_a_direction_style_pasted_into_a_bootstrap_body_is_not_the_article_container():
    # Inline styles mark the old layout's container; in a Bootstrap page they are article HTML.
    html = (Path(__file__).parent / "golden" / "tabnak" / "818242.html").read_text("utf-8")
    pasted = '<div style="direction: rtl;"><h1>نقل قول</h1><p>متن نقل قول در میان خبر.</p></div>'
    broken = re.sub(r'(<div class="body"[^>]*>)', rf"\1{pasted}", html, count=1)
    assert broken != html
    url = load_expected(Path(__file__).parent / "golden" / "tabnak" / "818242.html")["url"]
    page_class = SITES["tabnak"].page_class
    assert issubclass(page_class, IranSamanehArticlePage)
    clean = page_class(_response(url, html.encode()), site="test")
    article = page_class(_response(url, broken.encode()), site="test")
    assert article.layout is not None
    assert article.layout.name == "bootstrap"
    assert article.root.get("class") == clean.root.get("class")
    assert "gutter_news" in (article.root.get("class") or "")
    assert (article.title, article.url) == (clean.title, clean.url)


def test_a_jalali_meta_date_written_iso_style_agrees_with_the_date_line(caplog):
    html = (Path(__file__).parent / "golden" / "tabnak" / "818242.html").read_text("utf-8")
    meta = '<meta property="article:published_time" content="۱۳۹۷/۰۴/۳۰ - ۰۰:۲۰">'
    iso = '<meta property="article:published_time" content="1397-04-30T00:20:18+04:30">'
    assert meta in html
    url = load_expected(Path(__file__).parent / "golden" / "tabnak" / "818242.html")["url"]
    page = IranSamanehArticlePage(_response(url, html.replace(meta, iso).encode()), site="tabnak")
    assert page._parse_meta_date() == "2018-07-21T00:20:00+04:30"  # not Gregorian 1397
    assert page.published_at == "2018-07-21T00:20:00+04:30"
    assert "disagree" not in caplog.text


@pytest.mark.parametrize(
    "html",
    [
        # kayhan's soft 404: HTTP 200, the message in div.error_container (iransamaneh.md 2.2)
        '<title>کیهان</title><div class="error_container">صفحه درخواستی شما موجود نمی باشد</div>',
        "<title>صفحه درخواستی شما موجود نمی باشد</title><div>خطا</div>",  # the title alone
        # the soft 404 wins over a layout the page also shows (the CMS's frame around it)
        '<div style="direction: right;"><div class="error_container">خطا</div></div>',
    ],
)
def test_the_cms_soft_404_is_a_page_of_its_own_kind(html):
    page = IranSamanehArticlePage(
        _response("https://kayhan.ir/fa/news/999999", f"<html><body>{html}</body></html>".encode()),
        site="kayhan",
    )
    assert page.kind is PageKind.NOT_FOUND


def test_an_article_of_either_layout_is_an_article_and_an_unrelated_page_is_unknown():
    for html in IRANSAMANEH_GOLDENS:
        response = _response(load_expected(html)["url"], html.read_bytes())
        assert IranSamanehArticlePage(response, site="x").kind is PageKind.ARTICLE, html
    unrelated = _response("https://www.example.ir/fa/news/42", UNRELATED_PAGE.encode())
    assert IranSamanehArticlePage(unrelated, site="x").kind is PageKind.UNKNOWN


def test_deeply_nested_markup_is_read_without_recursion():
    # About 1,000 nested elements (5 KB) raised RecursionError in the body walk before. (libxml2
    # itself stops reading a page 2,048 elements deep: what follows is lost, docs/reliability.md.)
    depth = 1000
    nested = "<div><span>" * depth + "متن عمیق" + "</span></div>" * depth
    html = (Path(__file__).parent / "golden" / "asrpress" / "26684.html").read_text("utf-8")
    deep = re.sub(r'(<div class="body"[^>]*>)', rf"\1<p>{nested}</p>", html, count=1)
    deep = deep.replace(
        "<title>", f'<script type="application/ld+json">{"[" * 100000}</script><title>'
    )
    page = SITES["asrpress"].page_class(
        _response("https://asrpress.ir/fa/news/26684/x", deep.encode()), site="asrpress"
    )
    article = page.to_article()
    assert article.body is not None
    assert "متن عمیق" in article.body
    assert article.published_at == "2021-10-19T20:04:00+03:30"


@pytest.mark.parametrize(
    "href",
    [
        "https://evil.example/fa/news/26684/x",
        "http://169.254.169.254/fa/news/26684/x",
        "file:///etc/passwd/fa/news/26684/x",
        "https://asrpress.ir:8443/fa/news/26684/x",
        "//evil.example/fa/news/26684/x",
    ],
)
def test_a_records_url_never_names_another_host(href):
    html = (Path(__file__).parent / "golden" / "asrpress" / "26684.html").read_text("utf-8")
    hostile = re.sub(r'(<h1 class="title"[^>]*><a href=")[^"]*', rf"\1{href}", html, count=1)
    assert hostile != html
    url = "https://asrpress.ir/fa/news/26684/%D8%A8"
    page = SITES["asrpress"].page_class(_response(url, hostile.encode()), site="asrpress")
    assert page.to_article().url == url
    based = html.replace("<head>", '<head><base href="https://evil.example/">', 1)
    page = SITES["asrpress"].page_class(_response(url, based.encode()), site="asrpress")
    assert page.to_article().url == url


# --- what the family taught the CMS (issue 18) ---


def _bootstrap_page(body: str, url: str = "https://www.example.ir/fa/news/42") -> ArticlePage:
    html = f"""<html><body id="news"><div class="gutter_news">
    <div class="news_path"><a href="/">نام سایت</a> »
    <a href="/fa/archive?service_id=2">سیاسی</a></div>
    <div class="news_pdate_c">۲۳ آذر ۱۴۰۴ - ۲۱:۳۱</div>
    <h1 class="Htag"><a href="/fa/news/42/x">عنوان خبر</a></h1>
    <div class="body">{body}</div></div></body></html>"""
    return IranSamanehArticlePage(_response(url, html.encode()), site="test")


def test_a_kicker_in_rutitr_body_is_the_kicker():
    page = _bootstrap_page("<p>متن.</p>")
    assert page.kicker is None
    kicker = '<div class="rutitr_body">روتیتر؛</div>'
    html = page.response.text.replace('<h1 class="Htag">', f"{kicker}<h1>")
    page = IranSamanehArticlePage(_response(page.response.url, html.encode()), site="test")
    assert page.kicker == "روتیتر؛"
    beside_an_empty_rutitr = html.replace(kicker, f'<div class="rutitr"> </div>{kicker}')
    page = IranSamanehArticlePage(
        _response(page.response.url, beside_an_empty_rutitr.encode()), site="test"
    )
    assert page.kicker == "روتیتر؛"


def test_an_empty_kicker_in_the_article_is_not_taken_from_a_sidebar():
    html = """<html><body><div class="gutter_news"><div class="rutitr"> </div>
    <h1 class="Htag"><a href="/fa/news/42/x">عنوان</a></h1><div class="body"><p>متن.</p></div>
    </div><div class="side"><div class="rutitr">روتیتر خبر دیگر</div></div></body></html>"""
    page = IranSamanehArticlePage(_response("https://x.ir/fa/news/42", html.encode()), site="x")
    assert page.kicker is None


@pytest.mark.parametrize(
    "sign_off",
    [
        "<p>انتهای پیام/</p>",
        "<p>انتهای پیام/م</p>",
        "<p>انتهای پیام</p>",
        "<p>/انتهای خبر/</p>",
        "<p>انتهاي پيام /ع</p>",  # Arabic ي, a space before the slash
        "<p>پایان خبر</p>",
        "<p>انتهای پیام/ ۱۲۳</p><p>-</p>",
        "<div>انتهای&zwnj;پیام/</div>",
    ],
)
def test_the_agency_sign_off_leaves_the_end_of_the_body(sign_off):
    page = _bootstrap_page(f"<p>بند اول.</p><p>بند دوم.</p>{sign_off}")
    assert page.body == "بند اول.\n\nبند دوم."


def test_a_sign_off_glued_to_the_last_sentence_leaves_it_and_prose_stays():
    assert _bootstrap_page("<p>بند اول. انتهای پیام/</p>").body == "بند اول."
    kept = "<p>انتهای پیام/ را در متن نقل کرد.</p><p>جلسه تا پایان خبر داد.</p>"
    assert _bootstrap_page(kept).body == "انتهای پیام/ را در متن نقل کرد.\n\nجلسه تا پایان خبر داد."


def test_punctuation_only_lines_are_not_paragraphs():
    body = "<p>-</p><p>بند اول.</p><p>***</p><p>بند دوم<br>-<br>ادامه</p><p>&nbsp;</p><p>۱۴۰۴</p>"
    assert _bootstrap_page(body).body == "بند اول.\n\nبند دوم\nادامه\n\n۱۴۰۴"


def test_a_first_crumb_linking_to_the_home_page_is_not_the_section():
    page = _bootstrap_page("<p>متن.</p>")
    assert (page.section, page.category) == ("سیاسی", None)


def test_a_page_of_no_known_layout_stays_unknown_whatever_cms_classes_it_has():
    # the CMS's class names without any layout's container or marker: a changed template
    html = """<html><body><div class="news_pdate_c">۲۳ آذر ۱۴۰۴ - ۲۱:۳۱</div>
    <div class="rutitr">روتیتر</div><h1>عنوان</h1>
    <div class="body"><p>متن.</p></div></body></html>"""
    page = IranSamanehArticlePage(_response("https://x.ir/fa/news/1", html.encode()), site="x")
    assert page.kind is PageKind.UNKNOWN
    assert page.to_article().body is None


def test_each_layout_is_recognised_by_its_own_markers_before_the_generic_ones():
    for name, marker in [
        ("yjc", '<div class="row baznashr-body"><p>متن.</p></div>'),
        (
            "iribnews",
            '<div class="news_path2"><a href="/fa/archive?service_id=5">اجتماعی</a></div>',
        ),
        ("bootstrap", '<div class="news_navbox"></div>'),
        ("old", '<div style="direction: rtl;"><div class="body"><p>متن.</p></div></div>'),
    ]:
        html = f'<html><body><div class="news_navbox"></div>{marker}</body></html>'
        if name == "old":
            html = html.replace('<div class="news_navbox"></div>', "", 1)
        page = IranSamanehArticlePage(_response("https://x.ir/fa/news/1", html.encode()), site="x")
        assert page.layout is not None, name
        assert page.layout.name == name
