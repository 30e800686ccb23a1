"""Asr Press (عصر پرس, asrpress.ir): the IranSamaneh CMS's old layout.

The article sits in ``div[style='direction: right;']``; the id and date toolbar and the breadcrumb
sit outside it (Targoman's asrpress config, 2024-03-11). The editor is printed as the last body
line with no space after the colon: «دبیر:وجیهه مرادی» (seen 1400, /fa/news/26684).
"""

from __future__ import annotations

from newscrawl.cms.iransamaneh.page import IranSamanehArticlePage
from newscrawl.site import Site


class AsrpressArticlePage(IranSamanehArticlePage):
    """Asr Press article page: the CMS defaults fit it as they are."""

    site_key = "asrpress"


SITE = Site(
    key="asrpress",
    name="عصر پرس",
    domains=("asrpress.ir", "www.asrpress.ir"),
    base_url="https://asrpress.ir",
    article_page=AsrpressArticlePage,
)
