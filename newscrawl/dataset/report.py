"""``newscrawl report FILE… -o report.html``: one self-contained HTML page about a dataset.

CSS and SVG charts are inline and nothing is loaded from anywhere, so the file can be mailed,
archived or opened offline. The page is in English; Persian values (section names) are marked
``lang="fa"`` and laid out right to left.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.dataset.charts import bar_chart, column_chart
from newscrawl.dataset.stats import stats_of_files

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from newscrawl.dataset.tally import DatasetStats, SiteIds

MAX_SECTIONS = 30
"""Sections drawn one bar each; the rest share one bar."""

DAY_TICKS = 10
"""Dates labelled under the per-day chart."""

BAR_COLOUR = "#2f6f9f"

STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans Arabic", Tahoma, system-ui, sans-serif;
       margin: 24px auto; max-width: 1120px; color: #222; background: #fff; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin: 28px 0 8px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 12px; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.source { color: #666; font-size: 13px; } .ranges span { white-space: nowrap; }
svg { display: block; font-size: 13px; }
.bar { fill: BAR_COLOUR; } .grid { stroke: #e3e3e3; } .tick { font-size: 11px; fill: #555; }
.label { fill: #222; } .value { fill: #555; } figure { margin: 0; }
""".replace("BAR_COLOUR", BAR_COLOUR)


def render_report(stats: DatasetStats, sources: Sequence[str]) -> str:
    """The report page for ``stats`` of the files ``sources``, as one HTML string."""
    sections = [
        ("Overview", _overview_table(stats)),
        ("Articles per day (publication date, Tehran)", _per_day_chart(stats)),
        ("Articles per section", f'<figure dir="rtl" lang="fa">{_section_chart(stats)}</figure>'),
        ("Field coverage (share of articles with the field)", _coverage_chart(stats)),
        ("Hour of publication (Tehran)", _hour_chart(stats)),
        ("Id gaps", _gaps_table(stats)),
    ]
    body = "\n".join(
        f"<section>\n<h2>{escape(h)}</h2>\n{content}\n</section>" for h, content in sections
    )
    names = ", ".join(escape(source) for source in sources)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Dataset report: {names}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<h1>Dataset report</h1>\n<p class="source">{names}</p>\n{body}\n</body>\n</html>\n'
    )


def _overview_table(stats: DatasetStats) -> str:
    rows = [
        ("Articles", f"{stats.articles:,}"),
        ("Records read", f"{stats.records:,}"),
        ("Duplicate records", f"{stats.duplicates:,}"),
        ("First published", stats.first_published or "–"),
        ("Last published", stats.last_published or "–"),
        ("Undated articles", f"{stats.undated:,}"),
        ("Days with articles", f"{len(stats.per_day):,}"),
        ("Sections", f"{len(stats.per_section):,}"),
        *((f"Articles of {site}", f"{count:,}") for site, count in stats.per_site.items()),
    ]
    cells = "".join(
        f'<tr><th scope="row">{escape(k)}</th><td class="number">{escape(v)}</td></tr>'
        for k, v in rows
    )
    return f'<table data-table="overview">{cells}</table>'


def _per_day_chart(stats: DatasetStats) -> str:
    points = calendar_points(stats.per_day)
    step = max(len(points) // DAY_TICKS, 1)
    ticks = range(0, len(points), step) if points else range(0)
    return column_chart("per-day", points, ticks=ticks, title="Articles per day")


def calendar_points(per_day: dict[str, int]) -> list[tuple[str, int]]:
    """Every day from the first to the last of ``per_day``, 0 on days without articles.

    >>> calendar_points({"2021-10-19": 4, "2021-10-21": 1})
    [('2021-10-19', 4), ('2021-10-20', 0), ('2021-10-21', 1)]
    """
    days = sorted(per_day)
    if not days:
        return []
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [(day.isoformat(), per_day.get(day.isoformat(), 0)) for day in span]


def _section_chart(stats: DatasetStats) -> str:
    ranked = list(stats.per_section.items())
    rows = ranked[:MAX_SECTIONS]
    if rest := sum(count for _, count in ranked[MAX_SECTIONS:]):
        rows.append(("(سایر)", rest))  # "others"
    if without := stats.articles - sum(stats.per_section.values()):
        rows.append(("(بدون بخش)", without))  # "no section"
    return bar_chart(
        "per-section",
        [(name, count, f"{count:,}") for name, count in rows],
        title="Articles per section",
        rtl=True,
    )


def _coverage_chart(stats: DatasetStats) -> str:
    rows = [(field, share, f"{share:.1%}") for field, share in stats.coverage.items()]
    return bar_chart("coverage", rows, title="Field coverage", maximum=1.0, label_width=120)


def _hour_chart(stats: DatasetStats) -> str:
    points = [(f"{hour:02}", count) for hour, count in enumerate(stats.per_hour)]
    return column_chart("per-hour", points, ticks=range(24), title="Articles per hour")


def _gaps_table(stats: DatasetStats) -> str:
    head = "<tr><th>Site</th><th>Articles</th><th>Ids</th><th>Missing ids</th><th>Ranges</th>"
    head += "<th>Largest missing ranges</th></tr>"
    rows = "".join(_gap_row(site) for site in stats.id_gaps)
    return f'<table data-table="id-gaps">{head}{rows}</table>'


def _gap_row(site: SiteIds) -> str:
    widest = ", ".join(
        f"<span>{a}–{b}</span>" if b > a else str(a) for a, b in site.largest_missing
    )
    return (
        f"<tr><td>{escape(site.site)}</td><td class='number'>{site.articles:,}</td>"
        f"<td class='number'>{site.first_id}–{site.last_id}</td>"
        f"<td class='number'>{site.missing_ids:,}</td>"
        f"<td class='number'>{site.missing_ranges:,}</td><td class='ranges'>{widest}</td></tr>"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL or JSONL.gz; globs work")
    parser.add_argument("-o", "--output", required=True, type=Path, help="the HTML file to write")


def run(args: argparse.Namespace) -> int:
    """Write the report; 1 on an unreadable record, 2 on a missing file."""
    stats = stats_of_files(args.files, "report")
    if isinstance(stats, int):
        return stats
    args.output.write_text(render_report(stats, args.files), encoding="utf-8")
    print(f"{args.output}: report on {stats.articles:,} articles")
    return 0
