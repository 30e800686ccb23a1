"""The Nastooh article page object: its layouts, recognised first, then read in a stated order.

Markup reference: ``docs/nastooh.md`` (the evidence, page by page) and ``cms-families.md`` §2.1. A
page is first given a layout (:data:`LAYOUTS`, the first whose marker matches) and an item type
(``nastooh:newsType``, else what the markup shows: a photo gallery, a video player, a news item),
then a kind (:attr:`NastoohArticlePage.kind`): an article; an item type that holds no article text
(a video or a gallery with no text: counted and skipped with its type as the reason); the CMS's
soft 404 (assumed, see :attr:`~NastoohArticlePage.kind`); or unknown. Only an article is read,
with its layout's selectors: each selector list is tried in order and the first that matches
wins, inside the layout's article container (never around it: side columns print kickers too).

Machine metadata first, printed text second, both kept honest:

- the id is the URL's; ``nastooh:nid`` and the printed «کد خبر» are checked against it
  (``printed_id_mismatch``);
- ``published_at`` is ``article:published_time`` (UTC, ``…Z``) in Tehran time, else JSON-LD's
  ``datePublished``, else the printed Jalali line, which is always cross-checked
  (``date_mismatch``);
- ``authors`` are people only: a byline line of the body, a JSON-LD ``Person``, and on photo pages
  the photographer the kicker slot holds; never JSON-LD's ``Organization`` (the agency).

Saved copies of real pages often lack their first bytes (junk, then the page from mid-``<head>`` or
later): nothing here needs ``<head>``; without it the printed values are used.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, ClassVar

from parsel import Selector

from newscrawl.cms.nastooh.urls import article_id
from newscrawl.pages import ArticlePage, PageKind, compiled, read_id, same_origin
from newscrawl.text import dates
from newscrawl.text.blocks import Block, drop_marked_links, element_text, extract_blocks
from newscrawl.text.normalize import collapse_whitespace, fold_letters, normalize, to_ascii_digits

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.etree import _Element

    from newscrawl.items import Image

logger = logging.getLogger(__name__)

GENERATOR = "nastooh.ir"
"""In ``<meta name="generator" content="www.nastooh.ir">`` and the footer's «طراحی و تولید: نستوه»
link (``a[title="Nastooh Saba Newsroom"][href="http://www.nastooh.ir"]``)."""

ITEM_PAGE_TYPES = frozenset({"news", "photo", "video", "item"})
"""``nastooh:pageType`` values of an item page (``news`` on Mehr's of 2020; R2's archive says
``archive``, home pages ``home``)."""

TEXTLESS_TYPES = frozenset({"photo", "video", "voice", "audio", "infographic", "link", "motion"})
"""Item types that may hold no article text (a gallery, a player, a link): such a page without
text is skipped, with its type as the reason. A bodiless *news* item stays an article, so that the
validation pipeline rejects it loudly: a changed template must not pass for a gap."""

HOME_CRUMBS = frozenset({"صفحه نخست", "صفحه اصلی", "خانه"})
"""Breadcrumbs that name the home page (iscanews «صفحه نخست», salameno «صفحه اصلی»): skipped."""

_READ_MORE = re.compile(r"^[-_–—=ـ.*\s]*بیشتر(?: بخوانید)?\s*[:：]")
"""«بیشتر بخوانید:» (khabaronline, PWS ignoreTexts) and ISNA's «بیشتر:» open a links block."""
_SIGN_OFF = re.compile(r"^[\s/.()«»*-]*انتهای پیام[\s/.()«»*-]*$")
_SIGN_OFF_TAIL = re.compile(r"\s+[/(«*-]*انتهای پیام[\s/.)»*-]*$")
_CODE_LINE = re.compile(r"^[\s0-9۰-۹*/_.#-]+$")
"""A line of digits and marks only: the desk and editor codes some agencies end an item with
(khabaronline: PWS drops "number-only" nodes among the last five; IRNA-style ``۳۰۷۲*۱۸۱۷``)."""
_RULE_LINE = re.compile(r"^[-_–—=ـ.*\s]{3,}$")
_LABEL = re.compile(r"^(?P<label>[^:：]{1,12})\s*[:：]\s*(?P<name>.+)$")
_EDITOR_LABELS = frozenset({"دبیر"})
_AUTHOR_LABELS = frozenset({"نویسنده", "خبرنگار", "گزارش", "عکاس", "عکس", "مترجم", "ترجمه"})
_MAX_NAME_CHARS = 60
_HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)
_CLOSING_TAGS = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_ITEM_MARKUP = re.compile(
    r"""<article\b[^>]*\bid=["']?(?:item|photo)\b|\bid=["']?photos\b|class=["'][^"']*\brich-content"""
)
"""The article containers of :data:`LAYOUTS` as they appear in a page's text."""
_RESYNC = re.compile(r"<(?:meta|link|title|body|header|nav|main|article)\b", re.IGNORECASE)
"""Tags a saved copy's real part may start reading from, tried in order after junk."""
_MAX_RESYNC = 64
_ORGANIZATION_WORDS = ("خبرگزاری", "روابط عمومی", "پایگاه", "سایت", "روزنامه", "آرشیو")
"""Words that make a byline an organisation («عکس: خبرگزاری مهر», «عکس: آرشیو»), not a person."""


@dataclass(frozen=True)
class Layout:
    """One article layout of the CMS: how it is recognised, and the selectors that read it.

    Every value is a tuple of CSS selectors tried in order, the first that matches winning
    (``images``: every match of any, in page order; page-wide if the container holds none: a
    gallery may follow the article). ``markers``: any match gives the page this
    layout. ``container``: the article's element; without one (or if none matches) the layout is
    read page-wide. ``noise``: elements of the body that are not the article's own text.
    """

    name: str
    markers: tuple[str, ...]
    container: tuple[str, ...] = ()
    kicker: tuple[str, ...] = (
        ".item-title .kicker",
        ".item-title h4.subtitle",
        ".item-header .kicker",
        ".rutitr",
    )
    photographer: tuple[str, ...] = ()
    """Where a photo item names its photographer (the kicker slot on photo pages, R1)."""
    title: tuple[str, ...] = (".item-title h1.title", "h1.title", ".item-title h1")
    lead: tuple[str, ...] = (".item-summary p.introtext", "p.introtext", "p.summary")
    body: tuple[str, ...] = (".item-body .item-text", "[itemprop='articleBody']")
    noise: tuple[str, ...] = (
        "figure",
        "figcaption",
        ".video-download",
        ".item-code",
        "section",
        ".related-items",
    )
    printed_id: tuple[str, ...] = (".item-code span", ".item-code")
    date: tuple[str, ...] = (".item-date > span", ".item-date")
    breadcrumb: tuple[str, ...] = (".item-nav ol.breadcrumb li a", "ol.breadcrumb li a")
    tags: tuple[str, ...] = ("section.tags li a", ".tags li a")
    images: tuple[str, ...] = (".item-summary figure img", ".item-text img")


LAYOUTS: tuple[Layout, ...] = (
    # Photo items first: their article is article#photo, and their kicker slot holds the
    # photographer (Mehr 6018504, 1402/11/19: h4.subtitle.kicker; cms-families.md §2.1, §5 R1).
    # The text is one paragraph in .item-summary .item-body, the gallery section.photoGall.
    Layout(
        name="photo",
        markers=("article#photo", "#photos"),
        container=("article#photo", "#photos"),
        kicker=(),
        photographer=(".item-title .kicker", ".item-title h4.subtitle"),
        body=(".item-summary .item-body", ".item-body .item-text", "[itemprop='articleBody']"),
        images=(".item-summary figure img", ".item-text img", "section.photoGall li img"),
    ),
    # News, video and the other item types: article#item (Mehr video 6018415, 1402/11/19; PWS).
    Layout(name="item", markers=("article#item",), container=("article#item",)),
    # The newer theme of saat24, sahebkhabar, farhangemrooz and news.mrud.ir: PWS's selectors of
    # the four (2023): h1, time, .rich-content (saat24) or .body, p.news-summary (saat24) or .lead
    # (mrud), ol.breadcrumb (saat24) or .item-service, .news-tag section.
    Layout(
        name="rich",
        markers=(".rich-content", ".news-tag", "span.item-service"),
        kicker=(".kicker", ".rutitr"),
        title=("h1",),
        lead=("p.news-summary", ".lead", "p.summary"),
        body=(".rich-content", ".body"),
        # sahebkhabar and farhangemrooz both mark a watermark .sahebkhabar-watermark (PWS)
        noise=(".sahebkhabar-watermark", "figure", "figcaption", ".video-download", "section"),
        date=("time",),
        breadcrumb=("ol.breadcrumb li a", ".item-service a"),
        tags=(".news-tag section ul li a", ".news-tag a"),
        images=(".rich-content img", ".body img", "span.large-image img", "picture img"),
    ),
)
"""The article layouts, in the order they are recognised."""


class NastoohArticlePage(ArticlePage):
    """Item pages of sites built on the Nastooh CMS, in any of its :data:`LAYOUTS`."""

    layouts: ClassVar[tuple[Layout, ...]] = LAYOUTS

    # --- the tree ---

    @cached_property
    def _document(self) -> _Element:
        root: _Element = self.response.selector.root
        text = self.response.text
        end = _HTML_END.search(text)
        if end is not None and text[end.end() :].strip():
            # A copy glued after another document (R2: a challenge page, then the item from
            # mid-<head>): HTML parsers drop what follows </html>, so read it without end tags.
            text = _CLOSING_TAGS.sub("", text)
            root = _parse(text)
        if self._layout_in(root) is not None or not _ITEM_MARKUP.search(text):
            return root
        # The item's markup is in the text but not in the tree: junk before the copy opened an
        # element that swallows what follows (a script, a comment, a textarea …). Read the copy
        # from the first tag the junk did not swallow.
        for match in islice(_RESYNC.finditer(text), _MAX_RESYNC):
            tree = _parse(text[match.start() :])
            if self._layout_in(tree) is not None:
                return tree
        return root

    def _layout_in(self, root: _Element) -> Layout | None:
        """The first layout one of whose markers matches in the tree ``root``."""
        for layout in self.layouts:
            if any(compiled(css)(root) for css in layout.markers):
                return layout
        return None

    @property
    def document(self) -> _Element:
        """The parsed page, read whole even when a saved copy follows junk or another page."""
        return self._document

    # --- what the page is ---

    @cached_property
    def layout(self) -> Layout | None:
        """The first layout one of whose markers matches, or None."""
        return self._layout_in(self.document)

    @cached_property
    def page_type(self) -> str | None:
        """``nastooh:pageType`` (``news``, ``archive``, ``home`` …), lowercased; None if absent."""
        value = self.meta_content("nastooh:pageType")
        return value.lower() if value else None

    @cached_property
    def item_type(self) -> str:
        """``nastooh:newsType`` (``news``, ``photo`` …), else what the markup shows.

        A photo layout is ``photo``; a ``<video>`` (or player) in the body is ``video``; an
        ``<audio>`` is ``voice``; anything else ``news``.
        """
        declared = self.meta_content("nastooh:newsType")
        if declared:
            return declared.strip().lower()
        if self.layout is not None and self.layout.name == "photo":
            return "photo"
        body = self._in_article("body")[:1]
        if body and self.css("video, [class^='itemPlayer'], .video-download", body[0]):
            return "video"
        if body and self.css("audio", body[0]):
            return "voice"
        return "news"

    @cached_property
    def is_nastooh(self) -> bool:
        """Whether the page says it was made by Nastooh.

        Its generator meta, ``nastooh:`` metas, or the footer's powered-by link, which survives in
        copies that lost ``<head>``.
        """
        generator = self.meta_content("generator") or ""
        if GENERATOR in generator.lower():
            return True
        if any((tag.get("property") or "").startswith("nastooh:") for tag in self.metas):
            return True
        return bool(self.css(f"a[href*='{GENERATOR}']"))

    @property
    def metas(self) -> Iterator[_Element]:
        return self.document.iter("meta")

    @property
    def kind(self) -> PageKind:
        """What the page is.

        No layout: the CMS's soft 404 when the page is positively another Nastooh page type
        (``nastooh:pageType`` is ``home``, ``archive`` … at an article URL: an assumption, since
        no live "no such item" page was seen), else unknown (a challenge page, a changed
        template, a copy that lost its markers). A layout whose item type holds no text and whose
        page has none: not an article. Else an article.
        """
        if self.layout is None:
            if self.page_type is not None and self.page_type not in ITEM_PAGE_TYPES:
                return PageKind.NOT_FOUND
            return PageKind.UNKNOWN
        if self.body is None and self.item_type in TEXTLESS_TYPES:
            return PageKind.NOT_ARTICLE
        return PageKind.ARTICLE

    @property
    def kind_reason(self) -> str:
        """The item type of a page skipped for having no text (``video``, ``photo`` …)."""
        return self.item_type if self.kind is PageKind.NOT_ARTICLE else self.kind.value

    @cached_property
    def root(self) -> _Element:
        """The article container of the page's layout, else ``<body>``, else ``<html>``."""
        containers = self.layout.container if self.layout is not None else ()
        found = self._first(containers) or self._first(("body",))
        return found[0] if found else self.document

    def _first(self, selectors: tuple[str, ...], scope: _Element | None = None) -> list[_Element]:
        """Matches of the first selector in ``selectors`` that matches anything in ``scope``."""
        for css in selectors:
            found = self.css(css, scope)
            if found:
                return found
        return []

    def _in_article(self, field: str) -> list[_Element]:
        """The layout's ``field`` selectors, in the article container (in ``<body>`` without one).

        Never page-wide around a container: the side column's lists print kickers, titles and
        times too, and an item without a kicker must not get a neighbour's.
        """
        if self.layout is None:
            return []
        selectors: tuple[str, ...] = getattr(self.layout, field)
        return self._first(selectors, self.root)

    def _text(self, field: str) -> str | None:
        return element_text(self._in_article(field)[:1]) or None

    # --- id and URL ---

    @cached_property
    def news_id(self) -> int | None:
        """The id of the article URL, checked against the page's own.

        ``nastooh:nid`` and the printed «کد خبر» are checked against it (``printed_id_mismatch``)
        and stand in only when the URL names none.
        """
        from_url = article_id(self.response.url)
        declared = [i for i in (self.meta_news_id, self.printed_news_id) if i is not None]
        if from_url is not None and any(other != from_url for other in declared):
            self.anomalies.append("printed_id_mismatch")
            logger.warning("Page %s names id %s", self.response.url, declared)
        if from_url is not None:
            return from_url
        return declared[0] if declared else None

    @cached_property
    def meta_news_id(self) -> int | None:
        """``nastooh:nid`` (else ``nastooh:code``), the id the CMS declares."""
        for key in ("nastooh:nid", "nastooh:code"):
            value = to_ascii_digits(self.meta_content(key) or "").strip()
            if value.isascii() and value.isdigit():
                return read_id(value)
        return None

    @cached_property
    def printed_news_id(self) -> int | None:
        """The id the page prints (``.item-code``: «کد خبر 6018415»), if it prints one."""
        return read_id(to_ascii_digits(element_text(self._in_article("printed_id")[:1])))

    @cached_property
    def url(self) -> str | None:
        """The page's own URL of this id on this host: canonical link, ``og:url``, title link.

        Else the response URL: a page's link (or its ``<base>``) can name any host, and a record
        must never say it came from another site than the one crawled. An AMP copy's canonical
        link names the item's URL.
        """
        for href in self._url_candidates():
            if self.news_id is None or article_id(href) != self.news_id:
                continue
            try:
                candidate = self.absolute_url(href)
            except ValueError:  # unresolvable: try the next
                continue
            if same_origin(candidate, self.response.url):
                return candidate
        return self.absolute_url(self.response.url)

    def _url_candidates(self) -> Iterator[str]:
        for link in self.css("link[rel='canonical']")[:1]:
            yield link.get("href") or ""
        yield self.meta_content("og:url") or ""
        for link in self._in_article("title")[:1]:
            for anchor in [link, *link.iter("a")]:
                if anchor.tag == "a" and anchor.get("href"):
                    yield anchor.get("href") or ""

    # --- head ---

    @cached_property
    def title(self) -> str | None:
        if self.layout is None:
            return None
        return self._text("title") or self.meta_content("og:title") or None

    @property
    def kicker(self) -> str | None:
        return self._text("kicker")

    @property
    def lead(self) -> str | None:
        return self._text("lead")

    # --- body and what is split off it ---

    @cached_property
    def body_blocks(self) -> list[Block]:
        """The article's own text: the body without its noise, read-more blocks and sign-off."""
        found = self._in_article("body")
        if not found or self.layout is None:
            return []
        body = copy.deepcopy(found[0])
        for css in self.layout.noise:
            for element in self.css(css, body):
                _drop(element)
        return drop_sign_off(drop_read_more(extract_blocks(body)))

    @cached_property
    def _body_split(self) -> tuple[list[str], str | None, list[str]]:
        """(paragraphs, editor, authors): editor and byline lines leave the body."""
        paragraphs: list[str] = []
        editor: str | None = None
        authors: list[str] = []
        for block in self.body_blocks:
            kept: list[str] = []
            for line in block.text.split("\n"):
                label, name = _byline(line)
                if label in _EDITOR_LABELS:
                    editor = name
                elif label in _AUTHOR_LABELS:
                    authors.append(name)
                else:
                    kept.append(line)
            if kept:
                paragraphs.append("\n".join(kept))
        return paragraphs, editor, authors

    @property
    def body(self) -> str | None:
        return "\n\n".join(self._body_split[0]) or None

    @property
    def editor(self) -> str | None:
        return self._body_split[1]

    @property
    def authors(self) -> list[str]:
        """People named as authors: the photographer, body bylines, JSON-LD ``Person``s."""
        names = [*self._photographer(), *self._body_split[2], *self._json_ld_people()]
        return list(dict.fromkeys(names))

    def _photographer(self) -> list[str]:
        text = self._text("photographer")
        if not text:
            return []
        label, name = _byline(text)
        name = name if label in _AUTHOR_LABELS else text
        return [] if _is_organization(name) else [name]

    def _json_ld_people(self) -> Iterator[str]:
        for obj in self.json_ld:
            authors = obj.get("author")
            for author in authors if isinstance(authors, list) else [authors]:
                if isinstance(author, dict) and author.get("@type") == "Person":
                    name = str(author.get("name") or "").strip()
                    if name and not _is_organization(name):
                        yield name

    @property
    def images(self) -> list[Image]:
        """The lead image, the body's images and a gallery's, in page order, each once."""
        if self.layout is None:
            return []
        union = ", ".join(self.layout.images)
        found = (self.css(union, self.root) or self.css(union)) if union else []
        title = normalize(self.title or "")
        images: dict[str, Image] = {}
        for img in found:
            src = img.get("src") or img.get("data-src")
            if not src:
                continue
            try:
                url = self.absolute_url(src)
            except ValueError as error:  # "//[": no URL at all; the article stands without it
                logger.warning("Image %r skipped on %s: %s", src, self.response.url, error)
                continue
            caption = collapse_whitespace(img.get("alt") or img.get("title") or "")
            keep = caption and normalize(caption) != title
            images.setdefault(url, {"url": url, "caption": caption if keep else None})
        return list(images.values())

    # --- date ---

    @cached_property
    def published_at_raw(self) -> str | None:
        """The Jalali date line as printed (white space folded), e.g. «۱۹ بهمن ۱۴۰۲، ۱۲:۰۸»."""
        return self._text("date")

    @cached_property
    def published_at(self) -> str | None:
        """``article:published_time`` (else JSON-LD) in Tehran time; else the printed line.

        The printed line is always parsed too; when both exist and disagree (at the minute, or
        on the day for a line without a time) the page is counted (``date_mismatch``), logged,
        and the metadata kept.
        """
        meta = self._meta_date()
        printed = self._printed_date()
        if meta is not None and printed is not None and not _same_moment(meta, printed):
            self.anomalies.append("date_mismatch")
            logger.warning(
                "Date line %r and metadata %s disagree on %s",
                self.published_at_raw,
                dates.to_iso_minute(meta),
                self.response.url,
            )
        if meta is not None:
            return dates.to_iso_minute(meta)
        return dates.to_iso_minute(printed) if isinstance(printed, datetime) else None

    def _meta_dates(self) -> Iterator[str]:
        """Publication times the metadata gives, most trusted first."""
        yield self.meta_content("article:published_time") or ""
        for obj in self.json_ld:
            yield str(obj.get("datePublished", ""))
        for tag in self.css("meta[itemprop='datePublished']")[:1]:
            yield tag.get("content") or ""
        for element in self._in_article("date")[:1]:
            yield element.get("datetime") or ""  # <time datetime> of the newer theme

    def _meta_date(self) -> datetime | None:
        for raw in filter(None, (value.strip() for value in self._meta_dates())):
            try:
                return dates.parse_iso_datetime(raw)
            except dates.InvalidDateError:
                continue
        return None

    def _printed_date(self) -> date | None:
        raw = self.published_at_raw
        if raw is None:
            return None
        try:
            return dates.parse_persian_datetime(raw).value
        except dates.InvalidDateError:
            return None

    # --- breadcrumb and tags ---

    @cached_property
    def _crumbs(self) -> list[str]:
        """The breadcrumb's links without a home crumb; else ``article:section`` split at ``>``."""
        crumbs = [element_text([link]) for link in self._in_article("breadcrumb")]
        if not crumbs:
            crumbs = (self.meta_content("article:section") or "").split(">")
        crumbs = [crumb.strip() for crumb in crumbs if crumb.strip()]
        if crumbs and normalize(crumbs[0]) in HOME_CRUMBS:
            crumbs = crumbs[1:]
        return crumbs

    @property
    def section(self) -> str | None:
        return self._crumbs[0] if self._crumbs else None

    @property
    def category(self) -> str | None:
        return self._crumbs[1] if len(self._crumbs) > 1 else None

    @property
    def tags(self) -> list[str]:
        """The tag links in page order, each once; else ``article:tag`` (a comma list)."""
        tags = [element_text([link]) for link in self._in_article("tags")]
        if not tags and self.layout is not None:
            tags = (self.meta_content("article:tag") or "").split(",")
        return list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))


def _parse(text: str) -> _Element:
    root: _Element = Selector(text=text, type="html").root
    return root


def _drop(element: _Element) -> None:
    """Remove ``element`` from its tree, keeping its tail text (the text after it)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _same_moment(meta: datetime, printed: date) -> bool:
    if isinstance(printed, datetime):
        return dates.to_iso_minute(meta) == dates.to_iso_minute(printed)
    return meta.astimezone(dates.TEHRAN).date() == printed


def _byline(line: str) -> tuple[str | None, str]:
    """(label, name) of a byline line «خبرنگار: نام» (label folded), else (None, line)."""
    match = _LABEL.match(line.strip())
    if not match:
        return None, line
    name = match["name"].strip()
    if len(name) > _MAX_NAME_CHARS or re.search(r"[.!؟?،]$", name):
        return None, line  # a sentence: «گزارش: …» prose stays in the body
    return collapse_whitespace(fold_letters(match["label"])), name


def _is_organization(name: str) -> bool:
    folded = fold_letters(name)
    return any(word in folded for word in _ORGANIZATION_WORDS)


def drop_read_more(blocks: list[Block]) -> list[Block]:
    """Remove «بیشتر بخوانید:» blocks (the marker, the rule above it, the links after it)."""
    return drop_marked_links(blocks, _READ_MORE.match, _RULE_LINE)


def drop_sign_off(blocks: list[Block]) -> list[Block]:
    """Remove the agency's sign-off from the end: «انتهای پیام», desk codes, rules."""
    kept = list(blocks)
    while kept:
        last = kept[-1].text
        if _SIGN_OFF.match(last) or _CODE_LINE.match(last) or _RULE_LINE.match(last):
            kept.pop()
            continue
        trimmed = _SIGN_OFF_TAIL.sub("", last)
        if trimmed != last:
            kept[-1] = Block(text=trimmed.rstrip(), link_only=kept[-1].link_only)
            continue
        lines = last.split("\n")
        if len(lines) > 1 and _CODE_LINE.match(lines[-1]):
            kept[-1] = Block(text="\n".join(lines[:-1]), link_only=kept[-1].link_only)
            continue
        break
    return kept
