"""Which pop-up places are near a resident, from what their message says about where they are.

A place named ("bij de bus", "in de linde"), a neighbourhood ("ik woon in Oosterhout"), a postcode
whose four digits are in a pop-up's ``postcodegebied`` ("ik woon in 9995", "9993 AB"), or words that
say the resident cannot travel (then the care-home pop-ups, ``zorglocatie``). The words are the
content file's, the places and areas gemeente.yml's. Pure: no Rasa, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from bot.appointments.places import places_named
from bot.config.content import Content
from bot.config.gemeente import GemeenteConfig

SECTION = "dichtbij"  # the content file's section with the words and texts of near home

# Four digits with a postcode's two letters ("9993 AB", "9993ab"), or four digits alone ("9995").
_POSTCODE = re.compile(r"(?<![\d,.€])([1-9]\d{3})(?:(\s?)([a-z]{2}))?(?![a-z\d]|[,.]\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Whereabouts:
    """What a message says about where the resident is, and the pop-ups that are near.

    ``named``: pop-ups the message names itself (by name or neighbourhood); ``near``: every pop-up
    near the resident, care homes first for one who cannot travel; ``postcode``: the four digits of
    a postcode in the message (in a pop-up's area or not)."""
    named: Tuple[str, ...] = ()
    near: Tuple[str, ...] = ()
    postcode: Optional[str] = None
    cannot_travel: bool = False
    anywhere_near: bool = False  # "bij mij in de buurt" without saying where

    @property
    def says_where(self) -> bool:
        return bool(self.near or self.postcode or self.cannot_travel or self.anywhere_near)


def postcode_in(text: str, config: Optional[GemeenteConfig] = None) -> Optional[str]:
    """The four digits of a Dutch postcode in the text: with its two letters ("9993 AB", "9993ab"),
    or alone when they are a postcode area of a location in ``config`` ("ik woon in 9995"). A year
    such as 2027 is none, nor "2027 op reis": letters after a space count only as capitals.
    Without ``config`` four digits alone count too."""
    areas = {area for place in config.locaties.values() for area in place.postcodegebied} if config else None
    for match in _POSTCODE.finditer(text or ""):
        digits, space, letters = match.groups()
        postcode_letters = bool(letters) and (not space or letters.isupper())
        if postcode_letters or areas is None or digits in areas:
            return digits
    return None


def whereabouts(config: GemeenteConfig, text: str, cannot_travel_words: Sequence[str] = (),
                nearby_words: Sequence[str] = ()) -> Whereabouts:
    """The pop-ups near the resident by what the text says: care homes for one who cannot travel,
    then the pop-ups it names or whose neighbourhood it names, then those of its postcode area."""
    lowered = (text or "").lower()
    popups = [code for code, _ in config.popups()]
    named = places_named(config, lowered, popups) if popups else []
    postcode = postcode_in(text, config)
    in_area = [code for code in popups if postcode and postcode in config.locaties[code].postcodegebied]
    cannot_travel = _mentions(lowered, cannot_travel_words)
    care = [code for code in popups if config.locaties[code].zorglocatie] if cannot_travel else []
    near = tuple(dict.fromkeys([*care, *named, *in_area]))
    return Whereabouts(named=tuple(named), near=near, postcode=postcode, cannot_travel=cannot_travel,
                       anywhere_near=not near and _mentions(lowered, nearby_words))


def resident_whereabouts(content: Content, config: GemeenteConfig, text: str) -> Whereabouts:
    """Where the text says the resident is, with the content file's words for "cannot travel"
    and "near me" (section ``dichtbij``)."""
    words = content.raw.get(SECTION) or {}
    return whereabouts(config, text, words.get("woorden_niet_reizen") or [], words.get("woorden_in_de_buurt") or [])


def offering(config: GemeenteConfig, codes: Sequence[str], products: Sequence[str]) -> List[str]:
    """The places of ``codes`` that offer at least one of the products."""
    return [code for code in codes if set(products) & set(config.locaties[code].producten)]


def _mentions(lowered: str, words: Sequence[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(str(word).lower())}(?!\w)", lowered) for word in words if word)
