"""A site's health, carried from one run summary to the next: what watching 100 sites needs.

Every run summary holds ``health`` (``runs.summary.RunSummary``), made from the previous summary
of the same state key in the same folder and from the records this run exported:

- ``key``: the state key the health is about (the site on its host, ``runs.state.state_key``);
- ``last_article``: ``published_at`` of the newest record exported by this run or any before it
  (newest by time, as the record prints it), null until one is exported;
- ``articles_24h``, ``articles_7d``: records exported whose ``published_at`` falls in the 24 hours
  (7 days) before the run ended, to the hour: the UTC hour the run ended in and the 23 (167)
  before it;
- ``failed_ids``: ids whose fetch failed for good in this run (the summary's ``failed``);
- ``failed_runs``: failed runs in a row (``ok`` false), this one included; 0 after an ok run;
- ``last_ok_at``: when the last ok run finished (UTC), null if none did;
- ``layout_alarm``: ``"layout_changed"`` or ``"coverage_collapsed"`` when this run stopped for
  one of those (the site's template changed), else null;
- ``quiet``: a sentence when a site that **usually publishes** has published nothing for longer
  than ``NEWSCRAWL_QUIET_HOURS`` (12), else null. A site usually publishes when at least
  ``NEWSCRAWL_QUIET_MIN_WEEKLY`` (70, ten a day) of its records were published in the last 7
  days: an agency that goes silent for half a day is worth a look, a weekly is not. A site silent
  for a whole week no longer counts as usually publishing; its failures and layout alarm still show.
- ``published_by_hour``: ``{"2026-11-28T14": n}``, records exported per UTC hour of
  ``published_at`` over the last 7 days: what the counts are made from, so that a reader
  (``newscrawl sites --health``) can count again at another time without reading any feed.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

LAYOUT_ALARMS = ("layout_changed", "coverage_collapsed")
"""Finish reasons that mean the site's article template changed."""
HOUR = "%Y-%m-%dT%H"
WEEK_HOURS = 7 * 24
SUMMARY_SUFFIX = ".summary.json"
LOOKBACK = 50
"""Summaries read at most, newest first, to find the last one of a key (a folder normally holds
one key; a mirror crawled into the same folder adds others)."""


@dataclass(frozen=True)
class QuietRule:
    """When a site's silence is worth a warning (``NEWSCRAWL_QUIET_*`` settings)."""

    hours: float = 12.0
    """No record published for this many hours is a warning..."""
    min_weekly: int = 70
    """... for a site with at least this many records published in the last 7 days."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> QuietRule:
        return cls(
            hours=settings.getfloat("NEWSCRAWL_QUIET_HOURS", cls.hours),
            min_weekly=settings.getint("NEWSCRAWL_QUIET_MIN_WEEKLY", cls.min_weekly),
        )


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time with an offset (``Z`` too) as an aware datetime; None if it is not one.

    >>> parse_time("2021-10-19T20:04:00+03:30").astimezone(UTC).isoformat()
    '2021-10-19T16:34:00+00:00'
    >>> parse_time("yesterday") is None
    True
    """
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def hour_of(moment: datetime) -> str:
    """The UTC hour of ``moment``, a key of ``published_by_hour``: ``2021-10-19T16``."""
    return moment.astimezone(UTC).strftime(HOUR)


class PublishedTally:
    """The ``published_at`` of the records one run exported: the newest, and a count per hour."""

    def __init__(self) -> None:
        self.newest: str | None = None
        self._newest_at: datetime | None = None
        self.by_hour: Counter[str] = Counter()

    def add(self, published_at: str | None) -> None:
        moment = parse_time(published_at)
        if moment is None:
            return
        self.by_hour[hour_of(moment)] += 1
        if self._newest_at is None or moment > self._newest_at:
            self.newest, self._newest_at = published_at, moment


def newest(*times: str | None) -> str | None:
    """The latest of ISO 8601 ``times`` (as given); None when none is a time.

    >>> newest("2024-01-01T10:00:00+03:30", None, "2024-01-01T07:00:00+00:00")
    '2024-01-01T07:00:00+00:00'
    """
    known = [(moment, text) for text in times if (moment := parse_time(text)) is not None]
    return max(known)[1] if known else None


def count_since(by_hour: Mapping[str, int], now: datetime, hours: int) -> int:
    """Records of ``by_hour`` in the UTC hour of ``now`` and the ``hours - 1`` before it."""
    first = hour_of(now - timedelta(hours=hours - 1))
    last = hour_of(now)
    return sum(count for hour, count in by_hour.items() if first <= hour <= last)


def quiet_warning(
    last_article: str | None, articles_7d: int, now: datetime, rule: QuietRule
) -> str | None:
    """The warning for a site that usually publishes and has been silent too long, if due.

    >>> now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    >>> quiet_warning("2026-11-27T20:00:00+00:00", 300, now, QuietRule())
    'nothing published for 16 h (last article 2026-11-27T20:00:00+00:00; 300 in the last 7 days)'
    >>> quiet_warning("2026-11-27T20:00:00+00:00", 5, now, QuietRule()) is None
    True
    """
    last = parse_time(last_article)
    if last is None or articles_7d < rule.min_weekly:
        return None
    silent = now - last
    if silent <= timedelta(hours=rule.hours):
        return None
    return (
        f"nothing published for {silent.total_seconds() // 3600:.0f} h (last article"
        f" {last_article}; {articles_7d} in the last 7 days)"
    )


def next_health(
    previous: Mapping[str, Any] | None,
    *,
    key: str,
    run: Mapping[str, Any],
    published: PublishedTally,
    finished: datetime,
    rule: QuietRule,
) -> dict[str, Any]:
    """The health after a run: ``previous`` (the last summary's, or None) carried forward.

    ``run`` is the run's summary (``ok``, ``failed``, ``finish_reason``).
    """
    before = previous or {}
    by_hour: Counter[str] = Counter(before.get("published_by_hour") or {})
    by_hour.update(published.by_hour)
    oldest = hour_of(finished - timedelta(hours=WEEK_HOURS - 1))
    kept = {hour: count for hour, count in sorted(by_hour.items()) if hour >= oldest}
    last_article = newest(before.get("last_article"), published.newest)
    articles_7d = count_since(kept, finished, WEEK_HOURS)
    finished_at = finished.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    reason = run.get("finish_reason")
    return {
        "key": key,
        "last_article": last_article,
        "articles_24h": count_since(kept, finished, 24),
        "articles_7d": articles_7d,
        "failed_ids": int(run.get("failed") or 0),
        "failed_runs": 0 if run.get("ok") else int(before.get("failed_runs") or 0) + 1,
        "last_ok_at": finished_at if run.get("ok") else before.get("last_ok_at"),
        "layout_alarm": reason if reason in LAYOUT_ALARMS else None,
        "quiet": quiet_warning(last_article, articles_7d, finished, rule),
        "published_by_hour": kept,
    }


def as_of(health: Mapping[str, Any], now: datetime, rule: QuietRule) -> dict[str, Any]:
    """``health`` with its counts and its quiet warning made again for ``now`` (a later time)."""
    by_hour = health.get("published_by_hour") or {}
    articles_7d = count_since(by_hour, now, WEEK_HOURS)
    return {
        **health,
        "articles_24h": count_since(by_hour, now, 24),
        "articles_7d": articles_7d,
        "quiet": quiet_warning(health.get("last_article"), articles_7d, now, rule),
    }


def summaries(folder: Path) -> list[Path]:
    """The run summaries in ``folder``, newest first (their names start with the run's stamp)."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{SUMMARY_SUFFIX}"), key=lambda path: path.name, reverse=True)


def last_summary(
    folder: Path, key: str, other_than: Path | None = None
) -> tuple[Path, dict[str, Any]] | None:
    """The newest summary in ``folder`` whose health is about ``key`` (not ``other_than``).

    Unreadable summaries (a disk that filled up) are skipped with a warning.
    """
    for path in summaries(folder)[:LOOKBACK]:
        if other_than is not None and path.name == other_than.name:
            continue
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            logger.warning("Run summary %s is unreadable (%s); skipped", path, error)
            continue
        health = summary.get("health") if isinstance(summary, dict) else None
        if isinstance(health, dict) and health.get("key") == key:
            return path, summary
    return None


def previous_health(
    folder: Path, key: str, other_than: Path | None = None
) -> dict[str, Any] | None:
    """The health in the newest summary of ``key`` in ``folder`` (not ``other_than``)."""
    found = last_summary(folder, key, other_than)
    return found[1]["health"] if found is not None else None
