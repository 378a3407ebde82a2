"""50 residents click the last free time at the same moment: exactly one gets it, every
other one is told it was just taken and is offered alternatives. On SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timezone

from sqlalchemy import func, select

from bot.appointments.types import Contact, SlotTaken
from bot.db.models import AppointmentRow, DeskUnitRow

FRIDAY = date(2026, 11, 27)  # Zorgcentrum De Linde: one desk, 10:00-12:00
RESIDENTS = 50


def test_the_last_free_time_goes_to_exactly_one_resident(scheduler, sessions):
    slots = scheduler.free_times("paspoort", "zorgcentrum_de_linde", FRIDAY)
    last = slots[3]
    for slot in slots:
        if slot != last:
            scheduler.book("paspoort", "zorgcentrum_de_linde", slot.start, Contact("Vooraf", "vooraf@example.nl"))
    assert [s.start for s in scheduler.free_times("paspoort", "zorgcentrum_de_linde", FRIDAY)] == [last.start]

    barrier = threading.Barrier(RESIDENTS)

    def attempt(number: int):
        barrier.wait()
        try:
            return scheduler.book("paspoort", "zorgcentrum_de_linde", last.start,
                                  Contact(f"Inwoner {number}", f"inwoner{number}@example.nl"))
        except SlotTaken as taken:
            return taken

    with ThreadPoolExecutor(RESIDENTS) as pool:
        outcomes = list(pool.map(attempt, range(RESIDENTS)))

    booked = [o for o in outcomes if not isinstance(o, SlotTaken)]
    refused = [o for o in outcomes if isinstance(o, SlotTaken)]
    assert len(booked) == 1 and len(refused) == RESIDENTS - 1
    for taken in refused:
        assert taken.alternatives, "every refused resident is offered other times"
        assert all(a.start.date() > FRIDAY for a in taken.alternatives)  # that day is now full
    with sessions() as session:
        at_that_time = session.execute(select(func.count()).select_from(AppointmentRow).where(
            AppointmentRow.start_at == last.start.astimezone(timezone.utc).replace(tzinfo=None))).scalar_one()
        assert at_that_time == 1
        units = session.execute(select(func.count()).select_from(DeskUnitRow)).scalar_one()
        assert units == len(slots) * 3  # 15 minutes = three 5-minute units, one desk


def test_parallel_bookings_of_different_times_all_succeed(scheduler):
    slots = scheduler.free_times("paspoort", "zorgcentrum_de_linde", FRIDAY)
    barrier = threading.Barrier(len(slots))

    def attempt(slot):
        barrier.wait()
        return scheduler.book("paspoort", "zorgcentrum_de_linde", slot.start, Contact("Inwoner", "i@example.nl"))

    with ThreadPoolExecutor(len(slots)) as pool:
        booked = list(pool.map(attempt, slots))
    assert sorted(a.start for a in booked) == [s.start for s in slots]
    assert scheduler.free_times("paspoort", "zorgcentrum_de_linde", FRIDAY) == []
