"""``WarcRecorder``: every response Scrapy downloads, and its request, written to WARC files."""

from __future__ import annotations

import http.client
import logging
import re
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from io import FileIO

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 1024**3
ROLLOVER_NAME = re.compile(r"^(?P<stem>.*?)(?:-(?P<number>\d{5}))?(?P<suffix>\.warc(?:\.gz)?)?$")
"""``<stem>[-NNNNN][.warc[.gz]]``: the name of a recorded file and its place in the series."""


def rollover_path(path: Path, number: int) -> Path:
    """The ``number``-th file of a recording: ``path``, then ``<stem>-00001.warc.gz`` ….

    >>> [rollover_path(Path("crawl.warc.gz"), n).name for n in (0, 1, 2)]
    ['crawl.warc.gz', 'crawl-00001.warc.gz', 'crawl-00002.warc.gz']
    """
    if number == 0:
        return path
    match = ROLLOVER_NAME.match(path.name)
    assert match is not None  # every name matches: all parts but the stem are optional
    return path.with_name(f"{match['stem']}-{number:05d}{match['suffix'] or ''}")


class _RawHttpHead(StatusAndHeaders):  # type: ignore[misc]  # warcio is untyped
    """An HTTP status (or request) line and headers that warcio writes byte for byte.

    warcio rebuilds the header block from ``str`` and percent-encodes whole non-ASCII values, so a
    raw UTF-8 ``Location`` would be written as ``http%3A//…``; the bytes as exchanged are kept.
    """

    def __init__(self, first_line: bytes, headers: list[tuple[bytes, bytes]], *, request: bool):
        super().__init__(
            first_line.decode("latin-1"),
            [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers],
            is_http_request=request,
        )
        lines = [first_line, *(name + b": " + value for name, value in headers)]
        self.raw = b"".join(line + b"\r\n" for line in lines) + b"\r\n"

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.raw


def response_head(response: Response) -> _RawHttpHead:
    """Status line and headers of a response as the download handler received them."""
    reason = http.client.responses.get(response.status, "")
    status_line = f"{response.protocol or 'HTTP/1.1'} {response.status} {reason}".rstrip()
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    return _RawHttpHead(status_line.encode("ascii"), headers, request=False)


def request_head(request: Request) -> _RawHttpHead:
    """Request line and headers as sent; ``Host`` first, as the HTTP client adds it."""
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [(name, value) for name, values in request.headers.items() for value in values]
    if b"Host" not in request.headers:
        headers.insert(0, (b"Host", parts.netloc.encode("ascii")))
    line = f"{request.method} {target} HTTP/1.1".encode("ascii")
    return _RawHttpHead(line, headers, request=True)


def _software() -> str:
    try:
        own = version("newscrawl")
    except PackageNotFoundError:  # running from a source tree that is not installed
        own = "unknown"
    return f"newscrawl/{own} (Scrapy/{scrapy.__version__}; warcio/{version('warcio')})"


class WarcRecorder:
    """Record every HTTP(S) response of a crawl, with its request, as WARC (ISO 28500) files.

    Listens to ``response_downloaded``: the response as the download handler built it, before any
    downloader middleware. What is recorded, and what cannot be, is in docs/warc.md.

    Settings:

    - ``NEWSCRAWL_WARC``: path of the first file, e.g. ``data/warc/asrpress.warc.gz``; unset, the
      extension is off. Existing files are overwritten; a name ending ``.warc`` is not gzipped.
    - ``NEWSCRAWL_WARC_MAX_BYTES`` (default 1 GiB): a file that has grown past this size is closed
      after the pair that crossed it; the recording goes on in ``<stem>-00001.warc.gz`` ….
    - ``NEWSCRAWL_WARC_NOTE``: free text for the ``description`` field of ``warcinfo``.

    Stats: ``newscrawl/warc/records`` (records written, warcinfo included) and
    ``newscrawl/warc/files`` (files opened).
    """

    def __init__(
        self,
        path: Path,
        stats: StatsCollector,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        info: dict[str, str] | None = None,
    ) -> None:
        self.path = path
        self.stats = stats
        self.max_bytes = max_bytes
        self.info = info or {}
        self.gzip = not path.name.endswith(".warc")
        self.files = 0
        self._file: FileIO | None = None
        self._size = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorder:
        settings = crawler.settings
        path = settings.get("NEWSCRAWL_WARC")
        if not path:
            raise NotConfigured  # no message: Scrapy would warn on every crawl
        assert crawler.stats is not None
        info = {
            "software": _software(),
            "format": "WARC File Format 1.0",
            "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
            "isPartOf": crawler.spidercls.name,
            "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "description": str(settings.get("NEWSCRAWL_WARC_NOTE") or ""),
        }
        max_bytes = settings.getint("NEWSCRAWL_WARC_MAX_BYTES", DEFAULT_MAX_BYTES)
        recorder = cls(Path(path), crawler.stats, max_bytes=max_bytes, info=info)
        recorder.open_next()  # fail now, not after the crawl, if the file cannot be written
        crawler.signals.connect(recorder.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(recorder.close, signal=signals.spider_closed)
        return recorder

    def open_next(self) -> None:
        path = rollover_path(self.path, self.files)
        if self.files == 0 and rollover_path(self.path, 1).exists():
            logger.warning(
                "WARC: %s exists from an earlier recording; a glob replay would include it",
                rollover_path(self.path, 1),
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("wb", buffering=0)
        self._size = 0
        self.files += 1
        self.stats.inc_value("newscrawl/warc/files")
        logger.info("WARC: recording to %s", path)
        writer, buffer = self._writer()
        writer.write_record(writer.create_warcinfo_record(path.name, self.info))
        self._write(buffer.getvalue(), records=1)

    def response_downloaded(self, response: Response, request: Request) -> None:
        if urlsplit(request.url).scheme not in ("http", "https"):
            return
        writer, buffer = self._writer()
        warc_headers: dict[str, str] = {}
        if response.ip_address is not None:
            warc_headers["WARC-IP-Address"] = str(response.ip_address)
        if "dataloss" in response.flags or "download_stopped" in response.flags:
            warc_headers["WARC-Truncated"] = (
                "disconnect" if "dataloss" in response.flags else "unspecified"
            )
        response_record = writer.create_warc_record(
            request.url,
            "response",
            payload=BytesIO(response.body),
            length=len(response.body),
            http_headers=response_head(response),
            warc_headers_dict=warc_headers,
        )
        request_record = writer.create_warc_record(
            request.url,
            "request",
            payload=BytesIO(request.body),
            length=len(request.body),
            http_headers=request_head(request),
        )
        writer.write_request_response_pair(request_record, response_record)
        if self._file is None:
            self.open_next()
        self._write(buffer.getvalue(), records=2)
        if self._size > self.max_bytes:
            self.close()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _writer(self) -> tuple[Any, BytesIO]:
        buffer = BytesIO()
        return WARCWriter(buffer, gzip=self.gzip), buffer

    def _write(self, data: bytes, *, records: int) -> None:
        assert self._file is not None
        view = memoryview(data)
        while view:  # one call unless the OS writes short; the file is unbuffered
            view = view[self._file.write(view) :]
        self._size += len(data)
        self.stats.inc_value("newscrawl/warc/records", records)
