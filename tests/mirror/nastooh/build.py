"""Build the synthetic Nastooh (Mehr-like) site directory of N items from a seed.

By hand (from the project root)::

    python -m tests.mirror.nastooh.build --articles 300 --seed 1 --out data/mirror/mehrnews

The directory is the IranSamaneh mirror's format (``tests.mirror.site_dir``) with ``"cms":
"nastooh"`` in ``site.json``; each index line's ``extra`` holds the item's ``kind`` and
``kicker``, which the server's listings need. A bigger build keeps every page of a smaller one.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.mirror.nastooh.expected import SITE, expected_record
from tests.mirror.nastooh.generate import generate
from tests.mirror.nastooh.render import render_item
from tests.mirror.nastooh.spec import Item
from tests.mirror.site_dir import SiteEntry, write_site_dir

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.mirror.nastooh.spec import Gap

DEFAULT_OUT = Path("data/mirror/mehrnews")
NOTE = "Synthetic Nastooh pages generated for testing; not real Mehr content"


def site_entry(slot: Item | Gap) -> SiteEntry:
    """The site-directory entry of a slot, its page rendered."""
    if not isinstance(slot, Item):
        return SiteEntry(slot.news_id, slot.status, "", "", slot.published, in_feed=False)
    extra = {"kind": slot.kind, **({"kicker": slot.kicker} if slot.kicker else {})}
    return SiteEntry(
        news_id=slot.news_id,
        status="ok",
        slug=slot.slug,
        title=slot.title,
        published_at=slot.published,
        in_feed=slot.in_feed,
        html=render_item(slot),
        lead=slot.lead,
        image=slot.lead_image,
        extra=extra,
    )


def build_mirror(out: Path, *, articles: int, seed: int) -> int:
    """Write the site directory of ``articles`` items generated from ``seed``; return the count."""
    expected: list[dict[str, Any]] = []

    def entries() -> Iterator[SiteEntry]:
        for slot in generate(seed, articles):
            if isinstance(slot, Item) and (record := expected_record(slot)) is not None:
                expected.append(record)
            yield site_entry(slot)

    meta = {"seed": seed, "generator": "newscrawl Nastooh mirror", "cms": "nastooh", "note": NOTE}
    return write_site_dir(out, SITE, entries(), expected=expected, meta=meta)


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.mirror.nastooh.build``."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.mirror.nastooh.build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--articles", type=int, default=300, help="number of items")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="site directory to write")
    args = parser.parse_args(argv)
    made = build_mirror(args.out, articles=args.articles, seed=args.seed)
    print(f"wrote {made} synthetic Nastooh items to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
