"""Whole conversations as residents have them, played through the gateway's resident API and
judged turn by turn (replies) and at the end (what staff see in the database).

The dialogues are data (``tests/dialogues/<category>.yml``); expected facts are read from
``gemeente.yml`` and ``content/antwoorden.yml`` by key at run time, never written down.
Run: ``make bench-conversations`` or ``python -m benchmarks.conversations --help``.
"""
