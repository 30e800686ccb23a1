"""Tests for newscrawl.text.normalize: the 52 normalizer cases of persian-text.md and more."""

from __future__ import annotations

import random

import pytest

from newscrawl.text.normalize import (
    collapse_whitespace,
    fold_letters,
    normalize,
    to_ascii_digits,
)

# The normalizer table of docs/reference/persian-text.md, verbatim: id -> (raw, expected).
CASES: dict[str, tuple[str, str]] = {
    "T01": ("عل\u064a", "علی"),  # Arabic yeh U+064A
    "T02": ("\u0643تاب", "کتاب"),  # Arabic kaf U+0643
    "T03": ("مصطف\u0649", "مصطفی"),  # alef maksura U+0649
    "T04": ("\ufedb\ufe98\ufe8e\ufe8f", "کتاب"),  # Arabic presentation forms
    "T05": ("ارد\u064aبهشت", "اردیبهشت"),  # month name, Arabic yeh
    "T06": ("\u0661\u0664\u0660\u0660", "۱۴۰۰"),  # Arabic-Indic digits → Persian
    "T07": ("۱۴۰۰ و 2021", "۱۴۰۰ و 2021"),  # Persian and ASCII digits both kept
    "T08": ("اصلا\u064b م\u064fح\u064eم\u064e\u0651د", "اصلا محمد"),  # harakat/tanwin/shadda
    "T09": ("س\u0640\u0640\u0640لام", "سلام"),  # kashida/tatweel U+0640
    "T10": ("می\u200cشود", "می\u200cشود"),  # existing ZWNJ preserved
    "T11": ("می\u200c\u200cشود", "می\u200cشود"),  # double ZWNJ collapsed
    "T12": ("\u200cسلام\u200c دنیا", "سلام دنیا"),  # ZWNJ at word edges dropped
    "T13": ("سلام\u200f دنیا\u200e", "سلام دنیا"),  # RLM/LRM removed
    "T14": ("\u202bسلام\u202c \u2067دنیا\u2069", "سلام دنیا"),  # RLE/PDF and RLI/PDI removed
    "T15": ("سلام\u00a0دنیا", "سلام دنیا"),  # NBSP → space
    "T16": ("سلام  \t  دنیا ", "سلام دنیا"),  # space runs/tab collapsed, trimmed
    "T17": ("سلام ، دنیا !", "سلام، دنیا!"),  # space before punctuation
    "T18": ("« سلام »", "«سلام»"),  # space inside guillemets
    "T19": (
        "https://www.example.ir/news/1400/07/27/123?ref=home&id=5",
        "https://www.example.ir/news/1400/07/27/123?ref=home&id=5",
    ),  # URL untouched
    "T20": ("نرخ تورم 3.5 درصد", "نرخ تورم 3.5 درصد"),  # ASCII decimal untouched
    "T21": ("1,250 بازدید", "1,250 بازدید"),  # thousands comma untouched
    "T22": ("info@example.ir", "info@example.ir"),  # email untouched
    "T23": (
        "خانواده \U0001f468\u200d\U0001f469\u200d\U0001f467",
        "خانواده \U0001f468\u200d\U0001f469\u200d\U0001f467",
    ),  # ZWJ inside emoji kept
    "T24": ("سهشنبه", "سهشنبه"),  # lost ZWNJ: not repaired by normalizer
    "T25": ("شرکتها", "شرکتها"),  # lost ZWNJ
    "T26": ("سازمانهای", "سازمانهای"),  # lost ZWNJ
    "T27": ("دستگاههای", "دستگاههای"),  # lost ZWNJ
    "T28": ("زارعپور", "زارعپور"),  # lost ZWNJ in surname
    "T29": ("می شود", "می شود"),  # space instead of ZWNJ
    "T30": ("در ماه می ۲۰۲۳", "در ماه می ۲۰۲۳"),  # trap: می = May, must not be joined
    "T31": ("خانه\u0654 ما و خانۀ او", "خانه\u0654 ما و خانۀ او"),  # ezafe hamza forms kept
    "T32": ("مسأله", "مسأله"),  # hamza on alef kept
    "T33": ("اجزاء", "اجزاء"),  # final hamza kept
    "T34": ("\ufdf2", "الله"),  # ligature U+FDF2 → letters
    "T35": ("سلام\n\n\n\nدنیا", "سلام\n\nدنیا"),  # paragraphs kept, blank-line runs collapsed
    "T36": ("C++ و Python 3.11", "C++ و Python 3.11"),  # Latin text untouched
    "T37": ("ساعت 20:04", "ساعت 20:04"),  # time untouched
    "T38": ("50%", "50%"),  # percent sign untouched
    "T39": ('"سلام"', '"سلام"'),  # ASCII quotes untouched
    "T40": ("\ufeffسلام\u200b", "سلام"),  # BOM and ZWSP removed
    "T41": ("ف\u064a \u0643ی", "فی کی"),  # mixed yeh forms
    "T42": ("دولة", "دولة"),  # teh marbuta kept
    "T43": ("کتاب\u200c خوب", "کتاب خوب"),  # ZWNJ before space dropped
    "T44": ("سلام؟!", "سلام؟!"),  # Persian question + bang untouched
    "T45": (
        "www.isna.ir/news/1402020100012",
        "www.isna.ir/news/1402020100012",
    ),  # bare URL digits untouched
    "T46": ("روز\u200cها", "روز\u200cها"),  # ZWNJ after non-joining letter kept
    "T47": ("\u06beمه", "همه"),  # heh doachashmee U+06BE → heh
    "T48": ("سلام\r\nدنیا", "سلام\nدنیا"),  # CRLF → LF
    "T49": ("\ufdfa", "صلی الله علیه وسلم"),  # ligature U+FDFA expanded
    "T50": ("سلام ایران", "سلام ایران"),  # trap: two words, second starts with ای
    "T51": ("در ماه می امسال", "در ماه می امسال"),  # trap: می
    "T52": ("ا\u0653ب", "آب"),  # decomposed alef+madda composed
}

PARAGRAPHS: dict[str, tuple[str, str]] = {
    "paragraphs-separated": ("بند اول.\n\nبند دوم.", "بند اول.\n\nبند دوم."),
    "break-inside-paragraph-kept": ("سطر اول\nسطر دوم\n\nبند دوم", "سطر اول\nسطر دوم\n\nبند دوم"),
    "lines-trimmed": (
        "  سطر اول  \t\n\t سطر دوم \n \n\n  بند دوم  ",
        "سطر اول\nسطر دوم\n\nبند دوم",
    ),
    "nbsp-padding": (
        "\u00a0\u00a0خبر\u00a0\u00a0اول\u00a0\n\u00a0\n\u00a0\nخبر دوم\u00a0",
        "خبر اول\n\nخبر دوم",
    ),
    "crlf-paragraphs": ("یک\r\n\r\n\r\nدو\rسه", "یک\n\nدو\nسه"),
    "zwnj-at-line-edges": ("کتاب\u200c\n\u200cها", "کتاب\nها"),
    "paragraph-separator": ("یک\u2029دو\u2028سه", "یک\n\nدو\nسه"),
    "space-before-punctuation-at-line-end": ("سلام ،\nدنیا !\n\nخوبی ؟", "سلام،\nدنیا!\n\nخوبی؟"),
}

TRAPS: dict[str, tuple[str, str]] = {
    "url-with-colon": ("ببینید : http://x.ir/a:b", "ببینید: http://x.ir/a:b"),
    "dotnet-kept": ("از .NET و C# استفاده شد .", "از .NET و C# استفاده شد."),
    "smiley-kept": ("عالی :)", "عالی :)"),
    "space-then-decimal-kept": ("عدد .5 است", "عدد .5 است"),
    "ellipsis-unchanged": ("گفت…", "گفت…"),
    "decomposed-yeh-hamza": ("ي\u0654", "\u0626"),
    "zwj-kept": ("\u0647\u200d", "\u0647\u200d"),
}

ALL_INPUTS = [raw for table in (CASES, PARAGRAPHS, TRAPS) for raw, _ in table.values()]


@pytest.mark.parametrize(("raw", "expected"), list(CASES.values()), ids=list(CASES))
def test_normalize_reference_cases(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), list(PARAGRAPHS.values()), ids=list(PARAGRAPHS))
def test_normalize_paragraphs(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), list(TRAPS.values()), ids=list(TRAPS))
def test_normalize_traps(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ALL_INPUTS)
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize(raw)
    assert normalize(once) == once


def test_normalize_is_idempotent_on_random_mixtures() -> None:
    alphabet = [
        *"سلامکتابیه ا.:!،؛؟«»\n\r\t3,",
        *"\u200c\u200d\u064a\u0643\u0649\u06be\u0640\u064e\u0651\u0653\u0654\u0670",
        *"\u00a0\u200f\u202b\ufeff\u200b\u00ad\ufedb\ufe8e\ufdf2\u0661۱\u2029\u3000",
    ]
    rnd = random.Random(1403)
    for _ in range(5000):
        raw = "".join(rnd.choices(alphabet, k=rnd.randint(0, 12)))
        once = normalize(raw)
        assert normalize(once) == once, repr(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۱۴۰۳/۰۲/۱۵", "1403/02/15"),
        ("\u0662\u0660:\u0660\u0664", "20:04"),
        ("کد خبر: ۲۶۶۸۴ و 2021", "کد خبر: 26684 و 2021"),
        ("", ""),
    ],
    ids=["persian", "arabic-indic", "mixed", "empty"],
)
def test_to_ascii_digits(raw: str, expected: str) -> None:
    assert to_ascii_digits(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ارد\u064aبهشت", "اردیبهشت"),
        ("د\u064a", "دی"),
        ("\u0643\u06beف مصطف\u0649", "کهف مصطفی"),
        ("\u0661\u0664\u0660\u0660 \u200c\u0640", "\u0661\u0664\u0660\u0660 \u200c\u0640"),
    ],
    ids=["yeh", "dey", "kaf-heh-maksura", "nothing-else"],
)
def test_fold_letters(raw: str, expected: str) -> None:
    assert fold_letters(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  ۲۰:۰۴\u00a0-\r\n ۲۷ مهر ۱۴۰۰\t", "۲۰:۰۴ - ۲۷ مهر ۱۴۰۰"),
        ("عل\u064a \u200c ، «x»", "عل\u064a \u200c ، «x»"),
        ("\u2003\u3000\n", ""),
    ],
    ids=["spaces-and-newlines", "nothing-else", "only-space"],
)
def test_collapse_whitespace(raw: str, expected: str) -> None:
    assert collapse_whitespace(raw) == expected
