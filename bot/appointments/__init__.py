"""Appointments at the counter and at pop-up locations.

``types`` holds the value objects and errors, ``backend`` the interface any booking system
implements (the built-in database scheduler is one), ``service`` the thin layer the actions
call: book, move, cancel.
"""
