"""The plain-text rendering of :class:`~newscrawl.dataset.tally.DatasetStats` for a terminal.

Numbers come first on every line and Persian text last, so columns stay aligned in terminals that
do not reorder right-to-left text. A long date range is shown per month (per day is in ``--json``).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawl.dataset.tally import DatasetStats, SiteIds

MAX_DAYS_LISTED = 62
"""Above this many days, articles are listed per month."""


def format_stats(stats: DatasetStats) -> str:
    """The stats as aligned plain text, one block per topic."""
    blocks = [
        _overview(stats),
        _per_day(stats),
        _per_section(stats),
        _per_hour(stats),
        _coverage(stats),
        _gaps(stats),
    ]
    return "\n\n".join(block for block in blocks if block)


def _overview(stats: DatasetStats) -> str:
    sites = ", ".join(f"{site} {count:,}" for site, count in stats.per_site.items())
    lines = [
        f"records     {stats.records:,}",
        f"articles    {stats.articles:,}" + (f"  ({sites})" if sites else ""),
        f"duplicates  {stats.duplicates:,}"
        + ("  (`newscrawl merge` keeps the latest of each)" if stats.duplicates else ""),
        f"published   {stats.first_published or '-'} … {stats.last_published or '-'}"
        + (f"  ({stats.undated:,} undated)" if stats.undated else ""),
    ]
    return "\n".join(lines)


def _per_day(stats: DatasetStats) -> str:
    if not stats.per_day:
        return ""
    busiest = max(stats.per_day, key=lambda day: stats.per_day[day])
    head = (
        f"per day     {len(stats.per_day):,} days with articles; "
        f"most {stats.per_day[busiest]:,} on {busiest}"
    )
    if len(stats.per_day) <= MAX_DAYS_LISTED:
        return head + "".join(f"\n  {day}  {n:>8,}" for day, n in stats.per_day.items())
    months: Counter[str] = Counter()
    for day, count in stats.per_day.items():
        months[day[:7]] += count
    listed = "".join(f"\n  {month}     {n:>8,}" for month, n in sorted(months.items()))
    return f"{head}\nper month (per day: --json){listed}"


def _per_section(stats: DatasetStats) -> str:
    if not stats.per_section:
        return ""
    without = stats.articles - sum(stats.per_section.values())
    rows = [
        f"  {n:>8,}  {n / stats.articles:6.1%}  {name}" for name, n in stats.per_section.items()
    ]
    if without:
        rows.append(f"  {without:>8,}  {without / stats.articles:6.1%}  (no section)")
    return "per section\n" + "\n".join(rows)


def _per_hour(stats: DatasetStats) -> str:
    if not any(stats.per_hour):
        return ""
    cells = [f"{hour:02}h {n:>7,}" for hour, n in enumerate(stats.per_hour)]
    rows = ["  " + "   ".join(cells[start : start + 6]) for start in range(0, 24, 6)]
    return "per hour of publication (Tehran)\n" + "\n".join(rows)


def _coverage(stats: DatasetStats) -> str:
    rows = [f"  {field:<9} {share:6.1%}" for field, share in stats.coverage.items()]
    return "field coverage (share of articles with the field)\n" + "\n".join(rows)


def _gaps(stats: DatasetStats) -> str:
    return (
        "id gaps\n" + "\n".join(_site_gaps(site) for site in stats.id_gaps) if stats.id_gaps else ""
    )


def _site_gaps(site: SiteIds) -> str:
    line = (
        f"  {site.site}: ids {site.first_id}–{site.last_id}, "
        f"{site.missing_ids:,} missing in {site.missing_ranges:,} ranges"
    )
    if site.largest_missing:
        widest = ", ".join(
            f"{first}–{last} ({last - first + 1:,})" if last > first else str(first)
            for first, last in site.largest_missing
        )
        line += f"; largest: {widest}"
    return line
