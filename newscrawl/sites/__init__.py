"""The declared sites and the CMSes they run: the registries every other module reads.

``SITES[key]`` is a :class:`~newscrawl.site.Site`, one per declaration in this package's modules
(one module per CMS), in key order. ``CMSES[name]`` is every CMS a site runs; each also has a
generic spider for hosts of no declared site (``scrapy crawl iransamaneh -a base_url=…``).
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from newscrawl.sites import iransamaneh, nastooh

if TYPE_CHECKING:
    from newscrawl.cms import Cms
    from newscrawl.site import Site

SITES: dict[str, Site] = {
    site.key: site for site in sorted((*iransamaneh.SITES, *nastooh.SITES), key=lambda s: s.key)
}
CMSES: dict[str, Cms] = {site.cms.name: site.cms for site in SITES.values()}


def unknown_site(name: str) -> str:
    """The one-line complaint about a site key no declaration has, with the closest key.

    >>> unknown_site("asrpres")
    "unknown site 'asrpres'; did you mean 'asrpress'?"
    """
    close = difflib.get_close_matches(name, SITES, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else " (newscrawl sites lists them)"
    return f"unknown site {name!r}{hint}"


def site_for_host(host: str) -> Site | None:
    """The declared site serving ``host`` (any case, with or without ``www.``), if any.

    >>> site_for_host("WWW.TABNAK.IR").key, site_for_host("127.0.0.1")
    ('tabnak', None)
    """
    return next((site for site in SITES.values() if site.serves(host)), None)
