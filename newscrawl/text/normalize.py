r"""Normalize Persian text fields without changing what the text says.

The policy (``docs/reference/persian-text.md``): Arabic ي/ى become Persian ی,
ك becomes ک and ھ becomes ه; Arabic-Indic digits become Persian digits, while Persian
and ASCII digits in text are kept as printed (URLs, decimals, times and ids live in
text; structured fields use :func:`to_ascii_digits`). Arabic presentation forms are
NFKC-folded one by one and the whole text is NFC, never NFKC. Tatweel, harakat
(U+064B-0652), bidi controls, BOM, ZWSP, word joiner, soft hyphens and control characters
(C0 and C1, but tab and line breaks) are removed.
ZWNJ (U+200C) is kept, runs of it collapse to one, and a ZWNJ that does not sit
between a letter and a letter is dropped; lost ZWNJs are never guessed, and ZWJ is
kept (emoji). Unicode spaces become a plain space, runs of spaces collapse, lines are
trimmed, line breaks become LF, a break inside a paragraph stays one ``\n`` and
paragraphs are separated by exactly one blank line. There is no space before
``، ؛ ؟`` nor before ``. : !`` that end a word, and none just inside « ». Hamza forms
and ة are kept. :func:`normalize` is idempotent.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["collapse_whitespace", "fold_letters", "normalize", "to_ascii_digits"]

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"

# Arabic letter variants -> the Persian letter (T01-T03, T47).
_LETTER_FOLDS = {
    "\u064a": "ی",  # Arabic yeh ي
    "\u0649": "ی",  # alef maksura ى
    "\u0643": "ک",  # Arabic kaf ك
    "\u06be": "ه",  # heh doachashmee ھ
}

# Characters removed from text (T08, T09, T13, T14, T40).
_REMOVED = (
    "\u0640"  # tatweel (kashida)
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"  # tanwin, harakat, shadda, sukun
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\ufeff\u200b\u2060\u00ad"  # BOM, ZWSP, word joiner, soft hyphen
    # Control characters (BEL, ESC, NUL … and C1) but tab and the line breaks mapped below.
    + "".join(chr(code) for code in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85)])
    + "".join(chr(code) for code in range(0x86, 0xA0))
)

# Unicode spaces (and tab) that become a plain space (T15, T16).
_SPACES = (
    "\t\u00a0\u1680"  # tab, NBSP, ogham space
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"  # en quad .. hair space
    "\u202f\u205f\u3000"  # narrow NBSP, medium math space, ideographic space
)

# Line and paragraph separators other than CR/LF.
_LINE_BREAKS = {
    "\x0b": "\n",  # vertical tab
    "\x0c": "\n",  # form feed
    "\x85": "\n",  # NEL
    "\u2028": "\n",  # LINE SEPARATOR
    "\u2029": "\n\n",  # PARAGRAPH SEPARATOR
}

_FOLD_TABLE = str.maketrans(_LETTER_FOLDS)

_ASCII_DIGITS_TABLE = str.maketrans(_PERSIAN_DIGITS + _ARABIC_INDIC_DIGITS, "0123456789" * 2)

# Each character the policy replaces or removes (by its table entry), and a pattern finding them:
# they are rare in a text, and ``str.translate`` would look every character of it up.
_REPLACEMENTS: dict[str, str] = {
    **_LETTER_FOLDS,
    **dict(zip(_ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS, strict=True)),  # T06
    **dict.fromkeys(_REMOVED, ""),
    **dict.fromkeys(_SPACES, " "),
    **_LINE_BREAKS,
}
_REPLACED = re.compile("[" + re.escape("".join(_REPLACEMENTS)) + "]")

# Arabic presentation forms A and B, folded one run at a time by NFKC (T04, T05).
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")

# Combining marks that may carry a ZWNJ after them (madda, hamza, superscript alef, ...).
_MARKS = (
    "\u0300-\u036f"  # Latin combining diacritics
    "\u0610-\u061a\u064b-\u065f\u0670"  # Arabic marks, madda/hamza above, superscript alef
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Quranic annotation marks
)

# The rules after the table, applied in order: (pattern, replacement).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # CRLF and lone CR -> LF (T48).
    (re.compile(r"\r\n?"), "\n"),
    # Runs of ZWNJ -> one ZWNJ (T11).
    (re.compile("\u200c\u200c+"), "\u200c"),
    # A ZWNJ not preceded by a letter/mark or not followed by a letter is dropped:
    # next to a space, at a string or line edge, beside a digit or punctuation (T12, T43).
    (re.compile(rf"\u200c(?:(?<![^\W\d_]\u200c)(?<![{_MARKS}]\u200c)|(?![^\W\d_]))"), ""),
    # Runs of spaces -> one space (T16); tabs and Unicode spaces are spaces by now.
    (re.compile("  +"), " "),
    # Lines are trimmed (after the collapse a line edge holds at most one space).
    (re.compile(" \n ?|\n "), "\n"),
    # Runs of blank lines -> exactly one blank line between paragraphs (T35).
    (re.compile("\n\n\n+"), "\n\n"),
    # No space before Persian comma, semicolon or question mark (T17), nor before . : ! that end
    # a word, so ".NET", ":)" and "3 .5" stay (T17, T20), nor just inside guillemets (T18).
    (re.compile(r" (?:(?=[،؛؟»]|[.:!](?:[\s.:!،؛؟»\"]|$))|(?<=« ))"), ""),
)


def _fold_presentation_forms(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def _replacement(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


def normalize(text: str) -> str:
    r"""Apply the full normalization policy to a text of one or more paragraphs.

    >>> normalize("\u0643تاب\u200c\u200c ها \u064aا « سلام » !")
    'کتاب ها یا «سلام»!'
    >>> normalize("نرخ  3.5 درصد\r\n\n\n\nhttps://example.ir/a?b=1")
    'نرخ 3.5 درصد\n\nhttps://example.ir/a?b=1'
    >>> normalize("می\u200cشود")
    'می\u200cشود'
    """
    # NFC before folding so that a decomposed ي + hamza becomes ئ, not ی + hamza.
    text = unicodedata.normalize("NFC", text)
    text = _PRESENTATION_FORMS.sub(_fold_presentation_forms, text)
    text = _REPLACED.sub(_replacement, text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    # NFC again: removed characters may have separated a letter from its mark.
    return unicodedata.normalize("NFC", text.strip(" \n"))


def to_ascii_digits(text: str) -> str:
    r"""Replace Persian and Arabic-Indic digits with ASCII digits.

    >>> to_ascii_digits("۱۴۰۳/۰۲/۱۵")
    '1403/02/15'
    >>> to_ascii_digits("\u0662\u0660:\u0660\u0664")
    '20:04'
    """
    return text.translate(_ASCII_DIGITS_TABLE)


def fold_letters(text: str) -> str:
    r"""Fold Arabic ي/ى to ی, ك to ک and ھ to ه; change nothing else.

    >>> fold_letters("ارد\u064aبهشت \u0643د")
    'اردیبهشت کد'
    """
    return text.translate(_FOLD_TABLE)


def collapse_whitespace(text: str) -> str:
    r"""Turn every run of Unicode spaces and line breaks into one space, and strip.

    >>> collapse_whitespace("  ۲۰:۰۴\u00a0-\n ۲۷ مهر ۱۴۰۰  ")
    '۲۰:۰۴ - ۲۷ مهر ۱۴۰۰'
    """
    return " ".join(text.split())
