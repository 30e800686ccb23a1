"""Sites on the IranSamaneh CMS, declared as data; the CMS's page object reads them all.

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
"""

from __future__ import annotations

from newscrawl.cms.iransamaneh import CMS
from newscrawl.site import Site

SITES = (
    Site(
        key="asriran",
        name="عصر ایران",
        domains=("asriran.com",),
        base_url="https://www.asriran.com",
        cms=CMS,
        layout="bootstrap",
        evidence="iransamaneh.md 2.2 and 4 (asriran scrapers of 2020 and page text); no real page",
    ),
    Site(
        key="asrpress",
        name="عصر پرس",
        domains=("asrpress.ir",),
        base_url="https://asrpress.ir",
        cms=CMS,
        layout="old",
        evidence="iransamaneh.md 2.1 and 4 (Targoman's asrpress config); reader text of 26684",
    ),
    Site(
        key="tabnak",
        name="تابناک",
        domains=("tabnak.ir",),
        base_url="https://www.tabnak.ir",
        cms=CMS,
        layout="bootstrap",
        evidence="real page 818242 and feed of 2018-07-21 (tests/golden/tabnak)",
    ),
)
