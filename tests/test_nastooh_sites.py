"""The Nastooh sites: golden pairs, one declaration test per site, and the spiders they make."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.project import get_project_settings

from newscrawl.cms.nastooh import CMS
from newscrawl.cms.nastooh.page import NastoohArticlePage
from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.sites import SITES, nastooh
from newscrawl.spiders.loader import SPIDERS, SiteSpiderLoader
from tests.golden_pairs import GOLDEN, extract, golden_id, load_expected

NASTOOH_SITES = {site.key: site for site in nastooh.SITES}
GOLDEN_PAGES = sorted(path for key in NASTOOH_SITES for path in (GOLDEN / key).glob("*.html"))


@pytest.fixture
def normalize(crawler) -> NormalizePersianPipeline:
    return build_from_crawler(NormalizePersianPipeline, crawler)


# --- golden pairs ---


@pytest.mark.parametrize("html", GOLDEN_PAGES, ids=golden_id)
def test_golden_record(html, normalize):
    expected = load_expected(html)
    record = extract(html, expected["url"], normalize)
    record.pop("crawled_at")
    assert record == expected


@pytest.mark.parametrize("html", GOLDEN_PAGES, ids=golden_id)
def test_golden_json_is_reviewable_text(html):
    text = html.with_suffix(".json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert "\\u" not in text
    assert re.search(r"[\u0600-\u06ff]", text)


@pytest.mark.parametrize("key", sorted({html.parent.name for html in GOLDEN_PAGES}))
def test_every_golden_folder_says_what_its_pairs_show_and_that_they_are_synthetic(key):
    readme = (GOLDEN / key / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    for html in (GOLDEN / key).glob("*.html"):
        assert f"`{html.stem}`" in readme, html.name


def test_golden_pages_hold_real_zwnjs_not_stripped_ones():
    """The look-up tools print pages without U+200C: a golden must never come from such text."""
    stripped = re.compile(r"(?<![\w\u200c])(?:نمی|می)(?:شود|کند|گوید|دهد|توان)")
    for html in GOLDEN_PAGES:
        text = html.read_text(encoding="utf-8")
        assert "\u200c" in text, html
        assert not stripped.search(text), (html, stripped.search(text))


# --- one declaration test per site ---

LAYOUT_GOLDENS = {"item": ("mehrnews",), "rich": ("saat24", "sahebkhabar")}
"""The golden folders of a layout's variant, for sites of no golden of their own."""


def covering_pages(key: str) -> list:
    own = sorted((GOLDEN / key).glob("*.html"))
    if own:
        return own
    layout = NASTOOH_SITES[key].layout
    assert layout is not None
    return sorted(
        html for folder in LAYOUT_GOLDENS[layout] for html in (GOLDEN / folder).glob("*.html")
    )


@pytest.mark.parametrize("key", sorted(NASTOOH_SITES))
def test_site_declaration_reads_its_variants_golden(key, normalize):
    """The site's URL grammar names the golden's id, and its layout's selectors (overrides
    included) read the golden the golden's own site reads: the same record, field by field."""
    site = NASTOOH_SITES[key]
    pages = covering_pages(key)
    assert pages, key
    for html in pages:
        expected = load_expected(html)
        news_id = expected["news_id"]
        assert site.cms.article_id(expected["url"]) == news_id
        assert site.cms.article_id(site.article_url(site.base_url, news_id)) == news_id
        response = HtmlResponse(expected["url"], body=html.read_bytes(), encoding="utf-8")
        page = site.page_class(response, site=expected["site"])
        assert isinstance(page, NastoohArticlePage)
        assert page.layout is not None
        record = asdict(normalize.process_item(page.to_article()))
        record.pop("crawled_at")
        assert record == expected, html


def test_each_sites_layout_is_a_layout_of_the_cms_and_its_overrides_its_fields():
    layouts = {layout.name: layout for layout in CMS.page_class.layouts}
    for site in nastooh.SITES:
        assert site.layout in layouts, site.key
        assert set(site.overrides) <= set(asdict(layouts[site.layout])), site.key


# --- the declarations ---


def test_at_least_forty_nastooh_sites_are_declared():
    assert len(NASTOOH_SITES) >= 40
    assert {"irna", "mehrnews", "hamshahrionline", "khabaronline", "mashreghnews"} <= set(SITES)
    assert all(SITES[key] is site for key, site in NASTOOH_SITES.items())


@pytest.mark.parametrize("key", sorted(NASTOOH_SITES))
def test_site_is_declared_by_its_domain_label_with_its_evidence(key):
    site = NASTOOH_SITES[key]
    host = urlsplit(site.base_url).hostname
    assert host is not None
    assert site.serves(host)
    labels = [label for label in host.split(".") if label not in ("www", "news")]
    assert key == labels[0], key
    assert site.cms is CMS
    assert re.search(r"[\u0600-\u06ff]", site.name)
    assert "/news/{id}" in site.evidence, "the bare id URL is declared as an assumption"


def test_sites_behind_a_challenge_say_so():
    assert {key for key, site in NASTOOH_SITES.items() if site.challenge} == {"imna", "shana"}


def test_date_coded_and_outsized_ids_are_not_walked():
    assert {key for key, site in NASTOOH_SITES.items() if not site.sequential} == {
        "chtn",
        "isna",
        "sahebkhabar",
        "salameno",
    }
    assert NASTOOH_SITES["mehrnews"].sequential


def test_scrapy_list_names_every_nastooh_site_and_the_generic_spider():
    names = set(SiteSpiderLoader.from_settings(get_project_settings()).list())
    assert set(NASTOOH_SITES) | {"nastooh"} <= names
    assert SPIDERS["nastooh"].cms is CMS
    assert SPIDERS["nastooh"].declared_site is None
    assert SPIDERS["mehrnews"].declared_site is SITES["mehrnews"]
