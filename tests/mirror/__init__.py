"""A deterministic synthetic Asr Press: generator, site directory, expected records, HTTP server.

Everything this package produces is synthetic test data written in the CMS's real markup
(``docs/reference/iransamaneh.md``); none of it is real Asr Press content.

* ``newscrawl mirror --articles N --seed S --out DIR`` (:mod:`tests.mirror.build`) writes a site
  directory (:mod:`tests.mirror.site_dir`): pages, an index and the expected :class:`Article` of
  every page (:mod:`tests.mirror.expected`).
* ``newscrawl serve-mirror --dir DIR`` (:mod:`tests.mirror.server`) serves it on 127.0.0.1;
  :func:`tests.mirror.server.serve_site_dir` does the same from Python, in a subprocess.
* ``python -m tests.mirror.bench_server`` measures the server.

Modules: text (``vocabulary``, ``organizations``, ``prose``), slots (``timeline``, ``generate``,
``compose``, ``spec``), pages (``markup``, ``page_frame``, ``render``, ``listings``), records
(``expected``), files (``site_dir``, ``build``), serving (``app``, ``protocol``, ``server``).
"""
