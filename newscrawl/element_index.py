"""``ElementIndex``: the simple CSS selectors of a page object, answered without XPath walks.

Every libxml2 XPath query (what parsel's ``.css()`` runs) walks the whole tree, and a page object
asks a dozen of them. The index walks the tree once, filing the elements that carry the class
tokens a page object names in its selectors, and answers these shapes:

- ``.class``, ``tag.class``: from the index (a token it was not built for is looked up once by
  XPath and remembered);
- ``tag``, ``tag[attr]``, ``tag[attr='value']``, ``tag[attr*='value']``: ``lxml``'s ``iter(tag)``,
  a tag-filtered walk in C, several times cheaper than the XPath walk;
- any of those, a descendant combinator, then any selector (``.news_path a``, ``h1.title a``):
  the rest runs under the one matching element (``iter(tag)`` for a lone tag, else XPath).

Answers are what ``css2xpath`` gives (``tests/test_page_css.py`` compares them): elements in
document order, the scope element itself included; tag and attribute names are matched in lower
case (HTML), class tokens and attribute values case-sensitively; class attributes split on XML
white space, as XPath's ``normalize-space`` splits them. Any other shape, or a descendant step under
several matches (whose results may overlap), is not answered (``None``): the caller runs XPath.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, cast

from lxml import etree
from parsel.csstranslator import HTMLTranslator, css2xpath

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lxml.etree import _Element

_XML_SPACE = re.compile(r"[ \t\n\r]+")
"""What XPath's ``normalize-space`` (so a CSS class selector) splits a class attribute on."""
_IDENT = r"-?[_a-zA-Z][_a-zA-Z0-9-]*"
_CLASS_TOKEN = re.compile(rf"\.({_IDENT})")
_SIMPLE = re.compile(
    r"(?P<tag>[a-zA-Z][a-zA-Z0-9]*)?"
    rf"(?:\.(?P<cls>{_IDENT})"
    r"|\[(?P<attr>[a-zA-Z][a-zA-Z0-9_-]*)"
    r"(?:(?P<op>\*?=)(?P<quote>['\"])(?P<value>[^'\"\\]+)(?P=quote))?\])?"
)
_THEN_DESCENDANTS = re.compile(r"(?P<head>[^\s>+~,]+)\s+(?P<rest>[^\s>+~,][^,]*)")
"""``head rest``: a selector without combinators, then (descendant combinator) one with no group."""
_TRANSLATOR = HTMLTranslator()
_WITH_CLASS = etree.XPath("descendant-or-self::*[@class]", smart_strings=False)


class _Simple(NamedTuple):
    """A compound selector of one tag and/or one class or attribute test."""

    tag: str
    cls: str | None
    attr: str | None
    op: str | None
    value: str | None


class _Nested(NamedTuple):
    head: _Simple
    rest: etree.XPath
    rest_tag: str | None
    """The rest's tag when the rest is a lone tag (``a``): then ``iter(tag)`` answers it."""


@lru_cache(maxsize=1024)
def _shape(css: str) -> _Simple | _Nested | None:
    """``css`` as a shape the index answers, or ``None``; parsed once per selector string."""
    parts = _SIMPLE.fullmatch(css)
    if parts is not None:
        if not (parts["tag"] or parts["cls"]):
            return None  # "", or "[attr]" alone (every element would have to be read)
        attr = parts["attr"].lower() if parts["attr"] else None
        tag = (parts["tag"] or "").lower()
        return _Simple(tag, parts["cls"], attr, parts["op"], parts["value"])
    nested = _THEN_DESCENDANTS.fullmatch(css)
    if nested is None:
        return None
    head = _shape(nested["head"])
    if not isinstance(head, _Simple):
        return None
    rest = _shape(nested["rest"])
    lone_tag = None
    if isinstance(rest, _Simple) and rest.cls is None and rest.attr is None:
        lone_tag = rest.tag
    return _Nested(head, css_query_below(nested["rest"]), lone_tag)


@lru_cache(maxsize=1024)
def css_query_below(css: str) -> etree.XPath:
    """``css`` compiled to XPath over the descendants of the context element only."""
    xpath = _TRANSLATOR.css_to_xpath(css, prefix="descendant::")
    return etree.XPath(xpath, regexp=False, smart_strings=False)


@lru_cache(maxsize=1024)
def css_query(css: str) -> etree.XPath:
    """``css`` compiled once into the XPath that parsel's ``.css()`` evaluates.

    Page objects run the same few dozen selectors on every page; compiling each once and
    evaluating it on lxml elements skips parsel's per-call translation, evaluator and ``Selector``
    objects, which cost more than the matching itself (README, Benchmark).
    """
    return etree.XPath(css2xpath(css), regexp=False, smart_strings=False)


def class_tokens(selectors: Iterable[object]) -> frozenset[str]:
    """The class tokens named in ``selectors`` (strings, or nested tuples of strings).

    >>> sorted(class_tokens([".body", ("h1.title a", (".news_path a",)), 3]))
    ['body', 'news_path', 'title']
    """
    tokens: set[str] = set()
    for selector in selectors:
        if isinstance(selector, str):
            tokens.update(_CLASS_TOKEN.findall(selector))
        elif isinstance(selector, tuple):
            tokens |= class_tokens(selector)
    return frozenset(tokens)


class ElementIndex:
    """Elements of one tree by class token (for the tokens asked for), in document order."""

    def __init__(self, root: _Element, classes: Iterable[str] = ()) -> None:
        self._root = root
        by_class: dict[str, list[_Element]] = {token: [] for token in classes}
        # XPath hands over only the elements with a class attribute: on a real page (1,200
        # elements, 700 with a class) that is a third cheaper than reading every element's class.
        for element in cast("list[_Element]", _WITH_CLASS(root)):
            value = element.get("class") or ""
            found = by_class.get(value)
            if found is not None:  # the usual case: one token, and a wanted one
                found.append(element)
                continue
            if "\t" in value or "\n" in value or "\r" in value:
                tokens = _XML_SPACE.split(value)
            elif " " in value:
                tokens = value.split(" ")
            else:
                continue  # one token, not wanted
            for token in dict.fromkeys(tokens):  # a token repeated in one attribute counts once
                found = by_class.get(token)
                if found is not None:
                    found.append(element)
        self._by_class = by_class

    def match(self, css: str, scope: _Element | None = None) -> list[_Element] | None:
        """Elements matching ``css`` in ``scope`` (itself included; default: the whole tree).

        ``None`` when ``css`` is not a shape the index answers (see the module docstring).
        """
        shape = _shape(css)
        if shape is None:
            return None
        if isinstance(shape, _Simple):
            return self._simple(shape, scope)
        containers = self._simple(shape.head, scope)
        if len(containers) > 1:
            return None
        if not containers:
            return []
        container = containers[0]
        if shape.rest_tag:  # descendants only: iter() starts with the container itself
            return [el for el in container.iter(shape.rest_tag) if el is not container]
        return cast("list[_Element]", shape.rest(container))

    def _simple(self, shape: _Simple, scope: _Element | None) -> list[_Element]:
        if shape.cls is not None:
            found = self._class(shape.cls)
            if shape.tag:
                found = [el for el in found if el.tag == shape.tag]
            if scope is not None and scope is not self._root:
                found = [el for el in found if _within(el, scope)]
            return found
        elements = (scope if scope is not None else self._root).iter(shape.tag)
        if shape.attr is None:
            return list(elements)
        attr, value = shape.attr, shape.value
        if value is None:
            return [el for el in elements if el.get(attr) is not None]
        if shape.op == "=":
            return [el for el in elements if el.get(attr) == value]
        return [el for el in elements if value in (el.get(attr) or "")]

    def _class(self, token: str) -> list[_Element]:
        found = self._by_class.get(token)
        if found is None:  # not asked for when the index was built: one XPath walk
            found = self._by_class[token] = cast(
                "list[_Element]", css_query(f".{token}")(self._root)
            )
        return found


def _within(element: _Element | None, scope: _Element) -> bool:
    """Whether ``element`` is ``scope`` or one of its descendants."""
    # lxml keeps one proxy per node while it is referenced (``scope`` is): ``is`` compares nodes.
    while element is not None:
        if element is scope:
            return True
        element = element.getparent()
    return False
