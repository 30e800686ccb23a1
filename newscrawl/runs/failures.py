"""Fetches that failed for good in a run: a short reason for each, and the JSONL file listing them.

:func:`describe_failure` turns the failure an errback receives into a :class:`FailureReason`;
:class:`FailuresFile` writes one line per failure beside the feed (``runs.outputs``). The spider
records a failed article id in the ledger too, so the next incremental run fetches it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, ConnectionDone, ConnectionLost

from newscrawl.middlewares.botcheck import BotCheckPage
from newscrawl.middlewares.redirects import OffsiteRedirect, RedirectLoop
from newscrawl.middlewares.retry import TruncatedPage
from newscrawl.middlewares.robots import RobotsForbidden, RobotsUnavailable
from newscrawl.runs.rejects import JsonLinesAppender

if TYPE_CHECKING:
    from twisted.python.failure import Failure

REASON_CODES: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (RobotsUnavailable, "robots_unavailable"),
    (RobotsForbidden, "robots_forbidden"),
    (BotCheckPage, "bot_check"),
    (TruncatedPage, "truncated"),
    (RedirectLoop, "redirect_loop"),
    (OffsiteRedirect, "offsite_redirect"),
    (DownloadTimeoutError, "timeout"),
    (DownloadCancelledError, "oversized"),  # Scrapy cancels a download only for DOWNLOAD_MAXSIZE
    ((ResponseDataLossError, DownloadFailedError, ConnectionLost, ConnectionDone), "connection"),
    ((DownloadConnectionRefusedError, ConnectError), "refused"),
    (CannotResolveHostError, "dns"),
    (IgnoreRequest, "ignored"),
)
"""Exception type → reason code, first match wins; HTTP errors are ``http_<status>``."""


@dataclass(frozen=True)
class FailureReason:
    """Why a fetch failed: a stable code for counting and a sentence for people."""

    code: str
    """``http_503``, ``timeout``, ``connection``, ``truncated``, ``oversized``, ``not_html``,
    ``redirect_loop``, ``offsite_redirect``, ``bot_check``, ``parse_error``, … or ``other``."""

    detail: str


def describe_failure(failure: Failure) -> FailureReason:
    """The reason of an errback's failure.

    >>> from twisted.python.failure import Failure
    >>> describe_failure(Failure(RedirectLoop("/a redirects in a loop: /a -> /b -> /a")))
    FailureReason(code='redirect_loop', detail='/a redirects in a loop: /a -> /b -> /a')
    """
    error = failure.value
    if isinstance(error, HttpError) and error.response is not None:
        response = error.response
        detail = f"HTTP {response.status}"
        retry_after = response.headers.get("Retry-After")
        if retry_after:
            detail += f" (Retry-After: {retry_after.decode('latin-1')})"
        retries = response.meta.get("retry_times", 0) if response.request is not None else 0
        return FailureReason(f"http_{response.status}", f"{detail} after {retries} retries")
    text = str(error) or type(error).__name__
    if isinstance(error, IgnoreRequest) and "exceeded DOWNLOAD_MAXSIZE" in text:
        return FailureReason("oversized", text)  # a compressed body that decompresses too big
    for kinds, code in REASON_CODES:
        if isinstance(error, kinds):
            return FailureReason(code, text)
    return FailureReason("other", f"{type(error).__name__}: {text}")


class FailuresFile(JsonLinesAppender):
    """Appends one JSON object per failure; the file is created on the first failure.

    Each line: ``{"reason": <code>, "detail": <human text>, "url": …, "site": …,
    "news_id": <int or null for a listing page>}``, UTF-8, flushed as written.
    """

    def write(self, reason: FailureReason, url: str, site: str, news_id: int | None) -> None:
        self.append(
            {
                "reason": reason.code,
                "detail": reason.detail,
                "url": url,
                "site": site,
                "news_id": news_id,
            }
        )
