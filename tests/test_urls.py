"""``newscrawl.urls.absolute_url`` answers exactly as ``urljoin`` and w3lib's ``safe_url_string``.

The direct path (``same_site_url``) covers the common link, a plain path on the page's own site;
generated bases (canonical origins and near misses) and links (every printable ASCII character,
Persian text, invisible and astral characters, escapes, queries, dot segments, other hosts) check
that it never answers differently from the libraries, and a list of real links that it is taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from w3lib.url import safe_url_string

from newscrawl.urls import absolute_url, same_site_url

if TYPE_CHECKING:
    from collections.abc import Callable

ORIGINS = [
    "http://127.0.0.1:8080",
    "https://www.tabnak.ir",
    "http://asrpress.ir",
    "http://a-b.c9.ir:8443",
    "http://localhost",
    "https://x.y.z:65535",
    # near misses: the direct path must decline them or agree with w3lib anyway
    "http://host.ir:80",
    "https://host.ir:443",
    "http://h.ir:0080",
    "http://0x7f.1",
    "http://1.2.3.4",
    "http://01.2.3.4",
    "http://256.1.1.1",
    "http://1.2.3",
    "http://h.123",
    "HTTP://Host.IR",
    "http://xn--mgbaam7a8h.ir",
    "http://-bad.ir",
    "http://a..b.ir",
    "https://user@h.ir",
    "ftp://h.ir",
]
ASCII = [chr(code) for code in range(0x20, 0x7F)]
OTHER = [*"سلامیکهء۱۲", "\u200c", "\u200f", "\u00a0", "\ufeff", "\U0001f600", "\t", "\n"]
LINK_PIECES = st.sampled_from([*ASCII, *OTHER, "/", "/", "/.", "/..", "%2e", "%D8%B3", "//"])
LINKS = st.lists(LINK_PIECES, max_size=24).map("".join)


def _libraries(base: str, href: str) -> str:
    return safe_url_string(urljoin(base, href.strip())).split("#", 1)[0]


def _outcome(join: Callable[[str, str], str], base: str, href: str) -> tuple[str, str]:
    try:
        return "url", join(base, href)
    except ValueError as error:  # e.g. urljoin's "Invalid IPv6 URL" for "//["
        return "error", type(error).__name__


@settings(max_examples=2000, deadline=None)
@given(
    origin=st.sampled_from(ORIGINS),
    base_path=st.sampled_from(["", "/", "/fa/news/26684/%D8%B3", "/a/b?q=1", "/x#f"]),
    lead=st.sampled_from(["/", "", " /", "//", "?", "#", "./", "../"]),
    link=LINKS,
)
def test_absolute_url_is_what_urljoin_and_safe_url_string_give(origin, base_path, lead, link):
    base, href = origin + base_path, lead + link
    assert _outcome(absolute_url, base, href) == _outcome(_libraries, base, href)


PLAIN_PATH_PIECES = st.sampled_from(
    [*"aZ09-._~!$&'()*+,=:@/", *OTHER[:-2], "é", "ß", "İ", "\u0301", "\u2028", "ﷲ"]
)


@settings(max_examples=2000, deadline=None)
@given(
    origin=st.sampled_from(ORIGINS),
    path=st.lists(PLAIN_PATH_PIECES, max_size=30).map("".join),
)
def test_plain_paths_where_the_direct_path_answers_agree_with_the_libraries(origin, path):
    base, href = origin + "/fa/news/1/x", "/" + path
    assert _outcome(absolute_url, base, href) == _outcome(_libraries, base, href)


@pytest.mark.parametrize(
    ("base", "href"),
    [
        ("http://127.0.0.1:8080/fa/news/20001/x", "/fa/news/20001/5-ميليارد-تومان\u200cهای-یافت"),
        ("https://www.tabnak.ir/fa/news/818242", "/files/fa/news/1397/4/30/1_474.jpg"),
        ("https://asrpress.ir/fa/news/26684/%D8%B3", "/fa/news/26684/سه‌شنبه-(۱)-کتاب's"),
        ("http://asrpress.ir", "/fa/archive,x=1:y@z!$&*+"),
    ],
)
def test_a_plain_path_on_the_pages_own_site_takes_the_direct_path(base, href):
    direct = same_site_url(base, href)
    assert direct is not None
    assert direct == _libraries(base, href)


@pytest.mark.parametrize(
    "href",
    ["img/1.jpg", "//cdn.ir/a.jpg", "/a/../b", "/a/./b", "/a%20b", "/a?b", "/a#b", "/a b", "/a;"],
)
def test_links_to_resolve_or_keep_escaped_go_to_the_libraries(href):
    assert same_site_url("https://h.ir/fa/news/1/x", href) is None
