"""What a ``newscrawl run`` will do, checked before it writes anything (``ops.cron``, step 1).

Site keys against the declared sites (``--all``: every declared site not behind a challenge),
``--base-url KEY=URL``, the arguments after ``--`` (``-a NAME=VALUE``, ``-s NAME=VALUE``,
``-L LEVEL``, as ``scrapy crawl`` takes them) and every site's spider arguments
(``spiders.arguments``). Every fault is a :class:`~newscrawl.ops.cli.CommandError`: one line,
exit status 2. The result is a :class:`~newscrawl.ops.crawls.SitePlan` per site and the run's
settings.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.utils.project import get_project_settings, inside_project

from newscrawl.ops.cli import CommandError
from newscrawl.ops.crawls import SitePlan
from newscrawl.runs.state import DEFAULT_STATE_DIR
from newscrawl.sites import SITES, unknown_site
from newscrawl.spiders.arguments import CrawlArguments

if TYPE_CHECKING:
    from scrapy.settings import Settings

PER_SITE_ONLY = ("base_url", "ids", "replay")
"""Spider arguments that name one site's host or articles: refused with several sites."""


@dataclass
class CrawlArgs:
    """The arguments after ``--``."""

    spider: dict[str, str] = field(default_factory=dict)
    settings: list[str] = field(default_factory=list)
    log_level: str | None = None


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            raise CommandError(f"{option} {value!r}: expected NAME=VALUE")
        pairs[name.strip()] = setting
    return pairs


def parse_crawl_args(extra: list[str]) -> CrawlArgs:
    """``-a``, ``-s`` and ``-L`` as ``scrapy crawl`` takes them; anything else is refused."""
    parser = argparse.ArgumentParser(prog="newscrawl run … --", add_help=False, exit_on_error=False)
    parser.add_argument("-a", dest="spider", action="append", default=[])
    parser.add_argument("-s", "--set", dest="settings", action="append", default=[])
    parser.add_argument("-L", "--loglevel", dest="log_level")
    try:
        known, unknown = parser.parse_known_args(extra)
    except argparse.ArgumentError as error:
        raise CommandError(f"after --: {error}") from None
    if unknown:
        raise CommandError(
            f"after --: {' '.join(unknown)!r} is not -a NAME=VALUE, -s NAME=VALUE or -L LEVEL"
        )
    _pairs(known.settings, "-s")
    return CrawlArgs(_pairs(known.spider, "-a"), known.settings, known.log_level)


def resolve_sites(names: list[str], everything: bool) -> list[str]:
    """The site keys to crawl, checked against the declared sites; CommandError otherwise."""
    if everything and names:
        raise CommandError("give site keys or --all, not both")
    if everything:
        return [key for key, site in SITES.items() if not site.challenge]
    if not names:
        raise CommandError("name the sites to crawl (newscrawl sites lists them), or --all")
    for name in names:
        if name not in SITES:
            raise CommandError(unknown_site(name))
    return list(dict.fromkeys(names))


def base_urls(given: list[str], sites: list[str]) -> dict[str, str]:
    """``--base-url KEY=URL`` by key; each key must be a site of the run."""
    urls = _pairs(given, "--base-url")
    for key in urls:
        if key not in sites:
            raise CommandError(f"--base-url {key}=…: {key!r} is not a site of this run")
    return urls


def spider_args(
    sites: list[str], crawl: CrawlArgs, urls: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Each site's spider arguments: the ``-a`` ones, its ``--base-url``."""
    if len(sites) > 1:
        for name in PER_SITE_ONLY:
            if name in crawl.spider:
                hint = " (use --base-url KEY=URL)" if name == "base_url" else ""
                raise CommandError(f"-a {name}=… names one site's; not with several sites{hint}")
    found = {}
    for site in sites:
        arguments = dict(crawl.spider)
        if site in urls:
            if "base_url" in arguments:
                raise CommandError(f"{site}: give --base-url or -a base_url, not both")
            arguments["base_url"] = urls[site]
        found[site] = arguments
    return found


def plan_sites(args: argparse.Namespace, stamp: str) -> tuple[list[SitePlan], CrawlArgs]:
    """Every check of step 1; the plan of each site."""
    sites = resolve_sites(args.sites, args.all)
    crawl = parse_crawl_args(list(getattr(args, "extra", [])))
    arguments = spider_args(sites, crawl, base_urls(args.base_url, sites))
    plans = []
    for site in sites:
        try:
            parsed = CrawlArguments.parse(spider_name=site, site=SITES[site], **arguments[site])
        except ValueError as error:
            raise CommandError(f"{site}: {error}" if len(sites) > 1 else str(error)) from None
        folder = Path(args.data_dir) / parsed.state_key
        plans.append(SitePlan(site, parsed.state_key, folder, stamp, arguments[site]))
    return plans, crawl


def run_settings(crawl: CrawlArgs, state_dir: str | None) -> Settings:
    """Project settings, ``-s`` and ``-L``, the state dir; Scrapy's root log handler off."""
    if not inside_project():
        os.environ["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    settings = get_project_settings()
    settings.setdict(_pairs(crawl.settings, "-s"), priority="cmdline")
    if crawl.log_level:
        settings.set("LOG_LEVEL", crawl.log_level.upper(), priority="cmdline")
    if state_dir:
        settings.set("NEWSCRAWL_STATE_DIR", state_dir, priority="cmdline")
    elif not settings.get("NEWSCRAWL_STATE_DIR"):
        settings.set("NEWSCRAWL_STATE_DIR", DEFAULT_STATE_DIR, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    return settings
