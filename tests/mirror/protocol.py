"""The mirror's HTTP/1.1 server: an ``asyncio.Protocol`` answering from a loaded site directory.

Why not ``http.server``: its per-request parsing and thread hand-off cost more than the mirror's
whole answer (a dictionary lookup), so a crawler would wait on it. This protocol reads requests
straight off the socket, keeps connections alive (pipelining works too) and writes precomputed
bytes; :mod:`tests.mirror.bench_server` measures it. It binds loopback addresses only, and
absolute links and redirects only ever name this machine.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from email.utils import formatdate
from typing import TYPE_CHECKING

from tests.mirror.app import TEXT, MirrorApp, Response
from tests.mirror.site_dir import load_site_dir

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.mirror.faults import FaultInjector

_REASONS = {200: b"OK", 301: b"Moved Permanently", 400: b"Bad Request", 404: b"Not Found"}
_REASONS |= {
    500: b"Internal Server Error",
    405: b"Method Not Allowed",
    413: b"Content Too Large",
    431: b"Headers Too Large",
}
_REASONS |= {429: b"Too Many Requests", 502: b"Bad Gateway", 503: b"Service Unavailable"}
_MAX_HEAD = 64 * 1024
logger = logging.getLogger(__name__)


class _Clock:
    """The ``Date`` header, formatted at most once a second."""

    second = 0
    value = b""

    @classmethod
    def now(cls) -> bytes:
        second = int(time.time())
        if second != cls.second:
            cls.second, cls.value = second, formatdate(second, usegmt=True).encode()
        return cls.value


class MirrorProtocol(asyncio.Protocol):
    """One client connection: parse requests as they arrive, answer each in order."""

    def __init__(
        self, get_app: Callable[[], MirrorApp], origin: str, live: set[asyncio.Transport]
    ) -> None:
        self.get_app = get_app
        self.origin = origin
        self.live = live
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.live.add(transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > _MAX_HEAD:
                    self._send_error(431)
                return
            head, rest = self.buffer[:end], self.buffer[end + 4 :]
            if not self._handle(head.lstrip(b"\r\n"), rest):
                return

    def _handle(self, head: bytes, rest: bytes) -> bool:
        """Answer one request; False when more bytes are needed or the connection is closing."""
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            self._send_error(400)
            return False
        method, target, version = parts
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        try:
            length = int(headers.get(b"content-length", b"0") or b"0")
        except ValueError:
            self._send_error(400)
            return False
        if len(rest) < length:
            return False  # wait for the request body (the mirror ignores it)
        if b"transfer-encoding" in headers:
            self._send_error(413)
            return False
        self.buffer = rest[length:]
        connection = headers.get(b"connection", b"").lower()
        keep_alive = (
            connection != b"close" if version == b"HTTP/1.1" else connection == b"keep-alive"
        )
        if method not in (b"GET", b"HEAD"):
            self._send(Response(405, TEXT, b"GET or HEAD only\n"), False, False)
            return False
        origin = _origin(headers.get(b"host"), self.origin)
        try:
            response = self.get_app().handle(target.decode("utf-8", "surrogateescape"), origin)
        except Exception:  # a bug must not hang the client: answer 500 and log it
            logger.exception("mirror failed on %r", target)
            response = Response(500, TEXT, b"internal error\n")
        self._send(response, method == b"HEAD", keep_alive)
        return keep_alive

    def _send(self, response: Response, head_only: bool, keep_alive: bool) -> None:
        assert self.transport is not None
        head = self._head(response, keep_alive)
        self.transport.write(head if head_only else head + response.body)
        if not keep_alive:
            self.transport.close()

    def _head(self, response: Response, keep_alive: bool) -> bytes:
        status = response.status
        lines = [
            b"HTTP/1.1 %d %s" % (status, _REASONS.get(status, b"Unknown")),
            b"Server: newscrawl-mirror (synthetic test data)",
            b"Date: " + _Clock.now(),
            b"Content-Type: " + response.content_type,
            b"Content-Length: %d" % len(response.body),
        ]
        if response.location is not None:
            lines.append(b"Location: " + response.location.encode("ascii"))
        if response.headers:
            lines += response.headers
        if not keep_alive:
            lines.append(b"Connection: close")
        return b"\r\n".join(lines) + b"\r\n\r\n"

    def _send_error(self, status: int) -> None:
        self._send(Response(status, TEXT, b"bad request\n"), False, False)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is not None:
            self.live.discard(self.transport)
        self.transport = None


_ORIGINS: dict[tuple[bytes, str], str] = {}


def _origin(host: bytes | None, default: str) -> str:
    """``http://`` + the request's Host when it names this machine, else the bound address.

    Links and redirects must never send a crawler to the real site, whatever Host it sends.
    """
    if not host:
        return default
    origin = _ORIGINS.get((host, default))
    if origin is None:
        text = host.decode("ascii", "replace")
        if text.startswith("["):
            name = text[1 : text.find("]")]
        else:
            name = text.rpartition(":")[0] if ":" in text else text
        origin = "http://" + text if _is_loopback(name) else default
        if len(_ORIGINS) < 64:
            _ORIGINS[host, default] = origin
    return origin


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class MirrorServer:
    """A loaded site directory and the listening socket that serves it."""

    def __init__(
        self,
        site_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: FaultInjector | None = None,
    ) -> None:
        check_loopback(host)
        self.site_dir = site_dir
        self.host = host
        self.port = port
        self.faults = faults
        """With faults, answers come from ``tests.mirror.faults`` (app and protocol)."""
        self.app = self._load()
        self.server: asyncio.Server | None = None
        self.connections: set[asyncio.Transport] = set()

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        protocol = MirrorProtocol if self.faults is None else self.faults.protocol
        self.server = await loop.create_server(
            lambda: protocol(lambda: self.app, self.base_url, self.connections),
            self.host,
            self.port,
        )
        self.port = self.server.sockets[0].getsockname()[1]

    def reload(self) -> int:
        """Re-read the site directory (a rebuild with more articles); return the article count."""
        self.app = self._load()
        return self.app.ok_count

    def _load(self) -> MirrorApp:
        data = load_site_dir(self.site_dir)
        return MirrorApp(data) if self.faults is None else self.faults.app(data)

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            for transport in list(self.connections):  # idle keep-alive clients too
                transport.close()
            await self.server.wait_closed()


def check_loopback(host: str) -> None:
    """Refuse to serve anywhere but this machine."""
    if not _is_loopback(host):
        raise ValueError(f"the mirror binds loopback addresses only, not {host!r}")
