"""Benchmark scripts: they print figures; the targets are checked by reading them."""
