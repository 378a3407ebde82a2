"""The registry of booking systems: BOOKING_BACKEND names one, and an unknown name is refused
with the names that exist."""
from __future__ import annotations

import pytest

from bot.appointments import backend


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, so the real one stays as it is."""
    monkeypatch.setattr(backend, "_REGISTRY", {})
    return backend._REGISTRY


def test_a_registered_backend_is_made_by_its_factory_each_time(registry):
    class Demo:
        pass

    backend.register("demo", Demo)
    first, second = backend.create_backend("demo"), backend.create_backend("demo")
    assert isinstance(first, Demo) and isinstance(second, Demo) and first is not second


def test_an_unknown_backend_is_refused_with_the_known_names(registry):
    backend.register("database", object)
    backend.register("demo", object)
    with pytest.raises(ValueError, match=r"BOOKING_BACKEND='jcc' is unknown \(known: database, demo\)"):
        backend.create_backend("jcc")


def test_without_any_backend_the_refusal_says_none(registry):
    with pytest.raises(ValueError, match=r"\(known: none\)"):
        backend.create_backend("database")
