"""newscrawl: Scrapy crawlers that turn Persian news agencies into clean JSON Lines datasets."""
