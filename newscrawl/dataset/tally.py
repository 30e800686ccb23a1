"""What a dataset holds and what it lacks (:class:`DatasetStats`), counted in one streaming pass.

Memory does not grow with the number of records: one counter per day, section and hour, and one
:class:`~newscrawl.dataset.ids.IdBitmap` per site for both duplicates and id gaps.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from newscrawl.dataset.ids import IdBitmap, largest_ranges
from newscrawl.dataset.progress import bytes_bar
from newscrawl.dataset.records import RecordError, iter_records

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from newscrawl.dataset.records import Record

COVERAGE_FIELDS = ("kicker", "lead", "section", "category", "editor", "tags", "authors", "images")
"""Optional fields whose coverage is reported: present means neither null nor empty."""

LARGEST_GAPS = 10
"""How many of each site's widest id gaps are listed."""


@dataclasses.dataclass
class SiteIds:
    """One site's id sequence: its span and the ids missing from it (deleted or never crawled)."""

    site: str
    articles: int
    first_id: int
    last_id: int
    missing_ids: int
    """Ids between ``first_id`` and ``last_id`` with no record."""
    missing_ranges: int
    """Runs of consecutive missing ids."""
    largest_missing: list[tuple[int, int]]
    """The widest runs as inclusive ``(first, last)`` ids, widest first."""


@dataclasses.dataclass
class DatasetStats:
    """The numbers ``newscrawl stats`` prints and ``--json`` emits.

    Counts are of articles, i.e. distinct ``(site, news_id)``: a repeated record counts once (its
    first copy) and adds to ``duplicates``. Days (``YYYY-MM-DD``) and hours (0–23) are Tehran wall
    time as written in ``published_at``; ``first_published``/``last_published`` are its values.
    """

    records: int
    articles: int
    duplicates: int
    first_published: str | None
    last_published: str | None
    undated: int
    """Articles without a readable ``published_at`` (not in per_day or per_hour)."""
    per_site: dict[str, int]
    per_day: dict[str, int]
    """Articles per publication day, days in order; days without articles are absent."""
    per_hour: list[int]
    """Articles per hour of publication, index 0 = 00:00–00:59."""
    per_section: dict[str, int]
    """Articles per section, most first; articles without a section are not counted here."""
    coverage: dict[str, float]
    """Share (0–1) of articles with each field of :data:`COVERAGE_FIELDS` present."""
    id_gaps: list[SiteIds]


class StatsAccumulator:
    """Takes records one at a time (:meth:`add`) and produces :class:`DatasetStats`."""

    def __init__(self) -> None:
        self.records = 0
        self.duplicates = 0
        self.undated = 0
        self.ids: dict[str, IdBitmap] = {}
        self.per_site: Counter[str] = Counter()
        self.per_day: Counter[str] = Counter()
        self.per_hour: Counter[int] = Counter()
        self.per_section: Counter[str] = Counter()
        self.present: Counter[str] = Counter()
        self.first: tuple[datetime, str] | None = None
        self.last: tuple[datetime, str] | None = None

    def add(self, record: Record) -> None:
        """Count ``record``; ``ValueError`` without a string ``site`` and an integer ``news_id``."""
        site, news_id = record.get("site"), record.get("news_id")
        if not isinstance(site, str) or type(news_id) is not int:
            raise ValueError("a record needs a string site and an integer news_id")
        self.records += 1
        if not self.ids.setdefault(site, IdBitmap()).add(news_id):
            self.duplicates += 1
            return
        self.per_site[site] += 1
        self.present.update(field for field in COVERAGE_FIELDS if record.get(field))
        if isinstance(section := record.get("section"), str) and section:
            self.per_section[section] += 1
        self._add_published(record.get("published_at"))

    def _add_published(self, published_at: Any) -> None:
        try:
            moment = datetime.fromisoformat(published_at)
        except (TypeError, ValueError):
            self.undated += 1
            return
        self.per_day[published_at[:10]] += 1  # the date as written: Tehran's calendar day
        self.per_hour[moment.hour] += 1
        if moment.utcoffset() is not None:  # compare instants: offsets differ with DST
            seen = (moment, published_at)  # on equal instants, the one read first stays
            self.first = min(self.first or seen, seen, key=itemgetter(0))
            self.last = max(self.last or seen, seen, key=itemgetter(0))

    def result(self) -> DatasetStats:
        articles = sum(self.per_site.values())
        return DatasetStats(
            records=self.records,
            articles=articles,
            duplicates=self.duplicates,
            first_published=self.first[1] if self.first else None,
            last_published=self.last[1] if self.last else None,
            undated=self.undated,
            per_site=dict(sorted(self.per_site.items())),
            per_day=dict(sorted(self.per_day.items())),
            per_hour=[self.per_hour[hour] for hour in range(24)],
            per_section=dict(self.per_section.most_common()),
            coverage={f: self.present[f] / articles if articles else 0.0 for f in COVERAGE_FIELDS},
            id_gaps=[self._site_ids(site) for site in sorted(self.ids)],
        )

    def _site_ids(self, site: str) -> SiteIds:
        ids = self.ids[site]
        # a site's bitmap exists only once an id was added to it
        assert ids.low is not None
        assert ids.high is not None
        missing = count = 0
        for first, last in ids.missing_ranges():
            missing += last - first + 1
            count += 1
        return SiteIds(
            site=site,
            articles=self.per_site[site],
            first_id=ids.low,
            last_id=ids.high,
            missing_ids=missing,
            missing_ranges=count,
            largest_missing=largest_ranges(ids.missing_ranges(), LARGEST_GAPS),
        )


def compute_stats(paths: Sequence[Path]) -> DatasetStats:
    """Stats of the records of ``paths``, read once; ``RecordError`` on an unreadable record."""
    accumulator = StatsAccumulator()
    with bytes_bar(paths, "stats") as bar:
        for path, number, record in iter_records(paths, bar):
            try:
                accumulator.add(record)
            except ValueError as exc:
                raise RecordError(path, number, str(exc)) from None
    return accumulator.result()


def stats_json(stats: DatasetStats) -> str:
    """``stats`` as one JSON object (UTF-8, Persian unescaped, indent 2)."""
    return json.dumps(dataclasses.asdict(stats), ensure_ascii=False, indent=2)
