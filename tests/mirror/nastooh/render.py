"""An item as its page's bytes, in the Nastooh markup of Mehr's pages of 1402 (docs/nastooh.md).

News and video items are ``article#item``; photo items ``article#photo`` with the photographer in
the kicker slot, an empty lead, their one paragraph in ``.item-summary .item-body`` and a
``section.photoGall``. Around the item: the print header (a second breadcrumb, date and id), the
related-items box, tags, the short link, the comment form, a side box and the powered-by footer.
Nine items in ten carry ``article:published_time`` (UTC) and ``nastooh:nid``; the others only the
printed line.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from tests.mirror.nastooh.dates import date_line, utc_meta
from tests.mirror.nastooh.frame import ORIGIN, SITE_NAME, page
from tests.mirror.nastooh.slugs import short_code

if TYPE_CHECKING:
    from tests.mirror.nastooh.spec import Item

END_OF_MESSAGE = "انتهای پیام"
DESK_CODE = "۳۰۷۲*۱۸۱۷"
PLAYER = (
    '<div class="itemPlayer0"><video id="divPlayer0" width="100%" controls="controls">'
    '<source src="{src}" type="video/mp4"></source></video>\n'
    '<div class="video-download"><a href="{src}" target="_blank" class="btn">'
    '<span class="icon-download text-success"></span> دریافت '
    '<span style="direction: ltr">16 MB</span></a></div></div>\n'
)


def render_item(item: Item) -> bytes:
    """The full page of ``item`` as UTF-8 bytes."""
    photo = item.kind == "photo"
    article = (
        f'<article id="{"photo" if photo else "item"}" class="box item">\n'
        + ("" if photo else _print_header(item))
        + _header(item)
        + _summary(item)
        + (_gallery(item) if photo else _body(item))
        + _footer(item)
        + _related(item)
        + _tags(item)
        + "</article>\n"
    )
    return page(
        f"{item.title} - {SITE_NAME}", article, _meta(item), f"pt-news nt-{item.kind}"
    ).encode()


def _meta(item: Item) -> str:
    url = escape(ORIGIN + item.path)
    metas = [
        '<meta property="og:type" content="article" />',
        f'<meta name="twitter:url" property="og:url" content="{url}" />',
        f'<link rel="canonical" href="{url}" />',
        '<meta property="nastooh:pageType" content="news" />',
        f'<meta property="nastooh:newsType" content="{item.kind}" />',
        f'<meta property="og:title" itemprop="headline" content="{escape(item.title)}" />',
    ]
    if item.meta_date:
        published = utc_meta(item.published)
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item.title,
            "datePublished": published,
            "author": {"@type": "Organization", "name": SITE_NAME},
        }
        metas += [
            f'<meta property="nastooh:nid" content="{item.news_id}" />',
            '<meta itemprop="datePublished" property="article:published_time"'
            f' content="{published}" />',
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>',
        ]
    return "\n".join(metas) + "\n"


def _crumbs(item: Item) -> str:
    crumbs = f'<li><a target="_blank" rel="index" href="/service/s">{escape(item.section)}</a></li>'
    if item.category:
        crumbs += f'<li><a href="/service/s/c" rel="index">{escape(item.category)}</a></li>'
    return f'<ol class="breadcrumb">{crumbs}</ol>'


def _print_header(item: Item) -> str:
    return (
        '<div class="print-header" style="display: none;"><div class="meta"><ul>'
        f'<li class="url">https://mehrnews.com/x{short_code(item.news_id)}</li>'
        f'<li class="date">{date_line(item.published)}</li>'
        f'<li class="id">کد خبر <span>{item.news_id}</span></li>'
        f"<li>{_crumbs(item)}</li></ul></div></div>\n"
    )


def _header(item: Item) -> str:
    slot = item.photographer if item.kind == "photo" else item.kicker
    return (
        '<div class="item-header">\n<div class="item-nav row">\n'
        f'<div class="col-6 col-sm-4">{_crumbs(item)}</div>\n'
        '<div class="col-6 col-sm-4 item-date">\n'
        f"<span>{date_line(item.published, photo=item.kind == 'photo')}</span>\n</div>\n</div>\n"
        f'<div class="item-title">\n<h4 class="subtitle kicker">{escape(slot or "")}</h4>\n'
        f'<h1 class="title" itemprop="headline"><a href="{escape(item.path)}" itemprop="url">'
        f"{escape(item.title)}</a></h1>\n</div>\n</div>\n"
    )


def _summary(item: Item) -> str:
    figure = ""
    if item.lead_image:
        title = escape(item.title)
        figure = (
            f'<figure class="item-img"><img src="{item.lead_image}" alt="{title}" '
            f'itemprop="image" title="{title}" /></figure>\n'
        )
    lead = escape(item.lead or "")
    text = ""
    if item.kind == "photo":
        text = "".join(f"<p>{escape(p)}</p>" for p in item.paragraphs)
        text = f'<div class="item-body">{text}</div>\n'
    return (
        f'<div class="item-summary">\n{figure}'
        f'<p class="summary introtext" itemprop="description">{lead}</p>\n{text}</div>\n'
    )


def _body(item: Item) -> str:
    parts: list[str] = []
    if item.kind == "video":
        src = f"https://media.mehrnews.com/d/video/{item.news_id}_720p.mp4"
        parts.append(PLAYER.format(src=src))
    for index, paragraph in enumerate(item.paragraphs):
        parts.append(f"<p>{escape(paragraph)}</p>\n")
        if index == 0 and item.read_more:
            parts.append("<p><strong>بیشتر بخوانید:</strong></p>\n")
            parts += [
                f'<p><a href="{escape(link.path)}" target="_blank">{escape(link.title)}</a></p>\n'
                for link in item.read_more
            ]
        if index == 1 and item.figure:
            src, caption = item.figure
            parts.append(
                f'<figure class="image"><img src="{src}" alt="{escape(caption)}" />'
                f"<figcaption>{escape(caption)}</figcaption></figure>\n"
            )
    if item.byline:
        parts.append(f"<p>خبرنگار: {escape(item.byline)}</p>\n")
    if item.sign_off == "end_of_message":
        parts.append(f"<p>{END_OF_MESSAGE}</p>\n")
    elif item.sign_off == "desk_code":
        parts.append(f"<p>{DESK_CODE}</p>\n")
    return (
        '<div class="item-body">\n<div itemprop="articleBody" class="item-text">'
        + "".join(parts)
        + f'</div>\n<div class="item-code">کد خبر <span>{item.news_id}</span></div>\n</div>\n'
    )


def _gallery(item: Item) -> str:
    items = "".join(
        f'<li><figure><a href="{src}"><img src="{src}" alt="{escape(alt)}" /></a></figure></li>'
        for src, alt in item.gallery
    )
    return f'<section class="box content story photoGall"><div><ul>{items}</ul></div></section>\n'


def _footer(item: Item) -> str:
    return (
        '<div class="item-footer row"><div class="short-link-container">'
        f'<input type="text" class="clean" value="mehrnews.com/x{short_code(item.news_id)}" '
        'readonly="readonly" /></div></div>\n'
    )


def _related(item: Item) -> str:
    if not item.read_more:
        return ""
    links = "".join(
        f'<li class="{link.kind}"><div class="desc"><h3><a href="{escape(link.path)}">'
        f"{escape(link.title)}</a></h3></div></li>"
        for link in item.read_more
    )
    return (
        '<div class="item-boxes2"><section class="box related-items list">'
        f"<header><h2><span>مطالب مرتبط</span></h2></header><div><ul>{links}</ul></div>"
        "</section></div>\n"
    )


def _tags(item: Item) -> str:
    if not item.tags:
        return ""
    links = "".join(
        f'<li><a href="/tag/{escape(tag)}" rel="tag">{escape(tag)}</a></li>' for tag in item.tags
    )
    return (
        '<section class="box tags"><header><h2>برچسب‌ها</h2></header>'
        f"<div><ul>{links}</ul></div></section>\n"
    )
