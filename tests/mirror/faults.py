"""Faults for the mirror server (``python -m tests.mirror.server --faults PROFILE``): a bad site.

A *profile* is data: fault name → the share of article ids that get it (:data:`PROFILES`); one
``--fault-rate NAME=RATE`` adds or changes a rate. Which article gets which fault, and on which
attempt it recovers, is a pure function of ``(seed, key, attempt)`` (:class:`FaultPlan`), so a
test computes exactly which articles a crawler can get and which it cannot:

- the *key* of an article is ``news/<id>``; faults apply to the article's page answer only (the
  200 of ``/fa/news/<id>/<slug>``), never to the id URL's redirect to it, to gaps or to listings.
  The key of the RSS feed is ``feed``;
- the *attempt* is how many times this server process has been asked for that page (1 first);
- a fault that ``recovers`` (5xx, 429, stall, reset, truncation, bot check) answers the first
  ``burst`` attempts, ``burst`` drawn from 1..``max_burst`` per key; every other fault is answered
  on every attempt.

Everything a faulty answer says stays synthetic and on this machine: the off-site redirect goes
to the other loopback name (``127.0.0.1`` ↔ ``localhost``), where the page is served unfaulted,
so a crawler that followed it would be seen exporting it.

*Merged ids* are named, not drawn: ``--merge ID=INTO`` (repeatable; :attr:`FaultPlan.merged`) makes
id ``ID`` a duplicate merged into article ``INTO``: its id URL and its slugged URL (any slug) 301
straight to ``INTO``'s slugged URL (``/fa/news/105`` → ``/fa/news/104/<slug>``), on every attempt.
Listings still link ``ID`` (a stale listing). ``INTO`` must be an article of the site and not
merged itself; an ``ID`` the site answers with a 404 keeps answering 404.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, TypeAlias
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

from newscrawl.cms.iransamaneh.urls import FEED_PATH, article_id
from tests.mirror.app import HTML, RSS, TEXT, Response

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from tests.mirror.app import MirrorApp, Takeover
    from tests.mirror.http_server import Request
    from tests.mirror.site_dir import SiteEntry

    Answer: TypeAlias = "Callable[[FaultPlan, SiteEntry, Response, str], Response]"
    """(plan, entry, the normal answer, origin) → the faulty answer."""


Target = Literal["article", "feed"]
_META_CHARSETS = re.compile(
    rb'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
    rb'<meta charset="utf-8">\n'
)
_DATE_LINE = re.compile(
    r'(<div class="news_nav news_pdate_c"><span [^>]*>[^<]*</span>)(.*?)(</div>)'
)
_META_DATE = re.compile(r'(<meta property="article:published_time" content=")[^"]*(">)')
_TITLE_LINK = re.compile(r'(<h1 class="title">)<a [^>]*>.*?</a>(</h1>)')
_OG_TITLE = re.compile(r'<meta property="og:title" content="[^"]*">\n')
_BODY = re.compile(r'(<div class="body">\n).*?(<div class="wrapper"></div>\n</div>)', re.DOTALL)


@dataclass(frozen=True)
class FaultPlan:
    """Which fault each key gets and for how many attempts; pure, so tests can ask it too."""

    rates: Mapping[str, float]
    """Fault name → share of keys of its target that get it (the shares of a target sum ≤ 1)."""

    seed: int = 0
    max_burst: int = 5
    """A recovering fault answers the first 1..``max_burst`` attempts (drawn per key)."""

    retry_after: int = 1
    """Seconds ``http_429`` asks the client to wait (``Retry-After``)."""

    stall_seconds: float = 30.0
    """How long a stalled connection is held before the server closes it."""

    oversize_bytes: int = 6 * 1024 * 1024
    """Padding added to an ``oversized`` page."""

    merged: Mapping[int, int] = field(default_factory=dict)
    """Merged id → the article id its URLs redirect to (``--merge ID=INTO``)."""

    def __post_init__(self) -> None:
        for name, rate in self.rates.items():
            if name not in FAULTS:
                raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
            if not 0 <= rate <= 1:
                raise ValueError(f"rate of {name} must be between 0 and 1, not {rate}")
        for target in ("article", "feed"):
            total = sum(rate for name, rate in self.rates.items() if FAULTS[name].target == target)
            if total > 1 + 1e-9:
                raise ValueError(f"rates of {target} faults add up to {total:.2f} > 1")
        if self.max_burst < 1:
            raise ValueError("max_burst must be at least 1")
        for news_id, into in self.merged.items():
            if news_id == into or into in self.merged:
                raise ValueError(f"--merge {news_id}={into}: must name another, unmerged article")

    @classmethod
    def from_profile(
        cls, profile: str, *, rates: Mapping[str, float] | None = None, **options: Any
    ) -> FaultPlan:
        """The plan of a named profile; ``rates`` add to or change its rates."""
        return cls(rates={**PROFILES[profile], **(rates or {})}, **options)

    def fault(self, key: str) -> str | None:
        """The fault ``key`` gets (``news/<id>`` or ``feed``), or None."""
        target: Target = "feed" if key == "feed" else "article"
        draw = _unit(self.seed, key, "fault")
        for name, rate in self.rates.items():
            if FAULTS[name].target != target:
                continue
            if draw < rate:
                return name
            draw -= rate
        return None

    def burst(self, key: str) -> int:
        """How many first attempts a recovering fault of ``key`` answers."""
        return 1 + int(_unit(self.seed, key, "burst") * self.max_burst)

    def fault_at(self, key: str, attempt: int) -> str | None:
        """The fault answering ``attempt`` (1-based) for ``key``, or None (a normal answer)."""
        name = self.fault(key)
        if name is None or (FAULTS[name].recovers and attempt > self.burst(key)):
            return None
        return name

    def to_args(self, rates: bool = True) -> list[str]:
        """Arguments of ``python -m tests.mirror.server`` for this plan (rates too, unless told)."""
        args = [f"--fault-seed={self.seed}", f"--max-burst={self.max_burst}"]
        args += [f"--retry-after={self.retry_after}", f"--stall-seconds={self.stall_seconds}"]
        args += [f"--oversize-bytes={self.oversize_bytes}"]
        if rates:
            args += [f"--fault-rate={name}={rate}" for name, rate in self.rates.items()]
        return args + [f"--merge={news_id}={into}" for news_id, into in self.merged.items()]


def _unit(seed: int, *parts: object) -> float:
    """A number in [0, 1) that depends on nothing but ``seed`` and ``parts``."""
    text = ":".join(str(part) for part in (seed, *parts)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") / 2**64


# --- what each fault answers ---


@dataclass(frozen=True)
class Fault:
    """One way for the site to misbehave."""

    name: str
    what: str
    """What the server does, in one line."""

    apply: Answer

    recovers: bool = False
    """Answered only for the first ``burst`` attempts, then the page is served normally."""

    target: Target = "article"


def _status(code: int) -> Answer:
    def apply(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
        return Response(code, TEXT, b"%d (synthetic fault)\n" % code)

    return apply


def _too_many(seconds: int | None) -> Answer:
    def apply(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
        wait = plan.retry_after if seconds is None else seconds
        return Response(429, TEXT, b"slow down\n", headers=(b"Retry-After: %d" % wait,))

    return apply


def _stall(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    return Response(200, HTML, page.body, takeover=_hold(plan.stall_seconds))


def _reset(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    return Response(200, HTML, page.body, takeover=_reset_after(page.body[: len(page.body) // 2]))


def _truncated(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    share = 0.3 + 0.5 * _unit(plan.seed, f"news/{entry.news_id}", "cut")
    return Response(200, HTML, page.body[: int(len(page.body) * share)])


def _bot_check(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    return Response(200, HTML, BOT_CHECK_PAGE)


def _charset(content_type: bytes, encoding: str, meta: bool) -> Answer:
    """The page in ``encoding`` (what it lacks as character references), meta kept or not."""

    def apply(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
        body = page.body
        if not meta:
            body = _sub_once(_META_CHARSETS, b"", body)
        elif encoding != "utf-8":
            declared = f'<meta charset="{encoding}">\n'.encode()
            body = _sub_once(_META_CHARSETS, declared, body)
        if encoding != "utf-8":
            body = body.decode("utf-8").encode(encoding, "xmlcharrefreplace")
        return Response(200, content_type, body)

    return apply


def _non_html(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    return Response(200, b"image/jpeg", JPEG_BYTES)


def _oversized(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    padding = b"<!-- " + _filler(plan.oversize_bytes) + b" -->\n</body>"
    return Response(200, HTML, page.body.replace(b"</body>", padding, 1))


def _redirect_loop(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    return Response(301, HTML, b"", f"{origin}/fa/news/{entry.news_id}")  # which 301s back here


def _redirect_offsite(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    parts = urlsplit(origin)
    if parts.hostname == "localhost":
        return page  # the other host serves the page: following the redirect would export it
    path = safe_url_string(f"/fa/news/{entry.news_id}/{entry.slug}")
    return Response(301, HTML, b"", f"http://localhost:{parts.port}{path}")


def _malformed(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    # Browsers (and lxml) recover from all of this: unclosed paragraphs, a pasted document with
    # its own <html><body> inside the article body, an unclosed inline tag before a block ends.
    body = page.body.replace(b"</p>", b"")
    body = body.replace(
        b'<div class="body">\n', b'<div class="body">\n<html><body class="pasted">', 1
    )
    body = body.replace(b"</html>", b"</div></html>", 1)  # a stray end tag after the page
    return Response(200, HTML, body)


def _invalid_date(printed: str, meta: str) -> Answer:
    def apply(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
        text = page.body.decode("utf-8")
        text = _sub_text(_DATE_LINE, rf"\g<1>{printed}\g<3>", text)
        text = _sub_text(_META_DATE, rf"\g<1>{meta}\g<2>", text)
        return Response(200, HTML, text.encode("utf-8"))

    return apply


def _missing_title(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    text = _sub_text(_TITLE_LINK, r"\g<1>\g<2>", page.body.decode("utf-8"))
    return Response(200, HTML, _sub_text(_OG_TITLE, "", text).encode("utf-8"))


def _missing_body(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    text = _sub_text(_BODY, r"\g<1>\g<2>", page.body.decode("utf-8"))
    return Response(200, HTML, text.encode("utf-8"))


def _traversal_filename(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    header = b'Content-Disposition: inline; filename="../../../../../../tmp/newscrawl-escaped.html"'
    return Response(200, HTML, page.body, headers=(header,))


def _feed_not_xml(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    return Response(200, RSS, FEED_NOT_XML)


def _feed_entity_bomb(plan: FaultPlan, entry: SiteEntry, page: Response, origin: str) -> Response:
    return Response(200, RSS, FEED_ENTITY_BOMB)


def _sub_once(pattern: re.Pattern[bytes], replacement: bytes, body: bytes) -> bytes:
    new, count = pattern.subn(replacement, body, count=1)
    if count != 1:
        raise ValueError(f"fault: {pattern.pattern!r} not found on the page (markup changed?)")
    return new


def _sub_text(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    new, count = pattern.subn(replacement, text, count=1)
    if count != 1:
        raise ValueError(f"fault: {pattern.pattern!r} not found on the page (markup changed?)")
    return new


@cache
def _filler(size: int) -> bytes:
    return b"synthetic padding " * (size // 18 + 1)


BOT_CHECK_PAGE = b"""<!DOCTYPE html>
<html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="robots" content="noindex,nofollow">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<h1>asrpress.ir</h1><h2>Checking if the site connection is secure</h2>
<noscript>Enable JavaScript and cookies to continue</noscript>
<p>Synthetic bot-check page served by the newscrawl mirror (test data).</p>
</div></div>
<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=0000000000000000"></script>
</body></html>
"""
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(512)
FEED_NOT_XML = (
    b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>Service Unavailable</h1><p>synthetic fault:<br>not a feed</p></body></html>\n"
)
FEED_ENTITY_BOMB = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>/fa/news/1/lol</link></item>
</channel></rss>
"""

_FAULT_LIST: tuple[Fault, ...] = (
    Fault("http_500", "HTTP 500 for a burst of attempts", _status(500), recovers=True),
    Fault("http_502", "HTTP 502 for a burst of attempts", _status(502), recovers=True),
    Fault("http_503", "HTTP 503 for a burst of attempts", _status(503), recovers=True),
    Fault("http_429", "HTTP 429, Retry-After: --retry-after s, for a burst", _too_many(None), True),
    Fault("http_429_long", "HTTP 429, Retry-After: 3600 s, for a burst", _too_many(3600), True),
    Fault("stall", "no answer for --stall-seconds (past the download timeout)", _stall, True),
    Fault("reset", "headers and half the body, then a TCP reset", _reset, recovers=True),
    Fault("truncated", "HTTP-complete answer whose HTML stops part-way", _truncated, True),
    Fault("bot_check", "a bot-check page ('Just a moment...') with HTTP 200", _bot_check, True),
    Fault(
        "charset_wrong",
        "UTF-8 page whose header says charset=windows-1256",
        _charset(b"text/html; charset=windows-1256", "utf-8", meta=True),
    ),
    Fault(
        "charset_missing",
        "UTF-8 page with no charset in the header or the page",
        _charset(b"text/html", "utf-8", meta=False),
    ),
    Fault(
        "charset_1256",
        "page encoded windows-1256, declared in the header and a meta tag",
        _charset(b"text/html; charset=windows-1256", "windows-1256", meta=True),
    ),
    Fault(
        "charset_1256_undeclared",
        "page encoded windows-1256, declared nowhere",
        _charset(b"text/html", "windows-1256", meta=False),
    ),
    Fault("non_html", "a JPEG (Content-Type image/jpeg) instead of the page", _non_html),
    Fault("oversized", "the page padded by --oversize-bytes", _oversized),
    Fault("redirect_loop", "the page 301s to the id URL, which 301s back", _redirect_loop),
    Fault("redirect_offsite", "the page 301s to another host (localhost)", _redirect_offsite),
    Fault("malformed", "unclosed <p>, a nested <html><body>, a stray end tag", _malformed),
    Fault(
        "invalid_date_mehr31",
        "date line and metadata say 31 Mehr 1400 (Mehr has 30 days)",
        _invalid_date("۱۰:۴۱ - ۳۱ مهر ۱۴۰۰", "۱۴۰۰/۰۷/۳۱ - ۱۰:۴۱"),
    ),
    Fault(
        "invalid_date_esfand30",
        "date line and metadata say 30 Esfand 1401 (not a leap year)",
        _invalid_date("۱۰:۴۱ - ۳۰ اسفند ۱۴۰۱", "۱۴۰۱/۱۲/۳۰ - ۱۰:۴۱"),
    ),
    Fault("missing_title", "the page without its title (h1 and og:title)", _missing_title),
    Fault("missing_body", "the page with an empty article body", _missing_body),
    Fault(
        "traversal_filename",
        "Content-Disposition naming ../../tmp/newscrawl-escaped.html",
        _traversal_filename,
    ),
    Fault("feed_not_xml", "the RSS feed is an HTML error page", _feed_not_xml, target="feed"),
    Fault("feed_entity_bomb", "the RSS feed is an entity bomb", _feed_entity_bomb, target="feed"),
)
FAULTS: dict[str, Fault] = {fault.name: fault for fault in _FAULT_LIST}
"""Every fault by name."""

PROFILES: dict[str, dict[str, float]] = {
    # Transient server trouble: everything recovers after a burst of attempts.
    "transient": {
        "http_500": 0.04,
        "http_502": 0.04,
        "http_503": 0.04,
        "http_429": 0.04,
        "http_429_long": 0.02,
        "stall": 0.03,
        "reset": 0.04,
        "truncated": 0.04,
    },
    # Pages that arrive whole but are not what they should be.
    "content": {
        "charset_wrong": 0.04,
        "charset_missing": 0.04,
        "charset_1256": 0.04,
        "charset_1256_undeclared": 0.04,
        "non_html": 0.03,
        "malformed": 0.05,
        "invalid_date_mehr31": 0.02,
        "invalid_date_esfand30": 0.02,
        "missing_title": 0.02,
        "missing_body": 0.02,
        "traversal_filename": 0.02,
    },
    # What a crawler must refuse: huge pages, redirect loops, other hosts.
    "hostile": {"oversized": 0.05, "redirect_loop": 0.05, "redirect_offsite": 0.05},
    # A bot check in front of some pages: the crawl must stop, not export it or hammer on.
    "blocked": {"bot_check": 0.01},
    "feed-not-xml": {"feed_not_xml": 1.0},
    "feed-entity-bomb": {"feed_entity_bomb": 1.0},
    # A bit of every article fault but the bot check (which stops crawls).
    "mixed": {
        "http_503": 0.04,
        "http_429": 0.03,
        "stall": 0.02,
        "reset": 0.03,
        "truncated": 0.03,
        "charset_wrong": 0.02,
        "charset_1256_undeclared": 0.02,
        "malformed": 0.02,
        "invalid_date_mehr31": 0.02,
        "missing_body": 0.02,
        "oversized": 0.02,
        "redirect_loop": 0.02,
        "redirect_offsite": 0.02,
    },
}
"""Named fault mixes: fault name → share of article ids (or, for feed faults, the chance)."""


# --- serving ---


class FaultInjector:
    """A server handler answering with the plan's faults; keeps attempt counts across reloads.

    Article pages and the feed answer with their fault; merged ids (:attr:`FaultPlan.merged`)
    redirect to their article from any of their URLs.
    """

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self.attempts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def check(self, app: MirrorApp) -> None:
        """Refuse merges into ids the site has no article for."""
        for news_id, into in self.plan.merged.items():
            target = app.by_id.get(into)
            if target is None or target.status != "ok":
                raise ValueError(f"--merge {news_id}={into}: {into} is no article of the site")

    def __call__(self, request: Request, answer: Response) -> Response:
        if request.target.partition("?")[0] == FEED_PATH:
            return self._answer("feed", None, answer, request.origin)
        news_id = article_id(request.target)
        if news_id is None:
            return answer
        into = self.plan.merged.get(news_id)
        if into is not None and answer.status in (200, 301):  # a 404 (gone id, /05) stays one
            return request.app.redirect(request.app.by_id[into], request.origin)
        entry = request.app.by_id.get(news_id)
        if answer.status != 200 or entry is None or entry.status != "ok":
            return answer  # a redirect, a 404 or a soft 404 page: not an article page
        return self._answer(f"news/{news_id}", entry, answer, request.origin)

    def _answer(self, key: str, entry: SiteEntry | None, normal: Response, origin: str) -> Response:
        with self._lock:
            self.attempts[key] += 1
            attempt = self.attempts[key]
        name = self.plan.fault_at(key, attempt)
        if name is None:
            return normal
        fault = FAULTS[name]
        assert entry is not None or fault.target == "feed"
        # Feed faults never look at the entry; article faults always get one.
        return fault.apply(self.plan, entry, normal, origin)  # type: ignore[arg-type]


def _hold(seconds: float) -> Takeover:
    """Hold the connection without answering for ``seconds`` (or until the client leaves)."""

    def takeover(sock: socket.socket, head: bytes) -> None:
        deadline = time.monotonic() + seconds
        with contextlib.suppress(OSError):  # TimeoutError included: the time is up
            while (left := deadline - time.monotonic()) > 0:
                sock.settimeout(left)
                if not sock.recv(65536):  # later requests are never answered either
                    return

    return takeover


def _reset_after(body: bytes) -> Takeover:
    """Send the head and ``body``, then reset the connection."""

    def takeover(sock: socket.socket, head: bytes) -> None:
        sock.sendall(head + body)
        time.sleep(0.05)  # an RST arriving with the data would make the client discard it unread
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return takeover


# --- command line ---


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("faults (a misbehaving site, for reliability tests)")
    group.add_argument(
        "--faults",
        metavar="PROFILE",
        choices=sorted(PROFILES),
        help=f"serve with a fault profile: {', '.join(sorted(PROFILES))}",
    )
    group.add_argument("--fault-seed", type=int, default=0, help="which ids get which fault")
    group.add_argument(
        "--fault-rate",
        action="append",
        default=[],
        metavar="FAULT=RATE",
        help=f"add or change one fault's rate (repeatable); faults: {', '.join(FAULTS)}",
    )
    group.add_argument("--max-burst", type=int, default=5, help="longest burst of a fault")
    group.add_argument("--retry-after", type=int, default=1, help="Retry-After of http_429")
    group.add_argument("--stall-seconds", type=float, default=30.0, help="how long a stall is")
    group.add_argument(
        "--oversize-bytes", type=int, default=6 * 1024 * 1024, help="padding of oversized pages"
    )
    group.add_argument(
        "--merge",
        action="append",
        default=[],
        metavar="ID=INTO",
        help="id ID is merged into article INTO: its URLs 301 to INTO's (repeatable)",
    )


def plan_from_args(args: argparse.Namespace) -> FaultPlan | None:
    """The plan the arguments ask for; None when neither a profile nor a rate was given."""
    if args.faults is None and not args.fault_rate and not args.merge:
        return None
    rates = dict(PROFILES[args.faults]) if args.faults else {}
    rates.update(_parse_rates(args.fault_rate))
    return FaultPlan(
        rates=rates,
        seed=args.fault_seed,
        max_burst=args.max_burst,
        retry_after=args.retry_after,
        stall_seconds=args.stall_seconds,
        oversize_bytes=args.oversize_bytes,
        merged=_parse_merges(args.merge),
    )


def _parse_rates(specs: Sequence[str]) -> dict[str, float]:
    """``["http_503=0.1"]`` → ``{"http_503": 0.1}``.

    >>> _parse_rates(["http_503=0.1", "stall=0"])
    {'http_503': 0.1, 'stall': 0.0}
    """
    rates: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        try:
            rates[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise argparse.ArgumentTypeError(f"--fault-rate {spec!r}: expected FAULT=RATE")
    return rates


def _parse_merges(specs: Sequence[str]) -> dict[int, int]:
    """``["105=104"]`` → ``{105: 104}``.

    >>> _parse_merges(["105=104", " 7 = 9 "])
    {105: 104, 7: 9}
    """
    merged: dict[int, int] = {}
    for spec in specs:
        news_id, sep, into = spec.partition("=")
        if not (sep and news_id.strip().isdigit() and into.strip().isdigit()):
            raise argparse.ArgumentTypeError(f"--merge {spec!r}: expected ID=INTO, two ids")
        merged[int(news_id)] = int(into)
    return merged


def describe(plan: FaultPlan) -> str:
    """One line naming the faults, the seed and the merged ids, for the server's ready message.

    >>> describe(FaultPlan(rates={"http_503": 0.1}, merged={105: 104}))
    'faults http_503=0.1 (seed 0, bursts up to 5), id 105 merged into 104'
    """
    rates = ", ".join(f"{name}={rate:g}" for name, rate in plan.rates.items())
    parts = [f"faults {rates} (seed {plan.seed}, bursts up to {plan.max_burst})"] if rates else []
    parts += [f"id {news_id} merged into {into}" for news_id, into in plan.merged.items()]
    return ", ".join(parts)
