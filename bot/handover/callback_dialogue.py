"""The callback conversation, without Rasa: what each question is, whether a message answers
it, and the summary and confirmation. Texts come from ``content/antwoorden.yml`` (section
``terugbellen``); when the KCC calls comes from the phone hours in ``gemeente.yml``.

The Rasa form (``actions/callback.py``) runs this through ``bot.forms.runner`` for every
message while a resident asks to be called back. Slots hold plain strings: the name, the phone
number as ten digits, the preferred moment (``NO_PREFERENCE`` when any moment is fine) and the
confirmation.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Dict, List, Optional

from bot.config.content import Content, render
from bot.config.facts import base_facts
from bot.config.gemeente import WEEKDAYS, GemeenteConfig
from bot.core.clock import TIMEZONE, local_now
from bot.core.formatting import day_and_date
from bot.core.phone import phone_text
from bot.core.replies import Button, Reply, payload
from bot.forms.fields import InvalidInput, clean_moment, clean_name, clean_phone, named_name
from bot.forms.runner import FormDialogue
from bot.forms.turn import Marker, Outcome, Slots, Turn, says_no, wants_to_leave
from bot.handover.callback import next_call_moment

SLOTS = ("terugbel_naam", "terugbel_telefoon", "terugbel_moment", "terugbel_bevestigd")
NO_PREFERENCE = Marker.NO_PREFERENCE
PHONE_DIGITS_AT_LEAST = 6  # a message with this many digits at the phone question is a number, or a BSN to refuse
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
class CallbackDialogue(FormDialogue):
    order = SLOTS
    confirmation_slot = "terugbel_bevestigd"

    def __init__(self, config: GemeenteConfig, content: Content,
                 now: Callable[[], datetime] = local_now):
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
        return requested_slot in SLOTS and wants_to_leave(text)

    def leave(self, turn: Turn, slots: Slots) -> Optional[Slots]:
        """Stop words end the form unconfirmed, so nothing is kept; so does a plain "no thanks" the
        model did not read as "nee" (that one has its rule)."""
        stops = self.wants_to_stop(turn.text, turn.requested_slot) or (turn.requested_slot in SLOTS and says_no(turn.text))
        return {"terugbel_bevestigd": False} if stops else None

    def extract(self, turn: Turn, slots: Slots) -> Slots:
        """The value this message gives for the open question, if it is an answer at all.
        At the summary, a phone number corrects the number; anything else but "ja" gets the
        summary again."""
        asked, text = turn.requested_slot, turn.text
        corrected = _correction(asked, text)
        if corrected:
            return corrected
        if asked == "terugbel_telefoon" and sum(ch.isdigit() for ch in text) >= PHONE_DIGITS_AT_LEAST:
            return {asked: text.strip()}  # digits answer the phone question, whatever the model made of them
        if asked not in SLOTS or turn.intent not in VALUE_INTENTS:
            return {}
        if asked == "terugbel_bevestigd":
            return self._summary_answer(turn)
        if asked == "terugbel_moment" and turn.intent == "bevestigen":
            return {"terugbel_moment": NO_PREFERENCE}  # the "Maakt niet uit" button, or "ja, prima"
        return {asked: text.strip()} if text.strip() else {}

    @staticmethod
    def _summary_answer(turn: Turn) -> Slots:
        if turn.intent == "bevestigen":
            return {"terugbel_bevestigd": True}
        try:
            clean_phone(turn.text)
        except InvalidInput:
            return {"terugbel_bevestigd": Marker.UNCLEAR}
        return {"terugbel_telefoon": turn.text.strip()}

    # -- checks: a cleaned value, or the slot left empty with the reason (nothing is kept) ---------
    def validate_terugbel_naam(self, value: object, slots: Slots) -> Outcome:
        return self._cleaned("terugbel_naam", clean_name, value)

    def validate_terugbel_telefoon(self, value: object, slots: Slots) -> Outcome:
        return self._cleaned("terugbel_telefoon", clean_phone, value)

    def validate_terugbel_moment(self, value: object, slots: Slots) -> Outcome:
        if value == NO_PREFERENCE:
            return Outcome({"terugbel_moment": NO_PREFERENCE})
        return self._cleaned("terugbel_moment", lambda text: clean_moment(text) or NO_PREFERENCE, value)

    def unknown(self, slot: str, slots: Slots) -> Outcome:
        """ "Weet ik niet" to when it suits: any moment is fine; no phone number at hand: nobody can call,
        so the request ends (its closing text gives the number to call); anything else is asked again."""
        if slot == "terugbel_moment":
            return Outcome({"terugbel_moment": NO_PREFERENCE})
        if slot == "terugbel_telefoon":
            return Outcome({self.confirmation_slot: False}, [Reply(self.text("telefoon_onbekend", slots))])
        return super().unknown(slot, slots)

    def validate_terugbel_bevestigd(self, value: object, slots: Slots) -> Outcome:
        if value is None or Marker.of(value) is Marker.UNCLEAR:  # the summary had another answer than "ja"
            return Outcome({"terugbel_bevestigd": None}, [Reply(self.text("bevestig_kiezen"))])
        return Outcome({"terugbel_bevestigd": value})

    def _cleaned(self, slot: str, clean: Callable[[str], object], value: object) -> Outcome:
        try:
            return Outcome({slot: clean(str(value))})
        except InvalidInput as problem:
            return Outcome({slot: None}, [Reply(self.text(_ERRORS[(problem.field, problem.reason)]))])

    # -- the end ----------------------------------------------------------------------------------
    def confirmation(self, slots: Slots) -> List[Reply]:
        return [Reply(text) for text in (self.text("bewaard", slots), self.text("voorkeur", slots)) if text]


def _correction(asked: Optional[str], text: str) -> Slots:
    """A name or phone number typed at another question ("mijn naam is Jan de Vries" at the summary,
    a number when the moment is asked) changes that answer; the open question comes again."""
    if asked not in SLOTS:
        return {}
    name = named_name(text) if asked != "terugbel_naam" else None
    if name:
        return {"terugbel_naam": name, **({"terugbel_bevestigd": None} if asked == "terugbel_bevestigd" else {})}
    if asked == "terugbel_moment":
        try:
            clean_phone(text)
        except InvalidInput:
            return {}
        return {"terugbel_telefoon": text.strip()}
    return {}


def preferred_time(slots: Slots) -> Optional[str]:
    moment = slots.get("terugbel_moment")
    return None if moment in (None, NO_PREFERENCE) else str(moment)


def _text_or_none(value: object) -> Optional[str]:
    return str(value) if value else None
