"""How the Nastooh mirror prints times: Jalali date lines, metadata in UTC, feed dates."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from tests.mirror.jalali import PRINTED_MONTHS, jalali_ymd, persian_digits


def date_line(moment: datetime, *, photo: bool = False) -> str:
    """The printed date of an item: «۱۹ بهمن ۱۴۰۲، ۱۲:۰۸» (photo items: « - » before the time).

    >>> from tests.mirror.jalali import from_jalali
    >>> date_line(from_jalali(1402, 11, 19, 12, 8))
    '۱۹ بهمن ۱۴۰۲، ۱۲:۰۸'
    >>> date_line(from_jalali(1402, 11, 5, 9, 3), photo=True)
    '۵ بهمن ۱۴۰۲ - ۰۹:۰۳'
    """
    y, m, d = jalali_ymd(moment)
    clock = persian_digits(f"{moment.hour:02d}:{moment.minute:02d}")
    day = f"{persian_digits(d)} {PRINTED_MONTHS[m - 1]} {persian_digits(y)}"
    return f"{day} - {clock}" if photo else f"{day}، {clock}"


def listing_time(moment: datetime) -> str:
    """The ``time[title]`` of an archive entry: «سه‌شنبه ۱۷ بهمن ۱۴۰۲ - ۲۱:۴۰» (R2)."""
    weekdays = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه", "شنبه", "یکشنبه")
    return f"{weekdays[moment.weekday()]} {date_line(moment, photo=True)}"


def utc_meta(moment: datetime) -> str:
    """``article:published_time`` as Nastooh writes it: UTC with ``Z``, seconds kept.

    >>> from tests.mirror.jalali import from_jalali
    >>> utc_meta(from_jalali(1402, 11, 19, 13, 30).replace(second=50))
    '2024-02-08T10:00:50Z'
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rss_date(moment: datetime) -> str:
    """An item's ``pubDate``: RFC 822 in GMT with the weekday (``%a, %d %b %Y %H:%M:%S %Z``).

    >>> from tests.mirror.jalali import from_jalali
    >>> rss_date(from_jalali(1402, 11, 19, 13, 30).replace(second=50))
    'Thu, 08 Feb 2024 10:00:50 GMT'
    """
    return format_datetime(moment.astimezone(UTC), usegmt=True)
