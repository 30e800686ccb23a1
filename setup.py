"""Build shim for ``scrapyd-deploy``, which builds the egg it uploads with ``setup.py bdist_egg``.

Every piece of metadata, the ``scrapy`` settings entry point scrapyd needs included, lives in
pyproject.toml. Without this file scrapyd-deploy writes a setup.py of its own here, whose entry
point setuptools ignores because pyproject.toml declares ``[project]``.
"""

from setuptools import setup

setup()
