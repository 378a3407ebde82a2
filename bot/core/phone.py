"""Dutch phone numbers as residents type them (``06-12 34 56 78``, ``+31 6 12345678``,
``0031 (0)20 123 4567``, ``tel: 010-1234567``), for every form that asks for one: kept as ten
digits, never a service number that cannot call back, and never a BSN typed by mistake."""
from __future__ import annotations

import re

from bot.core.privacy import BSN, passes_11_proef

# Service numbers cost the caller money or cannot be called back.
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")
_SEPARATORS = re.compile(r"[\s\-.()/]")
_PHONE_PREFIX = re.compile(r"^(?:mijn (?:telefoon)?nummer is|(?:tel(?:efoon)?(?:nummer)?|nummer|mobiel):?)\s*",
                           re.IGNORECASE)
_NINE_DIGITS = re.compile(r"(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{3}(?!\d)")


class InvalidPhone(ValueError):
    """Not a number to call back; ``reason``: empty, bsn, service_number or not_a_phone."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def looks_like_bsn(text: str) -> bool:
    """Nine digits on their own that pass the 11-proef: a citizen service number, which
    this chat must never ask for nor keep; or the mask the gateway put in its place."""
    return BSN in (text or "") or any(passes_11_proef(re.sub(r"\D", "", m.group(0)))
                                      for m in _NINE_DIGITS.finditer(text or ""))


def clean_phone(text: str) -> str:
    """The number as ten digits (``0612345678``)."""
    raw = _PHONE_PREFIX.sub("", (text or "").strip()).strip(" .")
    if not raw:
        raise InvalidPhone("empty")
    digits = _SEPARATORS.sub("", raw.replace("(0)", ""))
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if not digits.isdigit():
        raise InvalidPhone("bsn" if looks_like_bsn(raw) else "not_a_phone")
    if len(digits) == 9 and passes_11_proef(digits):
        raise InvalidPhone("bsn")
    if digits.startswith(_SERVICE_PREFIXES):
        raise InvalidPhone("service_number")
    if len(digits) != 10 or digits[0] != "0" or digits[1] == "0":
        raise InvalidPhone("not_a_phone")
    return digits


def phone_text(digits: str) -> str:
    """How the number reads back to the resident: ``06 12345678`` or ``010 1234567``."""
    split = 2 if digits.startswith("06") else 3
    return f"{digits[:split]} {digits[split:]}"
