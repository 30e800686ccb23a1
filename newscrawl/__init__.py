"""newscrawl: Scrapy crawlers that turn Persian news agencies into clean JSON Lines datasets.

``from newscrawl import extract`` reads one page into its record (:mod:`newscrawl.extraction`);
it is imported on first use, so importing the package stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    if name == "extract":
        from newscrawl.extraction import extract

        return extract
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
