"""The site directory: what :mod:`tests.mirror.build` writes and :mod:`tests.mirror.server` serves.

Layout::

    site.json       {"site", "synthetic", "seed"?, "articles", "generator", "note", "cms"?}
    index.jsonl     one line per id of the id range, in id order:
                    {"news_id", "status": "ok"|"soft404"|"gone", "slug", "title", "published_at",
                     "in_feed", "lead", "image", "extra"?}
    pages/ID.html   the page bytes of every "ok" id
    expected.jsonl  the expected Article record of every "ok" id, in id order (when known)

``title``, ``slug`` and ``lead`` are as the pages print them (Arabic ي/ك on old pages); gaps have
empty ``slug``/``title``. ``image`` is the site-relative path of the lead image or null.
``extra`` holds what another CMS's mirror needs of an entry (``tests.mirror.nastooh``: the item's
kind and kicker), and ``site.json``'s ``cms`` names that CMS (absent: IranSamaneh).
``published_at`` is ISO 8601 with the Tehran offset. ``in_feed`` means *eligible* for the RSS feed:
the feed lists the newest 30 eligible articles, so a feed-only crawler misses the others (a fixed
property of the article, so that a bigger build keeps every earlier index line).

Listings (front page, archive, RSS) are rendered by the server from the index, so hand-made pages
can be served too: build :class:`SiteEntry` values and call :func:`write_site_dir`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

Status = Literal["ok", "soft404", "gone"]
STATUSES: tuple[Status, ...] = ("ok", "soft404", "gone")
SYNTHETIC_NOTE = "Synthetic pages generated for testing; not real Asr Press content"


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """One id of a site directory; ``html`` is required for ``ok`` and ignored otherwise."""

    news_id: int
    status: Status
    slug: str
    title: str
    published_at: datetime
    in_feed: bool
    html: bytes | None = None
    lead: str | None = None
    image: str | None = None
    extra: Mapping[str, str] | None = None
    """What a CMS's own mirror keeps of the entry beyond these fields (written only when set)."""

    def index_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "news_id": self.news_id,
            "status": self.status,
            "slug": self.slug,
            "title": self.title,
            "published_at": self.published_at.isoformat(timespec="seconds"),
            "in_feed": self.in_feed,
            "lead": self.lead,
            "image": self.image,
        }
        if self.extra is not None:
            record["extra"] = dict(self.extra)
        return record

    @classmethod
    def from_index_record(cls, record: Mapping[str, Any], html: bytes | None) -> SiteEntry:
        status = record["status"]
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r} for id {record['news_id']}")
        return cls(
            news_id=int(record["news_id"]),
            status=status,
            slug=str(record["slug"]),
            title=str(record["title"]),
            published_at=datetime.fromisoformat(record["published_at"]),
            in_feed=bool(record["in_feed"]),
            html=html,
            lead=record.get("lead"),
            image=record.get("image"),
            extra=record.get("extra"),
        )


@dataclass(frozen=True, slots=True)
class SiteData:
    """A site directory loaded into memory."""

    info: dict[str, Any]
    entries: tuple[SiteEntry, ...]

    @property
    def site(self) -> str:
        return str(self.info["site"])


def write_site_dir(
    out: Path,
    site: str,
    entries: Iterable[SiteEntry],
    *,
    expected: Iterable[Mapping[str, Any]] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> int:
    """Write a site directory from ``entries`` (in increasing id order); return the ``ok`` count.

    ``expected`` records go to ``expected.jsonl`` (consumed after ``entries``, so a generator may
    fill it while ``entries`` is iterated); ``meta`` adds to or overrides ``site.json`` keys. An
    existing directory is replaced only if it is a site directory (has ``site.json``) or empty.
    """
    pages = prepare_site_dir(out)
    ok_ids: list[int] = []
    last_id: int | None = None
    with (out / "index.jsonl").open("w", encoding="utf-8") as index:
        for entry in entries:
            if last_id is not None and entry.news_id <= last_id:
                raise ValueError(f"ids must increase: {entry.news_id} after {last_id}")
            last_id = entry.news_id
            if entry.status == "ok":
                if entry.html is None:
                    raise ValueError(f"id {entry.news_id} is ok but has no html")
                write_page(pages, entry.news_id, entry.html)
                ok_ids.append(entry.news_id)
            index.write(json.dumps(entry.index_record(), ensure_ascii=False) + "\n")
    if expected is not None:
        with (out / "expected.jsonl").open("w", encoding="utf-8") as lines:
            lines.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in expected)
    remove_stale_pages(out, ok_ids)
    write_site_json(out, site, len(ok_ids), meta)
    return len(ok_ids)


def write_site_json(out: Path, site: str, articles: int, meta: Mapping[str, Any] | None) -> None:
    """Write ``site.json``, last: a directory with one is complete."""
    extra = dict(meta or {})
    info: dict[str, Any] = {"site": site, "synthetic": extra.pop("synthetic", True)}
    if "seed" in extra:
        info["seed"] = extra.pop("seed")
    info["articles"] = articles
    info["generator"] = extra.pop("generator", "write_site_dir")
    info["note"] = extra.pop("note", SYNTHETIC_NOTE)
    info.update(extra)
    (out / "site.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", "utf-8")


def prepare_site_dir(out: Path) -> Path:
    """Create ``out/pages`` (an earlier build's pages are overwritten, then pruned); return it."""
    ours = (out / "site.json").exists() or (out / "index.jsonl").exists()
    if out.exists() and not ours and any(out.iterdir()):
        raise FileExistsError(f"{out} exists, is not empty and is not a site directory")
    pages = out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in ("site.json", "expected.jsonl"):
        (out / name).unlink(missing_ok=True)
    return pages


def write_page(pages: Path, news_id: int, html: bytes) -> None:
    """Write a page unless the file already holds these bytes (so rebuilds stay cheap)."""
    path = os.path.join(pages, f"{news_id}.html")
    try:
        with open(path, "rb") as old:
            if old.read(len(html) + 1) == html:
                return
    except FileNotFoundError:
        pass
    with open(path, "wb") as new:
        new.write(html)


def remove_stale_pages(out: Path, ok_ids: Iterable[int]) -> None:
    """Delete the pages of an earlier build that are not ``ok`` in this one."""
    keep = {f"{news_id}.html" for news_id in ok_ids}
    with os.scandir(out / "pages") as found:
        for item in found:
            if item.name not in keep:
                os.unlink(item.path)


def load_site_dir(root: Path) -> SiteData:
    """Read a site directory, pages included."""
    info = json.loads((root / "site.json").read_text("utf-8"))
    entries = []
    with (root / "index.jsonl").open(encoding="utf-8") as index:
        for line in index:
            record = json.loads(line)
            html = None
            if record["status"] == "ok":
                html = (root / "pages" / f"{record['news_id']}.html").read_bytes()
            entries.append(SiteEntry.from_index_record(record, html))
    return SiteData(info=info, entries=tuple(entries))


def read_expected(root: Path) -> list[dict[str, Any]]:
    """The expected records of a site directory (empty when it has none)."""
    path = root / "expected.jsonl"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]
