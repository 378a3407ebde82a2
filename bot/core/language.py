"""The conversation's language: Dutch by default, English when the resident writes English.

One decision for the whole stack. The gateway decides it per message with ``language_for`` and
stores it on the conversation (the widget's own words follow it); it sends it to Rasa as the
message's metadata, and the action server answers in it (``using``). Without the gateway (the
terminal), the same function decides from the message and the ``taal`` slot.

A message only changes the language when it is clearly written in the other one: "ok", "10:00"
or a place name keep the language the conversation has. "English please" and "Nederlands graag"
switch at any time.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, List, Optional

DUTCH = "nl"
ENGLISH = "en"
LANGUAGES = (DUTCH, ENGLISH)
DEFAULT = DUTCH
# Each language's key in the content's section ``taal`` (the confirmation of a switch).
SWITCH_KEYS = {ENGLISH: "engels", DUTCH: "nederlands"}

# Words that are common in one language and rare in the other. Shared words ("in", "is", "we",
# "de" in names) count for neither.
_ENGLISH_WORDS = frozenset("""
the a an and or but if of to for from with without about at by on my your our their his her its
i i'm im i've ive i'd id you you're we they he she it it's this that these those there here
what when where which who whom whose why how can could would should will shall may might must
do does did don't dont doesn't didn't am are was were be been being have has had having not no
yes please thanks thank hello hi hey need want like get got make book change cancel move
much many long cost costs price fee how's where's what's whats when's new old lost stolen
passport license licence card driving appointment appointments birth death marriage moving
certificate register registration address abroad help person someone speak talk english
tomorrow today next week morning afternoon evening monday tuesday wednesday thursday friday
saturday sunday open opening hours close closed just also still already only again
""".split())
_DUTCH_WORDS = frozenset("""
de het een en of maar als van voor naar met zonder over bij op mijn uw jouw onze hun zijn haar
ik je jij u wij we zij ze hij dit dat deze die daar hier wat wanneer waar welke wie waarom hoe
kan kun kunt kunnen zou zouden moet moeten mag mogen wil wilt willen ga gaat gaan doe doet
ben bent is was waren worden wordt word heb hebt heeft hebben had niet geen wel ja nee graag
dank bedankt hallo hoi goedemorgen goedemiddag alstublieft alsjeblieft nodig krijgen maken
afspraak afspraken verzetten annuleren veel lang kost kosten prijs nieuw nieuwe oud kwijt
gestolen paspoort rijbewijs kaart geboorte overlijden huwelijk verhuizen verhuizing aangifte
adres buitenland hulp iemand spreken praten nederlands morgen vandaag volgende week ochtend
middag avond maandag dinsdag woensdag donderdag vrijdag zaterdag zondag open openingstijden
gesloten dicht ook nog al alleen weer er om te tot aan uit naar hoeveel hoelang waar moet
""".split()) - {"open", "we", "is", "was", "in"}
# Words both lists hold (a typo or a loan word) count for neither.
_SHARED = _ENGLISH_WORDS & _DUTCH_WORDS
# A word is a run of letters between spaces or punctuation; "a05d5a" in an e-mail address or a
# code holds no word, and e-mail addresses and links are left out whole.
_ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.I)
_TOKEN = re.compile(r"[\w']+")
_LETTERS = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _words(text: str) -> List[str]:
    """The words of a message, lower case, without e-mail addresses, links and codes."""
    plain = _ADDRESS.sub(" ", (text or "").lower().replace("’", "'"))
    return [token for token in _TOKEN.findall(plain) if _LETTERS.fullmatch(token)]
# A short message that names a language asks for it ("English please", "Nederlands graag",
# "Spreekt u Engels?"), or, with a negation before the name, for the other one.
_LANGUAGE_NAMES = {"english": ENGLISH, "engels": ENGLISH, "dutch": DUTCH, "nederlands": DUTCH}
_NEGATIONS = frozenset({"not", "no", "don't", "dont", "cannot", "can't", "cant", "niet", "geen"})
# The other words such a request is made of; any other word makes the message a question of its own.
_ABOUT_LANGUAGE = frozenset("""
please in english speak talk write answer reply continue switch to can could would you we i i'm im do does
only just sorry the a my is isn't language liever graag alstublieft alsjeblieft aub het spreek spreekt
spreken praat praten schrijf antwoord antwoorden verder kan kun kunt u je jij ik wij we mag in een beetje
little bit hello hi hallo hoi ok okay yes ja well understand begrijp versta am are ben
""".split())
_SWITCH_MAX_WORDS = 6
# At least this many distinctive words, and this many more than the other language has, before
# a message counts as written in a language.
MIN_WORDS = 2
MIN_LEAD = 2


def supported(language: Optional[str]) -> str:
    """``en``, ``en-GB`` -> ``en``; anything else, or nothing, is the default (Dutch)."""
    code = (language or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT


def switch_request(text: str) -> Optional[str]:
    """The language a short message asks for ("English please", "Nederlands graag"), else None."""
    words = _words(text)
    if not words or len(words) > _SWITCH_MAX_WORDS:
        return None
    if any(w not in _LANGUAGE_NAMES and w not in _NEGATIONS and w not in _ABOUT_LANGUAGE for w in words):
        return None  # "english driving licence valid?" is a question, not a request
    negated = None
    for index, word in enumerate(words):
        named = _LANGUAGE_NAMES.get(word)
        if named is None:
            continue
        if any(w in _NEGATIONS for w in words[max(0, index - 3):index]):
            negated = negated or named  # "I don't speak Dutch", "ik spreek geen Engels"
        else:
            return named  # "English please", "I speak English, not Dutch"
    if negated:
        return ENGLISH if negated == DUTCH else DUTCH
    return None


def detect(text: str) -> Optional[str]:
    """The language a message is clearly written in, or None when it could be either (a short
    answer, a name, a number)."""
    words = _words(text)
    english = sum(1 for w in words if w in _ENGLISH_WORDS and w not in _SHARED)
    dutch = sum(1 for w in words if w in _DUTCH_WORDS and w not in _SHARED)
    if english >= MIN_WORDS and english >= dutch + MIN_LEAD:
        return ENGLISH
    if dutch >= MIN_WORDS and dutch >= english + MIN_LEAD:
        return DUTCH
    if len(words) <= 4 and english >= 1 and dutch == 0 and any(w in _EARLY_ENGLISH for w in words):
        return ENGLISH  # "hello", "passport cost?" as a first message
    return None


# A single word that only an English writer uses, enough in a short message.
# Greetings, "yes", "please" and "thanks" are left out: Dutch residents write them too.
_EARLY_ENGLISH = frozenset({"the", "what", "how", "where", "when", "my", "i", "i'm", "need", "want", "passport",
                            "english", "appointment"})


def language_for(text: str, previous: Optional[str]) -> str:
    """The conversation's language after this message: a switch request, else the language the
    message is clearly written in, else the language it had."""
    return switch_request(text) or detect(text) or supported(previous)


_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def current() -> str:
    """The language of the conversation being answered (Dutch outside a conversation)."""
    return _current.get()


@contextmanager
def using(language: Optional[str]) -> Iterator[str]:
    """Answer in this language inside the block."""
    token = _current.set(supported(language))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def set_current(language: Optional[str]) -> None:
    """For one request handler's task (the action server's middleware): answer in this language."""
    _current.set(supported(language))


def of_tracker(tracker: dict) -> str:
    """The language to answer a Rasa tracker's latest message in (the action server's view): the
    gateway's decision in the message's metadata, else the message and the ``taal`` slot."""
    latest = tracker.get("latest_message") or {}
    users = [e for e in tracker.get("events") or [] if isinstance(e, dict) and e.get("event") == "user"]
    decided = ((users[-1].get("metadata") if users else None) or {}).get("taal")
    if decided in LANGUAGES:
        return str(decided)
    previous = (tracker.get("slots") or {}).get("taal")
    text = latest.get("text") or ""
    if text.startswith("/"):  # a button's payload says nothing about the language
        return supported(previous)
    return language_for(text, previous)
