"""The body of one synthetic article: paragraphs, images, read-more, scripts, bylines, tags.

Draws continue the slot's random stream after :func:`tests.mirror.generate.start_slot`, at the
rates the brief asks for: kicker 60%, lead 80%, lead image 75%, extra images 15%, read-more 20%,
inline script 15%, byline 15%, editor 70%, category 75%, 0–5 tags, 2–12 paragraphs.
"""

from __future__ import annotations

from itertools import count
from typing import TYPE_CHECKING

from tests.mirror import vocabulary as v
from tests.mirror.draw import between, pick
from tests.mirror.jalali import jalali_ymd
from tests.mirror.organizations import SECTIONS
from tests.mirror.spec import (
    ArticleSpec,
    Block,
    BylineBlock,
    EditorBlock,
    Image,
    ImageBlock,
    Link,
    ReadMoreBlock,
    ScriptBlock,
    TextBlock,
)
from tests.mirror.timeline import FIRST_ID

if TYPE_CHECKING:
    import random
    from collections.abc import Iterator, Sequence
    from datetime import datetime

    from tests.mirror.markup import Dirt
    from tests.mirror.prose import Writer

_PARAGRAPH_COUNTS = (2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12)
_TAG_COUNTS = (0, 0, 1, 2, 2, 3, 3, 4, 5)
HISTORY_WINDOW = 300
"""Read-more and related links point to one of the last this-many articles."""


def compose(
    w: Writer, news_id: int, title: str, dirt: Dirt, history: Sequence[Link]
) -> ArticleSpec:
    """The article whose head (time, title, quirks) is drawn; ``history`` are earlier articles."""
    rng = w.rng
    published = w.published
    kicker = w.kicker() if rng.random() < 0.6 else None
    lead = w.lead() if rng.random() < 0.8 else None
    empty_lead_div = rng.random() < 0.5
    section = SECTIONS[w.org.section]
    category = pick(rng, w.org.categories) if rng.random() < 0.75 else None
    cat_id = dict(section.categories)[category] if category else None
    tags = w.tags(pick(rng, _TAG_COUNTS))
    blocks = _blocks(w, news_id, published, title, history)
    related = _earlier(rng, history, between(rng, 3, 5))
    return ArticleSpec(
        news_id=news_id,
        published=published,
        title=title,
        kicker=kicker,
        lead=lead,
        empty_lead_div=empty_lead_div,
        section=section.name,
        sec_id=section.sec_id,
        category=category,
        cat_id=cat_id,
        tags=tags,
        blocks=blocks,
        related=tuple(sorted(related, key=lambda link: -link.news_id)),
        dirt=dirt,
        in_feed=rng.random() >= 0.12,
    )


def _blocks(
    w: Writer, news_id: int, published: datetime, title: str, history: Sequence[Link]
) -> tuple[Block, ...]:
    rng = w.rng
    images = _image_srcs(rng, news_id, published)
    paragraphs: list[Block] = [_first_paragraph(w, title, next(images))]
    for _ in range(pick(rng, _PARAGRAPH_COUNTS) - 1):
        paragraphs.append(_paragraph(w))
    if rng.random() < 0.15:
        for _ in range(between(rng, 1, 3)):
            at = between(rng, 1, len(paragraphs))
            paragraphs.insert(at, ImageBlock(Image(next(images), _caption(w, title))))
    if history and rng.random() < 0.2:
        links = tuple(_earlier(rng, history, between(rng, 1, 3)))
        paragraphs.insert(
            min(3, len(paragraphs)) if rng.random() < 0.5 else len(paragraphs), ReadMoreBlock(links)
        )
    if rng.random() < 0.15:
        paragraphs.insert(between(rng, 1, len(paragraphs)), ScriptBlock(_script(rng, news_id)))
    return tuple(paragraphs) + _signature(w)


def _first_paragraph(w: Writer, title: str, image_src: str) -> TextBlock:
    rng = w.rng
    words, rest = w.opening()
    more = w.paragraph(between(rng, 0, 2))
    line = words + rest + (" " + more if more else "")
    lead_image = Image(image_src, title) if rng.random() < 0.75 else None
    return TextBlock(
        (line,), lead_image=lead_image, source_span=words if rng.random() < 0.1 else None
    )


def _paragraph(w: Writer) -> TextBlock:
    rng = w.rng
    roll = rng.random()
    if roll < 0.1:
        return TextBlock((w.subheading(),), strong=True)
    if roll < 0.25:
        return TextBlock((w.sentence(), w.paragraph(between(rng, 1, 2))))
    return TextBlock((w.paragraph(between(rng, 1, 3)),))


def _caption(w: Writer, title: str) -> str:
    roll = w.rng.random()
    if roll < 0.1:
        return ""
    if roll < 0.2:
        return title
    return w.caption()


def _signature(w: Writer) -> tuple[Block, ...]:
    rng = w.rng
    blocks: list[Block] = []
    roll = rng.random()
    if roll < 0.15:
        for _ in range(2 if roll < 0.03 else 1):
            blocks.append(BylineBlock(pick(rng, v.BYLINE_LABELS), w.person()))
    if rng.random() < 0.7:
        blocks.append(EditorBlock(w.person()))
    return tuple(blocks)


def _image_srcs(rng: random.Random, news_id: int, published: datetime) -> Iterator[str]:
    y, m, d = jalali_ymd(published)
    for n in count():
        file_id = 150000 + (news_id - FIRST_ID) * 8 + n
        yield f"/files/fa/news/{y}/{m}/{d}/{file_id}_{between(rng, 100, 999)}.jpg"


def _script(rng: random.Random, news_id: int) -> str:
    player = between(rng, 1000, 9999)
    return (
        f'var player_{player} = jwplayer("player_{news_id}")'
        f'.setup({{file: "/files/fa/news/{player}.mp4"}});'
        " player_" + str(player) + '.on("error", function(e) { console.log(e.message); });'
    )


def _earlier(rng: random.Random, history: Sequence[Link], wanted: int) -> list[Link]:
    if not history:
        return []
    window = history[-HISTORY_WINDOW:]
    return rng.sample(window, min(wanted, len(window)))
