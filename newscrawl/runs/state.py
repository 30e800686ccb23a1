"""Cross-run state of one site on one host: where incremental crawling resumes, what was exported.

State is keyed by site *and host* (:func:`state_key`): a declared site crawled on one of its own
domains (with or without ``www.``, http or https) has the key ``<site>``; crawled anywhere else (a
mirror, a test server, a replay of one) ``<site>@<host>[_<port>]``, so no such run reads or
writes the live site's state. In ``NEWSCRAWL_STATE_DIR`` (default ``data/state/``):

- ``<key>.json``, the incremental cursor, ids to retry and ids met as soft 404s
  (:class:`SiteState`, format version :data:`STATE_VERSION`; older formats are migrated when
  read). Written atomically (temporary file, fsync, rename).
- ``seen.sqlite3``, the seen-store: one row per exported ``(key, news_id)``, so an article
  exported by an earlier run is never exported again whatever URL variant (http/https, slug)
  reached it. SQLite from the standard library rather than scrapy-deltafetch: deltafetch keys on
  request fingerprints (a slug or scheme variant is a new key) and needs Berkeley DB bindings
  that do not install from PyPI on a fresh machine.
- ``<key>.journal.json`` while a run publishes its feed (``runs.ledger``).

A state file or seen-store that cannot be read raises :class:`StateError`, whose message says
which file and what to do; nothing is guessed.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscrawl.site import Site

DEFAULT_STATE_DIR = "data/state"
STATE_VERSION = 2
"""Version of the state file format. 1 (no ``version`` key): ``retry_ids`` as a list."""

_SQLITE_HEADER = b"SQLite format 3\x00"
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")


def utc_now() -> str:
    """The current time, UTC, to the second: ``2026-11-28T14:15:42Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class StateError(Exception):
    """Cross-run state that cannot be read or written; the message names the file."""


def state_key(site_key: str, site: Site | None, host: str, port: int | None) -> str:
    """The key of the state of ``site_key`` crawled on ``host`` (and ``port``).

    >>> from newscrawl.sites import SITES
    >>> state_key("tabnak", SITES["tabnak"], "tabnak.ir", None)
    'tabnak'
    >>> state_key("tabnak", SITES["tabnak"], "127.0.0.1", 8080)
    'tabnak@127.0.0.1_8080'
    >>> state_key("example", None, "www.example.ir", None)
    'example@www.example.ir'
    """
    if site is not None and site.serves(host) and port is None:
        return site_key
    try:
        host = str(ipaddress.ip_address(host))
    except ValueError:
        host = host.lower()
    suffix = f"_{port}" if port is not None else ""
    return f"{site_key}@{_KEY_UNSAFE.sub('-', host)}{suffix}"


class SeenSet(Protocol):
    """The seen-store's interface: ``SeenStore`` here, ``RedisSeenSet`` in distributed mode."""

    def __contains__(self, key: tuple[str, int]) -> bool: ...

    def add_all(self, site: str, news_ids: Iterable[int]) -> None: ...

    def count(self, site: str) -> int: ...

    def close(self) -> None: ...


class StateStore(Protocol):
    """Where the cross-run state lives: ``StateDir`` (files), or ``RedisStateStore``."""

    def load(self, key: str) -> SiteState: ...

    def save(self, state: SiteState) -> None: ...

    def seen_store(self) -> SeenSet: ...


@dataclass
class Retry:
    """An id whose fetch failed: the runs that failed it so far, and why it failed last."""

    attempts: int
    reason: str
    since: str
    """When it first failed, UTC ``…Z``."""


@dataclass
class Pending:
    """An id met as the CMS's soft 404 (allotted to a draft, perhaps published later)."""

    first_seen: str
    """When it was first met, UTC ``…Z``."""
    asked: int
    """How many runs have asked for it."""
    next_at: str
    """When a run should ask again, UTC ``…Z``."""


@dataclass
class SiteState:
    """The incremental cursor of one site on one host, and the ids to ask for again."""

    key: str
    last_id: int | None = None
    """Highest id covered by a published feed: the next incremental run starts after it."""

    retry: dict[int, Retry] = field(default_factory=dict)
    """Ids whose fetch failed: the next runs try them again, up to an attempt limit."""

    pending: dict[int, Pending] = field(default_factory=dict)
    """Ids met as soft 404s: asked again at growing intervals, then given up."""

    updated_at: str | None = None
    feed: str | None = None

    given_up: dict[int, str] = field(default_factory=dict)
    """Ids given up (after the attempt limit), with why: never planned again, even when listed.
    Those far below the cursor (more than ``NEWSCRAWL_MAX_PLAN``) are forgotten: no plan reaches
    them any more."""

    @classmethod
    def from_saved(cls, key: str, data: dict[str, Any]) -> SiteState:
        """The state as a store saved it, migrated from an older format; ``ValueError`` if bad."""
        version = data.get("version", 1)
        if not isinstance(version, int) or version > STATE_VERSION:
            raise ValueError(f"format version {version!r} is newer than this newscrawl knows")
        if version == 1:
            since = str(data.get("updated_at") or utc_now())
            retry = {
                int(news_id): Retry(1, "failed in a run before the state format 2", since)
                for news_id in data.get("retry_ids", [])
            }
        else:
            retry = {int(k): Retry(**v) for k, v in data.get("retry", {}).items()}
        pending = {int(k): Pending(**v) for k, v in data.get("pending", {}).items()}
        last_id = data.get("last_id")
        if last_id is not None and not isinstance(last_id, int):
            raise ValueError(f"last_id {last_id!r} is not an id")
        given_up = {int(k): str(v) for k, v in data.get("given_up", {}).items()}
        return cls(key, last_id, retry, pending, data.get("updated_at"), data.get("feed"), given_up)

    def to_saved(self) -> dict[str, Any]:
        """What a store saves, ``updated_at`` set to now."""
        self.updated_at = utc_now()
        return {
            "version": STATE_VERSION,
            "key": self.key,
            "last_id": self.last_id,
            "retry": {str(k): vars(v) for k, v in sorted(self.retry.items())},
            "pending": {str(k): vars(v) for k, v in sorted(self.pending.items())},
            "given_up": {str(k): v for k, v in sorted(self.given_up.items())},
            "updated_at": self.updated_at,
            "feed": self.feed,
        }


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a reader (or a crash) sees the old or the new file, whole.

    The new file is readable by everyone (0644 less the umask), as the published feeds are.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: Any) -> None:
    """``data`` as indented, sorted JSON (Persian unescaped), written atomically."""
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


class StateDir:
    """Reads and writes the state files of ``NEWSCRAWL_STATE_DIR``."""

    def __init__(self, root: Path | str = DEFAULT_STATE_DIR) -> None:
        self.root = Path(root)

    def site_path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def load(self, key: str) -> SiteState:
        path = self.site_path(key)
        if not path.exists():
            return SiteState(key=key)
        try:
            return SiteState.from_saved(key, json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError, AttributeError) as error:
            raise StateError(
                f"state file {path} is unreadable ({error}); restore it from a backup, or delete"
                " it to start this site afresh"
            ) from None

    def save(self, state: SiteState) -> None:
        write_json(self.site_path(state.key), state.to_saved())

    def seen_store(self) -> SeenStore:
        return SeenStore(self.root / "seen.sqlite3")


class SeenStore:
    """The set of ``(key, news_id)`` exported by earlier runs, in SQLite (WAL mode).

    A file that exists but is not a SQLite database (a zero-byte file left by a full disk or a
    botched copy) is refused: read as empty, it would have every article exported again.
    """

    def __init__(self, path: Path) -> None:
        if path.exists():
            with path.open("rb") as head:
                if head.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                    raise StateError(
                        f"seen-store {path} is not a SQLite database (empty or damaged); restore"
                        " it from a backup, or delete it to export every article again"
                    )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS seen (site TEXT NOT NULL, news_id INTEGER NOT NULL,"
                " exported_at TEXT NOT NULL, PRIMARY KEY (site, news_id)) WITHOUT ROWID"
            )
            self.db.commit()
        except sqlite3.DatabaseError as error:
            raise StateError(f"seen-store {path} is unreadable: {error}") from None

    def __contains__(self, key: tuple[str, int]) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM seen WHERE site = ? AND news_id = ?", (key[0], key[1])
        ).fetchone()
        return row is not None

    def add_all(self, site: str, news_ids: Iterable[int]) -> None:
        """Record ``news_ids`` as exported, in one transaction (again: no change)."""
        now = utc_now()
        with self.db:
            self.db.executemany(
                "INSERT OR IGNORE INTO seen (site, news_id, exported_at) VALUES (?, ?, ?)",
                ((site, news_id, now) for news_id in news_ids),
            )

    def count(self, site: str) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM seen WHERE site = ?", (site,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        self.db.close()
