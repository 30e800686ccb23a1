"""Deterministic slots from ``(seed, slot)``: adding articles never changes earlier ones.

Slot ``k`` (news id ``20000 + k``) draws everything from its own ``random.Random(f"{seed}:{k}")``
and looks only at earlier slots: its publication time follows the previous slot's
(:mod:`tests.mirror.timeline`), and read-more and related links point to earlier articles. So
``generate(seed, 2100)`` starts with exactly the slots of ``generate(seed, 2000)``. About 3% of
slots are gaps (soft 404 or gone), mixed.

A slot is drawn in two steps so that builds can run in parallel: :func:`start_slot` draws the head
(time, gap or not, title, page quirks: all that later slots need, cheap), then
:func:`~tests.mirror.compose.compose` the rest. :func:`heads` runs only the first step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING

from tests.mirror.compose import compose
from tests.mirror.jalali import jalali_ymd
from tests.mirror.markup import Dirt, printed, slugify
from tests.mirror.prose import Writer
from tests.mirror.spec import ArticleSpec, GapSpec, GapStatus, Link, SlotSpec
from tests.mirror.timeline import FIRST_ID, Timeline

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime

GAP_RATE = 0.03


@dataclass(frozen=True, slots=True)
class Head:
    """What later slots need to know of a slot: its time and, for an article, its link."""

    slot: int
    published: datetime
    gap: GapStatus | None
    link: Link | None


def generate(seed: int, articles: int) -> Iterator[SlotSpec]:
    """Slots in id order up to and including the ``articles``-th article (gaps included)."""
    return _until_articles(iter_slots(seed), articles)


def iter_slots(
    seed: int, start: int = 0, last: datetime | None = None, history: Sequence[Link] = ()
) -> Iterator[SlotSpec]:
    """Slots from ``start`` on, forever; ``last`` and ``history`` describe the slots before it."""
    links = list(history)
    for slot in count(start):
        spec = build_slot(seed, slot, last, links)
        last = spec.published
        if isinstance(spec, ArticleSpec):
            links.append(spec.link())
        yield spec


def heads(seed: int, articles: int) -> Iterator[Head]:
    """The heads of :func:`generate`'s slots, about ten times faster than whole slots."""
    timeline = Timeline()
    made = 0
    if articles <= 0:
        return
    for slot in count():
        rng = _rng(seed, slot)
        head, _, _, _ = start_slot(slot, timeline.advance(slot, rng), rng)
        yield head
        made += head.link is not None
        if made >= articles:
            return


def build_slot(seed: int, slot: int, last: datetime | None, history: Sequence[Link]) -> SlotSpec:
    """Slot ``slot``; ``last`` is the previous slot's time, ``history`` the earlier articles."""
    rng = _rng(seed, slot)
    head, writer, title, dirt = start_slot(
        slot, Timeline.resume(slot, last).advance(slot, rng), rng
    )
    if writer is None:
        assert head.gap is not None
        return GapSpec(FIRST_ID + slot, head.published, head.gap)
    return compose(writer, FIRST_ID + slot, title, dirt, history)


def start_slot(
    slot: int, published: datetime, rng: random.Random
) -> tuple[Head, Writer | None, str, Dirt]:
    """Draw the head of a slot: gap or article, and an article's writer, title and quirks."""
    if rng.random() < GAP_RATE:
        gap: GapStatus = "soft404" if rng.random() < 0.5 else "gone"
        return Head(slot, published, gap, None), None, "", Dirt()
    writer = Writer(rng, published)
    title = writer.title()
    dirt = _dirt(rng, published)
    shown = printed(title, dirt)
    return (
        Head(slot, published, None, Link(FIRST_ID + slot, slugify(shown), shown, published)),
        writer,
        title,
        dirt,
    )


def _dirt(rng: random.Random, published: datetime) -> Dirt:
    old = jalali_ymd(published)[0] < 1390
    arabic_yeh = old and rng.random() < 0.7
    return Dirt(
        arabic_yeh=arabic_yeh,
        arabic_kaf=arabic_yeh and rng.random() < 0.4,
        arabic_months=rng.random() < 0.25,
        nbsp=rng.random() < 0.25,
        zwnj_entities=rng.random() < 0.4,
        legacy_date=old and rng.random() < 0.4,
    )


def _rng(seed: int, slot: int) -> random.Random:
    return random.Random(f"{seed}:{slot}")


def _until_articles(slots: Iterator[SlotSpec], articles: int) -> Iterator[SlotSpec]:
    made = 0
    if articles <= 0:
        return
    for spec in slots:
        yield spec
        if isinstance(spec, ArticleSpec):
            made += 1
            if made == articles:
                return
