"""Persian news prose for one synthetic article, from the templates in :mod:`vocabulary`.

A :class:`Writer` is bound to one article (its random stream, organization, topic and date) so the
title, lead and paragraphs talk about the same thing. Templates are filled lazily: a ``{field}`` is
drawn only when a template uses it, and once per template (so ``{role}`` twice is one person).
"""

from __future__ import annotations

from functools import cache
from string import Formatter
from typing import TYPE_CHECKING

from tests.mirror import vocabulary as v
from tests.mirror.draw import between, pick
from tests.mirror.jalali import jalali_ymd, persian_digits
from tests.mirror.organizations import ORGANIZATIONS

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from random import Random


_Parts = tuple[tuple[str, str | None], ...]


@cache
def _compile(template: str) -> _Parts:
    """``template`` as (literal, field) pairs; much cheaper to fill than ``str.format_map``."""
    return tuple((literal, field) for literal, field, _, _ in Formatter().parse(template))


class Writer:
    """Writes the texts of one article about one organization and topic."""

    def __init__(self, rng: Random, published: datetime) -> None:
        self.rng = rng
        self.published = published
        self.org = pick(rng, ORGANIZATIONS)
        self.topic = pick(rng, self.org.topics)
        self.year = persian_digits(jalali_ymd(published)[0])
        self.weekday = v.WEEKDAYS[published.weekday()]
        self._said: set[str] = set()

    def fill(self, template: str) -> str:
        """``template`` with each ``{field}`` drawn once, on first use."""
        values: dict[str, str] = {}
        out: list[str] = []
        for literal, field in _compile(template):
            out.append(literal)
            if field:
                value = values.get(field)
                if value is None:
                    value = values[field] = _DRAWS[field](self, values)
                out.append(value)
        return "".join(out)

    def fresh(self, templates: tuple[str, ...]) -> str:
        """A filled template not yet said in this article (a few tries): text rarely repeats."""
        for _ in range(4):
            text = self.fill(pick(self.rng, templates))
            if text not in self._said:
                break
        self._said.add(text)
        return text

    def number(self, low: int, high: int) -> str:
        """A number in body text: Persian digits, sometimes Latin ones as real pages mix them."""
        value = between(self.rng, low, high)
        return str(value) if self.rng.random() < 0.1 else persian_digits(value)

    def person(self) -> str:
        return f"{pick(self.rng, v.FIRST_NAMES)} {pick(self.rng, v.LAST_NAMES)}"

    def agency(self) -> str:
        agency = pick(self.rng, v.AGENCIES)
        return f"{agency} {self.org.name}" if agency == "روابط عمومی" else agency

    def other_role(self, role: str | None) -> str:
        others = [r for r in self.org.roles if r != role]
        return pick(self.rng, others or self.org.roles)

    def other_org(self) -> str:
        others = [o for o in ORGANIZATIONS if o is not self.org]
        return pick(self.rng, others).short

    def title(self) -> str:
        return self.fill(pick(self.rng, v.TITLES))

    def kicker(self) -> str:
        return self.fill(pick(self.rng, v.KICKERS))

    def lead(self) -> str:
        return self.fill(pick(self.rng, v.LEADS))

    def opening(self) -> tuple[str, str]:
        """The first sentence, split as (source words, rest): «به گزارش عصرپرس از …،» + text."""
        source = pick(self.rng, ("از {agency}", "به نقل از {agency}", ""))
        words = "به گزارش عصرپرس" + (" " + self.fill(source) if source else "")
        return words, "، " + self.fill(pick(self.rng, v.FIRST_SENTENCES))

    def sentence(self) -> str:
        return self.fresh(v.SENTENCES)

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def subheading(self) -> str:
        return self.fill(pick(self.rng, v.SUBHEADINGS))

    def caption(self) -> str:
        return self.fill(pick(self.rng, v.CAPTIONS))

    def tags(self, count: int) -> tuple[str, ...]:
        pool = [self.org.short, self.topic, *self.org.topics, self.org.section]
        pool += [pick(self.rng, v.CITIES), *self.rng.sample(v.TAGS_GENERAL, 3)]
        self.rng.shuffle(pool)
        return tuple(dict.fromkeys(pool))[:count]


_DRAWS: dict[str, Callable[[Writer, dict[str, str]], str]] = {
    "role": lambda w, _: pick(w.rng, w.org.roles),
    "role2": lambda w, values: w.other_role(values.get("role")),
    "org": lambda w, _: w.org.short,
    "org2": lambda w, _: w.other_org(),
    "topic": lambda w, _: w.topic,
    "topic2": lambda w, _: pick(w.rng, w.org.topics),
    "city": lambda w, _: pick(w.rng, v.CITIES),
    "province": lambda w, _: pick(w.rng, v.PROVINCES),
    "num": lambda w, _: w.number(2, 40),
    "pct": lambda w, _: w.number(3, 65),
    "months": lambda w, _: persian_digits(between(w.rng, 2, 11)),
    "year": lambda w, _: w.year,
    "weekday": lambda w, _: w.weekday,
    "say": lambda w, _: pick(w.rng, v.SAY_VERBS),
    "event": lambda w, _: pick(w.rng, v.EVENTS),
    "when": lambda w, _: w.fill(pick(w.rng, v.WHEN)),
    "plan": lambda w, _: w.fill(pick(w.rng, v.PLANS)),
    "quote": lambda w, _: w.fresh(v.QUOTES),
    "quote2": lambda w, _: w.fresh(v.QUOTES),
    "stat": lambda w, _: w.fresh(v.STATS),
    "person": lambda w, _: w.person(),
    "agency": lambda w, _: w.agency(),
}
"""How each template field is drawn; ``values`` holds the fields drawn so far in the template."""
