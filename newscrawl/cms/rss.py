"""RSS 2.0 feeds read strictly: what any CMS's feed parser shares (the items' link, title, date).

The parser trusts nothing a feed could use against it: no network access, no external entities, no
entity declarations at all (a feed has no use for them; they are how "billion laughs" and XXE
attacks work), no huge-tree mode. A body that is not well-formed RSS raises
:class:`~newscrawl.cms.FeedError`. A CMS's feed module passes its own ``article_id`` (its URL
grammar) to :func:`parse_feed`; items whose link names no article are skipped.

Both CMSes' feed modules (``cms/iransamaneh/feed.py``, ``cms/nastooh/feed.py``) read with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from lxml import etree
from w3lib.url import safe_url_string

from newscrawl.cms import FeedError, ListedArticle
from newscrawl.text.blocks import fold_html_space
from newscrawl.text.dates import InvalidDateError, parse_rss_date

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

__all__ = ["FeedEntry", "parse_feed", "parse_rss"]


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


def parse_rss(body: bytes) -> etree._Element:
    """The ``<rss>`` root of a feed body; :class:`FeedError` for anything else."""
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


def child_text(item: etree._Element, name: str) -> str:
    """The text of ``item``'s first ``name`` child, white space folded and stripped."""
    child = item.find(name)
    return fold_html_space(child.text or "").strip() if child is not None else ""


def _entry(
    item: etree._Element, base_url: str, article_id: Callable[[str], int | None]
) -> FeedEntry | None:
    link = child_text(item, "link")
    url = safe_url_string(urljoin(base_url, link)) if link else ""
    news_id = article_id(url)
    if news_id is None:
        return None
    try:
        published_at: datetime | None = parse_rss_date(child_text(item, "pubDate"))
    except InvalidDateError:
        published_at = None
    title = child_text(item, "title") or None
    return FeedEntry(news_id=news_id, url=url, title=title, published_at=published_at)


def parse_feed(
    body: bytes, base_url: str, article_id: Callable[[str], int | None]
) -> list[FeedEntry]:
    """The article entries of an RSS feed, in feed order; duplicates kept (the crawl dedupes).

    ``base_url`` is the feed's URL (relative links resolve against it); ``article_id`` is the
    CMS's URL grammar. Raises :class:`~newscrawl.cms.FeedError` when ``body`` is not a feed.

    >>> feed = (b'<rss version="2.0"><channel><item><title> A </title>'
    ...         b'<link>/n/7</link><pubDate>Thu, 08 Feb 2024 10:00:50 GMT</pubDate></item>'
    ...         b'<item><link>/about</link></item></channel></rss>')
    >>> grammar = lambda url: int(url.rsplit("/", 1)[1]) if "/n/" in url else None
    >>> [(e.news_id, e.url, e.title, str(e.published_at))
    ...  for e in parse_feed(feed, "https://www.example.ir/rss", grammar)]
    [(7, 'https://www.example.ir/n/7', 'A', '2024-02-08 13:30:50+03:30')]
    """
    root = parse_rss(body)
    entries = (_entry(item, base_url, article_id) for item in root.iter("item"))
    return [entry for entry in entries if entry is not None]
