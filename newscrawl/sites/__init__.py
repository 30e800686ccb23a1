"""The explicit, alphabetical registry of configured sites: ``SITES[key] -> Site``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.sites import asriran, asrpress, tabnak

if TYPE_CHECKING:
    from newscrawl.site import Site

SITES: dict[str, Site] = {site.key: site for site in (asriran.SITE, asrpress.SITE, tabnak.SITE)}
