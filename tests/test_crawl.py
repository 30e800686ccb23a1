"""End to end: the real ``scrapy crawl asrpress`` against pages served on 127.0.0.1."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from tests.crawling import (
    crawl_command,
    crawl_env,
    read_jsonl,
    run_crawl,
    whole_archive_args,
    without_crawl_time,
)
from tests.golden_pairs import GOLDEN, load_expected
from tests.mirror.http_server import MirrorServer
from tests.mirror.server import serve_site_dir
from tests.mirror.site_dir import SiteEntry, write_site_dir

if TYPE_CHECKING:
    from tests.mirror.app import Response
    from tests.mirror.http_server import Request

pytestmark = pytest.mark.e2e

LIVE_ORIGIN = "https://asrpress.ir"
SOFT_404, GONE, BEYOND = 26700, 26701, 40000


def golden_site_entries() -> list[SiteEntry]:
    """The asrpress golden pages at their real paths, plus a soft 404 and a hard 404 id."""
    entries = []
    for html in sorted((GOLDEN / "asrpress").glob("*.html")):
        expected = load_expected(html)
        slug = unquote(urlsplit(expected["url"]).path.split("/", 4)[4])
        entries.append(
            SiteEntry(
                news_id=expected["news_id"],
                status="ok",
                slug=slug,
                title=expected["title"],
                published_at=datetime.fromisoformat(expected["published_at"]),
                in_feed=True,
                html=html.read_bytes(),
            )
        )
    gap_time = datetime.fromisoformat("2021-10-20T10:00:00+03:30")
    entries.append(SiteEntry(SOFT_404, "soft404", "", "", gap_time, in_feed=False))
    entries.append(SiteEntry(GONE, "gone", "", "", gap_time, in_feed=False))
    return sorted(entries, key=lambda entry: entry.news_id)


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("golden-site")
    write_site_dir(site_dir, "asrpress", golden_site_entries())
    with serve_site_dir(site_dir) as base_url:
        yield base_url


def test_crawl_by_ids_exports_exactly_the_goldens(golden_site, tmp_path):
    goldens = {
        load_expected(html)["news_id"]: load_expected(html)
        for html in (GOLDEN / "asrpress").glob("*.html")
    }
    ids = ",".join(str(news_id) for news_id in [*sorted(goldens), SOFT_404, GONE, BEYOND])
    crawl = run_crawl(tmp_path, "asrpress", "-a", f"base_url={golden_site}", "-a", f"ids={ids}")
    assert crawl.returncode == 0, crawl.log[-3000:]
    expected = {
        news_id: {**record, "url": record["url"].replace(LIVE_ORIGIN, golden_site)}
        for news_id, record in goldens.items()
    }
    for record in expected.values():
        for image in record["images"]:
            image["url"] = image["url"].replace(LIVE_ORIGIN, golden_site)
    assert without_crawl_time(crawl.records) == expected
    assert all(record["crawled_at"].endswith("Z") for record in crawl.records)
    # soft and hard 404s are gaps: counted, not errors, not items
    assert crawl.summary["gaps"] == {"soft_404": 1, "hard_404": 2}
    assert crawl.summary["ok"]
    assert crawl.summary["rejected"] == {}
    # the published file is UTF-8 Persian, readable, one line per article
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert "\\u" not in text
    assert "عصرپرس" in text
    assert len(text.splitlines()) == len(goldens)
    assert not list(tmp_path.glob("*.part")), "the feed was published by rename"


def test_default_feed_goes_to_data_site_run_id(golden_site, tmp_path):
    """Without -o/-O the feed is ``data/<site>/<run_id>.jsonl`` under the working directory."""
    env = {**crawl_env(), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    done = subprocess.run(
        [*crawl_command("asrpress", "-a", f"base_url={golden_site}", "-a", "ids=26684,26700")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (feed,) = (tmp_path / "data" / "asrpress").glob("*.jsonl")
    assert re.fullmatch(r"\d{8}T\d{6}Z\.jsonl", feed.name)
    assert [record["news_id"] for record in read_jsonl(feed)] == [26684]
    assert (tmp_path / "data" / "asrpress" / f"{feed.stem}.summary.json").exists()


def test_an_explicit_output_is_written_even_empty_the_default_feed_is_not(golden_site, tmp_path):
    """-O names a file the user waits for: empty says "nothing new"; a cron feed stays away."""
    gaps = ("-a", f"base_url={golden_site}", "-a", f"ids={SOFT_404},{GONE}")
    crawl = run_crawl(tmp_path, "asrpress", *gaps, name="empty")
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert (tmp_path / "empty.jsonl").read_bytes() == b""
    env = {**crawl_env(), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    done = subprocess.run(
        crawl_command("asrpress", *gaps), cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert not list((tmp_path / "data" / "asrpress").glob("*.jsonl")), "no empty default feed"
    assert list((tmp_path / "data" / "asrpress").glob("*.summary.json")), "but its summary"


def test_an_article_listed_twice_in_one_run_is_exported_once(tmp_path):
    """Every archive page also lists every article with a tracking query: two URLs, both 200.

    An article's own week lists it plainly, and every week lists it with ``?utm_source=…``: two
    different requests, each answered with the article, each a record. The in-run dedupe keeps
    one per news id and counts the other.
    """
    october = [entry for entry in golden_site_entries() if 26590 <= entry.news_id <= 26826]
    site_dir = tmp_path / "site"
    write_site_dir(site_dir, "asrpress", october)
    goldens = [
        record
        for record in map(load_expected, sorted((GOLDEN / "asrpress").glob("*.html")))
        if record["news_id"] in {entry.news_id for entry in october}
    ]
    assert len(goldens) == 7
    tracked = "".join(
        f'<a class="title5" href="{urlsplit(record["url"]).path}?utm_source=archive">x</a>'
        for record in goldens
    )

    def also_tracked(request: Request, answer: Response) -> Response:
        if not request.target.startswith("/fa/archive"):
            return answer
        body = answer.body.replace(
            b"</body>", f'<div class="linear_news">{tracked}</div></body>'.encode()
        )
        return replace(answer, body=body)

    with MirrorServer(site_dir, handlers=[also_tracked]) as server:
        crawl = run_crawl(tmp_path, "asrpress", "-a", f"base_url={server.base_url}",
                          *whole_archive_args(goldens))  # fmt: skip
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert sorted(record["news_id"] for record in crawl.records) == sorted(
        record["news_id"] for record in goldens
    )
    assert crawl.summary["duplicates"] == len(goldens)
    assert crawl.summary["ok"]
