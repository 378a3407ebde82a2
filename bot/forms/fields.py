"""What a resident types into a form, cleaned or refused: name, e-mail, phone number, reference
code and a moment to be called back. Every refusal is one ``InvalidInput(field, reason)``, and
the dialogue picks its reply from those two words.

Only what is needed is asked (AVG). Input that is not a name (HTML, SQL, digits, a paragraph),
a BSN typed by mistake, or a service number is refused with the reason before anything is stored.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

from bot.core import phone
from bot.core.phone import looks_like_bsn

NAME_MAX = 100
EMAIL_MAX = 254
MOMENT_MAX = 100  # the size of the callback table's column
# Reference codes: no 0/O or 1/I to misread. The scheduler makes new codes from these.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8

_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž .'’-]*$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_NAME_PREFIX = re.compile(r"^(?:mijn naam is|ik heet|ik ben|naam:?|my name is|my name's|i am|i'm|name:?|it's|it is)\s+",
                          re.IGNORECASE)
_EMAIL_PREFIX = re.compile(r"^(?:mijn (?:e-?mail(?:adres)?|mail) is|e-?mail(?:adres)?:?|my e-?mail(?: address)? is|"
                           r"e-?mail address:?|it's|it is)\s+", re.IGNORECASE)
# An address as people say it: "jan punt jansen apenstaartje gmail punt com". Only read this way when
# the message names the at sign, and only kept when the result is a valid address; the summary before
# anything is booked shows the address as read, so the resident sees what was understood.
_SPOKEN_AT = re.compile(r"\s*(?:\bapenstaartje\b|\bapestaartje\b|\bapenstaart\b|\bat-?teken\b|(?<=\w)\s+at\s+(?=\w))\s*",
                        re.IGNORECASE)
_SPOKEN_SIGNS = ((re.compile(r"\s*\b(?:punt|dot)\b\s*", re.IGNORECASE), "."),
                 (re.compile(r"\s*\b(?:laag streepje|underscore)\b\s*", re.IGNORECASE), "_"),
                 (re.compile(r"\s*\b(?:streepje|koppelteken|dash)\b\s*", re.IGNORECASE), "-"))
_NO_PREFERENCE = re.compile(
    r"^(?:(?:het )?maakt (?:me |mij )?(?:niet|niks|niets) uit|(?:ik heb )?geen voorkeur|om het even|egal|"
    r"altijd|(?:wanneer|als) (?:het )?(?:jullie|u) (?:uitkomt|wilt)|(?:wanneer|als) het uitkomt|"
    r"elk moment is goed|alle tijden zijn goed|(?:het liefst )?zo snel mogelijk|zsm|geen|"
    r"(?:it )?(?:doesn'?t|does not) matter|(?:i have )?no preference|any ?time(?: is fine)?|whenever(?: suits you)?|"
    r"as soon as possible|asap|none)[.! ]*$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class InvalidInput(ValueError):
    """What the resident typed cannot be used: ``field`` (naam, email, telefoon, moment) and
    ``reason`` (empty, too_long, not_a_name, not_an_email, not_a_phone, bsn, ...) choose the reply."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class Reach(NamedTuple):
    """How to reach the resident: an e-mail address or a phone number, the other empty."""
    email: Optional[str] = None
    phone: Optional[str] = None


def clean_name(text: str) -> str:
    name = _NAME_PREFIX.sub("", re.sub(r"\s+", " ", text or "").strip()).strip(" .")
    if not name:
        raise InvalidInput("naam", "empty")
    if len(name) > NAME_MAX:
        raise InvalidInput("naam", "too_long")
    if len(name) < 2 or not _NAME.match(name) or len(name.split()) > 8:
        raise InvalidInput("naam", "not_a_name")
    return name


_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}")
_NAMED_NAME = re.compile(r"^(?:(?:nee|no)[,.]?\s+)?(?:mijn naam is|ik heet|de naam is|naam moet zijn|naam:|my name is|"
                         r"the name is|the name should be|name:)\s+(?P<name>.+)$", re.IGNORECASE)


def email_in(text: str) -> Optional[str]:
    """The e-mail address inside a sentence ("nee, mijn mail is jan@voorbeeld.nl"), or None."""
    found = _EMAIL_IN_TEXT.search(text or "")
    return found.group(0).strip(".") if found else None


def named_name(text: str) -> Optional[str]:
    """The name a sentence names as one ("nee, mijn naam is Jan de Vries"), or None."""
    found = _NAMED_NAME.match((text or "").strip())
    return found.group("name").strip(" .!") if found else None


def looks_like_email(text: str) -> bool:
    """Whether the message tries to give an e-mail address: an @, or the at sign said in words."""
    return "@" in (text or "") or bool(_SPOKEN_AT.search(text or ""))


def _spoken_email(text: str) -> str:
    """ "tom punt hendriks apenstaartje gmail punt com" as typed: tom.hendriks@gmail.com."""
    address = _SPOKEN_AT.sub("@", text, count=1)
    for sign, typed in _SPOKEN_SIGNS:
        address = sign.sub(typed, address)
    return re.sub(r"\s+", "", address)


def clean_email(text: str) -> str:
    address = _EMAIL_PREFIX.sub("", (text or "").strip()).strip(" .<>")
    if not address:
        raise InvalidInput("email", "empty")
    if "@" not in address and _SPOKEN_AT.search(address):
        address = _spoken_email(address).strip(".")
    if len(address) > EMAIL_MAX or not _EMAIL.match(address):
        raise InvalidInput("email", "not_an_email")
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def clean_phone(text: str) -> str:
    """A Dutch phone number as ten digits (``0612345678``); ``bot.core.phone`` reads it."""
    try:
        return phone.clean_phone(text)
    except phone.InvalidPhone as refused:
        raise InvalidInput("telefoon", refused.reason) from None


def clean_email_or_phone(text: str) -> Reach:
    """An e-mail address when the text has an @ (typed or said), else a phone number."""
    if looks_like_email(text):
        return Reach(email=clean_email(text))
    return Reach(phone=clean_phone(text))


def clean_reference(text: str) -> Optional[str]:
    """The reference code in what the resident typed ("mijn code is abcd-2345"), or None."""
    for token in re.findall(r"[A-Za-z0-9-]{6,12}", text or ""):
        candidate = token.replace("-", "").upper()
        if len(candidate) == REFERENCE_LENGTH and all(c in REFERENCE_ALPHABET for c in candidate) \
                and any(c.isdigit() for c in candidate):
            return candidate
    return None


def clean_moment(text: str) -> Optional[str]:
    """The moment that suits the resident to be called, as typed; None for "maakt niet uit"."""
    moment = re.sub(r"\s+", " ", text or "").strip()
    if not moment or _NO_PREFERENCE.match(moment):
        return None
    if _CONTROL.search(moment):
        raise InvalidInput("moment", "not_a_moment")
    if looks_like_bsn(moment):
        raise InvalidInput("moment", "bsn")
    if len(moment) > MOMENT_MAX:
        raise InvalidInput("moment", "too_long")
    if not any(ch.isalnum() for ch in moment):
        raise InvalidInput("moment", "not_a_moment")
    return moment
