"""The municipality's configuration (``gemeente.yml``): its schema, loader and check.

Everything about one municipality lives in that one file, which an administrator edits:
name, contact details, opening hours, locations and pop-up schedules, products with fees
and links, and the national agencies at pilot locations. Answers and actions read it at
run time, so a new fee needs neither code nor retraining. A broken file fails at start
with a message that names the field (``python -m bot.config.gemeente --check``).
"""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date, time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from pydantic import BaseModel, Extra, Field, HttpUrl, ValidationError, root_validator, validator

from bot.core.formatting import local_word
from bot.core.reloading import ReloadingFile, read_yaml
from bot.core.settings import get_settings

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
# The cases an answer recognises in a question (bot/faq/case.py): a fee's `groep` and a content
# piece's `gevallen` name one, so the answer leads with it when a resident asks for that case.
CASES = ("minderjarig", "volwassen", "75_plus", "spoed", "doordeweeks", "weekend", *WEEKDAYS)
_WINDOW = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})\s*$")


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the field."""


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid  # a misspelt key is an error, not a silently ignored setting
        allow_mutation = False


class TimeWindow(_Model):
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> "TimeWindow":
        match = _WINDOW.match(str(text))
        if not match:
            raise ValueError(f"'{text}' is not a time window like 09:00-17:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            window = cls(start=time(h1, m1), end=time(h2, m2))
        except ValueError:
            raise ValueError(f"'{text}' has an impossible time") from None
        if window.start >= window.end:
            raise ValueError(f"'{text}' ends before it starts")
        return window

    def __str__(self) -> str:
        return f"{self.start:%H:%M} {local_word('tot')} {self.end:%H:%M}"


def _parse_week(value: object) -> Dict[str, List[TimeWindow]]:
    """``{maandag: ["09:00-12:00", "13:00-17:00"]}``; a day left out is closed."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError("expected days of the week with time windows")
    week: Dict[str, List[TimeWindow]] = {}
    for day, windows in value.items():
        if day not in WEEKDAYS:
            raise ValueError(f"'{day}' is not a day of the week ({', '.join(WEEKDAYS)})")
        if isinstance(windows, str):
            windows = [windows]
        if not isinstance(windows, list):
            raise ValueError(f"{day}: expected a list of time windows")
        week[day] = sorted((TimeWindow.parse(w) for w in windows), key=lambda w: w.start)
    return week


class Gemeente(_Model):
    naam: str = Field(..., min_length=2)
    website: HttpUrl
    telefoon: str = Field(..., min_length=5)
    email: str
    postadres: str
    klachten_link: HttpUrl
    voorbeeld: bool = False  # True for the shipped fictional municipality

    @validator("email")
    def _email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"'{value}' is not an e-mail address")
        return value


class Tarief(_Model):
    voor: str
    bedrag: float = Field(..., ge=0)
    # Whom or when the fee is for, so the answer leads with it when a resident asks for that case:
    # minderjarig (a child), volwassen (18 and over), spoed (an urgent application), a day
    # (zaterdag), weekend or doordeweeks. One of CASES.
    groep: Optional[str] = None

    @validator("groep")
    def _groep(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value not in CASES:
            raise ValueError(f"'{value}' is not a group ({', '.join(CASES)})")
        return value


class ProductConfig(_Model):
    """A product as gemeente.yml describes it (fees, documents, delivery time); the bookable
    value object is ``bot.appointments.types.Product``."""
    naam: str
    link: HttpUrl
    tarieven: List[Tarief] = []
    levertijd: Optional[str] = None
    online: bool = False  # can be arranged online with DigiD
    afspraak: bool = False  # needs a visit to a counter, so an appointment can be booked
    duur_minuten: Optional[int] = Field(default=None, gt=0, le=240)

    @root_validator(skip_on_failure=True)
    def _bookable_has_duration(cls, values):
        if values.get("afspraak") and not values.get("duur_minuten"):
            raise ValueError("a product with afspraak: true needs duur_minuten")
        if values.get("duur_minuten") and values["duur_minuten"] % 5:
            raise ValueError("duur_minuten must be a multiple of 5")
        return values


class PopupDag(_Model):
    dag: str
    tijd: TimeWindow
    weken: str = "elke"  # elke | even | oneven (ISO week numbers)

    @validator("dag")
    def _dag(cls, value: str) -> str:
        if value not in WEEKDAYS:
            raise ValueError(f"'{value}' is not a day of the week")
        return value

    @validator("tijd", pre=True)
    def _tijd(cls, value: object) -> TimeWindow:
        return value if isinstance(value, TimeWindow) else TimeWindow.parse(str(value))

    @validator("weken")
    def _weken(cls, value: str) -> str:
        if value not in ("elke", "even", "oneven"):
            raise ValueError("weken must be elke, even or oneven")
        return value

    def is_held_on(self, day: date) -> bool:
        if WEEKDAYS[day.weekday()] != self.dag:
            return False
        week = day.isocalendar()[1]
        return self.weken == "elke" or (week % 2 == 0) == (self.weken == "even")


class Locatie(_Model):
    naam: str
    soort: str  # balie (the town hall counter) or popup
    adres: str
    postcode: str
    plaats: str
    wijk: Optional[str] = None
    postcodegebied: List[str] = []  # the postcode digits of the neighbourhoods it serves
    # A pop-up at a care home: residents who cannot travel ("kan slecht lopen") are told its dates.
    zorglocatie: bool = False
    omschrijving: Optional[str] = None
    openingstijden: Dict[str, List[TimeWindow]] = {}
    rooster: List[PopupDag] = []
    balies: int = Field(default=1, ge=1, le=50)
    producten: List[str]
    gesloten: List[date] = []

    _week = validator("openingstijden", pre=True, allow_reuse=True)(_parse_week)

    @validator("soort")
    def _soort(cls, value: str) -> str:
        if value not in ("balie", "popup"):
            raise ValueError("soort must be balie or popup")
        return value

    @validator("postcode")
    def _postcode(cls, value: str) -> str:
        if not re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", value):
            raise ValueError(f"'{value}' is not a Dutch postcode like 1234 AB")
        return value

    @validator("postcodegebied", each_item=True, pre=True)
    def _postcodegebied(cls, value: object) -> str:
        text = str(value).strip()
        if not re.fullmatch(r"[1-9]\d{3}", text):
            raise ValueError(f"'{value}' is not the four digits of a Dutch postcode, like \"9995\"")
        return text

    @root_validator(skip_on_failure=True)
    def _has_times(cls, values):
        if values["soort"] == "balie" and not values.get("openingstijden"):
            raise ValueError("a balie needs openingstijden")
        if values["soort"] == "popup" and not values.get("rooster"):
            raise ValueError("a popup location needs a rooster")
        if values.get("zorglocatie") and values["soort"] != "popup":
            raise ValueError("zorglocatie is for a popup location (a care home the municipality visits)")
        return values

    @property
    def volledig_adres(self) -> str:
        return f"{self.adres}, {self.postcode} {self.plaats}"


class OnderwerpPagina(_Model):
    """A subject the agency explains on its own website: a simple question gets this page."""
    naam: str = Field(..., min_length=2)
    link: HttpUrl
    woorden: List[str] = Field(..., min_items=1)  # words in a resident's message that name the subject

    @validator("woorden", each_item=True)
    def _woord(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an empty word matches everything")
        return value.strip().lower()


class Uitvoeringsorganisatie(_Model):
    naam: str
    volledige_naam: str
    telefoon: str
    website: HttpUrl
    lidwoord: str = "het"  # how a sentence names it: "het UWV", "de SVB", "DUO" (lidwoord: "")
    onderwerpen: Dict[str, OnderwerpPagina] = {}  # the agency's own page per subject

    @validator("lidwoord")
    def _lidwoord(cls, value: str) -> str:
        if value not in ("het", "de", ""):
            raise ValueError("lidwoord must be het, de or empty")
        return value

    @property
    def met_lidwoord(self) -> str:
        return f"{self.lidwoord} {self.naam}".strip()


class Spreekuur(_Model):
    """The appointment with an agency employee at a pilot location (one product for all
    agencies; which agencies join is stored with the appointment)."""
    code: str = Field(default="spreekuur", regex=r"^[a-z][a-z0-9_-]{1,39}$")  # its product code in the database
    naam: str = Field(..., min_length=2)
    duur_minuten: int = Field(..., gt=0, le=240)

    @validator("duur_minuten")
    def _multiple_of_five(cls, value: int) -> int:
        if value % 5:
            raise ValueError("duur_minuten must be a multiple of 5")
        return value


class PilotLocatie(_Model):
    locatie: str
    organisaties: Dict[str, List[str]]  # agency code -> days it holds appointments there

    @validator("organisaties")
    def _days(cls, value: Dict[str, List[str]]) -> Dict[str, List[str]]:
        for code, days in value.items():
            for day in days:
                if day not in WEEKDAYS:
                    raise ValueError(f"{code}: '{day}' is not a day of the week")
        return value


_CONTACT_URI = re.compile(r"^(?:mailto:[^@\s]+@[^@\s]+\.[^@\s]+|https://\S+|tel:\+?[0-9-]+)$")
ACCESSIBILITY_STATUSES = {
    "volledig": "voldoet volledig",
    "gedeeltelijk": "voldoet gedeeltelijk",
    "eerste_maatregelen": "eerste maatregelen genomen",
    "niet": "voldoet niet",
}


def _is_email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"'{value}' is not an e-mail address")
    return value


class Privacy(_Model):
    """What the chat's privacy statement (/privacy) says that only the municipality knows."""
    grondslag: str = Field(..., min_length=10)  # the legal basis (AVG art. 6), in words residents read
    functionaris_gegevensbescherming: str  # the e-mail address of the data protection officer
    privacyverklaring: HttpUrl  # the municipality's general privacy statement
    bewaartermijn_afspraken: str = Field(..., min_length=10)  # how long appointments are kept, in a sentence

    _fg = validator("functionaris_gegevensbescherming", allow_reuse=True)(_is_email)


class Toegankelijkheid(_Model):
    """The accessibility statement (/toegankelijkheid): the status the municipality declares."""
    status: str
    datum: date  # when the municipality signed the statement
    contact: str  # the e-mail address for problems with accessibility

    _contact = validator("contact", allow_reuse=True)(_is_email)

    @validator("status")
    def _status(cls, value: str) -> str:
        if value not in ACCESSIBILITY_STATUSES:
            raise ValueError(f"status must be one of {', '.join(ACCESSIBILITY_STATUSES)}")
        return value

    @property
    def status_tekst(self) -> str:
        return ACCESSIBILITY_STATUSES[self.status]


class Beveiliging(_Model):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability (CVD)."""
    contact: List[str] = Field(..., min_items=1)  # mailto:, https:// or tel: addresses, the preferred first
    beleid: HttpUrl  # the municipality's coordinated vulnerability disclosure policy
    verloopt: date  # Expires: renew it before this day, at most a year ahead (make check-config warns)
    talen: List[str] = ["nl", "en"]

    @validator("contact", each_item=True)
    def _contact(cls, value: str) -> str:
        if not _CONTACT_URI.match(value):
            raise ValueError(f"'{value}' must be a mailto:, https:// or tel: address")
        return value

    @validator("talen", each_item=True)
    def _taal(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2})?", value):
            raise ValueError(f"'{value}' is not a language code such as nl or en")
        return value


class Algoritme(_Model):
    """The Algoritmeregister entry (make algoritmeregister): who answers for the assistant."""
    eigenaar: str = Field(..., min_length=2)  # the department that owns it
    contact: str  # its e-mail address

    _contact = validator("contact", allow_reuse=True)(_is_email)


class Verantwoording(_Model):
    """Accountability: the privacy and accessibility statements, security.txt and the
    Algoritmeregister entry take these facts; the rest they read from the running settings."""
    privacy: Privacy
    toegankelijkheid: Toegankelijkheid
    beveiliging: Beveiliging
    algoritme: Algoritme


class WegwijzerOnderwerp(_Model):
    """A municipal subject outside burgerzaken that the assistant signposts (bot/wegwijzer/):
    the words that name it, a few example questions, and where the resident goes instead."""
    naam: str = Field(..., min_length=2)  # how the referral names it: "Uw vraag gaat over <naam>."
    woorden: List[str] = Field(..., min_items=1)  # a word, or words that together name it in any order
    voorbeelden: List[str] = []  # questions as residents ask them; one much like them counts too
    link: HttpUrl
    telefoon: Optional[str] = Field(default=None, min_length=5)  # without it: the municipality's number
    uitleg: str = Field(..., min_length=10)  # one plain sentence (B1), checked by make check-config

    @validator("woorden", "voorbeelden", each_item=True)
    def _woord(cls, value: str) -> str:
        if not str(value).strip():
            raise ValueError("an empty word or example matches everything")
        return str(value).strip()

    @validator("naam", "uitleg")
    def _text(cls, value: str) -> str:
        return " ".join(value.split())



class Organisatie(_Model):
    """An organisation a resident deals with after a life event that is no agency of
    ``uitvoeringsorganisaties`` (the Belastingdienst, a zorgverzekeraar, a notaris)."""
    naam: str = Field(..., min_length=2)
    website: HttpUrl


class LevensgebeurtenisPunt(_Model):
    """Something to arrange elsewhere after a life event: at which organisation, on its own page.
    The sentence that says what to do is in the content file."""
    organisatie: str  # a code of uitvoeringsorganisaties or of levensgebeurtenissen.organisaties
    link: HttpUrl


class Levensgebeurtenis(_Model):
    """A life event (bot/life_events/): the words that name it, the municipal topic and product,
    and what to arrange elsewhere."""
    woorden: List[str] = Field(..., min_items=1)  # a word, or words that together name it in any order
    onderwerp: Optional[str] = None  # the municipal topic (an intent of the content's onderwerpen)
    product: Optional[str] = None  # booked at the municipality
    elders: Dict[str, LevensgebeurtenisPunt]

    @validator("elders")
    def _something_elsewhere(cls, value: Dict[str, "LevensgebeurtenisPunt"]) -> Dict[str, "LevensgebeurtenisPunt"]:
        if not value:
            raise ValueError("name at least one thing to arrange elsewhere")
        return value

    @validator("woorden", each_item=True)
    def _woord(cls, value: str) -> str:
        if not str(value).strip():
            raise ValueError("an empty word matches everything")
        return str(value).strip()


class Levensgebeurtenissen(_Model):
    vragen: List[str] = Field(..., min_items=1)  # how residents ask what to arrange ("wat moet ik regelen")
    organisaties: Dict[str, Organisatie] = {}
    gebeurtenissen: Dict[str, Levensgebeurtenis]

    @validator("vragen", each_item=True)
    def _vraag(cls, value: str) -> str:
        if not str(value).strip():
            raise ValueError("an empty question matches everything")
        return str(value).strip()


class Afspraken(_Model):
    """The municipality's booking policy."""
    max_dagen_vooruit: int = Field(default=90, ge=1, le=365)  # how far ahead residents can book
    min_minuten_vooraf: int = Field(default=60, ge=0, le=7 * 24 * 60)  # the earliest start from now
    herinnering_dagen_vooraf: int = Field(default=1, ge=0, le=14)  # the reminder mail


class GemeenteConfig(_Model):
    gemeente: Gemeente
    afspraken: Afspraken = Afspraken()
    telefonisch_bereikbaar: Dict[str, List[TimeWindow]]
    locaties: Dict[str, Locatie]
    producten: Dict[str, ProductConfig]
    uitvoeringsorganisaties: Dict[str, Uitvoeringsorganisatie] = {}
    pilot_locaties: List[PilotLocatie] = []
    spreekuur: Optional[Spreekuur] = None  # needed when there are pilot locations
    verantwoording: Optional[Verantwoording] = None  # the pages /privacy, /toegankelijkheid, security.txt
    wegwijzer: Dict[str, WegwijzerOnderwerp] = {}  # other municipal subjects, signposted (bot/wegwijzer/)
    levensgebeurtenissen: Optional[Levensgebeurtenissen] = None  # life events across government (bot/life_events/)

    _week = validator("telefonisch_bereikbaar", pre=True, allow_reuse=True)(_parse_week)

    @validator("wegwijzer")
    def _wegwijzer_keys(cls, value: Dict[str, "WegwijzerOnderwerp"]) -> Dict[str, "WegwijzerOnderwerp"]:
        for key in value:
            if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", key):
                raise ValueError(f"'{key}': a subject's key is lower case letters, digits and _ (like afval)")
        return value

    @root_validator(skip_on_failure=True)
    def _references(cls, values):
        products = values["producten"]
        for key, location in values["locaties"].items():
            unknown = [p for p in location.producten if p not in products]
            if unknown:
                raise ValueError(f"locaties.{key}.producten: unknown product(s) {', '.join(unknown)}")
        if not any(loc.soort == "balie" for loc in values["locaties"].values()):
            raise ValueError("locaties: at least one location must be a balie")
        agencies = values.get("uitvoeringsorganisaties", {})
        for index, pilot in enumerate(values.get("pilot_locaties", [])):
            if pilot.locatie not in values["locaties"]:
                raise ValueError(f"pilot_locaties[{index}].locatie: unknown location '{pilot.locatie}'")
            unknown = [a for a in pilot.organisaties if a not in agencies]
            if unknown:
                raise ValueError(f"pilot_locaties[{index}].organisaties: unknown agency {', '.join(unknown)}")
            place = values["locaties"][pilot.locatie]
            if place.soort != "balie":
                raise ValueError(f"pilot_locaties[{index}].locatie: '{pilot.locatie}' is a pop-up; "
                                 "agency employees receive residents at a balie")
            for code, days in pilot.organisaties.items():
                closed = [d for d in days if d not in place.openingstijden]
                if closed:
                    raise ValueError(f"pilot_locaties[{index}].organisaties.{code}: {pilot.locatie} is closed on "
                                     f"{', '.join(closed)}")
        locations = [p.locatie for p in values.get("pilot_locaties", [])]
        if len(set(locations)) != len(locations):
            raise ValueError("pilot_locaties: a location is listed twice; put all its agencies in one entry")
        life = values.get("levensgebeurtenissen")
        if life is not None:
            shared = [code for code in life.organisaties if code in agencies]
            if shared:
                raise ValueError(f"levensgebeurtenissen.organisaties.{shared[0]}: already an agency of "
                                 "uitvoeringsorganisaties; name it there only")
            for key, event in life.gebeurtenissen.items():
                if event.product is not None and event.product not in products:
                    raise ValueError(f"levensgebeurtenissen.gebeurtenissen.{key}.product: unknown product '{event.product}'")
                for point_key, point in event.elders.items():
                    if point.organisatie not in agencies and point.organisatie not in life.organisaties:
                        raise ValueError(f"levensgebeurtenissen.gebeurtenissen.{key}.elders.{point_key}.organisatie: "
                                         f"unknown organisation '{point.organisatie}' (an agency of "
                                         "uitvoeringsorganisaties or one of levensgebeurtenissen.organisaties)")
        spreekuur = values.get("spreekuur")
        if values.get("pilot_locaties") and spreekuur is None:
            raise ValueError("spreekuur: needed when there are pilot_locaties (naam and duur_minuten)")
        if spreekuur is not None and spreekuur.code in products:
            raise ValueError(f"spreekuur.code: '{spreekuur.code}' is already a product; choose another code")
        return values

    @property
    def balie(self) -> Locatie:
        """The main counter: the first location of soort balie."""
        return next(loc for loc in self.locaties.values() if loc.soort == "balie")

    def product_naam(self, code: str) -> str:
        """The name of a bookable product, the agency appointment (spreekuur) included."""
        if self.spreekuur is not None and code == self.spreekuur.code:
            return self.spreekuur.naam
        return self.producten[code].naam

    @property
    def public_phones(self) -> List[str]:
        """The municipality's and the agencies' own numbers: public, so never masked as a
        resident's personal data."""
        return [self.gemeente.telefoon, *(agency.telefoon for agency in self.uitvoeringsorganisaties.values())]

    def popups(self) -> List[Tuple[str, Locatie]]:
        return [(key, loc) for key, loc in self.locaties.items() if loc.soort == "popup"]


def _field_path(location: Tuple) -> str:
    path = ""
    for part in location:
        if part == "__root__":
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


_MISSING = "{path}: the municipality configuration file does not exist"


def load_gemeente(path: Path) -> GemeenteConfig:
    """Reads and checks the file; every problem becomes one ConfigError naming the fields."""
    raw = read_yaml(path, ConfigError, _MISSING)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected sections such as gemeente, locaties and producten")
    try:
        return GemeenteConfig.parse_obj(raw)
    except ValidationError as error:
        problems = [f"  {_field_path(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise ConfigError(f"{path}: the configuration has errors:\n" + "\n".join(problems)) from None


_file = ReloadingFile(load_gemeente, ConfigError, _MISSING)


def get_gemeente(path: Optional[Path] = None) -> GemeenteConfig:
    """The current configuration (see bot.core.reloading: edits apply without a restart, and a
    broken edit keeps the last good version while running)."""
    return _file.get(Path(path or get_settings().gemeente_config))


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description="Check the municipality configuration.")
    parser.add_argument("--check", action="store_true", help="validate and report")
    parser.add_argument("path", nargs="?", help="default: the GEMEENTE_CONFIG setting")
    args = parser.parse_args(argv)
    try:
        config = get_gemeente(Path(args.path) if args.path else None)
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 1
    print(f"configuration ok: gemeente {config.gemeente.naam}, {len(config.locaties)} locations, "
          f"{len(config.producten)} products")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
