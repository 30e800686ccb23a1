"""Scrapy extensions: progress reports and the run summary."""
