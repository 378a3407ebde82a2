"""The database scheduler on SQLite and PostgreSQL: free times, booking, moving, cancelling,
the rules it enforces, and the audit trail."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from bot.appointments.database import BOOKING_ATTEMPTS, DatabaseScheduler
from bot.appointments.types import (
    AlreadyCancelled,
    AppointmentNotFound,
    AppointmentStatus,
    ClosedDay,
    Contact,
    DateInPast,
    OutsideOpeningHours,
    ProductNotOffered,
    SlotTaken,
    TooFarAhead,
    UnknownLocation,
    UnknownProduct,
)
from bot.audit import log as audit
from bot.core.clock import TIMEZONE
from bot.db.models import AppointmentRow, DeskUnitRow
from tests.support.booking import Conflicting

MONDAY = date(2026, 11, 23)
JAN = Contact("Jan de Vries", "jan@example.nl")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE)


def test_products_and_locations(scheduler):
    assert {p.code for p in scheduler.products()} >= {"paspoort", "id-kaart", "rijbewijs", "uittreksel_brp"}
    assert "parkeervergunning" not in {p.code for p in scheduler.products()}  # not bookable
    assert [loc.code for loc in scheduler.locations("paspoort")][0] == "gemeentehuis"
    assert [loc.code for loc in scheduler.locations("vog")] == ["gemeentehuis"]  # pop-ups: documents only


def test_free_times_follow_opening_hours_including_the_evening(scheduler):
    thursday = MONDAY + timedelta(days=3)
    starts = [s.start for s in scheduler.free_times("paspoort", "gemeentehuis", thursday)]
    assert starts[0] == at(thursday, 9) and at(thursday, 16, 45) in starts
    assert at(thursday, 18) in starts and starts[-1] == at(thursday, 19, 45)
    assert at(thursday, 17) not in starts


def test_free_times_respect_the_lead_time(scheduler, clock):
    clock.now = at(MONDAY, 10, 7)
    starts = [s.start for s in scheduler.free_times("paspoort", "gemeentehuis", MONDAY)]
    assert starts[0] == at(MONDAY, 11, 15)  # at least 60 minutes from now, on the 15-minute grid


def test_popup_only_on_its_rooster(scheduler):
    days = scheduler.free_days("paspoort", "bus_de_weide", MONDAY, MONDAY + timedelta(days=13))
    assert all(d.weekday() in (1, 3) for d in days) and date(2026, 11, 24) in days
    assert scheduler.free_times("paspoort", "bus_de_weide", MONDAY) == []


def test_closed_days_have_no_times(scheduler, clock):
    clock.now = at(date(2026, 12, 20), 8)
    assert scheduler.free_times("paspoort", "gemeentehuis", date(2026, 12, 25)) == []
    with pytest.raises(ClosedDay):
        scheduler.book("paspoort", "gemeentehuis", at(date(2026, 12, 25), 10), JAN)


def test_booking_takes_one_desk_and_the_last_desk_closes_the_time(scheduler):
    start = at(MONDAY, 9)
    refs = {scheduler.book("paspoort", "gemeentehuis", start, JAN).reference for _ in range(3)}
    assert len(refs) == 3
    assert start not in [s.start for s in scheduler.free_times("paspoort", "gemeentehuis", MONDAY)]
    with pytest.raises(SlotTaken) as taken:
        scheduler.book("paspoort", "gemeentehuis", start, JAN)
    assert taken.value.alternatives and all(s.start != start for s in taken.value.alternatives)


def test_a_longer_product_blocks_the_overlapping_times(scheduler):
    # erkenning takes 30 minutes; the zorgcentrum has one desk
    scheduler.book("paspoort", "zorgcentrum_de_linde", at(date(2026, 11, 27), 10), JAN)
    starts = [s.start for s in scheduler.free_times("paspoort", "zorgcentrum_de_linde", date(2026, 11, 27))]
    assert at(date(2026, 11, 27), 10) not in starts and at(date(2026, 11, 27), 10, 15) in starts


@pytest.mark.parametrize("product, location, when, error", [
    ("ruimtereis", "gemeentehuis", (MONDAY, 10), UnknownProduct),
    ("parkeervergunning", "gemeentehuis", (MONDAY, 10), UnknownProduct),
    ("paspoort", "maan", (MONDAY, 10), UnknownLocation),
    ("vog", "bus_de_weide", (date(2026, 11, 24), 14), ProductNotOffered),
    ("paspoort", "gemeentehuis", (date(2026, 11, 20), 10), DateInPast),
    ("paspoort", "gemeentehuis", (date(2027, 6, 1), 10), TooFarAhead),
    ("paspoort", "gemeentehuis", (date(2026, 11, 29), 10), ClosedDay),  # Sunday
    ("paspoort", "gemeentehuis", (date(2026, 11, 24), 7), OutsideOpeningHours),
    ("paspoort", "gemeentehuis", (MONDAY, 17), OutsideOpeningHours),
])
def test_bad_requests_are_refused_and_store_nothing(scheduler, sessions, product, location, when, error):
    with pytest.raises(error):
        scheduler.book(product, location, at(*when), JAN)
    with sessions() as session:
        assert session.execute(select(AppointmentRow)).first() is None


def test_a_start_off_the_grid_is_refused(scheduler):
    with pytest.raises(OutsideOpeningHours):
        scheduler.book("paspoort", "gemeentehuis", at(MONDAY, 9, 7), JAN)


def test_move_frees_the_old_time_at_once_and_keeps_the_reference(scheduler):
    booked = scheduler.book("paspoort", "zorgcentrum_de_linde", at(date(2026, 11, 27), 10), JAN)
    moved = scheduler.move(booked.reference, at(date(2026, 11, 27), 11))
    assert moved.reference == booked.reference and moved.start == at(date(2026, 11, 27), 11)
    starts = [s.start for s in scheduler.free_times("paspoort", "zorgcentrum_de_linde", date(2026, 11, 27))]
    assert at(date(2026, 11, 27), 10) in starts and at(date(2026, 11, 27), 11) not in starts
    assert [action for action, _ in scheduler.history(booked.reference)] == ["booked", "moved"]


def test_move_to_a_taken_time_keeps_the_old_appointment(scheduler):
    day = date(2026, 11, 27)
    first = scheduler.book("paspoort", "zorgcentrum_de_linde", at(day, 10), JAN)
    scheduler.book("paspoort", "zorgcentrum_de_linde", at(day, 11), JAN)
    with pytest.raises(SlotTaken):
        scheduler.move(first.reference, at(day, 11))
    assert scheduler.details(first.reference).start == at(day, 10)
    assert at(day, 10) not in [s.start for s in scheduler.free_times("paspoort", "zorgcentrum_de_linde", day)]


def test_cancel_frees_the_time_and_is_recorded(scheduler):
    day = date(2026, 11, 27)
    booked = scheduler.book("paspoort", "zorgcentrum_de_linde", at(day, 10), JAN)
    cancelled = scheduler.cancel(booked.reference)
    assert cancelled.status == AppointmentStatus.CANCELLED and cancelled.cancelled_at is not None
    assert at(day, 10) in [s.start for s in scheduler.free_times("paspoort", "zorgcentrum_de_linde", day)]
    with pytest.raises(AlreadyCancelled):
        scheduler.cancel(booked.reference)
    with pytest.raises(AlreadyCancelled):
        scheduler.move(booked.reference, at(day, 11))
    assert [action for action, _ in scheduler.history(booked.reference)] == ["booked", "cancelled"]


def test_unknown_reference(scheduler):
    assert scheduler.details("NOPE1234") is None
    with pytest.raises(AppointmentNotFound):
        scheduler.cancel("NOPE1234")


def test_the_database_itself_refuses_a_double_booked_desk(scheduler, sessions):
    """Even code that skips the scheduler's check cannot put two appointments on one desk."""
    scheduler.book("paspoort", "zorgcentrum_de_linde", at(date(2026, 11, 27), 10), JAN)
    intruder = scheduler.book("paspoort", "zorgcentrum_de_linde", at(date(2026, 11, 27), 11), JAN)
    with sessions() as session:
        unit = session.execute(select(DeskUnitRow).order_by(DeskUnitRow.unit_start)).scalars().first()
        row_id = session.execute(select(AppointmentRow.id).where(
            AppointmentRow.reference == intruder.reference)).scalar_one()
        with pytest.raises(IntegrityError):
            session.execute(text("insert into desk_units (location_code, desk, unit_start, appointment_id) "
                                 "values (:location, :desk, :unit, :appointment)"),
                            {"location": unit.location_code, "desk": unit.desk, "unit": unit.unit_start,
                             "appointment": row_id})
            session.commit()


def test_an_appointment_without_any_contact_is_refused_by_the_database(sessions):
    with sessions() as session:
        with pytest.raises(IntegrityError):
            session.execute(text(
                "insert into appointments (reference, product_code, location_code, desk, start_at, end_at, name,"
                " status, created_at) values ('X', 'paspoort', 'gemeentehuis', 1, '2026-11-23 09:00:00',"
                " '2026-11-23 09:15:00', 'Jan', 'booked', '2026-11-22 09:00:00')"))
            session.commit()


def test_reminders_for_a_day(scheduler):
    tuesday = date(2026, 11, 24)
    booked = scheduler.book("paspoort", "gemeentehuis", at(tuesday, 10), JAN)
    other = scheduler.book("paspoort", "gemeentehuis", at(tuesday, 11), JAN)
    scheduler.cancel(other.reference)
    scheduler.book("paspoort", "gemeentehuis", at(date(2026, 11, 25), 10), JAN)
    assert [a.reference for a in scheduler.due_reminders(tuesday)] == [booked.reference]
    scheduler.mark_reminded(booked.reference)
    assert scheduler.due_reminders(tuesday) == []


def test_several_products_on_one_counter_appointment_are_refused(scheduler):
    with pytest.raises(ProductNotOffered):
        scheduler.book(["paspoort", "id-kaart"], "gemeentehuis", at(MONDAY + timedelta(days=4), 10), JAN)
    assert [s.start for s in scheduler.free_times(["paspoort"], "gemeentehuis", MONDAY + timedelta(days=4))] \
        == [s.start for s in scheduler.free_times("paspoort", "gemeentehuis", MONDAY + timedelta(days=4))]


# -- the one retry loop --------------------------------------------------------------------------
def test_a_conflict_is_retried_until_the_booking_goes_through(sessions, config, clock):
    conflicting = Conflicting(sessions, conflicts=2)
    booked = DatabaseScheduler(conflicting, lambda: config, clock).book(
        "paspoort", "gemeentehuis", at(MONDAY + timedelta(days=4), 10), JAN)
    assert conflicting.begun == 3 and booked.status == AppointmentStatus.BOOKED


@pytest.mark.parametrize("attempts", [1, 4, None])
def test_booking_and_moving_give_up_after_the_configured_attempts(sessions, config, clock, attempts):
    friday = MONDAY + timedelta(days=4)
    booked = DatabaseScheduler(sessions, lambda: config, clock).book("paspoort", "gemeentehuis", at(friday, 10), JAN)
    options = {} if attempts is None else {"attempts": attempts}
    expected = BOOKING_ATTEMPTS if attempts is None else attempts
    for action in (lambda s: s.book("paspoort", "gemeentehuis", at(friday, 11), JAN),
                   lambda s: s.move(booked.reference, at(friday, 11))):
        conflicting = Conflicting(sessions, conflicts=99)
        with pytest.raises(SlotTaken) as taken:
            action(DatabaseScheduler(conflicting, lambda: config, clock, **options))
        assert conflicting.begun == expected
        assert taken.value.alternatives  # read without a write transaction
    with sessions() as session:
        assert len(session.execute(select(AppointmentRow)).scalars().all()) == 1
        row = session.execute(select(AppointmentRow)).scalar_one()
        assert row.start_at.hour == at(friday, 10).astimezone(timezone.utc).hour  # the move changed nothing


def test_every_change_records_its_actor_in_the_trail_and_the_audit_log(scheduler, sessions):
    day = date(2026, 11, 27)
    booked = scheduler.book("paspoort", "zorgcentrum_de_linde", at(day, 10), JAN)
    scheduler.move(booked.reference, at(day, 11))
    scheduler.mark_reminded(booked.reference)
    scheduler.cancel(booked.reference)
    assert scheduler.actors(booked.reference) == [("booked", "resident"), ("moved", "resident"),
                                                  ("reminded", "system"), ("cancelled", "resident")]
    with sessions() as session:
        logged = audit.search(session, object_type="appointment", object_id=booked.reference)
    assert [(e.actor_kind, e.action) for e in reversed(logged)] == [
        ("resident", "appointment_booked"), ("resident", "appointment_moved"), ("system", "appointment_reminded"),
        ("resident", "appointment_cancelled")]
