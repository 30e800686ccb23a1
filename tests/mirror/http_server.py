"""The mirror's HTTP/1.1 server: the standard library's ThreadingHTTPServer answering from an app.

One thread per connection; connections are kept alive (``protocol_version = "HTTP/1.1"``). Every
request is answered by the :class:`~tests.mirror.app.MirrorApp` of the site directory (the app of
the CMS its ``site.json`` names: :func:`load_app`), then passed
through the *handlers* the server was given, in order: a :class:`Handler` gets the request and the
answer so far and returns the answer to send (the same one or another). The server knows no more
than that; fault injection (:mod:`tests.mirror.faults`) is a handler.

A handler that needs the connection itself (to hold it without answering, to reset it part-way, to
send without end) returns a :class:`~tests.mirror.app.Response` with a ``takeover``: the server
then calls ``takeover(socket, head)`` with the connection's socket and the head it would have sent,
instead of sending anything, and closes the connection when it returns. The server closes sockets
without a half-close first, so a takeover that sets ``SO_LINGER`` to 0 makes that close a reset.

The server binds loopback addresses only, and absolute links and redirects only ever name this
machine. It reloads its site directory on :meth:`MirrorServer.reload`, and
:meth:`MirrorServer.reload_if_rebuilt` does so when a build has rewritten ``site.json`` since.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import socketserver
import sys
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Protocol

from tests.mirror.app import TEXT, MirrorApp, Response
from tests.mirror.nastooh.app import NastoohApp
from tests.mirror.site_dir import load_site_dir

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path
    from types import TracebackType

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Request:
    """What a handler knows of a request."""

    method: str
    """``GET`` or ``HEAD``."""

    target: str
    """Path and query, as sent."""

    origin: str
    """``http://host:port`` the client addressed (a loopback name), else the bound address."""

    app: MirrorApp
    """The app that answered it: the site directory as loaded when the request arrived."""


class Handler(Protocol):
    """Given a request and the answer so far, the answer to send (the same one, or another)."""

    def __call__(self, request: Request, answer: Response, /) -> Response: ...


class MirrorServer:
    """A loaded site directory, its handlers and the listening socket that serves them.

    Use it as a context manager (or :meth:`start` and :meth:`close`): it serves from a thread of
    this process while the ``with`` block runs.
    """

    def __init__(
        self,
        site_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        handlers: Sequence[Handler] = (),
    ) -> None:
        check_loopback(host)
        self.site_dir = site_dir
        self.handlers = tuple(handlers)
        self._loaded = _signature(site_dir)
        self.app = load_app(site_dir)
        self.httpd = _HTTPServer((host, port), _RequestHandler, self)
        self.host = host
        self.port: int = self.httpd.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def answer(self, method: str, target: str, host: str | None) -> Response:
        """The app's answer to a request, passed through the handlers."""
        request = Request(method, target, _origin(host, self.base_url), self.app)
        response = request.app.handle(target, request.origin)
        for handler in self.handlers:
            response = handler(request, response)
        return response

    def start(self) -> str:
        """Serve from a daemon thread; return the base URL."""
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name="mirror-server", daemon=True
        )
        self._thread.start()
        return self.base_url

    def reload(self) -> int:
        """Re-read the site directory (a rebuild with more articles); return the article count."""
        self._loaded = _signature(self.site_dir)
        self.app = load_app(self.site_dir)
        return self.app.ok_count

    def reload_if_rebuilt(self) -> int | None:
        """Reload if a build finished since the last load; the new article count, else None.

        A build deletes ``site.json`` first and writes it last, so a changed one means a complete
        rebuild; while it is missing the build is still running and the old pages are served.
        """
        found = _signature(self.site_dir)
        if found is None or found == self._loaded:
            return None
        return self.reload()

    def close(self) -> None:
        """Stop accepting, and close every open connection (idle keep-alive clients too)."""
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()
        self.httpd.close_connections()

    def __enter__(self) -> MirrorServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@contextlib.contextmanager
def serve_in_thread(
    site_dir: Path, port: int = 0, handlers: Sequence[Handler] = ()
) -> Iterator[str]:
    """Serve ``site_dir`` from a thread of this process (shares the GIL); yield its base URL."""
    with MirrorServer(site_dir, port=port, handlers=handlers) as server:
        yield server.base_url


def load_app(site_dir: Path) -> MirrorApp:
    """The app of a site directory: its ``site.json``'s ``cms`` chooses it (IranSamaneh if none)."""
    data = load_site_dir(site_dir)
    return NastoohApp(data) if data.info.get("cms") == "nastooh" else MirrorApp(data)


def _signature(site_dir: Path) -> tuple[int, int] | None:
    """``site.json``'s modification time and size; None while a build is writing the directory."""
    try:
        stat = (site_dir / "site.json").stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


class _HTTPServer(ThreadingHTTPServer):
    """``ThreadingHTTPServer`` bound to a :class:`MirrorServer`, tracking its connections."""

    daemon_threads = True
    request_queue_size = 128  # a crawler opens its 32 connections at once

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        mirror: MirrorServer,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.mirror = mirror
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would also look the host's FQDN up, which nothing here needs.
        socketserver.TCPServer.server_bind(self)
        host, port = self.socket.getsockname()[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: socket.socket, address: object) -> None:  # type: ignore[override]
        with self.lock:
            self.connections.add(request)
        super().process_request(request, address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        # Close without shutdown(SHUT_WR) first: a takeover that set SO_LINGER 0 gets a reset.
        with self.lock:
            self.connections.discard(request)
        self.close_request(request)

    def close_connections(self) -> None:
        with self.lock:
            live = list(self.connections)
        for connection in live:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exception(), OSError):  # the client went away, or a takeover's reset
            return
        logger.exception("mirror connection from %s failed", client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    """One connection: each request answered by the server's app and handlers, in order."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _HTTPServer

    def do_GET(self) -> None:
        self._skip_body()
        mirror = self.server.mirror
        try:
            response = mirror.answer(self.command, self.path, self.headers.get("Host"))
        except Exception:  # a bug must not hang the client: answer 500 and log it
            logger.exception("mirror failed on %r", self.path)
            response = Response(500, TEXT, b"internal error\n")
        head = self._head(response)
        if response.takeover is not None:
            self.close_connection = True
            response.takeover(self.connection, head)
        elif self.command == "HEAD":
            self.wfile.write(head)
        else:
            self.wfile.write(head + response.body)

    do_HEAD = do_GET

    def _skip_body(self) -> None:
        """Read past a request body (the mirror ignores it) so the next request can be read."""
        if "Transfer-Encoding" in self.headers:
            self.close_connection = True  # where the next request starts is unknown: close after
            return
        length = self.headers.get("Content-Length", "0")
        if length.isdigit() and int(length):
            self.rfile.read(int(length))

    def _head(self, response: Response) -> bytes:
        status = response.status
        reason = _REASONS.get(status, b"Unknown")
        lines = [
            b"HTTP/1.1 %d %s" % (status, reason),
            b"Server: newscrawl-mirror (synthetic test data)",
            b"Date: " + _Clock.now(),
            b"Content-Type: " + response.content_type,
            b"Content-Length: %d" % len(response.body),
        ]
        if response.location is not None:
            lines.append(b"Location: " + response.location.encode("ascii"))
        lines += response.headers
        if self.close_connection:
            lines.append(b"Connection: close")
        return b"\r\n".join(lines) + b"\r\n\r\n"

    def version_string(self) -> str:
        return "newscrawl-mirror (synthetic test data)"

    def log_message(self, format: str, *args: object) -> None:
        logger.debug(format, *args)


_REASONS = {status.value: status.phrase.encode() for status in HTTPStatus}


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


_ORIGINS: dict[tuple[str, str], str] = {}


def _origin(host: str | None, default: str) -> str:
    """``http://`` + the request's Host when it names this machine, else the bound address.

    Links and redirects must never send a crawler to the real site, whatever Host it sends.

    >>> _origin("localhost:8080", "http://127.0.0.1:8080"), _origin("asrpress.ir", "http://[::1]:80")
    ('http://localhost:8080', 'http://[::1]:80')
    """
    if not host:
        return default
    origin = _ORIGINS.get((host, default))
    if origin is None:
        if host.startswith("["):
            name = host[1 : host.find("]")]
        else:
            name = host.rpartition(":")[0] if ":" in host else host
        origin = "http://" + host if _is_loopback(name) else default
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


def check_loopback(host: str) -> None:
    """Refuse to serve anywhere but this machine."""
    if not _is_loopback(host):
        raise ValueError(f"the mirror binds loopback addresses only, not {host!r}")
