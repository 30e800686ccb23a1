"""``WarcReplayMiddleware``: a crawl answered from WARC files, never from the network."""

from __future__ import annotations

import glob
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.httpobj import urlparse_cached
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator

from newscrawl.warc.record import ROLLOVER_NAME

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_HEAD_END = re.compile(rb"\r?\n\r?\n")
_LINE_END = re.compile(rb"\r?\n")
_CHUNK = 1 << 16


class ArchiveError(Exception):
    """A replay archive is missing, unreadable, or holds no response to replay."""


def _series_key(path: str) -> tuple[str, int]:
    """Sort a recording's files in the order written: ``x.warc.gz``, ``x-00001.warc.gz`` …."""
    name = Path(path).name
    match = ROLLOVER_NAME.match(name)
    assert match is not None
    stem = str(Path(path).with_name(match["stem"] + (match["suffix"] or "")))
    return stem, int(match["number"] or 0)


def archive_paths(spec: str) -> list[Path]:
    """The files a ``replay`` argument names: a path, a comma-separated list, or globs.

    A glob's matches are taken in recording order (``x.warc.gz`` before ``x-00001.warc.gz``); a
    glob that matches nothing or a path that is not a file is an :class:`ArchiveError`.
    """
    paths: list[Path] = []
    for part in (part.strip() for part in spec.split(",")):
        if not part:
            continue
        if glob.has_magic(part):
            matches = sorted(glob.glob(part), key=_series_key)
            if not matches:
                raise ArchiveError(f"replay: no WARC file matches {part}")
            paths += [Path(match) for match in matches]
        else:
            paths.append(Path(part))
    if not paths:
        raise ArchiveError("replay: no WARC file given")
    for path in paths:
        if not path.is_file():
            raise ArchiveError(f"replay: WARC file not found: {path}")
    return list(dict.fromkeys(paths))


def request_key(method: str, url: str) -> tuple[str, str]:
    """What makes two requests the same for replay: what makes them the same for Scrapy."""
    return method.upper(), canonicalize_url(url)


def parse_http_response(block: bytes) -> tuple[str, int, Headers, bytes]:
    r"""``(protocol, status, headers, body)`` of an HTTP response block as stored in a WARC.

    >>> parse_http_response(b"HTTP/1.1 301 Moved\r\nLocation: /a\r\n\r\n")[1:3]
    (301, {b'Location': [b'/a']})
    """
    end = _HEAD_END.search(block)
    head, body = (block[: end.start()], block[end.end() :]) if end else (block, b"")
    status_line, *lines = _LINE_END.split(head)
    protocol, status = status_line.split(b" ", 2)[:2]
    headers = Headers()
    for line in lines:
        name, _, value = line.partition(b":")
        headers.appendlist(name.strip(), value.strip(b" \t"))
    return protocol.decode("ascii"), int(status), headers, body


def _iter_records(stream: BinaryIO) -> Iterator[tuple[Any, Any]]:
    """``(iterator, record)`` for each record: the iterator tells the record's offset."""
    records = ArchiveIterator(stream, no_record_parse=True)
    for record in records:
        yield records, record


class WarcArchive:
    """The response records of WARC files, indexed by :func:`request_key`; bodies stay on disk.

    How records are matched to requests is in docs/warc.md.
    """

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.index: dict[tuple[str, str], tuple[int, int]] = {}
        """Where each response record starts: (number of its file in ``paths``, byte offset)."""
        self._streams: dict[int, BinaryIO] = {}

    @classmethod
    def open(cls, spec: str) -> WarcArchive:
        archive = cls(archive_paths(spec))
        for number, path in enumerate(archive.paths):
            archive.index_file(number, path)
        if not archive.index:
            raise ArchiveError(
                f"replay: no response record in {', '.join(map(str, archive.paths))}"
            )
        return archive

    def index_file(self, number: int, path: Path) -> None:
        try:
            with path.open("rb") as stream:
                count, damage = self._index_stream(number, stream)
        except OSError as error:
            raise ArchiveError(f"replay: cannot read WARC file {path}: {error}") from error
        if count == 0:
            problem = f"is not a readable WARC file ({damage!r})" if damage else "holds no record"
            raise ArchiveError(f"replay: {path} {problem}")
        if damage is not None:
            logger.warning(
                "Replay: %s is damaged after %d complete records (%r); replaying those",
                path,
                count,
                damage,
            )

    def _index_stream(self, number: int, stream: BinaryIO) -> tuple[int, Exception | None]:
        """Index one file; ``(complete records, the error that ended reading early or None)``."""
        count = 0
        error = None
        responses: list[tuple[str, str, int]] = []  # (record id, URL, offset), in file order
        methods: dict[str, str] = {}  # the method of each response's request, by response id
        try:
            for records, record in _iter_records(stream):
                headers = record.rec_headers
                if record.rec_type == "response":
                    if not _read_complete(record):
                        raise EOFError("the last record is cut short")
                    record_id = headers.get_header("WARC-Record-ID")
                    url = headers.get_header("WARC-Target-URI")
                    responses.append((record_id, url, records.get_record_offset()))
                elif record.rec_type == "request":
                    line = record.raw_stream.readline()
                    method = line.split(b" ", 1)[0].decode("ascii", "replace")
                    methods[headers.get_header("WARC-Concurrent-To")] = method
                count += 1
        except Exception as exc:  # warcio raises many kinds on a damaged file
            error = exc
        for record_id, url, offset in responses:
            self.index[request_key(methods.get(record_id, "GET"), url)] = (number, offset)
        return count, error

    def response_for(self, request: Request) -> Response | None:
        where = self.index.get(request_key(request.method, request.url))
        if where is None:
            return None
        protocol, status, headers, body = parse_http_response(self._read_block(where))
        respcls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return respcls(
            url=request.url,
            status=status,
            headers=headers,
            body=body,
            flags=["warc"],
            protocol=protocol,
        )

    def _read_block(self, where: tuple[int, int]) -> bytes:
        file, offset = where
        stream = self._streams.get(file)
        if stream is None:
            stream = self._streams[file] = self.paths[file].open("rb")
        stream.seek(offset)
        _, record = next(_iter_records(stream))
        block: bytes = record.raw_stream.read()
        return block

    def close(self) -> None:
        for stream in self._streams.values():
            stream.close()
        self._streams.clear()


def _read_complete(record: Any) -> bool:
    """Read a record's block to its end; whether it was as long as its header said."""
    expected = int(record.rec_headers.get_header("Content-Length") or -1)
    read = 0
    while chunk := record.raw_stream.read(_CHUNK):
        read += len(chunk)
    return read == expected


def archive_base_url(paths: str) -> str | None:
    """``scheme://host[:port]`` of the first response recorded in the archive: replay's host."""
    for path in archive_paths(paths):
        try:
            with path.open("rb") as stream:
                for _, record in _iter_records(stream):
                    if record.rec_type == "response":
                        parts = urlsplit(record.rec_headers.get_header("WARC-Target-URI"))
                        return f"{parts.scheme}://{parts.netloc}"
        except Exception as error:  # warcio raises many kinds on a damaged file
            raise ArchiveError(f"replay: {path} is not a readable WARC file: {error!r}") from error
    return None


class WarcReplayMiddleware:
    """Answer every request from WARC files, so a crawl runs exactly as recorded, offline.

    Active when the spider has a ``replay`` argument (``-a replay=…``) or ``NEWSCRAWL_REPLAY`` is
    set: a WARC path, a comma-separated list of paths, or a glob. Placed last before the downloader
    (``DOWNLOADER_MIDDLEWARES`` 950); docs/warc.md states what replay does and guarantees.

    Settings: ``NEWSCRAWL_REPLAY``: archive(s) to replay when no ``replay`` argument is given.

    Stats: ``newscrawl/replay/hits`` (requests answered), ``newscrawl/replay/missing`` (skipped).
    """

    def __init__(self, archive: WarcArchive, stats: StatsCollector) -> None:
        self.archive = archive
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcReplayMiddleware:
        spec = getattr(crawler.spider, "replay", None) or crawler.settings.get("NEWSCRAWL_REPLAY")
        if not spec:
            raise NotConfigured  # no message: Scrapy would warn on every crawl
        assert crawler.stats is not None
        archive = WarcArchive.open(str(spec))
        logger.info(
            "Replay: %d recorded requests in %s; nothing goes to the network",
            len(archive.index),
            ", ".join(map(str, archive.paths)),
        )
        middleware = cls(archive, crawler.stats)
        crawler.signals.connect(archive.close, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> Response | None:
        if urlparse_cached(request).scheme in ("data", "file"):
            return None
        response = self.archive.response_for(request)
        if response is None:
            self.stats.inc_value("newscrawl/replay/missing")
            logger.info("Replay: not in the archive, skipped: %s %s", request.method, request.url)
            raise IgnoreRequest(f"not in the replay archive: {request.url}")
        self.stats.inc_value("newscrawl/replay/hits")
        return response
