"""Every golden pair: page object plus cleaning pipeline give exactly the expected record."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from scrapy.utils.misc import build_from_crawler

from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.sites import SITES
from tests.golden_pairs import GOLDEN, extract, golden_id, golden_pages, load_expected


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
    assert "\\u" not in text
    assert text.endswith("}\n")
    assert re.search(r"[\u0600-\u06ff]", text)


def test_every_site_has_goldens():
    assert {path.name for path in GOLDEN.iterdir() if path.is_dir()} == set(SITES)
    for key in SITES:
        assert list((GOLDEN / key).glob("*.html")), key
