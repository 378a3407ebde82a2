"""What passes between a form and its dialogue: the resident's message (``Turn``), the slot
values, and what a check decided (``Outcome``); ``Marker`` names the few special slot values."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Dict, List, Optional

from bot.core.replies import Reply

Slots = Dict[str, object]


class Marker(str, Enum):
    """Slot values that are not an answer as such. The values are what Rasa slots hold, so
    the stored ones (``NO_SECOND``, ``NO_PREFERENCE``) stay readable by domain.yml and rules."""
    UNCLEAR = "?"                          # said something, but not a value we know: the check explains
    PAST_DATE = "!past"                    # a day before today
    IMPOSSIBLE_DATE = "!impossible_date"   # 31 februari
    NO_SECOND = "geen"                     # tweede_organisatie: no second agency joins
    NO_PREFERENCE = "-"                    # terugbel_moment: any moment is fine

    def __str__(self) -> str:
        return self.value

    __hash__ = str.__hash__  # a marker finds its string in a set or dict, as the stored value would

    @classmethod
    def of(cls, value: object) -> Optional["Marker"]:
        """The marker a slot value stands for, or None for an ordinary value."""
        if isinstance(value, cls):
            return value
        return next((m for m in cls if isinstance(value, str) and value == m.value), None)


def plain(value: object) -> object:
    """A slot value as Rasa stores it: a marker becomes its string."""
    return value.value if isinstance(value, Marker) else value


@dataclass(frozen=True)
class Turn:
    """One resident message as the form sees it."""
    text: str
    intent: str
    entities: Dict[str, List[str]] = field(default_factory=dict)
    requested_slot: Optional[str] = None

    def entity(self, name: str) -> Optional[str]:
        values = self.entities.get(name) or []
        return values[0] if values else None


@dataclass
class Outcome:
    """Slot values to set (None clears one) and what to tell the resident."""
    slots: Slots = field(default_factory=dict)
    replies: List[Reply] = field(default_factory=list)


# What residents type to leave a form, alone or at the start of the message ("laat maar, ik kom
# gewoon"). Words that also answer a form's question (annuleren in the cancel form) are CANCEL_WORDS.
CANCEL_WORDS = ("annuleer", "annuleren", "cancel")
_LEAVE = re.compile(r"^(?:(?:nee|no)[,.!]?\s+)?(?:stop|stoppen|stop maar|ik wil stoppen|ophouden|hou (?:maar )?op|afbreken|"
                    r"laat maar(?: zitten)?|toch niet|toch maar niet|ik wil niet meer|vergeet het|laat ook maar|"
                    r"never ?mind|forget (?:it|about it)|leave it|don'?t bother|i(?:'ve| have)? changed my mind|"
                    + "|".join(CANCEL_WORDS) + r")(?=$|[\s.,!?])"
                    # English that also begins other sentences ("not now but next week", "I want to stop by"):
                    # only as the whole message
                    r"|^(?:(?:no)[,.!]?\s+)?(?:not now|not any ?more|quit|exit|i (?:want to|wanna|would like to|'?d like to) stop|"
                    r"i (?:don'?t|do not) want (?:it|this|to continue)(?: any ?more)?)(?:[,.!]*\s+(?:thanks|thank you|please))*[.!]*$",
                    re.IGNORECASE)


def wants_to_leave(text: str, cancel_words_leave: bool = True) -> bool:
    """Whether the message asks to stop the form: "stop", "laat maar", "toch niet", "annuleer"."""
    found = _LEAVE.match(_plain(text))
    if not found:
        return False
    return cancel_words_leave or found.group(0).lower().split()[-1] not in CANCEL_WORDS


_QUESTION = re.compile(r"\?\s*$|^(?:en\s+)?(?:wat|hoe|hoeveel|hoelang|waar|waarom|wanneer|welke|wie|kan|kun|kunt|mag|moet|"
                       r"heb|hebben|is|zijn|zit|what|how|where|when|can|do|does|is|"
                       r"(?:and\s+)?(?:which|who|why|could|would|should|are|must|may\s+i|will\s+(?:i|you|it))\b)\b", re.IGNORECASE)


# A message that says the resident does not know or does not have the answer ("weet ik niet meer",
# "geen idee", "ik ben de code kwijt", "ik heb geen e-mailadres"): the whole message, so that
# "ik ben mijn paspoort kwijt" (a topic) is not one. Each form says what then helps (``FormDialogue.unknown``).
_THING = (r"(?:de |die |dat |het |mijn |hem |een )?(?:code|referentie(?:code)?|afspraakcode|e-?mail(?:adres)?|mail|"
          r"bevestiging(?:smail)?|nummer|telefoonnummer|telefoon|adres|naam|hem|die|dat|het)")
_ENGLISH_THING = (r"(?:the |my |an? |that )?(?:code|reference(?: code| number)?|booking (?:code|reference)|"
                  r"e-?mail(?: address)?|confirmation(?: e-?mail)?|(?:phone |telephone )?number|phone|address|name)")
_NOT_KNOWING = (
    r"(?:dat |die |het )?weet ik (?:het |dat )?(?:nog )?niet(?: meer)?(?: precies)?",
    r"(?:ik )?weet (?:het |dat |ik )?(?:nog )?niet(?: meer)?",
    r"ik weet (?:het |dat |" + _THING + r" )?(?:nog )?niet(?: meer)?(?: precies)?",
    r"(?:ik heb )?geen (?:flauw )?idee",
    r"(?:ik ben |ben ik )?" + _THING + r"? ?(?:vergeten|kwijt(?:geraakt)?)",
    r"(?:ik )?(?:ben|heb) (?:ik )?" + _THING + r" (?:vergeten|kwijt)",
    r"(?:die |dat |deze |" + _THING + r" )?(?:heb|weet) ik niet(?: meer| bij de hand)?",
    r"ik heb " + _THING + r" niet(?: meer| bij de hand)?",
    r"ik heb geen (?:code|referentie(?:code)?|e-?mail(?:adres)?|mail|telefoon(?:nummer)?|nummer)(?: meer)?",
    r"(?:ik )?kan " + _THING + r" niet (?:meer )?(?:vinden|terugvinden)",
    r"i (?:don'?t|do not) know|no idea|i forgot(?: it)?|dunno|idk",
    # English, beside the Dutch above
    r"(?:i )?(?:don'?t|do not) know(?: (?:it|that|exactly|for sure))?|(?:i'?m |i am )?not sure|no clue|(?:i )?have no idea",
    r"i (?:don'?t|do not|can'?t|cannot) remember(?: it)?",
    r"i (?:don'?t|do not) have (?:it|one|that|" + _ENGLISH_THING + r")(?: (?:any ?more|with me|at hand))?",
    r"i (?:lost|forgot|can'?t find|cannot find) (?:it|that|" + _ENGLISH_THING + r")",
)
_UNKNOWN = re.compile(r"^(?:(?:nee|no|sorry|eh+|uh+|um+|hm+|tja|helaas|oei|oeps|ehm|well|oops)[,.!]*\s+)*(?:"
                      + "|".join(_NOT_KNOWING)
                      + r")(?:[,.!]*\s+(?:meer|hoor|sorry|eigenlijk|helaas|any ?more|i'?m afraid|unfortunately))*[.!?]*$",
                      re.IGNORECASE)


def knows_no_answer(text: str) -> bool:
    """Whether the message only says that the resident does not know or have the answer."""
    return bool(_UNKNOWN.match(_plain(text)))


def is_question(text: str) -> bool:
    """Whether a message asks something ("wat kost het eigenlijk?", "moet ik een foto meenemen")."""
    return bool(_QUESTION.search((text or "").strip()))



# A plain yes or no typed instead of clicked ("yes please", "nope", "ja graag"): the whole message.
_YES = re.compile(r"^(?:ja|jawel|jazeker|ja hoor|ja graag|ja prima|ja,? dat klopt|klopt|prima|akkoord|is goed|doe maar|"
                  r"oke|oké|ok|okay|okey|yes|yes please|yeah|yea|yep|yup|sure|of course|alright|all right|fine|"
                  r"correct|that'?s (?:right|correct|fine|good)|that is (?:right|correct|fine)|right|please do|go ahead|"
                  r"sounds good|perfect|great|confirm|confirmed)"
                  r"(?:[,.!]*\s+(?:please|thanks|thank you|graag|hoor|dank je|dank u|bedankt|prima))*[.!]*$", re.IGNORECASE)
_NO = re.compile(r"^(?:nee|neen|nope|nah|no|no way|not really|liever niet|i'?d rather not|i (?:don'?t|do not) want (?:that|to))"
                 r"(?:[,.!]*\s+(?:thanks|thank you|thx|please|dank je|dank u|bedankt|hoor|sorry|not really))*[.!]*$",
                 re.IGNORECASE)
YES_INTENT, NO_INTENT = "bevestigen", "ontkennen"


def _plain(text: Optional[str]) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("’", "'").strip())


def says_yes(text: Optional[str]) -> bool:
    """Whether the message is only a yes ("yes please", "sure", "ja graag")."""
    return bool(_YES.match(_plain(text)))


def says_no(text: Optional[str]) -> bool:
    """Whether the message is only a no ("no thanks", "nope", "nee hoor")."""
    return bool(_NO.match(_plain(text)))


def as_answer(turn: Turn) -> Turn:
    """A typed yes or no read as the button would be (``bevestigen``, ``ontkennen``), whatever
    the model made of it: in English the model may read "sure" or "no thanks" as anything."""
    if turn.intent in (YES_INTENT, NO_INTENT):
        return turn
    if says_yes(turn.text):
        return replace(turn, intent=YES_INTENT)
    if says_no(turn.text):
        return replace(turn, intent=NO_INTENT)
    return turn
