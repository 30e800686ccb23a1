"""The IranSamaneh CMS (asrpress, asriran, tabnak, yjc, kayhan …): its article page object.

Markup reference: ``docs/reference/iransamaneh.md``. Selectors are class attributes so a site's
page object overrides values, not methods. Every selector list is tried in order and the first
that matches wins; classes are matched as tokens because Bootstrap templates append column classes.

A page is read only if it shows one of the CMS's documented layouts (:attr:`layout`); on any other
page the article fields (title, kicker, lead, body, images) are empty, so the validation pipeline
rejects it as ``missing title, body…`` instead of exporting text scraped from the whole page.
"""

from __future__ import annotations

import contextlib
import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from newscrawl.pages import ArticlePage, cached_property
from newscrawl.text import dates
from newscrawl.text.blocks import Block, element_text, extract_blocks
from newscrawl.text.normalize import fold_letters, normalize, to_ascii_digits

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.etree import _Element

    from newscrawl.items import Image

logger = logging.getLogger(__name__)

NEWS_PATH = re.compile(r"/fa/news/(\d+)(?:/|$)")
NOT_FOUND_TEXT = "صفحه درخواستی شما موجود نمی باشد"
HOME_CRUMB = "صفحه نخست"
# The English date printed after the Persian one when it is not in a span of its own.
_ENGLISH_DATE_TAIL = re.compile(r"\s*-?\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*$")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_EDGE_CHARS = " -–—"  # dashes and spaces around a date line once its English date is gone
_RULE_LINE = re.compile(r"^[-_–—=ـ.*\s]{5,}$")
_READ_MORE = re.compile(r"^(?:[-_–—=ـ\s]*)بیشتر بخوانید")
_READ_MORE_WORD = "بخوان"  # in every line _READ_MORE matches: none of its letters is ever folded
# Byline and editor lines as printed at the end (or start) of the body: «دبیر:وجیهه مرادی».
# The label before a line's first colon (folded; the name after it is checked by _is_name).
_EDITOR_LABEL = re.compile(r"دبیر\s*")
_AUTHOR_LABEL = re.compile(r"(?:نویسنده|خبرنگار|گزارش)\s*")
_MAX_NAME_CHARS = 60


def news_id_of(url: str) -> int | None:
    """The article id in an article URL (``/fa/news/{id}`` with or without a slug), or None.

    >>> news_id_of("https://asrpress.ir/fa/news/104/slug"), news_id_of("https://asrpress.ir/x")
    (104, None)
    """
    match = NEWS_PATH.search(url)
    return int(match.group(1)) if match else None


# Each layout's article containers, which also mark the layout (iransamaneh.md 2.1).
_BOOTSTRAP_CONTAINERS = (".gutter_news", ".col1-news")  # tabnak 2018; asriran 2020 scrapers
_OLD_CONTAINERS = (
    "div[style*='direction: right']",  # asrpress family (Targoman 2024)
    "div[style*='direction: rtl']",  # entekhab/kayhan family
)


class IranSamanehArticlePage(ArticlePage):
    """Article pages of sites built on the IranSamaneh CMS, old and Bootstrap layouts alike."""

    root_css: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("bootstrap", _BOOTSTRAP_CONTAINERS),
        ("old", _OLD_CONTAINERS),
    )
    """``(layout, containers)``: the article container is the first match for the page's layout.

    A layout whose container is not listed is read page-wide (``<body>``); a page of no known
    layout has no article fields, and its title link is looked for page-wide too. Looking only
    for the page's own layout's containers keeps a ``direction`` style pasted into a Bootstrap
    article's body from being taken for the container, and spares Bootstrap pages two reads of
    every ``div``'s style (1 % of reading tabnak's page)."""
    layout_css: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        # Bootstrap first: its markers are CMS class names, while an inline direction style can
        # also turn up in HTML pasted into a Bootstrap page's body.
        ("bootstrap", (*_BOOTSTRAP_CONTAINERS, ".news_navbox", ".padd_news_gutter")),
        ("old", _OLD_CONTAINERS),
    )
    """``(layout, markers)``: a page has the first layout one of whose markers matches (2.1, 4)."""
    not_found_css: ClassVar[tuple[str, ...]] = (".error_container",)
    """The soft 404: HTTP 200 with ``div.error_container`` (seen on kayhan)."""
    news_id_css: ClassVar[tuple[str, ...]] = (".news_id_c", ".news_id")
    kicker_css: ClassVar[tuple[str, ...]] = (".rutitr", ".news-rutitr", ".news_rutitr", ".rotitr")
    title_css: ClassVar[tuple[str, ...]] = ("h1.title a", "h1.Htag a", "h1 a", "h1")
    lead_css: ClassVar[tuple[str, ...]] = (".subtitle",)
    body_css: ClassVar[tuple[str, ...]] = (".body", ".body_news", "#newsMainBody")
    date_css: ClassVar[tuple[str, ...]] = (".news_pdate_c", ".photo_pdate")
    date_label_classes: ClassVar[frozenset[str]] = frozenset(
        {"news_nav_title", "news_title", "en_date"}
    )
    breadcrumb_css: ClassVar[str] = ".news_path a"
    tags_css: ClassVar[str] = ".tags_container a"

    # --- page-level facts ---

    def is_not_found(self) -> bool:
        """The CMS's soft 404: :attr:`not_found_css` matches, or the page title says so."""
        return bool(self._first(self.not_found_css)) or NOT_FOUND_TEXT in self.page_title

    @cached_property
    def layout(self) -> str | None:
        """``"bootstrap"``, ``"old"``, or ``None`` when the page shows no documented layout."""
        for name, markers in self.layout_css:
            if any(self.css(css) for css in markers):
                return name
        return None

    @cached_property
    def root(self) -> _Element:
        """The article container (:attr:`root_css`), else ``<body>``, else ``<html>``."""
        containers = next((css for name, css in self.root_css if name == self.layout), ())
        found = self._first(containers) or self._first(("body",))
        return found[0] if found else self.document

    def _first(self, selectors: tuple[str, ...], scope: _Element | None = None) -> list[_Element]:
        """Matches of the first selector in ``selectors`` that matches anything in ``scope``."""
        for css in selectors:
            found = self.css(css, scope)
            if found:
                return found
        return []

    def _in_article(self, selectors: tuple[str, ...]) -> list[_Element]:
        """First match in the article container, else page-wide; none if the layout is unknown."""
        if self.layout is None:
            return []
        return self._first(selectors, self.root) or self._first(selectors)

    def _text(self, selectors: tuple[str, ...]) -> str | None:
        return element_text(self._in_article(selectors)[:1]) or None

    # --- fields ---

    @cached_property
    def news_id(self) -> int | None:
        from_url = news_id_of(self.response.url)
        if from_url is not None:
            return from_url
        printed = to_ascii_digits(element_text(self._first(self.news_id_css)[:1]))
        digits = re.search(r"\d+", printed)
        return int(digits.group()) if digits else None

    @cached_property
    def url(self) -> str | None:
        """The title link (canonical, slugged) when it names this id, else the response URL."""
        links = self._first(self.title_css, self.root)
        href = next((el.get("href") for el in links if el.get("href") is not None), None)
        if href and self.news_id is not None and news_id_of(href) == self.news_id:
            with contextlib.suppress(ValueError):  # unresolvable: the response URL instead
                return self.absolute_url(href)
        return self.absolute_url(self.response.url)

    @cached_property
    def title(self) -> str | None:
        if self.layout is None:
            return None
        return self._text(self.title_css) or self.meta_content("og:title") or None

    @property
    def kicker(self) -> str | None:
        return self._text(self.kicker_css)

    @property
    def lead(self) -> str | None:
        return self._text(self.lead_css)

    # --- body and what is split off it ---

    @cached_property
    def body_blocks(self) -> list[Block]:
        found = self._in_article(self.body_css)
        if not found:
            return []
        return drop_read_more(extract_blocks(found[0]))

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
                # Only the short label is folded: folding a whole paragraph cost more than the rest.
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
        found = self._in_article(self.body_css)
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
        line = self._first(self.date_css)[:1]
        if not line:
            return None
        texts = list(_date_texts(line[0], self.date_label_classes))
        text = " ".join(" ".join(texts).split())  # the only white space left: single spaces
        if _LATIN_LETTER.search(text):  # an English date not in a span of its own
            text = _ENGLISH_DATE_TAIL.sub("", text)
        return text.strip(_EDGE_CHARS) or None

    @cached_property
    def published_at(self) -> str | None:
        printed = self._parse_printed_date()
        meta = self._parse_meta_date()
        if printed and meta and printed != meta:
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
        for obj in self.json_ld:  # read only when the meta tag gave nothing that parses
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
        crumbs = [element_text([link]) for link in self.css(self.breadcrumb_css)]
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
        tags = [element_text([link]) for link in self.css(self.tags_css)]
        return list(dict.fromkeys(tag for tag in tags if tag))


def _date_texts(element: _Element, skip_classes: frozenset[str]) -> Iterator[str]:
    """Text of a date line, without label spans and without spans holding the English date."""
    yield element.text or ""
    for child in element:
        if (
            isinstance(child.tag, str)
            and skip_classes.isdisjoint((child.get("class") or "").split())
            and not (child.tag == "span" and _LATIN_LETTER.search(element_text([child])))
        ):
            yield from _date_texts(child, skip_classes)
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
        if _READ_MORE_WORD not in block.text:  # most blocks: no need to fold and match each line
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
