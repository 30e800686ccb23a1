"""The spider's ``-a`` arguments: every form each accepts, and the error each bad form raises."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from newscrawl.sites import SITES
from newscrawl.spiders import arguments
from newscrawl.spiders.arguments import (
    CrawlArguments,
    parse_date_arg,
    parse_id_ranges,
    site_key_for_host,
)
from newscrawl.spiders.loader import SPIDERS
from newscrawl.text import dates

ASRPRESS = SITES["asrpress"]
MIRROR = "http://127.0.0.1:8080"
TODAY = datetime.now(dates.TEHRAN).date()
NEXT_JALALI_YEAR, NEXT_GREGORIAN_YEAR = dates.gregorian_to_jalali(TODAY)[0] + 1, TODAY.year + 1
AsrpressSpider = SPIDERS["asrpress"]
IranSamanehSpider = SPIDERS["iransamaneh"]
FARVARDIN_1370 = date(1991, 3, 21)  # EARLIEST_JALALI, the default since


def parse(**given: str) -> CrawlArguments:
    """The arguments as the asrpress spider gets them."""
    return CrawlArguments.parse(spider_name="asrpress", site=ASRPRESS, **given)


def refused(message: str) -> pytest.RaisesExc[ValueError]:
    return pytest.raises(ValueError, match=f"^{re.escape(message)}$")


# --- ids ---


@pytest.mark.parametrize(
    ("spec", "ranges"),
    [
        ("26684", [(26684, 26684)]),
        ("26600-26700", [(26600, 26700)]),
        ("1,5,10-20", [(1, 1), (5, 5), (10, 20)]),
        (" 30 - 31 , 7 ", [(30, 31), (7, 7)]),  # spaces anywhere; order kept, not sorted
        ("1,,2,", [(1, 1), (2, 2)]),  # empty parts are skipped
        ("5-5", [(5, 5)]),
        ("1-10000000", [(1, 10_000_000)]),  # exactly MAX_IDS
    ],
)
def test_ids_are_inclusive_ranges_in_the_order_given(spec, ranges):
    assert parse_id_ranges(spec) == ranges


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("abc", "ids: 'abc' is not an id or a range like 26600-26700"),
        ("1-2-3", "ids: '1-2-3' is not an id or a range like 26600-26700"),
        ("-5", "ids: '-5' is not an id or a range like 26600-26700"),
        ("10, 2x", "ids: '2x' is not an id or a range like 26600-26700"),
        (" 5 - 3 ", "ids: range '5 - 3' ends before it starts"),
        ("  ,", "ids: no ids given"),
        ("0-10000000", "ids: more than 10,000,000 ids in one crawl"),
        ("1-6000000,7000000-12000000", "ids: more than 10,000,000 ids in one crawl"),
    ],
)
def test_bad_ids_are_refused_naming_the_part_at_fault(spec, message):
    with refused(message):
        parse_id_ranges(spec)


# --- since / until / calendar ---


@pytest.mark.parametrize(
    ("value", "calendar", "day"),
    [
        ("1400-07-01", "jalali", date(2021, 9, 23)),
        ("1400/07/01", "jalali", date(2021, 9, 23)),
        ("1400-7-1", "jalali", date(2021, 9, 23)),
        (" 1399/12/30 ", "jalali", date(2021, 3, 20)),  # a leap Esfand
        ("2021-09-23", "gregorian", date(2021, 9, 23)),
        ("2024/2/29", "gregorian", date(2024, 2, 29)),
    ],
)
def test_a_date_is_jalali_unless_the_calendar_says_gregorian(value, calendar, day):
    assert parse_date_arg("since", value, calendar) == day


@pytest.mark.parametrize(
    ("value", "calendar", "message"),
    [
        (
            "1400.07.01",
            "jalali",
            "until: '1400.07.01' is not a date like 1400-07-01 (or 1400/07/01)",
        ),
        ("14000701", "jalali", "until: '14000701' is not a date like 1400-07-01 (or 1400/07/01)"),
        (
            "yesterday",
            "gregorian",
            "until: 'yesterday' is not a date like 1400-07-01 (or 1400/07/01)",
        ),
        (
            "2021-02-30",
            "gregorian",
            "until: '2021-02-30' is not a Gregorian date (day is out of range",
        ),
        ("1400-07-01", "shamsi", "calendar: 'shamsi' is neither 'jalali' nor 'gregorian'"),
    ],
)
def test_bad_dates_are_refused_naming_the_argument(value, calendar, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        parse_date_arg("until", value, calendar)


def test_an_impossible_jalali_date_is_refused_with_the_reason():
    with pytest.raises(ValueError, match=r"^since: '1400/13/01' is not a Jalali date \(.+\)$"):
        parse_date_arg("since", "1400/13/01", "jalali")


def test_since_and_until_make_an_inclusive_archive_range():
    asked = parse(since="1400-07-01", until="1400/07/30")
    assert asked.date_range == (date(2021, 9, 23), date(2021, 10, 22))
    assert asked.mode == "archive"
    gregorian = parse(since="2021-09-23", until="2021-09-23", calendar="gregorian")
    assert gregorian.date_range == (date(2021, 9, 23), date(2021, 9, 23))


def test_since_alone_runs_until_today_in_tehran():
    before = datetime.now(dates.TEHRAN).date()
    asked = parse(since="1400-07-01")
    after = datetime.now(dates.TEHRAN).date()
    assert asked.date_range is not None
    assert asked.date_range[0] == date(2021, 9, 23)
    assert before <= asked.date_range[1] <= after


def test_until_alone_starts_at_farvardin_1370():
    assert parse(until="1400-07-01").date_range == (FARVARDIN_1370, date(2021, 9, 23))


def test_until_before_since_is_refused_with_both_as_given():
    with refused("until (1400-06-01) is before since (1400-07-01)"):
        parse(since="1400-07-01", until="1400-06-01")
    with refused("until (1370-01-01) is before since (1370-01-02)"):
        parse(since="1370-01-02", until="1370-01-01")


def test_the_calendar_is_checked_only_with_a_date():
    with refused("calendar: 'shamsi' is neither 'jalali' nor 'gregorian'"):
        parse(since="1400-07-01", calendar="shamsi")


# --- modes ---


def test_without_ids_or_dates_the_crawl_is_incremental():
    asked = parse()
    assert (asked.mode, asked.id_ranges, asked.date_range, asked.refresh) == (
        "incremental",
        (),
        None,
        False,
    )
    assert parse(ids="", since="", until="").mode == "incremental"  # empty is not given


def test_ids_make_an_ids_crawl():
    asked = parse(ids="1,5,10-20")
    assert asked.mode == "ids"
    assert asked.id_ranges == ((1, 1), (5, 5), (10, 20))
    assert asked.date_range is None


@pytest.mark.parametrize("dates_given", [{"since": "1400-07-01"}, {"until": "not a date"}])
def test_ids_and_dates_together_are_refused_before_either_is_read(dates_given):
    with refused("give either ids or since/until, not both"):
        parse(ids="x", **dates_given)


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_refresh_is_on_for_a_yes(value):
    assert parse(refresh=value).refresh is True


@pytest.mark.parametrize("value", ["", "0", "no", "false", "off", "2"])
def test_refresh_is_off_for_anything_else(value):
    assert parse(refresh=value).refresh is False


# --- base_url and the site key ---


def test_a_configured_site_crawls_its_live_address_by_default():
    asked = parse()
    assert (asked.base_url, asked.host, asked.site_key) == (
        "https://asrpress.ir",
        "asrpress.ir",
        "asrpress",
    )


def test_base_url_points_a_site_at_a_mirror_and_keeps_its_key():
    asked = parse(base_url=f"{MIRROR}/")
    assert (asked.base_url, asked.host, asked.site_key) == (MIRROR, "127.0.0.1", "asrpress")


def test_the_generic_spider_names_the_site_after_the_host():
    asked = CrawlArguments.parse(
        spider_name="iransamaneh", site=None, base_url="HTTPS://WWW.Example.ir/"
    )
    assert (asked.base_url, asked.host, asked.site_key, asked.state_key) == (
        "https://www.example.ir",
        "www.example.ir",
        "example",
        "example@www.example.ir",
    )


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8080/fa/",  # requested /fa/fa/news/… and counted every id as a gap
        "http://127.0.0.1:8080/../../",
        "http://127.0.0.1:8080//",
        "http://127.0.0.1:8080/?p=1",
        "http://127.0.0.1:8080/#top",
        "http://user@127.0.0.1:8080",
    ],
)
def test_base_url_is_only_scheme_host_and_port(base_url):
    with refused(
        "base_url: give only a scheme and a host (and port), like https://www.tabnak.ir,"
        f" not {base_url!r}"
    ):
        parse(base_url=base_url)


@pytest.mark.parametrize(
    ("since", "calendar", "message"),
    [
        (
            "2021-09-23",
            "jalali",
            "since: 2021-09-23 is a Gregorian date; add -a calendar=gregorian, or give a Jalali"
            " date like 1400-07-01",
        ),
        (
            "1400-07-01",
            "gregorian",
            "since: 1400-07-01 is not a Gregorian date of the news; it"
            " looks Jalali: leave out calendar=gregorian",
        ),
        (
            "0001-01-01",
            "jalali",
            f"since: 0001-01-01 is not a Jalali date of the news; give a year from 1370 to"
            f" {NEXT_JALALI_YEAR}",
        ),
        (
            "1369-12-29",
            "jalali",
            f"since: 1369-12-29 is not a Jalali date of the news; give a year from 1370 to"
            f" {NEXT_JALALI_YEAR}",
        ),
        (
            "1990-12-31",
            "gregorian",
            "since: 1990-12-31 is not a Gregorian date of the news; give a year from 1991 to"
            f" {NEXT_GREGORIAN_YEAR}",
        ),
    ],
)
def test_a_date_of_the_wrong_calendar_or_out_of_range_is_refused_and_says_so(
    since, calendar, message
):
    with refused(message):
        parse(since=since, calendar=calendar)


def test_the_state_of_a_site_on_another_host_is_its_own():
    assert parse().state_key == "asrpress"
    assert parse(base_url="http://www.asrpress.ir").state_key == "asrpress"
    assert parse(base_url=MIRROR).state_key == "asrpress@127.0.0.1_8080"
    assert parse(base_url="https://asrpress.ir:8443").state_key == "asrpress@asrpress.ir_8443"
    assert parse(base_url="https://cdn.asrpress.ir").state_key == "asrpress@cdn.asrpress.ir"


def test_the_generic_spider_needs_a_base_url():
    with refused("iransamaneh: give -a base_url=https://host of the site to crawl"):
        CrawlArguments.parse(spider_name="iransamaneh", site=None)


@pytest.mark.parametrize("base_url", ["notaurl", "ftp://example.ir", "https://", "", "/fa/news"])
def test_base_url_must_be_an_http_url_with_a_host(base_url):
    with refused(f"base_url: {base_url!r} is not an http(s) URL like https://host"):
        CrawlArguments.parse(spider_name="iransamaneh", site=None, base_url=base_url)


def test_replay_defaults_base_url_to_the_recorded_host(monkeypatch):
    monkeypatch.setattr(arguments, "archive_base_url", lambda paths: MIRROR)
    recorded = CrawlArguments.parse(spider_name="iransamaneh", site=None, replay="a.warc.gz")
    assert recorded.base_url == MIRROR
    assert parse(replay="a.warc.gz", base_url="https://example.ir").base_url == "https://example.ir"


def test_replay_of_an_archive_without_responses_falls_back_to_the_site(monkeypatch):
    monkeypatch.setattr(arguments, "archive_base_url", lambda paths: None)
    assert parse(replay="empty.warc.gz").base_url == "https://asrpress.ir"
    with refused("iransamaneh: give -a base_url=https://host of the site to crawl"):
        CrawlArguments.parse(spider_name="iransamaneh", site=None, replay="empty.warc.gz")


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("asrpress.ir", "asrpress"),
        ("www.example.ir", "example"),
        ("News.Example.IR", "news"),
        ("localhost", "localhost"),
        ("127.0.0.1", "127-0-0-1"),
        ("::1", "0000-0000-0000-0000-0000-0000-0000-0001"),
    ],
)
def test_a_host_without_config_is_keyed_by_its_domain_label(host, key):
    assert site_key_for_host(host) == key


@pytest.mark.parametrize("host", ["..", ".", "www", "www.."])
def test_a_host_without_a_name_cannot_become_a_file_name(host):
    message = f"base_url: host {host!r} has no name to use as the site key"
    with refused(message):
        site_key_for_host(host)
    with refused(message):
        IranSamanehSpider(base_url=f"http://{host}/")


def test_the_base_url_is_checked_before_the_other_arguments():
    with refused("base_url: 'notaurl' is not an http(s) URL like https://host"):
        parse(base_url="notaurl", ids="5-3", since="x")


# --- the spider ---


def test_the_spider_takes_what_the_arguments_ask():
    spider = AsrpressSpider(base_url=f"{MIRROR}/", ids="3-4,1", refresh="yes")
    assert spider.base_url == MIRROR
    assert spider.site == "asrpress"
    assert spider.allowed_domains == ["127.0.0.1", *ASRPRESS.domains]
    assert spider.page_class is ASRPRESS.page_class
    assert (spider.mode, spider.id_ranges, spider.date_range) == ("ids", [(3, 4), (1, 1)], None)
    assert spider.refresh is True


def test_the_generic_spider_refuses_to_start_without_a_host():
    with refused("iransamaneh: give -a base_url=https://host of the site to crawl"):
        IranSamanehSpider()
