"""Tests for newscrawl.text.blocks: block edges in the body and in one-line fields."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring

from newscrawl.text.blocks import element_text, extract_blocks

# Elements HTML displays as blocks by default, each holding a word that markup puts right beside
# the next one: a reader sees two words, never one.
BLOCK_EXAMPLES = {
    "caption": "<table><caption>جدول</caption>قیمت</table>",
    "details": "<details><summary>بیشتر</summary>متن</details>",
    "fieldset": "<fieldset><legend>فرم</legend>نام</fieldset>",
    "hgroup": "<hgroup>عنوان</hgroup>زیرعنوان",
    "menu": "<menu>خانه</menu>پایان",
    "dialog": "<dialog>پیام</dialog>پایان",
}


@pytest.mark.parametrize("html", BLOCK_EXAMPLES.values(), ids=BLOCK_EXAMPLES.keys())
def test_block_elements_separate_the_body_into_blocks(html: str) -> None:
    blocks = extract_blocks(fragment_fromstring(f"<div>{html}</div>"))
    assert len(blocks) == 2, blocks
    assert all(" " not in block.text for block in blocks)


@pytest.mark.parametrize("html", BLOCK_EXAMPLES.values(), ids=BLOCK_EXAMPLES.keys())
def test_block_elements_are_spaces_in_one_line_fields(html: str) -> None:
    assert len(element_text([fragment_fromstring(f"<div>{html}</div>")]).split(" ")) == 2


def test_inline_markup_inside_a_word_adds_nothing() -> None:
    heading = fragment_fromstring("<h1><a>عصر<b>پرس</b></a><img alt='عکس'><script>x</script></h1>")
    assert element_text([heading]) == "عصرپرس"
    assert [block.text for block in extract_blocks(heading)] == ["عصرپرس"]
