"""``python -m bot.cli.rasa_server run ...``: Rasa's own command line, with three changes measured
to matter under load (``make bench-chat``), made before Rasa starts, and two for safety:

- ``--enable-api`` without ``--auth-token`` takes the token from the environment
  (RASA_API_TOKEN, or ``var/rasa-api.token``) and gives it to Rasa inside this process, so it
  never stands on the command line, which ``ps`` shows to every user of the machine.
- Sanic's access log of Rasa leaves out ids and query strings (``bot.core.access_log``).

- Rasa checks every action server answer with ``jsonschema.validate``, which checks the
  schema itself against the metaschema each time: about 40% of Rasa's time per message. Here
  the validator is made once per schema; answers are still checked against the same schema
  and rejected with the same error.
- Rasa finds the class of every stored event by walking all subclasses of ``Event`` and asking
  each whether it is abstract: about 9% of Rasa's time per message, for an answer that never
  changes. Here each event name's class is remembered once found (``remembered_event_types``);
  a name not found is looked up again each time and refused as before.
- A SQLite tracker store is put in WAL mode with a busy timeout and ``synchronous=NORMAL``:
  no disk sync per turn, the gateway's retention purge can read it while Rasa writes, and a
  crash or restart of Rasa loses nothing. Only a power cut can lose the last turns of Rasa's
  dialogue state; the transcript that residents and staff read is in the project's own
  database, which keeps SQLite's full sync. (PostgreSQL, for production, is left as it is.)

Every log line is cleaned of residents' words and personal numbers (``bot.core.log_privacy``).
"""
from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple

from bot.core import log_privacy
from bot.core.access_log import redact_sanic_access_log
from bot.core.secrets import api_token
from bot.core.settings import get_settings

_VALIDATORS: Dict[Tuple[Any, str], Any] = {}


def cached_validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """``jsonschema.validate`` with the schema check and the validator kept per schema."""
    import jsonschema
    from jsonschema.exceptions import best_match

    if args or kwargs:
        if _original_validate is None:  # the same TypeError as calling None, said plainly
            raise TypeError("cached_validate got extra arguments before install() kept jsonschema.validate")
        return _original_validate(instance, schema, cls, *args, **kwargs)
    key = (cls, json.dumps(schema, sort_keys=True, default=str))
    validator = _VALIDATORS.get(key)
    if validator is None:
        klass = cls or jsonschema.validators.validator_for(schema)
        klass.check_schema(schema)
        validator = _VALIDATORS[key] = klass(schema)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def _sqlite_wal(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def remembered_event_types(resolve: Callable[..., Any]) -> Callable[..., Any]:
    """``Event.resolve_by_type`` that remembers the class found for each event name."""
    known: Dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = known.get(type_name)
        if found is None:
            found = resolve(type_name, default)
            if found is not None and found is not default:
                known[type_name] = found
        return found

    resolve_by_type.remembers = True  # type: ignore[attr-defined]
    return resolve_by_type


def install() -> None:
    import jsonschema
    from rasa.shared.core.events import Event
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    global _original_validate
    if jsonschema.validate is not cached_validate:
        _original_validate = jsonschema.validate
        jsonschema.validate = cached_validate
    if not getattr(Event.resolve_by_type, "remembers", False):
        Event.resolve_by_type = staticmethod(remembered_event_types(Event.resolve_by_type))
    if not event.contains(Engine, "connect", _sqlite_wal):
        event.listen(Engine, "connect", _sqlite_wal)


_original_validate: Optional[Callable[..., None]] = None  # jsonschema.validate, kept by install()


def with_api_token(argv: List[str], token: Callable[[], str]) -> List[str]:
    """The arguments, with ``--auth-token`` added when the API is on and none was given.
    Only this process's copy of its arguments changes, not what ``ps`` shows."""
    if "--enable-api" not in argv or any(a == "--auth-token" or a.startswith("--auth-token=") for a in argv):
        return list(argv)
    return [*argv, "--auth-token", token()]


def _api_token() -> str:
    return api_token(get_settings())


def main() -> None:
    install()
    log_privacy.install()  # a failing action makes Rasa log the whole tracker: cleaned, like every line
    from rasa.__main__ import main as rasa_main

    redact_sanic_access_log()
    sys.argv = ["rasa", *with_api_token(sys.argv[1:], _api_token)]
    rasa_main()


if __name__ == "__main__":
    main()
