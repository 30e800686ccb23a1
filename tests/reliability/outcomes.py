"""What a correct crawler does with each article of a faulty mirror, computed from the fault plan.

The mirror decides every fault from ``(seed, article, attempt)`` (``tests.mirror.faults``), so
the fate of each article is known before the crawl: exported (whole, every field as expected),
rejected by validation (with the reason), or failed (with the reason code of
``runs.failures``). These tables are the contract the reliability tests check, fault by fault.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.mirror.faults import FAULTS, FaultPlan
from tests.mirror.site_dir import load_site_dir, read_expected

if TYPE_CHECKING:
    from pathlib import Path

RETRY_TIMES = 3
"""settings.py's RETRY_TIMES: one run makes 1 + 3 attempts at a page."""

CRAWL_SETTINGS = (
    "-s", "DOWNLOAD_TIMEOUT=2",  # stalls cost 2 s, not 30
    "-s", "NEWSCRAWL_RETRY_BACKOFF=0.05",
    "-s", "NEWSCRAWL_RETRY_BACKOFF_MAX=0.2",
    "-s", "NEWSCRAWL_RETRY_AFTER_MAX=2",  # the mirror's http_429 asks 1 s, http_429_long 3600 s
)  # fmt: skip
PLAN_OPTIONS: dict[str, Any] = {"retry_after": 1, "stall_seconds": 10.0}

EXPORTED_ANYWAY = frozenset(
    {
        "charset_wrong",
        "charset_missing",
        "charset_1256",
        "charset_1256_undeclared",
        "malformed",
        "traversal_filename",
    }
)
"""Faults the crawler reads through: the record must equal the expected one, field by field."""

REJECTED = {
    "invalid_date_mehr31": "IncompleteArticle",
    "invalid_date_esfand30": "IncompleteArticle",
    "missing_title": "IncompleteArticle",
    "missing_body": "IncompleteArticle",
}
"""Pages that arrive but hold no valid article: rejected by validation, with this reason."""

FAILED = {
    "non_html": "not_html",
    "oversized": "oversized",
    "redirect_loop": "redirect_loop",
    "redirect_offsite": "offsite_redirect",
    "http_500": "http_500",
    "http_502": "http_502",
    "http_503": "http_503",
    "http_429": "http_429",
    "http_429_long": "http_429",
    "stall": "timeout",
    "reset": "connection",
    "truncated": "truncated",
    "bot_check": "bot_check",
}
"""The failure reason recorded when a fault outlasts the run (recovering faults) or always."""


@dataclass(frozen=True)
class Fate:
    """What one crawl run does with one article."""

    kind: str
    """``exported``, ``rejected`` or ``failed``."""

    reason: str | None = None
    fault: str | None = None


def fate(plan: FaultPlan, news_id: int, earlier_attempts: int = 0) -> Fate:
    """The fate of an article in one run of ``1 + RETRY_TIMES`` attempts, after earlier ones."""
    key = f"news/{news_id}"
    name = plan.fault(key)
    if name is None:
        return Fate("exported")
    if name in EXPORTED_ANYWAY:
        return Fate("exported", fault=name)
    if name in REJECTED:
        return Fate("rejected", REJECTED[name], name)
    if not FAULTS[name].recovers:
        return Fate("failed", FAILED[name], name)
    faulty_left = plan.burst(key) - earlier_attempts
    if faulty_left <= 0:
        return Fate("exported", fault=name)
    if name in ("http_429_long", "bot_check"):  # never retried in the run
        return Fate("failed", FAILED[name], name)
    if faulty_left <= RETRY_TIMES:
        return Fate("exported", fault=name)
    return Fate("failed", FAILED[name], name)


def eventually_exported(plan: FaultPlan, news_id: int) -> bool:
    """Whether runs enough, each retrying what failed, export the article."""
    name = plan.fault(f"news/{news_id}")
    return name is None or name in EXPORTED_ANYWAY or FAULTS[name].recovers


@dataclass
class Mirror:
    """A built site directory and what it holds."""

    site_dir: Path
    ok_ids: list[int]
    gap_ids: list[int]
    expected: dict[int, dict]
    """Expected records by id, URLs against ``https://asrpress.ir`` (``rebase`` them)."""

    @classmethod
    def load(cls, site_dir: Path) -> Mirror:
        entries = load_site_dir(site_dir).entries
        return cls(
            site_dir=site_dir,
            ok_ids=[e.news_id for e in entries if e.status == "ok"],
            gap_ids=[e.news_id for e in entries if e.status != "ok"],
            expected={r["news_id"]: r for r in read_expected(site_dir)},
        )

    @property
    def id_range(self) -> str:
        ids = self.ok_ids + self.gap_ids
        return f"{min(ids)}-{max(ids)}"


def fault_counts(plan: FaultPlan, ids: list[int]) -> Counter[str]:
    return Counter(plan.fault(f"news/{news_id}") or "none" for news_id in ids)


def read_lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
