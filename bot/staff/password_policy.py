"""Which passwords staff may choose: at least 12 characters, and not a common or trivially
patterned one. Refused are the words in ``common_passwords.txt`` (also with digits or signs
around them), one character or a short group repeated (``aaaaaaaaaaaa``, ``abcabcabcabc``),
runs along the alphabet, the digits or a keyboard row (``123456789012``, ``qwertyuiop``), and
passwords made mostly of the username or the municipality's name. Used by every way a password
is set: ``python -m bot.staff`` and ``accounts.create_account``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

MIN_PASSWORD_CHARS = 12
_LIST = Path(__file__).with_name("common_passwords.txt")
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop",
         "qsdfghjklm", "wxcvbn", "1qaz2wsx3edc4rfv", "qazwsxedcrfv")
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})


class WeakPassword(ValueError):
    """The password may not be used; the message (English, with Dutch) says why."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset:
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_password(password: str, username: str = "", names: Iterable[str] = ()) -> None:
    """Raises ``WeakPassword`` when ``password`` may not be used by this user."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"the password needs at least {MIN_PASSWORD_CHARS} characters "
                           f"(het wachtwoord moet minstens {MIN_PASSWORD_CHARS} tekens hebben)")
    reason = _weakness(password, username, names)
    if reason:
        raise WeakPassword(f"the password is too easy to guess: {reason} (kies een moeilijker te raden wachtwoord)")


def _weakness(password: str, username: str, names: Iterable[str]) -> Optional[str]:
    lowered = password.lower()
    compact = re.sub(r"[\s\W_]+", "", lowered)
    if len(set(lowered)) <= 2 or _repeated_group(compact or lowered):
        return "it repeats one character or a short group"
    core = _DECORATION.sub("", lowered)
    if _is_run(compact or lowered) or (len(core) >= 6 and _is_run(core)):
        return "it is a run of the alphabet, the digits or the keyboard"
    for candidate in {lowered, compact, core, core.translate(_LEET), compact.translate(_LEET)}:
        if candidate in common_passwords() or _doubled_common(candidate):
            return "it is one of the most used passwords"
    for word in [username, *names]:
        word = re.sub(r"[\s\W_]+", "", word.lower())
        if len(word) >= 3 and word in compact.translate(_LEET) + compact and len(compact) - len(word) < 8:
            return "it is mostly the username or the municipality's name"
    return None


def _repeated_group(text: str) -> bool:
    """``abcabcabcabc``: a group of at most four characters, repeated to fill the password."""
    return any(len(text) % size == 0 and text == text[:size] * (len(text) // size)
               for size in range(1, min(4, len(text) // 2) + 1))


def _is_run(text: str) -> bool:
    """The password lies on one of the runs (forwards or backwards, wrapping around)."""
    digits_and_letters = re.sub(r"[^a-z0-9]", "", text)
    if len(digits_and_letters) < len(text) * 0.8:
        return False
    for run in _RUNS:
        for sequence in (run * 3, run[::-1] * 3):
            if digits_and_letters in sequence:
                return True
    return False


def _doubled_common(text: str) -> bool:
    """``welkomwelkom``, ``passwordpassword``: a common word twice."""
    half = len(text) // 2
    return len(text) % 2 == 0 and text[:half] == text[half:] and _DECORATION.sub("", text[:half]) in common_passwords()
