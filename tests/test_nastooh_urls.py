"""The Nastooh CMS's URL grammar, archive listing and feed (docs/nastooh.md for the evidence)."""

from __future__ import annotations

from datetime import date

import pytest
from scrapy.http import HtmlResponse

from newscrawl.cms import FeedError
from newscrawl.cms.nastooh import CMS
from newscrawl.cms.nastooh.feed import parse_feed
from newscrawl.cms.nastooh.urls import article_id, is_short_link

BASE = "https://www.hamshahrionline.ir"


@pytest.mark.parametrize(
    ("url", "news_id"),
    [
        ("https://www.mehrnews.com/news/6018415/رهبر-انقلاب", 6018415),
        ("https://www.mehrnews.com/news/6018415/%D8%B1%D9%87%D8%A8%D8%B1", 6018415),
        ("https://www.hamshahrionline.ir/news/796538", 796538),
        ("https://www.hamshahrionline.ir/news/422003/", 422003),
        ("https://www.mehrnews.com/photo/6018504/برف", 6018504),
        ("https://www.irna.ir/photo/85257337", 85257337),
        ("https://www.mehrnews.com/amp/6018415/", 6018415),
        ("https://www.khabaronline.ir/live/1824525/x", 1824525),
        ("https://www.khabaronline.ir/media/1824526", 1824526),
        ("https://www.isna.ir/news/1402072315541", 1402072315541),
        ("/news/5", 5),
        (" /news/5/x#comments ", 5),
    ],
)
def test_every_item_shape_reduces_to_its_id(url, news_id):
    assert article_id(url) == news_id
    assert CMS.article_id(url) == news_id


@pytest.mark.parametrize(
    "url",
    [
        "https://mehrnews.com/x349DP",  # a short link: resolved by its redirect
        "https://media.mehrnews.com/d/2024/02/08/3/4849965.jpg",
        "https://www.mehrnews.com/old/upload/news/5/a.jpg",
        "https://www.hamshahrionline.ir/archive?tp=384",
        "https://www.hamshahrionline.ir/service/Economy/gold",
        "https://www.mehrnews.com/tag/%D8%B1%D9%87%D8%A8%D8%B1%DB%8C",
        "https://www.mehrnews.com/fa/news/5/x",
        "http://[",
    ],
)
def test_other_urls_name_no_article(url):
    assert article_id(url) is None


def test_short_links_are_recognised_as_such():
    assert is_short_link("https://mehrnews.com/x349DP")
    assert not is_short_link("https://www.mehrnews.com/xml")
    assert not is_short_link("https://www.mehrnews.com/news/5")


def test_the_cms_asks_for_an_id_at_news_and_walks_its_archive_a_day_at_a_time():
    assert CMS.article_url(BASE, 830933) == f"{BASE}/news/830933"
    assert CMS.front_url(BASE) == f"{BASE}/"
    assert CMS.feed_url(BASE) == f"{BASE}/rss"
    assert CMS.ids_sequential
    assert CMS.archive_chunk_days == 1


def test_the_archive_url_names_a_jalali_day_or_a_whole_month():
    day = CMS.archive_url(BASE, date(2024, 2, 6), date(2024, 2, 6), 100)
    assert day == f"{BASE}/archive?pi=1&ms=0&dy=17&mn=11&yr=1402"
    month = CMS.archive_url(BASE, date(2024, 2, 20), date(2024, 3, 19), 100)
    assert month == f"{BASE}/archive?pi=1&ms=0&mn=12&yr=1402"  # all of Esfand 1402 (29 days)
    with pytest.raises(ValueError, match="one Jalali day or month"):
        CMS.archive_url(BASE, date(2024, 2, 6), date(2024, 2, 12), 100)


def listing_page(pagination: str) -> bytes:
    """An archive page in the markup of hamshahrionline's of 1402/11/21 (cms-families.md R2)."""
    return f"""<html><head><meta property="nastooh:pageType" content="archive" /></head><body>
<main><div class="container">
<form method="get" id="frmNewsArchive"><select id="toDay" name="toDay"></select></form>
<section id="box16" class="box list list-bordered list-thumbs highlights no-header _types">
<div><ul>
<li class="news"><figure><a href="/news/830933/بایدها-و-نبایدهای-غذایی-برای-افسردگی">
<img src="https://media.hamshahrionline.ir/d/2024/02/06/1/4973282.jpg" alt="" /></a></figure>
<div class="desc"><h4><a href="/news/830933/بایدها-و-نبایدهای-غذایی-برای-افسردگی">
نکته بهداشتی روز:</a></h4>
<h3><a href="/news/830933/%D8%A8%D8%A7%DB%8C%D8%AF%D9%87%D8%A7" title="۴ روز قبل">بایدها</a></h3>
<p>افسردگی اختلال خلقی است.</p><time title="سه‌شنبه ۱۷ بهمن ۱۴۰۲ - ۲۱:۴۰">۴ روز قبل</time></div></li>
<li class="photo"><div class="desc"><h3><a href="/photo/830632/x">عکس</a></h3></div></li>
<li class="news"><div class="desc"><h3><a href="/news/830933/again">دوباره</a></h3></div></li>
</ul></div>
<footer><div>{pagination}</div></footer>
</section></div>
<aside id="ads-container"><section class="box list"><ul><li class="news"><div class="desc">
<h3><a href="/news/830001/side">ستون کناری</a></h3></div></li></ul></section></aside>
</main>
<footer id="footer"><section class="box list header-clean"><ul><li><div class="desc">
<h3><a href="https://www.hamshahrionline.ir/news/422003/">درباره ما</a></h3></div></li></ul>
</section></footer></body></html>""".encode()


NEXT = (
    '<ul class="pagination justify-content-center">'
    '<li class="page-item disabled"><span class="page-link">قبلی</span></li>'
    '<li class="page-item active"><span class="page-link">۱</span></li>'
    '<li class="page-item "><a href="/page/archive.xhtml?wide=0&amp;ms=0&amp;pi=2&amp;dy=17'
    '&amp;mn=11&amp;yr=1402" rel="noindex next" class="page-link">۲</a></li>'
    '<li class="page-item "><a href="/page/archive.xhtml?wide=0&amp;ms=0&amp;pi=2&amp;dy=17'
    '&amp;mn=11&amp;yr=1402" rel="noindex next" class="page-link">بعدی</a></li></ul>'
)
LAST = (
    '<ul class="pagination"><li class="page-item "><a href="/page/archive.xhtml?pi=1" '
    'rel="noindex next" class="page-link">قبلی</a></li>'
    '<li class="page-item disabled"><span class="page-link">بعدی</span></li></ul>'
)


def test_archive_entries_are_the_listings_items_not_the_side_column_or_footer():
    response = HtmlResponse(f"{BASE}/archive?pi=1&dy=17&mn=11&yr=1402", body=listing_page(NEXT))
    entries = CMS.archive_entries(response)
    assert [(entry.news_id, entry.url) for entry in entries] == [
        (830933, f"{BASE}/news/830933/%D8%A8%D8%A7%DB%8C%D8%AF%D9%87%D8%A7"),
        (830632, f"{BASE}/photo/830632/x"),
    ]
    assert CMS.next_archive_page(response) == (
        f"{BASE}/page/archive.xhtml?wide=0&ms=0&pi=2&dy=17&mn=11&yr=1402"
    )


def test_the_last_archive_page_has_no_next_page():
    response = HtmlResponse(f"{BASE}/page/archive.xhtml?pi=2", body=listing_page(LAST))
    assert CMS.next_archive_page(response) is None


def test_an_empty_or_foreign_page_lists_nothing():
    response = HtmlResponse(f"{BASE}/archive", body=b"<html><body><p>nothing</p></body></html>")
    assert CMS.archive_entries(response) == []
    assert CMS.next_archive_page(response) is None


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>خبرگزاری مهر</title>
<item><title>عنوان یک</title><link>https://www.mehrnews.com/news/6018415/عنوان-یک</link>
<description>خلاصه</description><category domain="gilan">استانها &gt; گیلان</category>
<enclosure url="https://media.mehrnews.com/d/2024/02/08/3/4849965.jpg" type="image/jpeg" />
<pubDate>Thu, 08 Feb 2024 08:38:00 GMT</pubDate></item>
<item><title>گالری</title><link>/photo/6018504/گالری</link><pubDate>bad date</pubDate></item>
<item><title>پیوند کوتاه</title><link>https://mehrnews.com/x349DP</link></item>
<item><title>سرویس</title><link>https://www.mehrnews.com/service/video</link></item>
</channel></rss>"""


def test_feed_entries_are_the_article_items_with_their_times_in_tehran():
    entries = parse_feed(FEED.encode(), "https://www.mehrnews.com/rss")
    assert CMS.feed_entries(FEED.encode(), "https://www.mehrnews.com/rss") == entries
    assert [(e.news_id, e.url) for e in entries] == [
        (
            6018415,
            "https://www.mehrnews.com/news/6018415/%D8%B9%D9%86%D9%88%D8%A7%D9%86-%DB%8C%DA%A9",
        ),
        (6018504, "https://www.mehrnews.com/photo/6018504/%DA%AF%D8%A7%D9%84%D8%B1%DB%8C"),
    ]
    first, second = entries
    assert first.published_at is not None
    assert first.published_at.isoformat() == "2024-02-08T12:08:00+03:30"
    assert second.published_at is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html><body>not a feed</body></html>", "not an RSS feed|not well-formed"),
        (b'<?xml version="1.0"?><feed><entry/></feed>', "not an RSS feed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]>'
            b"<rss><channel><item><title>&a;</title></item></channel></rss>",
            "declares XML entities",
        ),
    ],
)
def test_a_body_that_is_no_plain_rss_feed_is_refused(body, message):
    with pytest.raises(FeedError, match=message):
        CMS.feed_entries(body, "https://www.mehrnews.com/rss")
