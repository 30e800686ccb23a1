"""``newscrawl sites``: the table of declared sites, and of the sites left out, for people.

The table is made from the declarations (``newscrawl.sites``): one row per site, one column per
:class:`Column` of :data:`COLUMNS`, then the sites each CMS module lists in ``EXCLUDED`` (entries
that unpack to ``(domain, reason)``). ``docs/sites.md`` is this command's output
(``newscrawl sites --out docs/sites.md``), and a test regenerates it and compares.

A site counts as verified by a real page when its evidence starts with "real page" (the
declarations' convention: the evidence then names the saved page).

``newscrawl sites --health`` prints, instead, each declared site's health (``runs.health``) as its
last run summary under the data dir (``--data-dir``, default ``data``) holds it, counted again for
the present hour: last run, last article, articles in the last 24 h, failures, layout alarm, and
the warning for a site that usually publishes and has gone quiet. It reads one summary per site
(``data/<site>/``, the live site's runs), no feed.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import newscrawl.sites
from newscrawl.runs.health import QuietRule, as_of, last_summary
from newscrawl.sites import SITES, site_for_host

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterable, Sequence

    from newscrawl.site import Site

REAL_PAGE = "real page"
"""How the evidence of a site verified by a saved real page begins."""


@dataclass(frozen=True)
class Column:
    """One column of the sites table: its header, and the cell of a site."""

    header: str
    cell: Callable[[Site], str]


def _code(text: str | None) -> str:
    return f"`{text}`" if text else "—"


COLUMNS: tuple[Column, ...] = (
    Column("key", lambda site: _code(site.key)),
    Column("name", lambda site: site.name),
    Column("domain", lambda site: ", ".join(site.domains)),
    Column("CMS", lambda site: site.cms.name),
    Column("layout", lambda site: _code(site.layout)),
    Column("overrides", lambda site: ", ".join(sorted(site.overrides)) or "—"),
    Column("evidence", lambda site: site.evidence or "—"),
    Column("real page", lambda site: "yes" if site.evidence.startswith(REAL_PAGE) else "—"),
    Column("challenge", lambda site: site.challenge or "—"),
)
"""The columns of the sites table, in order; add one to show more of each site."""


def excluded() -> list[tuple[str, str, str]]:
    """(domain, CMS module, reason) of every site a CMS module lists as excluded, by domain.

    A site left out of one CMS may be declared with another: the reason says so.
    """
    found: list[tuple[str, str, str]] = []
    for info in pkgutil.iter_modules(newscrawl.sites.__path__):
        module = importlib.import_module(f"{newscrawl.sites.__name__}.{info.name}")
        for domain, reason in getattr(module, "EXCLUDED", ()):
            elsewhere = site_for_host(domain)
            if elsewhere is not None:  # left out of one CMS, declared with another
                reason += f"; declared as {elsewhere.key} ({elsewhere.cms.name})"
            found.append((domain, info.name, reason))
    return sorted(found)


def escape(text: str) -> str:
    r"""A table cell's text in Markdown: pipes, angle brackets and stars escaped, one line.

    >>> escape("/fa/news/<id> | a*b")
    '/fa/news/\\<id\\> \\| a\\*b'
    """
    for char in "\\|<>*":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """The lines of a Markdown table; cells are escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return lines


def render(sites: Iterable[Site] | None = None, columns: Sequence[Column] = COLUMNS) -> str:
    """The whole sites document: counts, the declared sites, the excluded ones."""
    declared = sorted(SITES.values() if sites is None else sites, key=lambda site: site.key)
    left_out = excluded()
    per_cms: dict[str, int] = {}
    for site in declared:
        per_cms[site.cms.name] = per_cms.get(site.cms.name, 0) + 1
    counts = ", ".join(f"{name} {count}" for name, count in sorted(per_cms.items()))
    verified = sum(1 for site in declared if site.evidence.startswith(REAL_PAGE))
    lines = [
        "# Sites",
        "",
        "Generated from the site declarations (`newscrawl/sites/`) by `newscrawl sites --out"
        " docs/sites.md`; a test checks that it matches them. Do not edit by hand.",
        "",
        f"{len(declared)} sites are declared ({counts}); {verified} verified by a real saved"
        f" page; {len(left_out)} sites are left out. Every declared site is crawled by"
        " `scrapy crawl <key>`. A layout is one of its CMS's article layouts; overrides name the"
        " layout's selector lists the site changes; evidence says where the declaration comes"
        " from (`docs/reference/`). The golden pages that check each site are in `tests/golden/`:"
        " its own folder, or the folders of its layout.",
        "",
        "## Declared sites",
        "",
        *markdown_table(
            [column.header for column in columns],
            ([column.cell(site) for column in columns] for site in declared),
        ),
        "",
        "## Left out",
        "",
        *markdown_table(["domain", "CMS", "reason"], left_out),
    ]
    return "\n".join(lines) + "\n"


class SiteHealth:
    """Each site's health from its last run summary under ``data_dir``, as of ``now``."""

    def __init__(self, data_dir: Path, now: datetime, rule: QuietRule) -> None:
        self.data_dir = data_dir
        self.now = now
        self.rule = rule
        self._found: dict[str, dict[str, Any]] = {}

    def __call__(self, site: Site) -> dict[str, Any]:
        if site.key not in self._found:
            self._found[site.key] = self._read(site.key)
        return self._found[site.key]

    def _read(self, key: str) -> dict[str, Any]:
        found = last_summary(self.data_dir / key, key)
        if found is None:
            return {}
        summary = found[1]
        verdict = "ok" if summary.get("ok") else "FAILED"
        run = f"{summary.get('finished_at')} {verdict}"
        return {**as_of(summary["health"], self.now, self.rule), "run": run}


def health_columns(health: SiteHealth) -> tuple[Column, ...]:
    """The health columns of the sites table (``newscrawl sites --health``)."""

    def cell(name: str) -> Callable[[Site], str]:
        def value(site: Site) -> str:
            found = health(site).get(name)
            return "—" if found is None or found == 0 or found == "" else str(found)

        return value

    return (
        Column("last run", cell("run")),
        Column("last article", cell("last_article")),
        Column("24 h", lambda site: str(health(site).get("articles_24h", "—"))),
        Column("failed ids", cell("failed_ids")),
        Column("failed runs", cell("failed_runs")),
        Column("layout alarm", cell("layout_alarm")),
        Column("warning", cell("quiet")),
    )


def render_health(health: SiteHealth, sites: Iterable[Site] | None = None) -> str:
    """The health table of the declared sites (``newscrawl sites --health``)."""
    declared = sorted(SITES.values() if sites is None else sites, key=lambda site: site.key)
    columns = (COLUMNS[0], COLUMNS[1], *health_columns(health))
    run = sum(1 for site in declared if health(site))
    lines = [
        f"# Site health, {health.now.strftime('%Y-%m-%dT%H:%MZ')}",
        "",
        f"{run} of {len(declared)} declared sites have a run summary under {health.data_dir}/.",
        "",
        *markdown_table(
            [column.header for column in columns],
            ([column.cell(site) for column in columns] for site in declared),
        ),
    ]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        help="write the table to this file (e.g. docs/sites.md) instead of printing it",
    )
    parser.add_argument(
        "--health",
        action="store_true",
        help="each site's health from its last run summary instead (last article, 24 h, …)",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=Path("data"), help="where --health reads the summaries"
    )


def run(args: argparse.Namespace) -> int:
    if args.health:
        text = render_health(SiteHealth(args.data_dir, datetime.now(UTC), _quiet_rule()))
    else:
        text = render()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


def _quiet_rule() -> QuietRule:
    """The project's ``NEWSCRAWL_QUIET_*`` settings."""
    from scrapy.utils.project import get_project_settings

    return QuietRule.from_settings(get_project_settings())
