"""The callback conversation, without Rasa: what each question is, whether a message answers
it, and the summary and confirmation. Texts come from ``content/antwoorden.yml`` (section
``terugbellen``); when the KCC calls comes from the phone hours in ``gemeente.yml``.

The Rasa form (``actions/callback.py``) calls this for every message while a resident asks
to be called back. Slots hold plain strings: the name, the phone number as ten digits, the
preferred moment (``NO_PREFERENCE`` when any moment is fine) and the confirmation.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Callable, Dict, List, Optional

from bot.core.replies import Button, Reply, payload
from bot.appointments.contact import clean_name
from bot.appointments.dialogue import Outcome, Slots
from bot.appointments.types import InvalidContact
from bot.handover.callback import InvalidCallback, clean_moment, clean_phone, next_call_moment
from bot.config.content import Content, render
from bot.config.facts import base_facts
from bot.core.clock import TIMEZONE
from bot.core.formatting import day_and_date
from bot.config.gemeente import WEEKDAYS, GemeenteConfig
from bot.core.phone import phone_text

SLOTS = ("terugbel_naam", "terugbel_telefoon", "terugbel_moment", "terugbel_bevestigd")
NO_PREFERENCE = "-"
# Messages that may be an answer to the form's question. A clear question about a topic is
# answered by a rule, and the form then asks again; "nee" stops the form (also a rule).
VALUE_INTENTS = frozenset({"informeren", "nlu_fallback", "bevestigen", "begroeting", "afscheid", "bedankt",
                           "out_of_scope", "menselijk_contact"})
_ERRORS = {("naam", "empty"): "naam_fout", ("naam", "not_a_name"): "naam_fout", ("naam", "too_long"): "naam_te_lang",
           ("telefoon", "empty"): "telefoon_fout", ("telefoon", "not_a_phone"): "telefoon_fout",
           ("telefoon", "bsn"): "telefoon_bsn", ("telefoon", "service_number"): "telefoon_servicenummer",
           ("moment", "bsn"): "moment_bsn", ("moment", "too_long"): "moment_te_lang",
           ("moment", "not_a_moment"): "moment_fout"}
# Said to leave the form; "nee" is a rule of its own (data/rules/terugbellen.yml), these
# words the model reads as other intents ("stoppen" as goodbye, "stop" as unsure).
_STOP = re.compile(r"^(?:stop|stoppen|ik wil stoppen|ophouden|afbreken|annuleer|annuleren|cancel|laat maar)[.! ]*$",
                   re.IGNORECASE)


class CallbackDialogue:
    def __init__(self, config: GemeenteConfig, content: Content,
                 now: Callable[[], datetime] = lambda: datetime.now(TIMEZONE)):
        self.config = config
        self.content = content
        self.now = now

    # -- texts ------------------------------------------------------------------------------------
    def text(self, key: str, slots: Optional[Slots] = None) -> str:
        return render(self.content.text("terugbellen", key), self.facts(slots or {}))

    def facts(self, slots: Slots) -> Dict[str, Optional[str]]:
        phone = slots.get("terugbel_telefoon")
        moment = slots.get("terugbel_moment")
        return {**base_facts(self.config), "terugbellen.naam": _text_or_none(slots.get("terugbel_naam")),
                "terugbellen.telefoon": phone_text(str(phone)) if phone else None,
                "terugbellen.moment": None if moment in (None, NO_PREFERENCE) else str(moment),
                "terugbellen.wanneer": self.when_text()}

    def when_text(self) -> str:
        """"vandaag" in the phone hours, else the day and hour they start again."""
        now = self.now().astimezone(TIMEZONE)
        moment = next_call_moment(self.config, now)
        if moment <= now:
            return self.content.text("terugbellen", "vandaag")
        day = self.content.text("terugbellen", "vandaag") if moment.date() == now.date() \
            else day_and_date(moment.date(), WEEKDAYS)
        return f"{day} {self.content.text('terugbellen', 'vanaf')} {moment:%H:%M}"

    # -- questions --------------------------------------------------------------------------------
    def ask(self, slot: str, slots: Slots) -> List[Reply]:
        if slot == "terugbel_moment":
            return [Reply(self.text("vraag_moment", slots),
                          (Button(self.text("geen_voorkeur", slots), payload("bevestigen")),))]
        if slot == "terugbel_bevestigd":
            return [Reply(self.text("vraag_bevestiging", slots),
                          (Button(self.text("ja", slots), payload("bevestigen")),
                           Button(self.text("nee", slots), payload("ontkennen"))))]
        return [Reply(self.text({"terugbel_naam": "vraag_naam", "terugbel_telefoon": "vraag_telefoon"}[slot], slots))]

    # -- reading a message ------------------------------------------------------------------------
    @staticmethod
    def wants_to_stop(text: str, requested_slot: Optional[str]) -> bool:
        return requested_slot in SLOTS and bool(_STOP.match((text or "").strip()))

    def extract(self, text: str, intent: str, requested_slot: Optional[str]) -> Slots:
        """The value this message gives for the open question, if it is an answer at all.
        At the summary, a phone number corrects the number; anything else but "ja" gets the
        summary again."""
        if requested_slot not in SLOTS or intent not in VALUE_INTENTS:
            return {}
        if requested_slot == "terugbel_bevestigd":
            if intent == "bevestigen":
                return {"terugbel_bevestigd": True}
            try:
                clean_phone(text)
            except InvalidCallback:
                return {"terugbel_bevestigd": None}
            return {"terugbel_telefoon": text.strip()}
        if requested_slot == "terugbel_moment" and intent == "bevestigen":
            return {"terugbel_moment": NO_PREFERENCE}  # the "Maakt niet uit" button, or "ja, prima"
        return {requested_slot: text.strip()} if text.strip() else {}

    def validate(self, slot: str, value: object) -> Outcome:
        """A cleaned value, or the slot left empty with the reason (nothing is kept)."""
        try:
            if slot == "terugbel_naam":
                try:
                    return Outcome({slot: clean_name(str(value))})
                except InvalidContact as problem:
                    raise InvalidCallback("naam", problem.reason) from None
            if slot == "terugbel_telefoon":
                return Outcome({slot: clean_phone(str(value))})
            if slot == "terugbel_moment":
                return Outcome({slot: NO_PREFERENCE if value == NO_PREFERENCE else clean_moment(str(value)) or NO_PREFERENCE})
            if value is None:  # the summary had another answer than "ja"
                return Outcome({slot: None}, [Reply(self.text("bevestig_kiezen"))])
            return Outcome({slot: value})
        except InvalidCallback as problem:
            return Outcome({slot: None}, [Reply(self.text(_ERRORS[(problem.field, problem.reason)]))])

    # -- the end ----------------------------------------------------------------------------------
    def confirmation(self, slots: Slots) -> List[Reply]:
        return [Reply(text) for text in (self.text("bewaard", slots), self.text("voorkeur", slots)) if text]


def preferred_time(slots: Slots) -> Optional[str]:
    moment = slots.get("terugbel_moment")
    return None if moment in (None, NO_PREFERENCE) else str(moment)


def _text_or_none(value: object) -> Optional[str]:
    return str(value) if value else None
