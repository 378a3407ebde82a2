"""Confirmation and reminder e-mails with a calendar file."""
