"""The fixed "today" of the answers the tests check."""
from __future__ import annotations

from datetime import date

TODAY = date(2026, 11, 23)  # a Monday
