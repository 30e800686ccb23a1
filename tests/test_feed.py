"""``parse_feed`` on the real tabnak ``/fa/rss/allnews`` of 2018-07-21, and on hostile bodies."""

from __future__ import annotations

import re
import time
from datetime import datetime
from urllib.parse import unquote

import pytest

from newscrawl.cms.iransamaneh.feed import FeedEntry, FeedError, parse_feed
from newscrawl.text.dates import TEHRAN
from tests.golden_pairs import GOLDEN, load_expected

# A byte copy of shared/reference/real/tabnak-rss-allnews.xml (tests/golden/tabnak/README.md).
FEED = GOLDEN / "tabnak" / "rss-allnews.xml"
FEED_URL = "http://www.tabnak.ir/fa/rss/allnews"


@pytest.fixture(scope="module")
def feed_text() -> str:
    return FEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def entries(feed_text) -> list[FeedEntry]:
    return parse_feed(feed_text.encode("utf-8"), FEED_URL)


def _tehran(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=TEHRAN)


# Read off the file by hand: (position, news id, pubDate as printed, the link as printed).
PINNED = [
    (
        0,
        818316,
        _tehran(2018, 7, 21, 8, 39, 54),  # 21 Jul 2018 08:39:54 +0430, the newest item
        "http://www.tabnak.ir/fa/news/818316/منتجب\u200cنیا-آبروی-نظام-را-برای-یک-نفر-خدشه\u200cدار-نکنیم",
    ),
    (
        2,
        818313,
        _tehran(2018, 7, 21, 8, 37, 24),  # the link sits on its own indented line
        "http://www.tabnak.ir/fa/news/818313/us-defense-chief-urges-congress-to-allow-waivers-of-russian-sanctions",
    ),
    (
        10,
        818251,
        _tehran(2018, 7, 21, 8, 28, 26),  # an older id between newer ones; LRM marks in the slug
        "http://www.tabnak.ir/fa/news/818251/از-آینده-واردات-نفت-ژاپن-از-ایران-با-شروع-تحریم\u200eها"
        "-تا-جنگ-تجاری-بر-سر-پرچم\u200eهای-چینی-با-عبارت-ترامپ-2020",
    ),
    (
        99,
        818171,
        _tehran(2018, 7, 20, 22, 45, 1),  # 20 Jul 2018 22:45:01 +0430, the oldest item
        "http://www.tabnak.ir/fa/news/818171/افزایش-حکم-حبس-رئیس-جمهور-سابق-کره-جنوبی",
    ),
]


@pytest.mark.parametrize(("position", "news_id", "published_at", "link"), PINNED)
def test_pinned_items(entries, position, news_id, published_at, link):
    entry = entries[position]
    assert entry.news_id == news_id
    assert entry.published_at == published_at
    assert entry.published_at.utcoffset() == published_at.utcoffset()  # +04:30, summer 1397
    assert unquote(entry.url) == link
    assert entry.url.isascii()


def test_pinned_titles(entries):
    assert entries[0].title == "منتجب\u200cنیا: آبروی نظام را برای یک نفر خدشه\u200cدار نکنیم"
    assert entries[2].title == (
        "U.S. Defense Chief Urges Congress To Allow Waivers Of Russian Sanctions"
    )
    assert entries[45].title == "استهزاء ترامپ از سوي فعالان اينترنت"  # Arabic ي kept as printed


def test_feed_entry_of_the_golden_page_agrees_with_it(entries):
    # Item 68, 818242, is the tabnak golden page: the title spans two lines in the feed.
    expected = load_expected(GOLDEN / "tabnak/818242.html")
    entry = next(entry for entry in entries if entry.news_id == 818242)
    assert entry.url == expected["url"]
    assert entry.title == expected["title"]
    assert entry.published_at == _tehran(2018, 7, 21, 0, 20, 18)
    assert entry.published_at.isoformat()[:16] == expected["published_at"][:16]


def test_all_100_items_parse(entries, feed_text):
    printed_ids = [
        int(n) for n in re.findall(r"<link>\s*http://www\.tabnak\.ir/fa/news/(\d+)/", feed_text)
    ]
    printed_dates = re.findall(
        r"<pubDate>(\d\d) Jul 2018 (\d\d):(\d\d):(\d\d) \+0430</pubDate>", feed_text
    )
    assert len(entries) == len(printed_ids) == len(printed_dates) == 100
    assert [entry.news_id for entry in entries] == printed_ids
    for entry, (day, hour, minute, second) in zip(entries, printed_dates, strict=True):
        assert entry.published_at == _tehran(2018, 7, int(day), int(hour), int(minute), int(second))
        assert entry.url.startswith(f"http://www.tabnak.ir/fa/news/{entry.news_id}/")
        assert entry.title
    times = [entry.published_at for entry in entries]
    assert times == sorted(times, reverse=True)  # newest first, while ids are not in order
    assert [entry.news_id for entry in entries] != sorted(printed_ids, reverse=True)


def test_relative_links_resolve_and_non_article_items_are_skipped():
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        b"<item><title>a</title><link>/fa/news/12/a</link><pubDate>bad date</pubDate></item>"
        b"<item><title>photos</title><link>/fa/photos/13</link></item>"
        b"<item><title>image</title><link>http://cdn.x.ir/files/fa/news/1397/4/30/1_2.jpg</link></item>"
        b"<item><title>no link</title></item>"
        b"</channel></rss>"
    )
    (entry,) = parse_feed(body, "https://www.example.ir/fa/rss/allnews")
    assert entry == FeedEntry(
        news_id=12, url="https://www.example.ir/fa/news/12/a", title="a", published_at=None
    )


ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<rss version="2.0"><channel><item><title>&h;</title><link>/fa/news/1/a</link></item></channel></rss>
"""

SMALL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY t "title">]>
<rss version="2.0"><channel><item><title>&t;</title><link>/fa/news/1/a</link></item></channel></rss>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&x;</title><link>/fa/news/1/a</link></item></channel></rss>
"""

NOT_FEEDS = {
    "entity-bomb": ENTITY_BOMB,
    "small-entity": SMALL_ENTITY,
    "external-entity": EXTERNAL_ENTITY,
    "html-error-page": b"<html><body><p>502 Bad Gateway<br></body></html>",
    "xhtml-not-rss": b'<html xmlns="http://www.w3.org/1999/xhtml"><body>ok</body></html>',
    "plain-text": "صفحه درخواستی شما موجود نمی باشد".encode(),
    "empty": b"",
}


@pytest.mark.parametrize("body", NOT_FEEDS.values(), ids=NOT_FEEDS.keys())
def test_hostile_or_non_xml_bodies_raise_feed_error_quickly(body):
    started = time.perf_counter()
    with pytest.raises(FeedError):
        parse_feed(body, FEED_URL)
    assert time.perf_counter() - started < 1.0


def test_feed_error_is_a_value_error():
    assert issubclass(FeedError, ValueError)
