"""Property-based tests: arbitrary text, dates and HTML never make the parsers fail unexpectedly.

Contracts under test: ``text.normalize`` functions take any ``str`` and return a ``str``, and
``normalize`` is idempotent; ``newscrawl.text.dates`` parsers return a value or raise
``InvalidDateError``, nothing else; the page object turns any page into an ``Article`` (absent
fields are ``None``), never an exception; the feed parser returns entries or raises ``FeedError``.
Examples are few and derandomized (the same every run), so this file runs in seconds; to search
harder, ``NEWSCRAWL_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`` runs that many random examples.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from newscrawl.cms.iransamaneh.feed import FeedError, parse_feed
from newscrawl.cms.iransamaneh.page import IranSamanehArticlePage
from newscrawl.items import Article
from newscrawl.pages import PageKind
from newscrawl.text import dates
from newscrawl.text import normalize as text

SEARCH = int(os.environ.get("NEWSCRAWL_FUZZ_EXAMPLES", "0"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=SEARCH or examples,
        deadline=None,
        database=None,
        derandomize=not SEARCH,
        suppress_health_check=[HealthCheck.too_slow],
    )


FUZZ = fuzz(150)

# Characters Persian pages are made of, and the ones the normalizer treats specially.
PERSIAN = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
    "يكىھةأإآؤئء"  # Arabic letter variants, hamza forms
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789"
    "\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2069\ufeff\u200b\u00ad\u0640"
    "\u064b\u064e\u0651\u0652\u0654\u0670"  # harakat, hamza above, superscript alef
    " \t\n\r\u00a0\u2009\u202f\u3000\u2028\u2029\x0b"
    "،؛؟«».:!-/()\"'"
    "\ufb8e\ufbfc\ufedb\ufe8e\ufdf2"  # presentation forms, a ligature
)
persianish = st.text(alphabet=st.sampled_from(PERSIAN), max_size=60)
any_text = st.one_of(persianish, st.text(max_size=60))

persian_digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
month = st.sampled_from([*dates.JALALI_MONTHS, "مهرماه", "فروردين", "ماه", "October"])
number = st.integers(min_value=0, max_value=2000).map(str)
maybe_persian = st.tuples(number, st.booleans()).map(
    lambda pair: pair[0].translate(persian_digits) if pair[1] else pair[0]
)
separator = st.sampled_from([" ", " - ", "/", "-", ":", "، ", " ساعت ", " | "])
date_like = st.lists(st.one_of(maybe_persian, month, separator, persianish), max_size=9).map(
    "".join
)


@FUZZ
@given(any_text)
def test_normalize_is_idempotent(raw):
    once = text.normalize(raw)
    assert isinstance(once, str)
    assert text.normalize(once) == once


@FUZZ
@given(any_text)
def test_text_helpers_return_text(raw):
    collapsed = text.collapse_whitespace(raw)
    assert text.collapse_whitespace(collapsed) == collapsed
    assert not any(c in "يكى" for c in text.fold_letters(raw))
    assert not any(c in "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩" for c in text.to_ascii_digits(raw))


@FUZZ
@given(st.one_of(date_like, any_text))
def test_persian_dates_parse_or_raise_invalid_date_error(raw):
    try:
        parsed = dates.parse_persian_datetime(raw)
    except dates.InvalidDateError:
        return
    assert isinstance(parsed.value, date)
    if isinstance(parsed.value, datetime):
        assert parsed.value.utcoffset() is not None
        assert dates.to_iso_minute(parsed.value).endswith(("+03:30", "+04:30"))


@FUZZ
@given(st.one_of(date_like, any_text, st.datetimes(timezones=st.just(UTC)).map(str)))
def test_feed_and_meta_dates_parse_or_raise_invalid_date_error(raw):
    for parse in (dates.parse_iso_datetime, dates.parse_rss_date):
        try:
            value = parse(raw)
        except dates.InvalidDateError:
            continue
        assert value.tzinfo is dates.TEHRAN


@FUZZ
@given(st.integers(-(10**9), 10**9), st.integers(-100, 100), st.integers(-100, 100))
def test_jalali_dates_convert_or_raise_invalid_date_error(year, month_number, day):
    try:
        value = dates.jalali_to_gregorian(year, month_number, day)
    except dates.InvalidDateError:
        return
    assert dates.gregorian_to_jalali(value) == (year, month_number, day)


# --- the page object ---

CLASSES = [
    "body", "title", "Htag", "rutitr", "subtitle", "news_pdate_c", "news_id_c", "news_path",
    "tags_container", "gutter_news", "col1-news", "error_container", "en_date", "news_nav_title",
]  # fmt: skip
TAGS = ["div", "p", "span", "h1", "a", "b", "br", "img", "script", "table", "td", "body", "html"]
attribute = st.one_of(
    st.tuples(st.just("class"), st.sampled_from(CLASSES)),
    st.tuples(st.just("style"), st.sampled_from(["direction: right;", "direction: rtl"])),
    st.tuples(st.sampled_from(["href", "src", "alt", "title"]), any_text),
)


def element(children):
    return st.builds(
        lambda tag, attrs, inner, closed: (
            f"<{tag}"
            + "".join(f' {name}="{value.replace(chr(34), "&quot;")}"' for name, value in attrs)
            + ">"
            + "".join(inner)
            + (f"</{tag}>" if closed else "")
        ),
        st.sampled_from(TAGS),
        st.lists(attribute, max_size=3),
        st.lists(children, max_size=4),
        st.booleans(),  # unclosed tags too
    )


html_fragment = st.recursive(any_text, element, max_leaves=25)
page_html = st.builds(
    lambda head, fragment: f"<html><head>{head}</head><body>{fragment}</body></html>",
    st.sampled_from(
        ["", '<meta property="og:title" content="x">', '<meta charset="windows-1256">']
    ),
    html_fragment,
)


def assert_page_is_an_article(body: bytes, url: str) -> None:
    page = IranSamanehArticlePage(HtmlResponse(url, body=body), site="fuzz")
    assert isinstance(page.kind, PageKind)
    article = page.to_article()
    assert isinstance(article, Article)
    for value in (article.title, article.body, article.published_at, article.kicker):
        assert value is None or isinstance(value, str)
    if article.published_at is not None:
        datetime.fromisoformat(article.published_at)


@FUZZ
@given(page_html, st.sampled_from(["https://asrpress.ir/fa/news/7/x", "https://x.ir/p?id=1"]))
def test_any_html_gives_an_article_or_nothing_never_an_error(html, url):
    assert_page_is_an_article(html.encode("utf-8"), url)


@fuzz(60)
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_article_or_nothing_never_an_error(body):
    assert_page_is_an_article(body, "https://asrpress.ir/fa/news/7/x")


@FUZZ
@given(st.one_of(st.binary(max_size=500), page_html.map(str.encode)))
def test_any_feed_body_gives_entries_or_a_feed_error(body):
    try:
        entries = parse_feed(body, "https://asrpress.ir/fa/rss/allnews")
    except FeedError:
        return
    assert all(entry.news_id >= 0 for entry in entries)
