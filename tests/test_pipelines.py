"""Pipelines with a real crawler: results, stats and the rejects file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from scrapy import Spider
from scrapy.utils.misc import build_from_crawler

from newscrawl.items import Article
from newscrawl.pipelines.dedupe import DropDuplicatesPipeline, DuplicateArticle
from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.pipelines.validate import (
    ImplausibleDate,
    IncompleteArticle,
    ShortBody,
    ValidateArticlePipeline,
)

BODY = "به گزارش عصرپرس، این متن بدنه‌ی یک خبر کوتاه است که از پنجاه نویسه بلندتر است."


def article(**changes) -> Article:
    base = Article(
        site="asrpress",
        news_id=26684,
        url="https://asrpress.ir/fa/news/26684/x",
        title="عنوان",
        body=BODY,
        published_at="2021-10-19T20:04:00+03:30",
        published_at_raw="۲۰:۰۴ - ۲۷ مهر ۱۴۰۰",
    )
    return replace(base, **changes)


@pytest.fixture
def validate(crawler):
    pipeline = build_from_crawler(ValidateArticlePipeline, crawler)
    pipeline.spider_opened(Spider(name="asrpress"))
    yield pipeline
    pipeline.close_spider()


def read_rejects(crawler) -> list[dict]:
    path = crawler.settings["NEWSCRAWL_REJECTS"]
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


class TestNormalizePersianPipeline:
    def test_cleans_every_text_field_lists_and_captions(self, crawler):
        pipeline = build_from_crawler(NormalizePersianPipeline, crawler)
        item = article(
            title="علي\u200f ",
            kicker="  ",
            body="بند اول\u00a0\n\n\n\nبند دوم",
            tags=["ك", "ک", ""],
            authors=["علي"],
            images=[{"url": "https://asrpress.ir/a.jpg", "caption": "عكس"}],
            published_at_raw=" ۲۰:۰۴ -  ۲۷ مهر\u00a0۱۴۰۰ ",
            section="سياسي",
        )
        result = pipeline.process_item(item)
        assert result.title == "علی"
        assert result.kicker is None
        assert result.body == "بند اول\n\nبند دوم"
        assert result.tags == ["ک"]
        assert result.authors == ["علی"]
        assert result.images == [{"url": "https://asrpress.ir/a.jpg", "caption": "عکس"}]
        assert result.section == "سیاسی"
        # The raw date keeps its characters as printed; only its white space is collapsed.
        assert result.published_at_raw == "۲۰:۰۴ - ۲۷ مهر ۱۴۰۰"
        assert crawler.stats.get_value("newscrawl/normalize/changed/title") == 1

    def test_keeps_zwnj(self, crawler):
        pipeline = build_from_crawler(NormalizePersianPipeline, crawler)
        result = pipeline.process_item(article(title="سه\u200cشنبه"))
        assert result.title == "سه\u200cشنبه"


class TestValidateArticlePipeline:
    def test_valid_article_passes(self, validate, crawler):
        item = article()
        assert validate.process_item(item) is item
        assert crawler.stats.get_value("newscrawl/validate/rejected/IncompleteArticle") is None

    @pytest.mark.parametrize("field", ["news_id", "url", "title", "body", "published_at"])
    def test_missing_required_field_is_rejected_counted_and_written(self, validate, crawler, field):
        with pytest.raises(IncompleteArticle, match=f"missing {field}"):
            validate.process_item(article(**{field: None}))
        assert crawler.stats.get_value("newscrawl/validate/rejected/IncompleteArticle") == 1
        assert crawler.stats.get_value(f"newscrawl/validate/missing/{field}") == 1
        validate.close_spider()
        (reject,) = read_rejects(crawler)
        assert reject["reason"] == "IncompleteArticle"
        assert reject["url"] == (None if field == "url" else "https://asrpress.ir/fa/news/26684/x")
        assert reject["item"]["title"] == (None if field == "title" else "عنوان")

    def test_unparsed_date_names_the_printed_text(self, validate, crawler):
        with pytest.raises(IncompleteArticle, match="۳۱ مهر ۱۴۰۰"):
            validate.process_item(article(published_at=None, published_at_raw="۳۱ مهر ۱۴۰۰"))

    def test_future_date_is_rejected(self, validate, crawler):
        future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
        with pytest.raises(ImplausibleDate, match="future"):
            validate.process_item(article(published_at=future))
        assert crawler.stats.get_value("newscrawl/validate/rejected/ImplausibleDate") == 1

    def test_small_clock_skew_is_accepted(self, validate):
        soon = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
        validate.process_item(article(published_at=soon))

    def test_date_before_1370_is_rejected(self, validate):
        with pytest.raises(ImplausibleDate, match="before 1370"):
            validate.process_item(article(published_at="1990-01-01T10:00:00+03:30"))

    def test_short_body_is_rejected_with_configurable_minimum(self, validate, crawler):
        with pytest.raises(ShortBody, match="fewer than 50"):
            validate.process_item(article(body="کوتاه"))
        validate.min_body_chars = 3
        validate.process_item(article(body="کوتاه"))
        validate.close_spider()
        assert [r["reason"] for r in read_rejects(crawler)] == ["ShortBody"]

    def test_min_body_chars_setting(self, tmp_path):
        from scrapy.utils.test import get_crawler

        crawler = get_crawler(Spider, {"NEWSCRAWL_MIN_BODY_CHARS": 200})
        assert build_from_crawler(ValidateArticlePipeline, crawler).min_body_chars == 200


class TestDropDuplicatesPipeline:
    def test_second_copy_of_an_article_is_dropped_and_counted(self, crawler):
        pipeline = build_from_crawler(DropDuplicatesPipeline, crawler)
        pipeline.process_item(article())
        pipeline.process_item(article(news_id=26685))
        with pytest.raises(DuplicateArticle, match="asrpress/26684"):
            pipeline.process_item(article(url="http://asrpress.ir/fa/news/26684/other-slug"))
        assert crawler.stats.get_value("newscrawl/dedupe/duplicate") == 1

    def test_same_id_on_another_site_is_not_a_duplicate(self, crawler):
        pipeline = build_from_crawler(DropDuplicatesPipeline, crawler)
        pipeline.process_item(article())
        pipeline.process_item(article(site="tabnak"))


def test_normalize_treats_a_dict_item_like_an_article(crawler):
    pipeline = build_from_crawler(NormalizePersianPipeline, crawler)
    item = {"title": "علي ", "published_at_raw": " ۲۷  مهر ", "other_raw": 5, "note_raw": " a  b "}
    assert pipeline.process_item(item) == {
        "title": "علی",
        "published_at_raw": "۲۷ مهر",
        "other_raw": 5,
        "note_raw": "a b",
    }


def test_fields_are_bounded_with_counted_truncation(crawler):
    pipeline = build_from_crawler(NormalizePersianPipeline, crawler)
    article = Article(
        site="asrpress",
        news_id=1,
        url="https://asrpress.ir/fa/news/1",
        title="عنوان" * 1000,
        body="متن " * 100_000,
        tags=[f"برچسب {i}" for i in range(10_000)],
        images=[{"url": f"https://asrpress.ir/{i}.jpg", "caption": None} for i in range(500)],
    )
    pipeline.process_item(article)
    assert len(article.title or "") == 2_000
    assert len(article.body or "") == 200_000
    assert (len(article.tags), len(article.images)) == (100, 100)
    assert article.tags[:2] == ["برچسب 0", "برچسب 1"], "the first ones are kept, in page order"
    for name in ("title", "body", "tags", "images"):
        assert crawler.stats.get_value(f"newscrawl/normalize/truncated/{name}") == 1


def test_control_characters_leave_every_text_field(crawler):
    pipeline = build_from_crawler(NormalizePersianPipeline, crawler)
    article = Article(site="x", title="زنگ\x07 خطر\x00", tags=["\x1bبرچسب"], body="متن\x85دوم")
    pipeline.process_item(article)
    assert (article.title, article.tags, article.body) == ("زنگ خطر", ["برچسب"], "متن\nدوم")
