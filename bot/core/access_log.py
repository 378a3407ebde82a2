"""Access logs without conversation ids: a path is logged as its route (``/api/conversations/
{id}/messages``), or with every id-like segment replaced, and never with its query string
(where Rasa's API takes its token). A conversation id is what lets someone read or speak in a
conversation together with its token, and it identifies a resident across log lines.

``PathRedaction`` rewrites the records of uvicorn's access log (the gateway) and of Sanic's
(Rasa and the action server) before any handler formats them.
"""
from __future__ import annotations

import logging
import re
from typing import Callable, Optional
from urllib.parse import urlsplit

from bot.core import log_privacy

HIDDEN = "{id}"
# A segment with a digit in it, or a long one: uuids, numbers, tokens, references with digits.
_ID_LIKE = re.compile(r"[^/]*[0-9][^/]*|[^/]{16,}")


def redact_ids(path: str) -> str:
    """The path without its query string, with every id-like segment replaced by ``{id}``."""
    path = path.split("?", 1)[0]
    return "/".join(HIDDEN if segment and _ID_LIKE.fullmatch(segment) else segment for segment in path.split("/"))


class PathRedaction(logging.Filter):
    """Rewrites the path of uvicorn's and Sanic's access log records with ``redact`` (a path
    without query string in, the path to log out); ``redact_ids`` by default."""

    def __init__(self, redact: Optional[Callable[[str], str]] = None):
        super().__init__()
        self.redact = redact or redact_ids

    def _path(self, target: str) -> str:
        path = target.split("?", 1)[0]
        try:
            return self.redact(path)
        except Exception:  # noqa: BLE001 - a log line must never fail a request; hide it all then
            return HIDDEN

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):  # uvicorn
            record.args = (args[0], args[1], self._path(args[2]), args[3], args[4])
        request = getattr(record, "request", None)
        if isinstance(request, str) and " " in request:  # sanic: "POST http://host:port/path?query"
            method, _, url = request.partition(" ")
            parts = urlsplit(url)
            record.request = f"{method} {parts.scheme}://{parts.netloc}{self._path(parts.path)}"
        return True


def redact_access_log(logger_name: str, redact: Optional[Callable[[str], str]] = None) -> None:
    """Puts a ``PathRedaction`` on that logger (once), and has ``log_privacy``'s record factory
    keep that logger's arguments, which the filter reads (it runs after the factory)."""
    log_privacy.keep_arguments(logger_name)
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, PathRedaction) for f in logger.filters):
        logger.addFilter(PathRedaction(redact))


def redact_sanic_access_log() -> None:
    """Sanic's access log (Rasa, the action server)."""
    redact_access_log("sanic.access")
