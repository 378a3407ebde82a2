"""What a staff account may do: its roles, and which roles each staff call needs.

An account's roles are stored as one space-separated text, e.g. ``"kcc admin"``. An agency
employee has ``agency:<code>``, with a code from ``uitvoeringsorganisaties`` in gemeente.yml.
"""
from __future__ import annotations

from typing import FrozenSet, Iterable

KCC = "kcc"
CONTENT = "content"
ADMIN = "admin"
AGENCY_PREFIX = "agency:"
PLAIN_ROLES = (KCC, CONTENT, ADMIN)

# The roles that may handle resident chats: take them, answer them, read transcripts.
CHAT_ROLES = frozenset({KCC, ADMIN})
# The roles that may improve the assistant: the inbox, annotations, the figures, retraining.
CONTENT_ROLES = frozenset({CONTENT, ADMIN})


class RoleError(ValueError):
    """A role that does not exist (the message names it and what exists)."""


def parse_roles(roles: Iterable[str], agency_codes: Iterable[str]) -> FrozenSet[str]:
    """The roles, checked: each one a plain role or ``agency:<code>`` of a known agency."""
    agencies = set(agency_codes)
    parsed = set()
    for role in roles:
        for part in str(role).split():
            if part in PLAIN_ROLES or (part.startswith(AGENCY_PREFIX) and part[len(AGENCY_PREFIX):] in agencies):
                parsed.add(part)
                continue
            known = ", ".join(list(PLAIN_ROLES) + [AGENCY_PREFIX + code for code in sorted(agencies)])
            raise RoleError(f"unknown role {part!r}; known roles: {known}")
    if not parsed:
        raise RoleError("an account needs at least one role")
    return frozenset(parsed)


def stored_roles(roles: Iterable[str]) -> str:
    """The roles as the database keeps them: sorted, space-separated."""
    return " ".join(sorted(set(roles)))


def roles_of(stored: str) -> FrozenSet[str]:
    return frozenset((stored or "").split())


def may(roles: FrozenSet[str], allowed: FrozenSet[str]) -> bool:
    return bool(roles & allowed)


def agency_codes(roles: FrozenSet[str]) -> FrozenSet[str]:
    """The agencies an employee works for (``agency:uwv`` -> ``uwv``)."""
    return frozenset(role[len(AGENCY_PREFIX):] for role in roles if role.startswith(AGENCY_PREFIX))
