# A thin shim for tools that still call setup.py. All metadata lives in pyproject.toml:
# setuptools reads the [project] table and [tool.setuptools] from there, so nothing is written twice.
from setuptools import setup

setup()
