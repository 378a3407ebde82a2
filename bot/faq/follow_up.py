"""Follow-up questions: "en voor mijn dochter?", "en op zaterdag?", "hoe lang duurt dat?",
"kan ik daar parkeren?", "wat kan ik daar regelen?" are about what was just answered, so they are
answered about it instead of with "Bedoelt u ...?" or an answer about another topic.

What was answered is the ``Subject``: the topic (a burgerzaken topic or opening hours, contact,
the pop-up service), its document, the aspects asked and the place named. The actions keep it
in the slots ``onderwerp``, ``document``, ``aspecten`` and ``plek``. ``leans_on`` decides whether a
message is a follow-up on it (Rasa then follows data/rules/vervolgvragen.yml), ``answer`` says
what to reply. Pure: no Rasa, no I/O.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Sequence, Tuple

from bot.appointments.nearby import offering, resident_whereabouts
from bot.appointments.places import places_named
from bot.config.content import Content
from bot.config.gemeente import WEEKDAYS, GemeenteConfig
from bot.core.replies import Reply
from bot.faq.answers import BOOKING_INTENTS, SERVICE_INTENTS, Answers, Question, _mentions, days_asked
from bot.faq.case import case_of
from bot.faq.near_home import products_asked
from bot.faq.places import PLACE_ASPECTS, main_counter, place_reply
from bot.nlp.vocabulary import vocabulary
from bot.wegwijzer.sources import current_matcher


@dataclass(frozen=True)
class Subject:
    """What the assistant just answered about."""
    topic: str
    document: Optional[str] = None
    aspects: Tuple[str, ...] = ()
    place: Optional[str] = None
    signposted: Optional[str] = None  # a wegwijzer subject that was signposted (topic out_of_scope)
    case: Tuple[str, ...] = ()  # for whom and how urgent (bot.faq.case names): "minderjarig" for "mijn zoon van 10"


MAX_WORDS = 12  # a follow-up is short; a long message is a new question
# Messages that are never a follow-up: they have their own meaning whatever came before.
NEVER = frozenset({"begroeting", "afscheid", "menselijk_contact", "klacht", "gesprek_verwijderen",
                   "afspraak_annuleren", "afspraak_wijzigen"})
# "oke", "ja", "dank u": a follow-up only when the message goes on to ask something ("oke en wat neem ik mee").
SMALL_TALK = frozenset({"bedankt", "bevestigen", "ontkennen"})
# The model could not place the message, or took it for small talk or something we do not do.
UNPLACED = frozenset({"nlu_fallback", "informeren", "out_of_scope", "bot_vraag"})

# It points back ("daar", "dat", "het", "hem") or goes on from the last answer ("en ...", "ook ...").
# "deze week", "die dag" and "dit jaar" say when, not what was answered.
_POINTS_BACK = re.compile(r"\b(?:daar\w*|dat|het|hem|(?:die|dit|deze)(?!\s+(?:week|weken|maand|jaar|dag|dagen|keer"
                          r"|ochtend|middag|avond|weekend|periode)\b)|zoiets|zo'n|er|ervoor|erheen|hiervoor|there|it"
                          r"|that)\b", re.IGNORECASE)
# "moet hij zelf mee?", "heeft zij een eigen pasfoto nodig?": the person the last question was about.
_PERSON = re.compile(r"\b(?:hij|zij|hem|haar|he|she|him|her)\b", re.IGNORECASE)
_GOES_ON = re.compile(r"^\W*(?:en|and|ook|maar|what about|how about)\b", re.IGNORECASE)

# What a follow-up asks, besides the aspects the entity ruler finds (kosten, levertijd, ...).
_ASKS: Dict[str, re.Pattern] = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in {
    "levertijd": r"\bhoe (?:snel|lang|vlug)\b|\bhoelang\b|\bduurt\b|\bwanneer (?:heb|krijg) ik\b|\bhow (?:long|fast|soon)\b",
    "meenemen": r"\bneem\w* (?:ik|we|wij) mee\b|\bmee (?:nemen|brengen)\b|\bwhat (?:do i|to) bring\b",
    "kosten": r"\bkost\w*|\bprijs\b|\bbetalen\b|\bhoe duur\b|\bhow much\b",
    "parkeren": r"\bpark(?:eren|eer(?!vergunning)\w*|ing)?\b|\bmet de auto\b|\bby car\b",
    "adres": r"\bwaar\b|\badres\b|\bwaar (?:is|zit|ligt|staat)\b|\bhoe kom ik\b|\broute\b|\bwhere\b",
    "open": r"\bopen\b|\bopeningstijd\w*|\bhoe laat\b|\btijden\b|\bopening hours\b",
    "aanbod": r"\bregelen\b|\bwat kan ik (?:daar|er)\b|\bwat doen (?:ze|jullie) daar\b|\bwelke (?:zaken|producten|dingen)\b"
              r"|\bwat (?:kan|mag) (?:daar|er)\b|\bwhat can i\b",
    "afspraak": r"\bafspraak\b.*\b(?:nodig|moet|verplicht)\b|\b(?:moet|hoef|nodig|verplicht)\b.*\bafspraak\b"
                r"|\b(?:moet|hoef)\b.*\b(?:langs ?komen|zelf komen|persoonlijk komen|in person)\b"
                r"|\b(?:zo|zomaar|gewoon) (?:binnen ?lopen|binnen ?komen|langs ?komen|langs ?lopen)\b|\bbinnenlopen\b"
                r"|\bzonder afspraak\b|\bzomaar\b|\binloop\w*\b|\bappointment\b.*\b(?:need|necessary)\b"
                r"|\b(?:need|necessary)\b.*\bappointment\b",
}.items()}
# Words too common to show that a message is about the topic just answered.
_COMMON = frozenset({"kunnen", "moeten", "hebben", "worden", "welke", "wanneer", "waarom", "graag", "nodig",
                     "eigenlijk", "gewoon", "alleen", "andere", "maken", "komen", "gemeente", "vraag", "vragen",
                     "daarna", "eerst", "zelf", "zelfs", "altijd", "wordt", "heeft", "kunt", "hoeft", "bij"})


_ENGLISH_DAYS = {"monday": "maandag", "tuesday": "dinsdag", "wednesday": "woensdag", "thursday": "donderdag",
                 "friday": "vrijdag", "saturday": "zaterdag", "sunday": "zondag"}


def days_in(text: str, config: GemeenteConfig) -> List[str]:
    """The days a follow-up asks about ("en op zaterdag?", "'s avonds", "and on saturday?")."""
    dutch = re.sub(r"\b(" + "|".join(_ENGLISH_DAYS) + r")s?\b", lambda m: _ENGLISH_DAYS[m.group(1).lower()],
                   text or "", flags=re.IGNORECASE)
    return days_asked(dutch, config.balie.openingstijden)


def asked(question: Question) -> Tuple[str, ...]:
    """What the message asks: the entity ruler's aspects, then the follow-up words above."""
    found = list(question.aspects)
    found += [name for name, pattern in _ASKS.items() if pattern.search(question.text or "")]
    if "levertijd" in found and "open" in found and not re.search(r"\bopen\b", question.text or "", re.IGNORECASE):
        found.remove("open")
    return tuple(dict.fromkeys(found))


def leans_on(question: Question, subject: Optional[Subject], content: Content, config: GemeenteConfig,
             in_form: bool = False) -> bool:
    """Whether the message is a follow-up on ``subject`` that can be answered about it."""
    if subject is None or in_form:
        return False
    if subject.signposted:
        return _follows_signpost(question, config)
    if not _decides_follow_up(question, subject, content, config):
        return False
    return answer_parts(question, subject, content, config) is not None


def _follows_signpost(question: Question, config: GemeenteConfig) -> bool:
    """After a referral for a wegwijzer subject, a short question that names nothing else ("en wat
    kost dat?", "hoe laat zijn ze open?", "wat is hun nummer?") is about that subject, whatever
    topic the model guessed: the assistant does not know, so it gives the subject's page and phone
    again, never an answer about another topic (a passport's fees for "hoeveel kost die?")."""
    text = question.text or ""
    if not text.strip() or len(text.split()) > MAX_WORDS or text.startswith("/") or question.intent in NEVER:
        return False
    entities = question.entities or {}
    if question.document or any(entities.get(name) for name in ("product", "agency", "wegwijzer")):
        return False
    if places_named(config, text) or current_matcher().match(text).burgerzaken_words:
        return False  # "en hoe laat is het gemeentehuis open?", "en aangifte van de geboorte?": their own
    if question.intent in SERVICE_INTENTS:
        return True
    asks = bool(asked(question) or days_in(text, config))
    points = bool(_POINTS_BACK.search(text) or _GOES_ON.search(text))
    if question.intent in SMALL_TALK:
        return asks and len(text.split()) >= 3
    if question.intent in BOOKING_INTENTS:
        return False  # "dan wil ik een afspraak": the booking conversation
    return asks or points


def _decides_follow_up(question: Question, subject: Subject, content: Content, config: GemeenteConfig) -> bool:
    text = question.text or ""
    if not text.strip() or len(text.split()) > MAX_WORDS or question.intent in NEVER or text.startswith("/"):
        return False
    if _gives_whereabouts(question, subject, content, config):
        return True  # "ik woon in 9995" after a passport answer: the pop-ups near, for a passport
    if subject.topic != "popup_locaties" and _asks_for_the_popups(question, content, config):
        return False
    asks = asked(question)
    if question.intent in SMALL_TALK and (not asks or len(text.split()) < 3):
        return False
    if question.intent in BOOKING_INTENTS and "afspraak" not in asks:
        return False  # "dan wil ik daar een afspraak voor": the booking conversation
    points, goes_on = bool(_POINTS_BACK.search(text) or _PERSON.search(text)), bool(_GOES_ON.search(text))
    if _names_other_subject(question, subject, content, points):
        return False
    days = days_in(text, config)
    # The model placed it nowhere, in small talk, in the same topic, or took "moet daar een afspraak
    # voor?" for booking one: then it may well be a follow-up.
    unplaced = (question.intent in UNPLACED or question.intent in SMALL_TALK or question.intent == subject.topic
                or (question.intent in SERVICE_INTENTS and subject.topic in SERVICE_INTENTS)
                or (question.intent in BOOKING_INTENTS and "afspraak" in asks))
    about = _about_subject(text, subject, content)
    unknown = _unknown_words(text, subject, content)
    if points or goes_on or about:
        if question.intent in {"nlu_fallback", "informeren"}:  # the model could not place it
            return True
        if unplaced:  # "ik wil ook mijn afval aanmelden, hoe werkt dat" is something we do not do
            return bool(asks or days or about) or not unknown
        # When the model names another topic, only a question about the place it points back at
        # ("kan ik daar parkeren?" is no question about a parking permit), or one whose every
        # telling word the last answer used ("moet ik ook aangifte doen?" after a stolen passport).
        return bool(set(asks) & set(PLACE_ASPECTS)) or bool(days) or (about and not unknown)
    # Neither pointing back nor going on: only what the subject is about, in words it knows
    # ("voor een kind?", "hoe oud mag de foto zijn", "waar moet ik heen"); "wat kost een
    # hondenpenning" and "waar kan ik mijn grofvuil kwijt" are questions of their own.
    return unplaced and bool(asks) and not unknown


def _gives_whereabouts(question: Question, subject: Subject, content: Content, config: GemeenteConfig) -> bool:
    """The message says where the resident is ("ik woon in de weide", "en in oosterhout?", "mijn
    postcode is 9993") and nothing the model could place elsewhere, after an answer about a product.
    "waar is de pop-up balie?" and "kan dat ook dichtbij?" count when a pop-up offers the product."""
    if question.intent not in (UNPLACED | {"popup_locaties", subject.topic}) or question.document \
            or (question.entities or {}).get("product"):
        return False
    where = resident_whereabouts(content, config, question.text)
    products = products_asked(content, config, subject.topic, (subject.document,))
    if where.anywhere_near:
        return bool(offering(config, [code for code, _ in config.popups()], products))
    return bool((where.near or where.postcode) and products)


def _asks_for_the_popups(question: Question, content: Content, config: GemeenteConfig) -> bool:
    """"waar is de pop-up balie deze week" names the pop-ups without a place: a question of its own
    when the last answer's product is not offered there (``_gives_whereabouts`` takes the others)."""
    if question.intent not in (UNPLACED | {"popup_locaties"}):
        return False
    return resident_whereabouts(content, config, question.text).anywhere_near


def _names_other_subject(question: Question, subject: Subject, content: Content, points: bool) -> bool:
    entities = question.entities or {}
    if entities.get("agency") or entities.get("wegwijzer"):  # a wegwijzer subject gets its own referral
        return True
    named = [v for v in (question.document, entities.get("product")) if v]
    if not named:
        return False
    if subject.topic in SERVICE_INTENTS:
        return not points  # "kan ik daar mijn rijbewijs aanvragen?" asks what the place offers
    topic = content.topics.get(subject.topic)
    products = set(topic.products) if topic else set()
    return any(value not in products and content.topic_for(value) != subject.topic for value in named)


def _about_subject(text: str, subject: Subject, content: Content) -> bool:
    """The message uses a telling word of the last answer ("moet ik naar de politie?" after
    "doe aangifte bij de politie")."""
    said = _said(subject, content)
    if not said:
        return False
    words = {w for w in re.findall(r"[a-zà-ÿ]{5,}", text.lower()) if w not in _COMMON}
    return any(re.search(rf"(?<!\w){re.escape(word)}", said) for word in words)


def _unknown_words(text: str, subject: Subject, content: Content) -> List[str]:
    """Telling words of the message that neither the last answer, the standard texts nor the
    assistant's vocabulary knows (a document with a typo counts as known)."""
    said = " ".join([_said(subject, content), *(str(t) for t in content.raw["standaard"].values()),
                     *(str(t) for t in content.raw["plekken"].values())]).lower()
    for pattern in _ASKS.values():  # the words that ask an aspect are known
        text = pattern.sub(" ", text)
    # the words of aspects are known; those of other documents and products name another subject
    known = {token for variants in vocabulary().entries.get("aspect", {}).values() for v in variants
             for token in re.findall(r"\w+", v.lower())}
    return [w for w in re.findall(r"[a-zà-ÿ]{5,}", text.lower())
            if w not in _COMMON and w not in known and not re.search(rf"(?<!\w){re.escape(w)}", said)
            and not document_named(w)]


def _said(subject: Subject, content: Content) -> str:
    topic = content.topics.get(subject.topic)
    if topic is None:
        return ""
    return " ".join([*topic.sections.values(), *topic.per_document.values(),
                     *(extra.text for extra in topic.extras.values())]).lower()


# (question for a topic or service answer, places to describe, what to ask of them)
Parts = Tuple[Optional[Question], Sequence[str], Tuple[str, ...], Tuple[str, ...]]


def answer_parts(question: Question, subject: Subject, content: Content, config: GemeenteConfig) -> Optional[Parts]:
    """How to answer: as a topic or service question about the subject, or about places."""
    text = question.text or ""
    asks = asked(question)
    days = tuple(days_in(text, config))
    place_asks = tuple(a for a in asks if a in PLACE_ASPECTS)
    only = [code for code, _ in config.popups()] if subject.topic == "popup_locaties" else None
    named = places_named(config, text, only)
    place = named[0] if named else subject.place

    if _gives_whereabouts(question, subject, content, config):
        return Question(subject.topic, text=text, document=subject.document), (), (), ()
    topic = content.topics.get(subject.topic)
    if topic is not None:
        extra = any(_mentions(text, e.words) for e in topic.extras.values())
        own = set(asks) & {*topic.sections, "kosten", "levertijd"}
        where = tuple(a for a in place_asks if a != "afspraak")
        if (where or days) and not own and not extra:
            return None, [place or main_counter(config)], where, days
        return about_previous(question, subject), (), (), ()

    if subject.topic not in SERVICE_INTENTS:
        return None
    if question.document or (question.entities or {}).get("product"):
        place_asks = tuple(dict.fromkeys((*place_asks, "aanbod")))
    if set(asks) - set(PLACE_ASPECTS) and not place_asks:
        return None  # "wat kost het?" after the opening hours: no product to answer about
    if subject.topic == "popup_locaties" and place is None:
        if days:
            held = [code for code, loc in config.popups() if any(slot.dag in days for slot in loc.rooster)]
            return (None, held, place_asks, days) if held else None
        return Question("popup_locaties", text=text), (), (), ()
    if not place_asks and not named and (subject.topic == "openingstijden" or not days):
        # "en het mailadres?" after the phone number: the service the model placed it in
        intent = question.intent if question.intent in SERVICE_INTENTS else subject.topic
        return Question(intent, text=text), (), (), ()
    return None, [place or main_counter(config)], place_asks, days


def answer(answers: Answers, question: Question, subject: Subject) -> Tuple[List[Reply], Subject]:
    """The reply to a follow-up, and the subject it leaves for the next one."""
    if subject.signposted:
        return answers.signpost(subject.signposted, follow_up=True), subject
    parts = answer_parts(question, subject, answers.content, answers.config)
    if parts is None:
        return answers.reply_to(about_previous(question, subject)), subject
    asked_question, codes, place_asks, days = parts
    if asked_question is not None:
        remembered = subject.place if asked_question.intent in answers.content.topics else _single(codes) or subject.place
        near = answers.near_home(asked_question)
        if near is not None:  # the pop-ups near the resident, or the counter when none offers it
            return near.replies, replace(subject, place=near.place)
        return (answers.reply_to(asked_question),
                replace(subject, document=asked_question.document, aspects=asked_question.aspects, place=remembered,
                        case=asked_question.case or subject.case))
    replies: List[Reply] = []
    for code in codes:
        replies += place_reply(answers.content, answers.config, answers.facts, code, place_asks,
                               [d for d in WEEKDAYS if d in days])
    return replies, replace(subject, place=_single(codes) or subject.place)


def _single(codes: Sequence[str]) -> Optional[str]:
    return codes[0] if len(codes) == 1 else None


def about_previous(question: Question, subject: Subject) -> Question:
    """The follow-up as a question about the subject. A message that goes on from the last answer
    ("en voor mijn dochter?" after the fee of a passport) keeps the aspects asked before, after its
    own; a question of its own about the topic ("hoeveel getuigen hebben we nodig?") does not.
    The document stays unless the message names another, typos included ("en een identiteitskart");
    so does the case ("voor mijn zoon van 10") unless the message names its own."""
    text = question.text or ""
    own = tuple(a for a in asked(question) if a not in PLACE_ASPECTS)
    goes_on = bool(_POINTS_BACK.search(text) or _GOES_ON.search(text))
    aspects = tuple(dict.fromkeys((*own, *subject.aspects))) if goes_on else own
    return replace(question, intent=subject.topic, aspects=aspects,
                   document=question.document or document_named(text) or subject.document,
                   case=case_of(text).names or subject.case)


def document_named(text: str) -> Optional[str]:
    """The document a message names with a typo the entity ruler does not know."""
    entries = vocabulary().entries.get("document", {})
    variants = {variant.lower(): value for value, words in entries.items() for variant in words}
    for word in re.findall(r"[a-zà-ÿ-]{6,}", (text or "").lower()):
        close = difflib.get_close_matches(word, list(variants), n=1, cutoff=0.85)
        if close:
            return variants[close[0]]
    return None
