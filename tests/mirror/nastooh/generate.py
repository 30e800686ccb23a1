"""Deterministic items from ``(seed, slot)``: slot ``k`` is id ``FIRST_ID + k``.

Each slot draws from its own ``random.Random(f"nastooh:{seed}:{k}")``; its time follows the
previous slot's (ids rise with time, as Nastooh allots them), and read-more links point to earlier
items, so a bigger build starts with the slots of a smaller one. About 6% of ids are gaps (half
soft 404s, half gone); of the items about 14% are photo galleries and 10% videos, half of those a
player with no text (no article: the crawler skips them).
"""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import count
from typing import TYPE_CHECKING

from tests.mirror import vocabulary as v
from tests.mirror.draw import between, pick
from tests.mirror.jalali import from_jalali
from tests.mirror.nastooh.spec import Gap, Item, Kind, Link, SignOff
from tests.mirror.organizations import SECTIONS
from tests.mirror.prose import Writer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

FIRST_ID = 6100000
START = from_jalali(1402, 11, 1, 7, 30)
"""The first slot's time (2024-01-21, Tehran; Iran keeps no DST since 1402)."""
MEDIA = "https://media.mehrnews.com/d"
GAP_RATE = 0.06
_PARAGRAPHS = (2, 3, 3, 4, 4, 5, 6)


def generate(seed: int, articles: int) -> Iterator[Item | Gap]:
    """Slots in id order up to and including the ``articles``-th item (gaps included)."""
    made = 0
    last = START
    history: list[Link] = []
    for slot in count():
        if made >= articles:
            return
        rng = random.Random(f"nastooh:{seed}:{slot}")
        last = _next_time(last, rng) if slot else START.replace(second=between(rng, 0, 59))
        if rng.random() < GAP_RATE:
            yield Gap(FIRST_ID + slot, last, "soft404" if rng.random() < 0.5 else "gone")
            continue
        item = _item(rng, FIRST_ID + slot, last, history)
        history.append(item.link())
        made += 1
        yield item


def _next_time(last: datetime, rng: random.Random) -> datetime:
    moment = last + timedelta(minutes=between(rng, 12, 55), seconds=between(rng, 0, 59))
    if moment.hour >= 23 or moment.day != last.day:  # the desk sleeps from 23:00 to 07:00
        moment = (last + timedelta(days=1)).replace(hour=7, minute=between(rng, 0, 40))
    return moment.replace(second=between(rng, 0, 59))


def _kind(rng: random.Random) -> Kind:
    roll = rng.random()
    return "photo" if roll < 0.14 else "video" if roll < 0.24 else "news"


def _item(rng: random.Random, news_id: int, published: datetime, history: list[Link]) -> Item:
    kind = _kind(rng)
    w = Writer(rng, published)
    title = w.title()
    photo = kind == "photo"
    kicker = w.kicker() if not photo and rng.random() < 0.6 else None
    photographer = w.person() if photo and rng.random() < 0.85 else None
    lead = w.lead() if not photo and rng.random() < 0.85 else None
    section = SECTIONS[w.org.section].name
    category = pick(rng, w.org.categories) if rng.random() < 0.7 else None
    tags = w.tags(pick(rng, (0, 1, 2, 3, 3, 4)))
    images = _images(news_id, published)
    news = kind == "news"
    return Item(
        news_id=news_id,
        published=published,
        kind=kind,
        title=title,
        kicker=kicker,
        photographer=photographer,
        lead=lead,
        paragraphs=_paragraphs(rng, w, kind),
        section=section,
        category=category,
        tags=tags,
        lead_image=next(images) if not photo and rng.random() < 0.8 else None,
        figure=(next(images), w.caption()) if news and rng.random() < 0.15 else None,
        gallery=_gallery(rng, w, title, images) if photo else (),
        read_more=_earlier(rng, history) if news and rng.random() < 0.15 else (),
        sign_off=_sign_off(rng) if news else "none",
        byline=w.person() if news and rng.random() < 0.1 else None,
        meta_date=rng.random() < 0.9,
        in_feed=rng.random() < 0.88,
    )


def _paragraphs(rng: random.Random, w: Writer, kind: Kind) -> tuple[str, ...]:
    first = w.fill(pick(rng, v.FIRST_SENTENCES))
    if kind == "photo":
        return (f"{pick(rng, v.CITIES)} - {first}",)
    if kind == "video" and rng.random() < 0.5:
        return ()  # a player and nothing else: not an article
    count_ = 1 if kind == "video" else pick(rng, _PARAGRAPHS)
    paragraphs = [f"به گزارش خبرگزاری مهر، {first}"]
    paragraphs += [w.paragraph(between(rng, 1, 3)) for _ in range(count_ - 1)]
    return tuple(paragraphs)


def _images(news_id: int, published: datetime) -> Iterator[str]:
    y, m, d = published.year, published.month, published.day
    for n in count():
        yield f"{MEDIA}/{y}/{m:02d}/{d:02d}/3/{(news_id - FIRST_ID) * 8 + n + 4900000}.jpg"


def _gallery(
    rng: random.Random, w: Writer, title: str, images: Iterator[str]
) -> tuple[tuple[str, str], ...]:
    alts = [title] + [w.caption() if rng.random() < 0.7 else "" for _ in range(between(rng, 1, 4))]
    return tuple((next(images), alt) for alt in alts)


def _earlier(rng: random.Random, history: list[Link]) -> tuple[Link, ...]:
    window = history[-200:]
    return tuple(rng.sample(window, min(between(rng, 1, 2), len(window))))


def _sign_off(rng: random.Random) -> SignOff:
    roll = rng.random()
    return "end_of_message" if roll < 0.1 else "desk_code" if roll < 0.2 else "none"
