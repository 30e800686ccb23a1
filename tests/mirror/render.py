"""An article spec as its page's bytes, in one of the CMS's article layouts.

Every layout prints the same spec (the same text, dates, breadcrumb, tags and body blocks), so the
expected record is the same whatever the layout but for the site that exports it
(:data:`~tests.mirror.spec.LAYOUT_SITES`). The layouts, as ``newscrawl/cms/iransamaneh/page.py``
reads them:

* ``old`` (Asr Press, iransamaneh.md 6.1): toolbar (``div.news_id_c``, ``div.news_pdate_c``) and
  tools (breadcrumb ``div.news_path``) above ``<div style="direction: right;">`` holding
  ``div.rutitr``, ``div.title > h1.title > a``, ``div.subtitle`` and ``div.body``; then tags,
  short link, related news, an ad block and comments.
* ``bootstrap`` (tabnak 2018, the real page of tests/golden/tabnak): ``div.gutter_news`` with the
  breadcrumb row, ``div.top_news_title`` (kicker, ``h1.Htag > a``, lead), the ``news_navbox`` row
  (id, date in ``span.fa_date`` beside ``span.en_date``), then ``div.body``.
* ``yjc`` (tests/golden/yjc): ``div.news-box`` with the date in ``span.date-color-news``, the title
  in ``span.title-news`` (no link), the lead in ``strong.news_strong``, the body in
  ``div.baznashr-body`` ending with the sign-off «انتهای پیام/م» and the breadcrumb
  ``div.path_bottom_body`` (the site's name linking to ``/`` first), tags in ``div.tag_items``.
* ``iribnews`` (tests/golden/iribnews): ``div.news_general_dl`` with the breadcrumb
  ``div.news_path2``, the id and date lines, the title in ``h1.title_news > span[href]``, the lead
  in ``p.subtitle``, the body in ``div.body.body_media_content_show`` ending with a «-» line and
  the sign-off «انتهای خبر/».
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
    from collections.abc import Callable

    from tests.mirror.markup import Dirt

READ_MORE_RULE = "-" * 38
_PRINT_WINDOW = (
    '"left=200,top=200,width=820,height=550,toolbar=1,resizable=0,status=0,scrollbars=1"'
)
_SEND_WINDOW = '"left=200,top=100,width=370,height=400,toolbar=0,resizable=0,status=0,scrollbars=1"'
ORIGIN = f"http://{page_frame.SITE_HOST}"


def render_article(spec: ArticleSpec, layout: str = "old") -> bytes:
    """The full page of ``spec`` in ``layout`` (one of :data:`LAYOUTS`) as UTF-8 bytes."""
    body = _LAYOUT_BODIES[layout](spec)
    return page_frame.page(
        f"{spec.printed_title} - {page_frame.SITE_NAME}", body, extra_head=_meta(spec)
    ).encode()


def _old_body(spec: ArticleSpec) -> str:
    return (
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


def _bootstrap_body(spec: ArticleSpec) -> str:
    dirt = spec.dirt
    english = (
        ""
        if dirt.legacy_date
        else f' <span class="en_date visible-lg visible-md"> {english_date(spec.published)} </span>'
    )
    return (
        '<div class="col-md-22 col-sm-24 gutter_news">\n'
        f'<div class="row top_mrg"><div class="col-md-12">{_crumbs(spec)}</div></div>\n'
        '<div class="top_news_title">\n'
        f'<div class="rutitr">{_text(spec.kicker or "", dirt)}</div>\n'
        '<div class="title"><h1 class="Htag">'
        f'<a href="{href_path(spec.path, dirt)}"> {escape(spec.printed_title)} </a>'
        "</h1></div>\n" + _lead(spec) + "</div>\n"
        '<div class="row md_mrg"><div class="news_navbox">\n'
        '<div class="col-md-16"><div class="news_id_c"><span class="news_title">کد خبر: </span> '
        f"{persian_digits(spec.news_id)} </div></div>\n"
        '<div class="col-md-20"><div class="news_nav news_pdate_c">'
        '<span class="news_title">تاریخ انتشار: </span>'
        f'<span class="fa_date">{_printed_date(spec)}</span>{english}</div></div>\n'
        "</div></div>\n"
        '<div class="body">\n'
        + "".join(_block(block, spec) for block in spec.blocks)
        + '<div class="wrapper"></div>\n</div>\n'
        + _tags(spec)
        + _related(spec)
        + _ads(spec)
        + _comments()
        + "</div>\n"
    )


YJC_SIGN_OFF = "انتهای پیام/م"
IRIBNEWS_SIGN_OFF = "انتهای خبر/"


def _yjc_body(spec: ArticleSpec) -> str:
    dirt = spec.dirt
    home = '<a href="/"> باشگاه خبرنگاران جوان </a>'
    links = [home, *_crumb_links(spec)]
    lead = (
        f'<strong class="news_strong">{body_html(spec.lead, dirt, nbsp_every=5)}</strong>'
        if spec.lead is not None
        else ""
    )
    tags = " ".join(_tag_link(printed(tag, dirt), tag_id(tag), dirt) for tag in spec.tags)
    return (
        '<div class="news-box">\n'
        '<div class="row details-box-news"><div class="col-sm-18 photo-newspage-date">'
        f'<span class="date-color-news">{_printed_date(spec)}</span></div></div>\n'
        f'<div class="rutitr">{_text(spec.kicker or "", dirt)}</div>\n'
        '<div class="row"><h1 class="Htags"><span class="title-news">\n\t\t\t'
        f"{escape(spec.printed_title)}\n\t\t</span></h1></div>\n"
        + (f'<div class="row pad-subtitle">{lead}</div>\n' if lead or spec.empty_lead_div else "")
        + '<div class="row baznashr-body">\n'
        + "".join(_block(block, spec) for block in spec.blocks)
        + f"<p>{YJC_SIGN_OFF}</p> "
        + '<div class="path_bottom_body"> '
        + ' <i class="fa fa-circle"></i> '.join(links)
        + " </div> </div>\n"
        '<div class="wrapper"></div>\n'
        + (
            '<div class="tags_container"><div class="row tags_title"><div class="col-sm-24">'
            f'<div class="tag_items">{tags}</div></div></div></div>\n'
            if spec.tags
            else ""
        )
        + _related(spec)
        + "</div>\n"
    )


def _iribnews_body(spec: ArticleSpec) -> str:
    dirt = spec.dirt
    lead = (
        f'<p class="subtitle">{body_html(spec.lead, dirt, nbsp_every=5)}</p>\n'
        if spec.lead is not None
        else ""
    )
    return (
        '<div class="col-sm-24 news_general_dl">\n'
        '<div class="row"><div class="col-xs-36 news_path2">'
        + " ".join(_crumb_links(spec))
        + "</div></div>\n"
        '<div class="row news_toolbar">\n'
        '<div class="news_nav news_id_c col-sm-10  col-xs-11">'
        f'<span class="news_nav_title">کد خبر: </span>\n{persian_digits(spec.news_id)}\n</div>\n'
        '<div class="news_nav news_pdate_c col-sm-16 col-xs-25">'
        '<span class="news_nav_title">تاریخ انتشار: </span>\n'
        f"                {_printed_date(spec)}\n</div>\n</div>\n"
        f'<div class="rutitr">{_text(spec.kicker or "", dirt)}</div>\n'
        '<h1 class="title title_news">'
        f'<span href="{href_path(spec.path, dirt)}">{escape(spec.printed_title)}</span></h1>\n'
        + lead
        + '<div class="body body_media_content_show">\n'
        + "".join(_block(block, spec) for block in spec.blocks)
        + f"<div>-</div>\n<div>{IRIBNEWS_SIGN_OFF}</div>\n</div>\n"
        + _tags(spec)
        + "</div>\n"
    )


_LAYOUT_BODIES: dict[str, Callable[[ArticleSpec], str]] = {
    "old": _old_body,
    "bootstrap": _bootstrap_body,
    "yjc": _yjc_body,
    "iribnews": _iribnews_body,
}
LAYOUTS: tuple[str, ...] = tuple(_LAYOUT_BODIES)
"""The CMS layouts the mirror prints article pages in."""


def _printed_date(spec: ArticleSpec) -> str:
    dirt = spec.dirt
    return date_line(spec.published, arabic_months=dirt.arabic_months, legacy=dirt.legacy_date)


def _crumb_links(spec: ArticleSpec) -> list[str]:
    """The section's link and, if the article has one, the category's."""
    links = [f'<a href="/fa/archive?service_id=1&amp;sec_id={spec.sec_id}">{spec.section}</a>']
    if spec.category:
        href = f"/fa/archive?service_id=1&amp;sec_id={spec.sec_id}&amp;cat_id={spec.cat_id}"
        links.append(f'<a href="{href}">{spec.category}</a>')
    return links


def _crumbs(spec: ArticleSpec) -> str:
    """``div.news_path``: «صفحه نخست» » section » category."""
    home = '<a href="/fa/archive?service_id=1">صفحه نخست</a>'
    return f'<div class="news_path">{" » ".join([home, *_crumb_links(spec)])}</div>'


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
    i = spec.news_id
    return (
        f'<div class="news_tools">\n{_crumbs(spec)}\n'
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
