"""Slugs and short links as the Nastooh CMS writes them (raw Unicode slugs, ``/x`` short codes)."""

from __future__ import annotations

import re

_DROP = re.compile(r"[^\w\u200c\s-]+")
_DASHES = re.compile(r"[\s\u200c-]+")
_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def slugify(title: str) -> str:
    """The slug of a title: punctuation dropped, spaces and ZWNJs to ``-`` (as Mehr's slugs).

    >>> slugify("رهبر انقلاب: دعوت بعثت «همچنان» ادامه دارد")
    'رهبر-انقلاب-دعوت-بعثت-همچنان-ادامه-دارد'
    >>> slugify("بیمارستان‌ها آماده‌اند")
    'بیمارستان-ها-آماده-اند'
    """
    return _DASHES.sub("-", _DROP.sub("", title)).strip("-")


def short_code(news_id: int) -> str:
    """The code of an item's short link ``/x{code}`` (base 62 of the id).

    >>> short_code(6100000), decode_short_code(short_code(6100000))
    ('pAT6', 6100000)
    """
    chars = []
    while True:
        news_id, digit = divmod(news_id, 62)
        chars.append(_BASE62[digit])
        if not news_id:
            return "".join(reversed(chars))


def decode_short_code(code: str) -> int | None:
    """The id of a short-link code, else None."""
    if not code or any(c not in _BASE62 for c in code):
        return None
    value = 0
    for c in code:
        value = value * 62 + _BASE62.index(c)
    return value
