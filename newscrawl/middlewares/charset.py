"""``FittingCharsetMiddleware``: pages decoded with a charset their bytes fit, never into mojibake.

Scrapy trusts a declared charset even when the bytes contradict it (docs/reliability.md says why
that matters). The rule here, for HTML and plain-text responses (not XML: feed parsers read bytes):

1. a BOM is kept as Scrapy reads it;
2. a body that is UTF-8 and not pure ASCII is UTF-8, whatever is declared. A few broken sequences
   (one, or at most 1 % of the non-ASCII bytes: a page cut inside a letter) still make it UTF-8,
   decoded with U+FFFD for them;
3. otherwise the first of the header's charset, the ``<meta>`` charset and
   ``NEWSCRAWL_FALLBACK_ENCODINGS`` (default ``["windows-1256"]``) that decodes the body strictly.

Stats: ``newscrawl/charset/corrected`` (re-decoded) and ``newscrawl/charset/undecodable``
(nothing fitted; Scrapy's lossy decoding stands).
"""

from __future__ import annotations

import codecs
import logging
from typing import TYPE_CHECKING

from scrapy.http import TextResponse, XmlResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

_ASCII_BYTES = bytes(range(0x80))


def fits(body: bytes, encoding: str) -> bool:
    """Whether ``body`` decodes with ``encoding`` without a single error.

    >>> fits("سلام".encode("utf-8"), "utf-8"), fits("سلام".encode("cp1256"), "utf-8")
    (True, False)
    """
    try:
        codecs.decode(body, encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def utf8_errors(body: bytes) -> int:
    r"""How many invalid UTF-8 sequences ``body`` holds.

    >>> utf8_errors("خبر".encode()), utf8_errors("خبر".encode()[:-1]), utf8_errors(b"\xe1\xd1 ")
    (0, 1, 2)
    """
    if fits(body, "utf-8"):
        return 0
    return len(body.decode("utf-8", "replace")) - len(body.decode("utf-8", "ignore"))


def fitting_encoding(body: bytes, chosen: str, declared: list[str], fallbacks: list[str]) -> str:
    r"""The encoding to decode ``body`` with, by the module's rule; ``chosen`` is Scrapy's.

    >>> page = "<p>خبر</p>".encode()
    >>> fitting_encoding(page, "cp1256", ["cp1256"], ["cp1256"])
    'utf-8'
    >>> fitting_encoding(page[:-6], "utf-8", ["utf-8"], ["cp1256"])  # cut inside a letter
    'utf-8'
    >>> fitting_encoding("<p>خبر</p>".encode("cp1256"), "cp1252", [], ["cp1256"])
    'cp1256'
    >>> prose = ("خبر " * 100).encode()  # 600 non-ASCII bytes
    >>> fitting_encoding(prose + b"\xff\xfe" + prose, "cp1256", [], ["cp1256"])  # 2 bad in 1,200
    'utf-8'
    >>> fitting_encoding(page + b"\xff\xfe", "utf-8", [], ["cp1256"])  # 2 bad in 8
    'cp1256'
    """
    if not body.isascii():
        errors = utf8_errors(body)
        non_ascii = len(body.translate(None, _ASCII_BYTES))  # what is left once ASCII is deleted
        if errors <= 1 or errors <= non_ascii // 100:
            return "utf-8"
    return next((name for name in [*declared, *fallbacks] if fits(body, name)), chosen)


def refit(response: TextResponse, fallbacks: list[str]) -> tuple[TextResponse, str | None]:
    """``response`` decoded by the module's rule, and what happened.

    What happened is ``"corrected"`` (re-decoded), ``"undecodable"`` (nothing fits; Scrapy's lossy
    decoding stands) or None (it fitted). XML responses and responses with a BOM are returned as
    they are.
    """
    if isinstance(response, XmlResponse) or read_bom(response.body)[0] is not None:
        return response, None
    chosen = response.encoding
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    declared = [
        name
        for name in (
            http_content_type_encoding(content_type),
            html_body_declared_encoding(response.body),
        )
        if name
    ]
    encoding = fitting_encoding(response.body, chosen, declared, fallbacks)
    if codecs.lookup(encoding).name == codecs.lookup(chosen).name:  # both decoded the body
        if not fits(response.body, chosen):
            logger.warning("No charset fits %s; decoded lossily as %s", response.url, chosen)
            return response, "undecodable"
        return response, None
    logger.info(
        "Decoding %s as %s: its bytes do not fit %s (declared: %s)",
        response.url,
        encoding,
        chosen,
        ", ".join(declared) or "nothing",
    )
    return response.replace(encoding=encoding), "corrected"


class FittingCharsetMiddleware:
    """Re-decodes text responses whose declared or guessed charset their bytes do not fit.

    Settings: ``NEWSCRAWL_FALLBACK_ENCODINGS`` (list; default ``["windows-1256"]``).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.fallbacks = crawler.settings.getlist("NEWSCRAWL_FALLBACK_ENCODINGS", ["windows-1256"])

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FittingCharsetMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        refitted, event = refit(response, self.fallbacks)
        if event is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"newscrawl/charset/{event}")
        return refitted
