"""The IranSamaneh article page object: its layouts, recognised first, then read in a stated order.

Markup reference: ``docs/reference/iransamaneh.md``. A page is first given a kind
(:attr:`IranSamanehArticlePage.kind`): the CMS's soft 404, one of its article :data:`LAYOUTS`
(the first whose marker matches), or unknown. Only an article is read, with its layout's
selectors: each selector list is tried in order and the first that matches wins, first inside the
layout's article container, then page-wide (the old layout prints the date and the breadcrumb
outside it). Classes are matched as tokens because Bootstrap templates append column classes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from newscrawl.cms.iransamaneh.urls import article_id
from newscrawl.pages import ArticlePage, PageKind, same_origin
from newscrawl.text import dates
from newscrawl.text.blocks import Block, element_text, extract_blocks
from newscrawl.text.normalize import fold_letters, normalize, to_ascii_digits

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.etree import _Element

    from newscrawl.items import Image

logger = logging.getLogger(__name__)

NOT_FOUND_TEXT = "صفحه درخواستی شما موجود نمی باشد"
HOME_CRUMB = "صفحه نخست"
# The English date printed after the Persian one when it is not in a span of its own.
_ENGLISH_DATE_TAIL = re.compile(r"\s*-?\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*$")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_EDGE_CHARS = " -–—"  # dashes and spaces around a date line once its English date is gone
_RULE_LINE = re.compile(r"^[-_–—=ـ.*\s]{5,}$")
_READ_MORE = re.compile(r"^(?:[-_–—=ـ\s]*)بیشتر بخوانید")
_READ_MORE_WORD = "بخوان"  # in every line _READ_MORE matches, and no letter of it is ever folded
# Byline and editor lines as printed at the end (or start) of the body: «دبیر:وجیهه مرادی».
# The label before a line's first colon (folded; the name after it is checked by _is_name).
_EDITOR_LABEL = re.compile(r"دبیر\s*")
_AUTHOR_LABEL = re.compile(r"(?:نویسنده|خبرنگار|گزارش)\s*")
_MAX_NAME_CHARS = 60


@dataclass(frozen=True)
class Layout:
    """One article layout of the CMS: how it is recognised, and the selectors that read it.

    Every value is a tuple of CSS selectors tried in order. ``markers``: any match gives the page
    this layout. ``container``: the article's element; a layout without one is read page-wide.
    """

    name: str
    markers: tuple[str, ...]
    container: tuple[str, ...] = ()
    news_id: tuple[str, ...] = (".news_id_c", ".news_id")
    kicker: tuple[str, ...] = (".rutitr", ".news-rutitr", ".news_rutitr", ".rotitr")
    title: tuple[str, ...] = ("h1.title a", "h1.Htag a", "h1 a", "h1")
    lead: tuple[str, ...] = (".subtitle",)
    body: tuple[str, ...] = (".body", ".body_news", "#newsMainBody")
    date: tuple[str, ...] = (".news_pdate_c", ".photo_pdate")
    date_labels: tuple[str, ...] = ("news_nav_title", "news_title", "en_date")
    """Classes of the spans inside the date line that are no part of the date."""
    breadcrumb: tuple[str, ...] = (".news_path a",)
    tags: tuple[str, ...] = (".tags_container a",)


_BOOTSTRAP_CONTAINERS = (".gutter_news", ".col1-news")  # tabnak 2018; asriran 2020 scrapers
_OLD_CONTAINERS = (
    "div[style*='direction: right']",  # asrpress family (Targoman 2024)
    "div[style*='direction: rtl']",  # entekhab/kayhan family
)

LAYOUTS: tuple[Layout, ...] = (
    # Bootstrap first: its markers are CMS class names, while an inline direction style can also
    # turn up in HTML pasted into a Bootstrap page's body (iransamaneh.md 2.1, 4).
    Layout(
        name="bootstrap",
        markers=(*_BOOTSTRAP_CONTAINERS, ".news_navbox", ".padd_news_gutter"),
        container=_BOOTSTRAP_CONTAINERS,
    ),
    Layout(name="old", markers=_OLD_CONTAINERS, container=_OLD_CONTAINERS),
)
"""The article layouts, in the order they are recognised."""


class IranSamanehArticlePage(ArticlePage):
    """Article pages of sites built on the IranSamaneh CMS, in any of its :data:`LAYOUTS`."""

    layouts: ClassVar[tuple[Layout, ...]] = LAYOUTS
    not_found_css: ClassVar[tuple[str, ...]] = (".error_container",)
    """The soft 404: HTTP 200 with ``div.error_container`` (seen on kayhan)."""

    @classmethod
    def with_overrides(cls, layout: str, **selectors: Any) -> type[IranSamanehArticlePage]:
        """A subclass whose layout ``layout`` reads with ``selectors`` (``Layout`` field values)."""
        if layout not in {known.name for known in cls.layouts}:
            raise ValueError(f"no layout {layout!r} in {cls.__name__}")
        changed = tuple(
            replace(known, **selectors) if known.name == layout else known for known in cls.layouts
        )
        return type(f"{cls.__name__}For{layout.title()}", (cls,), {"layouts": changed})

    # --- what the page is ---

    @cached_property
    def layout(self) -> Layout | None:
        """The first layout one of whose markers matches, or None."""
        for layout in self.layouts:
            if any(self.css(css) for css in layout.markers):
                return layout
        return None

    @property
    def kind(self) -> PageKind:
        if self._first(self.not_found_css) or NOT_FOUND_TEXT in self.page_title:
            return PageKind.NOT_FOUND
        return PageKind.ARTICLE if self.layout is not None else PageKind.UNKNOWN

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
        """The layout's ``field`` selectors: first match in the container, else page-wide."""
        if self.layout is None:
            return []
        selectors: tuple[str, ...] = getattr(self.layout, field)
        return self._first(selectors, self.root) or self._first(selectors)

    def _text(self, field: str) -> str | None:
        return element_text(self._in_article(field)[:1]) or None

    # --- fields ---

    @cached_property
    def news_id(self) -> int | None:
        """The id of the article URL; the printed one only when the URL names none."""
        from_url = article_id(self.response.url)
        printed = self.printed_news_id
        if from_url is not None and printed is not None and printed != from_url:
            self.anomalies.append("printed_id_mismatch")
            logger.warning("Page %s prints id %d", self.response.url, printed)
        return from_url if from_url is not None else printed

    @cached_property
    def printed_news_id(self) -> int | None:
        """The id the page prints (کد خبر), if it prints one."""
        printed = to_ascii_digits(element_text(self._in_article("news_id")[:1]))
        digits = re.search(r"[0-9]+", printed)
        return int(digits.group()) if digits else None

    @cached_property
    def url(self) -> str | None:
        """The title link (canonical, slugged) when it names this id on this page's host.

        Else the response URL: a page's link (or its ``<base>``) can name any host, and a record
        must never say it came from another site than the one crawled.
        """
        links = self._first(self.layout.title, self.root) if self.layout is not None else []
        href = next((el.get("href") for el in links if el.get("href") is not None), None)
        if href and self.news_id is not None and article_id(href) == self.news_id:
            try:
                canonical = self.absolute_url(href)
            except ValueError:  # unresolvable: the response URL instead
                canonical = None
            if canonical is not None and same_origin(canonical, self.response.url):
                return canonical
        return self.absolute_url(self.response.url)

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
        found = self._in_article("body")
        return drop_read_more(extract_blocks(found[0])) if found else []

    @cached_property
    def _body_split(self) -> tuple[list[str], str | None, list[str]]:
        """(paragraphs, editor, authors): editor and byline lines leave the body."""
        paragraphs: list[str] = []
        editor: str | None = None
        authors: list[str] = []
        for block in self.body_blocks:
            kept: list[str] = []
            for line in block.text.split("\n"):
                label, colon, name = line.strip().partition(":")
                if colon and _is_name(name):
                    label = fold_letters(label)
                    if _EDITOR_LABEL.fullmatch(label):
                        editor = name.strip()
                        continue
                    if _AUTHOR_LABEL.fullmatch(label):
                        authors.append(name.strip())
                        continue
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
        return self._body_split[2]

    @property
    def images(self) -> list[Image]:
        found = self._in_article("body")
        title = normalize(self.title or "")
        images: list[Image] = []
        for img in self.css("img", found[0]) if found else []:
            src = img.get("src") or img.get("data-src")
            if not src:
                continue
            try:
                url = self.absolute_url(src)
            except ValueError as error:  # "//[": no URL at all; the article stands without it
                logger.warning("Image %r skipped on %s: %s", src, self.response.url, error)
                continue
            caption = (img.get("alt") or img.get("title") or "").strip()
            keep = caption and normalize(caption) != title
            images.append({"url": url, "caption": caption if keep else None})
        return images

    # --- date ---

    @cached_property
    def published_at_raw(self) -> str | None:
        """The printed Persian date: label spans and the English date removed."""
        if self.layout is None:
            return None
        line = self._first(self.layout.date)[:1]
        if not line:
            return None
        texts = list(_date_texts(line[0], frozenset(self.layout.date_labels)))
        text = " ".join(" ".join(texts).split())
        if _LATIN_LETTER.search(text):  # an English date not in a span of its own
            text = _ENGLISH_DATE_TAIL.sub("", text)
        return text.strip(_EDGE_CHARS) or None

    @cached_property
    def published_at(self) -> str | None:
        printed = self._parse_printed_date()
        meta = self._parse_meta_date()
        if printed and meta and printed != meta:
            self.anomalies.append("date_mismatch")
            logger.warning(
                "Date line %s and metadata %s disagree on %s", printed, meta, self.response.url
            )
        return printed or meta

    def _parse_printed_date(self) -> str | None:
        raw = self.published_at_raw
        if raw is None:
            return None
        try:
            parsed = dates.parse_persian_datetime(raw)
        except dates.InvalidDateError:
            return None
        return dates.to_iso_minute(parsed.value) if isinstance(parsed.value, datetime) else None

    def _meta_dates(self) -> Iterator[str]:
        """Publication dates the metadata gives: ``article:published_time``, then JSON-LD's."""
        yield self.meta_content("article:published_time") or ""
        for obj in self.json_ld:
            yield str(obj.get("datePublished", ""))

    def _parse_meta_date(self) -> str | None:
        for raw in filter(None, self._meta_dates()):
            year = raw.lstrip()[:4]
            if year.isascii() and year.isdigit():  # ISO 8601 starts so; Persian digits never do
                try:
                    return dates.to_iso_minute(dates.parse_iso_datetime(raw))
                except dates.InvalidDateError:
                    pass
            try:
                parsed = dates.parse_persian_datetime(raw)
            except dates.InvalidDateError:
                continue
            if isinstance(parsed.value, datetime):
                return dates.to_iso_minute(parsed.value)
        return None

    # --- breadcrumb and tags ---

    @cached_property
    def _crumbs(self) -> list[str]:
        selectors = self.layout.breadcrumb if self.layout is not None else ()
        crumbs = [element_text([link]) for link in self._first(selectors)]
        crumbs = [crumb for crumb in crumbs if crumb]
        if crumbs and normalize(crumbs[0]) == HOME_CRUMB:
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
        selectors = self.layout.tags if self.layout is not None else ()
        tags = [element_text([link]) for link in self._first(selectors)]
        return list(dict.fromkeys(tag for tag in tags if tag))


def _date_texts(element: _Element, skip_classes: frozenset[str]) -> Iterator[str]:
    """Text of a date line, without label spans and without spans holding the English date."""
    yield element.text or ""
    frames = [(element, iter(element))]  # no recursion: a hostile page may nest deep
    while frames:
        current, children = frames[-1]
        child = next(children, None)
        if child is None:
            frames.pop()
            if frames:
                yield current.tail or ""
        elif (
            isinstance(child.tag, str)
            and skip_classes.isdisjoint((child.get("class") or "").split())
            and not (child.tag == "span" and _LATIN_LETTER.search(element_text([child])))
        ):
            yield child.text or ""
            frames.append((child, iter(child)))
        else:
            yield child.tail or ""


def _is_name(text: str) -> bool:
    """A byline value is short and not a sentence (so «گزارش: …» prose stays in the body)."""
    return 0 < len(text.strip()) <= _MAX_NAME_CHARS and not re.search(r"[.!؟?]$", text.strip())


def drop_read_more(blocks: list[Block]) -> list[Block]:
    """Remove «بیشتر بخوانید» blocks: the marker line, the rule above it and the links after it.

    The block may be one paragraph (``rule<br>بیشتر بخوانید:<br><a>…</a>``) or the marker followed
    by paragraphs made only of links; prose after the links is kept.
    """
    kept: list[Block] = []
    skipping_links = False
    for block in blocks:
        if skipping_links and block.link_only:
            continue
        skipping_links = False
        if _READ_MORE_WORD not in block.text:
            kept.append(block)
            continue
        lines = block.text.split("\n")
        marker = next(
            (i for i, line in enumerate(lines) if _READ_MORE.match(fold_letters(line))), None
        )
        if marker is None:
            kept.append(block)
            continue
        before = lines[:marker]
        while before and _RULE_LINE.match(before[-1]):
            before.pop()
        if kept and not before and _RULE_LINE.match(kept[-1].text):
            kept.pop()
        if before:
            kept.append(Block(text="\n".join(before), link_only=False))
        skipping_links = True
    return kept
