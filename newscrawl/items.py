"""The output contract: one :class:`Article` is one exported JSON line.

Every field documents its meaning and exact format. Text fields are cleaned by
``NormalizePersianPipeline`` (``text.normalize``) before export, so the formats below
describe the exported values, not what a page object returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict


class Image(TypedDict):
    """One image of the article body, as exported."""

    url: str
    """Absolute URL of the image file (``src`` resolved against the page URL)."""

    caption: str | None
    """The image's ``alt``/``title`` text; null when empty or when it only repeats the title."""


SCHEMA_VERSION = "1.1"
"""Version of the record format; bumped on any change a consumer must know about.

1.1: ``url`` is any article URL of the crawled site (a second CMS prints ``/news/{id}/…``), no
longer always ``/fa/news/{id}/…``; a 1.0 record is a valid 1.1 record.
"""
COMPATIBLE_VERSIONS = ("1.0", SCHEMA_VERSION)
"""Versions whose records the current schema accepts."""


@dataclass(kw_only=True)
class Article:
    """A news article as exported, one JSON line per article."""

    schema_version: str = SCHEMA_VERSION
    """Version of this record format (``newscrawl/dataset/article.schema.json``), e.g. ``"1.1"``."""

    site: str
    """Site key, lowercase ASCII, e.g. ``"asrpress"``: the spider, feed folder and golden folder."""

    news_id: int | None = None
    """The CMS's numeric news id (کد خبر), read from the article's URL, e.g. ``26684``."""

    url: str | None = None
    """Absolute, percent-encoded URL of the article on the crawled host, e.g.
    ``https://asrpress.ir/fa/news/26684/{slug}`` (IranSamaneh) or ``…/news/{id}/{slug}`` (Nastooh).

    The page's canonical link when it names the same id on the same host, else the URL of the
    final response after redirects. Never another host than the one crawled.
    """

    title: str | None = None
    """Headline as printed, without kicker or lead, e.g. ``"همکاری وزارت ارتباطات و …"``."""

    kicker: str | None = None
    """Over-title (روتیتر) as printed, trailing ``:``/``؛`` kept; null when empty."""

    lead: str | None = None
    """Lead paragraph (لید, ``div.subtitle``); null when absent or empty."""

    body: str | None = None
    """Article text: paragraphs in page order separated by exactly one blank line (``"\\n\\n"``).

    A ``<br>`` inside a paragraph is a single ``"\\n"``. Holds only the article's own text: no
    image alt/title text, no «بیشتر بخوانید» related-links block, no scripts or ads, and no editor
    or byline lines (those are ``editor`` and ``authors``).
    """

    published_at: str | None = None
    """Publication time, ISO 8601 with the Asia/Tehran offset in force that day, minute precision.

    E.g. ``"2021-10-19T20:04:00+03:30"`` (standard time) or ``"2021-06-01T12:00:00+04:30"`` (Iran
    observed DST until 1401/2022). Read from the printed date line; the page's metadata
    (``article:published_time``) is the fallback.
    """

    published_at_raw: str | None = None
    """The Persian date text exactly as printed, label (تاریخ انتشار) and English date removed.

    E.g. ``"۲۰:۰۴ - ۲۷ مهر ۱۴۰۰"``. Only whitespace is collapsed: characters (Arabic ي, digits)
    are kept as printed so the value can be re-parsed.
    """

    section: str | None = None
    """First breadcrumb link after «صفحه نخست» (the CMS's service), e.g. ``"اجتماعی"``; or null."""

    category: str | None = None
    """Second breadcrumb link after «صفحه نخست» (the service's category); null when absent."""

    tags: list[str] = field(default_factory=list)
    """Tag (برچسب) texts in page order, without duplicates; empty list when the page has none."""

    editor: str | None = None
    """Name after «دبیر:» (the article's editor), e.g. ``"وجیهه مرادی"``; null when absent."""

    authors: list[str] = field(default_factory=list)
    """Names after byline labels «نویسنده:» / «خبرنگار:» / «گزارش:», in page order."""

    images: list[Image] = field(default_factory=list)
    """Images of the article body in page order, each ``{"url": …, "caption": …}``."""

    language: str = "fa"
    """ISO 639-1 language code of the text, ``"fa"``."""

    crawled_at: str | None = None
    """When the page was fetched, UTC ISO 8601 to the second, e.g. ``"2026-11-28T14:15:42Z"``."""


TEXT_FIELDS: tuple[str, ...] = ("title", "kicker", "lead", "body", "section", "category", "editor")
"""Scalar text fields that ``NormalizePersianPipeline`` cleans (lists are handled separately)."""
