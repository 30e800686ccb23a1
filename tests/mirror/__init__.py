"""A deterministic synthetic Asr Press: generator, site directory, expected records, HTTP server.

Everything this package produces is synthetic test data written in the CMS's real markup
(``docs/reference/iransamaneh.md``); none of it is real Asr Press content. It is test tooling, not
part of the installed package: tests, ``bench/`` and ``scripts/`` import it from the project root.

By hand, from the project root::

    .venv/bin/python -m tests.mirror.build --articles 2000 --seed 1 --out data/mirror/asrpress
    .venv/bin/python -m tests.mirror.server --dir data/mirror/asrpress --port 8080
    .venv/bin/scrapy crawl asrpress -a base_url=http://127.0.0.1:8080 -O out.jsonl

* :mod:`tests.mirror.build` writes a site directory (:mod:`tests.mirror.site_dir`): pages, an
  index and the expected :class:`Article` of every page (:mod:`tests.mirror.expected`). It refuses
  to shrink an existing one without ``--force``.
* :mod:`tests.mirror.server` serves it on 127.0.0.1 with the standard library's HTTP server
  (:mod:`tests.mirror.http_server`) and picks a rebuild up by itself; ``--faults PROFILE`` makes
  it misbehave (:mod:`tests.mirror.faults`). From Python, ``serve_site_dir(site_dir)`` does the
  same in a subprocess, as a context manager yielding the base URL.
* ``bench/mirror_bench.py`` measures the server.

Modules: text (``vocabulary``, ``organizations``, ``prose``), slots (``timeline``, ``generate``,
``compose``, ``spec``), pages (``markup``, ``page_frame``, ``render``, ``listings``), records
(``expected``), files (``site_dir``, ``build``), serving (``app``, ``http_server``, ``faults``,
``server``).
"""
