"""No log line holds a resident's words or personal numbers, in any process (gateway, Rasa,
action server): ``install()`` replaces the log record factory, so every record is cleaned
when it is made, whichever library logs it and whichever handler writes it.

A record is cleaned in three steps, on its message and on the traceback of an exception:

* the values of the fields that carry a resident's words in Rasa's and the gateway's JSON
  and Python reprs (``"text"``, ``"message"``, ``"payload"``, ``"title"``, ``"value"`` and
  ``"entities"``' values) are replaced by ``[…]``: a failing action makes Rasa log the whole
  tracker, and every message in it; Rasa's structured log at a terminal writes the same
  fields as ``key=value`` (``rest.message.received.failure  text=…`` when a channel call
  fails), and their values are hidden up to the next field or the traceback, as are
  locals of those names in a rich traceback (colour codes are dropped first);
* BSNs, IBANs, phone numbers and e-mail addresses anywhere else are masked
  (``bot.core.privacy.mask``);
* a record longer than ``MAX_CHARS`` keeps only its start and its end: no one reads a 14 KB
  tracker in a log, and a traceback says what went wrong at its end.

It works at the INFO level and above, where the project's own code never logs a message's
text. Rasa's DEBUG output prints each message in its own words, so DEBUG is for a
developer's machine only.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Callable, Optional

from bot.core.privacy import mask

MAX_CHARS = 2000
HIDDEN = "[…]"
# A key that carries a resident's words, then its quoted value (JSON or a Python repr).
_WORD_FIELDS = re.compile(
    r"""(?P<key>(?P<kq>["'])(?:text|message|payload|title|value|user_input|latest_message_text)(?P=kq)\s*:\s*)"""
    r"""(?P<q>["'])(?P<value>(?:\\.|(?!(?P=q))[^\\])*)(?P=q)""")
# The same keys as structlog's console renderer writes them: key=value up to the next field,
# a traceback or the end.
_WORD_PAIRS = re.compile(
    r"""(?P<key>(?<![\w"'])(?:text|message|payload|title|value|user_input|latest_message_text)=)"""
    r"""(?P<value>.*?)(?=\s+[A-Za-z_][\w.]*=|\n(?:Traceback|╭)|\Z)""", re.DOTALL)
# A local variable of that name in a rich traceback's locals panel: key = 'value'.
_WORD_LOCALS = re.compile(
    r"""(?P<key>(?<![\w"'])(?:text|message|payload|title|value|user_input|latest_message_text) = )"""
    r"""(?P<q>["'])(?P<value>(?:\\.|(?!(?P=q))[^\\\n])*)(?P=q)?""")
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
_ORIGINAL: Optional[Callable[..., logging.LogRecord]] = None


def clean(text: str) -> str:
    """The text as it may be logged."""
    hidden = _WORD_FIELDS.sub(lambda m: f"{m.group('key')}{m.group('q')}{HIDDEN}{m.group('q')}", _COLOURS.sub("", text))
    hidden = _WORD_LOCALS.sub(lambda m: f"{m.group('key')}{HIDDEN}", hidden)
    hidden = _WORD_PAIRS.sub(lambda m: f"{m.group('key')}{HIDDEN}", hidden)
    masked = mask(hidden)
    if len(masked) > MAX_CHARS:  # the start and the end: a traceback's cause is at its end
        half = MAX_CHARS // 2
        masked = f"{masked[:half]} … ({len(masked) - 2 * half} characters left out) … {masked[-half:]}"
    return masked


# Loggers whose formatter or filter reads the arguments one by one (uvicorn's access log, and
# any access log a ``bot.core.access_log.PathRedaction`` rewrites): their arguments are
# cleaned each on its own and kept.
_ARGUMENTS_READ = {"uvicorn.access"}


def keep_arguments(logger_name: str) -> None:
    """That logger's records keep their arguments (each cleaned on its own): a filter or
    formatter reads them one by one, after the factory made the record."""
    _ARGUMENTS_READ.add(logger_name)


def _clean_record(record: logging.LogRecord) -> logging.LogRecord:
    if record.name in _ARGUMENTS_READ and isinstance(record.args, tuple):
        record.args = tuple(clean(a) if isinstance(a, str) else a for a in record.args)
        record.msg = clean(str(record.msg))
    else:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string still gets logged, cleaned
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = clean(message), ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = clean(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None  # the handler must not format the raw traceback again
    elif record.exc_text:
        record.exc_text = clean(record.exc_text)
    if record.stack_info:
        record.stack_info = clean(record.stack_info)
    return record


def _factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _ORIGINAL is not None
    return _clean_record(_ORIGINAL(*args, **kwargs))


def install() -> None:
    """From now on every log record of this process is cleaned (calling it again changes nothing)."""
    global _ORIGINAL
    current = logging.getLogRecordFactory()
    if current is not _factory:
        _ORIGINAL = current
        logging.setLogRecordFactory(_factory)


def installed() -> bool:
    return logging.getLogRecordFactory() is _factory
