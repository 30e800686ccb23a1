"""Tests for newscrawl.text.dates: the 24 date cases of persian-text.md and the CMS shapes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from newscrawl.text import dates
from newscrawl.text.dates import (
    InvalidDateError,
    check_zone_data,
    gregorian_to_jalali,
    jalali_to_gregorian,
    parse_iso_datetime,
    parse_persian_datetime,
    parse_rss_date,
    to_iso_minute,
)

TEHRAN = ZoneInfo("Asia/Tehran")

# The date table of docs/reference/persian-text.md: id -> (raw, isoformat, flags).
D_CASES: dict[str, tuple[str, str, frozenset[str]]] = {
    "D01": ("۲۰:۰۴ - ۲۷ مهر ۱۴۰۰", "2021-10-19T20:04:00+03:30", frozenset()),
    "D02": ("۱۴۰۰/۰۷/۲۷", "2021-10-19", frozenset()),
    "D03": ("۱۲ ارد\u064aبهشت ۱۴۰۲", "2023-05-02", frozenset()),
    "D04": ("۵ د\u064a ۱۴۰۱", "2022-12-26", frozenset()),
    "D06": ("۳۰ اسفند ۱۴۰۳", "2025-03-20", frozenset()),
    "D08": ("سه\u200cشنبه ۲۷ مهر ۱۴۰۰ ساعت ۲۰:۰۴", "2021-10-19T20:04:00+03:30", frozenset()),
    "D09": ("۱۱ خرداد ۱۴۰۰ - ۱۲:۰۰", "2021-06-01T12:00:00+04:30", frozenset()),
    "D10": ("۱۱ خرداد ۱۴۰۲ - ۱۲:۰۰", "2023-06-01T12:00:00+03:30", frozenset()),
    "D11": ("۲ فروردین ۱۴۰۰ ۰۰:۳۰", "2021-03-22T01:30:00+04:30", frozenset({"nonexistent"})),
    "D12": ("۳۰ شهریور ۱۴۰۰ ۲۳:۳۰", "2021-09-21T23:30:00+04:30", frozenset({"ambiguous"})),
    "D13": ("1400-07-27 20:04", "2021-10-19T20:04:00+03:30", frozenset()),
    "D14": ("۲۷ مهرماه ۱۴۰۰", "2021-10-19", frozenset()),
    "D15": ("جمعه ۱ فرورد\u064aن ۱۴۰۴", "2025-03-21", frozenset()),
    "D16": ("شنبه ۲۷ مهر ۱۴۰۰", "2021-10-19", frozenset({"weekday_mismatch"})),
    "D17": ("۰۸:۳۰ ب.ظ ۲۷ مهر ۱۴۰۰", "2021-10-19T20:30:00+03:30", frozenset()),
    "D18": ("۲۵ بهمن ۹۹", "2021-02-13", frozenset()),
    "D19": ("۱۳۹۹/۱۲/۳۰", "2021-03-20", frozenset()),
    "D21": (
        "\u0662\u0667 مهر \u0661\u0664\u0660\u0660، \u0662\u0660:\u0660\u0664",
        "2021-10-19T20:04:00+03:30",
        frozenset(),
    ),
    "D22": ("کد خبر: ۱۴۰۲۰۲۰۱۰۰۰۱۲ | ۱ اردیبهشت ۱۴۰۲", "2023-04-21", frozenset()),
    "D23": ("۱ فروردین ۱۴۰۴", "2025-03-21", frozenset()),
    "D24": ("۳۰ اسفند ۱۳۹۹ ۲۳:۵۹", "2021-03-20T23:59:00+03:30", frozenset()),
}

# The ValueError rows of the same table.
D_INVALID: dict[str, str] = {
    "D05": "۳۰ اسفند ۱۴۰۱",  # 1401 is not a leap year
    "D07": "۳۱ مهر ۱۴۰۰",  # months 7-12 have at most 30 days
    "D20": "امروز ۲۰:۰۴",  # relative date
}

# Date lines seen on IranSamaneh sites (iransamaneh.md 2.2): id -> (raw, isoformat, flags).
CMS_SHAPES: dict[str, tuple[str, str, frozenset[str]]] = {
    "asrpress/english-tail": (
        "۲۰:۰۴ - ۲۷ مهر ۱۴۰۰ - 19 October 2021",
        "2021-10-19T20:04:00+03:30",
        frozenset(),
    ),
    "asriran/english-tail": (
        "۱۲:۲۲ - ۲۵ دی ۱۳۹۲ - 15 January 2014",
        "2014-01-15T12:22:00+03:30",
        frozenset(),
    ),
    "isna/slash-before-time": ("۱۹ بهمن ۱۴۰۲ / ۱۴:۰۵", "2024-02-08T14:05:00+03:30", frozenset()),
    "asriran/legacy-dmy-5607": ("۰۹:۳۲ - ۰۶-۰۸-۱۳۸۵", "2006-10-28T09:32:00+03:30", frozenset()),
    "asriran/legacy-dmy-13-tir": ("۱۰:۲۳ - ۱۲-۰۴-۱۳۹۳", "2014-07-03T10:23:00+04:30", frozenset()),
    "asriran/two-digit-day": ("۰۶:۳۰ - ۰۲ فروردين ۱۳۹۸", "2019-03-22T06:30:00+04:30", frozenset()),
    "entekhab/time-first": ("۰۹:۰۰ - ۱۸ مهر ۱۳۹۷", "2018-10-10T09:00:00+03:30", frozenset()),
    "tabnak/date-first": ("۳۰ تير ۱۳۹۷ - ۰۰:۲۰", "2018-07-21T00:20:00+04:30", frozenset()),
    "tabnak/date-first-english-tail": (
        "۳۰ تير ۱۳۹۷ - ۰۰:۲۰  21 July 2018 ",
        "2018-07-21T00:20:00+04:30",
        frozenset(),
    ),
    "tabnak/meta-jalali": ("۱۳۹۷/۰۴/۳۰ - ۰۰:۲۰", "2018-07-21T00:20:00+04:30", frozenset()),
    "kayhan/date-first": ("۲۳ آذر ۱۴۰۴ - ۲۱:۳۱", "2025-12-14T21:31:00+03:30", frozenset()),
    "amordad": ("۱۰ امرداد ۱۴۰۱", "2022-08-01", frozenset()),
    "month-name-with-space-mah": ("۱۰ مرداد ماه ۱۴۰۱", "2022-08-01", frozenset()),
    "am-noon": ("۱۲:۱۵ ق.ظ ۲۷ مهر ۱۴۰۰", "2021-10-19T00:15:00+03:30", frozenset()),
    "pm-noon": ("۱۲:۱۵ ب.ظ ۲۷ مهر ۱۴۰۰", "2021-10-19T12:15:00+03:30", frozenset()),
    "seconds-kept": ("1400-07-27 20:04:59", "2021-10-19T20:04:59+03:30", frozenset()),
    "weekday-without-zwnj": ("سهشنبه ۲۷ مهر ۱۴۰۰", "2021-10-19", frozenset()),
}

INVALID: dict[str, str] = {
    "hours-ago": "۲ ساعت پیش",
    "yesterday": "دیروز ۱۰:۰۰",
    "empty": "",
    "english-only": "19 October 2021",
    "day-32": "۳۲ مهر ۱۴۰۰",
    "month-13": "۱۴۰۰/۱۳/۰۱",
    "day-0": "۰ مهر ۱۴۰۰",
    "esfand-30-non-leap-numeric": "1401/12/30",
    "hour-25": "۲۵:۰۰ - ۲۷ مهر ۱۴۰۰",
    "pm-hour-13": "۱۳:۰۰ ب.ظ ۲۷ مهر ۱۴۰۰",
    "gregorian-year": "۲۷ مهر ۲۰۲۱",
    "no-year": "۲۵ بهمن ۱۲:۰۰",
    "news-id-only": "کد خبر: ۱۴۰۲۰۲۰۱۰۰۰۱۲",
}


def _check(raw: str, expected: str, flags: frozenset[str]) -> None:
    parsed = parse_persian_datetime(raw)
    assert parsed.value.isoformat() == expected
    assert parsed.flags == flags
    if isinstance(parsed.value, datetime):
        assert parsed.value.tzinfo == TEHRAN


@pytest.mark.parametrize(("raw", "expected", "flags"), list(D_CASES.values()), ids=list(D_CASES))
def test_reference_date_cases(raw: str, expected: str, flags: frozenset[str]) -> None:
    _check(raw, expected, flags)


@pytest.mark.parametrize("raw", list(D_INVALID.values()), ids=list(D_INVALID))
def test_reference_invalid_date_cases(raw: str) -> None:
    with pytest.raises(InvalidDateError):
        parse_persian_datetime(raw)


@pytest.mark.parametrize(
    ("raw", "expected", "flags"), list(CMS_SHAPES.values()), ids=list(CMS_SHAPES)
)
def test_cms_date_shapes(raw: str, expected: str, flags: frozenset[str]) -> None:
    _check(raw, expected, flags)


@pytest.mark.parametrize("raw", list(INVALID.values()), ids=list(INVALID))
def test_invalid_dates_raise(raw: str) -> None:
    with pytest.raises(InvalidDateError):
        parse_persian_datetime(raw)


def test_invalid_date_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no absolute Jalali date"):
        parse_persian_datetime("امروز")


def test_esfand_and_new_year_1403_1404() -> None:
    assert jalali_to_gregorian(1403, 12, 30) == date(2025, 3, 20)
    assert jalali_to_gregorian(1404, 1, 1) == date(2025, 3, 21)
    assert gregorian_to_jalali(date(2025, 3, 20)) == (1403, 12, 30)


def test_leap_years_1395_to_1414() -> None:
    leap = set()
    for year in range(1395, 1415):
        try:
            jalali_to_gregorian(year, 12, 30)
        except InvalidDateError:
            continue
        leap.add(year)
    assert leap == {1395, 1399, 1403, 1408, 1412}


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [(1401, 12, 30), (1400, 7, 31), (1400, 1, 32), (1400, 13, 1), (1400, 0, 1)],
    ids=["esfand-30-1401", "mehr-31", "day-32", "month-13", "month-0"],
)
def test_jalali_to_gregorian_rejects_impossible_dates(year: int, month: int, day: int) -> None:
    with pytest.raises(InvalidDateError):
        jalali_to_gregorian(year, month, day)


def test_zone_data_is_current() -> None:
    check_zone_data()


def test_zone_data_check_detects_wrong_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "TEHRAN", ZoneInfo("Asia/Dubai"))
    with pytest.raises(RuntimeError, match="stale zone data"):
        check_zone_data()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-13T10:22:15+03:30", "2026-12-13T10:22:15+03:30"),
        ("2018-07-21T00:20:18+04:30", "2018-07-21T00:20:18+04:30"),
        ("2018-07-20T19:50:18Z", "2018-07-21T00:20:18+04:30"),
        (" 2021-10-19T16:34:00+00:00\n", "2021-10-19T20:04:00+03:30"),
        # A Jalali date written ISO-style: no Gregorian year that early is a news date.
        ("1400-07-27T20:04:00+03:30", "2021-10-19T20:04:00+03:30"),
        ("1397-04-30T00:20:18+04:30", "2018-07-21T00:20:18+04:30"),
        ("1400-02-31T10:00:00+04:30", "2021-05-21T10:00:00+04:30"),  # 31 Ordibehesht
        ("1399-12-30T09:15:00Z", "2021-03-20T12:45:00+03:30"),  # leap-year Esfand 30
    ],
    ids=[
        "meta-published-time",
        "json-ld",
        "utc-z",
        "utc-offset-padded",
        "jalali-iso",
        "jalali-iso-dst",
        "jalali-iso-day-31",
        "jalali-iso-leap-day-utc",
    ],
)
def test_parse_iso_datetime(raw: str, expected: str) -> None:
    value = parse_iso_datetime(raw)
    assert value.isoformat() == expected
    assert value.tzinfo == TEHRAN


@pytest.mark.parametrize(
    "raw",
    [
        "2018-07-21T00:20:18",
        "2018-07-21",
        "۱۳۹۷/۰۴/۳۰ - ۰۰:۲۰",
        "",
        "yesterday",
        "1401-12-30T10:00:00+03:30",
        "1400-07-27T20:04:00",
        "14000727T200400+0330",
        "١٤٠٠-07-27T20:04:00+03:30",
    ],
    ids=[
        "no-offset",
        "date-only",
        "jalali",
        "empty",
        "garbage",
        "jalali-iso-no-such-day",
        "jalali-iso-no-offset",
        "jalali-iso-basic-format",
        "arabic-indic-digits",
    ],
)
def test_parse_iso_datetime_rejects(raw: str) -> None:
    with pytest.raises(InvalidDateError):
        parse_iso_datetime(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("21 Jul 2018 08:39:54 +0430", "2018-07-21T08:39:54+04:30"),
        ("Sat, 21 Jul 2018 08:50:00 +0430", "2018-07-21T08:50:00+04:30"),
        ("Tue, 19 Oct 2021 16:34:00 GMT", "2021-10-19T20:04:00+03:30"),
    ],
    ids=["without-weekday", "with-weekday", "gmt"],
)
def test_parse_rss_date(raw: str, expected: str) -> None:
    value = parse_rss_date(raw)
    assert value.isoformat() == expected
    assert value.tzinfo == TEHRAN


@pytest.mark.parametrize(
    "raw",
    ["", "garbage", "Sat, 21 Jul 2018", "21 Jul 2018 08:39:54 -0000", "2018-07-21T00:20:18+04:30"],
    ids=["empty", "garbage", "no-time", "unknown-zone", "iso"],
)
def test_parse_rss_date_rejects(raw: str) -> None:
    with pytest.raises(InvalidDateError):
        parse_rss_date(raw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2021, 10, 19, 20, 4, 59, 123, tzinfo=TEHRAN), "2021-10-19T20:04:00+03:30"),
        (datetime(2018, 7, 21, 0, 20, 18, tzinfo=TEHRAN), "2018-07-21T00:20:00+04:30"),
        (datetime(2021, 10, 19, 16, 34, 30, tzinfo=UTC), "2021-10-19T20:04:00+03:30"),
        (datetime(2021, 9, 21, 19, 15, tzinfo=UTC), "2021-09-21T23:45:00+04:30"),
        (datetime(2021, 9, 21, 19, 45, tzinfo=UTC), "2021-09-21T23:15:00+03:30"),
    ],
    ids=["no-dst-seconds-dropped", "dst", "from-utc", "fall-back-first", "fall-back-second"],
)
def test_to_iso_minute(value: datetime, expected: str) -> None:
    assert to_iso_minute(value) == expected


def test_to_iso_minute_rejects_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_iso_minute(datetime(2021, 10, 19, 20, 4))


MONTH_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Indexed by date.weekday() (Monday is 0).
WEEKDAY_NAMES = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه", "شنبه", "یکشنبه")
LEAP_YEARS = {1399, 1403}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _jalali_days(first_year: int, last_year: int) -> list[tuple[int, int, int]]:
    days: list[tuple[int, int, int]] = []
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            length = 31 if month <= 6 else 30 if month <= 11 else 30 if year in LEAP_YEARS else 29
            days.extend((year, month, day) for day in range(1, length + 1))
    return days


def test_round_trip_every_day_1399_to_1404() -> None:
    first = date(2020, 3, 20)  # 1 Farvardin 1399
    days = _jalali_days(1399, 1404)
    assert days[-1] == (1404, 12, 29)
    for offset, (year, month, day) in enumerate(days):
        expected = first + timedelta(days=offset)
        name = MONTH_NAMES[month - 1]
        weekday = WEEKDAY_NAMES[expected.weekday()]
        shapes = (
            f"۲۰:۰۴ - {day} {name} {year}",
            f"{weekday} {day:02} {name}ماه {year}",
            f"{year}/{month:02}/{day:02}",
        )
        for shape in shapes:
            parsed = parse_persian_datetime(shape.translate(PERSIAN_DIGITS))
            value = parsed.value
            got = value.date() if isinstance(value, datetime) else value
            assert (got, parsed.flags) == (expected, frozenset()), shape


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("۲ مهر ۰۲", date(2023, 9, 24)),  # 00-49: the 1400s
        ("۲ مهر ۴۹", date(2070, 9, 23)),
        ("۲ مهر ۵۰", date(1971, 9, 24)),  # 50-99: the 1300s
        ("۲۵ بهمن ۹۹", date(2021, 2, 13)),
    ],
)
def test_a_two_digit_year_is_read_in_the_1300s_or_1400s(raw: str, day: date) -> None:
    assert parse_persian_datetime(raw).value == day
