"""Tools for the municipality's content owners: the inbox of messages the assistant missed,
annotating them into the training data, and the figures that show how it is doing. Testable
without Rasa: they read the gateway's tables and Rasa's SQL event table directly."""
