"""Retraining with a safety gate: a new model goes live only when it is not worse.

``pipeline`` runs the steps (validate, train, evaluate live and candidate, compare, decide,
deploy); ``gate`` holds the rule for "not worse"; ``live`` says which model is live;
``deploy`` hot-loads it into the running Rasa; ``runs`` records every run for the console.
"""
