"""``python -m newscrawl``: the same as the ``newscrawl`` console script."""

from __future__ import annotations

from newscrawl.ops.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
