"""Benchmarks of Bahth (development only: not part of the installed package)."""
