"""Spiders: one ``NewsSpider`` that discovers and routes; the loader makes one per declared site."""
