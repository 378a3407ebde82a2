"""The Dutch burgerzaken assistant: everything except Rasa's own training data and actions.

Rasa's actions (``actions/``) stay thin and call into this package, which can be tested
without a running Rasa.
"""
