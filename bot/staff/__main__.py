"""``python -m bot.staff``: create, list and deactivate staff accounts.

    python -m bot.staff create --username jan --name "Jan" --role kcc
    python -m bot.staff list
    python -m bot.staff deactivate --username jan

The password is asked for twice at a terminal, or read as the first line of standard input
(``... create ... < file``, or piped in by a provisioning script). It is never an argument,
since arguments end up in shell histories and in every user's process list.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import List, Optional, TextIO

from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.config.gemeente import ConfigError, get_gemeente
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.staff import accounts as staff_accounts
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
    password = read_password(sys.stdin)
    with session_factory(get_settings().database_url).begin() as session:
        account = staff_accounts.create_account(session, args.username, args.name, password, roles)
    print(f"created {_line(account)}")
    return 0


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
    print(f"deactivated {_line(account)}")
    return 0


def read_password(stream: TextIO) -> str:
    """Asked twice at a terminal; otherwise the first line of the stream."""
    if stream.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise _Refused("the two passwords differ")
    else:
        password = stream.readline().rstrip("\r\n")
    staff_accounts.check_password_rules(password)
    return password


def _line(account: Account) -> str:
    state = "active" if account.active else "inactive"
    return (f"{account.username}  \"{account.display_name}\"  roles: {' '.join(sorted(account.roles))}  "
            f"{state}  since {account.created_at:%Y-%m-%d}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.staff", description="Manage staff accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="a new account; the password comes from stdin or a prompt")
    create.add_argument("--username", required=True, help="3 to 64 characters: a-z 0-9 . _ -")
    create.add_argument("--name", required=True, help="shown to residents as '<name> van de gemeente'")
    create.add_argument("--role", required=True, action="append",
                        help="kcc, content, admin or agency:<code>; repeat for more than one")
    create.set_defaults(run=_create)
    commands.add_parser("list", help="every account, without passwords").set_defaults(run=_list)
    deactivate = commands.add_parser("deactivate", help="no more log-ins; open sessions end")
    deactivate.add_argument("--username", required=True)
    deactivate.set_defaults(run=_deactivate)
    return parser


if __name__ == "__main__":
    sys.exit(main())
