"""``make retrain`` and ``make rollback``; also the background process the console starts.

    python -m bot.retraining retrain [--folds N] [--override "reason"]
    python -m bot.retraining rollback
    python -m bot.retraining deploy --run ID --reason "..."   (make a refused model live)
    python -m bot.retraining run --run ID                      (a run the console queued)

``retrain`` exits 0 when the new model went live (or nothing changed), 3 when the gate
refused it, and 1 when the run failed or another one is active.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import List

from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.retraining import live, runs
from bot.retraining.pipeline import OverrideNotAllowed, Pipeline, override, rollback

EXIT_FOR = {"deployed": 0, "passed": 0, "refused": 3}


def _who(given: str) -> str:
    return given or f"{getpass.getuser()} (command line)"


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.retraining", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    retrain = commands.add_parser("retrain", help="validate, train, compare with the live model, deploy if not worse")
    retrain.add_argument("--folds", type=int, help="cross-validation folds (default RETRAIN_FOLDS, 5)")
    retrain.add_argument("--override", metavar="REASON", help="make the new model live even if worse (logged)")
    retrain.add_argument("--by", default="", help="who starts it (default: the system user)")
    background = commands.add_parser("run", help="carry out a run the console queued")
    background.add_argument("--run", type=int, required=True)
    back = commands.add_parser("rollback", help="make the previous model live again")
    back.add_argument("--by", default="")
    force = commands.add_parser("deploy", help="make the refused model of a run live, with a reason")
    force.add_argument("--run", type=int, required=True)
    force.add_argument("--reason", required=True)
    force.add_argument("--by", default="")
    args = parser.parse_args(argv)

    settings = get_settings()
    sessions = session_factory(settings.database_url)
    if args.command == "retrain":
        if args.folds is not None and args.folds < 2:
            parser.error("--folds must be at least 2")
        if args.override is not None and not args.override.strip():
            parser.error("--override needs a reason")
        try:
            with sessions.begin() as session:
                run = runs.start(session, _who(args.by), args.override.strip() if args.override else None)
        except runs.RunActive as active:
            print(f"retrain: run {active.run_id} is still going; wait for it to finish.", file=sys.stderr)
            return 1
        finished = Pipeline(settings, sessions, run.id, folds=args.folds, echo=lambda line: print(line, flush=True)).run()
        return EXIT_FOR.get(finished.status, 1)
    if args.command == "run":
        try:
            with sessions.begin() as session:
                status = runs.get(session, args.run).status
        except runs.RunNotFound:
            status = "unknown"
        if status != "queued":
            print(f"retrain: run {args.run} is {status}, not queued; nothing to do.", file=sys.stderr)
            return 1
        finished = Pipeline(settings, sessions, args.run, echo=lambda line: print(line, flush=True)).run()
        return EXIT_FOR.get(finished.status, 1)
    if args.command == "rollback":
        try:
            with sessions.begin() as session:
                busy = runs.active(session)
            if busy is not None:
                print(f"rollback: retrain run {busy.id} is going; wait for it to finish.", file=sys.stderr)
                return 1
            run = rollback(settings, sessions, _who(args.by))
        except live.NothingToRollBack as nothing:
            print(f"rollback: {nothing}", file=sys.stderr)
            return 1
        restored = run.summary["rollback"]
        print(f"rollback: {restored['restored']} is live again (was {run.candidate_model}). {restored['hot_load']}")
        return 0
    if not args.reason.strip():
        parser.error("--reason must say why the refused model should go live")
    try:
        with sessions.begin() as session:
            busy = runs.active(session)
        if busy is not None:
            print(f"deploy: retrain run {busy.id} is going; wait for it to finish.", file=sys.stderr)
            return 1
        run = override(settings, sessions, args.run, _who(args.by), args.reason.strip())
    except (OverrideNotAllowed, runs.RunNotFound) as refused:
        print(f"deploy: {refused}", file=sys.stderr)
        return 1
    print(f"deploy: {run.candidate_model} is live (override by {run.override_by}: {run.override_reason})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
