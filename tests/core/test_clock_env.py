"""ASSISTANT_CLOCK stops the assistant's clock (for whole-stack tests); unset, it is the real one."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.clock import TIMEZONE, local_now
from bot.handover import offer


def test_a_set_clock_is_honoured_in_the_municipalitys_zone(monkeypatch):
    monkeypatch.setenv("ASSISTANT_CLOCK", "2026-11-24T19:30:00+01:00")
    assert local_now() == datetime(2026, 11, 24, 19, 30, tzinfo=TIMEZONE)
    assert offer.local_now() == local_now()
    monkeypatch.setenv("ASSISTANT_CLOCK", "2026-11-23T10:00:00")  # no zone: the municipality's
    assert local_now().utcoffset() == timedelta(hours=1) and local_now().hour == 10


def test_without_it_the_clock_is_real(monkeypatch):
    monkeypatch.delenv("ASSISTANT_CLOCK", raising=False)
    assert abs(local_now() - datetime.now(TIMEZONE)) < timedelta(seconds=5)
