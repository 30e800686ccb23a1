"""``extract``: one page read the way a crawl reads it, into the record a crawl would export.

The page object is the declared site's (``site=``, else the site serving the URL's host); a page
from a host of no declared site is read by the CMS that recognises its markup, with that CMS's
defaults, as its generic spider reads it (``site`` is then the CMS's name). The record is cleaned
by ``NormalizePersianPipeline`` and checked by ``ValidateArticlePipeline`` with the project's
settings (``newscrawl.settings``), exactly as in a crawl; it is returned as a dict in the export's
field order (``FEED_EXPORT_FIELDS``). Nothing is written: no state, no feed, no rejects file.

A page is given as it was served (bytes: decoded by the crawl's charset rule) or as text. A saved
copy whose first bytes are missing (cut inside its ``<head>`` or its first tag) is still read: the
markup parser recovers from the cut, and a cut inside a letter is one replacement character.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawl.middlewares.charset import refit
from newscrawl.pages import PageKind
from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.pipelines.validate import InvalidArticle, ValidateArticlePipeline
from newscrawl.sites import CMSES, SITES, site_for_host, unknown_site

if TYPE_CHECKING:
    from scrapy.http import TextResponse

    from newscrawl.pages import ArticlePage

__all__ = ["ExtractionError", "extract", "page_object", "project_settings"]


class ExtractionError(ValueError):
    """The page gives no record. ``reason`` is a short code, the message says why in one line.

    Codes: ``bad_url``, ``unknown_site``, ``unknown_layout`` (no CMS recognises the page, or the
    site's page object knows none of its layouts), a page kind that is no article (``not_found``,
    or the CMS's reason such as ``gallery``), or the validation's rejection
    (``IncompleteArticle``, ``ShortBody``, ``ImplausibleDate``).
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def project_settings() -> Settings:
    """The project's settings (``newscrawl.settings``), whatever the working directory."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    return settings


class _Reading(NamedTuple):
    """What every extraction of this process shares: built once, from the project's settings."""

    fallbacks: list[str]
    normalize: NormalizePersianPipeline
    validate: ValidateArticlePipeline


@cache
def _reading() -> _Reading:
    crawler = Crawler(Spider, project_settings())  # never started: it carries settings and stats
    crawler.stats = load_object(crawler.settings["STATS_CLASS"])(crawler)
    return _Reading(
        crawler.settings.getlist("NEWSCRAWL_FALLBACK_ENCODINGS"),
        build_from_crawler(NormalizePersianPipeline, crawler),
        build_from_crawler(ValidateArticlePipeline, crawler),
    )


def response_for(html: str | bytes, url: str) -> TextResponse:
    """``html`` as the HTML response served at ``url``; bytes are decoded by the crawl's rule."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ExtractionError("bad_url", f"not an absolute http(s) URL: {url!r}")
    if isinstance(html, str):
        return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8")
    return refit(HtmlResponse(url, body=html), _reading().fallbacks)[0]


def page_object(response: TextResponse, site: str | None = None) -> ArticlePage:
    """The page object that reads ``response``; ``ExtractionError`` when there is none.

    It is ``site``'s, else that of the site serving the URL's host, else that of the CMS that
    recognises the markup.
    """
    if site is not None:
        if site not in SITES:
            raise ExtractionError("unknown_site", unknown_site(site))
        return SITES[site].page(response)
    declared = site_for_host(urlsplit(response.url).hostname or "")
    if declared is not None:
        return declared.page(response)
    for cms in CMSES.values():
        if cms.recognises(response):
            return cms.page_class(response, site=cms.name)
    known = ", ".join(CMSES)
    raise ExtractionError(
        "unknown_layout",
        f"no declared site serves {urlsplit(response.url).hostname} and no known CMS ({known})"
        " recognises the page; name its site with site=",
    )


def extract(html: str | bytes, url: str, *, site: str | None = None) -> dict[str, Any]:
    """The record a crawl would export for the page ``html`` served at ``url``.

    ``url`` is the page's absolute http(s) address (it names the host, hence the site, and it is
    the base of the page's relative links). ``site`` is a declared site's key, for a page served
    elsewhere (a mirror, a saved copy). ``crawled_at`` is now (UTC). Raises ``ExtractionError``
    when the page is no article or its record is rejected.
    """
    page = page_object(response_for(html, url), site)
    kind, where = page.kind, page.response.url
    if kind is PageKind.UNKNOWN:
        raise ExtractionError(
            "unknown_layout",
            f"{where} shows no layout {page.site}'s page object knows: a changed template,"
            " a challenge or error page, or no article",
        )
    if kind is not PageKind.ARTICLE:
        reason = page.kind_reason
        raise ExtractionError(reason, f"not an article: {reason} ({where})")
    reading = _reading()
    article = reading.normalize.process_item(page.to_article())
    try:
        reading.validate.process_item(article)
    except InvalidArticle as rejection:
        reason = type(rejection).__name__
        raise ExtractionError(reason, f"rejected ({reason}): {rejection}") from None
    record: dict[str, Any] = asdict(article)
    return record
