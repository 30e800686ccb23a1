r"""Turn page elements into text the way a reader sees it: a body into blocks, a title into a line.

Rules: every block-level element starts a new block; ``<br>`` is a line break (``"\\n"``) inside a
block, and two or more ``<br>`` in a row separate blocks; HTML white space folds to one space;
images, scripts, styles, frames, forms and elements whose class marks them as ads or layout
helpers contribute no text (an image's ``alt``/``title`` is never text). Characters are not
otherwise cleaned here: that is ``newscrawl.text.normalize.normalize``'s job.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from lxml.etree import _Element

# The elements a browser displays as blocks (or table rows and cells) by default: their edges
# separate text that sits side by side in the markup.
_BLOCK_TAG_NAMES = (
    "address article aside blockquote caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav "
    "ol p pre section summary table tbody td tfoot th thead tr ul"
)
BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_SKIP_TAG_NAMES = (
    "audio button canvas embed iframe img input map noscript object script select source "
    "style svg template textarea video"
)
SKIP_TAGS = frozenset(_SKIP_TAG_NAMES.split())
SKIP_CLASS = re.compile(r"(?:^|\s)(?:adv\w*|ads?|banner|wrapper|share\w*|social\w*)(?:\s|$)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n[\s]*")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def fold_html_space(text: str) -> str:
    r"""Fold runs of HTML white space (not NBSP, not ZWNJ) to one space, as a browser renders them.

    >>> fold_html_space("  a\n\t b ")
    ' a b '
    """
    return _HTML_SPACE.sub(" ", text)


def element_text(elements: Iterable[_Element]) -> str:
    r"""The text of ``elements`` on one line, as a browser renders it; stripped.

    Text inside inline elements joins its neighbours as it is (``عصر<b>پرس</b>`` is one word);
    a block element (``BLOCK_TAGS``) or ``<br>`` is a space, and so is the gap between two of
    ``elements``. Comments and the descendants the body skips by tag (``SKIP_TAGS``: scripts,
    styles, images, ...) give no text; unlike the body, classes do not: a title, lead or tag is
    never an ad, and a class name (``wrapper``) must not empty it. HTML white space is folded.

    >>> from lxml.html import fragment_fromstring
    >>> paragraph = fragment_fromstring("<p> a<!-- no --><b>b</b>\n c<br>d<script>x</script></p>")
    >>> element_text([paragraph])
    'ab c d'
    """
    parts: list[str] = []
    for element in elements:
        if parts:
            parts.append(" ")
        _inline_text(element, parts)
    return fold_html_space("".join(parts)).strip()


def _inline_text(element: _Element, parts: list[str]) -> None:
    """Append the text of ``element`` and its descendants to ``parts``, without recursion."""
    parts.append(element.text or "")
    frames = [(element, iter(element), False)]  # (element, its children to come, spaced)
    while frames:
        current, children, spaced = frames[-1]
        child = next(children, None)
        if child is not None:
            tag = child.tag
            if isinstance(tag, str) and (tag := tag.lower()) not in SKIP_TAGS:
                spaced_child = tag in BLOCK_TAGS or tag == "br"
                parts.append(" " if spaced_child else "")
                parts.append(child.text or "")
                frames.append((child, iter(child), spaced_child))
            else:
                parts.append(child.tail or "")
            continue
        frames.pop()
        if frames:  # the end of a descendant: its closing space, then its tail
            parts.append(" " if spaced else "")
            parts.append(current.tail or "")


class Block(NamedTuple):
    """One paragraph of text, with what kind of text it is made of (a tuple: cheap to make)."""

    text: str
    """Lines joined by ``"\\n"``, each stripped of surrounding white space; never empty."""

    link_only: bool
    """All of the block's text sits inside links (a related-links line, not prose)."""


class _Collector:
    """Accumulates text of the current block; flushes finished blocks into ``blocks``."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._plain_chars = 0
        self._link_chars = 0

    def add(self, text: str, in_link: bool) -> None:
        if not text:
            return
        if not text.strip(" \t\n\r\f"):  # half the pieces: the newline between two tags
            self._parts.append(" ")
            return
        self._parts.append(fold_html_space(text))
        visible = len(text.strip())
        if in_link:
            self._link_chars += visible
        else:
            self._plain_chars += visible

    def line_break(self) -> None:
        self._parts.append("\n")

    def flush(self) -> None:
        if not self._parts:  # a block element right after another: nothing in between
            return
        raw = "".join(self._parts)
        link_only = self._link_chars > 0 and self._plain_chars == 0
        self._parts, self._plain_chars, self._link_chars = [], 0, 0
        if "\n" not in raw:  # no <br> (HTML line breaks are folded by now): one line
            if text := raw.strip():
                self.blocks.append(Block(text=text, link_only=link_only))
            return
        # Two <br> in a row end a paragraph in old CMS content (<div align="justify">…<br><br>…).
        for chunk in _BLANK_LINE.split(raw):
            lines = [line.strip() for line in chunk.split("\n")]
            text = "\n".join(line for line in lines if line)
            if text:
                self.blocks.append(Block(text=text, link_only=link_only))


def _is_skipped(element: _Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return True
    classes = element.get("class")  # most elements have none: no regex for them
    return tag.lower() in SKIP_TAGS or bool(classes and SKIP_CLASS.search(classes))


def _walk(root: _Element, out: _Collector) -> None:
    """Collect the blocks under ``root`` in document order, without recursion (pages nest deep).

    The tail of an element (the text after its end tag) belongs to its parent: it is added once
    the element is done, in the parent's link state.
    """
    frames = [(root, iter(root), False, False)]  # (element, children to come, in a link, block)
    while frames:
        element, children, in_link, block = frames[-1]
        child = next(children, None)
        if child is None:
            frames.pop()
            if frames:
                if block:
                    out.flush()
                out.add(element.tail or "", frames[-1][2])
            continue
        if _is_skipped(child):
            out.add(child.tail or "", in_link)
            continue
        tag = child.tag.lower()
        if tag == "br":
            out.line_break()
            out.add(child.tail or "", in_link)
        elif tag in BLOCK_TAGS:
            out.flush()
            out.add(child.text or "", in_link)
            frames.append((child, iter(child), in_link, True))
        else:
            link = in_link or (tag == "a" and bool(child.get("href")))
            out.add(child.text or "", link)
            frames.append((child, iter(child), link, False))


def extract_blocks(element: _Element) -> list[Block]:
    r"""The text blocks of ``element`` in document order (see the module docstring for the rules).

    >>> from lxml.html import fragment_fromstring
    >>> body = fragment_fromstring(
    ...     '<div><p><img alt="T">First <b>one</b><br>line two</p>'
    ...     '<script>var x;</script><p><a href="/x">only a link</a></p>tail</div>')
    >>> [(b.text, b.link_only) for b in extract_blocks(body)]
    [('First one\nline two', False), ('only a link', True), ('tail', False)]
    """
    out = _Collector()
    out.add(element.text or "", False)
    _walk(element, out)
    out.flush()
    return out.blocks


def drop_marked_links(
    blocks: list[Block], is_marker: Callable[[str], object], rule: re.Pattern[str]
) -> list[Block]:
    """Remove «بیشتر بخوانید» ("read more") blocks: the marker, the rule above it, the links after.

    ``is_marker`` tells the CMS's marker line, ``rule`` a line that only draws a rule. The marker
    may sit in a paragraph (``rule<br>بیشتر بخوانید:<br><a>…</a>``, the links on its following
    lines) or be followed by paragraphs made only of links; prose after the links is kept.
    """
    kept: list[Block] = []
    skipping_links = False
    for block in blocks:
        if skipping_links and block.link_only:
            continue
        skipping_links = False
        lines = block.text.split("\n")
        marker = next((i for i, line in enumerate(lines) if is_marker(line)), None)
        if marker is None:
            kept.append(block)
            continue
        before = lines[:marker]
        while before and rule.match(before[-1]):
            before.pop()
        if kept and not before and rule.match(kept[-1].text):
            kept.pop()
        if before:
            kept.append(Block(text="\n".join(before), link_only=False))
        skipping_links = True
    return kept
