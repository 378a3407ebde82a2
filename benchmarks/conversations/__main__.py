"""python -m benchmarks.conversations: play every dialogue of tests/dialogues/ and print the
figures. Always exits 0: it measures, the pytest module tests/stack/test_dialogues.py judges."""
from __future__ import annotations

import argparse
import secrets
import sys
import time
from pathlib import Path
from typing import List, Optional

import pyotp

from .loader import CLOCKS, DEFAULT_CLOCK, ROOT, known_failures, load_dialogues
from .report import print_report, summarise, write_json
from .runner import STAFF_USER, Player, clock_setter, own_stack, play_all


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="a running gateway (default: start the stack here, on free ports)")
    parser.add_argument("--staff-user", default=STAFF_USER, help="a KCC account of the running stack (with --url)")
    parser.add_argument("--staff-password", help="its password (with --url); without, outcomes are not checked")
    parser.add_argument("--staff-totp-secret", help="its second factor's secret (base32, with --url)")
    parser.add_argument("--category", action="append", help="only this category (repeatable)")
    parser.add_argument("--id", action="append", dest="ids", help="only this dialogue (repeatable)")
    parser.add_argument("--workers", type=int, default=2, help="conversations at the same time")
    parser.add_argument("--json", nargs="?", const=str(ROOT / "reports" / "conversations.json"),
                        help="also write the results as JSON (default reports/conversations.json)")
    parser.add_argument("-v", "--verbose", action="store_true", help="every failing dialogue turn by turn")
    args = parser.parse_args(argv)
    dialogues = load_dialogues(categories=args.category, ids=args.ids)
    if not dialogues:
        print("conversations: no dialogue matches", file=sys.stderr)
        return 0
    known = known_failures()
    started = time.perf_counter()

    def progress(result):
        print(f"  {'pass' if result.passed else 'skip' if result.skipped else 'FAIL'} {result.dialogue.id}",
              flush=True)
        if args.verbose and not result.passed and not result.skipped:
            print(result.explain(), flush=True)

    if args.url:
        player = Player(args.url, args.staff_password, staff_user=args.staff_user,
                        staff_totp_secret=args.staff_totp_secret)
        results = play_all(player, dialogues, args.workers, progress)
    else:
        password, totp_secret = secrets.token_urlsafe(18), pyotp.random_base32()
        with own_stack(password, totp_secret) as (url, services):
            player = Player(url, password, set_clock=clock_setter(services), staff_totp_secret=totp_secret)
            player.clock = CLOCKS[DEFAULT_CLOCK]
            results = play_all(player, dialogues, args.workers, progress)
    summary = summarise(results, known)
    summary["wall_seconds"] = round(time.perf_counter() - started, 1)
    print_report(summary, verbose=args.verbose)
    print(f"  wall time: {summary['wall_seconds']} s")
    if args.json:
        write_json(summary, results, Path(args.json))
        print(f"  written: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
