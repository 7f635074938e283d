"""Kopilka: a static-site generator for the practice bank of a methodological service."""

__version__ = "0.1.0"
