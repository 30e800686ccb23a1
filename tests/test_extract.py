"""One page into its record as a crawl reads it: ``newscrawl extract``, ``newscrawl.extract``."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest

from newscrawl import extract
from newscrawl.extraction import ExtractionError
from newscrawl.settings import USER_AGENT
from tests.crawling import PROJECT, crawl_env
from tests.golden_pairs import GOLDEN, golden_id, golden_pages, load_expected

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PAGE = GOLDEN / "asrpress" / "26684.html"
URL = "https://asrpress.ir/fa/news/26684"


def without_crawl_time(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "crawled_at"}


def newscrawl(
    *args: str, stdin: bytes | None = None, cwd: Path = PROJECT
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=crawl_env(),
        timeout=120,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one line a failed command printed; it never prints a traceback."""
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert result.stdout == b""
    (line,) = stderr.splitlines()
    assert line.startswith("newscrawl extract: "), stderr
    return line


# --- the Python API ---


@pytest.mark.parametrize("html", golden_pages(), ids=golden_id)
def test_extract_reads_every_golden_page_into_its_golden_record(html):
    expected = load_expected(html)
    assert without_crawl_time(extract(html.read_bytes(), expected["url"])) == expected


def test_extract_takes_text_as_well_as_bytes():
    text = PAGE.read_text(encoding="utf-8")
    assert without_crawl_time(extract(text, URL)) == load_expected(PAGE)


@pytest.mark.parametrize("cut", [1, 9, 120, 333, 1000, 2000])
def test_a_saved_copy_missing_its_first_bytes_is_still_read(cut):
    """Cut inside the doctype, a tag, an attribute, a Persian letter of the <title>, the head."""
    assert without_crawl_time(extract(PAGE.read_bytes()[cut:], URL)) == load_expected(PAGE)


@pytest.mark.parametrize("html", golden_pages(), ids=golden_id)
def test_every_golden_page_cut_inside_its_head_gives_its_record(html):
    """Saved copies often lack their first bytes: cut in the doctype, a tag, a third of the head."""
    page, expected = html.read_bytes(), load_expected(html)
    for cut in (1, 9, page.index(b"<body") // 3):
        assert without_crawl_time(extract(page[cut:], expected["url"])) == expected, cut


def test_a_nastooh_copy_without_its_head_dates_the_article_from_the_printed_line():
    """No metadata left: the printed «۱۹ بهمن ۱۴۰۲ / ۱۴:۰۵» gives the minute, in Tehran time."""
    html = GOLDEN / "isna" / "1402111914231.html"
    page, expected = html.read_bytes(), load_expected(html)
    record = extract(page[page.index(b"<body") :], expected["url"])
    assert record["published_at"] == expected["published_at"] == "2024-02-08T14:05:00+03:30"
    assert (record["title"], record["body"]) == (expected["title"], expected["body"])


def test_a_page_of_a_known_cms_on_an_unknown_host_is_read_with_the_cms_defaults():
    record = extract(PAGE.read_bytes(), "https://news.example.org/fa/news/26684")
    expected = load_expected(PAGE)
    assert record["site"] == "iransamaneh"
    assert record["url"].startswith("https://news.example.org/fa/news/26684/")
    unchanged = {key for key in expected if key not in {"site", "url", "images"}}
    assert {key: record[key] for key in unchanged} == {key: expected[key] for key in unchanged}


@pytest.mark.parametrize(
    ("golden", "cms"),
    [
        ("asrpress/26684", "iransamaneh"),
        ("mehrnews/6018390", "nastooh"),
        ("irna/85390127", "nastooh"),
    ],
)
def test_each_cms_recognises_its_pages_on_a_host_of_no_declared_site(golden, cms):
    html = GOLDEN / f"{golden}.html"
    expected = load_expected(html)
    path = expected["url"].split("/", 3)[3]
    record = extract(html.read_bytes(), f"https://news.example.org/{path}")
    assert record["site"] == cms
    assert (record["news_id"], record["title"], record["published_at"]) == (
        expected["news_id"], expected["title"], expected["published_at"],
    )  # fmt: skip


def test_site_names_the_page_object_of_a_page_served_elsewhere():
    record = extract(PAGE.read_bytes(), "http://127.0.0.1:8080/fa/news/26684", site="asrpress")
    assert record["site"] == "asrpress"
    assert record["title"] == load_expected(PAGE)["title"]


@pytest.mark.parametrize(
    ("html", "url", "site", "reason"),
    [
        ("<html><body><p>hello</p></body></html>", "https://example.org/x", None, "unknown_layout"),
        ("<html><body><p>hello</p></body></html>", URL, None, "unknown_layout"),
        ("<html></html>", "/fa/news/26684", None, "bad_url"),
        ("<html></html>", URL, "asrpres", "unknown_site"),
        (
            '<html><title>x</title><body><div class="error_container">'
            "صفحه درخواستی شما موجود نمی باشد</div></body></html>",
            URL,
            None,
            "not_found",
        ),
    ],
)
def test_extract_says_why_a_page_gives_no_record(html, url, site, reason):
    with pytest.raises(ExtractionError) as raised:
        extract(html, url, site=site)
    assert raised.value.reason == reason


def test_a_record_the_crawl_would_reject_is_rejected_with_its_reason():
    """The body cut to one short paragraph: the validation's ShortBody, as in a crawl."""
    html = PAGE.read_text(encoding="utf-8")
    start = html.index('<div class="body"')
    end = html.index("</div>", html.index("<p", start))
    short = html[: html.index(">", start) + 1] + "<p>کوتاه</p>" + html[end:]
    with pytest.raises(ExtractionError) as raised:
        extract(short, URL)
    assert raised.value.reason == "ShortBody"
    assert "fewer than 50" in str(raised.value)


# --- the command ---


@pytest.mark.e2e
def test_the_command_prints_the_golden_record_of_26684():
    result = newscrawl("extract", str(PAGE), "--url", URL)
    assert result.returncode == 0, result.stderr.decode()
    (line,) = result.stdout.decode("utf-8").splitlines()
    assert without_crawl_time(json.loads(line)) == load_expected(PAGE)
    assert "\\u06" not in line  # Persian printed as text


@pytest.mark.e2e
def test_the_command_reads_standard_input_and_the_page_s_own_address():
    result = newscrawl("extract", "-", stdin=PAGE.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["news_id"] == 26684
    assert record["site"] == "asrpress"  # the og:url names asrpress.ir


@pytest.mark.e2e
def test_the_command_s_errors_are_one_line_with_their_exit_status(tmp_path):
    no_address = tmp_path / "page.html"
    no_address.write_bytes(b"<html><body>no address here</body></html>")
    short = tmp_path / "short.html"
    html = PAGE.read_text(encoding="utf-8")
    start = html.index('<div class="body"')
    short.write_text(html[: html.index(">", start) + 1] + "</div></div></body></html>", "utf-8")
    cases = [
        (("extract", str(tmp_path / "missing.html"), "--url", URL), 2, "cannot read"),
        (("extract", str(no_address)), 2, "--url"),
        (("extract", str(PAGE), "--url", URL, "--site", "asrpres"), 2, "did you mean 'asrpress'"),
        (("extract", str(PAGE), "--url", "asrpress.ir/fa/news/26684"), 2, "absolute http"),
        (("extract", str(short), "--url", URL), 1, "rejected (IncompleteArticle)"),
        (("extract", str(no_address), "--url", "https://example.org/a"), 1, "no known CMS"),
    ]
    for args, status, message in cases:
        result = newscrawl(*args)
        assert result.returncode == status, (args, result.stderr.decode())
        assert message in one_line_error(result), args


# --- fetching: robots.txt obeyed, the project's User-Agent sent ---


class _Site(BaseHTTPRequestHandler):
    robots = b"User-agent: *\nDisallow:\n"
    seen: list[tuple[str, str]]

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/robots.txt":
            body, kind = self.robots, "text/plain"
        elif self.path.startswith("/fa/news/26684"):
            body, kind = PAGE.read_bytes(), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site_server(request) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A local site serving robots.txt (``request.param``) and the page 26684."""
    seen: list[tuple[str, str]] = []
    handler = type("Handler", (_Site,), {"robots": request.param, "seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.e2e
@pytest.mark.parametrize("site_server", [b"User-agent: *\nDisallow:\n"], indirect=True)
def test_a_fetched_page_is_read_and_the_project_user_agent_sent(site_server):
    base_url, seen = site_server
    result = newscrawl("extract", f"{base_url}/fa/news/26684", "--site", "asrpress")
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    expected = load_expected(PAGE)
    assert record["url"].startswith(f"{base_url}/fa/news/26684/")
    assert (record["title"], record["body"]) == (expected["title"], expected["body"])
    assert [path for path, _ in seen] == ["/robots.txt", "/fa/news/26684"]
    assert {agent for _, agent in seen} == {USER_AGENT}


@pytest.mark.e2e
@pytest.mark.parametrize("site_server", [b""], indirect=True)
def test_a_page_the_site_does_not_serve_says_its_status(site_server):
    base_url, _ = site_server
    result = newscrawl("extract", f"{base_url}/fa/news/99", "--site", "asrpress")
    assert result.returncode == 1
    assert one_line_error(result).endswith("/fa/news/99 answered HTTP 404")


@pytest.mark.e2e
@pytest.mark.parametrize("site_server", [b"User-agent: *\nDisallow: /fa/news/\n"], indirect=True)
def test_a_page_robots_txt_forbids_is_never_fetched(site_server, tmp_path):
    """Run from outside the project: the project's settings (robots.txt obeyed) apply anyway."""
    base_url, seen = site_server
    result = newscrawl("extract", f"{base_url}/fa/news/26684", "--site", "asrpress", cwd=tmp_path)
    assert result.returncode == 1
    assert "robots.txt" in one_line_error(result)
    assert [path for path, _ in seen] == ["/robots.txt"]


def test_no_state_or_output_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    extract(PAGE.read_bytes(), URL)
    assert list(tmp_path.iterdir()) == []
