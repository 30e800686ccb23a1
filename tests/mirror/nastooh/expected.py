"""The :class:`~newscrawl.items.Article` a correct crawler exports for a Nastooh mirror item.

Only items with article text have a record (a video that is only a player is skipped as
``not_article``). Records are the ``Article`` fields except ``crawled_at``. The item's URL is
written against :data:`EXPECTED_ORIGIN` (the live site's, as the goldens write it); compare a crawl
of a served mirror after :func:`rebase`. Image URLs name the media host and need no rebasing.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from w3lib.url import safe_url_string

from newscrawl.items import Article, Image
from tests.mirror.jalali import iso_minutes
from tests.mirror.nastooh.dates import date_line

if TYPE_CHECKING:
    from tests.mirror.nastooh.spec import Item

SITE = "mehrnews"
EXPECTED_ORIGIN = "https://www.mehrnews.com"
RECORD_KEYS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Article) if f.name != "crawled_at"
)


def expected_record(item: Item) -> dict[str, Any] | None:
    """The exported record of ``item``'s page, or None when it holds no article text."""
    if not item.has_text:
        return None
    article = Article(
        site=SITE,
        news_id=item.news_id,
        url=safe_url_string(EXPECTED_ORIGIN + item.path),
        title=item.title,
        kicker=item.kicker,
        lead=item.lead,
        body="\n\n".join(item.paragraphs),
        published_at=iso_minutes(item.published),
        published_at_raw=date_line(item.published, photo=item.kind == "photo"),
        section=item.section,
        category=item.category,
        tags=list(item.tags),
        editor=None,
        authors=[name for name in (item.photographer, item.byline) if name],
        images=_images(item),
        language="fa",
    )
    return {name: getattr(article, name) for name in RECORD_KEYS}


def _images(item: Item) -> list[Image]:
    images: list[Image] = []
    if item.lead_image:
        images.append({"url": item.lead_image, "caption": None})  # its alt is the title
    if item.figure:
        src, caption = item.figure
        images.append({"url": src, "caption": caption})
    for src, alt in item.gallery:
        images.append({"url": src, "caption": alt if alt and alt != item.title else None})
    return images


def rebase(record: dict[str, Any], base_url: str) -> dict[str, Any]:
    """A copy of ``record`` whose ``url`` names ``base_url`` instead of :data:`EXPECTED_ORIGIN`.

    >>> rebase({"url": "https://www.mehrnews.com/news/1/x"}, "http://127.0.0.1:8080/")
    {'url': 'http://127.0.0.1:8080/news/1/x'}
    """
    out = dict(record)
    url = out.get("url")
    if isinstance(url, str) and url.startswith(EXPECTED_ORIGIN + "/"):
        out["url"] = base_url.rstrip("/") + url[len(EXPECTED_ORIGIN) :]
    return out
