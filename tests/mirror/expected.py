"""The :class:`~newscrawl.items.Article` a correct crawler exports for a mirror page.

Records are the ``Article`` fields except ``crawled_at``, in the dataclass's order. Absolute URLs
(``url`` and image ``url``) are written against :data:`EXPECTED_ORIGIN` (``https://asrpress.ir``,
the live site's origin as ``SITES["asrpress"].base_url`` and the golden files write it), because
the mirror's own origin (``http://127.0.0.1:PORT``) is only known when it is served. Compare a crawl
of a served mirror with :func:`rebase`::

    expected = [rebase(record, base_url) for record in read_expected(site_dir)]

Text values are the clean text (the normalization policy of ``persian-text.md`` applied);
``published_at_raw`` is the date as printed (Arabic ي of month names kept).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from w3lib.url import safe_url_string

from newscrawl.items import Article, Image
from tests.mirror.jalali import date_line, iso_minutes
from tests.mirror.spec import BylineBlock, EditorBlock, TextBlock

if TYPE_CHECKING:
    from tests.mirror.spec import ArticleSpec

SITE = "asrpress"
RECORD_KEYS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Article) if f.name != "crawled_at"
)
"""Keys of an expected record, in the order of :class:`Article`'s fields."""

EXPECTED_ORIGIN = "https://asrpress.ir"
"""Scheme and host of every absolute URL in an expected record; replace it with :func:`rebase`."""


def expected_article(spec: ArticleSpec, site: str = SITE) -> Article:
    """The record ``site``'s spider exports from ``spec``'s page (``crawled_at`` left ``None``).

    The same in every layout the mirror prints (:mod:`tests.mirror.render`) but for ``site``.
    """
    dirt = spec.dirt
    return Article(
        site=site,
        news_id=spec.news_id,
        url=safe_url_string(EXPECTED_ORIGIN + spec.path),
        title=spec.title,
        kicker=spec.kicker or None,
        lead=spec.lead or None,
        body=_body(spec),
        published_at=iso_minutes(spec.published),
        published_at_raw=date_line(
            spec.published, arabic_months=dirt.arabic_months, legacy=dirt.legacy_date
        ),
        section=spec.section,
        category=spec.category,
        tags=list(spec.tags),
        editor=next((b.name for b in spec.blocks if isinstance(b, EditorBlock)), None),
        authors=[b.name for b in spec.blocks if isinstance(b, BylineBlock)],
        images=[_image(spec, image.src, image.alt) for image in spec.images],
        language="fa",
    )


def expected_record(spec: ArticleSpec, site: str = SITE) -> dict[str, Any]:
    """:func:`expected_article` as the JSON object of an ``expected.jsonl`` line."""
    article = expected_article(spec, site)
    return {name: getattr(article, name) for name in RECORD_KEYS}


def rebase(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A copy of ``record`` with :data:`EXPECTED_ORIGIN` replaced by ``base_url`` in every URL.

    >>> rebase({"url": "https://asrpress.ir/fa/news/1/x", "images": []}, "http://127.0.0.1:8080/")
    {'url': 'http://127.0.0.1:8080/fa/news/1/x', 'images': []}
    """
    base = base_url.rstrip("/")
    out = dict(record)
    if isinstance(out.get("url"), str):
        out["url"] = _swap(out["url"], base)
    out["images"] = [{**image, "url": _swap(image["url"], base)} for image in out.get("images", [])]
    return out


def _swap(url: str, base: str) -> str:
    return base + url[len(EXPECTED_ORIGIN) :] if url.startswith(EXPECTED_ORIGIN + "/") else url


def _body(spec: ArticleSpec) -> str:
    paragraphs = ["\n".join(b.lines) for b in spec.blocks if isinstance(b, TextBlock)]
    return "\n\n".join(paragraphs)


def _image(spec: ArticleSpec, src: str, alt: str) -> Image:
    caption = alt if alt and alt != spec.title else None
    return {"url": EXPECTED_ORIGIN + src, "caption": caption}  # src is ASCII: nothing to encode
