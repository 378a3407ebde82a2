"""``python -m bot.web``: serves the chat gateway on WEB_HOST:WEB_PORT with uvicorn
(``bot.web.server``: read deadlines, no proxy headers, access log without ids).

WebSockets are off: the gateway serves none yet, and uvicorn's automatic choice would load
the older ``websockets`` release that Rasa pins, which it cannot use.
"""
from __future__ import annotations

import logging

from bot.core import log_privacy
from bot.core.settings import get_settings
from bot.web.app import create_app
from bot.web.server import serve


def main() -> None:
    log_privacy.install()  # no resident's words or personal numbers in any log line
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s:     %(name)s: %(message)s")
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()
