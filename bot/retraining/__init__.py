"""Retraining with a safety gate: a new model goes live only when it is not worse.

``pipeline`` runs the steps (validate, train, evaluate live and new, compare, decide,
deploy); ``nlu_eval`` trains and predicts with Rasa in this process; ``scoring`` turns
predictions into figures; ``gate`` holds the rule for "not worse"; ``report`` writes the
comparison page; ``live`` says which model is live; ``deploy`` loads it into the running
Rasa; ``runs`` records every run for the console and the command line.
"""
