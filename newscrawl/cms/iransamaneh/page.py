"""The IranSamaneh article page object: its layouts, recognised first, then read in a stated order.

Markup reference: ``docs/reference/iransamaneh.md``. A page is first given a kind
(:attr:`IranSamanehArticlePage.kind`): the CMS's soft 404, one of its article :data:`LAYOUTS`
(the first one of whose containers or markers matches), or unknown. Only an article is read, with
its layout's selectors: each selector list is tried in order and the first that matches wins,
first inside the layout's article container, then page-wide (the old layout prints the date and
the breadcrumb outside it). Classes are matched as tokens because Bootstrap templates append
column classes.

What the body keeps: every block of the body element except the layout's ``body_exclude``
elements, a «بیشتر بخوانید» block, lines holding no letter or digit («-», «***»), editor and
byline lines (they become ``editor`` and ``authors``) and the agency's sign-off at its end
(«انتهای پیام», «انتهای پیام/م», «انتهای خبر/» …).
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from newscrawl.cms.iransamaneh.urls import article_id
from newscrawl.pages import ArticlePage, PageKind, read_id, same_origin
from newscrawl.text import dates
from newscrawl.text.blocks import Block, drop_marked_links, element_text, extract_blocks
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
# Byline and editor lines as printed at the end (or start) of the body: «دبیر:وجیهه مرادی».
# The label before a line's first colon (folded; the name after it is checked by _is_name).
_EDITOR_LABEL = re.compile(r"دبیر\s*")
_AUTHOR_LABEL = re.compile(r"(?:نویسنده|خبرنگار|گزارش)\s*")
_MAX_NAME_CHARS = 60
# The agency's closing line (folded letters): «انتهای پیام», «انتهای پیام/م», «/انتهای خبر/»,
# «انتهای پیام/ ۱۲۳», «پایان خبر». Seen on yjc (iransamaneh.md 2.2) and sibling sites (issue 18).
_SIGN_OFF_WORDS = r"(?:انتهای|پایان)[\s\u200c]*(?:پیام|خبر|متن|گزارش)"
_SIGN_OFF_CODE = r"(?:\s*/\s*[\w\u200c]{0,6})?\s*/?"
_SIGN_OFF_LINE = re.compile(rf"\s*/?\s*{_SIGN_OFF_WORDS}{_SIGN_OFF_CODE}\s*")
_SIGN_OFF_GLUED = re.compile(r"\s+/?\s*انتهای[\s\u200c]*(?:پیام|خبر)\s*/[\w\u200c]{0,6}\s*/?\s*$")


@dataclass(frozen=True)
class Layout:
    """One article layout of the CMS: how it is recognised, and the selectors that read it.

    Every value is a tuple of CSS selectors tried in order. A page has this layout when one of
    its ``container`` or ``markers`` selectors matches. ``container``: the article's element,
    searched before the whole page; a layout without one is read page-wide. ``body_exclude``:
    elements inside the body element that are no part of the article's text.

    The fields read page-wide (id, date, breadcrumb, tags) try first the element the evidence
    shows (a ``div``): a tag walk tests that tag only, a class walk every element of the page.
    The class alone follows, for a template that prints it on another element.
    """

    name: str
    markers: tuple[str, ...] = ()
    container: tuple[str, ...] = ()
    news_id: tuple[str, ...] = ("div.news_id_c", ".news_id_c", ".news_id")
    # rutitr_body: seen on sibling sites' real pages (issue 18); the others in Targoman's configs
    kicker: tuple[str, ...] = (
        ".rutitr",
        ".rutitr_body",
        ".news-rutitr",
        ".news_rutitr",
        ".newspage_rutitr",
        ".newspage-rutitr",
        ".rotitr",
    )
    title: tuple[str, ...] = ("h1.title a", "h1.Htag a", "h1 a", "h1")
    lead: tuple[str, ...] = (".subtitle", ".news-subtitle", ".subtitle-news")
    body: tuple[str, ...] = (".body", ".body_news", "#newsMainBody")
    body_exclude: tuple[str, ...] = ()
    date: tuple[str, ...] = ("div.news_pdate_c", ".news_pdate_c", ".photo_pdate")
    date_labels: tuple[str, ...] = ("news_nav_title", "news_title", "en_date")
    """Classes of the spans inside the date line that are no part of the date."""
    breadcrumb: tuple[str, ...] = ("div.news_path a", ".news_path a")
    tags: tuple[str, ...] = ("div.tags_container a", ".tags_container a", ".tags_title a")

    @property
    def recognised_by(self) -> tuple[str, ...]:
        """The selectors any one of which gives a page this layout: containers, then markers."""
        return self.container + self.markers


OLD = Layout(
    name="old",
    container=(
        "div[style*='direction: right']",  # asrpress family (Targoman 2024)
        "div[style*='direction: rtl']",  # entekhab 2015, kayhan and ~30 sites in Targoman's configs
    ),
)
"""The old layout (iransamaneh.md 2.1): ``news_toolbar`` with the id and the date line, and
``news_tools`` with the breadcrumb, above an inline-styled ``<div style="direction: …">``
holding kicker, title, lead and body."""

BOOTSTRAP = Layout(
    name="bootstrap",
    container=(".gutter_news", ".col1-news"),  # tabnak 2018 (real page); asriran 2020 scrapers
    markers=(".news_navbox", ".padd_news_gutter"),  # tabnak 2018; bartarinha 2018 (real page)
)
"""The Bootstrap layout (iransamaneh.md 2.1): the old layout's class names in ``col-*`` rows,
the id and date in ``news_navbox`` or ``padd_news_gutter`` rows."""

YJC = replace(
    BOOTSTRAP,
    name="yjc",
    # Not Targoman's .news-box: a class name sidebars print too; yjc's own classes are specific.
    container=(".news_body_serv2",),
    markers=(".baznashr-body",),
    title=(".title-news", ".baznashr-title", *BOOTSTRAP.title),
    lead=("strong.news_strong", ".baznashr-subtitle", *BOOTSTRAP.lead),
    body=(".baznashr-body", *BOOTSTRAP.body),
    body_exclude=(".path_bottom_body",),
    date=(".date-color-news", *BOOTSTRAP.date),
    breadcrumb=(".path_bottom_body a", *BOOTSTRAP.breadcrumb),
    tags=(".tag_items a", *BOOTSTRAP.tags),
)
"""YJC's template (Targoman's yjc config, 2025; public yjc scrapers of 1402), recognised by its
``div.baznashr-body`` and read page-wide with selectors only it prints: the title in
``span.title-news``, the lead in ``strong.news_strong``, the body in ``div.baznashr-body``
whose last child is the breadcrumb ``div.path_bottom_body`` (site name » service » category),
the date in ``.date-color-news``, tags in ``div.tag_items``."""

IRIBNEWS = replace(
    BOOTSTRAP,
    name="iribnews",
    container=(".news_general_dl", ".photo_body"),
    markers=(".news_path2",),
    title=("h1.title_news span", "h1.title_news", ".video_title", *BOOTSTRAP.title),
    lead=("p.subtitle", ".photo_subtitle", *BOOTSTRAP.lead),
    body=(
        ".body_media_content_show",
        ".news_album_main_part",
        ".video_content",
        *BOOTSTRAP.body,
    ),
    date=(".news_pdate_c", ".photo_pub_date"),
    breadcrumb=(".news_path2 a", *BOOTSTRAP.breadcrumb),
)
"""IRIB News's template (Targoman's iribnews config, 2025; an iribnews Scrapy spider): the
article in ``div.news_general_dl``, the title in ``h1.title.title_news > span`` (which carries the
article's ``href``), the lead in ``p.subtitle``, the body in ``div.body_media_content_show``, the
breadcrumb in ``div.news_path2``; photo pages in ``div.photo_body``."""

LAYOUTS: tuple[Layout, ...] = (YJC, IRIBNEWS, BOOTSTRAP, OLD)
"""The article layouts, in the order they are recognised: the site templates first (their
markers are classes only they print), then Bootstrap, whose markers are CMS class names, then
the old layout, because an inline direction style can also turn up in HTML pasted into a
Bootstrap page's body (iransamaneh.md 2.1, 4)."""


def tried_first(layout: Layout, **selectors: str | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Overrides (for ``Site.overrides``) that try ``selectors`` before ``layout``'s own.

    A site's evidence names the selectors its pages use (Targoman's configs); the layout's own
    stay behind them, so a page still reads where the evidence has gone stale.

    >>> tried_first(OLD, title="h2")["title"]
    ('h2', 'h1.title a', 'h1.Htag a', 'h1 a', 'h1')
    >>> tried_first(OLD, date=(".news_pdate_c", "time"))
    {'date': ('.news_pdate_c', 'time', 'div.news_pdate_c', '.photo_pdate')}
    """
    return {
        field: tuple(
            dict.fromkeys(((value,) if isinstance(value, str) else value) + getattr(layout, field))
        )
        for field, value in selectors.items()
    }


class IranSamanehArticlePage(ArticlePage):
    """Article pages of sites built on the IranSamaneh CMS, in any of its :data:`LAYOUTS`."""

    layouts: ClassVar[tuple[Layout, ...]] = LAYOUTS
    not_found_css: ClassVar[tuple[str, ...]] = ("div.error_container",)
    """The soft 404: HTTP 200 with ``div.error_container`` (seen on kayhan)."""

    # --- what the page is ---

    @cached_property
    def layout(self) -> Layout | None:
        """The first layout one of whose containers or markers matches, or None.

        The site's declared layout (``Site.layout``) is tried first: most pages of a site show
        it, and each layout tried costs walks of the page. The others follow in their order.
        """
        declared = [layout for layout in self.layouts if layout.name == self.declared_layout]
        for layout in dict.fromkeys([*declared, *self.layouts]):
            if any(self.css(css) for css in layout.recognised_by):
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
        return self.first(selectors, scope)

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
        return read_id(to_ascii_digits(element_text(self._in_article("news_id")[:1])))

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
        """The first kicker selector whose first match has text, in the container first.

        An empty ``div.rutitr`` does not hide a ``div.rutitr_body`` beside it; a kicker found
        empty in the container is not looked for elsewhere on the page (sidebars have kickers).
        """
        if self.layout is None:
            return None
        for scope in (self.root, None):
            found = False
            for css in self.layout.kicker:
                matches = self.css(css, scope)
                if matches and (text := element_text(matches[:1])):
                    return text
                found = found or bool(matches)
            if found:
                return None
        return None

    @property
    def lead(self) -> str | None:
        return self._text("lead")

    # --- body and what is split off it ---

    @cached_property
    def body_element(self) -> _Element | None:
        """The layout's body element; a copy without its ``body_exclude`` elements if it has any."""
        found = self._in_article("body")
        if not found or self.layout is None or not self.layout.body_exclude:
            return found[0] if found else None
        body = copy.deepcopy(found[0])
        for css in self.layout.body_exclude:
            for element in self.css(css, body):
                _remove_keeping_tail(element)
        return body

    @cached_property
    def body_blocks(self) -> list[Block]:
        body = self.body_element
        return drop_read_more(extract_blocks(body)) if body is not None else []

    @cached_property
    def _body_split(self) -> tuple[list[str], str | None, list[str]]:
        """(paragraphs, editor, authors): editor and byline lines leave the body."""
        paragraphs: list[str] = []
        editor: str | None = None
        authors: list[str] = []
        for block in self.body_blocks:
            kept: list[str] = []
            for line in block.text.split("\n"):
                if not _has_word(line):  # «-», «***»: a separator, not text
                    continue
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
        return drop_sign_off(paragraphs), editor, authors

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
        body = self.body_element
        title = normalize(self.title or "")
        images: list[Image] = []
        for img in self.css("img", body) if body is not None else []:
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
        """The breadcrumb's link texts, without a first crumb naming the home page.

        The home crumb reads «صفحه نخست» (asrpress, entekhab) or the site's name linking to ``/``
        (yjc: «باشگاه خبرنگاران جوان»).
        """
        selectors = self.layout.breadcrumb if self.layout is not None else ()
        links = [link for link in self._first(selectors) if element_text([link])]
        if links and (normalize(element_text(links[:1])) == HOME_CRUMB or _is_home(links[0])):
            links = links[1:]
        return [element_text([link]) for link in links]

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


def _is_home(link: _Element) -> bool:
    """Whether a link goes to the site's home page (``/``, or a host with no path)."""
    try:
        parts = urlsplit((link.get("href") or "").strip())
    except ValueError:
        return False
    return bool(link.get("href")) and parts.path in ("", "/") and not parts.query


def _has_word(line: str) -> bool:
    """Whether a line holds a letter or a digit (else it is punctuation: «-», «***», «…»).

    >>> _has_word("***"), _has_word(" - "), _has_word("۱۲"), _has_word("*#06#")
    (False, False, True, True)
    """
    return any(char.isalnum() for char in line)


def _remove_keeping_tail(element: _Element) -> None:
    """Remove ``element`` from its tree; the text after it stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def drop_sign_off(paragraphs: list[str]) -> list[str]:
    """Remove the agency's sign-off from the end of the body.

    A last line that is only a sign-off goes («انتهای پیام», «انتهای پیام/م», «/انتهای خبر/»,
    «پایان خبر»); so does one glued to the end of the last sentence when it has its slash
    («… دیدار کرد. انتهای پیام/»). Prose that merely ends in «پایان» stays.

    >>> drop_sign_off(["متن خبر.", "انتهای پیام/م"]), drop_sign_off(["متن خبر. انتهای پیام/"])
    (['متن خبر.'], ['متن خبر.'])
    >>> drop_sign_off(["جلسه را تا پایان خبر داد."])
    ['جلسه را تا پایان خبر داد.']
    """
    kept = list(paragraphs)
    while kept:
        *lines, last = kept[-1].split("\n")
        folded = fold_letters(last)
        if _SIGN_OFF_LINE.fullmatch(folded):
            trimmed = lines
        elif glued := _SIGN_OFF_GLUED.search(folded):
            trimmed = [*lines, last[: glued.start()].rstrip()]
        else:
            break
        if any(line.strip() for line in trimmed):
            kept[-1] = "\n".join(trimmed)
        else:
            kept.pop()
    return kept


def _is_name(text: str) -> bool:
    """A byline value is short and not a sentence (so «گزارش: …» prose stays in the body)."""
    return 0 < len(text.strip()) <= _MAX_NAME_CHARS and not re.search(r"[.!؟?]$", text.strip())


def drop_read_more(blocks: list[Block]) -> list[Block]:
    """Remove «بیشتر بخوانید» blocks (the marker, the rule above it, the links after it)."""
    return drop_marked_links(blocks, lambda line: _READ_MORE.match(fold_letters(line)), _RULE_LINE)
