"""A deterministic synthetic Nastooh site (Mehr-like): items, listings, feed, expected records.

Everything here is synthetic test data in the Nastooh CMS's markup (``docs/nastooh.md``); none of it
is real Mehr content. The site directory is the IranSamaneh mirror's (``tests.mirror.site_dir``)
with ``"cms": "nastooh"`` in ``site.json``, so the same server (``tests.mirror.server``) serves it
with this package's app.

By hand, from the project root::

    .venv/bin/python -m tests.mirror.nastooh.build --articles 300 --out data/mirror/mehrnews
    .venv/bin/python -m tests.mirror.server --dir data/mirror/mehrnews --port 8080
    .venv/bin/scrapy crawl mehrnews -a base_url=http://127.0.0.1:8080 -O out.jsonl

Modules: ``spec`` (an item and a gap), ``generate`` (items from a seed), ``render`` (item pages in
their kinds and markup variants), ``listings`` (front page, archive, feed, soft and hard 404s),
``expected`` (the records a correct crawler exports), ``build`` (the site directory), ``app``
(the URL space).
"""
