"""Helpers for the rate-limit tests: a clock that only moves when told, and the Redis they
run against (127.0.0.1:6379, database 15; REDIS_TEST_URL to change). The ``redis_client``
fixture is in tests/conftest.py, as tests/core and tests/web both use it."""
from __future__ import annotations

import os

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
