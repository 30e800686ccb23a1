"""The IranSamaneh CMS's RSS feeds (``/fa/rss/allnews``, ``/fa/rss/{service}``): news ids and times.

The feed is RSS 2.0 written by ``SepehrFeed V1.2`` (iransamaneh.md 3.3; real tabnak feed of
2018-07-21): items carry ``title``, ``link`` (a raw Unicode slug, ZWNJ kept), ``pubDate`` without a
weekday (``21 Jul 2018 08:39:54 +0430``), an optional ``description`` and ``enclosure``, and no
``guid``. Only what discovery needs is read: the news id and URL from ``link``, the title and the
publication time.

The parser is strict about what it trusts: no network access, no external entities, no entity
declarations at all (a feed has no use for them; they are how "billion laughs" and XXE attacks
work), no huge-tree mode. A body that is not such a feed raises :class:`FeedError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree
from w3lib.url import safe_url_string

from newscrawl.cms import FeedError, ListedArticle
from newscrawl.cms.iransamaneh.urls import article_id
from newscrawl.text.blocks import fold_html_space
from newscrawl.text.dates import InvalidDateError, parse_rss_date

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["FeedEntry", "FeedError", "parse_feed"]


@dataclass(frozen=True)
class FeedEntry(ListedArticle):
    """One feed item that links to an article, and what else the item says.

    Its link is resolved against the feed URL, white space stripped, percent-encoded.
    """

    title: str | None
    """The item's title as printed, white space folded; ``None`` when empty."""

    published_at: datetime | None
    """``pubDate`` as an aware datetime in Asia/Tehran (seconds kept); ``None`` if absent or bad."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def _declares_entities(root: etree._Element) -> bool:
    dtd: Any = root.getroottree().docinfo.internalDTD  # lxml-stubs lack DTD.iterentities()
    return dtd is not None and any(True for _ in dtd.iterentities())


def _parse_xml(body: bytes) -> etree._Element:
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        # libxml2 also stops entity bombs here ("Maximum entity amplification factor exceeded").
        raise FeedError(f"not well-formed XML: {exc}") from exc
    if _declares_entities(root):
        raise FeedError("the feed declares XML entities; refused (entity expansion, XXE)")
    if not isinstance(root.tag, str) or etree.QName(root).localname != "rss":
        raise FeedError(f"not an RSS feed: the root element is <{root.tag}>")
    return root


def _child_text(item: etree._Element, name: str) -> str:
    child = item.find(name)
    return fold_html_space(child.text or "").strip() if child is not None else ""


def _entry(item: etree._Element, base_url: str) -> FeedEntry | None:
    link = _child_text(item, "link")
    url = safe_url_string(urljoin(base_url, link)) if link else ""
    news_id = article_id(url)
    if news_id is None:
        return None
    try:
        published_at: datetime | None = parse_rss_date(_child_text(item, "pubDate"))
    except InvalidDateError:
        published_at = None
    title = _child_text(item, "title") or None
    return FeedEntry(news_id=news_id, url=url, title=title, published_at=published_at)


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """The article entries of an RSS feed, in feed order (newest first on this CMS, not by id).

    ``base_url`` is the feed's URL; relative links resolve against it. Items whose link is not a
    ``/fa/news/{id}`` article are skipped; duplicates are kept (de-duplication is the crawl's job).
    Raises :class:`FeedError` when ``body`` is not a feed (see its docstring).

    >>> feed = (b'<rss version="2.0"><channel><item><title> A </title>'
    ...         b'<link>/fa/news/7/a</link><pubDate>21 Jul 2018 08:39:54 +0430</pubDate></item>'
    ...         b'<item><link>/fa/photos</link></item></channel></rss>')
    >>> [(e.news_id, e.url, e.title, str(e.published_at))
    ...  for e in parse_feed(feed, "https://www.example.ir/fa/rss/allnews")]
    [(7, 'https://www.example.ir/fa/news/7/a', 'A', '2018-07-21 08:39:54+04:30')]
    """
    root = _parse_xml(body)
    entries = (_entry(item, base_url) for item in root.iter("item"))
    return [entry for entry in entries if entry is not None]
