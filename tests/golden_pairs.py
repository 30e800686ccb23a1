"""Golden pairs: ``tests/golden/<site>/<id>.html`` (page as served) + ``<id>.json`` (record).

A golden folder is named after a declared site. A site without a folder of its own is covered by
the goldens of its layout (its *variant goldens*): the folders of the sites of the same CMS and
layout that declare no overrides, whose pages the layout's own selectors read, or the same
overrides as the site.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.http import HtmlResponse

from newscrawl.sites import SITES

if TYPE_CHECKING:
    from newscrawl.pages import ArticlePage
    from newscrawl.pipelines.normalize import NormalizePersianPipeline
    from newscrawl.site import Site

GOLDEN = Path(__file__).parent / "golden"


def golden_pages() -> list[Path]:
    return sorted(GOLDEN.glob("*/*.html"))


def golden_id(html: Path) -> str:
    return f"{html.parent.name}/{html.stem}"


def load_expected(html: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
    return expected


def own_goldens(key: str) -> list[Path]:
    """The pages of the site's own golden folder (none when it has no folder)."""
    return sorted((GOLDEN / key).glob("*.html"))


def variant_goldens(site: Site) -> list[Path]:
    """The goldens of ``site``'s layout: own pages of the sites of the same CMS and layout that
    declare no overrides (the layout's selectors read them) or the very overrides ``site`` does."""
    if site.layout is None:
        return []
    return [
        html
        for key, other in SITES.items()
        if other.cms.name == site.cms.name
        and other.layout == site.layout
        and (not other.overrides or other.overrides == site.overrides)
        for html in own_goldens(key)
    ]


def covering_goldens(site: Site) -> list[Path]:
    """The site's own golden pages, else its variant goldens."""
    return own_goldens(site.key) or variant_goldens(site)


def page(page_class: type[ArticlePage], html: Path, key: str) -> ArticlePage:
    """``page_class`` on a golden page, served at the URL its record names."""
    response = HtmlResponse(load_expected(html)["url"], body=html.read_bytes(), encoding="utf-8")
    return page_class(response, site=key)


def extract(html: Path, url: str, pipeline: NormalizePersianPipeline) -> dict[str, Any]:
    """Run the site's page object and the normalize pipeline: the record as it would be exported."""
    response = HtmlResponse(url, body=html.read_bytes(), encoding="utf-8")
    key = html.parent.name
    article = SITES[key].page_class(response, site=key).to_article()
    return asdict(pipeline.process_item(article))


def record(page_object: ArticlePage, pipeline: NormalizePersianPipeline) -> dict[str, Any]:
    """The exported record of a page object, without ``crawled_at`` and ``site``."""
    exported = asdict(pipeline.process_item(page_object.to_article()))
    del exported["crawled_at"], exported["site"]
    return exported
