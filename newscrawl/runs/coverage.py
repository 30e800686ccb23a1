"""Per-field coverage: how many articles carry each field, and when a drop means the layout changed.

A field is *present* when it is neither null nor an empty string or list. The canary's verdict
(:func:`judge`): a required field fails as soon as one article lacks it; an optional field fails
when its share drops sharply (:func:`is_sharp_drop`) below the site's baseline, the shares of the
last healthy canary run (:func:`save_baseline`). docs/operations.md explains the thresholds.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.items import Article
from newscrawl.pipelines.validate import REQUIRED_FIELDS
from newscrawl.runs.state import write_atomically

if TYPE_CHECKING:
    from collections.abc import Mapping

_BOOKKEEPING = frozenset({"schema_version", "site", "language", "crawled_at"})
COVERED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Article) if f.name not in _BOOKKEEPING
)
"""The fields whose coverage is counted: each ``Article`` field a page can lack, in record order."""

SHARP_DROP_POINTS = 0.30
"""An optional field fails when its share falls more than this far below its baseline …"""
SHARP_DROP_RATIO = 0.5
"""… and below this fraction of its baseline."""

STATS_PREFIX = "newscrawl/coverage/"
ARTICLES_STAT = f"{STATS_PREFIX}articles"
COLLAPSED_STAT = f"{STATS_PREFIX}collapsed"


def is_present(value: object) -> bool:
    """True unless ``value`` is null, an empty string or an empty list.

    >>> [is_present(v) for v in (None, "", [], 0, "x", ["t"])]
    [False, False, False, True, True, True]
    """
    return value is not None and value != "" and value != []


def missing_fields(article: Mapping[str, Any]) -> list[str]:
    """The covered fields ``article`` lacks, in record order.

    >>> missing_fields({"news_id": 1, "title": "t", "tags": []})[:4]
    ['url', 'kicker', 'lead', 'body']
    """
    return [name for name in COVERED_FIELDS if not is_present(article.get(name))]


def is_sharp_drop(share: float, baseline: float) -> bool:
    """True when ``share`` is more than 30 points below ``baseline`` and below half of it.

    >>> is_sharp_drop(0.0, 0.62), is_sharp_drop(0.40, 0.62), is_sharp_drop(0.0, 0.30)
    (True, False, False)
    """
    return share < baseline - SHARP_DROP_POINTS - 1e-9 and share < baseline * SHARP_DROP_RATIO


@dataclass(frozen=True)
class ArticleRef:
    """Which article: its id and URL as the page gave them (either may be missing)."""

    news_id: int | None
    url: str | None

    def __str__(self) -> str:
        """Id and URL, e.g. ``7 https://asrpress.ir/fa/news/7``; ``?`` for a missing id."""
        news_id = "?" if self.news_id is None else self.news_id
        return f"{news_id} {self.url or ''}".strip()


@dataclass
class CoverageTally:
    """Per-field counts over a set of articles, and which articles lacked each field."""

    articles: int = 0
    present: Counter[str] = field(default_factory=Counter)
    missing: dict[str, list[ArticleRef]] = field(default_factory=dict)
    checked: list[ArticleRef] = field(default_factory=list)

    def add(self, article: Mapping[str, Any]) -> list[str]:
        """Count one article; return the fields it lacks."""
        lacking = missing_fields(article)
        ref = ArticleRef(article.get("news_id"), article.get("url"))
        self.articles += 1
        self.checked.append(ref)
        self.present.update(name for name in COVERED_FIELDS if name not in lacking)
        for name in lacking:
            self.missing.setdefault(name, []).append(ref)
        return lacking

    def share(self, name: str) -> float:
        return self.present[name] / self.articles if self.articles else 0.0

    def shares(self) -> dict[str, float]:
        return {name: round(self.share(name), 4) for name in COVERED_FIELDS}


@dataclass(frozen=True)
class FieldVerdict:
    """One field's coverage against the rules: ``problem`` is None when it passes."""

    name: str
    required: bool
    present: int
    articles: int
    share: float
    baseline: float | None
    missing: tuple[ArticleRef, ...]
    problem: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "present": self.present,
            "share": round(self.share, 4),
            "baseline": self.baseline,
            "ok": self.problem is None,
            "problem": self.problem,
            "missing": [{"news_id": ref.news_id, "url": ref.url} for ref in self.missing],
        }


def judge(tally: CoverageTally, baseline: Mapping[str, float] | None) -> list[FieldVerdict]:
    """Each covered field's verdict under the module's rules (baseline: field → share)."""
    verdicts = []
    for name in COVERED_FIELDS:
        required = name in REQUIRED_FIELDS
        share = tally.share(name)
        base = None if baseline is None else baseline.get(name)
        missing = tuple(tally.missing.get(name, ()))
        problem = None
        if required and missing:
            problem = f"required field {name} missing on {len(missing)} of {tally.articles}"
        elif not required and base is not None and tally.articles and is_sharp_drop(share, base):
            problem = f"{name} on {share:.0%} of articles, baseline {base:.0%}"
        present = tally.present[name]
        verdicts.append(
            FieldVerdict(name, required, present, tally.articles, share, base, missing, problem)
        )
    return verdicts


def baseline_path(state_dir: Path | str, site: str) -> Path:
    return Path(state_dir) / f"{site}.coverage.json"


def load_baseline(state_dir: Path | str, site: str) -> dict[str, float] | None:
    """The shares of the site's last healthy canary run, or None before the first one."""
    path = baseline_path(state_dir, site)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(name): float(share) for name, share in data["shares"].items()}


def save_baseline(state_dir: Path | str, site: str, tally: CoverageTally, base_url: str) -> Path:
    """Record ``tally``'s shares as the site's baseline (atomically); return the file."""
    path = baseline_path(state_dir, site)
    record = {
        "site": site,
        "base_url": base_url,
        "articles": tally.articles,
        "shares": tally.shares(),
        "updated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    write_atomically(path, json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return path


def coverage_from_stats(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The run summary's ``coverage``: article count, per-field present counts, collapse message."""
    return {
        "articles": int(stats.get(ARTICLES_STAT, 0)),
        "present": {name: int(stats.get(f"{STATS_PREFIX}{name}", 0)) for name in COVERED_FIELDS},
        "collapsed": stats.get(COLLAPSED_STAT),
    }
