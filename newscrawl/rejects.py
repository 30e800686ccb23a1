"""``RejectsFile``: rejected items as JSON Lines, beside the feed they were not written to."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


class RejectsFile:
    """Appends one JSON object per rejected item; the file is created on the first reject.

    Each line: ``{"reason": <DropItem class name>, "detail": <human text>, "url": …,
    "site": …, "news_id": …, "item": <the item as it was>}``, UTF-8, Persian unescaped. Every line
    is flushed as written, so a crash loses no reject that was logged.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def write(self, reason: str, detail: str, item: dict[str, Any]) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        record = {
            "reason": reason,
            "detail": detail,
            "url": item.get("url"),
            "site": item.get("site"),
            "news_id": item.get("news_id"),
            "item": item,
        }
        self._handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
