"""Sites on the IranSamaneh CMS, declared as data; the CMS's page object reads them all.

Which sites, and why (docs/sites.md lists them, generated from this module):

- Every site of Targoman's IranSamaneh configs (``docs/reference/cms-families.md`` Appendix A.3)
  whose evidence shows the CMS: a ``/fa/news/<id>`` sample URL, or the CMS's markup in its
  selectors (``news_pdate_c``, ``news_path``, ``rutitr``, ``tags_title``, the old layout's
  ``div[style='direction: …']``). The sites of Appendix B's "IranSamaneh-like" group with a
  ``/fa/news/<id>`` sample URL, and the sites ``docs/reference/iransamaneh.md`` documents.
- The others are in :data:`EXCLUDED`, each with its reason.

How a site is declared: ``layout`` is the CMS layout (``cms/iransamaneh/page.py``) its evidence
shows; where Targoman's config names selectors ours do not try, ``overrides`` try them first
(:func:`~newscrawl.cms.iransamaneh.page.tried_first`), the layout's own after them. Those
selectors are facts read from the configs, not their code. ``base_url`` is the sample URL's
scheme and host; ``http`` where Targoman forces it (``forceHTTP``), no ``www.`` where it strips it.

Keys are the domain's first label (``yjc``, ``shia-news``). A key starts with a letter, so it
reads as a name, never as an id (``ids=…``) or a number in a file name: a label starting with a
digit is spelled out in Persian, as Targoman names it: 598.ir is ``pansadonavadohasht``
(«پانصد و نود و هشت»), 118safar.com is ``sadohejdahsafar``. ``name`` is the site's Persian name as
its domain reads; the names of the small sites were not checked against the sites (no live access
when they were declared).

Site quirks the shared page object handles, with where and when they were seen:

- asrpress: the old layout, the article in ``div[style='direction: right;']`` with the id and
  date toolbar and the breadcrumb outside it (Targoman's asrpress config, 2024-03-11); the editor
  printed as the last body line with no space after the colon, «دبیر:وجیهه مرادی» (seen 1400,
  /fa/news/26684).
- asriran: the Bootstrap layout in ``div.col1-news``; the date line time first,
  ``۱۲:۲۲ - ۲۵ دی ۱۳۹۲``, and in items of 1385 numeric day-month-year, ``۰۹:۳۲ - ۰۶-۰۸-۱۳۸۵``
  (/fa/news/5607); a «بیشتر بخوانید» block of related links after a dashed rule (dataset of 1399).
- tabnak: the Bootstrap layout in ``div.gutter_news``; no «صفحه نخست» crumb; the date line date
  first with Arabic ي, ``۳۰ تير ۱۳۹۷ - ۰۰:۲۰``, in a misspelled ``<sapn class="fa_date">`` beside
  ``span.en_date``; ``og:url`` without the slug and no canonical link (seen 2018-07-21,
  /fa/news/818242).
- yjc: its own template (layout ``yjc``); the breadcrumb, first crumb the site's name linking to
  ``/``, printed inside the body; the body ends «انتهای پیام/م» (yjc scrapers of 1402).
- iribnews: its own template (layout ``iribnews``); the title in a ``span`` carrying the href.
- bankdariirani: prints Gregorian dates (Targoman's ``isGregorian``): the Jalali parser finds
  none, so ``published_at`` comes from the metadata.
"""

from __future__ import annotations

from typing import NamedTuple

from newscrawl.cms.iransamaneh import CMS
from newscrawl.cms.iransamaneh.page import LAYOUTS, OLD, tried_first
from newscrawl.site import Site


class Excluded(NamedTuple):
    """A site the reference lists that is not declared here, and why."""

    domain: str
    reason: str


A3 = "cms-families.md A.3"
"""Targoman's IranSamaneh configs (PersianWebScraper @ 3ffdc39, IranSamanehBased.ts)."""
B = "cms-families.md B"
"""Targoman's custom configs that the selector fingerprint puts in the IranSamaneh family."""
OLD_DIRECTION = "container div[style='direction: …']: the old layout"

Selectors = str | tuple[str, ...]


def _old(key: str, name: str, base_url: str, evidence: str, **overrides: Selectors) -> Site:
    """A site of the old layout; ``overrides`` are tried before the layout's own selectors."""
    return _site(key, name, base_url, "old", evidence, **overrides)


def _bootstrap(key: str, name: str, base_url: str, evidence: str, **overrides: Selectors) -> Site:
    """A site read as the Bootstrap layout; ``overrides`` are tried before its own selectors."""
    return _site(key, name, base_url, "bootstrap", evidence, **overrides)


def _site(
    key: str, name: str, base_url: str, layout: str, evidence: str, **overrides: Selectors
) -> Site:
    """A site whose only domain is ``base_url``'s host without ``www.``."""
    own = next(known for known in LAYOUTS if known.name == layout)
    return Site(
        key=key,
        name=name,
        domains=(base_url.split("://", 1)[1].removeprefix("www."),),
        base_url=base_url,
        cms=CMS,
        layout=layout,
        overrides=tried_first(own, **overrides) if overrides else {},
        evidence=evidence,
    )


SITES: tuple[Site, ...] = (
    _bootstrap(
        "aftabnews",
        "آفتاب نیوز",
        "https://aftabnews.ir",
        f"{A3} #2; container .col_r_inner_news",
        container=".col_r_inner_news",
    ),
    _bootstrap(
        "aghigh",
        "عقیق",
        "https://aghigh.ir",
        f"{A3} #26; Targoman's base config only: container article",
        container="article",
    ),
    _bootstrap(
        "ana",
        "خبرگزاری آنا",
        "https://ana.press",
        f"{A3} #5; container .news_content, .container-newsMedia",
        container=(".news_content", ".container-newsMedia"),
    ),
    _old(
        "arakhabar",
        "اراک خبر",
        "https://arakhabar.ir",
        f"{A3} #47; {OLD_DIRECTION}; kicker .rutitr_photo",
        kicker=".rutitr_photo",
    ),
    _old(
        "asrdena",
        "عصر دنا",
        "https://asrdena.ir",
        f"{A3} #92; {OLD_DIRECTION}; kicker .news_rutitr",
    ),
    Site(
        key="asriran",
        name="عصر ایران",
        domains=("asriran.com",),
        base_url="https://www.asriran.com",
        cms=CMS,
        layout="bootstrap",
        evidence=f"{A3} #9; iransamaneh.md 2.2 and 4 (asriran scrapers of 2020, page text)",
    ),
    Site(
        key="asrpress",
        name="عصر پرس",
        domains=("asrpress.ir",),
        base_url="https://asrpress.ir",
        cms=CMS,
        layout="old",
        evidence=f"{A3} #73; iransamaneh.md 2.1 and 4; reader text of 26684",
    ),
    _old(
        "avayekhazar",
        "آوای خزر",
        "https://www.avayekhazar.ir",
        f"{A3} #42; container .khabar-contents, div[style='direction: right;']; lead .subtitle,"
        " .photo_subtitle",
        container=".khabar-contents",
        lead=".photo_subtitle",
    ),
    _old(
        "avayerodkof",
        "آوای رودکف",
        "https://avayerodkof.ir",
        f"{A3} #80; {OLD_DIRECTION}",
    ),
    _old(
        "ayatemandegar",
        "آیات ماندگار",
        "http://ayatemandegar.ir",
        f"{A3} #82; {OLD_DIRECTION}; http only",
    ),
    _bootstrap(
        "bamdad24",
        "بامداد ۲۴",
        "http://bamdad24.ir",
        f"{A3} #62; container .dakheli; http only",
        container=".dakheli",
    ),
    _bootstrap(
        "bankdariirani",
        "بانکداری ایرانی",
        "https://bankdariirani.ir",
        f"{A3} #40; container .news_body; Gregorian dates (isGregorian)",
        container=".news_body",
    ),
    _old(
        "barghnews",
        "برق نیوز",
        "https://barghnews.com",
        f"{A3} #30; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "basijnews",
        "بسیج نیوز",
        "https://basijnews.ir",
        f"{A3} #18; container .page",
        container=".page",
    ),
    _old(
        "basirat",
        "بصیرت",
        "https://basirat.ir",
        f"{B} (IranSamaneh-like): /fa/news/360271; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "basna",
        "باسنا",
        "https://basna.ir",
        f"{A3} #56; container section.news-col-2, title h2, date .news-publishdate",
        container="section.news-col-2",
        title=(*OLD.title, "h2"),  # after the h1s: an h2 may also be a body heading
        date=".news-publishdate",
    ),
    _old(
        "bazarnews",
        "بازار نیوز",
        "https://bazarnews.ir",
        f"{A3} #45; {OLD_DIRECTION}",
    ),
    _old(
        "borna",
        "برنا",
        "https://borna.news",
        f"{A3} #57; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "boursenews",
        "بورس نیوز",
        "https://www.boursenews.ir",
        f"{A3} #11; container .newsContent, kicker .newsPreTitle, date .newsDate,"
        " breadcrumb a.newsSubjectName",
        container=".newsContent",
        kicker=".newsPreTitle",
        date=".newsDate",
        breadcrumb="a.newsSubjectName",
    ),
    _bootstrap(
        "bultannews",
        "بولتن نیوز",
        "https://www.bultannews.com",
        f"{A3} #10; container .main_body .col-md-27, date time",
        container=".main_body .col-md-27",
        date=".main_body time",
    ),
    _old(
        "cinemaema",
        "سینما اما",
        "https://www.cinemaema.com",
        f"{A3} #61; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "danakhabar",
        "دانا خبر",
        "https://danakhabar.com",
        f"{A3} #28; container .main-body-page-news",
        container=".main-body-page-news",
    ),
    _bootstrap(
        "defapress",
        "دفاع پرس",
        "https://defapress.ir",
        f"{A3} #93; container .pb-news-body; a sitemap of the CMS's shape (iransamaneh.md 3.4)",
        container=".pb-news-body",
    ),
    _bootstrap(
        "didarnews",
        "دیدار نیوز",
        "https://www.didarnews.ir",
        f"{A3} #21; container .news-body, title .title_c, date .publish-date",
        container=".news-body",
        title=".title_c",
        date=".publish-date",
    ),
    _bootstrap(
        "diibache",
        "دیباچه",
        "https://diibache.ir",
        f"{A3} #49; container and body .khabar-matn",
        container=".khabar-matn",
        body=".khabar-matn",
    ),
    _bootstrap(
        "dsport",
        "دی اسپورت",
        "https://dsport.ir",
        f"{A3} #54; container .newsPage",
        container=".newsPage",
    ),
    _old(
        "ecoview",
        "اکوویو",
        "http://ecoview.ir",
        f"{A3} #68; {OLD_DIRECTION}; http only",
    ),
    _bootstrap(
        "eghtesaad24",
        "اقتصاد ۲۴",
        "https://eghtesaad24.ir",
        f"{B} (IranSamaneh-like): /fa/news/237423; container #news, .subtitle, .body, .news_path a",
        container="#news",
    ),
    _old(
        "eghtesaddaryai",
        "اقتصاد دریایی",
        "https://eghtesaddaryai.ir",
        f"{A3} #98; {OLD_DIRECTION}; title h2",
        title=(*OLD.title, "h2"),  # after the h1s: an h2 may also be a body heading
    ),
    _bootstrap(
        "eghtesademoaser",
        "اقتصاد معاصر",
        "https://eghtesademoaser.ir",
        f"{A3} #104; container #news (the CMS's body id)",
        container="#news",
    ),
    _old(
        "entekhab",
        "انتخاب",
        "https://www.entekhab.ir",
        "iransamaneh.md 2.1, 4: the old layout in 2015 (alojavad/laravel-1 template of"
        " /fa/news/210229); a 2025 spider reads h1, div.subtitle, .news_pdate_c, div.khabar-matn",
        markers=".khabar-matn",
        body=".khabar-matn",
    ),
    _bootstrap(
        "etelanews",
        "اطلاع نیوز",
        "https://www.etelanews.com",
        f"{B} (IranSamaneh-like): /fa/news/340333; container .item-page, lead .lead_article,"
        " body [itemprop='articleBody']",
        container=".item-page",
        lead=".lead_article",
        body="[itemprop='articleBody']",
        tags=".content-showtags ul li a",
    ),
    _bootstrap(
        "fararu",
        "فرارو",
        "https://fararu.com",
        f"{A3} #12; container .col-main-news, lead .content-lead-news;"
        " a fararu scraper: lead div.news_body_lead",
        container=".col-main-news",
        lead=(".content-lead-news", ".news_body_lead"),
    ),
    _bootstrap(
        "fardanews",
        "فردا نیوز",
        "https://www.fardanews.com",
        "iransamaneh.md 3.1, 5: /fa/news/<id> links,"
        " lib.iransamaneh script and the CMS's archive on its home page (2018); CMS default",
    ),
    _old(
        "farhangesadid",
        "فرهنگ سدید",
        "https://farhangesadid.com",
        f"{A3} #55; {OLD_DIRECTION}",
    ),
    _old(
        "fekrshahr",
        "فکر شهر",
        "https://fekrshahr.ir",
        f"{A3} #96; {OLD_DIRECTION}",
    ),
    _old(
        "felezatkhavarmianeh",
        "فلزات خاورمیانه",
        "https://felezatkhavarmianeh.ir",
        f"{A3} #90; {OLD_DIRECTION}",
    ),
    _old(
        "ferghe",
        "فرقه",
        "https://ferghe.ir",
        f"{A3} #102; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "fhnews",
        "اف‌اچ نیوز",
        "http://fhnews.ir",
        f"{A3} #64; container .col1_dakheli_index; http only",
        container=".col1_dakheli_index",
    ),
    _bootstrap(
        "gardeshban",
        "گردشبان",
        "http://gardeshban.ir",
        f"{A3} #86; container #news, title h2.title, breadcrumb .pathe_news a; http only",
        container="#news",
        title="h2.title",
        breadcrumb=".pathe_news a",
    ),
    _old(
        "ghalamnews",
        "قلم نیوز",
        "https://ghalamnews.ir",
        f"{A3} #91; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "goftareno",
        "گفتارنو",
        "https://goftareno.ir",
        f"{A3} #35; container .newspage_right_col, kicker .newspage_rutitr,"
        " lead .newspage_subtitle",
        container=".newspage_right_col",
        lead=".newspage_subtitle",
    ),
    _old(
        "hakimemehr",
        "حکیم مهر",
        "https://hakimemehr.ir",
        f"{A3} #77; {OLD_DIRECTION}",
    ),
    _old(
        "hedayatgar",
        "هدایتگر",
        "http://hedayatgar.ir",
        f"{A3} #72; {OLD_DIRECTION}; http only",
    ),
    _old(
        "hourgan",
        "هورگان",
        "https://hourgan.ir",
        f"{A3} #79; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "ibena",
        "ایبنا",
        "https://ibena.ir",
        f"{B} (IranSamaneh-like): /fa/news/165952; container #news, kicker .news-rutitr,"
        " lead .news-subtitle",
        container="#news",
    ),
    _bootstrap(
        "iqna",
        "ایکنا",
        "https://iqna.ir",
        f"{A3} #4; container .box_news",
        container=".box_news",
    ),
    _bootstrap(
        "iraneconomist",
        "ایران اکونومیست",
        "https://iraneconomist.com",
        f"{A3} #29; container .main_news_col",
        container=".main_news_col",
    ),
    _old(
        "irdc",
        "آی آر دی سی",
        "https://irdc.ir",
        f"{A3} #84; {OLD_DIRECTION}",
    ),
    _site(
        "iribnews",
        "خبرگزاری صدا و سیما",
        "https://www.iribnews.ir",
        "iribnews",
        f"{A3} #15 (container .news_general_dl, title h1.title_news span, lead p.subtitle,"
        " body .body_media_content_show, breadcrumb .news_path2); an iribnews Scrapy spider",
    ),
    _old(
        "jadidpress",
        "جدید پرس",
        "https://www.jadidpress.ir",
        f"{A3} #58; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "jamejamonline",
        "جام جم آنلاین",
        "https://jamejamonline.ir",
        f"{A3} #59; container .bg-shadow-news .row, date span.news-pdate,"
        " breadcrumb section.padd-breadcrumb",
        container=".bg-shadow-news .row",
        date="span.news-pdate",
        breadcrumb="section.padd-breadcrumb div a",
    ),
    _bootstrap(
        "javanonline",
        "جوان آنلاین",
        "https://www.javanonline.ir",
        f"{A3} #25; container .over-hide",
        container=".over-hide",
    ),
    _old(
        "kanoonhend",
        "کانون هند",
        "http://kanoonhend.ir",
        f"{A3} #69; {OLD_DIRECTION}; tags a.tags_item; http only",
    ),
    _old(
        "kayhan",
        "کیهان",
        "https://kayhan.ir",
        f"{A3} #17; container .margin_bt_fari div[style='direction: rtl;'];"
        " date and breadcrumb outside it; soft 404 div.error_container (iransamaneh.md 2.2)",
        container=".margin_bt_fari div[style*='direction: rtl']",
    ),
    _bootstrap(
        "khabaredagh",
        "خبر داغ",
        "https://khabaredagh.ir",
        f"{A3} #44; container .news_body",
        container=".news_body",
    ),
    _old(
        "khabarkhodro",
        "خبر خودرو",
        "http://khabarkhodro.com",
        f"{A3} #85; {OLD_DIRECTION}; http only",
    ),
    _bootstrap(
        "khodrokaar",
        "خودروکار",
        "http://khodrokaar.ir",
        f"{A3} #83; container #news (the CMS's body id); http only",
        container="#news",
    ),
    _old(
        "khootoot",
        "خطوط",
        "https://khootoot.ir",
        f"{A3} #101; {OLD_DIRECTION}; tags .row-tags a",
        tags=".row-tags a",
    ),
    _old(
        "khordad",
        "خرداد",
        "https://www.khordad.news",
        f"{A3} #46; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "mahyanews",
        "ماهیا نیوز",
        "https://www.mahyanews.ir",
        f"{A3} #94; container #news, breadcrumb .news_nav_second, tags .article_tags a.article_tag",
        container="#news",
        breadcrumb=".news_nav_second > div > a",
        tags=".article_tags a.article_tag",
    ),
    _bootstrap(
        "mana",
        "منا",
        "https://mana.ir",
        f"{A3} #50; container .news-padd, title h2 a, lead .photo-subtitle,"
        " date .news-publishdate, breadcrumb .news-service a",
        container=".news-padd",
        title="h2 a",
        lead=".photo-subtitle",
        date=(".news-publishdate", ".photo-news-publishdate"),
        breadcrumb=".news-service a",
    ),
    _old(
        "marinenews",
        "مارین نیوز",
        "https://marinenews.ir",
        f"{A3} #97; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "mednews",
        "مدنیوز",
        "https://www.mednews.ir",
        f"{A3} #52; container .col-md-pull-10",
        container=".col-md-pull-10",
    ),
    _old(
        "meydannews",
        "میدان نیوز",
        "https://meydannews.com",
        f"{A3} #103; {OLD_DIRECTION}; kicker .newspage-rutitr, lead .newspage-subtitle",
        lead=".newspage-subtitle",
    ),
    _bootstrap(
        "mizanonline",
        "میزان",
        "https://www.mizanonline.ir",
        f"{A3} #16; container .main_news_body, .row_news_body",
        container=(".main_news_body", ".row_news_body"),
    ),
    _bootstrap(
        "moaser",
        "معاصر",
        "http://moaser.ir",
        f"{A3} #75; container section.news-content; http only",
        container="section.news-content",
    ),
    _old(
        "mokhatab24",
        "مخاطب ۲۴",
        "http://mokhatab24.ir",
        f"{A3} #88; {OLD_DIRECTION}; http only",
    ),
    _bootstrap(
        "nabzefanavari",
        "نبض فناوری",
        "https://nabzefanavari.ir",
        f"{B} (IranSamaneh-like): container #news, .subtitle, .body, .news_path a, .tags_title a",
        container="#news",
    ),
    _old(
        "nabznaft",
        "نبض نفت",
        "https://nabznaft.ir",
        f"{A3} #48; {OLD_DIRECTION}",
    ),
    _old(
        "nateghan",
        "ناطقان",
        "http://nateghan.ir",
        f"{A3} #71; {OLD_DIRECTION}; http only",
    ),
    _old(
        "nesfejahan",
        "نصف جهان",
        "https://nesfejahan.net",
        f"{A3} #100; {OLD_DIRECTION}; title h2",
        title=(*OLD.title, "h2"),  # after the h1s: an h2 may also be a body heading
    ),
    _bootstrap(
        "niniban",
        "نی نی بان",
        "https://niniban.com",
        f"{A3} #22; container .col-md-24, date time.news_path_time",
        container=".col-md-24",
        date="time.news_path_time",
    ),
    _bootstrap(
        "noandish",
        "نواندیش",
        "https://noandish.com",
        f"{A3} #24; container .middle_news_body, lead .newspage_subtitle",
        container=".middle_news_body",
        lead=".newspage_subtitle",
    ),
    _old(
        "ofoghetazenews",
        "افق تازه",
        "http://ofoghetazenews.ir",
        f"{A3} #74; {OLD_DIRECTION}; http only",
    ),
    _old(
        "pansadonavadohasht",
        "پانصد و نود و هشت",
        "https://www.598.ir",
        f"{A3} #60; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "parsine",
        "پارسینه",
        "https://www.parsine.com",
        f"{A3} #13; container .general-news-body",
        container=".general-news-body",
    ),
    _old(
        "paydarymelli",
        "پایداری ملی",
        "https://paydarymelli.ir",
        f"{A3} #27; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "qumpress",
        "قم پرس",
        "https://www.qumpress.ir",
        f"{B} (IranSamaneh-like): /fa/news/419339; container .item-page,"
        " body [itemprop='articleBody'], tags .content-showtags",
        container=".item-page",
        body="[itemprop='articleBody']",
        tags=".content-showtags ul li a",
    ),
    _bootstrap(
        "rahbordemoaser",
        "راهبرد معاصر",
        "https://rahbordemoaser.ir",
        f"{A3} #51; container .content, .multimedia-news-more",
        container=(".content", ".multimedia-news-more"),
    ),
    _bootstrap(
        "rasanews",
        "خبرگزاری رسا",
        "https://rasanews.ir",
        f"{A3} #20; container .news_content",
        container=".news_content",
    ),
    _bootstrap(
        "roozno",
        "روزنو",
        "https://roozno.com",
        f"{A3} #23; container .news-content, tags .tags_title a; a roozno Scrapy spider",
        container=".news-content",
    ),
    _old(
        "roozplus",
        "روزپلاس",
        "https://roozplus.com",
        f"{A3} #81; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "rouydad24",
        "رویداد ۲۴",
        "https://www.rouydad24.ir",
        f"{B} (IranSamaneh-like): /fa/news/366598; container #news, .subtitle, .body,"
        " .news_path a, .tags_title a",
        container="#news",
    ),
    _old(
        "sadohejdahsafar",
        "۱۱۸ سفر",
        "https://118safar.com",
        f"{A3} #76; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "sarmadnews",
        "سرمد نیوز",
        "https://sarmadnews.com",
        f"{A3} #34; container .col2_inner",
        container=".col2_inner",
    ),
    _bootstrap(
        "sedayiran",
        "صدای ایران",
        "https://sedayiran.com",
        f"{A3} #32; container .marg-news, #photo, title .title-news, body .body_news",
        container=(".marg-news", "#photo"),
        title=(".title-news", ".description_d"),
        body=".body_news",
        date=(".news_pdate_c", ".decription_d_i"),
    ),
    _bootstrap(
        "seratnews",
        "صراط نیوز",
        "https://www.seratnews.com",
        f"{A3} #3; container .body-news, .body_news",
        container=(".body-news", ".body_news"),
    ),
    _bootstrap(
        "shafaf",
        "شفاف",
        "http://www.shafaf.ir",
        "iransamaneh.md 4: h1.title a, lead p[itemprop=description],"
        " news_pdate_c (a shafaf Scrapy spider, /fa/rss/allnews)",
        lead="p[itemprop=description]",
    ),
    _bootstrap(
        "shafaonline",
        "شفا آنلاین",
        "http://shafaonline.ir",
        f"{A3} #70; container .inner_b.col-xs-36, date .news_pdate; http only",
        container=".inner_b.col-xs-36",
        date=".news_pdate",
    ),
    _bootstrap(
        "shahraranews",
        "شهرآرانیوز",
        "https://shahraranews.ir",
        f"{A3} #19; container .news-content, .news-main, breadcrumb .path-cover a",
        container=(".news-content", ".news-main"),
        title="h1.photoshahr-title",
        lead=".photoshahr-subtitle",
        breadcrumb=".path-cover a",
    ),
    _bootstrap(
        "shia-news",
        "شیعه نیوز",
        "https://www.shia-news.com",
        f"{A3} #14; container .news-body",
        container=".news-body",
    ),
    _old(
        "shiraze",
        "شیرازه",
        "https://shiraze.ir",
        f"{A3} #63; {OLD_DIRECTION}; title div.title h1:nth-child(2)",
        title="div.title h1:nth-child(2)",
    ),
    _bootstrap(
        "shoaresal",
        "شعار سال",
        "https://shoaresal.ir",
        f"{A3} #39; container .nopadd, title .title_news",
        container=".nopadd",
        title=".title_news",
    ),
    _bootstrap(
        "shohadayeiran",
        "شهدای ایران",
        "https://shohadayeiran.com",
        f"{A3} #31; container .news_body",
        container=".news_body",
    ),
    _old(
        "shooshan",
        "شوشان",
        "http://shooshan.ir",
        f"{A3} #95; {OLD_DIRECTION}; http only",
    ),
    _bootstrap(
        "snn",
        "خبرگزاری دانشجو",
        "https://snn.ir",
        f"{A3} #7; container .main_col, .photo_news_content",
        container=(".main_col", ".photo_news_content"),
    ),
    Site(
        key="tabnak",
        name="تابناک",
        domains=("tabnak.ir",),
        base_url="https://www.tabnak.ir",
        cms=CMS,
        layout="bootstrap",
        evidence="real page 818242 and feed of 2018-07-21 (tests/golden/tabnak); " + A3 + " #6",
    ),
    _bootstrap(
        "tabnakbato",
        "تابناک باتو",
        "https://tabnakbato.ir",
        f"{A3} #38; container .khabar-body",
        container=".khabar-body",
    ),
    _bootstrap(
        "tabnakjavan",
        "تابناک جوان",
        "https://tabnakjavan.com",
        f"{A3} #53; container .tj-news-container",
        container=".tj-news-container",
    ),
    _old(
        "tadbir24",
        "تدبیر ۲۴",
        "http://tadbir24.ir",
        f"{A3} #67; {OLD_DIRECTION}; tags a.tags_item; http only",
    ),
    _old(
        "tehranbehesht",
        "تهران بهشت",
        "https://tehranbehesht.news",
        f"{A3} #87; {OLD_DIRECTION}",
    ),
    _bootstrap(
        "tehranpress",
        "تهران پرس",
        "https://tehranpress.com",
        f"{A3} #99; container .border-parent-main, breadcrumb .service-name, tags .khabar-tag",
        container=".border-parent-main",
        breadcrumb=".service-name",
        tags=".khabar-tag",
    ),
    _bootstrap(
        "tejaratemrouz",
        "تجارت امروز",
        "https://tejaratemrouz.ir",
        f"{A3} #36; container .body_news",
        container=".body_news",
    ),
    _bootstrap(
        "tejaratonline",
        "تجارت آنلاین",
        "https://tejaratonline.ir",
        f"{A3} #33; container .news_content",
        container=".news_content",
    ),
    _old(
        "tik",
        "تیک",
        "http://tik.ir",
        f"{A3} #65; {OLD_DIRECTION}; http only",
    ),
    _bootstrap(
        "titre20",
        "تیتر ۲۰",
        "https://titre20.ir",
        f"{A3} #43; container .news-continer-p, kicker .rutitr-news, date span.news-nav-times",
        container=".news-continer-p",
        kicker=".rutitr-news",
        date="span.news-nav-times",
    ),
    _bootstrap(
        "vananews",
        "وانا نیوز",
        "https://vananews.com",
        f"{A3} #37; container .body_news; the date in the .news_path line",
        container=".body_news",
        date=(".news_pdate_c", ".news_path"),
    ),
    _site(
        "yjc",
        "باشگاه خبرنگاران جوان",
        "https://www.yjc.ir",
        "yjc",
        f"{A3} #8 (title .title-news, lead .news_strong, body .baznashr-body,"
        " date .date-color-news, breadcrumb .path_bottom_body); yjc scrapers of 1402",
    ),
    _old(
        "zisaan",
        "زیسان",
        "https://zisaan.ir",
        f"{A3} #89; {OLD_DIRECTION}",
    ),
)

EXCLUDED: tuple[Excluded, ...] = (
    Excluded(
        "8sobh.ir",
        f"{A3} #66: WordPress markup (#nt-body-ck, a[rel=tag]) and /<slug>/ URLs, not the CMS's",
    ),
    Excluded(
        "bartarinha.ir",
        "on Asam now (cms-families.md A.2 #7: /بخش-…/<id>-<slug> URLs); IranSamaneh's Bootstrap"
        " layout only on its page of 2018 (iransamaneh.md 2.1)",
    ),
    Excluded(
        "esfahanshargh.ir",
        f"{B}: /<id>/<slug> URLs, WordPress-like markup (.single-content, .breadcrumb_last)",
    ),
    Excluded("farazdaily.com", f"{A3} #1: /بخش-…/<id>-<slug> URLs (Asam's shape), .news-cnt"),
    Excluded("gitionline.ir", f"{A3} #78: WordPress markup (.entry, .crumbs) and /<slug>/ URLs"),
    Excluded("lisna.ir", f"{B}: /talk/item/<id>-<slug> URLs"),
    Excluded(
        "mashreghnews.ir",
        "not on this CMS today: /news/<id>/<slug> URLs; only old mashregh URLs used /fa/news/"
        " (iransamaneh.md 0 #9)",
    ),
    Excluded(
        "namehnews.com",
        f"{B} puts it in the Asam-like group; IranSamaneh markup only in older scrapers"
        " (iransamaneh.md 4)",
    ),
    Excluded("neshateshahr.ir", f"{B}: /Press/ShowNews/<id> URLs"),
    Excluded("ourpresident.ir", f"{B}: /analysis/article/<slug> URLs, Joomla-like markup"),
    Excluded(
        "sabakhabar.ir",
        f"{A3} #41: /<id>/<slug> URLs, WordPress-like markup (.single-news, .news-tags)",
    ),
    Excluded("sedayostan.ir", f"{B}: /news/<id>/<slug> URLs, without the CMS's /fa/"),
    Excluded("shomalnews.com", f"{B}: /view/<id>/<slug> URLs and .content.news markup"),
)
"""Sites the references list near this CMS that are not declared, with the reason."""
