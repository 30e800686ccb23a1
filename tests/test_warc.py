"""WARC recording and replay: real crawls (subprocesses) against a tiny local IranSamaneh site."""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from scrapy import Request
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.warc.record import rollover_path
from newscrawl.warc.replay import ArchiveError, WarcArchive, archive_base_url

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_IDS = (101, 102, 103)
GONE_ID = 104  # answers 404
SLOW_ID = 199  # answers only when the server is told to (the crawl is killed meanwhile)
CHUNKED_ID = 102  # sent with Transfer-Encoding: chunked
RAW_LOCATION_ID = 103  # redirected with a raw UTF-8 Location header, not percent-encoded
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]


def slug(news_id: int) -> str:
    return f"خبر-آزمایشی-شماره-{news_id}"


def article_html(news_id: int) -> bytes:
    paragraph = "به گزارش عصرپرس، این بند آزمایشی خبر شماره {} است و از پنجاه نویسه بلندتر است."
    return f"""<!DOCTYPE html>
<html lang="fa-IR" dir="rtl">
<head><meta charset="utf-8"><title>خبر {news_id} - عصر پرس</title></head>
<body id="news">
<div class="news_toolbar">
  <div class="news_nav news_id_c"><span class="news_nav_title">کد خبر: </span>{news_id}</div>
  <div class="news_nav news_pdate_c"><span class="news_nav_title">تاریخ انتشار: </span>
    ۲۰:۰۴ - ۲۷ مهر ۱۴۰۰ - <span>19 October 2021</span></div>
</div>
<div style="direction: right;">
  <div class="rutitr">روتیتر خبر {news_id}:</div>
  <div class="title"><h1 class="title">
    <a href="/fa/news/{news_id}/{slug(news_id)}">عنوان خبر آزمایشی {news_id}</a>
  </h1></div>
  <div class="subtitle">لید خبر آزمایشی {news_id} در یک جمله.</div>
  <div class="body">
    <p>{paragraph.format(news_id)}</p>
    <p>بند دوم این خبر هم برای آزمودن ضبط و بازپخش بایگانی وب نوشته شده است، همین.</p>
  </div>
</div>
</body></html>""".encode()


class SiteHandler(BaseHTTPRequestHandler):
    """``/robots.txt``; ``/fa/news/{id}`` → 301 to the slugged URL → 200; a 404; a slow id."""

    protocol_version = "HTTP/1.1"
    server: SiteServer

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.reply(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            return
        match = re.fullmatch(r"/fa/news/(\d+)(/.*)?", self.path)
        news_id = int(match[1]) if match else 0
        if news_id == SLOW_ID:
            self.server.release.wait(30)
        if news_id not in ARTICLE_IDS:
            self.reply(404, b"<html><body>not found</body></html>", "text/html")
        elif match and not match[2]:
            location = f"/fa/news/{news_id}/{slug(news_id)}".encode()
            if news_id != RAW_LOCATION_ID:
                location = quote(location).encode()
            self.reply(301, b"", "text/html", [("Location", location.decode("latin-1"))])
        elif news_id == CHUNKED_ID:
            self.reply_chunked(article_html(news_id))
        else:
            body = article_html(news_id)
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, mtime=0)
                self.reply(200, body, "text/html; charset=utf-8", [("Content-Encoding", "gzip")])
            else:
                self.reply(200, body, "text/html; charset=utf-8")

    def reply(self, status: int, body: bytes, kind: str, extra=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def reply_chunked(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 500):
            chunk = body[start : start + 500]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format, *args) -> None:
        pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    release: threading.Event


@contextmanager
def site_server():
    server = SiteServer(("127.0.0.1", 0), SiteHandler)
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def crawl_command(tmp: Path, *args: str) -> list[str]:
    state = tmp / "state"
    cmd = [sys.executable, "-m", "scrapy.cmdline", "crawl", "asrpress", *FAST]
    return [*cmd, "-s", f"NEWSCRAWL_STATE_DIR={state}", *args]


def crawl(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(tmp, *args), cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def stat(log: str, name: str) -> int | None:
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match[1]) if match else None


def records_of(feed: Path) -> list[dict]:
    lines = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        assert line.pop("crawled_at")
    return sorted(lines, key=lambda line: line["news_id"])


def read_warc(path: Path) -> list:
    """Every record of a WARC file as ``(type, warc headers, http headers, raw payload)``."""
    with path.open("rb") as stream:
        return [
            (rec.rec_type, rec.rec_headers, rec.http_headers, rec.raw_stream.read())
            for rec in ArchiveIterator(stream)
        ]


def ids_arg(ids) -> str:
    return ",".join(map(str, ids))


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A live crawl of the test site, recorded; the site is down once the fixture is ready."""
    tmp = tmp_path_factory.mktemp("recorded")
    warc, feed = tmp / "crawl.warc.gz", tmp / "live.jsonl"
    with site_server() as base:
        ids = ids_arg([*ARTICLE_IDS, GONE_ID])
        args = ["-a", f"ids={ids}", "-a", f"base_url={base}", "-O", str(feed)]
        result = crawl(tmp, *args, "-s", f"NEWSCRAWL_WARC={warc}")
    assert result.returncode == 0, result.stderr
    return {"base": base, "warc": warc, "feed": feed, "log": result.stderr, "tmp": tmp}


def test_recording_has_warcinfo_and_a_request_for_every_response(recorded):
    records = read_warc(recorded["warc"])
    base = recorded["base"]
    kinds = [kind for kind, *_ in records]
    assert kinds[0] == "warcinfo"
    info = records[0][3].decode()
    assert re.search(r"^software: newscrawl/\S+", info, re.M)
    assert "isPartOf: asrpress" in info
    assert "format: WARC File Format 1.0" in info

    responses = {
        h.get_header("WARC-Target-URI"): (h, http, body)
        for k, h, http, body in records
        if k == "response"
    }
    requests = {
        h.get_header("WARC-Concurrent-To"): (h, http) for k, h, http, _ in records if k == "request"
    }
    expected = {f"{base}/robots.txt", f"{base}/fa/news/{GONE_ID}"}
    for news_id in ARTICLE_IDS:
        expected |= {
            f"{base}/fa/news/{news_id}",
            f"{base}/fa/news/{news_id}/{quote(slug(news_id))}",
        }
    assert set(responses) == expected
    assert kinds.count("request") == kinds.count("response") == len(expected)
    for url, (warc_headers, _, _) in responses.items():
        request_headers, request_http = requests[warc_headers.get_header("WARC-Record-ID")]
        assert request_headers.get_header("WARC-Target-URI") == url
        assert request_headers.get_header("WARC-Date") == warc_headers.get_header("WARC-Date")
        assert request_http.protocol == "GET"
        assert warc_headers.get_header("WARC-Payload-Digest").startswith("sha1:")

    status = {url: http.get_statuscode() for url, (_, http, _) in responses.items()}
    assert status[f"{base}/fa/news/{GONE_ID}"] == "404"
    assert status[f"{base}/fa/news/101"] == "301"
    assert status[f"{base}/robots.txt"] == "200"
    # Raw as received: still gzip-compressed; a raw UTF-8 Location kept byte for byte.
    _, page_http, page_body = responses[f"{base}/fa/news/101/{quote(slug(101))}"]
    assert page_http.get_header("Content-Encoding") == "gzip"
    assert page_body.startswith(b"\x1f\x8b")
    raw_location = f"/fa/news/{RAW_LOCATION_ID}/{slug(RAW_LOCATION_ID)}".encode()
    with recorded["warc"].open("rb") as stream:
        assert b"Location: " + raw_location + b"\r\n" in gzip.decompress(stream.read())
    # Chunked on the wire, stored de-chunked, with no Transfer-Encoding header to contradict it.
    _, chunked_http, chunked_body = responses[
        f"{base}/fa/news/{CHUNKED_ID}/{quote(slug(CHUNKED_ID))}"
    ]
    assert chunked_http.get_header("Transfer-Encoding") is None
    assert chunked_body == article_html(CHUNKED_ID)

    assert stat(recorded["log"], "newscrawl/warc/records") == len(records)
    assert stat(recorded["log"], "newscrawl/warc/files") == 1
    assert len(records_of(recorded["feed"])) == len(ARTICLE_IDS)


def test_replay_gives_the_live_records_without_a_network(recorded, tmp_path):
    feed = tmp_path / "replay.jsonl"
    no_network = '{"http": null, "https": null}'  # any request reaching the downloader fails
    args = ["-a", f"ids={ids_arg([*ARTICLE_IDS, GONE_ID])}", "-a", f"replay={recorded['warc']}"]
    result = crawl(tmp_path, *args, "-O", str(feed), "-s", f"DOWNLOAD_HANDLERS={no_network}")
    assert result.returncode == 0, result.stderr
    assert records_of(feed) == records_of(recorded["feed"])
    assert records_of(feed)[0]["url"].startswith(recorded["base"])  # base_url from the archive
    assert stat(result.stderr, "newscrawl/replay/hits") == 8  # robots, 3 × (301, 200), 404
    assert stat(result.stderr, "newscrawl/replay/missing") is None
    assert "NotSupported" not in result.stderr
    assert stat(result.stderr, "newscrawl/spider/gap/hard_404") == 1


def without_robots(warc: Path, copy: Path) -> None:
    """Copy a recording without its robots.txt records (gzip members are copied byte for byte)."""
    data = warc.read_bytes()
    kept = []
    with warc.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            start, length = records.get_record_offset(), records.get_record_length()
            if not uri.endswith("/robots.txt"):
                kept.append(data[start : start + length])
    copy.write_bytes(b"".join(kept))


def test_replay_counts_urls_missing_from_the_archive(recorded, tmp_path):
    warc, feed = tmp_path / "no-robots.warc.gz", tmp_path / "replay.jsonl"
    without_robots(recorded["warc"], warc)
    ids = ids_arg([*ARTICLE_IDS, 150])
    # one id of four missing: more than NEWSCRAWL_MAX_FAILED_SHARE's default fail the run
    share = ("-s", "NEWSCRAWL_MAX_FAILED_SHARE=0.5")
    result = crawl(tmp_path, "-a", f"ids={ids}", "-a", f"replay={warc}", "-O", str(feed), *share)
    assert result.returncode == 0, result.stderr
    assert stat(result.stderr, "newscrawl/replay/missing") == 2  # robots.txt and id 150
    assert f"not in the archive, skipped: GET {recorded['base']}/fa/news/150" in result.stderr
    assert f"not in the archive, skipped: GET {recorded['base']}/robots.txt" in result.stderr
    assert records_of(feed) == records_of(recorded["feed"])  # no robots.txt: the crawl goes on


def test_rolled_over_recording_replays_from_a_glob_or_a_list(tmp_path):
    warc, feed = tmp_path / "rolled.warc.gz", tmp_path / "live.jsonl"
    ids = ids_arg(ARTICLE_IDS)
    with site_server() as base:
        tiny = ["-s", f"NEWSCRAWL_WARC={warc}", "-s", "NEWSCRAWL_WARC_MAX_BYTES=2000"]
        result = crawl(
            tmp_path, "-a", f"ids={ids}", "-a", f"base_url={base}", "-O", str(feed), *tiny
        )
    assert result.returncode == 0, result.stderr
    files = [rollover_path(warc, n) for n in range(20) if rollover_path(warc, n).exists()]
    assert len(files) >= 3
    assert stat(result.stderr, "newscrawl/warc/files") == len(files)
    responses = sum(kind == "response" for path in files for kind, *_ in read_warc(path))
    assert responses == 7  # robots, 3 × (301, 200)
    for spec in (str(tmp_path / "rolled*.warc.gz"), ",".join(map(str, reversed(files)))):
        out = tmp_path / "replay.jsonl"
        replay = crawl(tmp_path, "-a", f"ids={ids}", "-a", f"replay={spec}", "-O", str(out))
        assert replay.returncode == 0, replay.stderr
        assert records_of(out) == records_of(feed)
        assert stat(replay.stderr, "newscrawl/replay/hits") == 7


def test_killed_recording_leaves_a_readable_file(tmp_path):
    warc = tmp_path / "killed.warc.gz"
    ids = ids_arg([*ARTICLE_IDS, SLOW_ID])
    with site_server() as base:
        args = ["-a", f"ids={ids}", "-a", f"base_url={base}", "-s", f"NEWSCRAWL_WARC={warc}"]
        args += ["-O", str(tmp_path / "out.jsonl")]
        process = subprocess.Popen(
            crawl_command(tmp_path, *args),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and responses_in(warc) < 7:
                time.sleep(0.1)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
    records = read_warc(warc)  # raises on any damaged record
    assert [kind for kind, *_ in records].count("response") == 7
    assert records[-1][0] == "request"
    with warc.open("rb") as stream:  # every record as long as its header says: none cut short
        for record in ArchiveIterator(stream, no_record_parse=True):
            length = int(record.rec_headers.get_header("Content-Length"))
            assert len(record.raw_stream.read()) == length


def responses_in(path: Path) -> int:
    try:
        return sum(kind == "response" for kind, *_ in read_warc(path))
    except Exception:  # the file does not exist yet
        return 0


@pytest.mark.parametrize("base_url", [True, False], ids=["middleware", "spider"])
def test_missing_archive_fails_the_crawl_naming_the_file(tmp_path, base_url):
    missing = tmp_path / "nowhere" / "absent.warc.gz"
    args = ["-a", "ids=101", "-a", f"replay={missing}", "-O", str(tmp_path / "out.jsonl")]
    if base_url:
        args += ["-a", "base_url=http://127.0.0.1:9"]
    result = crawl(tmp_path, *args)
    assert result.returncode != 0
    assert f"WARC file not found: {missing}" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()


# --- the archive index, in-process ---


def write_warc(path: Path, exchanges, *, gzip: bool = True) -> None:
    """``exchanges``: ``(method, url, status, body)``; each as a response + request pair."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for method, url, status, body in exchanges:
            head = StatusAndHeaders(
                f"{status} X", [("Content-Type", "text/plain")], protocol="HTTP/1.1"
            )
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=head
            )
            line = StatusAndHeaders(f"{method} / HTTP/1.1", [], is_http_request=True)
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), length=0, http_headers=line
            )
            writer.write_request_response_pair(request, response)


def test_lookup_is_as_tolerant_as_scrapy_and_no_more(tmp_path):
    path = tmp_path / "a.warc.gz"
    write_warc(
        path,
        [
            ("GET", "http://h.test/a?x=1&y=2", 200, b"first"),
            ("GET", "http://h.test/a?x=1&y=2", 200, b"second"),
            ("POST", "http://h.test/form", 200, b"posted"),
        ],
    )
    archive = WarcArchive.open(str(path))
    try:
        hit = archive.response_for(Request("http://h.test/a?y=2&x=1#top"))
        assert hit is not None
        assert hit.body == b"second"  # the last recording of a URL wins
        assert hit.url == "http://h.test/a?y=2&x=1#top"
        assert hit.flags == ["warc"]
        assert archive.response_for(Request("http://h.test/A?x=1&y=2")) is None
        assert archive.response_for(Request("https://h.test/a?x=1&y=2")) is None
        assert archive.response_for(Request("http://h.test/form")) is None
        posted = archive.response_for(Request("http://h.test/form", method="POST"))
        assert posted is not None
        assert posted.body == b"posted"
    finally:
        archive.close()
    assert archive_base_url(str(path)) == "http://h.test"


def test_damaged_archives(tmp_path, caplog):
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"this is not a WARC file\n" * 10)
    with pytest.raises(ArchiveError, match=re.escape(str(garbage))):
        WarcArchive.open(str(garbage))
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    with pytest.raises(ArchiveError, match=re.escape(str(empty))):
        WarcArchive.open(str(empty))
    with pytest.raises(ArchiveError, match="no WARC file matches"):
        WarcArchive.open(str(tmp_path / "none*.warc.gz"))

    whole = tmp_path / "whole.warc.gz"
    body = random.Random(0).randbytes(10_000)  # incompressible: the last response is long
    write_warc(whole, [("GET", f"http://h.test/{n}", 200, body) for n in range(3)])
    with whole.open("rb") as stream:
        records = ArchiveIterator(stream)
        starts = [
            records.get_record_offset() for record in records if record.rec_type == "response"
        ]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: starts[-1] + 5000])  # a crash inside the last response
    archive = WarcArchive.open(str(cut))
    assert f"{cut} is damaged after 4 complete records" in caplog.text
    assert archive.response_for(Request("http://h.test/1")) is not None
    assert archive.response_for(Request("http://h.test/2")) is None
    archive.close()
