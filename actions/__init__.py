"""Rasa custom actions: thin translators between the conversation and ``bot``.

Each module serves one skill; the action server finds the classes by importing this package.
"""
