"""Rasa custom actions: thin translators between the conversation and ``bot``.

Each module serves one skill; the action server finds the classes by importing this package.
"""

from bot.core import log_privacy

# The action server imports this package first: from here on no log line of it holds a
# resident's words or personal numbers (rasa-sdk logs a failing action with its tracker).
log_privacy.install()
