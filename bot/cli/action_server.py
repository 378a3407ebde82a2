"""``python -m bot.cli.action_server --actions actions --port 5055``: rasa-sdk's action server
(the same command line), answering only Rasa.

Rasa sends the actions secret with every call (``endpoints.yml``: the ``X-Actions-Secret``
header from ACTIONS_SECRET); any other call gets 401 before an action runs, so a local process
cannot book, move or cancel an appointment through it. ``/health`` stays open: it tells only
that the server runs (``make run`` and the KCC status check ask it). The secret comes from
ACTIONS_SECRET or ``var/actions.secret`` (``bot.core.secrets``), never from the command line.
No browser origin may call it (no CORS), and its access log leaves out ids and query strings.
"""
from __future__ import annotations

import logging
import os
import sys
import types
from typing import List, Optional, Union

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.core import language
from bot.core.access_log import redact_sanic_access_log
from bot.core.secrets import ACTIONS_SECRET_HEADER, actions_secret, same_secret
from bot.core.settings import get_settings
from bot.wegwijzer.sources import current_matcher

OPEN_PATHS = frozenset({"/health"})
log = logging.getLogger(__name__)


def guarded_app(actions: Union[str, types.ModuleType], secret: str) -> Sanic:
    """rasa-sdk's app for these actions, behind the secret and without CORS."""
    if not secret:
        raise ValueError("the action server needs a secret")
    app = create_app(actions, cors_origins="")

    @app.middleware("request")
    async def require_rasa(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS:
            return None
        if same_secret(request.headers.get(ACTIONS_SECRET_HEADER, ""), secret):
            answer_in_the_conversations_language(request)
            return None
        return response.json({"error": "unauthorized", "detail": "Only Rasa may call the action server."}, status=401)

    return app


def answer_in_the_conversations_language(request: Request) -> None:
    """Every text the action builds in this request comes out in the conversation's language
    (bot.core.language: the middleware runs in the handler's task, so the choice is this call's)."""
    try:
        body = request.json if request.method == "POST" else None
    except Exception:  # noqa: BLE001 - a body that is no JSON is rasa-sdk's to refuse
        body = None
    tracker = body.get("tracker") if isinstance(body, dict) else None
    language.set_current(language.of_tracker(tracker) if isinstance(tracker, dict) else None)


def warm_up() -> None:
    """Reads the configuration, the answers and the word tables before the server answers, so
    the first resident after a start does not wait for them (seconds, not milliseconds)."""
    try:
        current_matcher()  # gemeente.yml, the answers, the lemma table and the wegwijzer's words
    except Exception:  # noqa: BLE001 - an action that needs a broken file says so itself
        log.exception("The configuration could not be read at start; actions read it again when called")


def main(argv: Optional[List[str]] = None) -> None:
    args = create_argument_parser().parse_args(argv)
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    redact_sanic_access_log()
    app = guarded_app(args.actions, actions_secret(get_settings()))
    warm_up()
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    log.info("Action server (answering Rasa only) on http://%s:%s", host, args.port)
    app.run(host, args.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main(sys.argv[1:])
