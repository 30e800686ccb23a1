"""Fast random draws: ``random.Random.choice``/``randint`` are pure Python and dominate generation.

Both helpers cost one C-level ``rng.random()`` call. They are part of the generator's output
contract: changing them changes every generated mirror.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Sequence
    from random import Random

T = TypeVar("T")


def pick(rng: Random, items: Sequence[T]) -> T:
    """One element of ``items`` (uniform)."""
    return items[int(rng.random() * len(items))]


def between(rng: Random, low: int, high: int) -> int:
    """An integer in ``low..high`` inclusive (uniform)."""
    return low + int(rng.random() * (high - low + 1))
