"""The chat gateway's web layer, HTTP only: between the website and Rasa, and the staff's way
in. Each route parses the request, calls one feature function and shapes the answer; there is
one part per audience (``resident``, ``staff``, ``kcc``, ``appointments``, ``content``), which
``app`` assembles. Paths and fields follow the API contract (``api.md``); no domain rule lives here.
"""
