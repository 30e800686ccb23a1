r"""Parse the dates news pages print (Jalali, Tehran wall time) into Gregorian values.

This module wraps ``jdatetime`` so that nothing else imports it. Visible dates are read
after folding Arabic letters, turning all digits to ASCII and ZWNJs to spaces; every
supported shape is one named regex below. A date with a time becomes an aware
``datetime`` in ``ZoneInfo("Asia/Tehran")`` (Iran kept DST, +04:30, in summers up to
and including 1401), a date alone stays a ``date``. Nothing is guessed: invalid
calendar dates, relative dates (``امروز``, ``۲ ساعت پیش``) and strings without a date
raise :class:`InvalidDateError`. Local times in the spring-forward gap or the repeated
autumn hour are resolved deterministically and flagged. Feed and meta dates (RFC 822,
ISO 8601) are converted to Tehran time, and :func:`to_iso_minute` gives the export form.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import jdatetime

from newscrawl.text.normalize import collapse_whitespace, normalize, to_ascii_digits

__all__ = [
    "JALALI_MONTHS",
    "TEHRAN",
    "InvalidDateError",
    "ParsedDate",
    "check_zone_data",
    "gregorian_to_jalali",
    "jalali_to_gregorian",
    "parse_iso_datetime",
    "parse_persian_datetime",
    "parse_rss_date",
    "to_iso_minute",
]

TEHRAN = ZoneInfo("Asia/Tehran")

# Month names after fold_letters (ي→ی, ك→ک); a trailing "ماه" is stripped by the regexes.
JALALI_MONTHS: dict[str, int] = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "امرداد": 5,  # the older spelling, still used by some outlets
    "شهریور": 6,
    "مهر": 7,
    "آبان": 8,
    "ابان": 8,  # typed without the madda
    "آذر": 9,
    "اذر": 9,  # typed without the madda
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}

# Weekday names (ZWNJ already a space) -> Python's date.weekday() (Monday is 0).
_WEEKDAYS: dict[str, int] = {
    "شنبه": 5,
    "یکشنبه": 6,
    "دوشنبه": 0,
    "سهشنبه": 1,
    "چهارشنبه": 2,
    "پنجشنبه": 3,
    "جمعه": 4,
}

# Two-digit years: 50-99 -> 1350-1399, 00-49 -> 1400-1449 ("۲۵ بهمن ۹۹" is 1399).
_TWO_DIGIT_PIVOT = 50
# Four-digit years outside this range are not Jalali news dates (e.g. a Gregorian 2021).
_YEAR_RANGE = range(1300, 1500)

_MONTH = "|".join(sorted(JALALI_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?P<weekday>(?:یک|دو|سه|چهار|پنج)? ?شنبه|جمعه) ?[,،]? ?)?"
_TIME = (
    r"(?:ساعت ?)?(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?![\d:])"
    r"(?: ?(?P<ampm>ب\.? ?ظ|ق\.? ?ظ)\.?)?"
)
_TEXT_DATE = (
    rf"{_WEEKDAY}(?<!\d)(?P<day>\d{{1,2}}) ?(?P<month>{_MONTH})(?: ?ماه)? ?[,،]? ?"
    r"(?P<year>\d{4}|\d{2})(?!\d|[:/.-]\d)"
)
# Between a date and its time: a dash, a bar, a comma, or ISNA's «/» («۱۹ بهمن ۱۴۰۲ / ۱۴:۰۵»: a
# public ISNA scraper splits the printed date on it; docs/nastooh.md).
_SEP = r" ?[-–—|،,/]? ?"

# "۲۰:۰۴ - ۲۷ مهر ۱۴۰۰ - 19 October 2021" (asrpress; asriran "۱۲:۲۲ - ۲۵ دی ۱۳۹۲");
# the English tail is ignored. Also "۰۸:۳۰ ب.ظ ۲۷ مهر ۱۴۰۰" (persian-text.md D17).
TIME_THEN_TEXT_DATE = re.compile(_TIME + _SEP + _TEXT_DATE)
# "۳۰ تير ۱۳۹۷ - ۰۰:۲۰" (tabnak), "۲۳ آذر ۱۴۰۴ - ۲۱:۳۱" (kayhan),
# "سه‌شنبه ۲۷ مهر ۱۴۰۰ ساعت ۲۰:۰۴" (persian-text.md D08).
TEXT_DATE_THEN_TIME = re.compile(_TEXT_DATE + _SEP + _TIME)
# "۰۹:۳۲ - ۰۶-۰۸-۱۳۸۵" (asriran legacy, page 5607): DAY-MONTH-YEAR, so
# "۱۰:۲۳ - ۱۲-۰۴-۱۳۹۳" is 12 Tir 1393.
LEGACY_DAY_MONTH_YEAR = re.compile(
    rf"(?:{_TIME}{_SEP})?(?<![\d/-])(?P<day>\d{{1,2}})-(?P<mon>\d{{1,2}})-(?P<year>\d{{4}})(?![\d/-])"
)
# "۱۳۹۷/۰۴/۳۰ - ۰۰:۲۰" (tabnak article:published_time); "1400-07-27 20:04" and
# "۱۴۰۰/۰۷/۲۷" (persian-text.md D13, D02).
NUMERIC_YEAR_FIRST = re.compile(
    r"(?<![\d/-])(?P<year>\d{4})(?P<sep>[/-])(?P<mon>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d/-])"
    rf"(?:{_SEP}{_TIME})?"
)
# "۲۷ مهرماه ۱۴۰۰", "جمعه ۱ فروردين ۱۴۰۴", "کد خبر: ۱۴۰۲۰۲۰۱۰۰۰۱۲ | ۱ اردیبهشت ۱۴۰۲"
# (persian-text.md D14, D15, D22; the news id must not be read as a date).
TEXT_DATE = re.compile(_TEXT_DATE)

# Tried in order, first match wins: shapes with a time before the bare date.
_FORMATS: tuple[re.Pattern[str], ...] = (
    TIME_THEN_TEXT_DATE,
    TEXT_DATE_THEN_TIME,
    LEGACY_DAY_MONTH_YEAR,
    NUMERIC_YEAR_FIRST,
    TEXT_DATE,
)


class InvalidDateError(ValueError):
    """No recognisable date, an impossible calendar date, or a relative date."""


class ParsedDate(NamedTuple):
    """A parsed visible date.

    ``value`` is an aware datetime in Asia/Tehran when a time was printed, else a date.
    ``flags`` may hold "nonexistent" (a wall time in the spring-forward gap, read with
    the offset before the change), "ambiguous" (the repeated autumn hour, read as the
    first, DST one) and "weekday_mismatch" (the printed weekday disagrees).
    """

    value: date | datetime
    flags: frozenset[str] = frozenset()


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """Convert a Jalali date to a Gregorian date, rejecting impossible dates.

    >>> jalali_to_gregorian(1400, 7, 27)
    datetime.date(2021, 10, 19)
    >>> jalali_to_gregorian(1401, 12, 30)
    Traceback (most recent call last):
    ...
    newscrawl.text.dates.InvalidDateError: invalid Jalali date 1401/12/30
    """
    try:
        # An explicit locale: without one, jdatetime asks the locale module for every date.
        jalali = jdatetime.date(year, month, day, locale=jdatetime.FA_LOCALE)
        gregorian: date = jalali.togregorian()
    except (ValueError, OverflowError) as exc:
        raise InvalidDateError(f"invalid Jalali date {year}/{month:02}/{day:02}") from exc
    return gregorian


def gregorian_to_jalali(value: date) -> tuple[int, int, int]:
    """Return the Jalali (year, month, day) of a Gregorian date.

    >>> gregorian_to_jalali(date(2025, 3, 21))
    (1404, 1, 1)
    """
    jalali = jdatetime.date.fromgregorian(date=value)
    return int(jalali.year), int(jalali.month), int(jalali.day)


def _prepare(raw: str) -> str:
    # Fold letters, drop marks and bidi controls, ASCII digits, ZWNJ -> space, one space.
    return collapse_whitespace(to_ascii_digits(normalize(raw)).replace("\u200c", " "))


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 1300 if year >= _TWO_DIGIT_PIVOT else 1400
    if year not in _YEAR_RANGE:
        raise InvalidDateError(f"year {text} is not a Jalali year of a news date")
    return year


def _hour(match: re.Match[str]) -> int:
    hour, ampm = int(match["hour"]), match["ampm"]
    if ampm is None:
        return hour
    if not 1 <= hour <= 12:
        raise InvalidDateError(f"hour {hour} with {ampm}")
    return hour % 12 + (12 if ampm.startswith("ب") else 0)


def _localize(naive: datetime) -> tuple[datetime, frozenset[str]]:
    # fold=0 reads a gap time with the offset before the change and a repeated time
    # as its first (DST) occurrence; the UTC round trip moves a gap time past the gap.
    # Both folds give one offset except at a change (PEP 495).
    aware = naive.replace(tzinfo=TEHRAN)
    if aware.utcoffset() == aware.replace(fold=1).utcoffset():
        return aware, frozenset()
    resolved = aware.astimezone(UTC).astimezone(TEHRAN)
    if resolved.replace(tzinfo=None) != naive:
        return resolved, frozenset({"nonexistent"})
    return aware, frozenset({"ambiguous"})


def _build(match: re.Match[str]) -> ParsedDate:
    groups = match.groupdict()
    month = JALALI_MONTHS[groups["month"]] if groups.get("month") else int(groups["mon"])
    day = jalali_to_gregorian(_year(groups["year"]), month, int(groups["day"]))
    flags: frozenset[str] = frozenset()
    if groups.get("weekday") and _WEEKDAYS[groups["weekday"].replace(" ", "")] != day.weekday():
        flags = frozenset({"weekday_mismatch"})
    if groups.get("hour") is None:
        return ParsedDate(day, flags)
    try:
        clock = (_hour(match), int(groups["minute"]), int(groups["second"] or 0))
        naive = datetime(day.year, day.month, day.day, *clock)
    except ValueError as exc:
        raise InvalidDateError(f"invalid time in {match.group()!r}") from exc
    value, zone_flags = _localize(naive)
    return ParsedDate(value, flags | zone_flags)


def parse_persian_datetime(raw: str) -> ParsedDate:
    """Parse a visible Jalali date line, with or without a time.

    >>> parse_persian_datetime("۲۰:۰۴ - ۲۷ مهر ۱۴۰۰ - 19 October 2021").value.isoformat()
    '2021-10-19T20:04:00+03:30'
    >>> parse_persian_datetime("۲۷ مهرماه ۱۴۰۰")
    ParsedDate(value=datetime.date(2021, 10, 19), flags=frozenset())
    >>> parse_persian_datetime("۲ ساعت پیش")
    Traceback (most recent call last):
    ...
    newscrawl.text.dates.InvalidDateError: no absolute Jalali date in '۲ ساعت پیش'
    """
    text = _prepare(raw)
    for pattern in _FORMATS:
        match = pattern.search(text)
        if match:
            return _build(match)
    raise InvalidDateError(f"no absolute Jalali date in {raw!r}")


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9-])")
"""``YYYY-MM-DD`` at the start of an ISO 8601 text."""


def parse_iso_datetime(raw: str) -> datetime:
    """Parse an ISO 8601 datetime with an offset and convert it to Tehran time.

    >>> parse_iso_datetime("2021-10-19T16:34:00Z").isoformat()
    '2021-10-19T20:04:00+03:30'

    A date in the years of Jalali news dates (1300-1499) is a Jalali date written ISO-style, the
    time and offset as given; no Gregorian year that early is a news date.

    >>> parse_iso_datetime("1400-07-27T20:04:00+03:30").isoformat()
    '2021-10-19T20:04:00+03:30'
    """
    text = raw.strip()
    iso_date = _ISO_DATE.match(text)
    if iso_date and int(iso_date[1]) in _YEAR_RANGE:
        year, month, day = (int(part) for part in iso_date.groups())
        text = jalali_to_gregorian(year, month, day).isoformat() + text[iso_date.end() :]
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidDateError(f"not an ISO 8601 datetime: {raw!r}") from exc
    if value.utcoffset() is None:
        raise InvalidDateError(f"ISO 8601 datetime without an offset: {raw!r}")
    if value.year in _YEAR_RANGE:  # a Jalali year in a form not rewritten above ("14000727T…")
        raise InvalidDateError(f"a Jalali year in an ISO 8601 form not read as Jalali: {raw!r}")
    return value.astimezone(TEHRAN)


def parse_rss_date(raw: str) -> datetime:
    """Parse an RFC 822 feed date, with or without a weekday, into Tehran time.

    >>> parse_rss_date("21 Jul 2018 08:39:54 +0430").isoformat()
    '2018-07-21T08:39:54+04:30'
    """
    try:
        value = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError) as exc:
        raise InvalidDateError(f"not an RFC 822 date: {raw!r}") from exc
    if value.utcoffset() is None:
        raise InvalidDateError(f"RFC 822 date without a zone: {raw!r}")
    return value.astimezone(TEHRAN)


def to_iso_minute(value: datetime) -> str:
    """Format an aware datetime as Tehran wall time to the minute, with its offset.

    >>> to_iso_minute(datetime(2021, 10, 19, 16, 34, 59, 7, tzinfo=UTC))
    '2021-10-19T20:04:00+03:30'
    """
    if value.utcoffset() is None:
        raise ValueError(f"naive datetime: {value!r}")
    return value.astimezone(TEHRAN).replace(second=0, microsecond=0).isoformat()


def check_zone_data() -> None:
    """Raise RuntimeError when the tz database does not know Iran's DST history."""
    expected = {date(2023, 6, 1): "+03:30", date(2021, 6, 1): "+04:30"}
    for day, offset in expected.items():
        actual = datetime(day.year, day.month, day.day, 12, tzinfo=TEHRAN).isoformat()[-6:]
        if actual != offset:
            raise RuntimeError(
                f"stale zone data: {day} 12:00 in Asia/Tehran is {actual}, expected {offset};"
                " install a current tzdata"
            )
