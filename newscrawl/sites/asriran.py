"""Asr Iran (عصر ایران, asriran.com): the IranSamaneh CMS's Bootstrap layout, read by the defaults.

From documented markup only (iransamaneh.md 2.2 and 4: asriran scrapers of 2020 and page text);
no real asriran page has been checked yet. The article sits in ``div.col1-news``: ``div.rutitr``,
``h1.title > a`` (``div.title > h1 > a`` on older templates), ``div.subtitle``, ``div.body``.
What the shared page object handles:

- the date line is time first, ``۱۲:۲۲ - ۲۵ دی ۱۳۹۲`` with the English date in a second span;
  items from 1385 print a numeric day-month-year date, ``۰۹:۳۲ - ۰۶-۰۸-۱۳۸۵`` (/fa/news/5607);
- the breadcrumb starts with «صفحه نخست», then the section
  (``/fa/archive?service_id=1&sec_id=120``);
- bodies carry a «بیشتر بخوانید» block of related links after a dashed rule (dataset of 1399);
- tags are ``div.tags_container .tags_title > a``; the short link (``div.short-link``,
  ``asriran.com/0031Ge``) has no field in ``Article``.
"""

from __future__ import annotations

from newscrawl.cms.iransamaneh.page import IranSamanehArticlePage
from newscrawl.site import Site


class AsriranArticlePage(IranSamanehArticlePage):
    """Asr Iran article page: the CMS defaults fit the documented markup as they are."""

    site_key = "asriran"


SITE = Site(
    key="asriran",
    name="عصر ایران",
    domains=("asriran.com", "www.asriran.com"),
    base_url="https://www.asriran.com",
    article_page=AsriranArticlePage,
)
