"""Shared fixtures: offline by default, golden pairs, a crawler for component tests."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from scrapy import Spider
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Component tests build crawlers in-process; Scrapy expects its (asyncio) reactor installed first.
if not is_reactor_installed():
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")

# Tests never touch the network: no proxy may redirect a request to the outside world.
for _var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_var, None)


@pytest.fixture
def crawler(tmp_path) -> Crawler:
    """A crawler with the project's settings; rejects go to a temporary file."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings().copy_to_dict()
    settings["NEWSCRAWL_REJECTS"] = str(tmp_path / "rejects.jsonl")
    return get_crawler(Spider, settings)
