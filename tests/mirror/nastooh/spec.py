"""What the Nastooh mirror generates: items (news, photo, video) and gaps, as clean text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tests.mirror.nastooh.slugs import slugify

if TYPE_CHECKING:
    from datetime import datetime

Kind = Literal["news", "photo", "video"]
GapStatus = Literal["soft404", "gone"]
SignOff = Literal["none", "end_of_message", "desk_code"]


@dataclass(frozen=True, slots=True)
class Link:
    """An earlier item a page links to (read-more blocks)."""

    news_id: int
    kind: Kind
    title: str

    @property
    def path(self) -> str:
        return item_path(self.news_id, self.kind, self.title)


@dataclass(frozen=True, slots=True)
class Item:
    """One item page: every value as the crawler must export it (clean Persian)."""

    news_id: int
    published: datetime
    """Aware, Asia/Tehran, with seconds (the metadata keeps them, the printed line does not)."""
    kind: Kind
    title: str
    kicker: str | None
    """The over-title of news and video items; photo items print their photographer there."""
    photographer: str | None
    lead: str | None
    paragraphs: tuple[str, ...]
    """The article's own text; empty for a video item that is only a player."""
    section: str
    category: str | None
    tags: tuple[str, ...]
    lead_image: str | None
    """Absolute URL of the lead image (``figure.item-img``), its alt the title."""
    figure: tuple[str, str] | None
    """``(src, caption)`` of an image inside the body (``<figure>`` with ``figcaption``)."""
    gallery: tuple[tuple[str, str], ...]
    """``(src, alt)`` of a photo item's gallery."""
    read_more: tuple[Link, ...]
    sign_off: SignOff
    byline: str | None
    """A reporter named on a «خبرنگار:» line at the end of the body."""
    meta_date: bool
    """Whether the page carries ``article:published_time`` (else only the printed line)."""
    in_feed: bool

    @property
    def path(self) -> str:
        return item_path(self.news_id, self.kind, self.title)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def has_text(self) -> bool:
        """Whether the page holds article text (a video item without it is not an article)."""
        return bool(self.paragraphs)

    def link(self) -> Link:
        return Link(self.news_id, self.kind, self.title)


@dataclass(frozen=True, slots=True)
class Gap:
    """An id with no item: a soft 404 (the home page with HTTP 200) or gone (HTTP 404)."""

    news_id: int
    published: datetime
    status: GapStatus


def item_path(news_id: int, kind: Kind, title: str) -> str:
    """The site path of an item: ``/photo/{id}/{slug}`` for photos, ``/news/{id}/{slug}`` else."""
    return f"/{'photo' if kind == 'photo' else 'news'}/{news_id}/{slugify(title)}"
