"""The spiders' ``-a`` arguments, declared once: strings in, checked values (or a clear error) out.

:data:`ARGUMENTS` names every argument with its meaning; ``CrawlArguments.parse`` refuses any other
name (names starting with ``_``, which scrapyd passes, are left alone), then parses each value with
the function beside it. Every refusal is a ``ValueError`` whose message names the argument at fault
(``ids: …``, ``base_url: …``): it is all a user sees of a crawl that will not start.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newscrawl.runs.state import state_key
from newscrawl.text import dates
from newscrawl.warc.replay import archive_base_url

if TYPE_CHECKING:
    from collections.abc import Mapping

    from newscrawl.site import Site

ARGUMENTS: dict[str, str] = {
    "ids": "fetch these ids: ranges and comma lists, e.g. 26600-26700 or 1,5,10-20 (inclusive)",
    "since": "archive backfill from this day, e.g. 1400-07-01 (Jalali unless calendar=gregorian)",
    "until": "archive backfill up to this day (inclusive; default today)",
    "calendar": "the calendar of since and until: jalali (the default) or gregorian",
    "refresh": "1: export articles again even if an earlier run exported them",
    "base_url": "crawl this scheme and host instead of the site's, e.g. http://127.0.0.1:8080",
    "replay": "crawl from these WARC files (a path, a comma list or globs) instead of the network",
}
"""Every ``-a`` argument a spider takes, with what it asks for. Without ids, since or until, a
crawl is incremental: it fetches what is new since the last run."""

_ID_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
_DATE_ARG = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s*$")
MAX_IDS = 10_000_000
EARLIEST_JALALI = (1370, 1, 1)
EARLIEST_GREGORIAN = 1991
"""The first year of either calendar a since/until may name (1 Farvardin 1370 is 1991-03-21)."""


@dataclass(frozen=True, kw_only=True)
class CrawlArguments:
    """What one crawl was asked to fetch, validated; built by ``parse``."""

    base_url: str
    """Scheme and host to crawl, no trailing slash, e.g. ``"http://127.0.0.1:8080"``."""

    host: str
    """The host name of ``base_url``, lowercase, without port."""

    port: int | None = None
    """The explicit port of ``base_url``, if it names one."""

    site_key: str
    """The configured site's key; for another host, ``site_key_for_host(host)``."""

    state_key: str
    """The key of the cross-run state: the site on this host (``runs.state.state_key``)."""

    id_ranges: tuple[tuple[int, int], ...] = ()
    """Inclusive ``(first, last)`` id ranges in the order given; empty without ``ids``."""

    date_range: tuple[date, date] | None = None
    """Inclusive Gregorian ``(since, until)`` of an archive backfill; None without since/until."""

    refresh: bool = False
    """Export articles again even if an earlier run exported them (``refresh=1``)."""

    @property
    def mode(self) -> str:
        """``"ids"``, ``"archive"`` (since/until) or ``"incremental"`` (neither: the default)."""
        return "ids" if self.id_ranges else "archive" if self.date_range else "incremental"

    @classmethod
    def parse(cls, *, spider_name: str, site: Site | None, **given: str | None) -> CrawlArguments:
        """Validate the arguments of spider ``spider_name`` crawling ``site`` (None: any host).

        Empty strings count as not given. Checked in this order, the first fault raised: the
        names (:func:`check_names`), ``base_url`` (see ``parse_base_url``), ``ids`` together with
        since/until, ``ids``, ``since``, ``until``, then until before since. ``calendar`` is read
        only with a date.
        """
        check_names(given)
        ids, since, until = given.get("ids"), given.get("since"), given.get("until")
        calendar = given.get("calendar") or "jalali"
        replay = given.get("replay")
        url, host, port = parse_base_url(given.get("base_url"), site, replay, spider_name)
        site_key = site.key if site else site_key_for_host(host)
        if ids and (since or until):
            raise ValueError("give either ids or since/until, not both")
        if ids and site is not None and not site.sequential:
            raise ValueError(f"ids: {site.key} does not number its articles one after another")
        return cls(
            base_url=url,
            host=host,
            port=port,
            site_key=site_key,
            state_key=state_key(site_key, site, host, port),
            id_ranges=tuple(parse_id_ranges(ids)) if ids else (),
            date_range=parse_date_range(since, until, calendar),
            refresh=_truthy(given.get("refresh")),
        )


def check_names(given: Mapping[str, object]) -> None:
    """Refuse an argument no spider takes, naming the closest known one.

    >>> check_names({"_job": "1", "ids": "5"})
    >>> check_names({"sinse": "1400-07-01"})
    Traceback (most recent call last):
    ...
    ValueError: unknown argument 'sinse'; did you mean 'since'?
    """
    for name in given:
        if name.startswith("_") or name in ARGUMENTS:
            continue
        close = difflib.get_close_matches(name, ARGUMENTS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(ARGUMENTS)}"
        raise ValueError(f"unknown argument {name!r}; {hint}")


def parse_base_url(
    base_url: str | None, site: Site | None, replay: str | None, spider_name: str
) -> tuple[str, str, int | None]:
    """``base_url`` as ``scheme://host[:port]``, its host (lowercase) and its port.

    Not given, it is the host a ``replay`` archive recorded, else the site's live address; the
    generic spider (no ``site``) has no address of its own and refuses to guess one. Anything
    but a scheme, a host and a port (a path, a query, a user) is refused: the CMS's paths are
    the spider's to add.

    >>> parse_base_url("HTTP://Example.ir:8080/", None, None, "x")
    ('http://example.ir:8080', 'example.ir', 8080)
    >>> parse_base_url("http://host/fa/", None, None, "x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: base_url: give only a scheme and a host (and port), ... not 'http://host/fa/'
    """
    if base_url is None and replay:  # replay crawls the host it recorded
        base_url = archive_base_url(str(replay))
    if base_url is None and site is None:
        raise ValueError(f"{spider_name}: give -a base_url=https://host of the site to crawl")
    given = base_url or (site.base_url if site else "")
    parts = urlsplit(given.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or port == -1:
        raise ValueError(f"base_url: {given!r} is not an http(s) URL like https://host")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(
            "base_url: give only a scheme and a host (and port), like https://www.tabnak.ir,"
            f" not {given!r}"
        )
    host = parts.hostname.lower()
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{port}" if port is not None else ""
    return f"{parts.scheme.lower()}://{netloc}", host, port


def parse_id_ranges(spec: str) -> list[tuple[int, int]]:
    """Parse ``"26600-26700,26800"`` into inclusive ``(first, last)`` ranges, in the order given.

    >>> parse_id_ranges("26600-26602, 7")
    [(26600, 26602), (7, 7)]
    >>> parse_id_ranges("5-3")
    Traceback (most recent call last):
    ...
    ValueError: ids: range '5-3' ends before it starts
    """
    ranges: list[tuple[int, int]] = []
    for part in filter(str.strip, spec.split(",")):
        match = _ID_RANGE.match(part)
        if not match:
            raise ValueError(f"ids: {part.strip()!r} is not an id or a range like 26600-26700")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise ValueError(f"ids: range {part.strip()!r} ends before it starts")
        ranges.append((first, last))
    if not ranges:
        raise ValueError("ids: no ids given")
    if sum(last - first + 1 for first, last in ranges) > MAX_IDS:
        raise ValueError(f"ids: more than {MAX_IDS:,} ids in one crawl")
    return ranges


def parse_date_range(
    since: str | None, until: str | None, calendar: str
) -> tuple[date, date] | None:
    """The inclusive Gregorian ``(since, until)``, or None when neither bound is given.

    A missing ``since`` is 1 Farvardin 1370 (``EARLIEST_JALALI``); a missing ``until`` is today
    in Tehran.
    """
    if not (since or until):
        return None
    first = parse_date_arg("since", since, calendar) if since else None
    last = parse_date_arg("until", until, calendar) if until else None
    first = first or dates.jalali_to_gregorian(*EARLIEST_JALALI)
    last = last or datetime.now(dates.TEHRAN).date()
    if last < first:
        raise ValueError(f"until ({until}) is before since ({since})")
    return first, last


def parse_date_arg(name: str, value: str, calendar: str) -> date:
    """A ``since``/``until`` argument as a Gregorian date.

    The year must fall between 1370 and next year (Jalali), or 1991 and next year (Gregorian):
    a date outside is refused, saying so when it looks like a date of the other calendar.

    >>> parse_date_arg("since", "1400/07/01", "jalali")
    datetime.date(2021, 9, 23)
    >>> parse_date_arg("since", "2021-09-23", "gregorian")
    datetime.date(2021, 9, 23)
    >>> parse_date_arg("since", "2021-09-23", "jalali")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: since: 2021-09-23 is a Gregorian date; add -a calendar=gregorian, ...
    """
    if calendar not in ("jalali", "gregorian"):
        raise ValueError(f"calendar: {calendar!r} is neither 'jalali' nor 'gregorian'")
    match = _DATE_ARG.match(value)
    if not match:
        raise ValueError(f"{name}: {value!r} is not a date like 1400-07-01 (or 1400/07/01)")
    year, month, day = (int(part) for part in match.groups())
    today = datetime.now(dates.TEHRAN).date()
    jalali_years = range(EARLIEST_JALALI[0], dates.gregorian_to_jalali(today)[0] + 2)
    gregorian_years = range(EARLIEST_GREGORIAN, today.year + 2)
    if calendar == "gregorian":
        if year not in gregorian_years:
            hint = (
                "; it looks Jalali: leave out calendar=gregorian"
                if year in jalali_years
                else f"; give a year from {gregorian_years[0]} to {gregorian_years[-1]}"
            )
            raise ValueError(f"{name}: {value.strip()} is not a Gregorian date of the news{hint}")
        try:
            return date(year, month, day)
        except ValueError as error:
            raise ValueError(f"{name}: {value!r} is not a Gregorian date ({error})") from None
    if year not in jalali_years:
        if year in gregorian_years:
            raise ValueError(
                f"{name}: {value.strip()} is a Gregorian date; add -a calendar=gregorian, or give"
                " a Jalali date like 1400-07-01"
            )
        raise ValueError(
            f"{name}: {value.strip()} is not a Jalali date of the news; give a year from"
            f" {jalali_years[0]} to {jalali_years[-1]}"
        )
    try:
        return dates.jalali_to_gregorian(year, month, day)
    except dates.InvalidDateError as error:
        raise ValueError(f"{name}: {value!r} is not a Jalali date ({error})") from None


def site_key_for_host(host: str) -> str:
    """The site key of a host with no config of its own: its domain label (an IP, spelled out).

    >>> site_key_for_host("www.example.ir"), site_key_for_host("127.0.0.1")
    ('example', '127-0-0-1')
    """
    try:
        return ipaddress.ip_address(host).exploded.replace(".", "-").replace(":", "-")
    except ValueError:
        labels = [label for label in host.lower().split(".") if label and label != "www"]
    if not labels:  # the key names files: "..", "." or "www" must not become one
        raise ValueError(f"base_url: host {host!r} has no name to use as the site key")
    return labels[0]


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
