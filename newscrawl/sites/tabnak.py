"""Tabnak (تابناک, tabnak.ir): the IranSamaneh CMS's Bootstrap layout, read by the CMS defaults.

Checked against a real page (news 818242, saved 2018-07-21; ``tests/golden/tabnak/``). The article
sits in ``div.gutter_news``: breadcrumb, then ``div.top_news_title`` (``div.rutitr``,
``h1.Htag > a``, ``div.subtitle`` with an empty ``div.subtitle_img``), then ``div.news_navbox``
with the id and the date, then ``div.body`` of plain ``<p>``s. Ads (``div.adv_news``), likes,
related news, comments and share buttons follow ``div.body`` as its siblings, so they never reach
the body. Quirks the shared page object already handles:

- the breadcrumb has no «صفحه نخست»: service, then category
  (``/fa/archive?service_id=15&cat_id=108``);
- the date line is date first, ``۳۰ تير ۱۳۹۷ - ۰۰:۲۰`` with Arabic ي, and sits in a misspelled
  ``<sapn class="fa_date">`` beside ``span.en_date`` (seen 2018-07-21, /fa/news/818242);
- ``og:url`` has no slug and there is no canonical link: the title's ``href`` is the slugged URL.
"""

from __future__ import annotations

from newscrawl.cms.iransamaneh.page import IranSamanehArticlePage
from newscrawl.site import Site


class TabnakArticlePage(IranSamanehArticlePage):
    """Tabnak article page: the CMS defaults fit it as they are."""

    site_key = "tabnak"


SITE = Site(
    key="tabnak",
    name="تابناک",
    domains=("tabnak.ir", "www.tabnak.ir"),
    base_url="https://www.tabnak.ir",
    article_page=TabnakArticlePage,
)
