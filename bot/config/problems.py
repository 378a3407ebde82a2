"""A problem a feature's configuration check finds (``make check-config`` collects them):
how bad, where in which file, and what to do about it."""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    where: str
    detail: str
