"""Date and number formats of the mirror's pages: Persian digits, Jalali date lines, RSS dates.

The mirror is the oracle the crawler's date parser is tested against, so it does its calendar
arithmetic with ``jdatetime`` and ``zoneinfo`` directly; only the month names come from the
parser's table (one Jalali month table in the project), and the golden pages check those against
real sites.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime

from newscrawl.text.dates import JALALI_MONTHS

TEHRAN = ZoneInfo("Asia/Tehran")

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _first_spellings() -> tuple[str, ...]:
    """Of the spellings the date parser knows for each month, the first it lists."""
    first: dict[int, str] = {}
    for name, number in JALALI_MONTHS.items():
        first.setdefault(number, name)
    return tuple(first[month] for month in range(1, 13))


PRINTED_MONTHS = _first_spellings()
"""The month names pages print, index ``month - 1``: the standard spelling of each, the one
:data:`newscrawl.text.dates.JALALI_MONTHS` lists first (مرداد, not امرداد; آبان, not ابان)."""

PRINTED_MONTHS_ARABIC_YEH: tuple[str, ...] = tuple(
    m.replace("ی", "ي") if m in {"فروردین", "اردیبهشت", "تیر", "شهریور"} else m
    for m in PRINTED_MONTHS
)
"""The spellings some pages print, with Arabic ي in فروردين/ارديبهشت/تير/شهريور (دی keeps ی)."""

_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def persian_digits(value: int | str) -> str:
    """Write ASCII digits as Persian digits.

    >>> persian_digits("20:04")
    '۲۰:۰۴'
    """
    return str(value).translate(_PERSIAN_DIGITS)


def jalali_ymd(moment: datetime) -> tuple[int, int, int]:
    """Jalali (year, month, day) of an aware datetime, in Tehran local time.

    >>> jalali_ymd(datetime(2021, 10, 19, 20, 4, tzinfo=TEHRAN))
    (1400, 7, 27)
    """
    return _jalali_of(moment.astimezone(TEHRAN).date())


@lru_cache(maxsize=4096)
def _jalali_of(day: date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return int(j.year), int(j.month), int(j.day)


def from_jalali(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Aware Tehran datetime of a Jalali wall-clock time (not in a DST gap or fold)."""
    g = jdatetime.date(year, month, day).togregorian()
    return datetime(g.year, g.month, g.day, hour, minute, tzinfo=TEHRAN)


def date_line(moment: datetime, *, arabic_months: bool = False, legacy: bool = False) -> str:
    """The printed Persian date of an article page, time first.

    >>> date_line(datetime(2021, 10, 19, 20, 4, tzinfo=TEHRAN))
    '۲۰:۰۴ - ۲۷ مهر ۱۴۰۰'
    >>> date_line(datetime(2021, 11, 1, 9, 5, tzinfo=TEHRAN), arabic_months=True)
    '۰۹:۰۵ - ۱۰ آبان ۱۴۰۰'
    >>> date_line(datetime(2021, 4, 1, 9, 5, tzinfo=TEHRAN), arabic_months=True)
    '۰۹:۰۵ - ۱۲ فروردين ۱۴۰۰'
    >>> date_line(datetime(2006, 10, 28, 9, 32, tzinfo=TEHRAN), legacy=True)
    '۰۹:۳۲ - ۰۶-۰۸-۱۳۸۵'
    """
    local = moment.astimezone(TEHRAN)
    y, m, d = jalali_ymd(local)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if legacy:
        return persian_digits(f"{clock} - {d:02d}-{m:02d}-{y}")
    months = PRINTED_MONTHS_ARABIC_YEH if arabic_months else PRINTED_MONTHS
    day = persian_digits(f"{d:02d}")
    return f"{persian_digits(clock)} - {day} {months[m - 1]} {persian_digits(y)}"


def english_date(moment: datetime) -> str:
    """The Gregorian date printed after the Persian one, e.g. ``19 October 2021``."""
    local = moment.astimezone(TEHRAN)
    return f"{local.day} {_EN_MONTHS[local.month - 1]} {local.year}"


@lru_cache(maxsize=8192)
def listing_stamp(moment: datetime) -> str:
    """The ``title`` attribute of list links: ``HH:MM - YYYY/MM/DD`` (Jalali, Latin digits).

    >>> listing_stamp(datetime(2021, 10, 19, 20, 4, tzinfo=TEHRAN))
    '20:04 - 1400/07/27'
    """
    local = moment.astimezone(TEHRAN)
    y, m, d = jalali_ymd(local)
    return f"{local.hour:02d}:{local.minute:02d} - {y}/{m:02d}/{d:02d}"


def jalali_meta(moment: datetime) -> str:
    """``article:published_time`` in the old Jalali form, e.g. ``۱۴۰۰/۰۷/۲۷ - ۲۰:۰۴``."""
    local = moment.astimezone(TEHRAN)
    y, m, d = jalali_ymd(local)
    return persian_digits(f"{y}/{m:02d}/{d:02d} - {local.hour:02d}:{local.minute:02d}")


def rss_date(moment: datetime, *, weekday: bool = False) -> str:
    """RFC 822 date as the CMS's feed writes it: items without weekday, the channel with one.

    >>> rss_date(datetime(2021, 10, 19, 20, 4, tzinfo=TEHRAN))
    '19 Oct 2021 20:04:00 +0330'
    >>> rss_date(datetime(2021, 6, 1, 12, 0, tzinfo=TEHRAN), weekday=True)
    'Tue, 01 Jun 2021 12:00:00 +0430'
    """
    local = moment.astimezone(TEHRAN)
    text = f"{local.day:02d} {_EN_MONTHS[local.month - 1][:3]} {local.year} {local:%H:%M:%S %z}"
    return f"{_WEEKDAYS_EN[local.weekday()]}, {text}" if weekday else text


def iso_minutes(moment: datetime) -> str:
    """ISO 8601 in Tehran time with its offset, seconds always ``00``.

    >>> iso_minutes(datetime(2021, 10, 19, 20, 4, tzinfo=TEHRAN))
    '2021-10-19T20:04:00+03:30'
    """
    return moment.astimezone(TEHRAN).replace(second=0, microsecond=0).isoformat()
