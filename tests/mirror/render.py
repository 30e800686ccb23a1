"""An article spec as its page's bytes, in Asr Press's old IranSamaneh layout (iransamaneh.md 6.1).

Layout: toolbar (``div.news_id_c``, ``div.news_pdate_c``) and tools (breadcrumb ``div.news_path``)
above ``<div style="direction: right;">`` holding ``div.rutitr``, ``div.title > h1.title > a``,
``div.subtitle`` and ``div.body``; then tags, short link, related news, an ad block and comments.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from tests.mirror import page_frame
from tests.mirror.jalali import (
    date_line,
    english_date,
    iso_minutes,
    jalali_meta,
    jalali_ymd,
    listing_stamp,
    persian_digits,
)
from tests.mirror.markup import body_html, escape, href_path, printed, short_code, slugify
from tests.mirror.spec import (
    ArticleSpec,
    Block,
    BylineBlock,
    EditorBlock,
    Image,
    ImageBlock,
    ReadMoreBlock,
    ScriptBlock,
    TextBlock,
)

if TYPE_CHECKING:
    from tests.mirror.markup import Dirt

READ_MORE_RULE = "-" * 38
_PRINT_WINDOW = (
    '"left=200,top=200,width=820,height=550,toolbar=1,resizable=0,status=0,scrollbars=1"'
)
_SEND_WINDOW = '"left=200,top=100,width=370,height=400,toolbar=0,resizable=0,status=0,scrollbars=1"'
ORIGIN = f"http://{page_frame.SITE_HOST}"


def render_article(spec: ArticleSpec) -> bytes:
    """The full page of ``spec`` as UTF-8 bytes."""
    body = (
        _toolbar(spec)
        + _tools(spec)
        + '<div style="direction: right;">\n'
        + f'<div class="rutitr">{_text(spec.kicker or "", spec.dirt)}</div>\n'
        + '<div class="title"><h1 class="title">'
        + f'<a href="{href_path(spec.path, spec.dirt)}">{escape(spec.printed_title)}</a>'
        + "</h1></div>\n"
        + _lead(spec)
        + '<div class="body">\n'
        + "".join(_block(block, spec) for block in spec.blocks)
        + '<div class="wrapper"></div>\n</div>\n</div>\n'
        + _tags(spec)
        + f'<div class="short-link"><a href="/{short_code(spec.news_id)}">'
        + f"{page_frame.SITE_HOST}/{short_code(spec.news_id)}</a></div>\n"
        + _related(spec)
        + _ads(spec)
        + _comments()
    )
    return page_frame.page(
        f"{spec.printed_title} - {page_frame.SITE_NAME}", body, extra_head=_meta(spec)
    ).encode()


def _text(text: str, dirt: Dirt) -> str:
    return body_html(text, dirt, nbsp_every=0)


def _meta(spec: ArticleSpec) -> str:
    description = printed(spec.lead or spec.title, spec.dirt)
    image = spec.lead_image
    published = (
        jalali_meta(spec.published) if spec.published.year < 2021 else iso_minutes(spec.published)
    )
    return (
        f'<meta name="description" content="{escape(description)}">\n'
        '<meta property="og:type" content="website">\n'
        f'<meta property="og:title" content="{escape(spec.printed_title)}">\n'
        f'<meta property="og:description" content="{escape(description)}">\n'
        f'<meta property="og:url" content="{ORIGIN}/fa/news/{spec.news_id}">\n'
        f'<meta property="og:image" content="{ORIGIN + image.src if image else ""}">\n'
        f'<meta property="og:site_name" content="{page_frame.SITE_NAME}">\n'
        f'<meta property="article:published_time" content="{published}">\n'
    )


def _toolbar(spec: ArticleSpec) -> str:
    dirt = spec.dirt
    printed_date = date_line(
        spec.published, arabic_months=dirt.arabic_months, legacy=dirt.legacy_date
    )
    english = "" if dirt.legacy_date else f" - <span>{english_date(spec.published)}</span>"
    return (
        '<div class="news_toolbar">\n'
        '<div class="news_nav news_id_c"><span class="news_nav_title">کد خبر: </span>'
        f"{persian_digits(spec.news_id)}</div>\n"
        '<div class="news_nav news_comments"><span class="news_nav_title">تعداد نظرات: </span>'
        '<a href="#comments">۰ نظر</a></div>\n'
        '<div class="news_nav news_pdate_c"><span class="news_nav_title">تاریخ انتشار: </span>'
        f"{printed_date}{english}</div>\n"
        '<div class="wrapper"></div>\n</div>\n'
    )


def _tools(spec: ArticleSpec) -> str:
    crumbs = '<a href="/fa/archive?service_id=1">صفحه نخست</a>'
    crumbs += f' » <a href="/fa/archive?service_id=1&amp;sec_id={spec.sec_id}">{spec.section}</a>'
    if spec.category:
        href = f"/fa/archive?service_id=1&amp;sec_id={spec.sec_id}&amp;cat_id={spec.cat_id}"
        crumbs += f' » <a href="{href}">{spec.category}</a>'
    i = spec.news_id
    return (
        f'<div class="news_tools">\n<div class="news_path">{crumbs}</div>\n'
        f'<div title="نسخه چاپی" class="news_print_botton" '
        f'onclick=\'window.open("/fa/print/{i}", "printwin",{_PRINT_WINDOW});\'></div>\n'
        f'<div title="ارسال به دوستان" class="news_emails_botton" '
        f'onclick=\'window.open("/fa/send/{i}", "sendmailwin",{_SEND_WINDOW});\'></div>\n'
        f'<a title="ذخیره" class="news_save_botton" href="/fa/save/{i}"></a>\n'
        '<a class="news_size_down"></a><a class="news_size_reset"></a>'
        '<a class="news_size_up"></a>\n<div class="wrapper"></div>\n</div>\n'
    )


def _lead(spec: ArticleSpec) -> str:
    if spec.lead is None:
        return '<div class="subtitle"></div>\n' if spec.empty_lead_div else ""
    lead = body_html(spec.lead, spec.dirt, nbsp_every=5).replace("&nbsp;", "\u00a0")
    return f'<div class="subtitle">{lead}</div>\n'


def _block(block: Block, spec: ArticleSpec) -> str:
    dirt = spec.dirt
    if isinstance(block, TextBlock):
        return _paragraph(block, dirt)
    if isinstance(block, ImageBlock):
        return f'<p style="text-align: center;">{_img(block.image, dirt)}</p>\n'
    if isinstance(block, ReadMoreBlock):
        links = "<br>".join(
            f'<a href="{href_path(link.path, dirt)}">{escape(link.title)}</a>'
            for link in block.links
        )
        return f"<p>{READ_MORE_RULE}<br>بیشتر بخوانید:<br>{links}</p>\n"
    if isinstance(block, ScriptBlock):
        return f'<script type="text/javascript">{block.code}</script>\n'
    if isinstance(block, BylineBlock):
        return f"<p>{_text(block.label, dirt)}: {_text(block.name, dirt)}</p>\n"
    assert isinstance(block, EditorBlock)
    return f"<p>دبیر:{_text(block.name, dirt)}</p>\n"


def _paragraph(block: TextBlock, dirt: Dirt) -> str:
    image = _img(block.lead_image, dirt) if block.lead_image else ""
    lines = [body_html(line, dirt) for line in block.lines]
    if block.source_span:
        rest = block.lines[0][len(block.source_span) :]
        span = f'<span style="color:#0000ff;">{body_html(block.source_span, dirt)}</span>'
        lines[0] = span + body_html(rest, dirt)
    text = "<br>".join(lines)
    if block.strong:
        return f"<p><strong>{text}</strong></p>\n"
    trailing = "&nbsp;" if dirt.nbsp and len(block.lines[0]) % 3 == 0 else ""
    return f'<p style="text-align: justify;">{image}{text}{trailing}</p>\n'


def _img(image: Image, dirt: Dirt) -> str:
    alt = escape(printed(image.alt, dirt))
    title = f' title="{alt}"' if alt else ""
    return f'<img class="image_btn" src="{image.src}" alt="{alt}"{title} width="550" height="367">'


def tag_id(tag: str) -> int:
    """The CMS's numeric id of a tag (stable across builds)."""
    return 1000 + zlib.crc32(tag.encode()) % 90000


def _tags(spec: ArticleSpec) -> str:
    if not spec.tags:
        return ""
    links = "، ".join(
        _tag_link(printed(tag, spec.dirt), tag_id(tag), spec.dirt) for tag in spec.tags
    )
    return f'<div class="tags_container"><div class="tags_title">برچسب ها: {links}</div></div>\n'


def _tag_link(shown: str, number: int, dirt: Dirt) -> str:
    href = href_path(f"/fa/tags/{number}/1/{slugify(shown)}", dirt)
    return f'<a href="{href}">{escape(shown)}</a>'


def _related(spec: ArticleSpec) -> str:
    if not spec.related:
        return ""
    items = "".join(
        f'<div class="linear_news"><a class="title5" href="{escape(link.path)}" '
        f'title="{listing_stamp(link.published)}">{escape(link.title)}</a></div>\n'
        for link in spec.related
    )
    heading = '<header class="top_title"><span>خبرهای مرتبط</span></header>'
    return f'<div class="related_news">{heading}\n{items}</div>\n'


def _ads(spec: ArticleSpec) -> str:
    zone = 10 + spec.news_id % 7
    y, m, _ = jalali_ymd(spec.published)
    return (
        f'<div class="adv_news"><a href="/fa/ads/redirect/a/{zone}" rel="nofollow">'
        f'<img src="/files/adv/{y}{m:02d}_{zone}.gif" alt=""></a>'
        '<script type="text/javascript">'
        f"document.write(renderAds({{zone: {zone}}}));</script></div>\n"
    )


def _comments() -> str:
    return (
        '<div id="comments" class="comments_topic">'
        '<div class="com_title_p">انتشار یافته: <span>۰</span></div>'
        '<div class="com_title_n">در انتظار بررسی: <span>۰</span></div>'
        '<div class="com_title_u">غیر قابل انتشار: <span>۰</span></div></div>\n'
    )
