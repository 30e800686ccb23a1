"""What one synthetic id slot is: an article spec (clean text + page quirks) or a gap.

A spec holds the clean text the crawler must export; how the page prints it is in
:class:`~tests.mirror.markup.Dirt`. Rendering (:mod:`tests.mirror.render`) and the expected
record (:mod:`tests.mirror.expected`) are both pure functions of a spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tests.mirror.markup import Dirt, printed, slugify

if TYPE_CHECKING:
    from datetime import datetime

GapStatus = Literal["soft404", "gone"]

LAYOUT_SITES: dict[str, str] = {
    "old": "asrpress",
    "bootstrap": "tabnak",
    "yjc": "yjc",
    "iribnews": "iribnews",
}
"""Each CMS layout the mirror prints article pages in (:mod:`tests.mirror.render`), and the
declared site of that layout whose spider crawls a mirror of it (``scrapy crawl <site>``)."""


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the body: site-relative ``src`` and clean ``alt`` (``""`` when it has none)."""

    src: str
    alt: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link to an earlier article, as printed on pages (printed title, printed slug)."""

    news_id: int
    slug: str
    title: str
    published: datetime

    @property
    def path(self) -> str:
        return f"/fa/news/{self.news_id}/{self.slug}"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A body paragraph: lines joined by ``<br>``; may open with the lead image or a span."""

    lines: tuple[str, ...]
    strong: bool = False
    lead_image: Image | None = None
    source_span: str | None = None
    """Opening words of the first line printed inside ``<span style="color:…">``."""


@dataclass(frozen=True, slots=True)
class ImageBlock:
    """A paragraph holding only an image."""

    image: Image


@dataclass(frozen=True, slots=True)
class ReadMoreBlock:
    """The «بیشتر بخوانید» paragraph: a dashed rule and links to earlier articles."""

    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class ScriptBlock:
    """An inline ``<script>`` inside the body (a video player or ad loader)."""

    code: str


@dataclass(frozen=True, slots=True)
class BylineBlock:
    """A byline paragraph ``<p>LABEL: NAME</p>`` (نویسنده / خبرنگار / گزارش)."""

    label: str
    name: str


@dataclass(frozen=True, slots=True)
class EditorBlock:
    """The editor line ``<p>دبیر:NAME</p>`` (no space after the colon, as asrpress prints it)."""

    name: str


Block = TextBlock | ImageBlock | ReadMoreBlock | ScriptBlock | BylineBlock | EditorBlock


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    """A published article (status ``ok``)."""

    news_id: int
    published: datetime
    title: str
    kicker: str | None
    lead: str | None
    empty_lead_div: bool
    """When there is no lead: print an empty ``div.subtitle`` (True) or none at all (False)."""
    section: str
    sec_id: int
    category: str | None
    cat_id: int | None
    tags: tuple[str, ...]
    blocks: tuple[Block, ...]
    related: tuple[Link, ...]
    dirt: Dirt
    in_feed: bool

    @property
    def printed_title(self) -> str:
        return printed(self.title, self.dirt)

    @property
    def slug(self) -> str:
        return slugify(self.printed_title)

    @property
    def path(self) -> str:
        return f"/fa/news/{self.news_id}/{self.slug}"

    @property
    def images(self) -> tuple[Image, ...]:
        found: list[Image] = []
        for block in self.blocks:
            if isinstance(block, TextBlock) and block.lead_image is not None:
                found.append(block.lead_image)
            elif isinstance(block, ImageBlock):
                found.append(block.image)
        return tuple(found)

    @property
    def lead_image(self) -> Image | None:
        first = self.blocks[0]
        return first.lead_image if isinstance(first, TextBlock) else None

    def link(self) -> Link:
        return Link(self.news_id, self.slug, self.printed_title, self.published)


@dataclass(frozen=True, slots=True)
class GapSpec:
    """An id without an article: ``soft404`` (HTTP 200 error page) or ``gone`` (HTTP 404)."""

    news_id: int
    published: datetime
    status: GapStatus


SlotSpec = ArticleSpec | GapSpec
