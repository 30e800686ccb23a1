"""``IdBitmap``: which news ids of one site were seen, one bit per id, for duplicates and gaps.

IranSamaneh ids are small sequential integers (asrpress ~37 000, tabnak ~1 200 000 in 2024), so a
bitmap from 0 to the largest id costs at most a few hundred KB per site however many records are
read, where a set of ids would grow with the dataset (~60 bytes per id).
"""

from __future__ import annotations

import heapq
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

MAX_ID = 2**28
"""Largest id accepted: its bitmap takes 32 MiB. IranSamaneh ids are far smaller; a larger one is
a broken record, not a site."""

_NOT_FULL = re.compile(rb"[^\xff]+")  # runs of bytes with at least one id missing


class IdBitmap:
    """A set of non-negative ids stored as bits; remembers its smallest and largest id."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self.low: int | None = None
        self.high: int | None = None

    def add(self, news_id: int) -> bool:
        """Add ``news_id``; return False when it was already there (a duplicate).

        >>> ids = IdBitmap()
        >>> ids.add(7), ids.add(7)
        (True, False)
        """
        if not 0 <= news_id <= MAX_ID:
            raise ValueError(f"news_id {news_id} outside 0..{MAX_ID}")
        byte, bit = divmod(news_id, 8)
        if byte >= len(self._bits):
            self._bits.extend(bytes(max(byte + 1 - len(self._bits), len(self._bits))))
        if self._bits[byte] >> bit & 1:
            return False
        self._bits[byte] |= 1 << bit
        self.low = news_id if self.low is None else min(self.low, news_id)
        self.high = news_id if self.high is None else max(self.high, news_id)
        return True

    def missing_ranges(self) -> Iterator[tuple[int, int]]:
        """Inclusive ``(first, last)`` ranges of ids absent between the lowest and highest id.

        >>> ids = IdBitmap()
        >>> for news_id in (3, 4, 8, 10, 20):
        ...     _ = ids.add(news_id)
        >>> list(ids.missing_ranges())
        [(5, 7), (9, 9), (11, 19)]
        """
        current: tuple[int, int] | None = None
        for news_id in self._missing_ids():
            if current is not None and news_id == current[1] + 1:
                current = (current[0], news_id)
                continue
            if current is not None:
                yield current
            current = (news_id, news_id)
        if current is not None:
            yield current

    def _missing_ids(self) -> Iterator[int]:
        if self.low is None or self.high is None:
            return
        for run in _NOT_FULL.finditer(self._bits):  # skip the bytes whose 8 ids are all present
            for news_id in range(max(run.start() * 8, self.low), min(run.end() * 8, self.high)):
                if not self._bits[news_id >> 3] >> (news_id & 7) & 1:
                    yield news_id


def largest_ranges(ranges: Iterator[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """The ``count`` widest ranges, widest first (equal widths: lower ids first).

    >>> largest_ranges(iter([(5, 7), (9, 9), (11, 19)]), 2)
    [(11, 19), (5, 7)]
    """
    return heapq.nsmallest(count, ranges, key=lambda r: (r[0] - r[1], r[0]))
