"""WARC recording and replay: ``-s NEWSCRAWL_WARC=…`` writes a crawl, ``-a replay=…`` re-runs it.

:mod:`newscrawl.warc.record` holds the recorder (an extension), :mod:`newscrawl.warc.replay` the
replaying downloader middleware and :func:`~newscrawl.warc.replay.archive_base_url`.
"""
