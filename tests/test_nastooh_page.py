"""The Nastooh page object: kinds, layouts, metadata against printed text, people, the body."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler

from newscrawl.cms.iransamaneh import CMS as IRANSAMANEH
from newscrawl.cms.nastooh import CMS
from newscrawl.cms.nastooh.page import NastoohArticlePage, drop_read_more, drop_sign_off
from newscrawl.pages import PageKind
from newscrawl.pipelines.validate import IncompleteArticle, ValidateArticlePipeline
from newscrawl.text.blocks import Block

GOLDEN = Path(__file__).parent / "golden"
URL = "https://www.mehrnews.com/news/6018400/x"
GENERATOR = '<meta name="generator" content="www.nastooh.ir" />'
POWERED_BY = (
    '<footer id="footer"><div class="poweredby"><a title="Nastooh Saba Newsroom" '
    'href="http://www.nastooh.ir">طراحی و تولید: نستوه</a></div></footer>'
)


def item_page(
    *,
    head: str = GENERATOR,
    article_id: str = "item",
    kicker: str = "",
    title: str = "عنوان خبر",
    lead: str = "",
    summary_extra: str = "",
    body: str = "<p>متن خبر.</p>",
    date: str = "۱۹ بهمن ۱۴۰۲، ۱۱:۴۲",
    code: str = "6018400",
    after: str = "",
) -> str:
    """An item page in the markup of the stored Mehr video item (docs/nastooh.md)."""
    return f"""<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8" />{head}</head>
<body><main class="mainbody"><div class="col-12 main-content">
<article id="{article_id}" class="box item">
<div class="item-header"><div class="item-nav row">
<div class="col-6"><ol class="breadcrumb"><li><a href="/service/x">سیاست</a></li></ol></div>
<div class="col-6 item-date"><span>{date}</span></div></div>
<div class="item-title"><h4 class="subtitle kicker">{kicker}</h4>
<h1 class="title">{title}</h1></div>
</div>
<div class="item-summary"><p class="summary introtext" itemprop="description">{lead}</p>
{summary_extra}</div>
<div class="item-body"><div itemprop="articleBody" class="item-text">{body}</div>
<div class="item-code">کد خبر <span>{code}</span></div></div>
{after}
</article></div></main>{POWERED_BY}</body></html>"""


def page_of(html: str, url: str = URL) -> NastoohArticlePage:
    return NastoohArticlePage(HtmlResponse(url, body=html.encode(), encoding="utf-8"), site="t")


def meta(name: str, value: str) -> str:
    return f'<meta property="{name}" content="{value}" />'


VIDEO_PLAYER = (
    '<div class="itemPlayer0"><video id="divPlayer0" controls="controls">'
    '<source src="https://media.mehrnews.com/d/2024/02/08/4/4849966_720p.mp4" type="video/mp4">'
    '</source></video><div class="video-download"><a href="https://media.mehrnews.com/d/x.mp4" '
    'class="btn"><span class="icon-download"></span> دریافت <span>16 MB</span></a></div></div>'
)


# --- kinds ---


def test_a_video_item_that_is_only_a_player_is_skipped_as_a_video():
    # The stored Mehr video item 6018415 (1402/11/19): a lead, then the player and its download
    # link in .item-text, and no head (the copy lost it).
    page = page_of(item_page(head="", lead="رهبر انقلاب صبح امروز فرمودند.", body=VIDEO_PLAYER))
    assert page.layout is not None
    assert page.layout.name == "item"
    assert (page.kind, page.kind_reason, page.item_type) == (PageKind.NOT_ARTICLE, "video", "video")
    assert page.body is None


def test_a_video_item_with_text_is_an_article_of_its_text_only():
    page = page_of(item_page(body=VIDEO_PLAYER + "<p>شرح گفت‌وگو.</p>"))
    assert page.kind is PageKind.ARTICLE
    assert page.body == "شرح گفت‌وگو."  # no «دریافت 16 MB»


def test_a_gallery_without_text_is_skipped_as_a_photo_item():
    html = item_page(
        article_id="photo",
        kicker="سارا محمدی",
        body="",
        head=GENERATOR + meta("nastooh:newsType", "photo"),
    )
    page = page_of(html.replace('<div class="item-body">', '<div class="x">'))
    assert (page.kind, page.kind_reason) == (PageKind.NOT_ARTICLE, "photo")


def test_a_news_item_without_text_stays_an_article_so_validation_rejects_it_loudly(crawler):
    page = page_of(item_page(body="", head=GENERATOR + meta("nastooh:newsType", "news")))
    assert page.kind is PageKind.ARTICLE
    validate = build_from_crawler(ValidateArticlePipeline, crawler)
    with pytest.raises(IncompleteArticle, match="body"):
        validate.process_item(page.to_article())


def test_another_nastooh_page_type_at_an_article_url_is_the_soft_404():
    home = f"<html><head>{GENERATOR}{meta('nastooh:pageType', 'home')}</head><body></body></html>"
    assert page_of(home).kind is PageKind.NOT_FOUND


@pytest.mark.parametrize(
    "html",
    [
        # ArvanCloud's challenge page (cms-families.md §5 R2)
        '<html><head><title></title></head><body><h1 class="error-section__subtitle">Checking '
        "your browser before accessing the website...</h1><script>window.AR_Key = '__arcsrc'"
        "</script></body></html>",
        # a Nastooh item whose template changed: no known article container
        f"<html><head>{GENERATOR}{meta('nastooh:pageType', 'news')}</head><body>"
        '<div class="story"><h1>عنوان</h1><p>متن</p></div></body></html>',
    ],
    ids=["challenge", "changed_template"],
)
def test_a_page_of_no_known_layout_is_unknown_and_reads_as_nothing(html):
    page = page_of(html)
    assert page.kind is PageKind.UNKNOWN
    assert (page.title, page.body, page.images) == (None, None, [])


def test_an_iransamaneh_page_is_no_nastooh_page():
    html = (GOLDEN / "tabnak" / "818242.html").read_bytes()
    response = HtmlResponse("https://www.tabnak.ir/fa/news/818242", body=html)
    assert NastoohArticlePage(response, site="t").kind is PageKind.UNKNOWN
    assert not CMS.recognises(response)
    assert IRANSAMANEH.recognises(response)


# --- recognised on a host of no declared site ---


def test_recognised_by_its_generator_meta_on_an_unknown_host():
    html = f"<html><head>{GENERATOR}</head><body><p>صفحه</p></body></html>"
    response = HtmlResponse("https://news.example.ir/", body=html.encode(), encoding="utf-8")
    assert CMS.recognises(response)
    assert not IRANSAMANEH.recognises(response)


def test_recognised_without_its_head_by_the_powered_by_link():
    response = HtmlResponse(
        "https://news.example.ir/news/5/x", body=item_page(head="").encode(), encoding="utf-8"
    )
    assert CMS.recognises(response)


def test_an_unrelated_page_is_not_recognised():
    html = "<html><head><title>فروشگاه</title></head><body><h1>کفش</h1></body></html>"
    assert not CMS.recognises(
        HtmlResponse("https://shop.ir/", body=html.encode(), encoding="utf-8")
    )


# --- saved copies ---


def test_a_copy_glued_after_another_document_is_read_whole():
    """Parsers drop what follows the first </html>: the copy after a challenge page is read."""
    challenge = "<!DOCTYPE html><html><head><title></title></head><body><p>wait</p></body></html>"
    junk = 'import{k as ns}from"./entry.js";const a=t=>t<32&&t>0;'
    page = page_of(challenge + junk + 'ntent="x" />' + item_page(head=""))
    assert page.kind is PageKind.ARTICLE
    assert (page.title, page.body) == ("عنوان خبر", "متن خبر.")
    assert page.published_at == "2024-02-08T11:42:00+03:30"


@pytest.mark.parametrize(
    "junk",
    [
        'const t="<script>";',
        'a="<!--";',
        'x="<textarea>";',
        'y="<title>";',
        'z="<style>";',
        'w="<iframe src=x>";',
        "q=1<b.length;",
    ],
)
def test_junk_that_opens_an_element_before_the_copy_does_not_swallow_it(junk):
    page = page_of(junk + 'ntent="x" />' + item_page())
    assert page.kind is PageKind.ARTICLE
    assert (page.title, page.body, page.section) == ("عنوان خبر", "متن خبر.", "سیاست")
    assert page.is_nastooh


def test_a_page_ending_at_its_html_end_tag_is_parsed_once():
    page = page_of(item_page())
    assert page.document is page.response.selector.root


# --- metadata first, printed text second, both honest ---


def test_the_id_is_the_urls_and_a_differing_nid_is_counted(caplog):
    head = GENERATOR + meta("nastooh:nid", "6018401")
    page = page_of(item_page(head=head))
    with caplog.at_level(logging.WARNING):
        assert page.news_id == 6018400
    assert page.anomalies == ["printed_id_mismatch"]
    assert "6018401" in caplog.text


def test_a_printed_id_that_differs_is_counted():
    page = page_of(item_page(code="6018999"))
    assert page.news_id == 6018400
    assert page.anomalies == ["printed_id_mismatch"]


def test_without_an_id_in_the_url_the_nid_stands_in():
    head = GENERATOR + meta("nastooh:nid", "6018400")
    page = page_of(item_page(head=head), url="https://mehrnews.com/x349DP")
    assert page.news_id == 6018400
    assert page.anomalies == []


def test_the_utc_metadata_is_converted_to_tehran_time_and_agrees_with_the_printed_line():
    head = GENERATOR + meta("article:published_time", "2024-02-08T08:12:37Z")
    page = page_of(item_page(head=head))
    assert page.published_at == "2024-02-08T11:42:00+03:30"
    assert page.published_at_raw == "۱۹ بهمن ۱۴۰۲، ۱۱:۴۲"
    assert page.anomalies == []


def test_a_summer_time_before_1402_gets_the_daylight_offset():
    head = GENERATOR + meta("article:published_time", "2021-06-01T08:30:00Z")
    page = page_of(item_page(head=head, date="۱۱ خرداد ۱۴۰۰ - ۱۳:۰۰"))
    assert page.published_at == "2021-06-01T13:00:00+04:30"
    assert page.anomalies == []


def test_a_printed_line_that_disagrees_is_logged_and_counted_and_the_metadata_kept(caplog):
    head = GENERATOR + meta("article:published_time", "2024-02-08T08:12:37Z")
    page = page_of(item_page(head=head, date="۱۹ بهمن ۱۴۰۲، ۱۲:۴۲"))
    with caplog.at_level(logging.WARNING):
        assert page.published_at == "2024-02-08T11:42:00+03:30"
    assert page.anomalies == ["date_mismatch"]
    assert "disagree" in caplog.text


def test_json_ld_stands_in_for_a_missing_published_time():
    ld = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2024-02-08T08:12:37Z"}</script>'
    )
    assert page_of(item_page(head=GENERATOR + ld)).published_at == "2024-02-08T11:42:00+03:30"


def test_the_printed_line_is_used_only_without_metadata():
    page = page_of(item_page(head=GENERATOR, date="۱۹ بهمن ۱۴۰۲ - ۰۹:۰۵"))
    assert page.published_at == "2024-02-08T09:05:00+03:30"


def test_a_printed_day_without_a_time_is_checked_on_the_day():
    head = GENERATOR + meta("article:published_time", "2024-02-08T20:40:00Z")  # 00:10 next day
    page = page_of(item_page(head=head, date="۱۹ بهمن ۱۴۰۲"))
    assert page.published_at == "2024-02-09T00:10:00+03:30"
    assert page.anomalies == ["date_mismatch"]


# --- people ---


def test_the_organisation_json_ld_names_as_author_is_never_a_person():
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '{"@type": "Organization", "name": "خبرگزاری مهر"}}</script>'
    )
    assert page_of(item_page(head=GENERATOR + ld)).authors == []


def test_a_photo_items_kicker_slot_is_its_photographer_not_a_kicker():
    page = page_of(item_page(article_id="photo", kicker="عکاس: سارا محمدی"))
    assert (page.kicker, page.authors) == (None, ["سارا محمدی"])


def test_a_photographer_slot_naming_an_organisation_names_no_author():
    page = page_of(item_page(article_id="photo", kicker="عکس: خبرگزاری مهر"))
    assert (page.kicker, page.authors) == (None, [])


def test_byline_and_editor_lines_leave_the_body():
    body = (
        "<p>متن خبر.</p><p>گزارش: این طرح در سه مرحله اجرا می‌شود.</p>"
        "<p>خبرنگار: علی رضایی</p><p>دبیر: مریم کاظمی</p>"
    )
    page = page_of(item_page(body=body))
    assert page.body == "متن خبر.\n\nگزارش: این طرح در سه مرحله اجرا می‌شود."
    assert (page.authors, page.editor) == (["علی رضایی"], "مریم کاظمی")


# --- the body is the article's own text ---


def test_figures_captions_and_gallery_alt_texts_are_not_body_text():
    body = (
        '<p>یک.</p><figure><img src="/a.jpg" alt="جایگزین" /><figcaption>زیرنویس</figcaption>'
        "</figure><p>دو.</p>"
    )
    gallery = (
        '<section class="box content story photoGall"><ul><li><figure><a href="/b.jpg">'
        '<img src="/b.jpg" alt="عکس گالری" /></a></figure></li></ul></section>'
    )
    page = page_of(item_page(body=body, after=gallery))
    assert page.body == "یک.\n\nدو."
    assert page_of(item_page(article_id="photo", body=body, after=gallery)).images[-1] == {
        "url": "https://www.mehrnews.com/b.jpg",
        "caption": "عکس گالری",
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>یک.</p><p>انتهای پیام</p>", "یک."),
        ("<p>یک. انتهای پیام</p>", "یک."),
        ("<p>یک.</p><p>۳۰۷۲*۱۸۱۷</p>", "یک."),
        ("<p>یک.</p><p>216216</p><p>/انتهای پیام/</p>", "یک."),
        ("<p>یک.<br />۲۱۶۲۱۶</p>", "یک."),
        ("<p>در سال ۱۴۰۲</p>", "در سال ۱۴۰۲"),
    ],
)
def test_the_agencys_sign_off_leaves_the_end_of_the_body(body, expected):
    assert page_of(item_page(body=body)).body == expected


def test_read_more_blocks_leave_and_prose_links_stay():
    body = (
        '<p>یک <a href="/news/1/a">پیوند</a> در متن.</p>'
        '<p><strong>بیشتر بخوانید:</strong></p><p><a href="/news/2/b">خبر دو</a></p>'
        '<p><a href="/news/3/c">خبر سه</a></p><p>دو.</p>'
        '<p>بیشتر:<br /><a href="/news/4/d">خبر چهار</a></p><p>سه.</p>'
    )
    assert page_of(item_page(body=body)).body == "یک پیوند در متن.\n\nدو.\n\nسه."


def test_block_filters_keep_what_they_do_not_recognise():
    prose = [Block("بیشتر از همه گفت: نه", link_only=False), Block("۱۲", link_only=False)]
    assert drop_read_more(prose) == prose
    assert drop_sign_off(prose) == prose[:1]


# --- url, breadcrumb, tags, images ---


def test_an_item_without_a_kicker_never_takes_the_side_columns():
    side = (
        '<aside><div class="item-title"><h4 class="subtitle kicker">ستون کناری:</h4></div></aside>'
    )
    page = page_of(item_page().replace("</main>", side + "</main>"))
    assert page.kicker is None


def test_a_gallery_after_the_article_gives_its_images():
    gallery = (
        '<section class="box content story photoGall"><ul><li><figure><a href="/g.jpg">'
        '<img src="/g.jpg" alt="قاب یک" /></a></figure></li></ul></section>'
    )
    page = page_of(item_page(article_id="photo").replace("</article>", "</article>" + gallery))
    assert page.images == [{"url": "https://www.mehrnews.com/g.jpg", "caption": "قاب یک"}]


def test_the_canonical_link_of_an_amp_copy_is_the_records_url():
    head = GENERATOR + '<link rel="canonical" href="https://www.mehrnews.com/news/6018400/عنوان" />'
    page = page_of(item_page(head=head), url="https://www.mehrnews.com/amp/6018400/")
    assert page.news_id == 6018400
    assert page.url == "https://www.mehrnews.com/news/6018400/%D8%B9%D9%86%D9%88%D8%A7%D9%86"


def test_a_link_to_another_host_or_id_is_never_the_records_url():
    head = (
        GENERATOR
        + '<link rel="canonical" href="https://evil.example/news/6018400/x" />'
        + meta("og:url", "https://www.mehrnews.com/news/6018401/y")
    )
    assert page_of(item_page(head=head)).url == URL


def test_a_home_crumb_is_skipped_and_article_section_stands_in_for_a_missing_breadcrumb():
    crumbs = (
        '<ol class="breadcrumb"><li><a href="/">صفحه اصلی</a></li>'
        '<li><a href="/s">ورزش</a></li></ol>'
    )
    page = page_of(
        item_page().replace(
            '<ol class="breadcrumb"><li><a href="/service/x">سیاست</a></li></ol>', crumbs
        )
    )
    assert (page.section, page.category) == ("ورزش", None)
    html = item_page(head=GENERATOR + meta("article:section", "استانها &gt; فارس"))
    page = page_of(
        html.replace('<ol class="breadcrumb"><li><a href="/service/x">سیاست</a></li></ol>', "")
    )
    assert (page.section, page.category) == ("استانها", "فارس")


def test_tags_are_the_tag_links_each_once_else_the_article_tag_meta():
    tags = (
        '<section class="box tags"><ul><li><a rel="tag" href="/tag/a">الف</a></li>'
        '<li><a rel="tag" href="/tag/b">ب</a></li><li><a rel="tag" href="/tag/a">الف</a></li>'
        "</ul></section>"
    )
    assert page_of(item_page(after=tags)).tags == ["الف", "ب"]
    head = GENERATOR + meta("article:tag", "الف, ب ,,ج")
    assert page_of(item_page(head=head)).tags == ["الف", "ب", "ج"]


def test_images_are_the_lead_images_and_the_bodys_each_once_in_page_order():
    summary = '<figure class="item-img"><img src="/lead.jpg" alt="عنوان خبر" /></figure>'
    body = (
        '<p><img data-src="/inline.jpg" title="نمودار" /></p><p><img src="/lead.jpg" /></p>'
        "<p>متن.</p>"
    )
    page = page_of(item_page(summary_extra=summary, body=body))
    assert page.images == [
        {"url": "https://www.mehrnews.com/lead.jpg", "caption": None},
        {"url": "https://www.mehrnews.com/inline.jpg", "caption": "نمودار"},
    ]


def test_overrides_name_a_layout_of_the_cms():
    with pytest.raises(ValueError, match="no layout 'old'"):
        NastoohArticlePage.with_overrides("old", title=("h1",))
    page_class = NastoohArticlePage.with_overrides("item", kicker=("h4",))
    assert page_class.layouts[1].kicker == ("h4",)
    assert NastoohArticlePage.layouts[1].kicker != ("h4",)
