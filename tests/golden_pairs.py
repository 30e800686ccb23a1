"""Golden pairs: ``tests/golden/<site>/<id>.html`` (page as served) + ``<id>.json`` (record)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.http import HtmlResponse

from newscrawl.sites import SITES

if TYPE_CHECKING:
    from newscrawl.pipelines.normalize import NormalizePersianPipeline

GOLDEN = Path(__file__).parent / "golden"


def golden_pages() -> list[Path]:
    return sorted(GOLDEN.glob("*/*.html"))


def golden_id(html: Path) -> str:
    return f"{html.parent.name}/{html.stem}"


def load_expected(html: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
    return expected


def extract(html: Path, url: str, pipeline: NormalizePersianPipeline) -> dict[str, Any]:
    """Run the site's page object and the normalize pipeline: the record as it would be exported."""
    response = HtmlResponse(url, body=html.read_bytes(), encoding="utf-8")
    key = html.parent.name
    article = SITES[key].page_class(response, site=key).to_article()
    return asdict(pipeline.process_item(article))
