"""Per-field coverage: the canary's rules, the pipeline's stats, and the crawl that stops early."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from scrapy.utils.misc import build_from_crawler

from newscrawl.items import Article
from newscrawl.pipelines.coverage import CountFieldCoveragePipeline
from newscrawl.runs.coverage import COVERED_FIELDS, CoverageTally, judge
from newscrawl.runs.state import SiteState, StateDir
from newscrawl.runs.summary import summarize
from tests.changed_template import copy_with_changed_template
from tests.crawling import mirror_state_key, read_jsonl, run_crawl
from tests.mirror.build import build_mirror
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import load_site_dir, read_expected

SEED = 8
FULL = Article(
    site="asrpress",
    news_id=1,
    url="https://asrpress.ir/fa/news/1/x",
    title="عنوان",
    kicker="روتیتر",
    lead="لید",
    body="متن",
    published_at="2021-10-19T20:04:00+03:30",
    published_at_raw="۲۰:۰۴ - ۲۷ مهر ۱۴۰۰",
    section="سیاسی",
    category="مجلس",
    tags=["برچسب"],
    editor="دبیر",
    authors=["نویسنده"],
    images=[{"url": "https://asrpress.ir/a.jpg", "caption": None}],
)


def tally_of(*articles: Article) -> CoverageTally:
    tally = CoverageTally()
    for number, article in enumerate(articles, 1):
        tally.add(vars(replace(article, news_id=number)))
    return tally


def failing(tally: CoverageTally, baseline: dict[str, float] | None) -> dict[str, str]:
    return {v.name: v.problem for v in judge(tally, baseline) if v.problem is not None}


@pytest.mark.parametrize(
    ("kickers", "baseline", "fails"),
    [
        pytest.param(0, None, False, id="no-baseline-yet"),
        pytest.param(0, 0.6, True, id="gone-from-60%"),
        pytest.param(4, 0.6, False, id="40%-of-60%-is-a-normal-day"),
        pytest.param(2, 0.6, True, id="20%-of-60%-is-sharp"),
        pytest.param(0, 0.3, False, id="a-30%-field-never-fails"),
        pytest.param(10, 0.1, False, id="rising-is-fine"),
    ],
)
def test_optional_field_fails_only_on_a_sharp_drop(kickers, baseline, fails):
    tally = tally_of(*[FULL] * kickers, *[replace(FULL, kicker=None)] * (10 - kickers))
    problems = failing(tally, None if baseline is None else {"kicker": baseline})
    assert ("kicker" in problems) is fails
    assert set(problems) <= {"kicker"}


def test_required_field_fails_on_a_single_missing_article():
    tally = tally_of(*[FULL] * 9, replace(FULL, body=""))
    problems = failing(tally, {name: 1.0 for name in COVERED_FIELDS})
    assert problems == {"body": "required field body missing on 1 of 10"}
    (verdict,) = [v for v in judge(tally, None) if v.name == "body"]
    assert [ref.news_id for ref in verdict.missing] == [10]


def test_pipeline_counts_every_field_in_the_stats(crawler):
    pipeline = build_from_crawler(CountFieldCoveragePipeline, crawler)
    for article in (FULL, replace(FULL, kicker=None, tags=[]), replace(FULL, body=None)):
        assert pipeline.process_item(article) is article
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/coverage/articles"] == 3
    assert stats["newscrawl/coverage/kicker"] == 2
    assert stats["newscrawl/coverage/tags"] == 2
    assert stats["newscrawl/coverage/body"] == 2
    assert stats["newscrawl/coverage/title"] == 3
    coverage = summarize(stats)["coverage"]
    assert coverage["articles"] == 3
    assert coverage["present"] == {
        name: (2 if name in ("kicker", "tags", "body") else 3) for name in COVERED_FIELDS
    }
    assert coverage["collapsed"] is None


@pytest.fixture(scope="module")
def site_dirs(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("site") / "asrpress"
    build_mirror(site_dir, articles=100, seed=SEED)
    changed = copy_with_changed_template(site_dir, tmp_path_factory.mktemp("changed") / "asrpress")
    return site_dir, changed


@pytest.mark.e2e
def test_a_normal_crawl_reports_coverage_in_stats_and_summary(site_dirs, tmp_path):
    site_dir, _ = site_dirs
    entries = load_site_dir(site_dir).entries
    with serve_site_dir(site_dir) as base_url:
        crawl = run_crawl(
            tmp_path,
            "asrpress",
            "-a", f"base_url={base_url}",
            "-a", f"ids={entries[0].news_id}-{entries[-1].news_id}",
        )  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.summary["ok"]
    expected = read_expected(site_dir)
    carrying = {
        name: sum(1 for r in expected if r[name] not in (None, "", [])) for name in COVERED_FIELDS
    }
    assert crawl.summary["coverage"] == {
        "articles": len(expected),
        "present": carrying,
        "collapsed": None,
    }
    assert f"'newscrawl/coverage/articles': {len(expected)}" in crawl.log
    assert f"'newscrawl/coverage/kicker': {carrying['kicker']}" in crawl.log


@pytest.mark.e2e
def test_a_crawl_whose_coverage_collapses_stops_early_and_loses_no_article(site_dirs, tmp_path):
    site_dir, changed = site_dirs
    ok_ids = [e.news_id for e in load_site_dir(site_dir).entries if e.status == "ok"]
    with serve_site_dir(changed) as base_url:
        key = mirror_state_key("asrpress", base_url)
        StateDir(tmp_path / "state").save(SiteState(key, last_id=ok_ids[0] - 1))
        collapsed = run_crawl(
            tmp_path,
            "asrpress",
            "-a", f"base_url={base_url}",
            "-s", "NEWSCRAWL_COVERAGE_MIN_PAGES=20",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
            # oldest id first, so the cursor moves past the rejected articles before the stop
            "-s", "SCHEDULER_MEMORY_QUEUE=scrapy.squeues.FifoMemoryQueue",
            name="collapsed",
        )  # fmt: skip
    summary = collapsed.summary
    assert summary["finish_reason"] == "coverage_collapsed"
    assert not summary["ok"]
    message = summary["coverage"]["collapsed"]
    assert "body (20 of 20)" in message
    assert "article template has probably changed" in message
    assert f"coverage collapsed: {message}" in summary["problems"]
    assert "ERROR: Coverage collapsed: required fields missing on more than 50%" in collapsed.log
    assert f"{base_url}/fa/news/{ok_ids[0]}" in collapsed.log  # an example page to look at
    # Stopped early: a fraction of the site fetched, a fraction of it written as rejects.
    rejects = read_jsonl(tmp_path / "collapsed.rejects.jsonl")
    assert 20 <= len(rejects) < 50
    assert summary["pages_fetched"] < 60
    assert collapsed.records == []
    state = json.loads((tmp_path / "state" / f"{key}.json").read_text("utf-8"))
    assert state["last_id"] > ok_ids[0], "the cursor moved past rejected articles…"
    assert {str(r["news_id"]) for r in rejects} <= set(state["retry"]), "…kept for retry"

    # The template is fixed (here: the healthy mirror, served on the same port so that it is
    # the same site on the same host); the next run exports every article once.
    port = int(base_url.rsplit(":", 1)[1])
    with serve_site_dir(site_dir, port=port) as base_url:
        fixed = run_crawl(tmp_path, "asrpress", "-a", f"base_url={base_url}", name="fixed")
    assert fixed.summary["ok"], fixed.summary["problems"]
    assert sorted(r["news_id"] for r in fixed.records) == ok_ids
