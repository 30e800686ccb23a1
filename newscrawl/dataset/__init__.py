"""Tools for the people who use the crawl output: validate, merge, stats, report, schema.

Each is a ``newscrawl`` subcommand and streams its input; docs/dataset.md describes them.
"""
