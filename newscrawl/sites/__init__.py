"""The explicit, alphabetical registry of configured sites: ``SITES[key] -> Site``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.sites import asrpress

if TYPE_CHECKING:
    from newscrawl.site import Site

SITES: dict[str, Site] = {site.key: site for site in (asrpress.SITE,)}
