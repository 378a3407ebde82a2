"""The booking conversation, without Rasa: what a message fills in, whether that can be
booked, and what to ask next.

The Rasa forms (``actions/booking.py``) run this through ``bot.forms.runner`` for every
message while a booking, a move or a cancellation is in progress. Slots hold plain strings:
product and location codes, an ISO date (``dag``), an ISO date-time (``tijd``), the name and
the e-mail address; a ``Marker`` while a value is not understood yet.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from bot.appointments import places
from bot.appointments.backend import BookingCalendar
from bot.appointments.schedule import windows_on
from bot.appointments.service import when_text
from bot.appointments.types import Appointment, AppointmentNotFound, BookingError, Slot
from bot.config.content import Content, render
from bot.config.facts import base_facts
from bot.config.gemeente import WEEKDAYS, GemeenteConfig
from bot.core.clock import TIMEZONE, local_now
from bot.core.dates import PARTS_OF_DAY, When, as_soon_as_possible, parse_when
from bot.core.formatting import day_and_date
from bot.core.replies import CONFIRMATION, Button, Reply, payload
from bot.forms.fields import InvalidInput, clean_email, clean_name, clean_reference, email_in, looks_like_email, named_name
from bot.forms.runner import FormDialogue
from bot.forms.turn import Marker, Outcome, Slots, Turn, is_question
from bot.nlp.vocabulary import Vocabulary

DAYS_OFFERED = 5
TIMES_OFFERED = 5
DAY_SEARCH = 45  # days ahead to look for free days to offer
# Messages that may carry a value for the form; a clear question about another topic may not.
VALUE_INTENTS = frozenset({"informeren", "nlu_fallback", "afspraak_maken", "afspraak_wijzigen",
                           "afspraak_annuleren", "popup_locaties", "out_of_scope", "bevestigen"})
# A name the model took for a greeting or a thank-you is still a name.
NAME_INTENTS = VALUE_INTENTS | {"begroeting", "afscheid", "bedankt"}
# Questions whose answer is typed as it is, whatever the model made of it.
TYPED_SLOTS = ("naam", "email", "referentie", "controle_email")
_DATE_PROBLEMS = {"impossible_date": Marker.IMPOSSIBLE_DATE, "past": Marker.PAST_DATE}
# What helps a resident who does not know or have the answer: where to find it, or the phone. The form
# then ends, so nobody is asked the same thing again and again.
_UNKNOWN_HELP = {"email": "email_onbekend", "referentie": "referentie_onbekend",
                 "controle_email": "controle_email_onbekend"}
_DAY_REPLIES = {Marker.IMPOSSIBLE_DATE: "datum_onmogelijk", Marker.PAST_DATE: "datum_voorbij",
                Marker.UNCLEAR: "datum_niet_begrepen"}


class BookingDialogue(FormDialogue):
    order: Tuple[str, ...] = ("product", "locatie", "referentie", "controle_email", "dag", "tijd", "naam", "email",
                              "bevestigd")
    builds_on = ("product",)  # the appointment found may be one with an agency: another calendar

    def __init__(self, backend: BookingCalendar, config: GemeenteConfig, content: Content,
                 vocabulary: Vocabulary, now: Callable[[], datetime] = local_now):
        self.backend = backend
        self.config = config
        self.content = content
        self.vocabulary = vocabulary
        self.now = now

    # -- reading a message -----------------------------------------------------------------------
    def extract(self, turn: Turn, slots: Slots) -> Slots:
        """Every slot this message fills or changes; earlier answers can be corrected."""
        # A question about a topic that names a product ("wat kost een rijbewijs?") is no answer:
        # its rule answers it and the form asks again; a statement with one corrects the form.
        may_carry_value = turn.intent in VALUE_INTENTS or (bool(turn.entities) and not is_question(turn.text))
        # A place's name typed at the place question ("gemeentehuis") answers it, whatever the model read;
        # so does a day at the day or time question ("next Tuesday at 10": the model may not know English).
        may_carry_value = may_carry_value or self._typed_place(turn) or self._typed_day(turn)
        if not may_carry_value and turn.requested_slot not in TYPED_SLOTS:
            return self._corrections(turn, {})  # "nee, mijn mail is ..." at the summary still corrects it
        found: Slots = {}
        found.update(self._product_change(turn, slots))
        found.update(self._location_change(turn, {**slots, **found}, may_carry_value))
        if _wants_another_day(turn):
            found.update(dag=None, tijd=None, bevestigd=None)  # "Andere dag"
        # A product or place in the message makes it an answer, so a day beside it is one too
        # ("gemeentehuis, donderdag om 10 uur", whatever topic the model read).
        with_values = bool(found.get("product") or found.get("locatie"))
        found.update(self._when_in(turn, {**slots, **found}, with_values or self._typed_day(turn)))
        found.update(_typed_answer(turn, found))
        found.update(self._corrections(turn, found))
        if "product" in found:  # named now; a product the conversation gave before is asked where
            found.update(self._only_location({**slots, **found}))
        return found

    email_slot = "email"   # the address this form asks for: to send the booking to
    asks_name = True

    def _corrections(self, turn: Turn, found: Slots) -> Slots:
        """A name or an e-mail address typed at another question ("nee, mijn mail is jan@voorbeeld.nl"
        at the summary) changes that answer; the summary then shows it again."""
        corrected: Slots = {}
        address = email_in(turn.text)
        if address and turn.requested_slot not in ("email", "controle_email") and self.email_slot not in found:
            corrected[self.email_slot] = address
        name = named_name(turn.text) if self.asks_name and turn.requested_slot != "naam" else None
        if name and "naam" not in found:
            corrected["naam"] = name
        if corrected and turn.requested_slot == self.confirmation_slot:
            corrected[self.confirmation_slot] = None
        return corrected

    def _typed_day(self, turn: Turn) -> bool:
        """A day or time alone, typed at their question; a message naming a product is about it
        ("mijn paspoort verloopt volgende maand"), and is read as the model read it."""
        if turn.requested_slot not in ("dag", "tijd") or turn.entities or is_question(turn.text):
            return False
        return as_soon_as_possible(turn.text) or not parse_when(turn.text, self.now().date()).is_empty

    def _typed_place(self, turn: Turn) -> bool:
        return turn.requested_slot == "locatie" and not is_question(turn.text) \
            and bool(places.places_named(self.config, turn.text))

    def _product_change(self, turn: Turn, slots: Slots) -> Slots:
        """Another product; the place is chosen again when it does not offer that one."""
        product = self._product_in(turn)
        if not product or product == slots.get("product"):
            return {}
        if slots.get("locatie") and not self._offers(str(slots["locatie"]), product):
            return {"product": product, "locatie": None, "dag": None, "tijd": None}
        return {"product": product}

    def _location_change(self, turn: Turn, slots: Slots, may_carry_value: bool) -> Slots:
        """The place named, told apart by what it offers. The first place chosen keeps a day
        and time said before ("donderdagavond"), checked there; another place chooses them again."""
        location = turn.entity("locatie") or (self._place_meant(turn.text, slots) if may_carry_value else None)
        if not location or location == slots.get("locatie"):
            return {}
        if not slots.get("locatie"):
            return {"locatie": location, **{name: slots[name] for name in ("dag", "tijd") if slots.get(name)}}
        return {"locatie": location, "dag": None, "tijd": None}

    def _place_meant(self, text: str, slots: Slots) -> Optional[str]:
        """The place the text names; several that fit the product are joined, for the form to ask
        which one. Without a product yet, places where nothing can be booked drop out."""
        named = places.places_named(self.config, text)
        product = slots.get("product")
        if product in self._bookable():
            meant = places.narrow(named, lambda code: self._offers(code, str(product)))
        else:
            meant = places.narrow(named, self._offers_anything)
            if len(meant) > 1:
                return None  # asked once the product is known
        return places.joined(meant)

    def _bookable(self) -> set:
        return {p.code for p in self.backend.products()}

    def _offers_anything(self, location: str) -> bool:
        return any(self._offers(location, code) for code in self._bookable())

    def _only_location(self, slots: Slots) -> Slots:
        """The only place for this product (the town hall): no need to ask."""
        product = slots.get("product")
        if not product or slots.get("locatie") or product not in self._bookable():
            return {}  # no product yet, or words that are none ("morgen om 10 uur" asked for a product)
        places = self.backend.locations(str(product))
        return {"locatie": places[0].code} if len(places) == 1 else {}

    def _product_in(self, turn: Turn) -> Optional[str]:
        bookable = {p.code for p in self.backend.products()}
        for candidate in (turn.entity("product"), turn.entity("document")):
            if candidate in bookable:
                return candidate
        if turn.requested_slot == "product":
            return next((code for code in self.vocabulary.values("product") + self.vocabulary.values("document")
                         if code in bookable and _mentions(turn.text, self._words_for(code))), None)
        return None

    def _words_for(self, code: str) -> List[str]:
        entries = self.vocabulary.entries
        names = [name for name in (self._product_name(code),) if name]
        names += [self.content.fact(name) or name for name in names]  # "passport" in English (the content's feiten)
        return [code, *names, *entries.get("product", {}).get(code, []), *entries.get("document", {}).get(code, [])]

    def _when_in(self, turn: Turn, slots: Slots, with_values: bool = False) -> Slots:
        """The day, time and preference in a button's entities or in plain Dutch."""
        chosen = _when_chosen(turn)
        if chosen is not None:
            return chosen
        if turn.intent not in VALUE_INTENTS and not with_values:
            return {}
        if as_soon_as_possible(turn.text):
            return self._first_free_day(slots)
        when = parse_when(turn.text, self.now().date())
        if when.is_empty:
            if turn.requested_slot == "dag" and turn.intent in ("informeren", "nlu_fallback"):
                return {"dag": Marker.UNCLEAR}  # said something, but not a day: validation explains
            return {}
        if when.problem:
            return {"dag": _DATE_PROBLEMS.get(when.problem, Marker.UNCLEAR), "tijd": None}
        return _when_said(when, slots)

    def _first_free_day(self, slots: Slots) -> Slots:
        """ "Zo snel mogelijk": the first day with a free time, once product and place are known."""
        product, location = slots.get("product"), slots.get("locatie")
        if not product or not location:
            return {}
        today = self.now().date()
        days = self.backend.free_days(str(product), str(location), today, today + timedelta(days=DAY_SEARCH))
        return {"dag": days[0].isoformat(), "tijd": None} if days else {}

    # -- checking what was filled in ---------------------------------------------------------------
    def validate_product(self, value: object, slots: Slots) -> Outcome:
        if value in {p.code for p in self.backend.products()}:
            return Outcome({"product": value})
        return Outcome({"product": None}, [Reply(self.text("onbekend_product", slots), self._product_buttons())])

    def validate_locatie(self, value: object, slots: Slots) -> Outcome:
        product = slots.get("product")
        meant = places.split(value, set(self.config.locaties))
        if len(meant) > 1:  # a name several places share, all offering it: which one?
            return Outcome({"locatie": None}, [Reply(self.text("welke_locatie", slots), self._place_buttons(meant))])
        if value not in self.config.locaties:
            return Outcome({"locatie": None}, [Reply(self.text("locatie_onbekend", slots),
                                                     self._location_buttons(product))])
        if product and not self._offers(str(value), str(product)):
            return Outcome({"locatie": None}, [Reply(self.text("niet_op_locatie", slots),
                                                     self._location_buttons(product))])
        return Outcome({"locatie": value})

    def validate_dag(self, value: object, slots: Slots) -> Outcome:
        if value is None:
            return Outcome({"dag": None})
        marker = Marker.of(value)
        if marker in _DAY_REPLIES:
            return self._day_problem(_DAY_REPLIES[marker], slots)
        text = str(value)
        day = _parse_date(text)
        if day is None:
            return self._day_problem("datum_niet_begrepen", slots)
        if day < self.now().date():
            return self._day_problem("datum_voorbij", slots)
        last = self.now().date() + timedelta(days=self.config.afspraken.max_dagen_vooruit)
        if day > last:
            return self._day_problem("te_ver", {**slots, "laatste_dag": last})
        product, location = slots.get("product"), slots.get("locatie")
        if not product or not location:
            return Outcome({"dag": text})
        times = self._times(slots, day)
        if times:
            return Outcome({"dag": text})
        closed = not windows_on(self.config.locaties[str(location)], day)
        return self._day_problem("dicht" if closed else "vol", {**slots, "dag": text})

    def validate_tijd(self, value: object, slots: Slots) -> Outcome:
        if value is None:
            return Outcome({"tijd": None})
        chosen = parse_datetime(str(value))
        day = _parse_date(str(slots.get("dag") or "")) or (chosen.date() if chosen else None)
        if chosen is None or day is None:
            return Outcome({"tijd": None}, [Reply(self.text("tijd_niet_begrepen", slots),
                                                  self._time_buttons(slots, day))])
        free = [s.start for s in self._times(slots, day, preference=False)]
        if chosen in free:
            return Outcome({"tijd": chosen.isoformat(), "dag": day.isoformat()})
        return Outcome({"tijd": None}, [Reply(self.text("tijd_niet_vrij", slots),
                                              self._time_buttons(slots, day, near=chosen))])

    def validate_naam(self, value: object, slots: Slots) -> Outcome:
        try:
            return Outcome({"naam": clean_name(str(value or ""))})
        except InvalidInput as error:
            key = "naam_te_lang" if error.reason == "too_long" else "naam_fout"
            return Outcome({"naam": None}, [Reply(self.text(key, slots))])

    def validate_email(self, value: object, slots: Slots, slot: str = "email") -> Outcome:
        try:
            return Outcome({slot: clean_email(str(value or ""))})
        except InvalidInput:
            return Outcome({slot: None}, [Reply(self.text("email_fout", slots))])

    def validate_controle_email(self, value: object, slots: Slots) -> Outcome:
        """The e-mail address that, with the code, finds an appointment to move or cancel."""
        return self.validate_email(value, slots, slot="controle_email")

    def validate_referentie(self, value: object, slots: Slots) -> Outcome:
        reference = clean_reference(str(value or ""))
        if reference:
            return Outcome({"referentie": reference})
        return Outcome({"referentie": None}, [Reply(self.text("referentie_fout", slots))])

    def validate_bevestigd(self, value: object, slots: Slots) -> Outcome:
        return Outcome({"bevestigd": True if value is True else None})

    def unknown(self, slot: str, slots: Slots) -> Outcome:
        """No code or e-mail address at hand: where to find it and the phone number, and the form
        ends; at any other question it is asked again with its buttons."""
        key = _UNKNOWN_HELP.get(slot)
        if key is None:
            return super().unknown(slot, slots)
        return Outcome({self.confirmation_slot: False}, [Reply(self.text(key, slots))])

    # -- asking ----------------------------------------------------------------------------------
    def ask(self, slot: str, slots: Slots) -> List[Reply]:
        if slot == "product":
            return [Reply(self.text("vraag_product", slots), self._product_buttons())]
        if slot == "locatie":
            return [Reply(self.text("vraag_locatie", slots), self._location_buttons(slots.get("product")))]
        if slot == "dag":
            buttons = self._day_buttons(slots)
            if not buttons:
                return [Reply(self.text("niets_vrij", slots), self._location_buttons(slots.get("product")))]
            return [Reply(self.text("vraag_dag", slots), buttons)]
        if slot == "tijd":
            day = _parse_date(str(slots.get("dag")))
            return [Reply(self.text("vraag_tijd", slots), self._time_buttons(slots, day))]
        if slot == "bevestigd":
            return [Reply(self.text("vraag_bevestiging", slots), (
                Button(self.text("ja_maak", slots), payload("bevestigen")),
                Button(self.text("andere_dag_of_tijd", slots), payload("afspraak_wijzigen")),
                Button(self.text("stoppen", slots), payload("ontkennen"))))]
        return [Reply(self.text(f"vraag_{slot}", slots))]

    # -- texts and buttons -----------------------------------------------------------------------
    def facts(self, slots: Slots, appointment: Optional[Appointment] = None) -> Dict[str, Optional[str]]:
        facts = base_facts(self.config, self.now().date())
        if appointment:
            facts.update(self._appointment_facts(appointment))
        else:
            facts.update(self._chosen_facts(slots))
        facts.update(_slot_facts(slots))
        return facts

    def _appointment_facts(self, appointment: Appointment) -> Dict[str, Optional[str]]:
        """What a booked appointment says about itself."""
        return {**self._place_facts(str(appointment.product), str(appointment.location)),
                "afspraak.wanneer": when_text(appointment.start),
                "afspraak.referentie": appointment.reference,
                "afspraak.meenemen": self.content.bring_for(appointment.product)}

    def _chosen_facts(self, slots: Slots) -> Dict[str, Optional[str]]:
        """What the resident chose so far."""
        start = parse_datetime(str(slots.get("tijd") or ""))
        return {**self._place_facts(str(slots.get("product")), str(slots.get("locatie"))),
                "afspraak.wanneer": when_text(start) if start else None,
                "afspraak.referentie": None, "afspraak.meenemen": None}

    def _place_facts(self, product_code: str, location_code: str) -> Dict[str, Optional[str]]:
        location = self.config.locaties.get(location_code)
        product = self._product_name(product_code)
        return {"afspraak.product": self.content.fact(product) if product else None,
                "afspraak.locatie": self.content.fact(location.naam) if location else None,
                "afspraak.adres": location.volledig_adres if location else None}

    def _product_name(self, code: str) -> Optional[str]:
        """A product's name, the appointment with an agency employee (spreekuur) included."""
        try:
            return self.config.product_naam(code)
        except KeyError:
            return None

    def text(self, key: str, slots: Slots, appointment: Optional[Appointment] = None) -> str:
        return render(self.content.text("afspraak", key), self.facts(slots, appointment))

    def confirmation(self, slots: Slots, appointment: Appointment, mail_sent: bool) -> Reply:
        """The booking's confirmation as one message: what, where, when and the code, what to
        bring and whether the e-mail went out, with buttons to move or cancel it (the chat
        window shows it as a card, with the calendar file that follows it)."""
        keys = ("gemaakt", "meenemen", "mail_verstuurd" if mail_sent else "mail_niet_verstuurd")
        parts = [self.text(key, slots, appointment) for key in keys]
        buttons = (Button(self.text("verzetten_knop", slots), payload("afspraak_wijzigen")),
                   Button(self.text("afzeggen_knop", slots), payload("afspraak_annuleren")))
        return Reply("\n\n".join(part for part in parts if part), buttons, CONFIRMATION)


    def slot_buttons(self, slots: Sequence[Slot]) -> Tuple[Button, ...]:
        return tuple(Button(f"{day_and_date(s.start, WEEKDAYS)} {s.start:%H:%M}",
                            payload("informeren", {"tijd": s.start.isoformat()})) for s in slots)

    def _product_buttons(self) -> Tuple[Button, ...]:
        return tuple(Button(_capitalise(self.content.fact(p.name) or p.name), payload("informeren", {"product": p.code}))
                     for p in self.backend.products())

    def _location_buttons(self, product: object) -> Tuple[Button, ...]:
        return self._place_buttons([loc.code for loc in self.backend.locations(str(product))] if product
                                   else list(self.config.locaties))

    def _place_buttons(self, codes: Sequence[str]) -> Tuple[Button, ...]:
        return tuple(Button(self.content.fact(self.config.locaties[code].naam) or code, payload("informeren", {"locatie": code}))
                     for code in codes)

    def _day_buttons(self, slots: Slots) -> Tuple[Button, ...]:
        product, location = slots.get("product"), slots.get("locatie")
        if not product or not location:
            return ()
        today = self.now().date()
        preference = _preference(slots)
        start = max(today, _parse_date(preference.get("range_start", "")) or today)
        end = _parse_date(preference.get("range_end", "")) or start + timedelta(days=DAY_SEARCH)
        days = self.backend.free_days(str(product), str(location), start, end)
        if not days and preference.get("range_start"):
            days = self.backend.free_days(str(product), str(location), today, today + timedelta(days=DAY_SEARCH))
        return tuple(Button(day_and_date(d, WEEKDAYS), payload("informeren", {"dag": d.isoformat()}))
                     for d in days[:DAYS_OFFERED])

    def _time_buttons(self, slots: Slots, day: Optional[date], near: Optional[datetime] = None) -> Tuple[Button, ...]:
        if day is None:
            return ()
        times = self._times(slots, day)
        if near:
            times = sorted(times, key=lambda s: abs((s.start - near).total_seconds()))[:TIMES_OFFERED]
            times.sort(key=lambda s: s.start)
        buttons = tuple(Button(f"{s.start:%H:%M}", payload("informeren", {"tijd": s.start.isoformat()}))
                        for s in _spread(times, TIMES_OFFERED))
        return buttons + (Button(self.text("andere_dag", slots), payload("afspraak_wijzigen")),)

    def _times(self, slots: Slots, day: date, preference: bool = True) -> List[Slot]:
        try:
            times = self.backend.free_times(str(slots["product"]), str(slots["locatie"]), day)
        except (BookingError, KeyError):
            return []
        if not preference:
            return times
        wanted = _preference(slots)
        matching = [s for s in times if _fits(s.start.time(), wanted)]
        return matching or times

    def _day_problem(self, key: str, slots: Slots) -> Outcome:
        """Explains why that day cannot be booked and offers the free days nearest to it."""
        wanted = _parse_date(str(slots.get("dag") or ""))
        near = {"range_start": wanted.isoformat()} if wanted and wanted >= self.now().date() else None
        buttons = self._day_buttons({**slots, "voorkeur": json.dumps(near) if near else None})
        return Outcome({"dag": None, "tijd": None}, [Reply(self.text(key, slots), buttons)])

    def _offers(self, location: str, product: str) -> bool:
        return any(loc.code == location for loc in self.backend.locations(product))


class ChangeDialogue(BookingDialogue):
    """Moving or cancelling an appointment (``verzet_form``, ``afzeg_form``): the code and the
    e-mail address find it first, and the confirmation says what will change."""

    email_slot = "controle_email"  # the address the appointment was made with: it finds the appointment
    asks_name = False

    def __init__(self, backend: BookingCalendar, config: GemeenteConfig, content: Content, vocabulary: Vocabulary,
                 find: Callable[[str, str], Appointment], cancelling: bool = False,
                 now: Callable[[], datetime] = local_now):
        super().__init__(backend, config, content, vocabulary, now)
        self.find = find
        self.cancelling = cancelling
        self.cancel_words_leave = not cancelling  # "annuleer" in the cancel form says yes, not stop

    def validate_referentie(self, value: object, slots: Slots) -> Outcome:
        return self._with_appointment(super().validate_referentie(value, slots), slots)

    def validate_controle_email(self, value: object, slots: Slots) -> Outcome:
        return self._with_appointment(super().validate_controle_email(value, slots), slots)

    def _with_appointment(self, outcome: Outcome, slots: Slots) -> Outcome:
        """Once code and e-mail are both known: find the appointment, or say it is not there."""
        slots = {**slots, **outcome.slots}
        if not slots.get("referentie") or not slots.get("controle_email"):
            return outcome
        try:
            found = self.find(str(slots["referentie"]), str(slots["controle_email"]))
        except AppointmentNotFound:
            return Outcome({**outcome.slots, "referentie": None, "controle_email": None},
                           outcome.replies + [Reply(self.text("niet_gevonden", slots))])
        if found.status.value != "booked":
            return Outcome({**outcome.slots, "referentie": None, "controle_email": None},
                           outcome.replies + [Reply(self.text("al_afgezegd", slots))])
        return Outcome({**outcome.slots, "product": found.product, "locatie": found.location},
                       outcome.replies + [Reply(self.text("gevonden", slots, found))])

    def ask(self, slot: str, slots: Slots) -> List[Reply]:
        if slot != "bevestigd":
            return super().ask(slot, slots)
        if self.cancelling:
            return [Reply(self.text("vraag_afzeggen", slots), (
                Button(self.text("ja_afzeggen", slots), payload("bevestigen")),
                Button(self.text("nee_houden", slots), payload("ontkennen"))))]
        return [Reply(self.text("vraag_verzetten", slots), (
            Button(self.text("ja_verzetten", slots), payload("bevestigen")),
            Button(self.text("andere_dag_of_tijd", slots), payload("afspraak_wijzigen")),
            Button(self.text("nee_houden", slots), payload("ontkennen"))))]


def _wants_another_day(turn: Turn) -> bool:
    """The "Andere dag" button at the times or the confirmation."""
    return turn.intent == "afspraak_wijzigen" and turn.requested_slot in ("tijd", "bevestigd") and not turn.entities


def _typed_answer(turn: Turn, found: Slots) -> Slots:
    """The answer to the open question as typed, when nothing else in the message gave it."""
    asked, text = turn.requested_slot, turn.text.strip()
    if asked == "naam" and turn.intent in NAME_INTENTS:
        return {"naam": text}
    if asked in ("email", "controle_email") and (looks_like_email(text) or (
            turn.intent in VALUE_INTENTS and not is_question(text))):
        return {asked: text}  # checked as an address, or "Dat lijkt geen e-mailadres" and asked again
    if asked == "referentie":
        reference = clean_reference(turn.text)
        return {"referentie": reference or text} if reference or turn.intent in VALUE_INTENTS else {}
    return _choice_answer(turn, found)


def _choice_answer(turn: Turn, found: Slots) -> Slots:
    """"Ja" at the confirmation, or a choice the form does not know."""
    asked = turn.requested_slot
    if asked == "bevestigd" and turn.intent == "bevestigen":
        return {"bevestigd": True}
    if asked in ("product", "locatie", "tijd") and asked not in found \
            and turn.intent in ("informeren", "nlu_fallback") and turn.text.strip():
        return {asked: Marker.UNCLEAR}  # an answer, but not one we know: validation explains
    return {}


def _when_chosen(turn: Turn) -> Optional[Slots]:
    """A day or time from a button (its entities), or None when the message has neither."""
    chosen = parse_datetime(turn.entity("tijd")) if turn.entity("tijd") else None
    if chosen:
        return {"dag": chosen.date().isoformat(), "tijd": chosen.isoformat()}
    if turn.entity("dag"):
        return {"dag": turn.entity("dag"), "tijd": None}
    return None


def _when_said(when: When, slots: Slots) -> Slots:
    """The day, time and preference read from plain Dutch ("dinsdagochtend", "na drie uur")."""
    found: Slots = {}
    preference = _preference_of(when)
    if preference:
        found["voorkeur"] = json.dumps(preference, sort_keys=True)
    if when.day:
        found.update(dag=when.day.isoformat(), tijd=None)
    day = when.day or (_parse_date(slots.get("dag")) if slots.get("dag") else None)
    if when.at and day:
        found["tijd"] = datetime.combine(day, when.at, tzinfo=TIMEZONE).isoformat()
    elif when.range_start and not when.day:
        found.update(dag=None, tijd=None)
    return found


def _preference_of(when: When) -> Dict[str, str]:
    """The wishes in what was said, kept in the ``voorkeur`` slot to choose the times to offer."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in (
        ("range_start", when.range_start), ("range_end", when.range_end), ("at", when.at),
        ("after", when.after), ("before", when.before), ("part_of_day", when.part_of_day)) if v}


def _slot_facts(slots: Slots) -> Dict[str, Optional[str]]:
    """The day, name and e-mail address as the resident gave them."""
    day = _parse_date(str(slots.get("dag") or ""))
    last = slots.get("laatste_dag")
    return {"afspraak.dag": day_and_date(day, WEEKDAYS) if day else None,
            "afspraak.naam": str(slots["naam"]) if slots.get("naam") else None,
            "afspraak.email": str(slots["email"]) if slots.get("email") else None,
            "afspraak.laatste_dag": day_and_date(last, WEEKDAYS) if isinstance(last, date) else None}


def _preference(slots: Slots) -> Dict[str, str]:
    raw = slots.get("voorkeur")
    try:
        return json.loads(str(raw)) if raw else {}
    except ValueError:
        return {}


def _fits(moment: time, wanted: Dict[str, str]) -> bool:
    if "at" in wanted:
        return True  # an exact time is checked by itself; show the times around it
    if "part_of_day" in wanted:
        low, high = PARTS_OF_DAY[wanted["part_of_day"]]
        if not low <= moment < high:
            return False
    if "after" in wanted and moment < time.fromisoformat(wanted["after"]):
        return False
    if "before" in wanted and moment >= time.fromisoformat(wanted["before"]):
        return False
    return True


def _spread(slots: List[Slot], count: int) -> List[Slot]:
    """A few times spread over the day, rather than the first few in a row."""
    if len(slots) <= count:
        return slots
    step = (len(slots) - 1) / (count - 1)
    return [slots[round(i * step)] for i in range(count)]


def _parse_date(text: object) -> Optional[date]:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def parse_datetime(text: object) -> Optional[datetime]:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=TIMEZONE)


def _mentions(text: str, words: Sequence[str]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", lowered) for w in words)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
