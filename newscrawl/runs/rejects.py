"""``RejectsFile``: rejected items as JSON Lines, beside the feed they were not written to."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


class JsonLinesAppender:
    """Appends JSON objects as lines to ``path``, created on the first write, flushed per line.

    UTF-8 with Persian unescaped and sorted keys; a crash loses no line that was written.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def append(self, record: dict[str, Any]) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class RejectsFile(JsonLinesAppender):
    """Appends one JSON object per rejected item; the file is created on the first reject.

    Each line: ``{"reason": <DropItem class name>, "detail": <human text>, "url": …,
    "site": …, "news_id": …, "item": <the item as it was>}``.
    """

    def write(self, reason: str, detail: str, item: dict[str, Any]) -> None:
        self.append(
            {
                "reason": reason,
                "detail": detail,
                "url": item.get("url"),
                "site": item.get("site"),
                "news_id": item.get("news_id"),
                "item": item,
            }
        )
