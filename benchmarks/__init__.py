"""Benchmarks run on demand (not by the test suite): ``python -m benchmarks.queries``."""
