"""Builds the assistant's replies from the content file and the municipality's facts.

Pure functions of (question, content, configuration): no Rasa, no I/O, so every answer
can be tested and scored for readability without a running assistant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.agencies.locations import locations_for
from bot.agencies.questions import is_complex, subject_page
from bot.appointments.nearby import resident_whereabouts
from bot.config.content import BUTTON_TARGETS, Content, ContentError, Topic, render
from bot.config.facts import Facts, agency_facts, base_facts, fact, popup_overview, product_facts
from bot.config.gemeente import WEEKDAYS, GemeenteConfig, ProductConfig
from bot.core.clock import TIMEZONE, local_now
from bot.core.formatting import week_lines
from bot.core.replies import Button, Reply, payload
from bot.faq.case import Case, case_named, case_of
from bot.faq.near_home import NearAnswer, near_home
from bot.wegwijzer.referral import subject_facts

# Intents that are never offered as "Bedoelt u ...?" buttons: they carry no topic.
NO_TOPIC = frozenset({"nlu_fallback", "begroeting", "afscheid", "bedankt", "bevestigen",
                      "ontkennen", "informeren", "out_of_scope"})
SERVICE_INTENTS = ("openingstijden", "contactgegevens", "popup_locaties")
# Answered by the booking conversation (bot/appointments/dialogue.py), with its own texts.
BOOKING_INTENTS = ("afspraak_maken", "afspraak_annuleren", "afspraak_wijzigen")
PERSON_INTENTS = ("menselijk_contact", "klacht")
# The "Ja, wis dit gesprek" button: the website's gateway deletes the conversation itself,
# this payload never reaches Rasa (see bot/web/resident/routes.py).
DELETE_CONVERSATION_PAYLOAD = "/gesprek_verwijderen_bevestigd"


@dataclass(frozen=True)
class Question:
    """What the resident asked, as far as the answer depends on it."""
    intent: str
    text: str = ""
    document: Optional[str] = None
    aspects: Tuple[str, ...] = ()
    entities: Dict[str, str] = field(default_factory=dict)
    case: Tuple[str, ...] = ()  # the case asked before, for a follow-up that names none ("moet hij zelf mee?")


class Answers:
    def __init__(self, content: Content, config: GemeenteConfig, on: Optional[date] = None,
                 now: Optional[datetime] = None):
        self.content = content
        self.config = config
        # The assistant's clock; a given day alone stands for its start (the pop-ups' next dates).
        self.now = now or (datetime.combine(on, time(0), TIMEZONE) if on else local_now())
        self.on = on or self.now.date()
        self.facts: Facts = base_facts(config, self.on)

    # -- dispatch ---------------------------------------------------------------------------
    def reply_to(self, question: Question) -> List[Reply]:
        intent = question.intent
        if intent in self.content.topics:
            return self.topic(question)
        if self.content.agency_for_intent(intent):
            return self.agency(question)
        if intent in SERVICE_INTENTS:
            return self.service(question)
        if intent in self.content.raw["gesprek"]:
            return self.conversation(question)
        raise ContentError(f"content: no answer for intent {intent}")

    # -- burgerzaken --------------------------------------------------------------------------
    def topic(self, question: Question) -> List[Reply]:
        """What was asked leads: the aspects named (kosten, meenemen), then the pieces for the case
        (a child, 75 or older, spoed, a day), then what to do. The whole answer is one button away.
        Without an aspect or a case: what to do, then everything a first visit needs."""
        near = self.near_home(question)
        if near is not None:  # "ik woon in 9995", "bij de bus", "kan slecht lopen": the places near,
            # after what was asked ("wat kost een paspoort bij de bus": the fee first)
            asked = self._topic_answer(question)[:-1] if question.aspects else []
            return asked + near.replies
        return self._topic_answer(question)

    def _topic_answer(self, question: Question) -> List[Reply]:
        topic = self.content.topics[question.intent]
        products = self._products(topic, question.document)
        case = case_of(question.text) or case_named(question.case)
        facts = {**self.facts, **product_facts(products, lead=case.names)}
        sections = {key: self.content.text("standaard", key) for key in ("kosten", "levertijd")}
        sections.update(topic.sections)
        sections["uitleg"] = topic.per_document.get(question.document or "", sections["uitleg"])

        asked = [a for a in question.aspects if a in sections and a != "uitleg"]
        asked += [key for key, extra in topic.extras.items()
                  if _mentions(question.text, extra.words) or set(extra.cases) & set(case.names)]
        asked += case_pieces(case, sections, products)
        asked = list(dict.fromkeys(asked))
        texts = {key: render(sections.get(key) or topic.extras[key].text, facts)
                 for key in {*sections, *asked}}

        buttons = self._buttons(topic.buttons, facts, products)
        if asked:
            body = [_paragraphs(texts[k] for k in asked), texts["uitleg"]]
            buttons = self._with_more(buttons, question, facts)
        else:
            details = [texts.get(k, "") for k in ("online", "meenemen", "kosten", "levertijd")]
            always = [render(e.text, facts) for e in topic.extras.values() if not e.words and not e.cases]
            body = [texts["uitleg"], _paragraphs([*details, *always])]
        closing = Reply(render(self.content.text("standaard", "meer_informatie"), facts), buttons)
        return [Reply(text) for text in body if text] + [closing]

    def near_home(self, question: Question) -> Optional[NearAnswer]:
        """The pop-ups near the resident that offer the product asked about, when the question
        says where they are (bot/faq/near_home.py); None otherwise."""
        return near_home(self.content, self.config, self.facts, question.intent, question.text,
                         (question.document, (question.entities or {}).get("product")), self.now)

    def _with_more(self, buttons: Tuple[Button, ...], question: Question, facts: Facts) -> Tuple[Button, ...]:
        """"Meer over paspoort": the whole answer of the topic, one click away from the focused one."""
        if not self.content.has("standaard", "meer_over"):
            return buttons
        title = render(self.content.text("standaard", "meer_over"), facts)
        entities = {"document": question.document} if question.document else None
        more = Button(title, payload(question.intent, entities))
        other = [i for i, b in enumerate(buttons) if b.payload == payload(BUTTON_TARGETS["andere_vraag"])]
        at = other[0] if other else len(buttons)
        return (*buttons[:at], more, *buttons[at:])

    def _products(self, topic: Topic, document: Optional[str]) -> List[ProductConfig]:
        keys = [document] if document in topic.products else list(topic.products)
        return [self.config.producten[key] for key in keys if key in self.config.producten]

    # -- appointments, opening hours, contact, pop-up -------------------------------------------
    def service(self, question: Question) -> List[Reply]:
        texts = self.content.raw["afspraken"]
        intent = question.intent
        if intent == "openingstijden":
            facts = self.facts
            days = days_asked(question.text, self.config.balie.openingstijden)
            if days:  # "op zaterdag", "vrijdagmiddag", "'s avonds": those days only
                facts = {**facts, "balie.openingstijden": "\n".join(week_lines(self.config.balie.openingstijden, days)),
                         "telefoon.tijden": "\n".join(week_lines(self.config.telefonisch_bereikbaar, days))}
            return [Reply(render(texts["openingstijden"], facts)), Reply(render(texts["telefoon"], facts))]
        if intent == "popup_locaties":
            return self._popups(question, texts)
        return [Reply(render(texts[intent], self.facts), self._buttons(("andere_vraag",), self.facts, []))]

    def _popups(self, question: Question, texts: dict) -> List[Reply]:
        """Where the mobile town hall is; a postcode or neighbourhood in the question narrows it,
        and a product named narrows it to the places near that offer it."""
        near_answer = self.near_home(question)
        if near_answer is not None:
            return near_answer.replies
        near = self.popups_near(question)
        facts = {**self.facts, "popup.overzicht": popup_overview(self.config, self.on, near or None)}
        lead = texts["popup_in_de_buurt"] if near else texts["popup_locaties"]
        if near and self.cannot_travel(question) and self.content.has("dichtbij", "niet_reizen_plekken"):
            lead = self.content.text("dichtbij", "niet_reizen_plekken")  # the care homes first
        replies = [Reply(render(lead, facts)
                         + ("\n" + facts["popup.overzicht"] if near and facts["popup.overzicht"] else ""))]
        entities = {"locatie": near[0]} if len(near) == 1 else None
        replies.append(Reply(render(texts["popup_uitleg"], facts), (
            Button(render(self.content.raw["knoppen"]["afspraak"], facts), payload("afspraak_maken", entities)),
            *self._buttons(("andere_vraag",), facts, []))))
        return replies

    def popups_near(self, question: Question) -> List[str]:
        """The pop-ups whose postcode area or neighbourhood the question names; for a resident who
        cannot travel ("kan slecht lopen", "zit in een rolstoel") the care homes first."""
        near = nearby_popups(self.config, question.text)
        if self.cannot_travel(question):
            care = [code for code, place in self.config.popups() if place.zorglocatie]
            near = list(dict.fromkeys([*care, *near]))
        return near

    def cannot_travel(self, question: Question) -> bool:
        return resident_whereabouts(self.content, self.config, question.text).cannot_travel

    # -- national agencies ----------------------------------------------------------------------
    def agency(self, question: Question) -> List[Reply]:
        """What the agency does and how to reach it; then its own page for a simple question,
        or first the offer of an appointment with its employee for a complex one."""
        code = self.content.agency_for_intent(question.intent)
        if code is None:  # before, the same TypeError came from the missing text's key path
            raise TypeError(f"intent {question.intent!r} has no agency in organisaties.intents of the content")
        facts = {**self.facts, **agency_facts(self.config, code)}
        texts = self.content.raw["organisaties"]
        parts = [render(self.content.text("organisaties", code, "uitleg"), facts),
                 render(texts["contact"], facts)]
        replies = [Reply(text) for text in parts if text]
        page = subject_page(self.config, code, question.text)
        simple = Reply(render(self.content.text("spreekuur", "eenvoudig"),
                              {**facts, "onderwerp.naam": fact(page.naam), "onderwerp.link": str(page.link)})) if page else None
        if not locations_for(self.config, [code]):  # no employee of this agency comes here
            replies += [simple] if simple else []
            replies.append(Reply(render(texts["gemeente_helpt"], facts),
                                 self._buttons(("medewerker", "andere_vraag"), facts, [])))
            return replies
        offer = Reply(render(self.content.text("spreekuur", "ingewikkeld"), facts), (
            Button(render(self.content.text("spreekuur", "knop_afspraak"), facts),
                   payload("afspraak_maken", {"agency": code})),
            *self._buttons(("andere_vraag",), facts, [])))
        where = Reply(render(texts["spreekuur"], facts))
        if simple and not is_complex(self.content, question.text):
            return replies + [simple, where, offer]
        return replies + [where, offer]

    # -- conversation -------------------------------------------------------------------------
    def conversation(self, question: Question) -> List[Reply]:
        if question.intent == "out_of_scope" and self.signposts(question.entities.get("wegwijzer")):
            return self.signpost(str(question.entities["wegwijzer"]))
        text = render(self.content.text("gesprek", question.intent), self.facts)
        buttons: Tuple[Button, ...] = ()
        if question.intent in ("out_of_scope", "klacht"):
            buttons = self._buttons(("medewerker",), self.facts, [])
        if question.intent == "gesprek_verwijderen":
            return self.deletion(in_website_chat=True)
        return [Reply(text, buttons)]

    # -- the wegwijzer: other municipal subjects, signposted ---------------------------------------
    def signposts(self, subject: Optional[str]) -> bool:
        """Whether ``subject`` is a wegwijzer subject of gemeente.yml that the content can refer to."""
        return subject_facts(self.config, subject) is not None and self.content.has("wegwijzer", "verwijzing")

    def signpost(self, subject: str, follow_up: bool = False) -> List[Reply]:
        """The honest referral for a subject the assistant does not answer itself: what it is,
        one plain sentence, its page and phone. A follow-up on it ("en wat kost dat?") gets the
        page and phone again, never an answer about another topic."""
        facts = {**self.facts, **(subject_facts(self.config, subject) or {})}
        key = "vervolg" if follow_up and self.content.has("wegwijzer", "vervolg") else "verwijzing"
        return [Reply(render(self.content.text("wegwijzer", key), facts), self._buttons(("medewerker",), facts, []))]

    def deletion(self, in_website_chat: bool) -> List[Reply]:
        """What wiping the conversation means, with the buttons to do it; outside the website
        chat there is nothing to press, so the assistant says where it can be done."""
        if not in_website_chat:
            return [Reply(render(self.content.text("verwijderen", "elders"), self.facts))]
        texts = self.content.raw["verwijderen"]
        return [Reply(render(self.content.text("gesprek", "gesprek_verwijderen"), self.facts),
                      (Button(texts["ja"], DELETE_CONVERSATION_PAYLOAD), Button(texts["nee"], payload("ontkennen"))))]

    def person(self, offer: str) -> List[Reply]:
        """After offering a person: queued, outside office hours, or (no website chat) the phone."""
        if offer == "queued":
            return [Reply(render(self.content.text("gesprek", "wachtrij"), self.facts))]
        if offer == "outside_hours":
            return [Reply(render(self.content.text("gesprek", "buiten_tijden"), self.facts),
                          self._buttons(("terugbellen", "afspraak"), self.facts, []))]
        return self.conversation(Question("menselijk_contact"))

    # -- when unsure ----------------------------------------------------------------------------
    def did_you_mean(self, ranking: Sequence[str], entities: Dict[str, str]) -> List[Reply]:
        """First stage of the fallback: the two most likely topics as buttons."""
        titles = self.content.raw["terugval"]["onderwerpen"]
        candidates = [i for i in ranking if i not in NO_TOPIC and i in titles][:2]
        if not candidates:
            return self.rephrase()
        buttons = [Button(titles[i], payload(i, entities)) for i in candidates]
        buttons.append(Button(self.content.text("terugval", "iets_anders"), payload("out_of_scope")))
        return [Reply(self.content.text("terugval", "bedoelt_u"), tuple(buttons))]

    def rephrase(self) -> List[Reply]:
        return [Reply(render(self.content.text("terugval", "anders_zeggen"), self.facts))]

    def give_up(self) -> List[Reply]:
        """Second stage: the way to a person."""
        return [Reply(render(self.content.text("terugval", "naar_medewerker"), self.facts),
                      self._buttons(("medewerker", "andere_vraag"), self.facts, []))]

    # -- buttons ------------------------------------------------------------------------------
    def _buttons(self, names: Sequence[str], facts: Facts, products: Sequence[ProductConfig]) -> Tuple[Button, ...]:
        titles = self.content.raw["knoppen"]
        buttons = []
        for name in names:
            if name == "afspraak":
                bookable = [key for key, p in self.config.producten.items() if p in products and p.afspraak]
                if products and not bookable:
                    continue
                entities = {"product": bookable[0]} if len(bookable) == 1 else None
                buttons.append(Button(render(titles[name], facts), payload("afspraak_maken", entities)))
            else:
                buttons.append(Button(render(titles[name], facts), payload(BUTTON_TARGETS[name])))
        return tuple(buttons)


def nearby_popups(config: GemeenteConfig, text: str) -> List[str]:
    """Pop-up locations whose postcode area or neighbourhood the text names."""
    lowered = text.lower()
    postcodes = set(re.findall(r"(?<!\d)([1-9]\d{3})\s?[a-z]{0,2}(?![a-z\d])", lowered))
    found = []
    for code, location in config.popups():
        if postcodes & set(location.postcodegebied) or (location.wijk and _mentions(lowered, [location.wijk.lower()])):
            found.append(code)
    return found


def _mentions(text: str, words: Sequence[str]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered) for word in words)


def _paragraphs(texts) -> str:
    return "\n\n".join(t for t in texts if t)


_EVENING = re.compile(r"(?:'s\s*avonds|\bs\s*avonds|\bavond(?:en)?\b|\bevening)", re.IGNORECASE)
_WEEKEND = re.compile(r"\b(?:weekend|weekends)\b", re.IGNORECASE)


def days_asked(text: str, week: Mapping[str, object]) -> List[str]:
    """The weekdays a question names ("zaterdag", "vrijdagmiddag", "in het weekend"), or the
    days with evening hours when it asks for an evening; empty when it asks about the week."""
    lowered = (text or "").lower()
    days = [day for day in WEEKDAYS if re.search(rf"\b{day}", lowered)]
    if _WEEKEND.search(lowered):
        days += [day for day in ("zaterdag", "zondag") if day not in days]
    if not days and _EVENING.search(lowered):
        days = [day for day in WEEKDAYS if any(w.start.hour >= 17 for w in _windows_of(week.get(day)))]
    return [day for day in WEEKDAYS if day in days]


def _windows_of(value: object) -> List[Any]:
    if not value:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def case_pieces(case: Case, sections: Mapping[str, str], products: Sequence[ProductConfig]) -> List[str]:
    """The pieces a case needs besides what was asked: for a child its own piece; for a rush how long
    it takes and what spoed costs; for a day with its own fee (trouwen op zaterdag) the fees."""
    names = set(case.names)
    groups = {t.groep for p in products for t in p.tarieven if t.groep}
    pieces = []
    if "spoed" in names:
        pieces += ["levertijd"] if any(p.levertijd for p in products) else []
        pieces += ["kosten"] if "spoed" in groups else []
    if names & groups - {"minderjarig", "volwassen", "spoed"}:  # a day, weekend, doordeweeks
        pieces.append("kosten")
    if "minderjarig" in names and "kind" in sections:
        pieces.append("kind")
    return [piece for piece in pieces if piece in sections]
