"""The form machinery every Rasa form shares, without Rasa: the message as a form sees it,
the cleaners for what residents type, and the loop that reads and checks one message."""
