"""1,000 booking attempts at once (threads, few free times): counts double bookings and lost
confirmations (target: 0 and 0).

A confirmation is lost when a resident was told "booked" but the appointment is not in the
database, or the database holds an appointment nobody was told about.

    .venv/bin/python -m benchmarks.booking_load [--postgres postgresql://postgres@127.0.0.1/test]
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import func, select

from benchmarks._booking_db import scratch_database
from bot.appointments.database import DatabaseScheduler
from bot.appointments.types import Contact, SlotTaken
from bot.config.gemeente import get_gemeente
from bot.core.clock import TIMEZONE
from bot.db.engine import session_factory
from bot.db.models import AppointmentRow, DeskUnitRow

ATTEMPTS = 1_000
WORKERS = 50
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=TIMEZONE)
FRIDAY = NOW.date().replace(day=27)  # Zorgcentrum De Linde: one desk, 8 times


def main(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--attempts", type=int, default=ATTEMPTS)
    args = parser.parse_args(argv)
    config = get_gemeente()
    with scratch_database(args.postgres) as url:
        sessions = session_factory(url)
        scheduler = DatabaseScheduler(sessions, config=lambda: config, now=lambda: NOW)
        slots = scheduler.free_times("paspoort", "zorgcentrum_de_linde", FRIDAY)
        start_gate = threading.Barrier(WORKERS)

        def attempt(number: int):
            if number < WORKERS:
                start_gate.wait()
            slot = slots[number % len(slots)]
            try:
                return scheduler.book("paspoort", "zorgcentrum_de_linde", slot.start,
                                      Contact(f"Inwoner {number}", f"inwoner{number}@example.nl"))
            except SlotTaken:
                return None

        started = time.perf_counter()
        with ThreadPoolExecutor(WORKERS) as pool:
            outcomes = list(pool.map(attempt, range(args.attempts)))
        seconds = time.perf_counter() - started
        told = {a.reference for a in outcomes if a is not None}
        with sessions() as session:
            stored = set(session.execute(select(AppointmentRow.reference)).scalars())
            per_time = Counter(session.execute(select(AppointmentRow.start_at)).scalars())
            units = session.execute(select(func.count()).select_from(DeskUnitRow)).scalar_one()
        double = sum(n - 1 for n in per_time.values() if n > 1)  # one desk: one appointment per time
        lost = len(told ^ stored)
        print(f"{'PostgreSQL' if args.postgres else 'SQLite'}: {args.attempts} attempts by {WORKERS} threads "
              f"for {len(slots)} free times in {seconds:.1f} s")
        print(f"  booked {len(told)}, refused {args.attempts - len(told)}, desk units {units}")
        print(f"  double bookings: {double} (target 0), lost confirmations: {lost} (target 0)")
        return 0 if double == 0 and lost == 0 and len(told) == len(slots) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
