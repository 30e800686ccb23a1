"""Cross-run state of one site: where incremental crawling resumes, and what was already exported.

Both live in ``NEWSCRAWL_STATE_DIR`` (default ``data/state/``):

- ``<site>.json``, the incremental cursor: ``{"site": …, "last_id": int, "retry_ids": [int…],
  "updated_at": UTC ISO 8601, "feed": path of the last published feed}``. Written atomically
  (temporary file, fsync, rename), and only after the feed it covers has been published.
- ``seen.sqlite3``, the seen-store: one row per exported ``(site, news_id)``, so an article
  exported by an earlier run is never exported again whatever URL variant (http/https, slug)
  reached it. SQLite from the standard library rather than scrapy-deltafetch: deltafetch keys on
  request fingerprints (a slug or scheme variant is a new key) and needs Berkeley DB bindings
  that do not install from PyPI on a fresh machine; a primary-key lookup here costs microseconds.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable

DEFAULT_STATE_DIR = "data/state"


class SeenSet(Protocol):
    """The seen-store's interface: ``SeenStore`` here, ``RedisSeenSet`` in distributed mode."""

    def __contains__(self, key: tuple[str, int]) -> bool: ...

    def add_all(self, site: str, news_ids: Iterable[int]) -> None: ...

    def count(self, site: str) -> int: ...

    def close(self) -> None: ...


class StateStore(Protocol):
    """Where the cross-run state lives: ``StateDir`` (files), or ``RedisStateStore``.

    ``newscrawl.distributed.state.RedisStateStore`` is used when ``NEWSCRAWL_REDIS_URL`` is set.
    """

    def load(self, site: str) -> SiteState: ...

    def save(self, state: SiteState) -> None: ...

    def seen_store(self) -> SeenSet: ...


@dataclass
class SiteState:
    """The incremental cursor of one site."""

    site: str
    last_id: int | None = None
    """Highest id covered by a published feed: the next incremental run starts after it."""

    retry_ids: list[int] = field(default_factory=list)
    """Ids at or below ``last_id`` whose fetch failed: the next run tries them again."""

    updated_at: str | None = None
    feed: str | None = None

    @classmethod
    def from_saved(cls, site: str, data: dict[str, Any]) -> SiteState:
        """The state of ``site`` as a store saved it (:meth:`to_saved`); absent keys: defaults."""
        return cls(
            site=site,
            last_id=data.get("last_id"),
            retry_ids=[int(news_id) for news_id in data.get("retry_ids", [])],
            updated_at=data.get("updated_at"),
            feed=data.get("feed"),
        )

    def to_saved(self) -> dict[str, Any]:
        """What a store saves: every field, ``updated_at`` set to now (UTC, ``…Z``)."""
        self.updated_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return asdict(self)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a reader (or a crash) sees the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


class StateDir:
    """Reads and writes the state files of ``NEWSCRAWL_STATE_DIR``."""

    def __init__(self, root: Path | str = DEFAULT_STATE_DIR) -> None:
        self.root = Path(root)

    def site_path(self, site: str) -> Path:
        return self.root / f"{site}.json"

    def load(self, site: str) -> SiteState:
        path = self.site_path(site)
        if not path.exists():
            return SiteState(site=site)
        return SiteState.from_saved(site, json.loads(path.read_text(encoding="utf-8")))

    def save(self, state: SiteState) -> None:
        text = json.dumps(state.to_saved(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomically(self.site_path(state.site), text)

    def seen_store(self) -> SeenStore:
        return SeenStore(self.root / "seen.sqlite3")


class SeenStore:
    """The set of ``(site, news_id)`` exported by earlier runs, in SQLite (WAL mode)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS seen (site TEXT NOT NULL, news_id INTEGER NOT NULL,"
            " exported_at TEXT NOT NULL, PRIMARY KEY (site, news_id)) WITHOUT ROWID"
        )
        self.db.commit()

    def __contains__(self, key: tuple[str, int]) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM seen WHERE site = ? AND news_id = ?", (key[0], key[1])
        ).fetchone()
        return row is not None

    def add_all(self, site: str, news_ids: Iterable[int]) -> None:
        """Record ``news_ids`` as exported, in one transaction."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO seen (site, news_id, exported_at) VALUES (?, ?, ?)",
                ((site, news_id, now) for news_id in news_ids),
            )

    def count(self, site: str) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM seen WHERE site = ?", (site,)).fetchone()
        return int(row[0])

    def close(self) -> None:
        self.db.close()
