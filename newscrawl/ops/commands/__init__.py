"""Scrapy commands of the project (``COMMANDS_MODULE``): ``scrapy crawl`` as newscrawl needs it."""
