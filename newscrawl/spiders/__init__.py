"""Spiders: one CMS spider that knows discovery, thin per-site spiders on top."""
