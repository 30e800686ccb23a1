"""Tools for the people who use the crawl output: validate, merge, stats, report, schema.

Each is a ``newscrawl`` subcommand (``newscrawl.ops.cli``) and streams its input, so memory does
not grow with the dataset.
"""
