"""Who is working: the logged-in employee of one request."""
from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet


@dataclass(frozen=True)
class Staff:
    """The logged-in employee of one request."""
    account_id: int
    username: str
    display_name: str
    roles: FrozenSet[str]
    session_hash: str
    csrf_hash: str
    session_id: str = ""  # the public id of the session (the API names sessions by it)
