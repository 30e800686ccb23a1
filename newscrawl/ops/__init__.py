"""Operations: the ``newscrawl`` command line, the cron runner, the canary and the demo."""
