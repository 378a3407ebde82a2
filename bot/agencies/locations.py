"""Where and when the national agencies receive residents: the pilot locations of gemeente.yml.

An agency appointment can carry two agencies (a colleague joins on the spot), so every
question here takes a list of agencies and answers for all of them together: a place where
each one is present, on a day that all of them are there.
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence

from bot.config.gemeente import GemeenteConfig

_POSTCODE = re.compile(r"(?<!\d)([1-9]\d{3})\s?(?:[a-z]{2})?(?![a-z\d])", re.IGNORECASE)


def agencies_at(config: GemeenteConfig, location: str) -> Dict[str, List[str]]:
    """The agencies at a pilot location and their days there; {} for any other place."""
    for pilot in config.pilot_locaties:
        if pilot.locatie == location:
            return dict(pilot.organisaties)
    return {}


def shared_days(config: GemeenteConfig, location: str, agencies: Sequence[str]) -> List[str]:
    """The weekdays on which every one of these agencies is at that location."""
    present = agencies_at(config, location)
    if not agencies or any(code not in present for code in agencies):
        return []
    days = set(present[agencies[0]])
    for code in agencies[1:]:
        days &= set(present[code])
    return [day for day in present[agencies[0]] if day in days]


def locations_for(config: GemeenteConfig, agencies: Sequence[str]) -> List[str]:
    """The pilot locations where these agencies are together on at least one day."""
    return [pilot.locatie for pilot in config.pilot_locaties if shared_days(config, pilot.locatie, agencies)]


def locations_with(config: GemeenteConfig, agencies: Iterable[str]) -> List[str]:
    """The pilot locations where at least one of these agencies holds appointments: the places
    an employee of any of them may work (``locations_for`` asks for all of them together)."""
    wanted = set(agencies)
    return [pilot.locatie for pilot in config.pilot_locaties if wanted & set(pilot.organisaties)]


def partners_for(config: GemeenteConfig, agency: str) -> List[str]:
    """The agencies that can join an appointment with this one (same place, same day)."""
    return [code for code in config.uitvoeringsorganisaties
            if code != agency and locations_for(config, [agency, code])]


def postcode_in(text: str) -> Optional[int]:
    """The four digits of a Dutch postcode in the text ("9995 AB", "9995ab", "9995")."""
    match = _POSTCODE.search(text or "")
    return int(match.group(1)) if match else None


def nearest_first(config: GemeenteConfig, locations: Sequence[str], text: str) -> List[str]:
    """The locations ordered by how near they are to where the text says the resident lives.

    A location whose neighbourhood (wijk) or postcode area the text names comes first; then
    the distance between postcode numbers, which in the Netherlands grow region by region,
    so a nearer number is a fair guess at a nearer place. Without a clue the order stays.
    """
    lowered = (text or "").lower()
    postcode = postcode_in(lowered)

    def rank(code: str):
        place = config.locaties[code]
        named = bool(place.wijk and re.search(rf"(?<!\w){re.escape(place.wijk.lower())}(?!\w)", lowered))
        in_area = postcode is not None and str(postcode) in place.postcodegebied
        distance = abs(int(place.postcode[:4]) - postcode) if postcode is not None else 0
        return (not (named or in_area), distance)

    return sorted(locations, key=rank)


def has_location_clue(config: GemeenteConfig, text: str) -> bool:
    """Whether the text gives a postcode or names a neighbourhood of one of the locations."""
    lowered = (text or "").lower()
    if postcode_in(lowered) is not None:
        return True
    return any(place.wijk and re.search(rf"(?<!\w){re.escape(place.wijk.lower())}(?!\w)", lowered)
               for place in config.locaties.values())
