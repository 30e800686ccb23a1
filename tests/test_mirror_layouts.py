"""The mirror prints each CMS layout so that the layout's site reads every page to its record.

The fast twin of ``tests/test_layout_crawls.py``: no server, no crawl, the page objects only.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler

from newscrawl.cms.iransamaneh.page import LAYOUTS
from newscrawl.pipelines.normalize import NormalizePersianPipeline
from newscrawl.sites import SITES
from tests.mirror.build import build_mirror
from tests.mirror.render import LAYOUTS as RENDERED
from tests.mirror.site_dir import read_expected
from tests.mirror.spec import LAYOUT_SITES


def test_the_mirror_prints_every_layout_of_the_cms():
    assert set(RENDERED) == set(LAYOUT_SITES) == {layout.name for layout in LAYOUTS}


@pytest.mark.parametrize("layout", sorted(LAYOUT_SITES))
def test_every_page_of_a_layout_reads_to_its_expected_record(layout, tmp_path, crawler):
    key = LAYOUT_SITES[layout]
    normalize = build_from_crawler(NormalizePersianPipeline, crawler)
    build_mirror(tmp_path, articles=60, seed=5, layout=layout, workers=1)
    expected = read_expected(tmp_path)
    assert len(expected) == 60
    assert {record["site"] for record in expected} == {key}
    for record in expected:
        html = (tmp_path / "pages" / f"{record['news_id']}.html").read_bytes()
        page = SITES[key].page_class(HtmlResponse(record["url"], body=html), site=key)
        assert getattr(getattr(page, "layout", None), "name", None) == layout
        got = asdict(normalize.process_item(page.to_article()))
        del got["crawled_at"]
        assert got == record, record["news_id"]
