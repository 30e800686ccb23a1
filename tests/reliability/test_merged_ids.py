"""Merged ids: the CMS 301s id 105 to another article's URL (``/fa/news/104/<slug>``).

Followed as Scrapy follows any redirect, such an id is dropped by the duplicate filter when the
other article's URL was fetched already (the id is neither exported, nor a gap, nor a failure, and
holds the incremental cursor back run after run), or answered with the other article's page when
it was not. The mirror serves merged ids on ``--merge ID=INTO`` (``tests.mirror.faults``);
every crawl must count each merged id as a gap and export the article it points to exactly once,
whichever of the two ids is fetched first.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest
from w3lib.url import safe_url_string

from newscrawl.runs.state import SiteState, StateDir
from tests.crawling import mirror_state_key, run_crawl, without_crawl_time
from tests.mirror.build import build_mirror
from tests.mirror.expected import rebase
from tests.mirror.faults import FaultPlan
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir
from tests.reliability.outcomes import Mirror

pytestmark = pytest.mark.e2e

SEED = 31
ARTICLES = 60
ONE_AT_A_TIME = ("-s", "CONCURRENT_REQUESTS=1")  # the order asked is the order fetched


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Mirror:
    site_dir = tmp_path_factory.mktemp("merged-mirror")
    build_mirror(site_dir, articles=ARTICLES, seed=SEED)
    return Mirror.load(site_dir)


def merge_args(merged: dict[int, int]) -> list[str]:
    return FaultPlan(rates={}, merged=merged).to_args()


def head(base_url: str, path: str) -> tuple[int, str | None]:
    """Status and ``Location`` of one request, redirects not followed."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_the_mirror_sends_a_merged_id_to_the_article_it_was_merged_into(mirror):
    merged, into = mirror.ok_ids[5], mirror.ok_ids[2]
    slugs = {entry.news_id: entry.slug for entry in load_site_dir(mirror.site_dir).entries}
    with serve_site_dir(mirror.site_dir, fault_args=merge_args({merged: into})) as base_url:
        target = base_url + safe_url_string(f"/fa/news/{into}/{slugs[into]}")
        for path in (f"/fa/news/{merged}", safe_url_string(f"/fa/news/{merged}/{slugs[merged]}")):
            assert head(base_url, path) == (301, target), path
        assert head(base_url, urlsplit(target).path) == (200, None)
        neighbour = mirror.ok_ids[3]
        assert head(base_url, f"/fa/news/{neighbour}")[1] == base_url + safe_url_string(
            f"/fa/news/{neighbour}/{slugs[neighbour]}"
        ), "other ids are untouched"


@pytest.mark.parametrize(
    "merged", [{105: 105}, {105: 104, 104: 103}], ids=["into_itself", "into_a_merged_id"]
)
def test_a_merge_must_name_another_unmerged_article(merged):
    with pytest.raises(ValueError, match="must name another, unmerged article"):
        FaultPlan(rates={}, merged=merged)


@pytest.mark.parametrize(
    "order", ["target_first", "merged_first", "merged_only"], ids=lambda order: order
)
def test_an_ids_crawl_counts_a_merged_id_as_a_gap_and_exports_its_article_once(
    mirror, tmp_path, order
):
    merged, into = mirror.ok_ids[5], mirror.ok_ids[2]
    ids = {"target_first": [into, merged], "merged_first": [merged, into], "merged_only": [merged]}
    asked = ",".join(str(news_id) for news_id in ids[order])
    with serve_site_dir(mirror.site_dir, fault_args=merge_args({merged: into})) as base_url:
        crawl = run_crawl(
            tmp_path, "asrpress", "-a", f"base_url={base_url}", "-a", f"ids={asked}",
            *ONE_AT_A_TIME, "-s", "LOG_LEVEL=DEBUG",
        )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    # the article is not lost, even when only the merged id was asked, and is exported once
    assert [record["news_id"] for record in crawl.records] == [into]
    assert without_crawl_time(crawl.records) == {into: rebase(mirror.expected[into], base_url)}
    assert crawl.summary["gaps"] == {"redirected_elsewhere": 1}
    assert crawl.summary["failed"] == 0
    assert crawl.summary["duplicates"] == 0
    assert crawl.summary["ok"], crawl.summary["problems"]
    told = f"No article at id {merged}: it redirects to id {into}"
    assert told in crawl.log
    # the test does what it says: the target's page was fetched before the merged id, or after
    fetched_into = crawl.log.index(f"Crawled (200) <GET {base_url}/fa/news/{into}/")
    assert (fetched_into < crawl.log.index(told)) == (order == "target_first")


def test_incremental_runs_move_the_cursor_past_merged_ids_and_never_fetch_them_again(
    mirror, tmp_path
):
    ids = mirror.ok_ids
    merged = {ids[5]: ids[2], ids[8]: ids[12]}  # into an earlier article, into a later one
    with serve_site_dir(mirror.site_dir, fault_args=merge_args(merged)) as base_url:
        key = mirror_state_key("asrpress", base_url)
        StateDir(tmp_path / "state").save(SiteState(key, last_id=ids[0] - 1))
        first = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", *ONE_AT_A_TIME)
        state = json.loads((tmp_path / "state" / f"{key}.json").read_text(encoding="utf-8"))
        second = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", name="run2")
    assert first.returncode == 0, first.log[-3000:]
    exported = [record["news_id"] for record in first.records]
    assert sorted(exported) == sorted(set(ids) - set(merged)), "every other article, once"
    got = without_crawl_time(first.records)
    assert got == {i: rebase(mirror.expected[i], base_url) for i in got}
    # the merged ids were handled: the cursor moved past them, nothing is left to retry
    assert state["last_id"] == max(ids)
    assert state["retry"] == {}
    assert first.summary["gaps"].pop("redirected_elsewhere") == len(merged)
    assert sum(first.summary["gaps"].values()) == len(mirror.gap_ids)
    assert first.summary["failed"] == 0
    for news_id, into in merged.items():
        assert f"No article at id {news_id}: it redirects to id {into}" in first.log
    assert second.returncode == 0, second.log[-3000:]
    assert second.records == []
    assert second.summary["gaps"] == {}, "no id fetched again"
    assert f"cursor {max(ids)}, 0 ids to fetch" in second.log
