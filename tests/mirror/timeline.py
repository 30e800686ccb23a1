"""Publication times of the mirror's id slots: increasing with the id and independent of N.

Slot ``k`` is news id ``FIRST_ID + k``. Its time depends only on the slots before it, so a bigger
build shares every earlier time with a smaller one. Two eras:

* **Back catalogue**, slots ``0 .. BACK_CATALOGUE - 1``: publishing days from 1385/01/01 to
  1404/12/15, sparser in the first years so that even 50 articles reach a DST summer (Iran kept no
  DST in 1385–1386 and from 1402 on); ``BATCH`` articles a day, a few minutes to two hours apart,
  between 07:00 and 19:00 (never near a DST change, which Iran made at midnight).
* **Live era**, from slot ``BACK_CATALOGUE``: from 1405/01/05 08:00 on, one article every few
  minutes by day and about one an hour at night, about 100 a day: 20,000 articles end in 1405/07,
  before the day this was written (1405/09), because crawlers rightly reject future dates.
  Times are stepped in UTC and a time whose local reading is ambiguous (a repeated fall-back hour)
  is skipped, so every local time maps to exactly one instant.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tests.mirror.draw import between
from tests.mirror.jalali import TEHRAN, from_jalali

if TYPE_CHECKING:
    from random import Random

FIRST_ID = 20000
"""News id of slot 0."""

BACK_CATALOGUE = 500
"""Slots spread over 1385–1404 (so a 500-article build mixes every era); later ones are dense."""

BATCH = 4
"""Articles per publishing day in the back catalogue (a day about every two months)."""

_ARCHIVE_START = from_jalali(1385, 1, 1)
_ARCHIVE_DAYS = (from_jalali(1404, 12, 15) - _ARCHIVE_START).days
_LIVE_START = from_jalali(1405, 1, 5, 8, 0)


class Timeline:
    """Hands out the publication time of each slot; slots must be asked for in order 0, 1, 2, …."""

    def __init__(self) -> None:
        self._next_slot = 0
        self._last: datetime | None = None

    @classmethod
    def resume(cls, slot: int, last: datetime | None) -> Timeline:
        """A timeline whose next slot is ``slot``, the slot before it published at ``last``."""
        timeline = cls()
        timeline._next_slot = slot
        timeline._last = last
        return timeline

    def advance(self, slot: int, rng: Random) -> datetime:
        """Time of ``slot`` (aware, Asia/Tehran, whole minutes), drawing from the slot's ``rng``."""
        if slot != self._next_slot:
            raise ValueError(f"slots must be generated in order: expected {self._next_slot}")
        self._next_slot += 1
        if slot < BACK_CATALOGUE:
            moment = self._archive_time(slot, rng)
        elif slot == BACK_CATALOGUE or self._last is None:
            moment = _LIVE_START
        else:
            moment = _live_step(self._last, rng)
        self._last = moment
        return moment

    def _archive_time(self, slot: int, rng: Random) -> datetime:
        batch, position = divmod(slot, BATCH)
        if position == 0 or self._last is None:
            share = (batch / (BACK_CATALOGUE // BATCH)) ** 0.75
            day = _ARCHIVE_START + timedelta(days=int(share * _ARCHIVE_DAYS))
            return day.replace(hour=between(rng, 7, 12), minute=between(rng, 0, 59))
        # Naive wall-clock arithmetic is exact here: 07:00–19:00 never crosses a DST change.
        return self._last + timedelta(minutes=between(rng, 5, 110))


def _live_step(last: datetime, rng: Random) -> datetime:
    if 1 <= last.hour < 7:
        minutes = between(rng, 20, 75)
    elif rng.random() < 0.9:
        minutes = between(rng, 3, 15)
    else:
        minutes = between(rng, 16, 45)
    moment = _utc_add(last, minutes)
    while _is_ambiguous(moment):
        moment = _utc_add(moment, 60)
    return moment


def _utc_add(moment: datetime, minutes: int) -> datetime:
    """Elapsed-time addition (aware + timedelta in Python is wall-clock arithmetic)."""
    return (moment.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(TEHRAN)


def _is_ambiguous(moment: datetime) -> bool:
    """Whether the local wall-clock reading of ``moment`` also names another instant."""
    naive = moment.replace(tzinfo=None)
    first = naive.replace(tzinfo=TEHRAN, fold=0).utcoffset()
    second = naive.replace(tzinfo=TEHRAN, fold=1).utcoffset()
    return first != second
