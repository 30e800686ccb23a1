"""WARC recording (:mod:`.record`) and offline replay (:mod:`.replay`) of a crawl: docs/warc.md."""
