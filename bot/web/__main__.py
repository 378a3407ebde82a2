"""``python -m bot.web``: serves the chat gateway on WEB_HOST:WEB_PORT with uvicorn.

WebSockets are off: the gateway serves none yet, and uvicorn's automatic choice would load
the older ``websockets`` release that Rasa pins, which it cannot use.
"""
from __future__ import annotations

import logging

import uvicorn

from bot.core import log_privacy
from bot.core.settings import get_settings
from bot.web.app import create_app


def main() -> None:
    log_privacy.install()  # no resident's words or personal numbers in any log line
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s:     %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=settings.web_host, port=settings.web_port,
                log_level=settings.log_level.lower(), server_header=False, ws="none")


if __name__ == "__main__":
    main()
