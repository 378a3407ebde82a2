"""How fast the next free times are found with 10,000 appointments in the database
(target: < 50 ms). Fills a scratch database through the scheduler itself, then times
`alternatives()` (the next free times from a moment) and `free_times()` for one day.

    .venv/bin/python -m benchmarks.booking_speed [--postgres postgresql://postgres@127.0.0.1/test]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta

from benchmarks._booking_db import scratch_database
from bot.appointments.database import DatabaseScheduler
from bot.appointments.types import Contact, SlotTaken
from bot.config.gemeente import get_gemeente
from bot.core.clock import TIMEZONE
from bot.db.engine import session_factory

APPOINTMENTS = 10_000
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=TIMEZONE)


def fill(scheduler: DatabaseScheduler, count: int) -> int:
    """Books two of the town hall's three desks at every time, day after day, until `count`
    appointments exist: a busy year in which one desk stays free to be found."""
    made, day = 0, NOW.date()
    while made < count:
        for slot in scheduler.free_times("paspoort", "gemeentehuis", day):
            for _ in range(2):
                try:
                    scheduler.book("paspoort", "gemeentehuis", slot.start, Contact("Bench", "bench@example.nl"))
                    made += 1
                except SlotTaken:
                    break
                if made >= count:
                    return made
        day += timedelta(days=1)
    return made


def main(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL; default: SQLite")
    parser.add_argument("--appointments", type=int, default=APPOINTMENTS)
    args = parser.parse_args(argv)
    config = get_gemeente()
    config = config.copy(update={"afspraken": config.afspraken.copy(update={"max_dagen_vooruit": 365})})
    with scratch_database(args.postgres) as url:
        scheduler = DatabaseScheduler(session_factory(url), config=lambda: config, now=lambda: NOW)
        started = time.perf_counter()
        made = fill(scheduler, args.appointments)
        print(f"{'PostgreSQL' if args.postgres else 'SQLite'}: {made} appointments made in "
              f"{time.perf_counter() - started:.1f} s")
        timings = {"alternatives (next free times)": [], "free_times (one day)": []}
        probe = NOW + timedelta(days=30)
        for _ in range(30):
            t = time.perf_counter()
            found = scheduler.alternatives("paspoort", "gemeentehuis", probe)
            timings["alternatives (next free times)"].append((time.perf_counter() - t) * 1000)
            assert found, "the benchmark needs free times after the full days"
            t = time.perf_counter()
            scheduler.free_times("paspoort", "gemeentehuis", probe.date())
            timings["free_times (one day)"].append((time.perf_counter() - t) * 1000)
        for name, values in timings.items():
            values.sort()
            print(f"  {name}: median {statistics.median(values):.1f} ms, max {values[-1]:.1f} ms (target < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
