"""The synthetic Asr Press mirror: deterministic generation, expected records, the HTTP server."""

from __future__ import annotations

import filecmp
import http.client
import json
import re
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from parsel import Selector
from w3lib.url import safe_url_string

from newscrawl.text.dates import JALALI_MONTHS
from tests.mirror.app import Response
from tests.mirror.build import ShrinkRefused, build_mirror
from tests.mirror.build import main as build_main
from tests.mirror.expected import EXPECTED_ORIGIN, RECORD_KEYS, expected_record, rebase
from tests.mirror.generate import generate
from tests.mirror.server import MirrorProcess, serve_in_thread, serve_site_dir
from tests.mirror.server import main as server_main
from tests.mirror.site_dir import SiteEntry, load_site_dir, read_expected, write_site_dir
from tests.mirror.spec import (
    ArticleSpec,
    BylineBlock,
    GapSpec,
    ImageBlock,
    ReadMoreBlock,
    ScriptBlock,
    TextBlock,
)

if TYPE_CHECKING:
    import socket
    from collections.abc import Iterator
    from pathlib import Path

    from tests.mirror.http_server import Request


pytestmark = pytest.mark.e2e
SEED = 7
TEHRAN = ZoneInfo("Asia/Tehran")
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("mirror") / "asrpress"
    build_mirror(site_dir, articles=500, seed=SEED, workers=1)
    return site_dir


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_site_dir(site) as url:
        yield url


@pytest.fixture(scope="module")
def specs() -> list[ArticleSpec | GapSpec]:
    return list(generate(SEED, 500))


# --- determinism -------------------------------------------------------------------------------


def _same_tree(left: Path, right: Path) -> bool:
    compare = filecmp.dircmp(left, right)
    _, mismatch, errors = filecmp.cmpfiles(left, right, compare.common_files, shallow=False)
    if compare.left_only or compare.right_only or mismatch or errors:
        return False
    return all(_same_tree(left / d, right / d) for d in compare.common_dirs)


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    build_mirror(tmp_path / "a", articles=50, seed=SEED, workers=1)
    build_mirror(tmp_path / "b", articles=50, seed=SEED, workers=1)
    assert _same_tree(tmp_path / "a", tmp_path / "b")
    build_mirror(tmp_path / "c", articles=50, seed=SEED + 1, workers=1)
    assert (tmp_path / "a" / "index.jsonl").read_bytes() != (
        tmp_path / "c" / "index.jsonl"
    ).read_bytes()


def test_parallel_build_writes_the_same_bytes(tmp_path: Path) -> None:
    build_mirror(tmp_path / "serial", articles=120, seed=SEED, workers=1)
    build_mirror(tmp_path / "parallel", articles=120, seed=SEED, workers=2, chunk=25)
    assert _same_tree(tmp_path / "serial", tmp_path / "parallel")


def test_a_bigger_build_extends_a_smaller_one(tmp_path: Path) -> None:
    small, big = tmp_path / "small", tmp_path / "big"
    build_mirror(small, articles=50, seed=SEED, workers=1)
    build_mirror(big, articles=60, seed=SEED, workers=1)
    for name in ("index.jsonl", "expected.jsonl"):
        small_lines = (small / name).read_text("utf-8").splitlines()
        big_lines = (big / name).read_text("utf-8").splitlines()
        assert big_lines[: len(small_lines)] == small_lines
        assert len(big_lines) > len(small_lines)
    for page in (small / "pages").iterdir():
        assert page.read_bytes() == (big / "pages" / page.name).read_bytes()
    # rebuilding in place (the incremental-crawl workflow) leaves exactly the bigger site
    build_mirror(small, articles=60, seed=SEED, workers=1)
    assert _same_tree(small, big)


def test_site_directory_format(site: Path) -> None:
    info = json.loads((site / "site.json").read_text("utf-8"))
    assert list(info) == ["site", "synthetic", "seed", "articles", "generator", "note"]
    assert info["site"] == "asrpress"
    assert info["synthetic"] is True
    assert info["seed"] == SEED
    assert info["articles"] == 500
    assert "Synthetic" in info["note"]
    index = [json.loads(line) for line in (site / "index.jsonl").read_text("utf-8").splitlines()]
    assert [r["news_id"] for r in index] == list(range(20000, 20000 + len(index)))
    assert index[-1]["status"] == "ok"
    ok = [r["news_id"] for r in index if r["status"] == "ok"]
    assert sorted(int(p.stem) for p in (site / "pages").iterdir()) == ok
    expected = read_expected(site)
    assert [r["news_id"] for r in expected] == ok
    assert all(tuple(r) == RECORD_KEYS for r in expected)
    assert "crawled_at" not in RECORD_KEYS
    times = [datetime.fromisoformat(r["published_at"]) for r in index]
    assert times == sorted(times)
    assert len(set(times)) == len(times)
    for page in list((site / "pages").iterdir())[:20]:
        assert b"<!-- synthetic page generated by newscrawl mirror -->" in page.read_bytes()


# --- what the pages hold -----------------------------------------------------------------------


def test_a_500_article_build_mixes_every_variant(specs: list[ArticleSpec | GapSpec]) -> None:
    articles = [s for s in specs if isinstance(s, ArticleSpec)]
    records = [expected_record(a) for a in articles]
    gaps = Counter(s.status for s in specs if isinstance(s, GapSpec))
    assert len(articles) == 500
    assert gaps["soft404"] >= 2
    assert gaps["gone"] >= 2

    def share(flags: list[bool]) -> float:
        return sum(flags) / len(flags)

    def blocks_of(kind: type) -> list[bool]:
        return [any(isinstance(b, kind) for b in a.blocks) for a in articles]

    assert 0.5 < share([r["kicker"] is not None for r in records]) < 0.7
    assert 0.7 < share([r["lead"] is not None for r in records]) < 0.9
    assert any(a.lead is None and a.empty_lead_div for a in articles)
    assert any(a.lead is None and not a.empty_lead_div for a in articles)
    assert 0.6 < share([r["editor"] is not None for r in records]) < 0.8
    assert 0.05 < share([bool(r["authors"]) for r in records]) < 0.3
    assert any(len(r["authors"]) == 2 for r in records)
    assert 0.65 < share([bool(r["images"]) for r in records]) < 0.85
    assert any(len(r["images"]) > 1 for r in records)
    captions = [i["caption"] for r in records for i in r["images"][1:]]
    assert None in captions
    assert any(captions)
    assert {len(r["tags"]) for r in records} == {0, 1, 2, 3, 4, 5}
    assert any(r["category"] is None for r in records)
    assert 0.1 < share(blocks_of(ReadMoreBlock)) < 0.3
    assert 0.05 < share(blocks_of(ScriptBlock)) < 0.25
    assert any(isinstance(b, ImageBlock) for a in articles for b in a.blocks)
    assert any("\n" in p for r in records for p in r["body"].split("\n\n"))
    assert any(b.strong for a in articles for b in a.blocks if isinstance(b, TextBlock))
    assert any(
        isinstance(b, BylineBlock) and b.label == "خبرنگار" for a in articles for b in a.blocks
    )
    for quirk in (
        "arabic_yeh",
        "arabic_kaf",
        "arabic_months",
        "nbsp",
        "zwnj_entities",
        "legacy_date",
    ):
        assert any(getattr(a.dirt, quirk) for a in articles), quirk
    offsets = Counter(r["published_at"][-6:] for r in records)
    assert offsets["+04:30"] > 50
    assert offsets["+03:30"] > 50
    years = {jdatetime.date.fromgregorian(date=a.published.date()).year for a in articles}
    assert min(years) == 1385
    assert max(years) >= 1404
    assert 0.8 < share([a.in_feed for a in articles]) < 0.95


def test_pages_carry_the_quirks(site: Path) -> None:
    pages = "".join(p.read_text("utf-8") for p in (site / "pages").iterdir())
    for marker in ("ي", "ك", "&nbsp;", "\u00a0", "&zwnj;", "ارديبهشت", "<br>", "<script"):
        assert marker in pages, marker
    assert "<p>--------------------------------------<br>بیشتر بخوانید:<br><a href" in pages
    assert re.search("news_pdate_c.*?</span>[۰-۹]{2}:[۰-۹]{2} - [۰-۹]{2}-[۰-۹]{2}-۱۳۸[۵-۹]<", pages)
    assert re.search("</span>[۰-۹]{2}:[۰-۹]{2} - [۰-۹]{2} [^ ]+ ۱۴۰[۰-۵] - <span>", pages)
    assert "<p>دبیر:" in pages


def test_expected_text_is_already_normalized(site: Path) -> None:
    zwnj = 0
    for record in read_expected(site):
        for key in ("title", "kicker", "lead", "body", "section", "category", "editor"):
            value = record[key]
            if value is None:
                continue
            assert not re.search(
                "[يك\u00a0\u200f\u200e]|  | [،؛:.؟]|\u200c[\\s\\W]|[\\s\\W]\u200c", value
            ), (
                record["news_id"],
                key,
            )
            zwnj += "\u200c" in value
        assert record["kicker"] is None or record["kicker"][-1] in ":؛"
        assert record["url"].startswith(EXPECTED_ORIGIN + "/fa/news/")
        assert record["url"] == safe_url_string(record["url"])
        assert record["language"] == "fa"
    assert zwnj > 400


def _norm(text: str) -> str:
    """The parts of the normalization policy the mirror's quirks need undone."""
    text = text.replace("ي", "ی").replace("ك", "ک").replace("\u00a0", " ")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _paragraph_text(p: Selector) -> str:
    nodes = p.xpath(".//text() | .//br")
    return _norm("".join(n.root if isinstance(n.root, str) else "\n" for n in nodes))


def _extract(html: bytes, url: str) -> dict[str, Any]:
    """A small independent reader of mirror pages: the expected record must be what they show."""
    sel = Selector(text=html.decode("utf-8"))
    title = _norm(sel.css("h1.title a::text").get(""))
    body, editor, authors = [], None, []
    for p in sel.css("div.body > p"):
        text = _paragraph_text(p)
        if not text or "بیشتر بخوانید" in text:
            continue
        if m := re.fullmatch(r"دبیر:(.+)", text):
            editor = m[1]
        elif m := re.fullmatch(r"(?:نویسنده|خبرنگار|گزارش): (.+)", text):
            authors.append(m[1])
        else:
            body.append(text)
    images = []
    for img in sel.css("div.body img"):
        alt = _norm(img.attrib.get("alt", ""))
        images.append(
            {
                "url": urljoin(url, img.attrib["src"]),
                "caption": alt if alt and alt != title else None,
            }
        )
    crumbs = [_norm(t) for t in sel.css("div.news_path a::text").getall()]
    return {
        "url": safe_url_string(urljoin(url, sel.css("h1.title a::attr(href)").get(""))),
        "title": title,
        "kicker": _norm(sel.css("div.rutitr::text").get("")) or None,
        "lead": _norm("".join(sel.css("div.subtitle ::text").getall())) or None,
        "body": "\n\n".join(body),
        "section": crumbs[1] if len(crumbs) > 1 else None,
        "category": crumbs[2] if len(crumbs) > 2 else None,
        "tags": [_norm(t) for t in sel.css("div.tags_title a::text").getall()],
        "editor": editor,
        "authors": authors,
        "images": images,
    }


def test_expected_records_are_what_the_pages_show(site: Path) -> None:
    for record in read_expected(site):
        html = (site / "pages" / f"{record['news_id']}.html").read_bytes()
        got = _extract(html, record["url"])
        assert got == {key: record[key] for key in got}, record["news_id"]


def _parse_date_line(raw: str) -> str:
    """An independent reading of the printed date line: jdatetime + zoneinfo."""
    text = raw.replace("ي", "ی").translate(DIGITS)
    if m := re.fullmatch(r"(\d\d):(\d\d) - (\d\d)-(\d\d)-(\d{4})", text):
        hour, minute, day, month, year = map(int, m.groups())
    else:
        m = re.fullmatch(r"(\d\d):(\d\d) - (\d\d) (\S+) (\d{4})", text)
        assert m, raw
        hour, minute, day, year = int(m[1]), int(m[2]), int(m[3]), int(m[5])
        month = JALALI_MONTHS[m[4]]
    g = jdatetime.date(year, month, day).togregorian()
    return datetime(g.year, g.month, g.day, hour, minute, tzinfo=TEHRAN).isoformat()


def test_published_at_agrees_with_the_printed_date_line(site: Path) -> None:
    english_dates = 0
    for record in read_expected(site):
        sel = Selector(text=(site / "pages" / f"{record['news_id']}.html").read_text("utf-8"))
        line = sel.css("div.news_pdate_c")
        raw = " ".join("".join(line.xpath("text()").getall()).split()).rstrip(" -")
        assert raw == record["published_at_raw"]
        assert _parse_date_line(raw) == record["published_at"]
        english = line.css("span:not(.news_nav_title)::text").get()
        if english is not None:
            english_dates += 1
            moment = datetime.fromisoformat(record["published_at"])
            assert english == f"{moment.day} {moment:%B %Y}"
    assert english_dates > 400


# --- the server ---------------------------------------------------------------------------------


def _get(base_url: str, path: str, method: str = "GET") -> http.client.HTTPResponse:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _body(base_url: str, path: str) -> bytes:
    with urllib.request.urlopen(base_url + path, timeout=10) as response:
        body: bytes = response.read()
        return body


def _index(site: Path) -> list[SiteEntry]:
    return list(load_site_dir(site).entries)


def test_article_urls_and_redirects(site: Path, base_url: str) -> None:
    entries = _index(site)
    ok = next(e for e in entries if e.status == "ok" and e.news_id > 20010)
    canonical = safe_url_string(f"/fa/news/{ok.news_id}/{ok.slug}")
    page = (site / "pages" / f"{ok.news_id}.html").read_bytes()
    response = _get(base_url, canonical)
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert _body(base_url, canonical) == page
    for path in (
        f"/fa/news/{ok.news_id}",
        f"/fa/news/{ok.news_id}/",
        f"/fa/news/{ok.news_id}/wrong-slug",
    ):
        response = _get(base_url, path)
        assert response.status == 301, path
        assert response.getheader("Location") == base_url + canonical
    assert _body(base_url, f"/fa/news/{ok.news_id}") == page  # urllib follows the redirect
    head = _get(base_url, canonical, method="HEAD")
    assert head.status == 200
    assert int(head.getheader("Content-Length") or 0) == len(page)


def test_gaps_and_unknown_paths(site: Path, base_url: str) -> None:
    entries = _index(site)
    soft = next(e for e in entries if e.status == "soft404")
    gone = next(e for e in entries if e.status == "gone")
    response = _get(base_url, f"/fa/news/{soft.news_id}/anything")
    assert response.status == 200
    body = _body(base_url, f"/fa/news/{soft.news_id}")
    assert '<div class="error_container">صفحه درخواستی شما موجود نمی باشد</div>'.encode() in body
    beyond, before = entries[-1].news_id + 1, entries[0].news_id - 1
    for path in (
        f"/fa/news/{gone.news_id}",
        f"/fa/news/{beyond}",
        f"/fa/news/{before}/x",
        "/fa/nothing",
        "/fa/news/abc",
    ):
        response = _get(base_url, path)
        assert response.status == 404, path
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"


def test_robots_txt(base_url: str) -> None:
    text = _body(base_url, "/robots.txt").decode()
    assert "User-agent: *" in text
    assert "Disallow: /fa/ajax/" in text
    assert "Disallow: /fa/print/" in text


def test_rss_lists_the_newest_in_feed_articles_by_date(site: Path, base_url: str) -> None:
    response = _get(base_url, "/fa/rss/allnews")
    assert response.getheader("Content-Type") == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(_body(base_url, "/fa/rss/allnews")).find("channel")
    assert channel is not None
    assert channel.findtext("generator") == "SepehrFeed V1.2"
    items = channel.findall("item")
    ok = sorted((e for e in _index(site) if e.status == "ok"), key=lambda e: e.published_at)
    newest_in_feed = [e for e in reversed(ok) if e.in_feed][:30]
    assert len(items) == 30
    dates = []
    for item, entry in zip(items, newest_in_feed, strict=True):
        assert item.find("guid") is None
        assert item.findtext("link") == f"{base_url}/fa/news/{entry.news_id}/{entry.slug}"
        pub_date = item.findtext("pubDate") or ""
        assert re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+]0[34]30", pub_date), (
            pub_date
        )
        dates.append(datetime.strptime(pub_date, "%d %b %Y %H:%M:%S %z"))
    assert dates == sorted(dates, reverse=True)
    assert any(not e.in_feed for e in reversed(ok[-40:])), "a feed-only crawler must miss some"


def test_archive_pagination_covers_a_date_range_exactly(site: Path, base_url: str) -> None:
    records = read_expected(site)

    def jalali(record: dict[str, Any]) -> tuple[int, int, int]:
        day = jdatetime.date.fromgregorian(
            date=datetime.fromisoformat(record["published_at"]).date()
        )
        return day.year, day.month, day.day

    days = sorted(jalali(r) for r in records)
    low, high = days[100], days[170]
    wanted = [r["news_id"] for r in records if low <= jalali(r) <= high]
    since = "{}/{}/{}".format(*low)  # unpadded is accepted
    until = "{}/{:02d}/{:02d}".format(*high)
    query = f"?service_id=-1&sec_id=-1&cat_id=-1&rpp=20&from_date={since}&to_date={until}&p=1"
    url, seen, pages = f"{base_url}/fa/archive{query}", [], 0
    while url:
        sel = Selector(text=_body(url, "").decode())
        links = sel.css("div.archive_content div.linear_news a.title5")
        assert len(links) <= 20
        seen += [int(a.attrib["href"].split("/")[3]) for a in links]
        assert all(re.fullmatch(r"\d\d:\d\d - \d{4}/\d\d/\d\d", a.attrib["title"]) for a in links)
        following = sel.css("div.pagination a.next::attr(href)").get()
        assert following is None or following.startswith("?")
        url = urljoin(url, following) if following else ""
        pages += 1
    assert seen == sorted(wanted, reverse=True)
    assert pages == -(-len(wanted) // 20) >= 3
    empty = Selector(
        text=_body(base_url, "/fa/archive?from_date=1300/01/01&to_date=1300/12/29").decode()
    )
    assert empty.css("div.archive_content a.title5") == []
    assert empty.css("div.pagination a.next") == []


def test_front_page_lists_the_newest_40(site: Path, base_url: str) -> None:
    ok = sorted((e for e in _index(site) if e.status == "ok"), key=lambda e: e.published_at)
    for path in ("/", "/fa"):
        sel = Selector(text=_body(base_url, path).decode())
        links = sel.css("div.linear_news a.title5")
        assert [int(a.attrib["href"].split("/")[3]) for a in links] == [
            e.news_id for e in ok[::-1][:40]
        ]


def test_short_links_redirect(site: Path, base_url: str) -> None:
    html = next((site / "pages").iterdir()).read_text("utf-8")
    short = Selector(text=html).css("div.short-link a::attr(href)").get("")
    response = _get(base_url, short)
    assert response.status == 301
    assert (response.getheader("Location") or "").startswith(base_url + "/fa/news/")


def test_keep_alive_serves_many_requests_on_one_connection(base_url: str) -> None:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    for path in ("/robots.txt", "/", "/fa/rss/allnews", "/fa/news/1"):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert not response.will_close
    connection.close()


def test_hand_made_pages_are_served_as_written(tmp_path: Path) -> None:
    moment = datetime(2021, 10, 19, 20, 4, tzinfo=TEHRAN)
    page = "<html><body><h1><a href='/fa/news/26684/سلام‌ها'>سلام‌ها</a></h1></body></html>"
    entries = [
        SiteEntry(26684, "ok", "سلام‌ها", "سلام‌ها", moment, in_feed=True, html=page.encode()),
        SiteEntry(26690, "soft404", "", "", moment, in_feed=False),
    ]
    assert write_site_dir(tmp_path / "site", "asrpress", entries) == 1
    with serve_in_thread(tmp_path / "site") as base:
        assert _body(base, "/fa/news/26684").decode() == page
        assert _get(base, "/fa/news/26685").status == 404
        assert _get(base, "/fa/news/26690").status == 200
        assert "سلام‌ها" in _body(base, "/fa/rss/allnews").decode()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        write_site_dir(tmp_path / "other", "asrpress", entries)


def test_reload_serves_added_articles_on_the_same_port(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=30, seed=SEED, workers=1)
    last = load_site_dir(site_dir).entries[-1].news_id
    with MirrorProcess(site_dir) as server:
        assert _get(server.base_url, f"/fa/news/{last + 5}").status == 404
        build_mirror(site_dir, articles=40, seed=SEED, workers=1)
        assert server.reload() == 40
        newest = load_site_dir(site_dir).entries[-1]
        assert _get(server.base_url, f"/fa/news/{newest.news_id}").status == 301


def test_expected_urls_rebase_onto_the_served_mirror(site: Path, base_url: str) -> None:
    record = rebase(read_expected(site)[3], base_url)
    assert record["url"].startswith(base_url + "/fa/news/")
    assert all(image["url"].startswith(base_url + "/files/") for image in record["images"])
    assert _get(base_url, urlsplit(record["url"]).path).status == 200


def test_command_lines_build_and_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    assert build_main(["--articles", "12", "--seed", "3", "--out", str(out), "--workers", "1"]) == 0
    assert "wrote 12 synthetic articles" in capsys.readouterr().out
    assert json.loads((out / "site.json").read_text("utf-8"))["seed"] == 3
    assert server_main(["--host", "0.0.0.0", "--dir", str(out)]) == 2
    assert "loopback addresses only" in capsys.readouterr().err
    assert server_main(["--dir", str(tmp_path / "nothing")]) == 2
    assert "python -m tests.mirror.build" in capsys.readouterr().err


def test_a_build_refuses_to_shrink_a_mirror_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=20, seed=SEED, workers=1)
    pages = sorted((site_dir / "pages").iterdir())
    with pytest.raises(ShrinkRefused, match="holds 20 articles: refusing to shrink it to 10"):
        build_mirror(site_dir, articles=10, seed=SEED, workers=1)
    assert sorted((site_dir / "pages").iterdir()) == pages  # untouched
    assert build_main(["--articles", "10", "--out", str(site_dir), "--seed", str(SEED)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "--force" in error
    assert build_main(["--articles", "10", "--out", str(site_dir), "--force"]) == 0
    assert json.loads((site_dir / "site.json").read_text("utf-8"))["articles"] == 10
    assert len(list((site_dir / "pages").iterdir())) == 10


def test_the_server_picks_up_a_rebuilt_mirror_by_itself(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    build_mirror(site_dir, articles=30, seed=SEED, workers=1)
    with MirrorProcess(site_dir) as server:
        build_mirror(site_dir, articles=40, seed=SEED, workers=1)
        newest = load_site_dir(site_dir).entries[-1]
        deadline = time.monotonic() + 10
        while _get(server.base_url, f"/fa/news/{newest.news_id}").status == 404:
            assert time.monotonic() < deadline, "the rebuilt mirror was not picked up"
            time.sleep(0.1)
        assert server.reload() == 40  # and a reload asked for still answers


def _teapot(request: Request, answer: Response) -> Response:
    return (
        Response(418, answer.content_type, b"short and stout\n")
        if "tea" in request.target
        else answer
    )


def _half_then_close(request: Request, answer: Response) -> Response:
    if not request.target.startswith("/cut"):
        return answer

    def takeover(sock: socket.socket, head: bytes) -> None:
        sock.sendall(head + b"half")

    return Response(200, answer.content_type, b"half and more", takeover=takeover)


def test_handlers_change_answers_and_can_take_the_connection_over(tmp_path: Path) -> None:
    moment = datetime(2021, 10, 19, 20, 4, tzinfo=TEHRAN)
    entries = [SiteEntry(7, "ok", "s", "t", moment, in_feed=True, html=b"<html></html>")]
    write_site_dir(tmp_path / "site", "asrpress", entries)
    with serve_in_thread(tmp_path / "site", handlers=[_teapot, _half_then_close]) as base:
        assert _get(base, "/fa/news/7/s").status == 200
        assert _get(base, "/tea").status == 418
        connection = http.client.HTTPConnection(urlsplit(base).hostname or "", urlsplit(base).port)
        connection.request("GET", "/cut")
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Length") == str(len(b"half and more"))
        with pytest.raises(http.client.IncompleteRead):
            response.read()
        connection.close()


def test_the_server_serves_hundreds_of_article_pages_per_second(site: Path, base_url: str) -> None:
    """``make bench`` crawls at about 2 requests per article, 150-180 articles/s, 32 at once."""
    paths = [
        safe_url_string(f"/fa/news/{e.news_id}/{e.slug}") for e in _index(site) if e.status == "ok"
    ]
    parts = urlsplit(base_url)
    deadline = time.monotonic() + 1.0

    def fetch(offset: int) -> int:
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        done = 0
        while time.monotonic() < deadline:
            connection.request("GET", paths[(offset + done * 7) % len(paths)])
            response = connection.getresponse()
            assert response.status == 200
            assert response.read()
            done += 1
        connection.close()
        return done

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        done = sum(pool.map(fetch, range(8)))
    assert done / (time.monotonic() - started) > 400
