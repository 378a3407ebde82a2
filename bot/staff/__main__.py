"""``python -m bot.staff``: create, list and deactivate staff accounts, and enrol their second factor.

    python -m bot.staff create --username jan --name "Jan" --role kcc [--enrol]
    python -m bot.staff enrol --username jan
    python -m bot.staff list
    python -m bot.staff deactivate --username jan

``enrol`` (or ``create --enrol``) gives the account a new TOTP secret at once and prints it,
its QR code (for the terminal) and ten recovery codes; without it, the employee enrols at
the first log-in in the console. Every change is written to the audit log.

The password is asked for twice at a terminal, or read as the first line of standard input
(``... create ... < file``, or piped in by a provisioning script). It is never an argument,
since arguments end up in shell histories and in every user's process list.
"""
from __future__ import annotations

import argparse
import getpass
import io
import sys
from typing import List, Optional, TextIO

import segno
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.audit import log as audit
from bot.config.gemeente import ConfigError, get_gemeente
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.staff import accounts as staff_accounts
from bot.staff import second_factor
from bot.staff.accounts import Account, AccountError
from bot.staff.roles import RoleError, parse_roles


class _Refused(Exception):
    """The command cannot do what was asked; the message says why."""


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (_Refused, AccountError, RoleError, ConfigError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    except (OperationalError, ProgrammingError):
        print("error: the database has no staff tables yet; run `python -m bot.cli.migrate` first", file=sys.stderr)
        return 1


def _create(args: argparse.Namespace) -> int:
    roles = parse_roles(args.role, get_gemeente().uitvoeringsorganisaties)
    password = read_password(sys.stdin, args.username)
    with session_factory(get_settings().database_url).begin() as session:
        account = staff_accounts.create_account(session, args.username, args.name, password, roles)
        _audit(session, "account_created", account.username, {"roles": " ".join(sorted(account.roles))[:64]})
        enrolled = _enrol_in(session, account.username) if args.enrol else None
    print(f"created {_line(account)}")
    if enrolled:
        print(enrolled)
    return 0


def _enrol(args: argparse.Namespace) -> int:
    with session_factory(get_settings().database_url).begin() as session:
        shown = _enrol_in(session, args.username)
    print(shown)
    return 0


def _enrol_in(session, username: str) -> str:
    row = staff_accounts.find_account(session, username)
    if row is None:
        raise AccountError(f"there is no account {username!r}")
    enrolment, codes = second_factor.enrol_now(session, row)
    _audit(session, "second_factor_enrolled", username)
    qr = io.StringIO()
    segno.make(enrolment.uri, error="m").terminal(out=qr, compact=True)
    return "\n".join([f"second factor for {username}: scan the QR code with an authenticator app, or enter",
                      f"  the key {enrolment.secret}", qr.getvalue(),
                      "recovery codes (each works once; keep them somewhere safe, they are not shown again):",
                      *(f"  {code}" for code in codes)])


def _audit(session, action: str, username: str, details=None) -> None:
    audit.record(session, audit.SYSTEM, f"cli:{getpass.getuser()}"[:100], action, object_type="account",
                 object_id=username, details=details)


def _list(_args: argparse.Namespace) -> int:
    with session_factory(get_settings().database_url).begin() as session:
        accounts = staff_accounts.list_accounts(session)
    for account in accounts:
        print(_line(account))
    if not accounts:
        print("no accounts yet")
    return 0


def _deactivate(args: argparse.Namespace) -> int:
    with session_factory(get_settings().database_url).begin() as session:
        account = staff_accounts.deactivate(session, args.username)
        _audit(session, "account_deactivated", account.username)
    print(f"deactivated {_line(account)}")
    return 0


def read_password(stream: TextIO, username: str = "") -> str:
    """Asked twice at a terminal; otherwise the first line of the stream."""
    if stream.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise _Refused("the two passwords differ")
    else:
        password = stream.readline().rstrip("\r\n")
    staff_accounts.check_password_rules(password, username)
    return password


def _line(account: Account) -> str:
    state = "active" if account.active else "inactive"
    factor = "second factor enrolled" if account.enrolled else "second factor not enrolled"
    return (f"{account.username}  \"{account.display_name}\"  roles: {' '.join(sorted(account.roles))}  "
            f"{state}  {factor}  since {account.created_at:%Y-%m-%d}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.staff", description="Manage staff accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="a new account; the password comes from stdin or a prompt")
    create.add_argument("--username", required=True, help="3 to 64 characters: a-z 0-9 . _ -")
    create.add_argument("--name", required=True, help="shown to residents as '<name> van de gemeente'")
    create.add_argument("--role", required=True, action="append",
                        help="kcc, content, admin or agency:<code>; repeat for more than one")
    create.add_argument("--enrol", action="store_true",
                        help="enrol the second factor now and print its QR code and recovery codes")
    create.set_defaults(run=_create)
    enrol = commands.add_parser("enrol", help="a new second factor (TOTP) now: prints the QR code and recovery codes")
    enrol.add_argument("--username", required=True)
    enrol.set_defaults(run=_enrol)
    commands.add_parser("list", help="every account, without passwords").set_defaults(run=_list)
    deactivate = commands.add_parser("deactivate", help="no more log-ins; open sessions end")
    deactivate.add_argument("--username", required=True)
    deactivate.set_defaults(run=_deactivate)
    return parser


if __name__ == "__main__":
    sys.exit(main())
