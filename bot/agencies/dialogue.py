"""The chat that books an appointment with an agency employee, without Rasa.

It is the booking conversation (``BookingDialogue``: day and time in plain Dutch, free times
as buttons, name) over a different calendar: the pilot locations where the chosen agencies
are together, on their days there. On top come the questions only this appointment has: a
second agency whose colleague joins, how to reach the resident (e-mail or phone), and
whether the employee may read this chat. "Nee" to those two is an answer, not a stop.

Slots: organisatie and tweede_organisatie (agency codes, "geen" for no second), product
(the spreekuur code), locatie, dag, tijd, voorkeur, naam, contact, toestemming, bevestigd.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Callable, Dict, List, Optional, Sequence

from bot.agencies.locations import has_location_clue, locations_for, nearest_first, partners_for
from bot.agencies.scheduler import AgencyScheduler
from bot.appointments.dialogue import BookingDialogue, _parse_date
from bot.appointments.types import Appointment, Location, Product, Slot
from bot.config.content import Content, render
from bot.config.facts import agency_facts
from bot.config.gemeente import GemeenteConfig
from bot.core.clock import local_now
from bot.core.formatting import join_dutch
from bot.core.replies import Button, Reply, payload
from bot.forms.fields import InvalidInput, clean_email_or_phone
from bot.forms.turn import Marker, Outcome, Slots, Turn
from bot.nlp.vocabulary import Vocabulary

NO_SECOND = Marker.NO_SECOND
FORM_SLOTS = ("organisatie", "tweede_organisatie", "product", "locatie", "dag", "tijd", "voorkeur", "naam",
              "contact", "toestemming", "bevestigd")
ORDER = ("tweede_organisatie", "locatie", "dag", "tijd", "naam", "contact", "toestemming", "bevestigd")
CONSENT_ENTITY = "toestemming"


_NO = re.compile(r"^\s*(?:nee|neen|no|nope|niet nodig|alleen|not needed|just|only)\b", re.IGNORECASE)

def agencies_in(slots: Slots) -> List[str]:
    """The agencies of this appointment: the first one, and a second when chosen."""
    first, second = slots.get("organisatie"), slots.get("tweede_organisatie")
    found = [str(first)] if first else []
    if second and second not in (NO_SECOND, first):
        found.append(str(second))
    return found


class PilotCalendar:
    """The part of a booking backend the booking dialogue reads (products, places, free days
    and times), answered for these agencies together; the nearest place first."""

    def __init__(self, scheduler: AgencyScheduler, config: GemeenteConfig, agencies: Sequence[str], near: str = ""):
        self.scheduler = scheduler
        self.config = config
        self.agencies = list(agencies)
        self.near = near

    def products(self) -> List[Product]:
        spreekuur = self.config.spreekuur
        return [Product(spreekuur.code, spreekuur.naam, spreekuur.duur_minuten)] if spreekuur else []

    def locations(self, product: str) -> List[Location]:
        codes = nearest_first(self.config, locations_for(self.config, self.agencies), self.near)
        return [Location(code, self.config.locaties[code].naam, self.config.locaties[code].soort,
                         self.config.locaties[code].volledig_adres, self.config.locaties[code].wijk,
                         tuple(self.config.locaties[code].postcodegebied), (product,)) for code in codes]

    def free_days(self, product: str, location: str, start: date, end: date) -> List[date]:
        return self.scheduler.free_days(self.agencies, location, start, end)

    def free_times(self, product: str, location: str, day: date) -> List[Slot]:
        return self.scheduler.free_times(self.agencies, location, day)


class AgencyDialogue(BookingDialogue):
    order = ORDER
    email_slot = "contact"  # an address typed at another question corrects how to reach the resident
    builds_on = ("tweede_organisatie",)  # a second agency: the calendar covers both
    no_leaves = False  # "no" answers the second agency and the consent; elsewhere it stops (``_own_answer``)

    def __init__(self, scheduler: AgencyScheduler, config: GemeenteConfig, content: Content,
                 vocabulary: Vocabulary, slots: Slots, near: str = "",
                 now: Callable[[], datetime] = local_now):
        self.agencies = agencies_in(slots)
        self.scheduler = scheduler
        self.picked_nearest = False  # set when a postcode or neighbourhood chose the place
        super().__init__(PilotCalendar(scheduler, config, self.agencies, near), config, content, vocabulary, now)

    # -- reading a message -----------------------------------------------------------------------
    def leave(self, turn: Turn, slots: Slots) -> Optional[Slots]:
        """"Stop" and the like end the form; so does no agency, or one that never comes to this
        municipality: nowhere to meet."""
        if super().leave(turn, slots) is not None:
            return {"bevestigd": False}
        first = slots.get("organisatie")
        if not first or not locations_for(self.config, [str(first)]):
            return {"bevestigd": False}
        return None

    def extract(self, turn: Turn, slots: Slots) -> Slots:
        own = self._own_answer(turn, slots)
        if own is not None:
            return own
        found = super().extract(turn, {**slots, "product": self._product()})
        found.pop("product", None)
        if turn.requested_slot == "bevestigd" and turn.intent == "ontkennen":
            found["bevestigd"] = False
        return found

    def _own_answer(self, turn: Turn, slots: Slots) -> Optional[Slots]:
        """An answer to a question only this form has, or a "nee" that stops it; None to read
        the message as a booking does."""
        asked = turn.requested_slot
        if asked == "tweede_organisatie":
            return self._second_in(turn, slots)
        if asked == "toestemming":
            consent = self._consent_in(turn)
            return {} if consent is None else {"toestemming": consent}
        if turn.intent == "ontkennen" and asked != "bevestigd":
            return {"bevestigd": False}  # "nee" to anything else: stop, nothing is booked
        if asked == "contact" and turn.text.strip():
            return {"contact": turn.text.strip()}
        if asked == "locatie" and has_location_clue(self.config, turn.text):
            return self._nearest_place(turn)
        return None

    def _nearest_place(self, turn: Turn) -> Optional[Slots]:
        """A postcode or neighbourhood chooses the nearest place for these agencies."""
        places = nearest_first(self.config, locations_for(self.config, self.agencies), turn.text)
        if not places:
            return None
        self.picked_nearest = True
        return {"locatie": places[0], "dag": None, "tijd": None, "voorkeur": None}

    def _second_in(self, turn: Turn, slots: Slots) -> Slots:
        """Another agency named, or none: "nee", or the first agency again ("nee, alleen het UWV")."""
        chosen = turn.entity("agency") or self.content.agency_for_intent(turn.intent)
        if chosen and chosen != slots.get("organisatie"):
            return {"tweede_organisatie": chosen}
        if chosen or turn.intent == "ontkennen" or _NO.match(turn.text):
            return {"tweede_organisatie": NO_SECOND}
        return {"tweede_organisatie": Marker.UNCLEAR} if turn.text.strip() else {}

    @staticmethod
    def _consent_in(turn: Turn) -> Optional[bool]:
        given = (turn.entity(CONSENT_ENTITY) or "").lower()
        if given in ("ja", "nee"):
            return given == "ja"
        if turn.intent in ("bevestigen", "ontkennen"):
            return turn.intent == "bevestigen"
        return None

    # -- checking ----------------------------------------------------------------------------------
    def validate_tweede_organisatie(self, value: object, slots: Slots) -> Outcome:
        first = str(slots.get("organisatie") or "")
        partners = partners_for(self.config, first)
        if value == NO_SECOND or value in partners:
            return Outcome({"tweede_organisatie": value, **self._only_place({**slots, "tweede_organisatie": value})})
        if value in self.config.uitvoeringsorganisaties and value != first:
            facts = self._facts_for({**slots, "tweede_organisatie": value})
            return Outcome({"tweede_organisatie": NO_SECOND, **self._only_place({**slots, "tweede_organisatie": None})},
                           [Reply(render(self.content.text("spreekuur", "geen_plek"), facts))])
        return Outcome({"tweede_organisatie": None}, [Reply(self.spreekuur_text("tweede_kies", slots),
                                                            self._second_buttons(slots))])

    def _only_place(self, slots: Slots) -> Slots:
        """A new set of agencies means a new choice of place; none when only one place fits."""
        places = locations_for(self.config, agencies_in(slots))
        return {"locatie": places[0] if len(places) == 1 else None, "dag": None, "tijd": None}

    def validate_locatie(self, value: object, slots: Slots) -> Outcome:
        outcome = super().validate_locatie(value, {**slots, "product": self._product()})
        if outcome.replies and value in self.config.locaties:  # a real place, but not for these agencies
            buttons = outcome.replies[0].buttons
            outcome.replies = [Reply(self.spreekuur_text("niet_op_locatie", slots), buttons)]
        return outcome

    def validate_dag(self, value: object, slots: Slots) -> Outcome:
        slots = {**slots, "product": self._product()}
        outcome = super().validate_dag(value, slots)
        day = _parse_date(str(value or ""))
        location = str(slots.get("locatie") or "")
        if outcome.replies and day and location and not self.scheduler.present_on(self.agencies, location, day):
            buttons = outcome.replies[0].buttons
            outcome.replies = [Reply(self.spreekuur_text("niet_die_dag", {**slots, "dag": day.isoformat()}), buttons)]
        return outcome

    def validate_tijd(self, value: object, slots: Slots) -> Outcome:
        return super().validate_tijd(value, {**slots, "product": self._product()})

    def validate_contact(self, value: object, slots: Slots) -> Outcome:
        try:
            found = clean_email_or_phone(str(value or ""))
        except InvalidInput:
            return Outcome({"contact": None}, [Reply(self.spreekuur_text("contact_fout", slots))])
        return Outcome({"contact": found.email or found.phone})

    def validate_toestemming(self, value: object, slots: Slots) -> Outcome:
        return Outcome({"toestemming": value if isinstance(value, bool) else None})

    def validate_bevestigd(self, value: object, slots: Slots) -> Outcome:
        return Outcome({"bevestigd": value if isinstance(value, bool) else None})

    # -- asking ------------------------------------------------------------------------------------
    def ask(self, slot: str, slots: Slots) -> List[Reply]:
        slots = {**slots, "product": self._product()}
        if slot == "tweede_organisatie":
            return [Reply(self.spreekuur_text("vraag_tweede", slots), self._second_buttons(slots))]
        if slot == "locatie":
            return [Reply(self.spreekuur_text("vraag_locatie", slots), self._location_buttons(self._product()))]
        if slot in ("contact", "toestemming", "bevestigd"):
            key = "vraag_bevestiging" if slot == "bevestigd" else f"vraag_{slot}"
            return [Reply(self.spreekuur_text(key, slots), self._answer_buttons(slot, slots))]
        return super().ask(slot, slots)

    def nearest_notice(self, slots: Slots) -> List[Reply]:
        """After a postcode or neighbourhood picked the place: say which one it is."""
        return [Reply(self.spreekuur_text("dichtstbij", slots))]

    def notices(self, updates: Slots, slots: Slots) -> List[Reply]:
        return self.nearest_notice(slots) if self.picked_nearest and updates.get("locatie") else []

    def _answer_buttons(self, slot: str, slots: Slots):
        if slot == "toestemming":
            return (Button(self.spreekuur_text("ja_toestemming", slots), payload("informeren", {CONSENT_ENTITY: "ja"})),
                    Button(self.spreekuur_text("nee_toestemming", slots),
                           payload("informeren", {CONSENT_ENTITY: "nee"})))
        if slot == "bevestigd":
            return (Button(self.text("ja_maak", slots), payload("bevestigen")),
                    Button(self.text("stoppen", slots), payload("ontkennen")))
        return ()

    def _second_buttons(self, slots: Slots):
        first = str(slots.get("organisatie") or "")
        agencies = self.config.uitvoeringsorganisaties
        buttons = [Button(agencies[code].naam, payload("informeren", {"agency": code}))
                   for code in partners_for(self.config, first)]
        buttons.append(Button(self.spreekuur_text("alleen_deze", slots), payload("ontkennen")))
        return tuple(buttons)

    # -- texts -------------------------------------------------------------------------------------
    def facts(self, slots: Slots, appointment: Optional[Appointment] = None) -> Dict[str, Optional[str]]:
        return self._facts_for(slots, appointment)

    def _facts_for(self, slots: Slots, appointment: Optional[Appointment] = None) -> Dict[str, Optional[str]]:
        facts = super().facts({**slots, "product": None}, appointment)
        agencies = agencies_in(slots)
        config = self.config
        fact = self.content.fact  # "het UWV", the spreekuur's name: in English through the content's feiten
        named = [fact(config.uitvoeringsorganisaties[c].met_lidwoord) or c for c in agencies
                 if c in config.uitvoeringsorganisaties]
        if agencies:
            facts.update(agency_facts(config, agencies[0]))
        facts.update({
            "afspraak.product": fact(config.spreekuur.naam) if config.spreekuur else None,
            "afspraak.organisaties": join_dutch(named) or None,
            "afspraak.contact": str(slots["contact"]) if slots.get("contact") else None,
            "afspraak.meenemen": None,
        })
        return facts

    def spreekuur_text(self, key: str, slots: Slots, appointment: Optional[Appointment] = None) -> str:
        return render(self.content.text("spreekuur", key), self._facts_for(slots, appointment))

    def _product(self) -> Optional[str]:
        return self.config.spreekuur.code if self.config.spreekuur else None


def calendar_for_move(scheduler: AgencyScheduler, config: GemeenteConfig, reference: str) -> PilotCalendar:
    """The free days and times for moving an agency appointment: its own agencies, its place."""
    return PilotCalendar(scheduler, config, scheduler.agencies_of(reference))
