"""Every golden pair: page object plus cleaning pipeline give exactly the expected record."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from scrapy.utils.misc import build_from_crawler

from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.sites import SITES
from tests.golden_pairs import GOLDEN, extract, golden_id, golden_pages, load_expected

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


def test_every_site_has_goldens():
    assert {path.name for path in GOLDEN.iterdir() if path.is_dir()} == set(SITES)
    for key in SITES:
        assert list((GOLDEN / key).glob("*.html")), key
