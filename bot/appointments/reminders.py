"""Sends the reminder e-mails for the appointments a few days ahead (gemeente.yml:
afspraken.herinnering_dagen_vooraf). Meant for cron, once a day, e.g.:

    0 8 * * *  cd /srv/gemeente-assistent && .venv/bin/python -m bot.appointments.reminders

Each appointment is reminded at most once, so running it twice does no harm. A reminder is written
in the language of the chat the appointment was booked (or last moved) in: the column ``taal``.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from typing import List

from bot.appointments.service import booking_service
from bot.config.facts import today
from bot.config.gemeente import get_gemeente


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--day", type=date.fromisoformat, help="the appointments of this day (default: from the configuration)")
    args = parser.parse_args(argv)
    day = args.day or today() + timedelta(days=get_gemeente().afspraken.herinnering_dagen_vooraf)
    sent = booking_service().send_reminders(day)
    print(f"reminders sent for {day.isoformat()}: {sent}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
